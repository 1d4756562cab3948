import { checkOptions } from '../internal/options.js';
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

/** Options of {@link gradientXInput}; defaults in {@link GRADIENT_X_INPUT_DEFAULTS}. */
export interface GradientXInputOptions extends GradientAttributionOptions {
  /**
   * Reduction over the embedding axis (default `'sum'`: the signed dot product Σ_k g·x, ferret's
   * "Gradient (x Input)"; Jain & Wallace use `'absOfSum'`, |Σ_k g·x|).
   */
  readonly reduce?: AttributionReduce;
}

/** Result of {@link gradientXInput}. */
export type GradientXInputResult = GradientAttributionResult;

/** Defaults of {@link GradientXInputOptions} (frozen); `target` defaults to the predicted class. */
export const GRADIENT_X_INPUT_DEFAULTS = Object.freeze({ reduce: 'sum' as AttributionReduce, batchSize: 32 });

const KEYS = [...COMMON_KEYS, 'reduce'] as const;

/**
 * Gradient × input (Shrikumar et al. 2016): φ[i, k] = x[i, k] · ∂F_t(x)/∂x[i, k] on the input
 * embeddings x, and token scores `reduce_k φ[i, k]`.
 *
 * The attribution is Captum's `InputXGradient`. The default score, the signed sum Σ_k x·g, is
 * ferret's "Gradient (x Input)" and Jain & Wallace's `XxE[X]` before their absolute value: their
 * plots use |Σ_k x·g| (`reduce: 'absOfSum'`). `F_t` is the adapter's output for class t
 * (probabilities or logits, per `info.outputKind`; Jain & Wallace differentiate the sigmoid output).
 *
 * Model calls: one `gradient` call, plus one `forward` call when `target` is not given.
 *
 * @param adapter - a {@link ModelAdapter} with `gradient`.
 * @param tokens - token ids (length n ≥ 1).
 * @param options - {@link GradientXInputOptions}: `reduce` (`'sum'`), `target` (predicted class),
 *   `inputMask`, `exclude` (`[]`), `batchSize`, `onProgress`, `signal`.
 * @returns a {@link GradientXInputResult}: `scores`, `excluded`, `target`, `outputs`,
 *   `attributions` `[n, d]`, `reduce`.
 * @throws AdapterCapabilityError if the adapter has no `gradient` (before any model call).
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad options or tokens.
 * @throws AbortError if `signal` aborts.
 * @see https://arxiv.org/abs/1605.01713 (Shrikumar et al. 2016)
 * @see https://github.com/pytorch/captum/blob/master/captum/attr/_core/input_x_gradient.py
 * @example
 * // F(x) = 2·x₀ − 3·x₁: φ = x ⊙ w
 * const model = linearModelAdapter({ weights: [[2, -3]] });
 * (await gradientXInput(model, [5, 7])).scores; // => Float64Array [10, -21]
 * (await gradientXInput(model, [5, 7], { reduce: 'absOfSum', exclude: [0] })).scores; // => Float64Array [0, 21]
 */
export async function gradientXInput(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: GradientXInputOptions): Promise<GradientXInputResult> {
  const fn = 'gradientXInput';
  const o = checkOptions<GradientXInputOptions>(fn, options, KEYS);
  const s = setupGradient(fn, adapter, tokens, o);
  const reduce = readReduce(fn, o.reduce, GRADIENT_X_INPUT_DEFAULTS.reduce);
  const x = await embedTokens(s);
  const { gradient, outputs, target } = await gradientAtInput(s, x);
  for (let i = 0; i < gradient.length; i++) gradient[i] = gradient[i]! * x[i]!;
  return {
    scores: tokenScores(s, gradient, reduce),
    excluded: s.excluded,
    target,
    outputs,
    attributions: { data: gradient, shape: [s.n, s.d] },
    reduce,
  };
}
