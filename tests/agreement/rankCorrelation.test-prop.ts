/**
 * Axioms of the rank correlations (fast-check): τ(x, x) = 1, τ(x, −x) = −1, invariance under
 * strictly increasing transforms and under reordering of the pairs, symmetry, |τ| ≤ 1 — the same
 * for Spearman's ρ — and agreement of Knight's O(n log n) τ-b with a naive O(n²) count on tied
 * inputs (both the comparison-sort and the radix-sort paths).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kendallTau, kendallTauTest, rankData, spearman } from '../../src/index.js';
import { kendallCounts } from '../../src/agreement/internal/kendallCounts.js';
import { tauFromCounts } from '../../src/agreement/internal/kendallStatistic.js';
import { EPS, expectClose } from '../helpers/close.js';

/** Naive τ-b: count P, Q and the one-sided ties over all pairs, then scipy's formula. */
function naiveTauB(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let con = 0;
  let dis = 0;
  let tieA = 0; // tied in a only
  let tieB = 0; // tied in b only
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const da = Math.sign(a[i]! - a[j]!);
      const db = Math.sign(b[i]! - b[j]!);
      if (da === 0 && db === 0) continue;
      if (da === 0) tieA++;
      else if (db === 0) tieB++;
      else if (da === db) con++;
      else dis++;
    }
  }
  // (P − Q)/√(P + Q + U)/√(P + Q + T): scipy's order, n₀ − n₁ = P + Q + (ties in b only) first
  const tau = (con - dis) / Math.sqrt(con + dis + tieB) / Math.sqrt(con + dis + tieA);
  return Number.isNaN(tau) ? NaN : Math.min(1, Math.max(-1, tau));
}

/** Naive midranks: #{x_j < x_i} + (1 + #{x_j = x_i})/2. */
function naiveRanks(x: number[]): number[] {
  return x.map((v) => {
    let less = 0;
    let equal = 0;
    for (const w of x) {
      if (w < v) less++;
      else if (w === v) equal++;
    }
    return less + (1 + equal) / 2;
  });
}

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
/** Distinct values (no ties), at least 2. */
const distinct = fc.uniqueArray(finite, { minLength: 2, maxLength: 60, comparator: (u, v) => u === v });
/** Paired samples with many ties: small integers. */
const tiedPairs = (minLength: number, maxLength: number, levels: number) =>
  fc
    .integer({ min: minLength, max: maxLength })
    .chain((n) =>
      fc.tuple(
        fc.array(fc.integer({ min: 0, max: levels }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 0, max: levels }), { minLength: n, maxLength: n }),
      ),
    );
const isConstant = (v: number[]): boolean => v.every((e) => e === v[0]);

/** Strictly increasing maps on the sampled values (checked on the sample before use). */
const monotone: [string, (v: number) => number][] = [
  ['2v + 3', (v) => 2 * v + 3],
  ['cbrt', (v) => Math.cbrt(v)],
  ['atan', (v) => Math.atan(v / 1e5)],
  ['v³ + v', (v) => v * v * v + v],
];
function strictlyIncreasingOn(f: (v: number) => number, x: number[]): boolean {
  const s = [...new Set(x)].sort((u, v) => u - v);
  for (let i = 1; i < s.length; i++) if (!(f(s[i]!) > f(s[i - 1]!))) return false;
  return true;
}

describe('kendallTau axioms', () => {
  it('τ(x, x) = 1 and τ(x, −x) = −1 (to rounding: scipy evaluates S/√S/√S, e.g. 0.9999999999999999 at n = 5)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 2, maxLength: 50 }), (xs) => {
        fc.pre(!isConstant(xs));
        expectClose(kendallTau(xs, xs), 1, 2 * EPS);
        expectClose(kendallTau(xs, xs.map((v) => -v)), -1, 2 * EPS);
      }),
    );
    fc.assert(
      fc.property(distinct, (xs) => {
        expectClose(kendallTau(xs, xs), 1, 2 * EPS);
        expectClose(kendallTau(xs, xs.map((v) => -v), { variant: 'c' }), -1, 2 * EPS);
      }),
    );
  });
  it('is invariant under strictly increasing transforms of either sample', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(finite, finite), { minLength: 2, maxLength: 60 }), fc.constantFrom(...monotone), (pairs, [, f]) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        fc.pre(strictlyIncreasingOn(f, a) && strictlyIncreasingOn(f, b));
        const tau = kendallTau(a, b);
        expect(kendallTau(a.map(f), b)).toBe(tau);
        expect(kendallTau(a, b.map(f), { variant: 'c' })).toBe(kendallTau(a, b, { variant: 'c' }));
      }),
    );
  });
  it('is invariant under reordering of the pairs (statistic and p-value)', () => {
    fc.assert(
      fc.property(tiedPairs(2, 80, 6), fc.integer(), ([a, b], seed) => {
        const order = a.map((_, i) => i).sort((i, j) => ((i * 2654435761 + seed) >>> 0) % 997 - ((j * 2654435761 + seed) >>> 0) % 997);
        const pa = order.map((i) => a[i]!);
        const pb = order.map((i) => b[i]!);
        expect(kendallTau(pa, pb)).toBe(kendallTau(a, b));
        expect(kendallTauTest(pa, pb).pValue).toBe(kendallTauTest(a, b).pValue);
      }),
    );
  });
  it('is symmetric, τ(a, b) = τ(b, a) (to rounding), and |τ| ≤ 1', () => {
    fc.assert(
      fc.property(tiedPairs(2, 80, 8), ([a, b]) => {
        const t = kendallTau(a, b);
        expectClose(kendallTau(b, a), t, 4 * EPS);
        if (!Number.isNaN(t)) expect(Math.abs(t)).toBeLessThanOrEqual(1);
        const c = kendallTau(a, b, { variant: 'c' });
        if (!Number.isNaN(c)) expect(Math.abs(c)).toBeLessThanOrEqual(1);
      }),
    );
  });
  it("Knight's algorithm equals a naive O(n²) τ-b on tied inputs (n ≤ 300: pair loop ≤ 128, radix sorts above)", () => {
    fc.assert(
      fc.property(tiedPairs(1, 300, 7), ([a, b]) => {
        expect(kendallTau(a, b)).toBe(naiveTauB(a, b));
      }),
      { numRuns: 200 },
    );
  });
  it("every counting path (all pairs; comparison sort; radix with 8-, 11-, 16-bit digits; high word first) equals a naive O(n²) τ-b (ties, ±0, subnormals, wide range)", () => {
    const values = fc.oneof(
      fc.integer({ min: -20, max: 20 }),
      fc.constantFrom(0, -0, 1e300, -1e-300, 5e-324),
      finite,
      // same high key word, different low words: long runs for the high-word-first sort
      fc.integer({ min: 0, max: 60 }).map((k) => 1 + k * 2 ** -52),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 1500 }).chain((n) =>
          fc.tuple(fc.array(values, { minLength: n, maxLength: n }), fc.array(values, { minLength: n, maxLength: n })),
        ),
        ([a, b]) => {
          const expected = naiveTauB(a, b);
          const x = Float64Array.from(a);
          const y = Float64Array.from(b);
          for (const mode of ['quadratic', 'comparison', 'tied', 8, 11, 16, 'hiFirst'] as const) {
            expect(tauFromCounts(kendallCounts(x, y, mode), 'b'), String(mode)).toBe(expected);
          }
          // the hashing path for tied data returns exactly the same counts and tie statistics
          expect(kendallCounts(x, y, 'tied')).toEqual(kendallCounts(x, y, 'comparison'));
          expect(kendallTau(a, b)).toBe(expected);
        },
      ),
      { numRuns: 25, endOnFailure: true },
    );
  });
});

describe('spearman axioms', () => {
  it('ρ(x, x) = 1 and ρ(x, −x) = −1 (x not constant)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 2, maxLength: 60 }), (xs) => {
        fc.pre(!isConstant(xs));
        expectClose(spearman(xs, xs), 1, 2 * EPS);
        expectClose(spearman(xs, xs.map((v) => -v)), -1, 2 * EPS);
      }),
    );
  });
  it('is invariant under strictly increasing transforms and under reordering of the pairs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(finite, finite), { minLength: 2, maxLength: 60 }), fc.constantFrom(...monotone), (pairs, [, f]) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        fc.pre(strictlyIncreasingOn(f, a));
        const rho = spearman(a, b);
        expect(spearman(a.map(f), b)).toBe(rho);
        const ra = [...a].reverse();
        const rb = [...b].reverse();
        expect(spearman(ra, rb)).toBe(rho);
      }),
    );
  });
  it('is symmetric (to rounding) and |ρ| ≤ 1', () => {
    fc.assert(
      fc.property(tiedPairs(2, 80, 8), ([a, b]) => {
        const r = spearman(a, b);
        expectClose(spearman(b, a), r, 4 * EPS);
        if (!Number.isNaN(r)) expect(Math.abs(r)).toBeLessThanOrEqual(1);
      }),
    );
  });
  it('rankData equals naive midranks', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), finite), { minLength: 1, maxLength: 80 }), (x) => {
        expect(Array.from(rankData(x))).toEqual(naiveRanks(x));
      }),
    );
  });
});
