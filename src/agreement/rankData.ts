import type { VectorLike } from '../types/tensor.js';
import { doubledMidranks } from './internal/ranks.js';
import { readVector } from './internal/validate.js';

/**
 * Average ("mid") ranks of a sample, 1-based: the same numbers as
 * `scipy.stats.rankdata(x, method='average')`. Tied values share the mean of the positions they
 * occupy, so the ranks always sum to n(n+1)/2.
 *
 *   rank(xᵢ) = #{j : xⱼ < xᵢ} + (1 + #{j : xⱼ = xᵢ}) / 2
 *
 * −0 and +0 are tied. Use it to compose rank-based metrics (Spearman's ρ is Pearson's r of these).
 *
 * Complexity: O(n log n) time (radix sort above 128 elements), O(n) memory.
 *
 * @param x - the sample: `number[]`, typed array, or 1-D `{ data, shape }` / `{ data, dims }`.
 * @returns a fresh `Float64Array` of ranks, in the order of `x`.
 * @throws {InputTypeError} if `x` is not a numeric vector.
 * @throws {ShapeMismatchError} if `x` is empty or not 1-D.
 * @throws {InputRangeError} if `x` holds a non-finite value.
 * @see {@link https://github.com/scipy/scipy/blob/v1.17.1/scipy/stats/_stats_py.py | scipy.stats.rankdata}
 * @example
 * rankData([0.1, 0.1, 0.5, 0.3]); // => Float64Array [1.5, 1.5, 4, 3]
 * rankData([3, 1, 2]); // => Float64Array [3, 1, 2]
 */
export function rankData(x: VectorLike): Float64Array {
  const v = readVector('rankData', 'x', x);
  const ranks = doubledMidranks(v);
  for (let i = 0; i < ranks.length; i++) ranks[i] = ranks[i]! / 2;
  return ranks;
}
