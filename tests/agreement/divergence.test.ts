import { describe, expect, it } from 'vitest';
import { jensenShannon, klDivergence, totalVariation } from '../../src/index.js';
import { EPS, expectClose } from '../helpers/close.js';
import { loadFixture, num } from './helpers.js';

interface DivergenceCase {
  name: string;
  p: (number | string | null)[];
  q: (number | string | null)[];
  jsdJainWallace: number;
  jsdExact: number;
  klExact: number | string;
  klJainWallace: number;
  tvd: number;
}
const { divergences } = loadFixture<{ divergences: DivergenceCase[] }>('divergence.json');

/**
 * Oracles: Jain & Wallace's numpy `jsd`/`kld` (1e-10 smoothing, reproduced from REFERENCE §1.3(e)
 * in runner.py), scipy.stats.entropy for the exact KL and JSD, and ½·Σ|p − q| in numpy.
 * Tolerances: 1e-14 relative with an absolute floor of 1e-14 (scipy.stats.entropy renormalises p
 * and q by their float sums, which moves the last digits; terms are summed in numpy's order here).
 */
const TOL = 1e-14;

describe('divergences equal the Jain & Wallace / scipy oracles', () => {
  for (const c of divergences) {
    it(`${c.name} (n=${c.p.length})`, () => {
      const p = c.p.map(num);
      const q = c.q.map(num);
      expectClose(jensenShannon(p, q), num(c.jsdExact), TOL, { floor: TOL, label: 'JSD exact' });
      expectClose(jensenShannon(p, q, { epsilon: 1e-10 }), num(c.jsdJainWallace), TOL, { floor: TOL, label: 'JSD J&W' });
      expectClose(klDivergence(p, q), num(c.klExact), TOL, { floor: TOL, label: 'KL exact' });
      expectClose(klDivergence(p, q, { epsilon: 1e-10 }), num(c.klJainWallace), TOL, { floor: TOL, label: 'KL J&W' });
      expectClose(totalVariation(p, q), num(c.tvd), 4 * EPS, { floor: 4 * EPS, label: 'TVD' });
    });
  }
});

describe('REFERENCE fixture F5', () => {
  it('F5: jensenShannon([1,0],[0,1], { epsilon: 1e-10 }) = ln 2 − ~1e-10 (0.6931471805)', () => {
    const v = jensenShannon([1, 0], [0, 1], { epsilon: 1e-10 });
    // ½·(ln(1 + 1e-10) − ln(0.5 + 1e-10))·2 = ln 2 − 1e-10 + O(1e-20)
    expectClose(v, Math.log(2) - 1e-10, 1e-15);
    expect(v.toFixed(10)).toBe('0.6931471805');
  });
  it('F5: jensenShannon([.5,.5],[.9,.1]) = 0.101749', () => {
    // closed form: ½[.5 ln(.5/.7) + .5 ln(.5/.3) + .9 ln(.9/.7) + .1 ln(.1/.3)]
    const exact = 0.5 * (0.5 * Math.log(0.5 / 0.7) + 0.5 * Math.log(0.5 / 0.3) + 0.9 * Math.log(0.9 / 0.7) + 0.1 * Math.log(0.1 / 0.3));
    expectClose(jensenShannon([0.5, 0.5], [0.9, 0.1]), exact, 1e-15);
    expect(jensenShannon([0.5, 0.5], [0.9, 0.1]).toFixed(6)).toBe('0.101749');
  });
  it('F5: the two-class TVD is |p − q|; Wiegreffe & Pinter\'s positive-class "TVD" is half of it', () => {
    expectClose(totalVariation([0.3, 0.7], [0.8, 0.2]), 0.5, 4 * EPS);
  });
});

describe('divergences: closed forms and edge cases', () => {
  it('jensenShannon of disjoint supports is exactly ln 2 (epsilon 0)', () => {
    expect(jensenShannon([1, 0, 0], [0, 0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
  });
  it('klDivergence is Infinity where q = 0 < p, finite with epsilon, and 0·log 0 = 0', () => {
    expect(klDivergence([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(Number.isFinite(klDivergence([0.5, 0.5], [1, 0], { epsilon: 1e-10 }))).toBe(true);
    expectClose(klDivergence([1, 0], [0.5, 0.5]), Math.LN2, 1e-15);
  });
  it('identical distributions give 0', () => {
    const p = [0.1, 0.2, 0.7];
    expect(jensenShannon(p, p)).toBe(0);
    expect(klDivergence(p, p)).toBe(0);
    expect(totalVariation(p, p)).toBe(0);
  });
  it('accepts sums within tolerance and typed/shaped inputs; never mutates', () => {
    const p = Float32Array.from([0.1, 0.2, 0.7]); // float32 sum is 1 ± 3e-8
    const q = { data: [0.3, 0.3, 0.4], shape: [3] };
    const pc = p.slice();
    expect(jensenShannon(p, q)).toBeGreaterThan(0);
    expect(totalVariation(p, { data: [0.3, 0.3, 0.4], dims: [3] })).toBeCloseTo(0.3, 7);
    expect(p).toEqual(pc);
    expect(totalVariation([0.5, 0.5 + 1e-3], [0.5, 0.5], { tolerance: 1e-2 })).toBeCloseTo(5e-4, 15);
  });
});
