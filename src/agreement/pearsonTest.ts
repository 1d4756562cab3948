import { readOptions } from '../internal/guard.js';
import type { VectorLike } from '../types/tensor.js';
import { pearsonPValue, pearsonStatistic } from './internal/correlation.js';
import { readAlternative, readPair } from './internal/validate.js';
import type { CorrelationTestOptions, CorrelationTestResult } from './types.js';

/**
 * Pearson's r with the p-value `scipy.stats.pearsonr` reports: for independent normal samples r
 * follows a beta distribution on (−1, 1) with both shape parameters n/2 − 1, so
 * two-sided p = 2·(1 − I_{(1+|r|)/2}(n/2 − 1, n/2 − 1)), `'less'`: I_{(1+r)/2}(…),
 * `'greater'`: 1 − I_{(1+r)/2}(…), with I the regularized incomplete beta function.
 *
 * The statistic is {@link pearson}'s. The p-value is `NaN` when r is (n = 1, constant input) and 1
 * for n = 2 (as scipy).
 *
 * Complexity: O(n) time; the beta tail is a continued fraction, O(√n) at worst.
 *
 * @param a - first sample: `number[]`, typed array, or 1-D `{ data, shape }` / `{ data, dims }`.
 * @param b - second sample, same length.
 * @param options - `alternative`: `'two-sided'` (default), `'less'`, `'greater'`.
 * @returns `{ statistic, pValue, n }`.
 * @throws {InputTypeError} if an input is not a numeric vector, or an option is unknown or of the wrong kind.
 * @throws {ShapeMismatchError} if an input is empty, not 1-D, or the lengths differ.
 * @throws {InputRangeError} if an input holds a non-finite value.
 * @see {@link https://github.com/scipy/scipy/blob/v1.17.1/scipy/stats/_stats_py.py | scipy.stats.pearsonr}
 * @example
 * pearsonTest([1, 2, 3], [2, 1, 3.5]);
 * // => { statistic: 0.5960395606792698, pValue: 0.5934802716263393, n: 3 }
 */
export function pearsonTest(a: VectorLike, b: VectorLike, options?: CorrelationTestOptions): CorrelationTestResult {
  const fn = 'pearsonTest';
  const opts = readOptions<CorrelationTestOptions>(fn, options, ['alternative']);
  const alternative = readAlternative(fn, opts.alternative);
  const [x, y] = readPair(fn, a, b);
  const statistic = pearsonStatistic(x, y);
  return { statistic, pValue: pearsonPValue(statistic, x.length, alternative), n: x.length };
}
