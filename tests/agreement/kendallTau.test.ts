import { describe, expect, it } from 'vitest';
import { InputRangeError, kendallTau, kendallTauTest } from '../../src/index.js';
import { countInversions, kendallCounts } from '../../src/agreement/internal/kendallCounts.js';
import { kendallExactPValue } from '../../src/internal/special/kendallExact.js';
import { EPS, expectClose } from '../helpers/close.js';
import { type Alt, correlationFixture, inputs, loadFixture, num } from './helpers.js';

const fixture = correlationFixture();

/**
 * Tolerances (relative, from tests/helpers/close.ts):
 * - τ-b and τ-c: identical (=== or both NaN). Pair counts are exact integers and the final
 *   divisions follow scipy's operation order, so the statistic is bit-identical; the 2·EPS check
 *   before it only makes a failure message show the size of the difference.
 * - p-values: 1e-12. Exact p-values are bit-identical (same recurrence, numpy's summation order);
 *   asymptotic ones go through z (bit-identical) and the normal tail, where our erfc and cephes'
 *   differ by a few ulps times the conditioning of Φ (≤ ~2z²·EPS ≈ 4e-13 at p ≈ 1e-300).
 */
const TAU_TOL = 2 * EPS;

/** Same float64 value (+0 and −0 equal), or both NaN. */
function expectIdentical(actual: number, expected: number, label: string): void {
  expect(actual === expected || (Number.isNaN(actual) && Number.isNaN(expected)), `${label}: ${actual} vs ${expected}`).toBe(true);
}
const P_TOL = 1e-12;

describe('kendallTau(a, b) equals scipy.stats.kendalltau', () => {
  for (const c of fixture.cases) {
    it(`${c.kind}: ${c.name} (n=${c.n}) — tau-b and tau-c`, () => {
      const [a, b] = inputs(c);
      expectClose(kendallTau(a, b), num(c.kendall.b.statistic), TAU_TOL, { label: 'tau-b' });
      expectClose(kendallTau(a, b, { variant: 'c' }), num(c.kendall.c.statistic), TAU_TOL, { label: 'tau-c' });
      expectIdentical(kendallTau(a, b, { variant: 'b' }), num(c.kendall.b.statistic), 'tau-b');
      expectIdentical(kendallTau(a, b, { variant: 'c' }), num(c.kendall.c.statistic), 'tau-c');
    });
  }
});

describe('kendallTauTest(a, b, { method, alternative }) equals scipy p-values', () => {
  for (const c of fixture.cases) {
    it(`${c.kind}: ${c.name} (n=${c.n})`, () => {
      const [a, b] = inputs(c);
      for (const [method, byAlt] of Object.entries(c.kendall.pValue)) {
        for (const [alt, expected] of Object.entries(byAlt!)) {
          const options = { method: method as 'auto' | 'exact' | 'asymptotic', alternative: alt as Alt };
          if (expected === 'ValueError') {
            expect(() => kendallTauTest(a, b, options), `${method}/${alt}`).toThrow(InputRangeError);
            continue;
          }
          const res = kendallTauTest(a, b, options);
          expect(res.n).toBe(c.n);
          expectClose(res.statistic, num(c.kendall.b.statistic), TAU_TOL, { label: 'statistic' });
          expectClose(res.pValue, num(expected), P_TOL, { floor: 0, label: `${method}/${alt} p` });
        }
      }
      // variant c has the same p-value as b (it depends only on P − Q)
      const pc = kendallTauTest(a, b, { variant: 'c' });
      expectClose(pc.statistic, num(c.kendall.c.statistic), TAU_TOL, { label: 'tau-c statistic' });
      expectClose(pc.pValue, num(c.kendall.pValue.auto!['two-sided']!), P_TOL, { floor: 0, label: 'tau-c p' });
    });
  }
});

describe("the exact null distribution equals scipy's _kendall_p_exact", () => {
  const { rows } = loadFixture<{ rows: [number, number, Alt, number | null][] }>('kendall_exact.json');
  it(`kendallExactPValue(n, c, alternative) on ${rows.length} grid points (n ≤ 400)`, () => {
    let identical = 0;
    for (const [n, c, alt, expected] of rows) {
      const p = kendallExactPValue(n, c, alt);
      expectClose(p, num(expected), 2 * EPS, { floor: 0, label: `n=${n} c=${c} ${alt}` });
      if (p === num(expected)) identical++;
    }
    // the recurrence and summation order are scipy's: every value is bit-identical
    expect(identical).toBe(rows.length);
  });
});

describe('REFERENCE fixtures', () => {
  it('F3: kendallTau(a, g) = 0.666667 with exact p = 0.333333', () => {
    const a = [0.1, 0.4, 0.2, 0.3];
    const g = [0.05, 0.5, 0.3, 0.15];
    expectClose(kendallTau(a, g), 2 / 3, 1e-15);
    const res = kendallTauTest(a, g);
    // exact: P(|P − Q| ≥ 4) for n = 4 is 8/24 (concordant counts 5 or 6, and 0 or 1)
    expectClose(res.pValue, 1 / 3, 1e-15);
    expect(res.n).toBe(4);
  });
  it('F4: kendallTau uses tau-b with ties (0.912871), tau-c = 0.9375', () => {
    const a = [0.1, 0.1, 0.5, 0.3];
    const g = [0.2, 0.1, 0.4, 0.3];
    // P = 5, Q = 0, one pair tied in a only: 5/√(5·6)
    expectClose(kendallTau(a, g), 5 / Math.sqrt(30), 1e-15);
    // 2·5 / (4²·(3 − 1)/3)
    expectClose(kendallTau(a, g, { variant: 'c' }), 0.9375, 1e-15);
  });
});

describe('kendallTau closed forms and undefined cases', () => {
  it('kendallTau(x, x) = 1 and kendallTau(x, −x) = −1 without ties (exact p = 2/n!)', () => {
    const x = [3, 1, 4, 1.5, 9, 2.6, 5];
    const neg = x.map((v) => -v);
    expectClose(kendallTau(x, x), 1, 2 * EPS);
    expectClose(kendallTau(x, neg), -1, 2 * EPS);
    expectClose(kendallTauTest(x, x).pValue, 2 / 5040, 1e-15);
  });
  it('returns NaN for n = 1 and for constant input (p-value NaN too)', () => {
    expect(kendallTau([1], [2])).toBeNaN();
    expect(kendallTau([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(kendallTau([1, 2, 3], [4, 4, 4], { variant: 'c' })).toBeNaN();
    const res = kendallTauTest([2, 2], [1, 3]);
    expect(res.statistic).toBeNaN();
    expect(res.pValue).toBeNaN();
    expect(res.n).toBe(2);
  });
  it("kendallTauTest(a, b, { method: 'asymptotic' }) at n = 2 uses the limit 0 for the 0·0/0 variance term", () => {
    // var = n(n−1)(2n+5)/18 = 1, z = ±1 (scipy raises ZeroDivisionError here)
    expectClose(kendallTauTest([1, 2], [1, 3], { method: 'asymptotic' }).pValue, 0.31731050786291415, 1e-15);
  });
  it("kendallTauTest(a, b, { method: 'exact' }) throws InputRangeError with ties", () => {
    expect(() => kendallTauTest([1, 1, 2], [1, 2, 3], { method: 'exact' })).toThrow(InputRangeError);
  });
  it('treats −0 and +0 as tied', () => {
    expect(kendallTau([0, -0, 1], [1, 2, 3])).toBe(kendallTau([0, 0, 1], [1, 2, 3]));
  });
});

describe('kendallTau accepts every vector form and never mutates its inputs', () => {
  const a = [0.3, 0.1, 0.4, 0.1, 0.5, 0.9, 0.2];
  const b = [0.6, 0.2, 0.6, 0.1, 0.3, 0.9, 0.4];
  const expected = kendallTau(a, b);
  it('number[], Float32Array, Float64Array, { data, shape } and { data, dims } give the same τ', () => {
    expect(kendallTau(Float64Array.from(a), Float64Array.from(b))).toBe(expected);
    expect(kendallTau(Float32Array.from([0.5, 1, 2]), [3, 2, 1])).toBe(-1);
    expect(kendallTau({ data: a, shape: [7] }, { data: Float64Array.from(b), dims: [7] })).toBe(expected);
  });
  it('leaves the inputs unchanged (small and radix paths)', () => {
    const x = Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i) * (i % 7));
    const y = Float64Array.from({ length: 5000 }, (_, i) => Math.cos(i * 0.3) + (i % 3 === 0 ? -0 : 0));
    const xc = x.slice();
    const yc = y.slice();
    const ac = a.slice();
    kendallTau(x, y);
    kendallTauTest(a, b, { variant: 'c' });
    expect(x).toEqual(xc);
    expect(y).toEqual(yc);
    expect(a).toEqual(ac);
  });
});

describe('countInversions (one-level and two-level Fenwick) on closed forms', () => {
  for (const m of [1000, 200_000]) {
    it(`m = ${m}: identity 0, reversal m(m−1)/2, interleaving (m/2)(m/2+1)/2, duplicates`, () => {
      const id = Int32Array.from({ length: m }, (_, i) => i);
      expect(countInversions(id, m)).toBe(0);
      const rev = Int32Array.from({ length: m }, (_, i) => m - 1 - i);
      expect(countInversions(rev, m)).toBe((m * (m - 1)) / 2);
      // odd values then even values: pair (2a+1, 2b) is inverted iff 2a + 1 > 2b, i.e. b ≤ a
      const half = m / 2;
      const inter = Int32Array.from({ length: m }, (_, i) => (i < half ? 2 * i + 1 : 2 * (i - half)));
      expect(countInversions(inter, m)).toBe((half * (half + 1)) / 2);
      // equal values are not inversions: [v, v, …] reversed in pairs
      const dup = Int32Array.from({ length: m }, (_, i) => Math.floor((m - 1 - i) / 2));
      expect(countInversions(dup, m / 2)).toBe((m * (m - 1)) / 2 - m / 2);
    });
  }
});

describe('kendallCounts: the hashing path for heavily tied data (issue 13)', () => {
  const gen = (n: number, levelsA: number, levelsB: number, seed: number): [Float64Array, Float64Array] => {
    let s = seed;
    const rnd = (m: number): number => {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      return s % m;
    };
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = (rnd(levelsA) - levelsA / 2) * 0.37; // non-integer levels, negative and −0 included
      b[i] = a[i]! + rnd(levelsB) * 0.01;
      if (a[i] === 0 && i % 2 === 0) a[i] = -0;
    }
    return [a, b];
  };
  for (const [n, la, lb] of [[5000, 10, 7], [20000, 1000, 700], [6000, 3000, 2000], [9000, 1, 1]] as const) {
    it(`n = ${n}, ${la} × ${lb} levels: same counts as the comparison sort (suffix-sum and Fenwick branches)`, () => {
      const [a, b] = gen(n, la, lb, n + la);
      expect(kendallCounts(a, b, 'tied')).toEqual(kendallCounts(a, b, 'comparison'));
      expect(kendallCounts(a, b)).toEqual(kendallCounts(a, b, 'comparison')); // 'auto' takes the hashing path
    });
  }
});
