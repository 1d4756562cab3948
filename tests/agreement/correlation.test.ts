import { describe, expect, it } from 'vitest';
import { pearson, pearsonTest, rankData, spearman, spearmanTest } from '../../src/index.js';
import { pearsonPValue, spearmanPValue } from '../../src/agreement/internal/correlation.js';
import { EPS, expectClose } from '../helpers/close.js';
import { type Alt, correlationFixture, inputs, num } from './helpers.js';

const fixture = correlationFixture();

/**
 * Tolerances (relative):
 * - Spearman ρ: identical (=== or both NaN). The centred ranks are half-integers, so the 2×2
 *   cross-product matrix is exact and the remaining operations are scipy's, in scipy's order.
 * - Spearman p-value: 1e-12 end to end (ρ is bit-identical; the Student t tail is accurate to a
 *   few 1e-14 here, including df = 19998 near the mode, and the argument is formed as scipy does).
 * - Pearson r: 8·EPS. Our r is within ~1 ulp of the exact correlation of the given numbers; scipy's
 *   comes from an OpenBLAS dot product whose rounding depends on the CPU kernel and thread count,
 *   so the two differ by a few ulps.
 * - Pearson p-value: the p-value *function* is checked at scipy's own r to 1e-12. End to end, a
 *   difference of δ in r moves p by |d ln p / d r|·δ, which for |r| → 1 is huge (n = 100,
 *   r = 0.99999: ≈ 4·10⁶), so the end-to-end bound is 1e-12 + κ·8·EPS with κ the condition number
 *   |d ln p / d ln r| measured by a central difference.
 * - n = 3, y = −x: scipy's r is −0.9999999999999998 (BLAS rounding) and its p-value 1.3e-8; ours is
 *   r = −1 exactly, p = 0, the exact answer. That case is checked against the exact values.
 */
const RHO_TOL = 2 * EPS;
const R_TOL = 8 * EPS;
const P_TOL = 1e-12;

function conditionNumber(f: (r: number) => number, r: number): number {
  const h = 1e-7 * Math.abs(r);
  if (h === 0) return 0;
  const lo = f(r - h);
  const hi = f(r + h);
  const p = f(r);
  if (!(p > 0) || !(lo > 0) || !(hi > 0)) return Infinity;
  return Math.abs((Math.log(hi) - Math.log(lo)) / (2 * h)) * Math.abs(r);
}

describe('spearman(a, b) and spearmanTest equal scipy.stats.spearmanr', () => {
  for (const c of fixture.cases) {
    it(`${c.kind}: ${c.name} (n=${c.n})`, () => {
      const [a, b] = inputs(c);
      const expected = num(c.spearman.statistic);
      expectClose(spearman(a, b), expected, RHO_TOL, { label: 'rho' });
      const rho = spearman(a, b);
      expect(rho === expected || (Number.isNaN(rho) && Number.isNaN(expected)), `rho ${rho} vs ${expected}`).toBe(true);
      for (const [alt, p] of Object.entries(c.spearman.pValue)) {
        const res = spearmanTest(a, b, { alternative: alt as Alt });
        expect(res.n).toBe(c.n);
        expectClose(res.statistic, expected, RHO_TOL, { label: 'rho' });
        expectClose(res.pValue, num(p), P_TOL, { floor: 0, label: `${alt} p` });
        if (!Number.isNaN(expected)) expectClose(spearmanPValue(expected, c.n, alt as Alt), num(p), P_TOL, { floor: 0, label: `${alt} p(ρ)` });
      }
    });
  }
});

describe('pearson(a, b) and pearsonTest equal scipy.stats.pearsonr', () => {
  for (const c of fixture.cases) {
    if (c.name === 'n=3 reversed') continue; // scipy's BLAS rounding: checked against exact values below
    it(`${c.kind}: ${c.name} (n=${c.n})`, () => {
      const [a, b] = inputs(c);
      const expected = num(c.pearson.statistic);
      expectClose(pearson(a, b), expected, R_TOL, { label: 'r' });
      for (const [alt, p] of Object.entries(c.pearson.pValue)) {
        const res = pearsonTest(a, b, { alternative: alt as Alt });
        expect(res.n).toBe(c.n);
        expectClose(res.statistic, expected, R_TOL, { label: 'r' });
        if (Number.isNaN(expected)) {
          expect(res.pValue).toBeNaN();
          continue;
        }
        const f = (r: number): number => pearsonPValue(r, c.n, alt as Alt);
        expectClose(f(expected), num(p), P_TOL, { floor: 0, label: `${alt} p(r_scipy)` });
        const kappa = conditionNumber(f, expected);
        const tol = Number.isFinite(kappa) ? P_TOL + kappa * R_TOL : P_TOL; // κ infinite only at p ∈ {0, 1}
        expectClose(res.pValue, num(p), tol, { floor: 0, label: `${alt} p (κ=${kappa.toExponential(2)})` });
      }
    });
  }
  it('n = 3, b = −a: r = −1 exactly and p = 0 (scipy: −0.9999999999999998, 1.3e-8)', () => {
    const res = pearsonTest([1, 2, 3], [3, 2, 1]);
    expect(res.statistic).toBe(-1);
    expect(res.pValue).toBe(0);
    expect(pearsonTest([1, 2, 3], [3, 2, 1], { alternative: 'greater' }).pValue).toBe(1);
  });
});

describe('rankData(x) equals scipy.stats.rankdata(x, "average")', () => {
  for (const c of fixture.cases) {
    if (!c.rankdataA) continue;
    it(`${c.kind}: ${c.name} (n=${c.n})`, () => {
      const [a] = inputs(c);
      expect(Array.from(rankData(a))).toEqual(c.rankdataA);
    });
  }
  it('large tied input (radix path): ranks sum to n(n+1)/2 and ties share their mean position', () => {
    const n = 5000;
    const x = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 13);
    const r = rankData(x);
    let sum = 0;
    for (const v of r) sum += v;
    expect(sum).toBe((n * (n + 1)) / 2);
    // value 0 occurs at i ≡ 0 (mod 13): count = ⌈n/13⌉ = 385, ranks 1…385, mean 193
    expect(r[0]).toBe(193);
  });
});

describe('REFERENCE fixtures', () => {
  it('F3: spearman(a, g) = 0.8', () => {
    expectClose(spearman([0.1, 0.4, 0.2, 0.3], [0.05, 0.5, 0.3, 0.15]), 0.8, 4 * EPS);
  });
  it('F4: spearman uses average ranks with ties (0.948683), not the dense-rank formula (0.7)', () => {
    // ranks a = [1.5, 1.5, 4, 3], g = [2, 1, 4, 3]: ρ = 4.5/√(4.5·5) = 3/√10
    expectClose(spearman([0.1, 0.1, 0.5, 0.3], [0.2, 0.1, 0.4, 0.3]), 3 / Math.sqrt(10), 4 * EPS);
  });
});

describe('closed forms and undefined cases', () => {
  it('pearson is exactly ±1 for b = ±a and 2a', () => {
    const x = [0.3, -1.2, 5, 0.001, 2];
    expect(pearson(x, x)).toBe(1);
    expect(pearson(x, x.map((v) => -v))).toBe(-1);
    expect(pearson(x, x.map((v) => 2 * v))).toBe(1);
  });
  it('pearsonTest p-value for n = 4: 1 − |r| (the null density of r is uniform on (−1, 1))', () => {
    const res = pearsonTest([1, 2, 3, 4], [1, 3, 2, 4]);
    expectClose(res.statistic, 0.8, 4 * EPS);
    expectClose(res.pValue, 0.2, 1e-14);
  });
  it('spearmanTest p-value for n = 3 (df = 1, Cauchy): 1 − (2/π)·atan(|t|)', () => {
    const res = spearmanTest([1, 2, 3], [2, 1, 3]);
    const t = 0.5 * Math.sqrt(1 / (1.5 * 0.5));
    expectClose(res.statistic, 0.5, 4 * EPS);
    expectClose(res.pValue, 1 - (2 / Math.PI) * Math.atan(t), 1e-14);
  });
  it('NaN for n = 1 and constant input; spearman p-value NaN at n = 2; pearson p = 1 at n = 2', () => {
    expect(spearman([1], [2])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(spearmanTest([5, 5], [1, 2]).pValue).toBeNaN();
    expect(spearmanTest([1, 2], [2, 1]).pValue).toBeNaN();
    expect(pearsonTest([1, 2], [2, 1])).toEqual({ statistic: -1, pValue: 1, n: 2 });
  });
  it('never mutates inputs and accepts { data, dims }', () => {
    const a = [3, 1, 2, 2, 5];
    const b = Float64Array.from([1, 1, 3, 2, 4]);
    const ac = a.slice();
    const bc = b.slice();
    const r = spearman(a, b);
    pearsonTest(a, b);
    rankData(a);
    expect(a).toEqual(ac);
    expect(b).toEqual(bc);
    expect(spearman({ data: a, dims: [5] }, { data: b, shape: [5] })).toBe(r);
  });
});
