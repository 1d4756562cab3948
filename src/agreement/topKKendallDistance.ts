import { checkEnum, checkInteger, checkNumber } from '../internal/options.js';
import { readOptions } from '../internal/guard.js';
import type { VectorLike } from '../types/tensor.js';
import { countInversions, kendallCounts } from './internal/kendallCounts.js';
import { tauFromCounts } from './internal/kendallStatistic.js';
import { topKIndices } from './internal/topK.js';
import { readPair } from './internal/validate.js';
import type { TopKKendallDistanceOptions } from './types.js';

const DEFAULTS = Object.freeze({ p: 0.5, variant: 'jainWallace' as const });

/**
 * Kendall distance between the top-k lists of two score vectors (Fagin, Kumar & Sivakumar 2003),
 * in [0, 1]: 0 for the same top k in the same order, 1 for disjoint top lists.
 *
 * Let A and B be the k highest-scoring positions of `a` and `b` (ties broken by the lower index
 * first), C = A ∩ B, A′ = A ∖ C, B′ = B ∖ C.
 *
 * `variant: 'jainWallace'` (default) reproduces `kendall_top_k` of successar/AttentionExplanation
 * (Jain & Wallace 2019) exactly:
 *
 *   D = [ (1 − τ_b(a_C, b_C))/2 · |C|²                    (case 1; τ_b as scipy, NaN → 0)
 *         + #{(i, j) ∈ C × A′ : aᵢ < aⱼ} + #{(i, j) ∈ C × B′ : bᵢ < bⱼ}     (case 2)
 *         + 2p·C(k − |C|, 2) ]                                         (case 4)
 *       / (|A′| + |B′| + |C|)²
 *
 * Note what this keeps from Fagin et al.: case 1 is the discordant *fraction* (tie-corrected)
 * scaled by |C|² rather than the count of discordant pairs; pairs split across the lists
 * (i ∈ A′, j ∈ B′, Fagin's case 3, penalty 1) are not counted; ties within a list cost nothing.
 *
 * `variant: 'fagin'` computes Fagin et al.'s K⁽ᵖ⁾ on the two strict top-k rankings (ties broken by
 * index): 1 per discordant pair in C, 1 per pair i ∈ C, j ∈ A′ with j ranked above i in A (and
 * likewise for B), 1 per pair split across A′ × B′, p per pair inside A′ or inside B′; divided by
 * its maximum k² + p·k(k−1) (reached by disjoint lists).
 *
 * Complexity: O(n log n) time, O(n) memory.
 *
 * @param a - first score vector: `number[]`, typed array, or 1-D `{ data, shape }` / `{ data, dims }`.
 * @param b - second score vector, same length.
 * @param options - `k` (integer ≥ 1, default min(n, max(10, ⌊0.1·n⌋)) — Jain & Wallace's rule
 *   with the length of this pair; values above n are capped at n, as their code does), `p` ∈ [0, 1]
 *   (default 0.5, as theirs), `variant` (`'jainWallace'` default, `'fagin'`).
 * @returns the distance in [0, 1].
 * @throws {InputTypeError} if an input is not a numeric vector, or an option is unknown or of the wrong kind.
 * @throws {ShapeMismatchError} if an input is empty, not 1-D, or the lengths differ.
 * @throws {InputRangeError} if an input holds a non-finite value, `k` < 1, or `p` is outside [0, 1].
 * @see R. Fagin, R. Kumar & D. Sivakumar (2003), "Comparing top k lists", SIAM J. Discrete Math. 17(1).
 * @see {@link https://github.com/successar/AttentionExplanation/blob/master/common_code/kendall_top_k.py | Jain & Wallace's kendall_top_k.py}
 * @example
 * topKKendallDistance([5, 4, 3, 2, 1], [5, 4, 3, 2, 1], { k: 3 }); // => 0
 * topKKendallDistance([1, 2, 3, 4, 5], [5, 4, 3, 2, 1], { k: 4 }); // => 0.6
 * topKKendallDistance([1, 2, 3, 4, 5], [5, 4, 3, 2, 1], { k: 2, variant: 'fagin' }); // => 1
 */
export function topKKendallDistance(a: VectorLike, b: VectorLike, options?: TopKKendallDistanceOptions): number {
  const fn = 'topKKendallDistance';
  const opts = readOptions<TopKKendallDistanceOptions>(fn, options, ['k', 'p', 'variant']);
  const p = opts.p === undefined ? DEFAULTS.p : checkNumber(fn, 'p', opts.p, { min: 0, max: 1 });
  const variant =
    opts.variant === undefined ? DEFAULTS.variant : checkEnum(fn, 'variant', opts.variant, ['jainWallace', 'fagin'] as const);
  const requestedK = opts.k === undefined ? undefined : checkInteger(fn, 'k', opts.k, 1);
  const [x, y] = readPair(fn, a, b);
  const n = x.length;
  const k = Math.min(n, requestedK ?? Math.max(10, Math.floor(0.1 * n)));
  const topA = topKIndices(x, k);
  const topB = topKIndices(y, k);
  const posA = new Int32Array(n).fill(-1);
  const posB = new Int32Array(n).fill(-1);
  for (let r = 0; r < k; r++) {
    posA[topA[r]!] = r;
    posB[topB[r]!] = r;
  }
  let common = 0;
  for (let r = 0; r < k; r++) if (posB[topA[r]!]! >= 0) common++;
  const onlyA = k - common;
  const onlyB = k - common;
  return variant === 'fagin'
    ? faginDistance(topA, topB, posA, posB, k, common, p)
    : jainWallaceDistance(x, y, topA, topB, posA, posB, k, common, onlyA, onlyB, p);
}

function jainWallaceDistance(
  x: Float64Array,
  y: Float64Array,
  topA: Int32Array,
  topB: Int32Array,
  posA: Int32Array,
  posB: Int32Array,
  k: number,
  common: number,
  onlyA: number,
  onlyB: number,
  p: number,
): number {
  // case 1: scipy's tau-b on the common items (NaN for |C| < 2 or a constant side → 0)
  const cx = new Float64Array(common);
  const cy = new Float64Array(common);
  const onlyAValues = new Float64Array(onlyA);
  const onlyBValues = new Float64Array(onlyB);
  for (let r = 0, c = 0, o = 0; r < k; r++) {
    const i = topA[r]!;
    if (posB[i]! >= 0) {
      cx[c] = x[i]!;
      cy[c++] = y[i]!;
    } else onlyAValues[o++] = x[i]!;
  }
  for (let r = 0, o = 0; r < k; r++) {
    const j = topB[r]!;
    if (posA[j]! < 0) onlyBValues[o++] = y[j]!;
  }
  const tau = common < 2 ? NaN : tauFromCounts(kendallCounts(cx, cy), 'b');
  let distance = (1 - (tau / 2 + 0.5)) * (common * common);
  if (Number.isNaN(distance)) distance = 0;
  // case 2: i in C, j only in A with a_i < a_j (and likewise for b)
  onlyAValues.sort();
  onlyBValues.sort();
  let penalties = 0;
  for (let c = 0; c < common; c++) {
    penalties += countGreater(onlyAValues, cx[c]!) + countGreater(onlyBValues, cy[c]!);
  }
  distance += penalties;
  // case 4
  const d = k - common;
  distance += 2 * p * ((d * (d - 1)) / 2);
  const size = onlyA + onlyB + common;
  return distance / (size * size);
}

/** Number of elements of the ascending array `sorted` strictly greater than v. */
function countGreater(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

function faginDistance(
  topA: Int32Array,
  topB: Int32Array,
  posA: Int32Array,
  posB: Int32Array,
  k: number,
  common: number,
  p: number,
): number {
  // case 1: discordant pairs among C (walk A's order, count inversions of B positions)
  const seq = new Int32Array(common);
  for (let r = 0, c = 0; r < k; r++) {
    const rb = posB[topA[r]!]!;
    if (rb >= 0) seq[c++] = rb;
  }
  let penalty = countInversions(seq, k);
  // case 2: i in C and j only in A, with j ranked above i in A (and likewise for B)
  let seenOnly = 0;
  for (let r = 0; r < k; r++) {
    if (posB[topA[r]!]! >= 0) penalty += seenOnly;
    else seenOnly++;
  }
  seenOnly = 0;
  for (let r = 0; r < k; r++) {
    if (posA[topB[r]!]! >= 0) penalty += seenOnly;
    else seenOnly++;
  }
  // case 3: i only in A, j only in B; case 4: both only in A, or both only in B
  const d = k - common;
  penalty += d * d + p * d * (d - 1);
  return penalty / (k * k + p * k * (k - 1));
}
