import { describe, expect, it } from 'vitest';
import { createRng, InputTypeError, InputRangeError } from '../../src/index.js';
import fixture from '../fixtures/python/rng/rng.json' with { type: 'json' };

describe('createRng', () => {
  it('createRng(seed) reproduces the independent python xoshiro128** reference streams', () => {
    for (const c of fixture.cases) {
      const a = createRng(c.seed);
      expect(Array.from({ length: 16 }, () => a.nextUint32()), `seed ${c.seed}`).toEqual(c.uint32);
      const b = createRng(c.seed);
      expect(Array.from({ length: 16 }, () => b.next()), `seed ${c.seed}`).toEqual(c.double);
    }
  });

  it('the same seed gives identical streams; different seeds differ', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xa = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xa);
  });

  it('next() is uniform on [0, 1): mean, variance and range', () => {
    const r = createRng(1);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      s += x;
      s2 += x * x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    // standard errors: mean 0.29/√n ≈ 6.5e-4, so 5σ bounds
    expect(Math.abs(mean - 0.5)).toBeLessThan(3.3e-3);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(2e-3);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('nextInt(n) is unbiased (chi-square over 7 cells) and within range', () => {
    const r = createRng(2);
    const counts = new Array(7).fill(0);
    const draws = 70_000;
    for (let i = 0; i < draws; i++) counts[r.nextInt(7)]++;
    const e = draws / 7;
    const chi2 = counts.reduce((acc, c) => acc + (c - e) ** 2 / e, 0);
    // chi-square with 6 df: P(X > 22.46) = 0.001
    expect(chi2).toBeLessThan(22.46);
  });

  it('normal() has mean 0 and variance 1', () => {
    const r = createRng(3);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.016);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });

  it('permutation(n) is a permutation and shuffle permutes in place', () => {
    const p = createRng(4).permutation(50);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const arr = [1, 2, 3, 4, 5];
    const out = createRng(4).shuffle(arr);
    expect(out).toBe(arr);
    expect([...arr].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('bad seeds and arguments throw typed errors', () => {
    expect(() => createRng(1.5)).toThrow(InputTypeError);
    expect(() => createRng(Number.NaN)).toThrow(InputTypeError);
    expect(() => createRng('1' as never)).toThrow(InputTypeError);
    expect(() => createRng(1).nextInt(0)).toThrow(InputRangeError);
    expect(() => createRng(1).permutation(-1)).toThrow(InputRangeError);
  });
});
