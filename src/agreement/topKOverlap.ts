import { checkInteger } from '../internal/options.js';
import { guardInput } from '../internal/guard.js';
import type { VectorLike } from '../types/tensor.js';
import { readPair } from './internal/validate.js';
import { topKIndices } from './internal/topK.js';

/**
 * Fraction of the k highest-scoring positions that two score vectors share:
 *
 *   overlap = |top-k(a) ∩ top-k(b)| / k
 *
 * "Top" means largest. Ties are broken deterministically by the lower index first: among equal
 * scores, position 0 ranks above position 1. (numpy's `argpartition`, used by Jain & Wallace, leaves
 * this unspecified.) 1 means the same k positions, 0 disjoint sets.
 *
 * Complexity: O(n log n) time, O(n) memory.
 *
 * @param a - first score vector (e.g. attention): `number[]`, typed array, or 1-D `{ data, shape }` / `{ data, dims }`.
 * @param b - second score vector (e.g. gradient importance), same length.
 * @param k - number of top positions, an integer in [1, n].
 * @returns the overlap in [0, 1].
 * @throws {InputTypeError} if an input is not a numeric vector or `k` is not an integer.
 * @throws {ShapeMismatchError} if an input is empty, not 1-D, or the lengths differ.
 * @throws {InputRangeError} if an input holds a non-finite value or `k` is outside [1, n].
 * @see S. Jain & B. C. Wallace (2019), "Attention is not Explanation", NAACL — {@link https://arxiv.org/abs/1902.10186}
 * @example
 * topKOverlap([0.5, 0.2, 0.3], [0.1, 0.6, 0.3], 2); // => 0.5
 * topKOverlap([1, 1, 0], [0, 1, 1], 1); // => 0 (ties: position 0 wins in a)
 */
export function topKOverlap(a: VectorLike, b: VectorLike, k: number): number {
  const fn = 'topKOverlap';
  const [x, y] = readPair(fn, a, b);
  const n = x.length;
  guardInput(fn, 'k', () => checkInteger(fn, 'k', k, 1, n));
  const inA = new Uint8Array(n);
  for (const i of topKIndices(x, k)) inA[i] = 1;
  let common = 0;
  for (const j of topKIndices(y, k)) common += inA[j]!;
  return common / k;
}
