import type { ModelAdapter } from '../types/adapter.js';
import { curve, type CurveOptions, type CurveResult } from './internal/curve.js';

export type { CurveOptions, CurveResult } from './internal/curve.js';

/** Defaults of {@link deletionCurve} and {@link insertionCurve}. */
export const CURVE_DEFAULTS = Object.freeze({ order: 'morf' as const, featuresInStep: 1, removal: 'baseline' as const, scale: 'probability' as const, batchSize: 32 });

/**
 * Deletion curve (pixel flipping, Bach et al. 2015; the deletion metric of RISE, Petsiuk et al. 2018)
 * for any token-score vector: remove the scorable tokens one at a time in order of their score and
 * record the target scalar after each removal,
 *
 *   values[k] = g(x with the first k ranked tokens removed),  k = 0…m,   AUC = ∫₀¹ values d(k/m) (trapezoid).
 *
 * With `order: 'morf'` (most relevant first, default) a faithful explanation makes the curve fall fast,
 * so a LOWER AUC is better; with `'lerf'` (least relevant first) a HIGHER AUC is better. `featuresInStep` (default 1, Quantus'
 * `features_in_step`) removes several tokens per step for long inputs; the last step takes the rest and
 * the AUC is the trapezoid rule on that grid. Ties in the
 * scores are broken by position (lower first) in both orders. Removal is `'baseline'` by default (zero
 * embedding: Quantus `PixelFlipping`'s baseline replacement), or `'mask'` / `'delete'`; `'delete'` needs
 * an excluded position to keep (e.g. `exclude: [0]`) because the last step removes every scorable token.
 *
 * Cost: `⌈m / featuresInStep⌉` perturbed inputs in batches of `batchSize` (`'delete'`: one call per step, since every step
 * has its own length), plus the unperturbed pass.
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param scores - the explanation: one score per token (attention, rollout, IG, …), length `n`.
 * @param options - {@link CurveOptions}: `order` (`'morf'`), `featuresInStep` (1), `removal` (`'baseline'`), `baseline` (zeros),
 *   `maskToken`, `scale` (`'probability'`), `target`, `inputMask`, `exclude`, `batchSize` (32),
 *   `onProgress`, `signal`.
 * @returns `{ fractions, values, auc, ranking, order, removal, scale, excluded, target, outputs }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens, scores or options.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://github.com/understandable-machine-intelligence-lab/Quantus/blob/main/quantus/metrics/faithfulness/pixel_flipping.py
 * @example
 * const model = linearModelAdapter({ weights: [[3, 1, 2]] });
 * const r = await deletionCurve(model, [1, 1, 1], [0.9, 0.1, 0.5], { scale: 'raw' });
 * r.ranking; // => Int32Array [0, 2, 1]
 * r.values; // => Float64Array [6, 3, 1, 0]
 * r.auc; // => 2.333333… (7/3)
 */
export function deletionCurve(adapter: ModelAdapter, tokens: ArrayLike<number>, scores: ArrayLike<number>, options?: CurveOptions): Promise<CurveResult> {
  return curve('deletionCurve', 'deletion', adapter, tokens, scores, options);
}
