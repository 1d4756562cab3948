import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attentionRollout } from '../../src/index.js';
import { matmulInto } from '../../src/attention/internal/matmul.js';
import { MODULE_BYTES, simdMatmul } from '../../src/attention/internal/matmulSimd.js';
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

/**
 * The reference order of operations: c = (((0 + a₀·b₀) + a₁·b₁) + …) with every product and sum rounded to
 * float64 (JavaScript never fuses a multiply and an add).
 */
function ordered(a: Float64Array, b: Float64Array, m: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s = s + a[i * n + k]! * b[k * n + j]!;
      c[i * n + j] = s;
    }
  }
  return c;
}

/**
 * The module this kernel replaced (commit 9acd8f9, 454 bytes: C += A·B, four rows of C from two rows of B per
 * step, C loaded and stored per pair of k), kept to show the new kernel gives the same bits.
 */
const PREVIOUS_BYTES = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 9, 1, 96, 5, 127, 127, 127, 127, 127, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1, 7, 15,
  2, 6, 109, 101, 109, 111, 114, 121, 2, 0, 2, 109, 109, 0, 0, 10, 150, 3, 1, 147, 3, 2, 9, 127, 10, 123, 32, 4, 65, 3,
  116, 33, 8, 65, 0, 33, 5, 2, 64, 3, 64, 32, 5, 32, 3, 79, 13, 1, 32, 5, 32, 8, 108, 34, 13, 32, 0, 106, 33, 9,
  32, 13, 32, 1, 106, 33, 10, 65, 0, 33, 6, 2, 64, 3, 64, 32, 6, 32, 4, 79, 13, 1, 32, 10, 32, 6, 65, 3, 116, 106,
  33, 12, 32, 12, 43, 3, 0, 253, 20, 33, 14, 32, 12, 43, 3, 8, 253, 20, 33, 15, 32, 12, 32, 8, 106, 33, 12, 32, 12, 43,
  3, 0, 253, 20, 33, 16, 32, 12, 43, 3, 8, 253, 20, 33, 17, 32, 12, 32, 8, 106, 33, 12, 32, 12, 43, 3, 0, 253, 20, 33,
  18, 32, 12, 43, 3, 8, 253, 20, 33, 19, 32, 12, 32, 8, 106, 33, 12, 32, 12, 43, 3, 0, 253, 20, 33, 20, 32, 12, 43, 3,
  8, 253, 20, 33, 21, 32, 6, 32, 8, 108, 32, 2, 106, 33, 11, 65, 0, 33, 7, 2, 64, 3, 64, 32, 7, 32, 8, 79, 13, 1,
  32, 11, 32, 7, 106, 34, 12, 253, 0, 3, 0, 33, 22, 32, 12, 32, 8, 106, 253, 0, 3, 0, 33, 23, 32, 9, 32, 7, 106, 33,
  13, 32, 13, 32, 13, 253, 0, 3, 0, 32, 14, 32, 22, 253, 242, 1, 253, 240, 1, 32, 15, 32, 23, 253, 242, 1, 253, 240, 1, 253,
  11, 3, 0, 32, 13, 32, 8, 106, 33, 13, 32, 13, 32, 13, 253, 0, 3, 0, 32, 16, 32, 22, 253, 242, 1, 253, 240, 1, 32, 17,
  32, 23, 253, 242, 1, 253, 240, 1, 253, 11, 3, 0, 32, 13, 32, 8, 106, 33, 13, 32, 13, 32, 13, 253, 0, 3, 0, 32, 18, 32,
  22, 253, 242, 1, 253, 240, 1, 32, 19, 32, 23, 253, 242, 1, 253, 240, 1, 253, 11, 3, 0, 32, 13, 32, 8, 106, 33, 13, 32, 13,
  32, 13, 253, 0, 3, 0, 32, 20, 32, 22, 253, 242, 1, 253, 240, 1, 32, 21, 32, 23, 253, 242, 1, 253, 240, 1, 253, 11, 3, 0,
  32, 7, 65, 16, 106, 33, 7, 12, 0, 11, 11, 32, 6, 65, 2, 106, 33, 6, 12, 0, 11, 11, 32, 5, 65, 4, 106, 33, 5, 12,
  0, 11, 11, 11,
]);

function previousKernel(a: Float64Array, b: Float64Array, m: number, n: number): Float64Array {
  // the project's lib setting has no WebAssembly types
  const wasm = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: unknown } } }).WebAssembly;
  const e = new wasm.Instance(new wasm.Module(PREVIOUS_BYTES), {}).exports as {
    memory: { buffer: ArrayBuffer; grow(pages: number): number };
    mm: (c: number, a: number, b: number, m: number, n: number) => void;
  };
  const mn = m * n;
  const nn = n * n;
  e.memory.grow(Math.ceil(((2 * mn + nn) * 8) / 65536));
  const heap = new Float64Array(e.memory.buffer, 0, 2 * mn + nn);
  heap.set(a, 0);
  heap.set(b, mn);
  e.mm((mn + nn) * 8, 0, mn * 8, m, n);
  return heap.slice(mn + nn);
}

/** Bit patterns, so that −0 and +0 (and NaN payloads) count as different. */
const bits = (x: Float64Array): bigint[] => Array.from(new BigUint64Array(x.buffer, x.byteOffset, x.length));

const generator = fileURLToPath(new URL('../../src/attention/internal/matmulSimd.gen.py', import.meta.url));

describe('rollout products (scalar and WebAssembly SIMD kernels)', () => {
  it('the embedded module is what matmulSimd.gen.py generates (writing no file), and is under 4 KB', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mmgen-'));
    try {
      const printed = execFileSync('python3', [generator], { encoding: 'utf8', cwd });
      const bytes = printed.split(',').map((t) => t.trim()).filter((t) => t !== '').map(Number);
      expect(bytes.length).toBe(MODULE_BYTES.length);
      expect(Array.from(MODULE_BYTES)).toEqual(bytes);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
    // Chromium compiles a module synchronously on the main thread only up to 4 KB
    expect(MODULE_BYTES.length).toBeLessThan(4096);
  });

  it('the register-tiled SIMD kernel gives the bits of the previous kernel and of the in-order sum, every shape', () => {
    const rng = createRng(17);
    // zeros (and −0), negatives, a wide range of magnitudes: every rounding of every product and sum shows
    const value = (): number => {
      const u = rng.next();
      if (u < 0.08) return 0;
      if (u < 0.1) return -0;
      const x = rng.next() * 2 ** Math.floor(rng.next() * 40 - 20);
      return u < 0.35 ? -x : x;
    };
    for (const m of [4, 8, 12, 64, 512]) {
      for (const n of [2, 4, 6, 30, 64, 130, 512]) {
        const a = Float64Array.from({ length: m * n }, value);
        const b = Float64Array.from({ length: n * n }, value);
        // with offsets into larger arrays, and C around a sentinel
        const aBig = new Float64Array(m * n + 3);
        aBig.set(a, 3);
        const bBig = new Float64Array(n * n + 5);
        bBig.set(b, 5);
        const c = new Float64Array(m * n + 2).fill(Number.NaN);
        expect(simdMatmul(c, 1, aBig, 3, bBig, 5, m, n)).toBe(true);
        expect(Number.isNaN(c[0]!) && Number.isNaN(c[m * n + 1]!)).toBe(true);
        const got = bits(c.subarray(1, m * n + 1));
        const prev = bits(previousKernel(a, b, m, n));
        const first = got.findIndex((x, q) => x !== prev[q]);
        expect(first, `m = ${m}, n = ${n}: first differing cell against the previous kernel`).toBe(-1);
        if (m * n * n <= 2 ** 24) {
          const ref = bits(ordered(a, b, m, n));
          expect(got.findIndex((x, q) => x !== ref[q]), `m = ${m}, n = ${n}: against the in-order sum`).toBe(-1);
        }
      }
    }
  });

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
