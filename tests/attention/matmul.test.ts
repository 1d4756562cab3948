import { describe, expect, it } from 'vitest';
import { attentionRollout } from '../../src/index.js';
import { matmulInto } from '../../src/attention/internal/matmul.js';
import { simdMatmul } from '../../src/attention/internal/matmulSimd.js';
import { createRng } from '../../src/random/index.js';

function naive(a: Float64Array, b: Float64Array, m: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + a[i * n + k]! * b[k * n + j]!;
  return c;
}

function random(len: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: len }, () => rng.next());
}

function maxRel(x: Float64Array, y: Float64Array): number {
  let d = 0;
  for (let q = 0; q < x.length; q++) d = Math.max(d, Math.abs(x[q]! - y[q]!) / Math.max(1e-300, Math.abs(y[q]!)));
  return d;
}

describe('rollout products (scalar and WebAssembly SIMD kernels)', () => {
  it('the SIMD kernel is available in Node and applies only to m % 4 = 0, n even', () => {
    const a = random(4 * 64, 1);
    const b = random(64 * 64, 2);
    expect(simdMatmul(new Float64Array(4 * 64), 0, a, 0, b, 0, 4, 64)).toBe(true);
    expect(simdMatmul(new Float64Array(3 * 64), 0, a, 0, b, 0, 3, 64)).toBe(false);
    expect(simdMatmul(new Float64Array(4 * 63), 0, a, 0, b, 0, 4, 63)).toBe(false);
  });

  for (const [m, n] of [[4, 64], [8, 66], [16, 64], [128, 128], [1, 64], [5, 65], [6, 96], [3, 8], [64, 200], [20, 130]] as const) {
    it(`matmulInto matches the naive product, m = ${m}, n = ${n}, with offsets`, () => {
      const a = random(m * n + 7, 10 + m);
      const b = random(n * n + 3, 20 + n);
      const c = new Float64Array(m * n + 5).fill(Number.NaN);
      matmulInto(c, 5, a, 7, b, 3, m, n);
      const ref = naive(a.subarray(7), b.subarray(3), m, n);
      expect(maxRel(c.subarray(5), ref)).toBeLessThan(1e-13);
      expect(Number.isNaN(c[4]!)).toBe(true);
    });
  }

  it('rollout through the SIMD kernel (n = 128) matches the naive product chain', () => {
    const L = 3;
    const n = 128;
    const rng = createRng(5);
    const att = new Float64Array(L * n * n);
    for (let r = 0; r < L * n; r++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += att[r * n + j] = Math.exp(2 * rng.next());
      for (let j = 0; j < n; j++) att[r * n + j] = att[r * n + j]! / s;
    }
    const got = attentionRollout({ data: att, shape: [L, n, n] }, { residual: false }).data;
    let r: Float64Array = att.slice(0, n * n);
    for (let l = 1; l < L; l++) r = naive(att.subarray(l * n * n, (l + 1) * n * n), r, n, n);
    expect(maxRel(got, r)).toBeLessThan(1e-12);
  });
});
