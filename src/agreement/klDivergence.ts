import type { VectorLike } from '../types/tensor.js';
import { kl, readDivergenceOptions } from './internal/divergence.js';
import { readDistributions } from './internal/validate.js';
import type { DivergenceOptions } from './types.js';

/**
 * Kullback–Leibler divergence KL(p‖q) in nats between two distributions over the same support.
 *
 *   KL(p‖q) = Σᵢ pᵢ · ln(pᵢ / qᵢ),   with 0·ln(0/q) = 0 and pᵢ·ln(pᵢ/0) = +∞ for pᵢ > 0
 *
 * With `epsilon` > 0 each term is pᵢ·(ln(pᵢ + ε) − ln(qᵢ + ε)) instead — Jain & Wallace's `kld`
 * with ε = 1e-10 — which is always finite. Not symmetric; ≥ 0 (Gibbs' inequality).
 *
 * Each input must be a distribution: finite, non-negative, summing to 1 within `tolerance`
 * (absolute, default 1e-6). The values are used as given (not renormalised).
 *
 * Complexity: O(n).
 *
 * @param p - the distribution the expectation is taken under (e.g. the original attention).
 * @param q - the reference distribution, same length.
 * @param options - `tolerance` (default 1e-6), `epsilon` (default 0).
 * @returns KL(p‖q) ≥ 0, possibly `Infinity`.
 * @throws {InputTypeError} if an input is not a numeric vector, or an option is unknown or of the wrong kind.
 * @throws {ShapeMismatchError} if an input is empty, not 1-D, or the lengths differ.
 * @throws {InputRangeError} if an input holds a non-finite or negative value or does not sum to 1, or an option is out of range.
 * @see S. Kullback & R. A. Leibler (1951), "On information and sufficiency", Ann. Math. Statist. 22(1).
 * @example
 * klDivergence([0.5, 0.5], [0.9, 0.1]); // => 0.5108256237659907
 * klDivergence([0.5, 0.5], [1, 0]); // => Infinity
 */
export function klDivergence(p: VectorLike, q: VectorLike, options?: DivergenceOptions): number {
  const fn = 'klDivergence';
  const { tolerance, epsilon } = readDivergenceOptions(fn, options, true);
  const [x, y] = readDistributions(fn, p, q, tolerance);
  return kl(x, y, epsilon);
}
