import { describe, expect, it } from 'vitest';
import { bootstrapMean, pairedSignFlipTest, sortedQuantile } from '../../src/benchmark/internal/resampling.js';

describe('bootstrapMean', () => {
  it('gives the constant as mean and interval for constant data', () => {
    const r = bootstrapMean([2, 2, 2, 2], 500, 0.95, 1);
    expect(r).toEqual({ n: 4, mean: 2, std: 0, lower: 2, upper: 2 });
  });

  it('drops non-finite values and is NaN on nothing', () => {
    expect(bootstrapMean([1, Number.NaN, 3], 100, 0.9, 0).n).toBe(2);
    const empty = bootstrapMean([Number.NaN], 100, 0.9, 0);
    expect(empty.n).toBe(0);
    expect(empty.mean).toBeNaN();
    expect(empty.lower).toBeNaN();
  });

  it('brackets the mean, is repeatable per seed, and narrows with more data', () => {
    const small = Array.from({ length: 20 }, (_, i) => Math.sin(i) * 3);
    const big = Array.from({ length: 2000 }, (_, i) => Math.sin(i) * 3);
    const a = bootstrapMean(small, 1000, 0.95, 7);
    expect(a.lower).toBeLessThan(a.mean);
    expect(a.upper).toBeGreaterThan(a.mean);
    expect(bootstrapMean(small, 1000, 0.95, 7)).toEqual(a);
    const b = bootstrapMean(big, 1000, 0.95, 7);
    expect(b.upper - b.lower).toBeLessThan((a.upper - a.lower) / 5);
  });

  it('has close to the normal-theory width for a large sample (1.96 σ/√n)', () => {
    const x = Array.from({ length: 400 }, (_, i) => (i % 7) - 3);
    const r = bootstrapMean(x, 4000, 0.95, 3);
    const se = r.std / Math.sqrt(400);
    expect((r.upper - r.lower) / (2 * 1.96 * se)).toBeGreaterThan(0.9);
    expect((r.upper - r.lower) / (2 * 1.96 * se)).toBeLessThan(1.1);
  });
});

describe('sortedQuantile', () => {
  it('interpolates linearly as numpy does', () => {
    expect(sortedQuantile(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
    expect(sortedQuantile(Float64Array.of(1, 2, 3, 4), 0.25)).toBe(1.75);
  });
});

describe('pairedSignFlipTest', () => {
  it('is exact over all sign patterns for small n', () => {
    // d = [1, 2, 3]: of the 8 sign patterns only ±(1 + 2 + 3) reach |sum| ≥ 6 → p = 2/8
    const t = pairedSignFlipTest([2, 3, 4], [1, 1, 1], 200, 0.95, 0);
    expect(t.n).toBe(3);
    expect(t.meanDifference).toBe(2);
    expect(t.pValue).toBe(0.25);
    // d = [1, 1, 2]: |sum| = 4 is reached by (+,+,+), (−,−,−) only; |±1 ±1 ±2| ≤ 2 otherwise → 2/8
    expect(pairedSignFlipTest([1, 1, 2], [0, 0, 0], 200, 0.95, 0).pValue).toBe(0.25);
    // d = [1, −1]: every pattern has |sum| ≥ 0 → p = 1
    expect(pairedSignFlipTest([1, 0], [0, 1], 200, 0.95, 0).pValue).toBe(1);
  });

  it('finds a clear difference with many pairs and none between equal samples', () => {
    const a = Array.from({ length: 60 }, (_, i) => 1 + Math.cos(i));
    const b = a.map((x, i) => x - 0.5 + 0.1 * Math.sin(3 * i));
    const t = pairedSignFlipTest(a, b, 2000, 0.95, 1);
    expect(t.pValue).toBeLessThan(0.001);
    expect(t.lower).toBeGreaterThan(0);
    const same = pairedSignFlipTest(a, a, 2000, 0.95, 1);
    expect(same.meanDifference).toBe(0);
    expect(same.pValue).toBe(1);
  });

  it('skips pairs with a non-finite side', () => {
    expect(pairedSignFlipTest([1, Number.NaN, 3], [0, 0, 0], 100, 0.95, 0).n).toBe(2);
    expect(pairedSignFlipTest([Number.NaN], [0], 100, 0.95, 0).pValue).toBeNaN();
  });
});
