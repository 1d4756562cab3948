/**
 * Seeded resampling statistics for the benchmark: percentile-bootstrap confidence intervals of a mean
 * and a paired sign-flip permutation test of a mean difference. Pure, float64, inputs never mutated.
 *
 * @module
 */
import { meanOf, stdOf } from '../../internal/moments.js';
import { sortedBootstrapMeans } from '../../internal/resampling.js';
import { createRng } from '../../random/createRng.js';

/** Mean, sample standard deviation and a percentile-bootstrap confidence interval of the mean. */
export interface MeanInterval {
  /** Number of finite values used (non-finite values are dropped). */
  readonly n: number;
  /** Arithmetic mean; `NaN` when `n = 0`. */
  readonly mean: number;
  /** Sample standard deviation (n − 1); `NaN` when `n < 2`. */
  readonly std: number;
  /** Lower end of the interval; `NaN` when `n = 0`. */
  readonly lower: number;
  /** Upper end of the interval; `NaN` when `n = 0`. */
  readonly upper: number;
}

/** Finite values of `x`, in order. */
export function finiteValues(x: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) m++;
  const out = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isFinite(v)) out[j++] = v;
  }
  return out;
}

/** Linear-interpolation quantile (numpy's default) of a sorted array. */
export function sortedQuantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Percentile bootstrap of the mean: `nResamples` resamples with replacement (seeded), the interval is
 * the `(1 − confidence)/2` and `(1 + confidence)/2` quantiles of the resampled means. Non-finite values
 * are dropped first. With one value the interval is that value.
 */
export function bootstrapMean(values: ArrayLike<number>, nResamples: number, confidence: number, seed: number): MeanInterval {
  const x = finiteValues(values);
  const n = x.length;
  if (n === 0) return { n, mean: Number.NaN, std: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  const mean = meanOf(x);
  const std = stdOf(x, mean);
  const means = sortedBootstrapMeans(x, nResamples, seed);
  const alpha = (1 - confidence) / 2;
  return { n, mean, std, lower: sortedQuantile(means, alpha), upper: sortedQuantile(means, 1 - alpha) };
}

/** Result of {@link pairedSignFlipTest}. */
export interface PairedTest {
  /** Number of pairs where both values are finite. */
  readonly n: number;
  /** Mean of `a − b` over those pairs; `NaN` when `n = 0`. */
  readonly meanDifference: number;
  /** Bootstrap interval of the mean difference. */
  readonly lower: number;
  readonly upper: number;
  /**
   * Two-sided p-value of the sign-flip permutation test of "mean difference = 0" (exact over all 2ⁿ sign
   * patterns when n ≤ 16, else `nPermutations` seeded random patterns with the +1 correction); `NaN` when
   * `n = 0`.
   */
  readonly pValue: number;
}

/**
 * Paired comparison of two methods scored on the same examples: the mean of `a − b` with a bootstrap
 * interval, and a sign-flip permutation test (the paired test that assumes only that the differences are
 * symmetric about 0 under the null hypothesis).
 */
export function pairedSignFlipTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  nResamples: number,
  confidence: number,
  seed: number,
): PairedTest {
  const diffs: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = a[i]! - b[i]!;
    if (Number.isFinite(d)) diffs.push(d);
  }
  const d = Float64Array.from(diffs);
  const n = d.length;
  if (n === 0) return { n, meanDifference: Number.NaN, lower: Number.NaN, upper: Number.NaN, pValue: Number.NaN };
  const ci = bootstrapMean(d, nResamples, confidence, seed);
  let total = 0;
  for (let i = 0; i < n; i++) total += d[i]!;
  const observed = Math.abs(total);
  // tolerance for ties of |sum| under float rounding
  const tol = 1e-12 * (1 + observed);
  let extreme = 0;
  let count = 0;
  if (n <= 16) {
    const patterns = 2 ** n;
    for (let mask = 0; mask < patterns; mask++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += mask & (1 << i) ? -d[i]! : d[i]!;
      if (Math.abs(s) >= observed - tol) extreme++;
    }
    count = patterns;
    return { n, meanDifference: total / n, lower: ci.lower, upper: ci.upper, pValue: extreme / count };
  }
  const rng = createRng(seed ^ 0x5bd1e995);
  for (let r = 0; r < nResamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += rng.nextUint32() & 1 ? -d[i]! : d[i]!;
    if (Math.abs(s) >= observed - tol) extreme++;
  }
  count = nResamples;
  return { n, meanDifference: total / n, lower: ci.lower, upper: ci.upper, pValue: (extreme + 1) / (count + 1) };
}
