/**
 * Mean and sample standard deviation, summed left to right in float64 (shared by the benchmark, verify and
 * counterfactual summaries, whose results depend on these exact sums). Not re-exported.
 *
 * @module
 */

/** Arithmetic mean, summed left to right; `NaN` when `x` is empty. */
export function meanOf(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Sample standard deviation (n − 1) around `mean` (default: {@link meanOf} `x`); `NaN` when `x` has fewer than 2 values. */
export function stdOf(x: ArrayLike<number>, mean: number = meanOf(x)): number {
  if (x.length < 2) return NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - mean) ** 2;
  return Math.sqrt(s / (x.length - 1));
}
