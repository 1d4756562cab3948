import { checkEnum } from '../internal/options.js';
import { readOptions } from '../internal/guard.js';
import type { VectorLike } from '../types/tensor.js';
import { kendallCounts } from './internal/kendallCounts.js';
import { kendallPValue, tauFromCounts } from './internal/kendallStatistic.js';
import { readAlternative, readPair } from './internal/validate.js';
import type { CorrelationTestResult, KendallTauTestOptions } from './types.js';

const DEFAULTS = Object.freeze({ variant: 'b' as const, method: 'auto' as const });

/**
 * Kendall's τ with the p-value of the test of no association, as `scipy.stats.kendalltau`
 * (scipy 1.17): the statistic of {@link kendallTau} and the p-value scipy returns for the same
 * `method` and `alternative` (the p-value depends only on P − Q, so it is the same for τ-b and τ-c).
 *
 * - `method: 'exact'`: the exact distribution of the number of concordant pairs over the n!
 *   permutations (Kendall 1970), for tie-free samples — O(n·c) time where c ≤ n(n−1)/4.
 * - `method: 'asymptotic'`: z = (P − Q)/√var with the tie-corrected variance
 *   var = [n(n−1)(2n+5) − Σt(t−1)(2t+5) − Σu(u−1)(2u+5)]/18
 *       + 2·T·U / (n(n−1)) + Σt(t−1)(t−2)·Σu(u−1)(u−2) / (9n(n−1)(n−2))
 *   (t, u: tie-group sizes; T, U: tied pairs), and a normal tail.
 * - `method: 'auto'` (default): exact when there are no ties and n ≤ 33 (or at most one pair is
 *   discordant, or concordant), asymptotic otherwise.
 *
 * Where the statistic is `NaN` (n = 1, constant input) the p-value is `NaN` too. For n = 2 with
 * `method: 'asymptotic'` scipy raises ZeroDivisionError; here the 0·0/0 variance term is taken as 0.
 *
 * Complexity: O(n log n) for the statistic and the asymptotic p-value.
 *
 * @param a - first sample: `number[]`, typed array, or 1-D `{ data, shape }` / `{ data, dims }`.
 * @param b - second sample, same length.
 * @param options - `variant` (`'b'` default, `'c'`), `method` (`'auto'` default, `'exact'`,
 *   `'asymptotic'`), `alternative` (`'two-sided'` default, `'less'`, `'greater'`).
 * @returns `{ statistic, pValue, n }`.
 * @throws {InputTypeError} if an input is not a numeric vector, or an option is unknown or of the wrong kind.
 * @throws {ShapeMismatchError} if an input is empty, not 1-D, or the lengths differ.
 * @throws {InputRangeError} if an input holds a non-finite value, or `method: 'exact'` is asked for tied samples.
 * @see {@link https://github.com/scipy/scipy/blob/v1.17.1/scipy/stats/_stats_py.py | scipy.stats.kendalltau}
 * @see {@link https://github.com/scipy/scipy/blob/v1.17.1/scipy/stats/_mstats_basic.py | scipy's _kendall_p_exact}
 * @example
 * kendallTauTest([0.1, 0.4, 0.2, 0.3], [0.05, 0.5, 0.3, 0.15]);
 * // => { statistic: 0.6666666666666669, pValue: 0.3333333333333333, n: 4 }
 * kendallTauTest([0.1, 0.1, 0.5, 0.3], [0.2, 0.1, 0.4, 0.3]).pValue; // => 0.07095149242730568
 */
export function kendallTauTest(a: VectorLike, b: VectorLike, options?: KendallTauTestOptions): CorrelationTestResult {
  const fn = 'kendallTauTest';
  const opts = readOptions<KendallTauTestOptions>(fn, options, ['variant', 'method', 'alternative']);
  const variant = opts.variant === undefined ? DEFAULTS.variant : checkEnum(fn, 'variant', opts.variant, ['b', 'c'] as const);
  const method = opts.method === undefined ? DEFAULTS.method : checkEnum(fn, 'method', opts.method, ['auto', 'exact', 'asymptotic'] as const);
  const alternative = readAlternative(fn, opts.alternative);
  const [x, y] = readPair(fn, a, b);
  const n = x.length;
  if (n < 2) return { statistic: NaN, pValue: NaN, n };
  const counts = kendallCounts(x, y);
  return {
    statistic: tauFromCounts(counts, variant),
    pValue: kendallPValue(fn, counts, method, alternative),
    n,
  };
}
