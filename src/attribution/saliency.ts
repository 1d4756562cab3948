import { checkBoolean, checkOptions } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import {
  COMMON_KEYS,
  embedTokens,
  gradientAtInput,
  readReduce,
  setupGradient,
  tokenScores,
  type AttributionReduce,
  type GradientAttributionOptions,
  type GradientAttributionResult,
} from './internal/gradientSetup.js';

/** Options of {@link saliency}; defaults in {@link SALIENCY_DEFAULTS}. */
export interface SaliencyOptions extends GradientAttributionOptions {
  /** Take the absolute value of the gradient, φ = |∂F_t/∂x| (default `true`, as Captum's `Saliency(abs=True)`). */
  readonly abs?: boolean;
  /** Reduction over the embedding axis (default `'sum'`: with `abs` that is ferret's Σ_k |g|). */
  readonly reduce?: AttributionReduce;
}

/** Result of {@link saliency}. */
export interface SaliencyResult extends GradientAttributionResult {
  /** Whether `attributions` holds |gradient| (`true`) or the signed gradient. */
  readonly abs: boolean;
}

/** Defaults of {@link SaliencyOptions} (frozen); `target` defaults to the predicted class. */
export const SALIENCY_DEFAULTS = Object.freeze({ abs: true, reduce: 'sum' as AttributionReduce, batchSize: 32 });

const KEYS = [...COMMON_KEYS, 'abs', 'reduce'] as const;

/**
 * Saliency (Simonyan et al. 2014): the gradient of the target output with respect to the input
 * embeddings, φ[i, k] = |∂F_t(x)/∂x[i, k]| (or signed with `abs: false`), and token scores
 * `reduce_k φ[i, k]`.
 *
 * Defaults match Captum's `Saliency.attribute(inputs, target, abs=True)` for the attribution and
 * ferret's "Gradient" explainer for the scores (Σ over the hidden dimension of |g|). `F_t` is the
 * adapter's output for class t, probabilities or logits as `info.outputKind` says.
 *
 * Model calls: one `gradient` call, plus one `forward` call when `target` is not given.
 *
 * @param adapter - a {@link ModelAdapter} with `gradient`.
 * @param tokens - token ids (length n ≥ 1).
 * @param options - {@link SaliencyOptions}: `abs` (`true`), `reduce` (`'sum'`), `target` (predicted
 *   class), `inputMask`, `exclude` (`[]`), `batchSize`, `onProgress`, `signal`.
 * @returns a {@link SaliencyResult}: `scores`, `excluded`, `target`, `outputs`, `attributions` `[n, d]`,
 *   `reduce`, `abs`.
 * @throws AdapterCapabilityError if the adapter has no `gradient` (before any model call).
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad options or tokens.
 * @throws AbortError if `signal` aborts.
 * @see https://arxiv.org/abs/1312.6034 (Simonyan, Vedaldi & Zisserman 2014)
 * @see https://github.com/pytorch/captum/blob/master/captum/attr/_core/saliency.py
 * @example
 * // F(x) = 2·x₀ − 3·x₁ (one scalar feature per token)
 * const model = linearModelAdapter({ weights: [[2, -3]] });
 * const r = await saliency(model, [5, 7]);
 * r.scores; // => Float64Array [2, 3]
 * (await saliency(model, [5, 7], { abs: false })).scores; // => Float64Array [2, -3]
 * r.attributions.shape; // => [2, 1]
 */
export async function saliency(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: SaliencyOptions): Promise<SaliencyResult> {
  const fn = 'saliency';
  const o = checkOptions<SaliencyOptions>(fn, options, KEYS);
  const s = setupGradient(fn, adapter, tokens, o);
  const abs = o.abs === undefined ? SALIENCY_DEFAULTS.abs : checkBoolean(fn, 'abs', o.abs);
  const reduce = readReduce(fn, o.reduce, SALIENCY_DEFAULTS.reduce);
  const x = await embedTokens(s);
  const { gradient, outputs, target } = await gradientAtInput(s, x);
  if (abs) for (let i = 0; i < gradient.length; i++) gradient[i] = Math.abs(gradient[i]!);
  return {
    scores: tokenScores(s, gradient, reduce),
    excluded: s.excluded,
    target,
    outputs,
    attributions: { data: gradient, shape: [s.n, s.d] },
    reduce,
    abs,
  };
}
