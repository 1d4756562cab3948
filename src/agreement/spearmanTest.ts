import { readOptions } from '../internal/guard.js';
import type { VectorLike } from '../types/tensor.js';
import { spearmanPValue, spearmanStatistic } from './internal/correlation.js';
import { readAlternative, readPair } from './internal/validate.js';
import type { CorrelationTestOptions, CorrelationTestResult } from './types.js';

/**
 * Spearman's ρ with the p-value `scipy.stats.spearmanr` reports: under the null,
 * t = ρ·√((n − 2) / ((1 + ρ)(1 − ρ))) is referred to Student's t with n − 2 degrees of freedom
 * (two-sided: 2·P(T ≤ −|t|); `'less'`: P(T ≤ t); `'greater'`: P(T ≥ t)).
 *
 * The statistic is {@link spearman}'s. The p-value is `NaN` when ρ is (n = 1, constant input) and
 * also for n = 2, where the t distribution has no degrees of freedom (as scipy).
 *
 * Complexity: O(n log n) time; the t tail is a continued fraction, O(√n) at worst.
 *
 * @param a - first sample: `number[]`, typed array, or 1-D `{ data, shape }` / `{ data, dims }`.
 * @param b - second sample, same length.
 * @param options - `alternative`: `'two-sided'` (default), `'less'`, `'greater'`.
 * @returns `{ statistic, pValue, n }`.
 * @throws {InputTypeError} if an input is not a numeric vector, or an option is unknown or of the wrong kind.
 * @throws {ShapeMismatchError} if an input is empty, not 1-D, or the lengths differ.
 * @throws {InputRangeError} if an input holds a non-finite value.
 * @see {@link https://github.com/scipy/scipy/blob/v1.17.1/scipy/stats/_stats_py.py | scipy.stats.spearmanr}
 * @example
 * spearmanTest([0.1, 0.1, 0.5, 0.3], [0.2, 0.1, 0.4, 0.3]);
 * // => { statistic: 0.9486832980505139, pValue: 0.051316701949486135, n: 4 }
 */
export function spearmanTest(a: VectorLike, b: VectorLike, options?: CorrelationTestOptions): CorrelationTestResult {
  const fn = 'spearmanTest';
  const opts = readOptions<CorrelationTestOptions>(fn, options, ['alternative']);
  const alternative = readAlternative(fn, opts.alternative);
  const [x, y] = readPair(fn, a, b);
  const statistic = spearmanStatistic(x, y);
  return { statistic, pValue: spearmanPValue(statistic, x.length, alternative), n: x.length };
}
