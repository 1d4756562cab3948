import { checkNonEmpty, evaluateSets, planPerturbation, planRemoval, prepareRemoval, runSetup, scalars } from '../attribution/internal/perturbationSetup.js';
import type { OutputScale, PerturbationCommonOptions, RemovalMode, RemovalOptions } from '../attribution/internal/perturbationTypes.js';
import { ShapeMismatchError } from '../errors/index.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions, checkSeed } from '../internal/options.js';
import { createRng } from '../random/createRng.js';
import type { ModelAdapter } from '../types/adapter.js';
import { METRIC_KEYS, readScores } from './internal/faithfulnessSetup.js';

/** Options of {@link infidelity}. */
export interface InfidelityOptions extends PerturbationCommonOptions, RemovalOptions {
  /** Random perturbations (Captum's `n_perturb_samples`). Default 10. */
  readonly nPerturbSamples?: number;
  /** Probability that a scorable token is removed in a perturbation. Default 0.5 (every subset equally likely). */
  readonly removeProbability?: number;
  /** Rescale the scores by the least-squares β (Captum's `normalize`). Default false. */
  readonly normalize?: boolean;
  /** Seed of the perturbations. Default 0. */
  readonly seed?: number;
  /** How removed tokens are taken out. Default `'baseline'` (zero embedding, Captum's baselines). */
  readonly removal?: RemovalMode;
}

/** Result of {@link infidelity}. */
export interface InfidelityResult {
  /** `mean_s (β·Iₛᵀφ − ΔFₛ)²`; lower is better. */
  readonly infidelity: number;
  /** The scale applied to the scores: 1 without `normalize`, else `Σ Iᵀφ·ΔF / Σ (Iᵀφ)²` (NaN when every `Iᵀφ` is 0). */
  readonly beta: number;
  /** Per perturbation: `Iₛᵀφ` (sum of the removed tokens' scores). */
  readonly explained: Float64Array;
  /** Per perturbation: `ΔFₛ = g(x) − g(x with the tokens of Iₛ removed)`. */
  readonly deltas: Float64Array;
  readonly removal: RemovalMode;
  readonly scale: OutputScale;
  /** Excluded and input-masked positions (never removed), ascending. */
  readonly excluded: Int32Array;
  readonly target: number;
  /** Model outputs `[C]` on the full input. */
  readonly outputs: Float64Array;
}

/** Defaults of {@link infidelity}. */
export const INFIDELITY_DEFAULTS = Object.freeze({
  nPerturbSamples: 10,
  removeProbability: 0.5,
  normalize: false,
  seed: 0,
  removal: 'baseline' as const,
  scale: 'probability' as const,
  batchSize: 32,
});

/**
 * Infidelity (Yeh et al. 2019; Captum's `infidelity`) of a token-score vector under random token removal:
 *
 *   INFD = E_I[(Iᵀφ − (g(x) − g(x ∖ I)))²],
 *
 * where `I ∈ {0, 1}ⁿ` removes each scorable token independently with probability `removeProbability`
 * (default 0.5: every subset equally likely) and `x ∖ I` takes the removed tokens out by `removal`.
 * This is Captum's metric with a perturbation function that sets a random subset of tokens to the
 * baseline, with `multiply_by_inputs` semantics: `I = (x − x_p) / (x − baseline)` is the removal
 * indicator, so a score is read as "what removing this token costs". Captum requires the caller to
 * supply the perturbation; this one is Yeh et al.'s subset ("square") removal at the token level. The
 * expectation is the mean over `nPerturbSamples` draws from `createRng(seed)`; `normalize` rescales φ by
 * `β = E[Iᵀφ·ΔF] / E[(Iᵀφ)²]` first (Captum's `normalize=True`). On a linear model with `'baseline'`
 * removal and `scale: 'raw'`, the leave-one-out / feature-ablation scores have infidelity exactly 0
 * (REFERENCE F7).
 *
 * Cost: `nPerturbSamples` perturbed inputs in batches of `batchSize` (`'delete'`: one call per length).
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param scores - the explanation, one score per token.
 * @param options - {@link InfidelityOptions}: `nPerturbSamples` (10), `removeProbability` (0.5), `normalize`
 *   (false), `seed` (0), `removal` (`'baseline'`), `baseline` (zeros), `maskToken`, `scale`
 *   (`'probability'`), `target`, `inputMask`, `exclude`, `batchSize` (32), `onProgress`, `signal`.
 * @returns `{ infidelity, beta, explained, deltas, removal, scale, excluded, target, outputs }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens, scores or options.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://arxiv.org/abs/1901.09392 (Yeh et al. 2019, On the (In)fidelity and Sensitivity of Explanations)
 * @see https://github.com/pytorch/captum/blob/master/captum/metrics/_core/infidelity.py
 * @example
 * const model = linearModelAdapter({ weights: [[3, 1, 2]] });
 * (await infidelity(model, [1, 1, 1], [3, 1, 2], { scale: 'raw' })).infidelity; // => 0
 * (await infidelity(model, [1, 1, 1], [1, 1, 1], { scale: 'raw', normalize: true })).beta > 1; // => true
 */
export async function infidelity(adapter: ModelAdapter, tokens: ArrayLike<number>, scores: ArrayLike<number>, options?: InfidelityOptions): Promise<InfidelityResult> {
  const fn = 'infidelity';
  const o = checkOptions<InfidelityOptions>(fn, options, [...METRIC_KEYS, 'nPerturbSamples', 'removeProbability', 'normalize', 'seed']);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.removal, o, INFIDELITY_DEFAULTS.removal);
  const s = readScores(plan, scores);
  const samples = o.nPerturbSamples === undefined ? INFIDELITY_DEFAULTS.nPerturbSamples : checkInteger(fn, 'nPerturbSamples', o.nPerturbSamples, 1);
  const q = o.removeProbability === undefined ? INFIDELITY_DEFAULTS.removeProbability : checkNumber(fn, 'removeProbability', o.removeProbability, { min: 0, max: 1, minExclusive: true });
  const normalize = o.normalize === undefined ? INFIDELITY_DEFAULTS.normalize : checkBoolean(fn, 'normalize', o.normalize);
  const seed = o.seed === undefined ? INFIDELITY_DEFAULTS.seed : checkSeed(fn, o.seed);
  if (plan.scorable.length === 0) throw new ShapeMismatchError(fn, 'no token is left to remove (every position is excluded or masked)', 0);
  const rng = createRng(seed);
  const sets: Uint8Array[] = [];
  const explained = new Float64Array(samples);
  for (let k = 0; k < samples; k++) {
    const set = new Uint8Array(plan.n);
    for (const i of plan.scorable) {
      if (rng.next() < q) {
        set[i] = 1;
        explained[k]! += s[i]!;
      }
    }
    sets.push(set);
  }
  checkNonEmpty(plan, removalPlan.mode, sets);
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const raw = await evaluateSets(setup, removal, sets, { done: 0, total: samples });
  const full = scalars(setup, setup.outputs, removal.scale)[0]!;
  const deltas = scalars(setup, raw, removal.scale).map((v) => full - v);
  let beta = 1;
  if (normalize) {
    let num = 0;
    let den = 0;
    for (let k = 0; k < samples; k++) {
      num += explained[k]! * deltas[k]!;
      den += explained[k]! * explained[k]!;
    }
    beta = den === 0 ? NaN : num / den;
  }
  let sum = 0;
  for (let k = 0; k < samples; k++) sum += (beta * explained[k]! - deltas[k]!) ** 2;
  return {
    infidelity: sum / samples,
    beta,
    explained,
    deltas,
    removal: removal.mode,
    scale: removal.scale,
    excluded: setup.excluded,
    target: setup.target,
    outputs: setup.outputs,
  };
}
