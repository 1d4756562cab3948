import { describe, expect, it } from 'vitest';
import { InputRangeError, topKKendallDistance, topKOverlap } from '../../src/index.js';
import { EPS, expectClose } from '../helpers/close.js';
import { loadFixture, num } from './helpers.js';

interface TopKCase {
  name: string;
  a: (number | string | null)[];
  b: (number | string | null)[];
  k: number;
  p: number;
  jainWallace: number;
}
const { topK } = loadFixture<{ topK: TopKCase[] }>('divergence.json');

describe("topKKendallDistance(a, b, { k, p }) equals Jain & Wallace's kendall_top_k", () => {
  // Oracle: runner.py's re-implementation of kendall_top_k (numpy argpartition sets, scipy tau-b),
  // on tie-free inputs where argpartition's choice is unambiguous. The arithmetic is the same
  // sequence of float operations, so 4·EPS.
  for (const c of topK) {
    it(c.name, () => {
      const a = c.a.map(num);
      const b = c.b.map(num);
      expectClose(topKKendallDistance(a, b, { k: c.k, p: c.p }), c.jainWallace, 4 * EPS, { floor: 4 * EPS });
    });
  }
});

describe('topKKendallDistance: closed forms', () => {
  it('identical order → 0; disjoint top lists → 1 (fagin) and the J&W value', () => {
    const a = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
    expect(topKKendallDistance(a, a, { k: 4 })).toBe(0);
    expect(topKKendallDistance(a, a, { k: 4, variant: 'fagin' })).toBe(0);
    const rev = a.slice().reverse();
    // k = 3: A = {0,1,2}, B = {7,8,9}, C = ∅. J&W: 2p·C(3,2)/(3+3)² = 3/36; Fagin: (9 + 0.5·6)/(9 + 0.5·6) = 1
    expectClose(topKKendallDistance(a, rev, { k: 3 }), 3 / 36, 4 * EPS);
    expect(topKKendallDistance(a, rev, { k: 3, variant: 'fagin' })).toBe(1);
  });
  it('fagin: same top set in reverse order → C(k,2)/(k² + p·k(k−1))', () => {
    const a = [5, 4, 3, 2, 1];
    const b = [1, 2, 3, 4, 5];
    // k = 5, all pairs discordant: 10 / (25 + 0.5·20)
    expectClose(topKKendallDistance(a, b, { k: 5, variant: 'fagin' }), 10 / 35, 4 * EPS);
    // J&W with k = n: τ = −1 → |C|²·1 / |C|² = 1
    expect(topKKendallDistance(a, b, { k: 5 })).toBe(1);
  });
  it('default k = min(n, max(10, ⌊0.1·n⌋)) and k > n is capped at n', () => {
    const a = Array.from({ length: 250 }, (_, i) => Math.sin(i));
    const b = Array.from({ length: 250 }, (_, i) => Math.cos(i));
    expect(topKKendallDistance(a, b)).toBe(topKKendallDistance(a, b, { k: 25 }));
    const s = [0.3, 0.1, 0.2];
    expect(topKKendallDistance(s, [0.1, 0.2, 0.3])).toBe(topKKendallDistance(s, [0.1, 0.2, 0.3], { k: 3 }));
    expect(topKKendallDistance(s, [0.1, 0.2, 0.3], { k: 99 })).toBe(topKKendallDistance(s, [0.1, 0.2, 0.3], { k: 3 }));
  });
});

describe('topKOverlap(a, b, k)', () => {
  it('counts shared top-k positions over k', () => {
    expect(topKOverlap([0.5, 0.2, 0.3], [0.1, 0.6, 0.3], 2)).toBe(0.5);
    expect(topKOverlap([1, 2, 3, 4], [4, 3, 2, 1], 2)).toBe(0);
    expect(topKOverlap([1, 2, 3, 4], [4, 3, 2, 1], 4)).toBe(1);
  });
  it('breaks ties by the lower index first (deterministic)', () => {
    // a: all tied → top-1 is position 0; b: position 0 is strictly largest
    expect(topKOverlap([1, 1, 1], [5, 0, 0], 1)).toBe(1);
    expect(topKOverlap([1, 1, 1], [0, 5, 0], 1)).toBe(0);
    expect(topKOverlap([2, 7, 7, 7], [0, 0, 1, 1], 2)).toBe(0.5); // {1,2} vs {2,3}
  });
  it('rejects k outside [1, n] with InputRangeError', () => {
    expect(() => topKOverlap([1, 2], [2, 1], 3)).toThrow(InputRangeError);
    expect(() => topKOverlap([1, 2], [2, 1], 0)).toThrow(InputRangeError);
  });
});
