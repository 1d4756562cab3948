/**
 * The resampling step of a seeded percentile bootstrap of the mean, shared by the benchmark's confidence
 * intervals and the verify dataset summary. Each caller reads its own quantiles off the sorted means (the
 * benchmark interpolates linearly, the verify summary takes `⌊q·B⌋`), so only the draws are shared.
 *
 * @module
 */
import { createRng } from '../random/createRng.js';

/**
 * Means of `nResamples` resamples with replacement of `values` (index `rng.nextInt(n)` for each of the `n`
 * draws of a resample, from `createRng(seed)`, summed left to right), sorted ascending. `values` must be
 * non-empty and finite; it is not mutated.
 */
export function sortedBootstrapMeans(values: ArrayLike<number>, nResamples: number, seed: number): Float64Array {
  const n = values.length;
  const rng = createRng(seed);
  const means = new Float64Array(nResamples);
  for (let r = 0; r < nResamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[rng.nextInt(n)]!;
    means[r] = s / n;
  }
  return means.sort();
}
