import type { ReportLevel, ReportNumber } from '../../report/types.js';
import type { VerifyExplanationResult } from '../../verify/types.js';
import { verifyExplanation } from '../../verify/verifyExplanation.js';
import type { Verifier } from './explain.js';

/**
 * The verifyExplanation settings of the demo: smaller than the library defaults (IG 20 steps, 50 random
 * draws, 50 permutations, 100 adversarial steps) so that the demo runs in about two minutes here.
 */
export const VERIFY_SETTINGS = Object.freeze({ igSteps: 16, randomDraws: 20, nPermutations: 20, adversarialSteps: 20, epsilon: 0.01 });

const LABEL: Record<string, string> = { saliency: 'saliency', integratedGradients: 'IG', leaveOneOut: 'leave-one-out' };
const num = (x: number | null | undefined): number => (x === null || x === undefined ? Number.NaN : x);

/** The report's levels (verdict, reasons, numbers) of one verifyExplanation result. */
export function reportLevels(r: VerifyExplanationResult): ReportLevel[] {
  const { consistency, causal, counterfactual } = r.levels;
  const c: ReportNumber[] = [];
  if (consistency.details) {
    for (const ref of consistency.details.references) {
      c.push({ name: `τ-b vs ${LABEL[ref.name] ?? ref.name}`, value: num(ref.tau), note: `p = ${ref.pValue === null ? 'n/a' : ref.pValue.toPrecision(2)}, top-${r.k} overlap ${ref.topKOverlap.toFixed(2)}` });
    }
    c.push({ name: 'references agreeing', value: consistency.details.agreeing, digits: 0, note: `of ${consistency.details.references.length}; references agree among themselves: ${consistency.details.referencesAgree ? 'yes' : 'no'}` });
  }
  const k: ReportNumber[] = [];
  if (causal.details) {
    const d = causal.details;
    k.push({ name: `drop, top ${d.k} removed`, value: d.topDrop });
    k.push({ name: `drop, ${d.k} random removed`, value: d.randomMean, note: `± ${d.randomStd.toFixed(3)} over ${d.randomDrops.length} draws` });
    k.push({ name: 'effect size', value: num(d.effectSize), note: `p = ${d.pValue.toPrecision(2)}` });
    k.push({ name: 'comprehensiveness', value: d.comprehensiveness });
    k.push({ name: 'sufficiency', value: d.sufficiency });
  }
  const f: ReportNumber[] = [];
  if (counterfactual.details) {
    const d = counterfactual.details;
    f.push({ name: 'permutation median TVD', value: d.permutationMedianTvd, note: `flip rate ${d.permutationFlipRate.toFixed(2)}` });
    f.push({ name: 'adversarial max JSD', value: d.adversarialMaxJsd, note: `within ε = ${d.epsilon}; ${d.adversarialAccepted} candidates accepted; threshold ${d.jsdThreshold}` });
    f.push({ name: 'max attention', value: d.maxAttention });
  }
  return [
    { level: 'consistency', verdict: consistency.verdict, reasons: consistency.reasons, numbers: c },
    { level: 'causal', verdict: causal.verdict, reasons: causal.reasons, numbers: k },
    { level: 'counterfactual', verdict: counterfactual.verdict, reasons: counterfactual.reasons, numbers: f },
  ];
}

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
