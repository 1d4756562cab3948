import { reportLevels } from '../../report/internal/levels.js';
import { verifyExplanation } from '../../verify/verifyExplanation.js';
import type { Verifier } from './explain.js';

/**
 * The verifyExplanation settings of the demo: smaller than the library defaults (IG 20 steps, 50 random
 * draws, 50 permutations, 100 adversarial steps) so that the demo runs in about two minutes here.
 */
export const VERIFY_SETTINGS = Object.freeze({ igSteps: 16, randomDraws: 20, nPermutations: 20, adversarialSteps: 20, epsilon: 0.01 });

const num = (x: number | null | undefined): number => (x === null || x === undefined ? Number.NaN : x);

/** Settings of {@link makeVerifier}: the verifyExplanation options the CLI exposes. */
export interface VerifierSettings {
  readonly igSteps: number;
  readonly randomDraws: number;
  readonly nPermutations: number;
  readonly adversarialSteps: number;
  readonly epsilon: number;
}

/** The library defaults of verifyExplanation (faithcheck verify uses them). */
export const LIBRARY_SETTINGS: VerifierSettings = Object.freeze({ igSteps: 20, randomDraws: 50, nPermutations: 50, adversarialSteps: 100, epsilon: 0.01 });

/** verifyExplanation with these settings, [CLS] (position 0) excluded. */
export function makeVerifier(settings: VerifierSettings, onProgress?: (done: number, total: number) => void): Verifier {
  return async (adapter, tokens, explanation, seed) => {
    const r = await verifyExplanation(adapter, tokens, {
      explanation,
      exclude: [0],
      seed,
      igSteps: settings.igSteps,
      randomDraws: settings.randomDraws,
      nPermutations: settings.nPermutations,
      adversarialSteps: settings.adversarialSteps,
      epsilon: settings.epsilon,
      ...(onProgress ? { onProgress: (p: { done: number; total: number }) => onProgress(p.done, p.total) } : {}),
    });
    const causal = r.levels.causal.details;
    const cf = r.levels.counterfactual.details;
    return {
      levels: reportLevels(r),
      raw: r,
      topDrop: num(causal?.topDrop),
      randomDrop: num(causal?.randomMean),
      effectSize: num(causal?.effectSize),
      permutationTvd: num(cf?.permutationMedianTvd),
      adversarialJsd: num(cf?.adversarialMaxJsd),
      adversarialTvd: num(cf?.permutationMedianTvd),
    };
  };
}

/** verifyExplanation with the demo's settings. */
export const demoVerifier: Verifier = makeVerifier(VERIFY_SETTINGS);
