/**
 * Pure helpers of the attribution family: quadrature rules (Gauss–Legendre nodes against numpy's
 * `leggauss`, exactness on polynomials, the Riemann points of Captum, the correct trapezoid) and the
 * reductions over the embedding axis.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gaussLegendre, QUADRATURE_METHODS, quadrature } from '../../src/attribution/internal/quadrature.js';
import { reduceAttributions } from '../../src/attribution/internal/reduce.js';
import { EPS, expectClose } from '../helpers/close.js';

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/python/attribution/attribution.json', import.meta.url), 'utf8')) as {
  gaussLegendre: { n: number; points: number[]; weights: number[]; exactPoints: number[]; exactWeights: number[] }[];
};

describe('gaussLegendre(n)', () => {
  it.each(FIXTURE.gaussLegendre.map((g) => [g.n, g] as const))('n = %i equals numpy.polynomial.legendre.leggauss and the 40-digit roots', (_n, g) => {
    const r = gaussLegendre(g.n);
    // nodes lie in [−1, 1]: absolute 8·EPS ≈ 1.8e-15 against both
    expectClose(r.points, g.points, 8 * EPS, { floor: 1, label: 'points vs numpy' });
    expectClose(r.points, g.exactPoints, 8 * EPS, { floor: 1, label: 'points vs mpmath' });
    // weights: relative 2000·EPS ≈ 4.4e-13 of the exact values (observed ≤ 3e-13 at the edges for
    // n = 128, where 1 − ξ² is small); numpy's own edge weights are off by up to ~3e-11 relative there,
    // so against numpy the bound is absolute 1e-13
    expectClose(r.weights, g.exactWeights, 2000 * EPS, { floor: 0, label: 'weights vs mpmath' });
    expectClose(r.weights, g.weights, 1e-13, { floor: 1, label: 'weights vs numpy' });
  });

  it('nodes are ascending, symmetric, and the weights sum to 2', () => {
    for (const n of [1, 2, 7, 31, 200]) {
      const { points, weights } = gaussLegendre(n);
      for (let k = 1; k < n; k++) expect(points[k]!).toBeGreaterThan(points[k - 1]!);
      for (let k = 0; k < n; k++) expect(points[k]! + points[n - 1 - k]!).toBe(0);
      expectClose(weights.reduce((s, w) => s + w, 0), 2, 64 * EPS);
    }
  });
});

describe('quadrature(method, nSteps)', () => {
  it.each(QUADRATURE_METHODS.map((m) => [m]))('%s: weights sum to 1 and points lie in [0, 1]', (method) => {
    for (const n of [2, 3, 10, 50]) {
      const { points, weights } = quadrature(method, n);
      expect(points.length).toBe(n);
      expectClose(weights.reduce((s, w) => s + w, 0), 1, 16 * EPS);
      for (const a of points) expect(a >= 0 && a <= 1).toBe(true);
    }
  });

  it('Riemann points are Captum’s linspace grids', () => {
    expect(Array.from(quadrature('riemannLeft', 4).points)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(Array.from(quadrature('riemannRight', 4).points)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(Array.from(quadrature('riemannMiddle', 4).points)).toEqual([0.125, 0.375, 0.625, 0.875]);
    expect(Array.from(quadrature('riemannTrapezoid', 5).points)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('riemannTrapezoid is the correct trapezoid (Captum’s weights sum to 1 − 1/n, REFERENCE F6)', () => {
    expect(Array.from(quadrature('riemannTrapezoid', 5).weights)).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
    expect(Array.from(quadrature('riemannTrapezoid', 2).weights)).toEqual([0.5, 0.5]);
  });

  it('gaussLegendre with n points integrates polynomials of degree 2n − 1 exactly on [0, 1]', () => {
    for (const n of [1, 2, 3, 5, 10]) {
      const { points, weights } = quadrature('gaussLegendre', n);
      for (let deg = 0; deg <= 2 * n - 1; deg++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += weights[k]! * points[k]! ** deg;
        expectClose(s, 1 / (deg + 1), 64 * EPS, { label: `n=${n} deg=${deg}` });
      }
    }
    // and the REFERENCE F6 values
    const g3 = quadrature('gaussLegendre', 3);
    expectClose(g3.points, [0.1127016653792583, 0.5, 0.8872983346207417], 8 * EPS);
    expectClose(g3.weights, [5 / 18, 4 / 9, 5 / 18], 8 * EPS);
  });

  it('riemannMiddle and riemannTrapezoid are exact for linear integrands, left/right for constants only', () => {
    const integrate = (m: (typeof QUADRATURE_METHODS)[number], f: (a: number) => number) => {
      const { points, weights } = quadrature(m, 4);
      return points.reduce((s, a, k) => s + weights[k]! * f(a), 0);
    };
    expectClose(integrate('riemannMiddle', (a) => 3 * a + 1), 2.5, 8 * EPS);
    expectClose(integrate('riemannTrapezoid', (a) => 3 * a + 1), 2.5, 8 * EPS);
    expect(integrate('riemannLeft', (a) => a)).toBe(0.375);
    expect(integrate('riemannRight', (a) => a)).toBe(0.625);
  });
});

describe('reduceAttributions(data, n, d, reduce)', () => {
  const phi = [1, -2, 2, -3, 4, 0];
  it.each([
    ['sum', [-1, -1, 4]],
    ['absSum', [3, 5, 4]],
    ['l2', [Math.sqrt(5), Math.sqrt(13), 4]],
    ['absOfSum', [1, 1, 4]],
  ] as const)('%s', (reduce, expected) => {
    expect(Array.from(reduceAttributions(phi, 3, 2, reduce))).toEqual(expected);
  });
});
