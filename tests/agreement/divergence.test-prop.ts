/**
 * Axioms of the divergences and top-k measures (fast-check): JSD symmetric, 0 ≤ JSD ≤ ln 2,
 * JSD(p, p) = 0; KL ≥ 0; TVD a metric on the simplex with values in [0, 1] and TVD ≤ √(KL/2)
 * (Pinsker); top-k measures in [0, 1], Fagin's distance symmetric, 0 for identical rankings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jensenShannon, klDivergence, topKKendallDistance, topKOverlap, totalVariation } from '../../src/index.js';
import { EPS } from '../helpers/close.js';

/** A probability vector of length n: non-negative weights (exact zeros allowed) over their sum. */
const distribution = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1, noNaN: true })), { minLength: n, maxLength: n }).map((w) => {
    const s = w.reduce((a, b) => a + b, 0);
    if (s === 0) return w.map((_, i) => (i === 0 ? 1 : 0));
    return w.map((v) => v / s);
  });
const pair = fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(distribution(n), distribution(n)));
const triple = fc.integer({ min: 1, max: 30 }).chain((n) => fc.tuple(distribution(n), distribution(n), distribution(n)));

describe('Jensen–Shannon divergence', () => {
  it('is symmetric (bit for bit), within [0, ln 2], and 0 for p = q', () => {
    fc.assert(
      fc.property(pair, fc.constantFrom(0, 1e-10), ([p, q], epsilon) => {
        const d = jensenShannon(p, q, { epsilon });
        expect(jensenShannon(q, p, { epsilon })).toBe(d);
        expect(d).toBeGreaterThanOrEqual(-4 * EPS);
        expect(d).toBeLessThanOrEqual(Math.LN2 * (1 + 4 * EPS));
        expect(Math.abs(jensenShannon(p, p, { epsilon }))).toBeLessThanOrEqual(4 * EPS);
      }),
    );
  });
});

describe('Kullback–Leibler divergence', () => {
  it('is ≥ 0 (Gibbs) and ≥ 2·TVD² (Pinsker)', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const kl = klDivergence(p, q);
        const tvd = totalVariation(p, q);
        expect(kl).toBeGreaterThanOrEqual(-1e-15);
        expect(kl).toBeGreaterThanOrEqual(2 * tvd * tvd - 1e-12);
      }),
    );
  });
});

describe('total variation distance', () => {
  it('is a metric on distributions with values in [0, 1]', () => {
    fc.assert(
      fc.property(triple, ([p, q, r]) => {
        const pq = totalVariation(p, q);
        expect(totalVariation(q, p)).toBe(pq);
        expect(totalVariation(p, p)).toBe(0);
        expect(pq).toBeGreaterThanOrEqual(0);
        expect(pq).toBeLessThanOrEqual(1 + 4 * EPS);
        expect(pq).toBeLessThanOrEqual(totalVariation(p, r) + totalVariation(r, q) + 8 * EPS);
      }),
    );
  });
  it('is 0 only for identical distributions', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const same = p.every((v, i) => v === q[i]);
        expect(totalVariation(p, q) === 0).toBe(same);
      }),
    );
  });
});

const scores = fc.integer({ min: 1, max: 60 }).chain((n) =>
  fc.tuple(
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }),
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    fc.integer({ min: 1, max: n }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ),
);

describe('top-k measures', () => {
  it('topKOverlap is symmetric, in [0, 1] and 1 for a = b', () => {
    fc.assert(
      fc.property(scores, ([a, b, k]) => {
        const o = topKOverlap(a, b, k);
        expect(topKOverlap(b, a, k)).toBe(o);
        expect(o).toBeGreaterThanOrEqual(0);
        expect(o).toBeLessThanOrEqual(1);
        expect(topKOverlap(b, b, k)).toBe(1);
      }),
    );
  });
  it("topKKendallDistance is in [0, 1] for both variants; Fagin's is symmetric and 0 for identical rankings", () => {
    fc.assert(
      fc.property(scores, ([a, b, k, p]) => {
        for (const variant of ['jainWallace', 'fagin'] as const) {
          const d = topKKendallDistance(a, b, { k, p, variant });
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(1 + 4 * EPS);
        }
        const f = topKKendallDistance(a, b, { k, p, variant: 'fagin' });
        expect(topKKendallDistance(b, a, { k, p, variant: 'fagin' })).toBeCloseTo(f, 14);
        expect(topKKendallDistance(b, b, { k, p, variant: 'fagin' })).toBe(0);
      }),
    );
  });
});
