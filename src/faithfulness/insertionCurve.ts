import type { ModelAdapter } from '../types/adapter.js';
import { curve, type CurveOptions, type CurveResult } from './internal/curve.js';

/**
 * Insertion curve (RISE, Petsiuk et al. 2018) for any token-score vector: start from the input with every
 * scorable token removed and put them back one at a time in order of their score,
 *
 *   values[k] = g(x with only the first k ranked tokens present, plus the excluded ones),  k = 0…m,
 *   AUC = ∫₀¹ values d(k/m) (trapezoid).
 *
 * With `order: 'morf'` (default) a faithful explanation makes the curve rise fast, so a HIGHER AUC is
 * better. Ties: lower position first. Removal as in {@link deletionCurve} (default `'baseline'`, zero
 * embedding); `'delete'` needs an excluded position, since step 0 removes every scorable token.
 *
 * Cost: `⌈m / featuresInStep⌉` perturbed inputs in batches of `batchSize` (`'delete'`: one call per step),
 * plus the unperturbed pass. `featuresInStep` (default 1) inserts several tokens per step, as in
 * {@link deletionCurve}.
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param scores - the explanation, one score per token.
 * @param options - {@link CurveOptions}, defaults as in {@link deletionCurve} (`CURVE_DEFAULTS`).
 * @returns `{ fractions, values, auc, ranking, order, removal, scale, excluded, target, outputs }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens, scores or options.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://arxiv.org/abs/1806.07421 (Petsiuk, Das & Saenko 2018, RISE)
 * @example
 * const model = linearModelAdapter({ weights: [[3, 1, 2]] });
 * const r = await insertionCurve(model, [1, 1, 1], [0.9, 0.1, 0.5], { scale: 'raw' });
 * r.values; // => Float64Array [0, 3, 5, 6]
 * r.auc; // => 3.666666… (11/3)
 */
export function insertionCurve(adapter: ModelAdapter, tokens: ArrayLike<number>, scores: ArrayLike<number>, options?: CurveOptions): Promise<CurveResult> {
  return curve('insertionCurve', 'insertion', adapter, tokens, scores, options);
}
