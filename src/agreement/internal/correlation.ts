/**
 * Spearman's ρ and Pearson's r with scipy 1.17's order of floating-point operations, and their
 * p-values (Student t and symmetric beta tails, as `scipy.stats.spearmanr` / `pearsonr`).
 *
 * @module
 */
import { betaIncPair } from '../../internal/special/incompleteBeta.js';
import { dot2, numpySum } from '../../internal/special/float.js';
import { studentTCdf } from '../../internal/special/studentT.js';
import type { Alternative } from '../types.js';
import { doubledMidranks, isConstant } from './ranks.js';

/** Σ aᵢ·bᵢ with Neumaier compensation (exact for integer data while partial sums stay below 2⁵³). */
function compensatedDot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]! * b[i]!;
    const t = s + p;
    c += Math.abs(s) >= Math.abs(p) ? s - t + p : p - t + s;
    s = t;
  }
  return s + c;
}

/**
 * Spearman's ρ as scipy computes it: `np.corrcoef` of the average ranks. The centred ranks are
 * half-integers, so the 2×2 cross-product matrix is exact (n ≲ 3·10⁵) and the remaining steps
 * — scale by fl(1/(n−1)), divide by each standard deviation in turn, clip — reproduce scipy's
 * result bit for bit. NaN for n < 2 or constant input.
 */
export function spearmanStatistic(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2 || isConstant(x) || isConstant(y)) return NaN;
  const rx = doubledMidranks(x);
  const ry = doubledMidranks(y);
  const centre = n + 1;
  for (let i = 0; i < n; i++) {
    rx[i] = rx[i]! - centre;
    ry[i] = ry[i]! - centre;
  }
  const f = 1 / (n - 1);
  const cxx = (compensatedDot(rx, rx) / 4) * f;
  const cyy = (compensatedDot(ry, ry) / 4) * f;
  const cxy = (compensatedDot(rx, ry) / 4) * f;
  const r = cxy / Math.sqrt(cyy) / Math.sqrt(cxx);
  return Math.min(1, Math.max(-1, r));
}

/** p-value of Spearman's ρ: Student t with n − 2 degrees of freedom (scipy's formula). */
export function spearmanPValue(rs: number, n: number, alternative: Alternative): number {
  if (Number.isNaN(rs)) return NaN;
  const dof = n - 2;
  const ratio = dof / ((rs + 1) * (1 - rs));
  const t = rs * Math.sqrt(ratio < 0 ? 0 : ratio); // numpy .clip(0) keeps NaN
  if (alternative === 'less') return studentTCdf(dof, t);
  if (alternative === 'greater') return studentTCdf(dof, -t);
  return 2 * studentTCdf(dof, -Math.abs(t));
}

/**
 * Pearson's r: deviations from numpy's pairwise mean (bit-identical to scipy's `x − x.mean()`),
 * scaled by a power of two (exact; no overflow for values like 1e200), then
 * r = Sxy / √(Sxx·Syy) with the three sums accumulated in twice-working precision. The result is
 * within ~1–2 ulps of the exact correlation of the given numbers (scipy's BLAS dot product is
 * within a few ulps of it too), and exactly ±1 for y = ±x. NaN for n < 2 or constant input;
 * n = 2 gives exactly ±1, as scipy promises.
 */
export function pearsonStatistic(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2 || isConstant(x) || isConstant(y)) return NaN;
  const u = scaledDeviations(x);
  const v = scaledDeviations(y);
  let r = dot2(u, v, n) / Math.sqrt(dot2(u, u, n) * dot2(v, v, n));
  r = Math.min(1, Math.max(-1, r));
  if (n === 2) r = roundHalfEven(r);
  return r;
}

/** (x − mean(x))·2⁻ᵉ with numpy's mean and 2ᵉ the power of two at or below max |x − mean|. */
function scaledDeviations(x: Float64Array): Float64Array {
  const n = x.length;
  const mean = numpySum(x) / n;
  const dev = new Float64Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    dev[i] = d;
    const ad = Math.abs(d);
    if (ad > max) max = ad;
  }
  if (max === 0 || !Number.isFinite(max)) return dev;
  const e = Math.floor(Math.log2(max));
  // 2^-e in two exact steps, so neither factor overflows or underflows for |e| ≤ 1074
  const half = Math.trunc(e / 2);
  const s1 = 2 ** -half;
  const s2 = 2 ** -(e - half);
  for (let i = 0; i < n; i++) dev[i] = dev[i]! * s1 * s2;
  return dev;
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** p-value of Pearson's r: r is Beta(n/2 − 1, n/2 − 1) on (−1, 1) under the null (scipy's formula). */
export function pearsonPValue(r: number, n: number, alternative: Alternative): number {
  if (Number.isNaN(r)) return NaN;
  if (n === 2) return 1;
  const ab = n / 2 - 1;
  if (alternative === 'less') return betaIncPair(ab, ab, (r + 1) / 2).lower;
  if (alternative === 'greater') return betaIncPair(ab, ab, (r + 1) / 2).upper;
  return 2 * betaIncPair(ab, ab, (Math.abs(r) + 1) / 2).upper;
}
