import type { VectorLike } from '../types/tensor.js';
import { pearsonStatistic } from './internal/correlation.js';
import { readPair } from './internal/validate.js';

/**
 * Pearson's product-moment correlation r, computed as `scipy.stats.pearsonr` does.
 *
 *   r = Σ (aᵢ − ā)(bᵢ − b̄) / √(Σ (aᵢ − ā)² · Σ (bᵢ − b̄)²)
 *
 * Each centred vector is scaled by its largest deviation before its norm is taken (no premature
 * overflow for values like 1e200), the means use numpy's pairwise summation, and the final dot
 * product is accumulated in twice-working precision.
 *
 * Complexity: O(n) time and memory.
 *
 * Undefined cases return `NaN`: n = 1 (scipy raises), or a constant `a` or `b` (as scipy). For
 * n = 2 the result is exactly ±1, as scipy promises.
 *
 * @param a - first sample: `number[]`, typed array, or 1-D `{ data, shape }` / `{ data, dims }`.
 * @param b - second sample, same length.
 * @returns r in [−1, 1], or `NaN` when undefined.
 * @throws {InputTypeError} if an input is not a numeric vector.
 * @throws {ShapeMismatchError} if an input is empty, not 1-D, or the lengths differ.
 * @throws {InputRangeError} if an input holds a non-finite value.
 * @see {@link https://github.com/scipy/scipy/blob/v1.17.1/scipy/stats/_stats_py.py | scipy.stats.pearsonr}
 * @example
 * pearson([1, 2, 3], [2, 1, 3.5]); // => 0.5960395606792698
 * pearson([1, 2, 3, 4], [2, 4, 6, 8]); // => 1
 */
export function pearson(a: VectorLike, b: VectorLike): number {
  const [x, y] = readPair('pearson', a, b);
  return pearsonStatistic(x, y);
}
