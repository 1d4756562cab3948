/**
 * τ-b, τ-c and their p-values from {@link KendallCounts}, with scipy 1.17's formulas and order of
 * floating-point operations (`scipy.stats.kendalltau`).
 *
 * @module
 */
import { InputRangeError } from '../../errors/index.js';
import { ndtr } from '../../internal/special/erf.js';
import { kendallExactPValue } from '../../internal/special/kendallExact.js';
import type { Alternative } from '../types.js';
import type { KendallCounts } from './kendallCounts.js';

/** (P − Q) = tot − xtie − ytie + ntie − 2·dis, the numerator of every τ variant. */
export function concordantMinusDiscordant(c: KendallCounts): number {
  return c.tot - c.xtie - c.ytie + c.ntie - 2 * c.dis;
}

/** True when τ is undefined: fewer than two pairs, or one sample constant. */
export function tauUndefined(c: KendallCounts): boolean {
  return c.n < 2 || c.xtie === c.tot || c.ytie === c.tot;
}

/** τ-b (`'b'`) or τ-c (`'c'`) from the counts, clipped to [−1, 1]; NaN when undefined. */
export function tauFromCounts(c: KendallCounts, variant: 'b' | 'c'): number {
  if (tauUndefined(c)) return NaN;
  const cmd = concordantMinusDiscordant(c);
  let tau: number;
  if (variant === 'b') {
    tau = cmd / Math.sqrt(c.tot - c.xtie) / Math.sqrt(c.tot - c.ytie);
  } else {
    const minClasses = Math.min(c.xDistinct, c.yDistinct);
    tau = (2 * cmd) / integerQuotient(c.n, minClasses);
  }
  return Math.min(1, Math.max(-1, tau));
}

/** n²·(m − 1)/m correctly rounded (Python's int/int true division). */
function integerQuotient(n: number, m: number): number {
  const num = n * n * (m - 1);
  if (num <= Number.MAX_SAFE_INTEGER) return num / m;
  const N = BigInt(n) * BigInt(n) * BigInt(m - 1);
  const D = BigInt(m);
  const scaled = N << 64n;
  let q = scaled / D;
  if (scaled % D !== 0n) q |= 1n; // sticky bit: keeps Number() rounding correct
  return Number(q) * 2 ** -64;
}

/** p-value of Kendall's test from the counts (identical for τ-b and τ-c). */
export function kendallPValue(
  fn: string,
  c: KendallCounts,
  method: 'auto' | 'exact' | 'asymptotic',
  alternative: Alternative,
): number {
  if (tauUndefined(c)) return NaN;
  const tieFree = c.xtie === 0 && c.ytie === 0;
  if (method === 'exact' && !tieFree) {
    throw new InputRangeError(fn, "method 'exact' needs tie-free samples; found tied values", { xTiedPairs: c.xtie, yTiedPairs: c.ytie });
  }
  let useExact = method === 'exact';
  if (method === 'auto') useExact = tieFree && (c.n <= 33 || Math.min(c.dis, c.tot - c.dis) <= 1);
  if (useExact) return kendallExactPValue(c.n, c.tot - c.dis, alternative);
  const n = c.n;
  const m = n * (n - 1);
  // the x0·y0 term is 0·0/0 for n = 2 (scipy raises ZeroDivisionError there); its limit is 0
  const x0y0 = c.x0 * c.y0;
  const third = x0y0 === 0 ? 0 : x0y0 / (9 * m * (n - 2));
  const variance = (m * (2 * n + 5) - c.x1 - c.y1) / 18 + (2 * c.xtie * c.ytie) / m + third;
  const z = concordantMinusDiscordant(c) / Math.sqrt(variance);
  if (alternative === 'less') return ndtr(z);
  if (alternative === 'greater') return ndtr(-z);
  return 2 * ndtr(-Math.abs(z));
}
