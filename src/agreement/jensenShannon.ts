import type { VectorLike } from '../types/tensor.js';
import { kl, readDivergenceOptions } from './internal/divergence.js';
import { readDistributions } from './internal/validate.js';
import type { DivergenceOptions } from './types.js';

/**
 * Jensen–Shannon divergence in nats, Jain & Wallace's definition (the attention-comparison measure
 * of "Attention is not Explanation"):
 *
 *   JSD(p, q) = ½·KL(p‖m) + ½·KL(q‖m),   m = ½(p + q)
 *
 * Symmetric, 0 iff p = q, at most ln 2 ≈ 0.6931 (disjoint supports). This is the divergence, not
 * the Jensen–Shannon *distance* √JSD that `scipy.spatial.distance.jensenshannon` returns.
 * `epsilon` = 1e-10 reproduces Jain & Wallace's `jsd` exactly (their `kld` takes
 * ln(a + 1e-10) − ln(b + 1e-10)); the default 0 gives the exact divergence (0·ln 0 = 0).
 *
 * Each input must be a distribution: finite, non-negative, summing to 1 within `tolerance`
 * (absolute, default 1e-6). The values are used as given (not renormalised).
 *
 * Complexity: O(n).
 *
 * @param p - first distribution (e.g. the model's attention over tokens).
 * @param q - second distribution (e.g. an adversarial or permuted attention), same length.
 * @param options - `tolerance` (default 1e-6), `epsilon` (default 0).
 * @returns JSD in [0, ln 2].
 * @throws {InputTypeError} if an input is not a numeric vector, or an option is unknown or of the wrong kind.
 * @throws {ShapeMismatchError} if an input is empty, not 1-D, or the lengths differ.
 * @throws {InputRangeError} if an input holds a non-finite or negative value or does not sum to 1, or an option is out of range.
 * @see S. Jain & B. C. Wallace (2019), "Attention is not Explanation", NAACL — {@link https://arxiv.org/abs/1902.10186}
 * @see J. Lin (1991), "Divergence measures based on the Shannon entropy", IEEE Trans. Inf. Theory 37(1).
 * @example
 * jensenShannon([0.5, 0.5], [0.9, 0.1]); // => 0.10174922507919676
 * jensenShannon([1, 0], [0, 1]); // => 0.6931471805599453
 * jensenShannon([1, 0], [0, 1], { epsilon: 1e-10 }); // => 0.6931471804599453 (ln 2 − 1e-10)
 */
export function jensenShannon(p: VectorLike, q: VectorLike, options?: DivergenceOptions): number {
  const fn = 'jensenShannon';
  const { tolerance, epsilon } = readDivergenceOptions(fn, options, true);
  const [x, y] = readDistributions(fn, p, q, tolerance);
  const m = new Float64Array(x.length);
  for (let i = 0; i < m.length; i++) m[i] = 0.5 * (x[i]! + y[i]!);
  return 0.5 * (kl(x, m, epsilon) + kl(y, m, epsilon));
}
