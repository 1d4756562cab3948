import { numpySum } from '../internal/special/float.js';
import type { VectorLike } from '../types/tensor.js';
import { readDivergenceOptions } from './internal/divergence.js';
import { readDistributions } from './internal/validate.js';
import type { DistributionOptions } from './types.js';

/**
 * Total variation distance between two distributions over the same support:
 *
 *   TVD(p, q) = ½ Σᵢ |pᵢ − qᵢ|
 *
 * A metric with values in [0, 1] (the largest difference in probability the two assign to any
 * event). For two-class outputs it equals |p₁ − q₁|; note Wiegreffe & Pinter's `batch_tvd` takes
 * ½|p₁ − q₁| on the positive class only, half of this (REFERENCE §1.4, F5).
 *
 * Each input must be a distribution: finite, non-negative, summing to 1 within `tolerance`
 * (absolute, default 1e-6).
 *
 * Complexity: O(n).
 *
 * @param p - first distribution (e.g. the model's output probabilities).
 * @param q - second distribution, same length.
 * @param options - `tolerance` (default 1e-6).
 * @returns TVD in [0, 1].
 * @throws {InputTypeError} if an input is not a numeric vector, or an option is unknown or of the wrong kind.
 * @throws {ShapeMismatchError} if an input is empty, not 1-D, or the lengths differ.
 * @throws {InputRangeError} if an input holds a non-finite or negative value or does not sum to 1, or an option is out of range.
 * @see S. Wiegreffe & Y. Pinter (2019), "Attention is not not Explanation", EMNLP — {@link https://arxiv.org/abs/1908.04626}
 * @example
 * totalVariation([0.5, 0.5], [0.9, 0.1]); // => 0.4
 * totalVariation([1, 0], [0, 1]); // => 1
 */
export function totalVariation(p: VectorLike, q: VectorLike, options?: DistributionOptions): number {
  const fn = 'totalVariation';
  const { tolerance } = readDivergenceOptions(fn, options, false);
  const [x, y] = readDistributions(fn, p, q, tolerance);
  const diff = new Float64Array(x.length);
  for (let i = 0; i < diff.length; i++) diff[i] = Math.abs(x[i]! - y[i]!);
  return 0.5 * numpySum(diff);
}
