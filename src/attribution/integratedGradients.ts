import { checkOptions } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import {
  argmax,
  CallCounter,
  COMMON_KEYS,
  embedTokens,
  forwardOutputs,
  readReduce,
  setupGradient,
  tokenScores,
  type AttributionReduce,
  type GradientAttributionOptions,
  type GradientAttributionResult,
} from './internal/gradientSetup.js';
import { baselineEmbeddings, IG_KEYS, igAttribution, igCalls, planIntegratedGradients, type IntegratedGradientsBaseline } from './internal/igPath.js';
import type { QuadratureMethod } from './internal/quadrature.js';

export type { QuadratureMethod } from './internal/quadrature.js';
export type { IntegratedGradientsBaseline } from './internal/igPath.js';

const KEYS = [...COMMON_KEYS, ...IG_KEYS, 'reduce'] as const;

/** Options of {@link integratedGradients}; defaults in {@link INTEGRATED_GRADIENTS_DEFAULTS}. */
export interface IntegratedGradientsOptions extends GradientAttributionOptions {
  /** Quadrature rule on the path (default `'gaussLegendre'`, as Captum); see the table in docs/attribution.md. */
  readonly method?: QuadratureMethod;
  /** Number of path points (default 50, as Captum); ≥ 1, ≥ 2 for `'riemannTrapezoid'`. */
  readonly nSteps?: number;
  /** Baseline x′ (default `'zero'`, Captum's `baselines=None`). */
  readonly baseline?: IntegratedGradientsBaseline;
  /** Most path points per `gradient` call (default `nSteps`: the whole path in one call, as Captum's `None`). */
  readonly internalBatchSize?: number;
  /** Reduction over the embedding axis (default `'sum'`, ferret's signed sum). */
  readonly reduce?: AttributionReduce;
}

/** Result of {@link integratedGradients}. */
export interface IntegratedGradientsResult extends GradientAttributionResult {
  /** Σ_{i,k} attributions − (F_t(x) − F_t(x′)), signed (Captum's `convergence_delta`). */
  readonly convergenceDelta: number;
  /** Model outputs `[C]` at the baseline x′. */
  readonly baselineOutputs: Float64Array;
  /** The quadrature rule used. */
  readonly method: QuadratureMethod;
  /** The number of path points used. */
  readonly nSteps: number;
}

/** Defaults of {@link IntegratedGradientsOptions} (frozen); `internalBatchSize` defaults to `nSteps`. */
export const INTEGRATED_GRADIENTS_DEFAULTS = Object.freeze({
  method: 'gaussLegendre' as QuadratureMethod,
  nSteps: 50,
  baseline: 'zero' as const,
  reduce: 'sum' as AttributionReduce,
  batchSize: 32,
});

/**
 * Integrated Gradients (Sundararajan, Taly & Yan 2017) on the input embeddings:
 *
 * φ[i, k] = (x − x′)[i, k] · ∫₀¹ ∂F_t(x′ + α(x − x′))/∂x[i, k] dα
 *        ≈ (x − x′)[i, k] · Σ_m w_m ∂F_t(x′ + α_m(x − x′))/∂x[i, k],
 *
 * with the quadrature points α_m and weights w_m (m = 0 … nSteps − 1) of `method` (the weights sum to 1), and token scores
 * `reduce_k φ[i, k]`. Completeness: Σ φ = F_t(x) − F_t(x′) up to the quadrature error, reported as the
 * signed `convergenceDelta` = Σ φ − (F_t(x) − F_t(x′)) (Captum's definition; its sum runs over every
 * position, excluded ones included).
 *
 * | `method` | α_m | w_m | anchor |
 * |---|---|---|---|
 * | `'gaussLegendre'` (default) | (1 + ξ_m)/2, ξ Gauss–Legendre nodes | ω_m/2 | Captum's default `gausslegendre` |
 * | `'riemannLeft'` / `'riemannRight'` | m/n, (m + 1)/n | 1/n | Captum |
 * | `'riemannMiddle'` | (m + ½)/n | 1/n | Captum |
 * | `'riemannTrapezoid'` | m/(n − 1) | 1/(n − 1), ends halved | the correct rule; Captum's weights sum to 1 − 1/n |
 *
 * Defaults: `nSteps` 50, baseline 0 and `gaussLegendre` as Captum's `IntegratedGradients.attribute`;
 * scores the signed sum over the hidden dimension as ferret's "Integrated Gradient (x Input)".
 *
 * Model calls: one `forward` call on [x, x′] (outputs, predicted class, the delta) and
 * `ceil(nSteps / internalBatchSize)` `gradient` calls (one by default).
 *
 * @param adapter - a {@link ModelAdapter} with `gradient`.
 * @param tokens - token ids (length n ≥ 1).
 * @param options - {@link IntegratedGradientsOptions}: `method` (`'gaussLegendre'`), `nSteps` (50),
 *   `baseline` (`'zero'`), `internalBatchSize` (`nSteps`), `reduce` (`'sum'`), `target` (predicted
 *   class), `inputMask`, `exclude` (`[]`), `batchSize` (unused here), `onProgress`, `signal`.
 * @returns an {@link IntegratedGradientsResult}: `scores`, `excluded`, `target`, `outputs`,
 *   `attributions` `[n, d]`, `reduce`, `convergenceDelta`, `baselineOutputs`, `method`, `nSteps`.
 * @throws AdapterCapabilityError if the adapter has no `gradient`, or a `'pad'`/`'mask'`/`'unk'`
 *   baseline names a special token the adapter does not declare (before any model call).
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad options, tokens or baseline.
 * @throws AbortError if `signal` aborts.
 * @see https://arxiv.org/abs/1703.01365 (Sundararajan, Taly & Yan 2017)
 * @see https://github.com/pytorch/captum/blob/master/captum/attr/_core/integrated_gradients.py
 * @see https://github.com/pytorch/captum/blob/master/captum/attr/_utils/approximation_methods.py
 * @example
 * // REFERENCE F6: f(x) = x₀²·x₁ at x = (1, 2), baseline 0; exact IG = (4/3, 2/3)
 * const model = toyFunctionAdapter('squareProduct');
 * const ig = await integratedGradients(model, [1, 2], { nSteps: 2 });
 * Array.from(ig.scores); // => [1.3333333333333333, 0.6666666666666666]  (to ~1e-15)
 * Math.abs(ig.convergenceDelta) < 1e-12; // => true  (Gauss–Legendre with 2 points is exact for a cubic)
 * const left = await integratedGradients(model, [1, 2], { method: 'riemannLeft', nSteps: 4 });
 * Array.from(left.scores); // => [0.875, 0.4375]
 * left.convergenceDelta; // => -0.6875
 */
export async function integratedGradients(
  adapter: ModelAdapter,
  tokens: ArrayLike<number>,
  options?: IntegratedGradientsOptions,
): Promise<IntegratedGradientsResult> {
  const fn = 'integratedGradients';
  const o = checkOptions<IntegratedGradientsOptions>(fn, options, KEYS);
  const s = setupGradient(fn, adapter, tokens, o);
  const reduce = readReduce(fn, o.reduce, INTEGRATED_GRADIENTS_DEFAULTS.reduce);
  const plan = planIntegratedGradients(s, o);
  const calls = new CallCounter(s, 1 + igCalls(plan));
  calls.check();
  const x = await embedTokens(s);
  const xb = await baselineEmbeddings(s, plan);
  const nd = s.n * s.d;
  const both = new Float64Array(2 * nd);
  both.set(x, 0);
  both.set(xb, nd);
  const out = await forwardOutputs(s, calls, both, 2);
  const C = s.adapter.info.numClasses;
  const outputs = out.slice(0, C);
  const baselineOutputs = out.slice(C, 2 * C);
  const target = s.target ?? argmax(outputs);
  const phi = await igAttribution(s, calls, plan, x, xb, target);
  let total = 0;
  for (let j = 0; j < nd; j++) total += phi[j]!;
  return {
    scores: tokenScores(s, phi, reduce),
    excluded: s.excluded,
    target,
    outputs,
    attributions: { data: phi, shape: [s.n, s.d] },
    reduce,
    convergenceDelta: total - (outputs[target]! - baselineOutputs[target]!),
    baselineOutputs,
    method: plan.method,
    nSteps: plan.nSteps,
  };
}
