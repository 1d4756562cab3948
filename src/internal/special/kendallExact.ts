/**
 * Exact null distribution of Kendall's statistic for tie-free samples, reproducing scipy's
 * `scipy.stats._mstats_basic._kendall_p_exact` (Kendall 1970, Rank Correlation Methods, §…: the
 * number of permutations of n items with c inversions), including its floating-point order of
 * operations (sequential cumulative sums, numpy pairwise final sum), so the p-values are
 * bit-for-bit or within an ulp of scipy's.
 *
 * @module
 */
import { numpySum } from './float.js';

export type Alternative = 'two-sided' | 'less' | 'greater';

let factorials: Float64Array | undefined;

/** n! rounded once to float64 (n ≤ 170), as Python's `float(math.factorial(n))`. */
function factorial(n: number): number {
  if (factorials === undefined) {
    factorials = new Float64Array(171);
    let f = 1n;
    factorials[0] = 1;
    for (let i = 1; i <= 170; i++) {
      f *= BigInt(i);
      factorials[i] = Number(f);
    }
  }
  return factorials[n]!;
}

/**
 * p-value of observing `c` concordant pairs among n tie-free observations under independence.
 *
 * @param n - sample size (≥ 1).
 * @param cIn - number of concordant pairs, 0 ≤ c ≤ n(n−1)/2.
 * @param alternative - 'two-sided', 'less' (negative association) or 'greater'.
 */
export function kendallExactPValue(n: number, cIn: number, alternative: Alternative): number {
  const total = (n * (n - 1)) / 2;
  const inRightTail = cIn >= total - cIn;
  const alternativeGreater = alternative === 'greater';
  const c = Math.min(cIn, total - cIn);
  let prob: number;
  let pMassAtC = NaN;
  if (n === 1) {
    prob = 1;
    pMassAtC = 1;
  } else if (n === 2) {
    prob = 1;
    pMassAtC = 0.5;
  } else if (c === 0) {
    prob = n < 171 ? 2 / factorial(n) : 0;
    pMassAtC = prob / 2;
  } else if (c === 1) {
    prob = n < 172 ? 2 / factorial(n - 1) : 0;
    pMassAtC = n < 171 ? (n - 1) / factorial(n) : 0;
  } else if (4 * c === n * (n - 1) && alternative === 'two-sided') {
    prob = 1;
  } else if (n < 171) {
    const counts = permutationCounts(n, c, false);
    prob = (2 * numpySum(counts)) / factorial(n);
    pMassAtC = counts[c]! / factorial(n);
  } else {
    const counts = permutationCounts(n, c, true);
    prob = numpySum(counts);
    pMassAtC = counts[c]! / 2;
  }
  if (alternative !== 'two-sided') {
    if (inRightTail === alternativeGreater) prob /= 2;
    else prob = 1 - prob / 2 + pMassAtC;
  }
  return Math.min(1, Math.max(0, prob));
}

/**
 * counts[k] = number of permutations of n items with k inversions, k = 0…c, built by the
 * recurrence over j = 3…n: cumulative sum, then subtract the cumulative sum shifted by j.
 * With `scaled`, each step also divides by j (so the entries stay probabilities for large n).
 */
function permutationCounts(n: number, c: number, scaled: boolean): Float64Array {
  const a = new Float64Array(c + 1);
  a[0] = 1;
  a[1] = 1;
  for (let j = 3; j <= n; j++) {
    let s = 0;
    for (let k = 0; k <= c; k++) {
      s += a[k]!;
      a[k] = s;
    }
    if (scaled) for (let k = 0; k <= c; k++) a[k] = a[k]! / j;
    if (j <= c) {
      // new[j:] -= new[:c+1-j], reading the values from before the update (descending loop)
      for (let k = c; k >= j; k--) a[k] = a[k]! - a[k - j]!;
    }
  }
  return a;
}
