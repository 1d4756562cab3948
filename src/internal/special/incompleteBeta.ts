/**
 * The regularized incomplete beta function I_x(a, b) and its complement 1 − I_x(a, b), each with
 * full relative accuracy in its own tail.
 *
 * Method: the power prefix x^a·y^b / B(a, b) (y = 1 − x) is computed from Stirling's formula in the
 * log-relative form
 *
 *   a·[ln(1+u) − u] + b·[ln(1+v) − v] + c·(x + y − 1) + ½·ln(ab / (2πc)) + δ(c) − δ(a) − δ(b),
 *
 * with c = a + b, u = (x·c − a)/a, v = (y·c − b)/b and δ Stirling's error term; x·c − a is formed with
 * an exact product, so no large logarithms cancel (DiDonato & Morris 1992 use the same idea). The
 * remaining factor is DiDonato & Morris's continued fraction (BFRAC, with λ = a − (a+b)x formed
 * exactly), evaluated by the modified Lentz method on the side x < (a+1)/(a+b+2), and by symmetry
 * I_x(a, b) = 1 − I_y(b, a) on the other side.
 *
 * @module
 */
import { twoProduct } from './float.js';
import { stirlingError } from './stirlingError.js';

const TINY = 1e-300;
const LN_2PI = 1.8378770664093453;

/**
 * ln(1 + u) − u for u = r − 1 > −1, accurate also for small |u|. `r` is the same quantity formed
 * directly (relatively accurate when u is close to −1, where 1 + u would lose digits).
 */
function log1pMinus(u: number, r: number): number {
  if (u <= -0.5) return Math.log(r) - u;
  if (u >= 0.5) return Math.log1p(u) - u;
  // w = u/(2+u): ln(1+u) = 2·atanh(w) = 2(w + w³/3 + w⁵/5 + …) and u − 2w = u·w.
  const w = u / (2 + u);
  const w2 = w * w;
  let term = w * w2;
  let series = 0;
  for (let k = 3; k < 200; k += 2) {
    const add = term / k;
    series += add;
    if (Math.abs(add) <= 1e-17 * Math.abs(series)) break;
    term *= w2;
  }
  return 2 * series - u * w;
}

/**
 * x^a·(1 − x)^b / B(a, b) for x = xh + xl (xl a tiny correction, usually 0), with 1 − x taken exactly:
 * both logarithms are formed from u = (x·c − a)/a and v = ((1 − x)·c − b)/b, whose numerators come
 * from an exact product, so the result has the accuracy of the exact argument rather than of a
 * rounded 1 − x.
 */
export function betaPrefix(a: number, b: number, xh: number, xl = 0): number {
  const x = xh + xl;
  if (x <= 0 || x >= 1) return 0;
  const c = a + b;
  const err = new Float64Array(1);
  const p = twoProduct(xh, c, err);
  const e = err[0]! + xl * c;
  const uNum = p - a + e; // x·c − a
  const vNum = c - b - p - e; // (1 − x)·c − b
  const u = uNum / a;
  const v = vNum / b;
  const y = 1 - xh - xl;
  const expo =
    a * log1pMinus(u, (x * c) / a) +
    b * log1pMinus(v, (y * c) / b) +
    (uNum + vNum) +
    0.5 * (Math.log((a * b) / c) - LN_2PI) +
    (stirlingError(c) - stirlingError(a) - stirlingError(b));
  return Math.exp(expo);
}

/**
 * DiDonato & Morris's continued fraction (BFRAC, the even contraction of A&S 26.5.8):
 * I_x(a, b) = prefix / (β₀ + α₁/(β₁ + α₂/(β₂ + …))) with
 *   β₀ = a(λ + 1)/(a + 1),  λ = a − (a + b)x,
 *   αₘ = (a+m−1)(a+b+m−1)·m(b−m)·x² / (a+2m−1)²,
 *   βₘ = m + m(b−m)x/(a+2m−1) + (a+m)(λ + 1 + m(2−x))/(a+2m+1).
 * λ is formed with an exact product from x = xh + xl, which keeps the fraction well conditioned near
 * the mean a/(a+b), where the textbook form loses digits in 1 − (a+b)x/(a+1).
 */
function betaFraction(a: number, b: number, xh: number, xl: number): number {
  const c = a + b;
  const err = new Float64Array(1);
  const p = twoProduct(c, xh, err);
  const lambda = a - p - err[0]! - c * xl;
  const x = xh + xl;
  const x2 = x * x;
  let f = (a * (lambda + 1)) / (a + 1);
  if (f === 0) f = TINY;
  let cc = f;
  let d = 0;
  for (let m = 1; m < 1_000_000; m++) {
    const den = a + 2 * m - 1;
    const am = ((a + m - 1) * (a + b + m - 1) * m * (b - m) * x2) / (den * den);
    const bm = m + (m * (b - m) * x) / den + ((a + m) * (lambda + 1 + m * (2 - x))) / (a + 2 * m + 1);
    d = bm + am * d;
    if (d === 0) d = TINY;
    cc = bm + am / cc;
    if (cc === 0) cc = TINY;
    d = 1 / d;
    const delta = cc * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}

/** Both I_x(a, b) (`lower`) and 1 − I_x(a, b) (`upper`); the smaller one keeps full relative accuracy. */
export interface BetaIncPair {
  lower: number;
  upper: number;
}

/**
 * I_x(a, b) and its complement, for a, b > 0 and 0 ≤ x ≤ 1 (NaN otherwise). The argument x is
 * taken as exact and 1 − x is never rounded, as Boost.Math (behind scipy's `betainc`) does.
 */
export function betaIncPair(a: number, b: number, x: number): BetaIncPair {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return { lower: NaN, upper: NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === 1) return { lower: 1, upper: 0 };
  if (x < (a + 1) / (a + b + 2)) {
    const lower = betaPrefix(a, b, x) / betaFraction(a, b, x, 0);
    return { lower, upper: 1 - lower };
  }
  // y = 1 − x as the unevaluated sum yh + yl (exact: 1 − yh is exact by Sterbenz's lemma)
  const yh = 1 - x;
  const yl = 1 - yh - x;
  const upper = betaPrefix(b, a, yh, yl) / betaFraction(b, a, yh, yl);
  return { lower: 1 - upper, upper };
}

/** Regularized incomplete beta I_x(a, b) (scipy's `special.betainc`). */
export function betainc(a: number, b: number, x: number): number {
  return betaIncPair(a, b, x).lower;
}

/** Complement 1 − I_x(a, b) (scipy's `special.betaincc`). */
export function betaincc(a: number, b: number, x: number): number {
  return betaIncPair(a, b, x).upper;
}
