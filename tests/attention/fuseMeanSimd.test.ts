import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attentionRollout, createRng, InputRangeError } from '../../src/index.js';
import { MODULE_BYTES, simdFuseAvailable, simdFuseMean } from '../../src/attention/internal/fuseMeanSimd.js';
import { fuseHeads, fuseHeadsScalar, normalizeStack, type StackShape } from '../../src/attention/internal/prepareAttention.js';
import { EPS, expectClose } from '../helpers/close.js';

type Float = Float32Array | Float64Array;

/** Seeded softmax stack `[L, H, n, n]` of the given element type (rows sum to 1 in float64, then rounded). */
function stackOf(kind: 'f32' | 'f64', L: number, H: number, n: number, seed: number): Float {
  const rng = createRng(seed);
  const d = kind === 'f32' ? new Float32Array(L * H * n * n) : new Float64Array(L * H * n * n);
  const row = new Float64Array(n);
  for (let r = 0; r < L * H * n; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += row[j] = Math.exp(2 * rng.normal());
    for (let j = 0; j < n; j++) d[r * n + j] = row[j]! / s;
  }
  return d;
}

function stackShape(data: Float, L: number, H: number, n: number): StackShape {
  return normalizeStack('test', { data, shape: [L, H, n, n] });
}

/** Both kernels over layers [l0, l1): fused head sums and row sums. */
function both(st: StackShape, l0 = 0, l1 = st.layers): { simd: [Float64Array, Float64Array]; js: [Float64Array, Float64Array] } {
  const { n } = st;
  const run = (f: typeof fuseHeads): [Float64Array, Float64Array] => {
    const out = new Float64Array((l1 - l0) * n * n).fill(Number.NaN);
    const rows = new Float64Array((l1 - l0) * n).fill(Number.NaN);
    f('test', 'attention', st, 'mean', 1e-5, l0, l1, out, rows);
    return [out, rows];
  };
  return { simd: run(fuseHeads), js: run(fuseHeadsScalar) };
}

/** The error a call throws (fails the test if it returns). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  expect.fail('expected an error');
}

/** Tolerance for sums of n non-negative terms in two groupings: the documented bound 2(n − 1)·2⁻⁵³ = (n − 1)·EPS. */
const sumTol = (n: number): number => Math.max(1, n - 1) * EPS;

const generator = fileURLToPath(new URL('../../src/attention/internal/fuseMeanSimd.gen.py', import.meta.url));

describe('mean head fusion: WebAssembly SIMD kernel (fuseMeanSimd.ts) against the scalar kernel', () => {
  it('the embedded module is what fuseMeanSimd.gen.py generates, and is under 4 KB', () => {
    const printed = execFileSync('python3', [generator], { encoding: 'utf8' });
    const bytes = printed.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
    expect(bytes.length).toBe(MODULE_BYTES.length);
    expect(Array.from(MODULE_BYTES)).toEqual(bytes);
    // Chromium compiles a module synchronously on the main thread only up to 4 KB
    expect(MODULE_BYTES.length).toBeLessThan(4096);
  });

  it('the SIMD kernel is available in Node and runs for Float32Array and Float64Array stacks', () => {
    expect(simdFuseAvailable()).toBe(true);
    for (const kind of ['f32', 'f64'] as const) {
      const n = 6;
      const H = 3;
      const data = stackOf(kind, 1, H, n, 3);
      const out = new Float64Array(n * n);
      const sums = new Float64Array(n * H);
      expect(simdFuseMean(data, 0, H, n, out, 0, sums)).toBe(0);
      expectClose(sums, new Float64Array(n * H).fill(1), 1e-6);
    }
  });

  const shapes: Array<[number, number, number]> = []; // [L, H, n]
  for (const H of [1, 2, 3, 4, 5, 12]) for (const n of [1, 2, 3, 4, 5, 7, 8, 13, 64, 67]) shapes.push([2, H, n]);
  shapes.push([3, 6, 31], [1, 7, 130], [2, 8, 2]);

  for (const kind of ['f32', 'f64'] as const) {
    it(`simdFuseMean (the kernel, every layer size) on ${kind} stacks: head sums equal the scalar kernel's, row sums to (n − 1)·EPS`, () => {
      for (const [L, H, n] of shapes) {
        const data = stackOf(kind, L, H, n, 100 * H + n);
        const nn = n * n;
        const ref = new Float64Array(L * nn);
        fuseHeadsScalar('test', 'attention', stackShape(data, L, H, n), 'mean', 1e-5, 0, L, ref);
        const out = new Float64Array(L * nn).fill(Number.NaN);
        for (let l = 0; l < L; l++) {
          const sums = new Float64Array(n * H).fill(Number.NaN);
          expect(simdFuseMean(data, l * H * nn, H, n, out, l * nn, sums)).toBe(0);
          const naive = new Float64Array(n * H);
          for (let h = 0; h < H; h++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) naive[i * H + h] += data[((l * H + h) * n + i) * n + j]!;
          expectClose(sums, naive, sumTol(n), { label: `head-row sums [${L}, ${H}, ${n}] layer ${l}` });
        }
        expect(Array.from(out), `head sums [${L}, ${H}, ${n}]`).toEqual(Array.from(ref));
      }
    });

    it(`fuseHeads equals fuseHeadsScalar on ${kind} stacks: fused sums exactly, row sums to (n − 1)·EPS (${shapes.length} shapes)`, () => {
      for (const [L, H, n] of shapes) {
        const data = stackOf(kind, L, H, n, 100 * H + n);
        const before = data.slice();
        const st = stackShape(data, L, H, n);
        const { simd, js } = both(st);
        expect(Array.from(simd[0]), `fused [${L}, ${H}, ${n}]`).toEqual(Array.from(js[0]));
        expectClose(simd[1], js[1], sumTol(n), { label: `row sums [${L}, ${H}, ${n}]` });
        expect(Array.from(data), 'input unchanged').toEqual(Array.from(before));
      }
    });
  }

  it('several chunks per layer (n = 400, H = 5, Float32Array, 131 rows per chunk) and a layer range', () => {
    const [L, H, n] = [3, 5, 400];
    const data = stackOf('f32', L, H, n, 9);
    const st = stackShape(data, L, H, n);
    const { simd, js } = both(st, 1, 3);
    expect(simd[0]).toEqual(js[0]);
    expectClose(simd[1], js[1], sumTol(n));
  });

  it('several chunks per layer (n = 300, H = 12, Float64Array, a last chunk of 12 rows)', () => {
    const [L, H, n] = [1, 12, 300];
    const data = stackOf('f64', L, H, n, 10);
    const { simd, js } = both(stackShape(data, L, H, n));
    expect(simd[0]).toEqual(js[0]);
    expectClose(simd[1], js[1], sumTol(n));
  });

  it('writes only its own layers of `out` and of `rowSums`', () => {
    const [L, H, n] = [3, 4, 17];
    const st = stackShape(stackOf('f32', L, H, n, 11), L, H, n);
    const out = new Float64Array(L * n * n).fill(-7);
    const rows = new Float64Array(L * n).fill(-7);
    fuseHeads('test', 'attention', st, 'mean', 1e-5, 1, 2, out.subarray(n * n, 2 * n * n), rows.subarray(n, 2 * n));
    expect(out.subarray(0, n * n).every((v) => v === -7) && out.subarray(2 * n * n).every((v) => v === -7)).toBe(true);
    expect(rows.subarray(0, n).every((v) => v === -7) && rows.subarray(2 * n).every((v) => v === -7)).toBe(true);
    expect(out.subarray(n * n, 2 * n * n).every((v) => v > 0)).toBe(true);
  });

  it('a −0 is a valid value (the fused sums stay equal as numbers; an all −0 cell gives +0 above H·n² = 1024)', () => {
    const [L, H, n] = [1, 5, 15];
    for (const kind of ['f32', 'f64'] as const) {
      const data = stackOf(kind, L, H, n, 12);
      for (let h = 0; h < H; h++) {
        const b = h * n * n + 2 * n; // row 2: move column 5's weight to column 0 and store −0 there
        data[b] = data[b]! + data[b + 5]!;
        data[b + 5] = -0;
      }
      const { simd, js } = both(stackShape(data, L, H, n));
      expect(simd[0].every((v, q) => v === js[0][q])).toBe(true);
      // the one documented difference: an all −0 cell sums to +0 in the SIMD kernel (−0 in the scalar one)
      expect(simd[0][2 * n + 5]).toBe(0);
      expect(js[0][2 * n + 5]).toBe(-0);
      expectClose(simd[1], js[1], sumTol(n));
    }
  });

  it('fuseHeads sends a layer of H·n² < 1024 values to the scalar kernel (the −0 cell stays −0)', () => {
    const [L, H, n] = [1, 5, 14]; // 980 values
    const data = stackOf('f32', L, H, n, 12);
    for (let h = 0; h < H; h++) {
      const b = h * n * n;
      data[b] = data[b]! + data[b + 1]!;
      data[b + 1] = -0;
    }
    const out = fuseHeads('test', 'attention', stackShape(data, L, H, n), 'mean', 1e-5);
    expect(out[1]).toBe(-0);
  });

  describe('bad values: the same error class and message as the scalar kernel', () => {
    // [label, value, how it is placed]: 'set' writes it; 'scale' multiplies the whole row (a bad row sum)
    const kinds: Array<[string, number, 'set' | 'scale']> = [
      ['NaN', Number.NaN, 'set'],
      ['+Infinity', Number.POSITIVE_INFINITY, 'set'],
      ['−Infinity', Number.NEGATIVE_INFINITY, 'set'],
      ['a negative value', -1e-3, 'set'],
      ['a tiny negative value', -1e-30, 'set'],
      ['a row summing to 1.5', 1.5, 'scale'],
      ['a row summing to 0.9', 0.9, 'scale'],
      ['an all-zero row', 0, 'scale'],
    ];
    const shapesBad: Array<[number, number, number]> = [
      // H·n² ≥ 1024, so that fuseHeads runs the SIMD kernel
      [2, 12, 13], // quads only; n = 4·3 + 1: a vector part and a tail
      [2, 5, 15], // a quad and a single head
      [1, 3, 19], // a pair and a single head
      [2, 1, 33], // one head
      [1, 2, 24], // one pair, no tail
    ];
    for (const kind of ['f32', 'f64'] as const) {
      for (const [L, H, n] of shapesBad) {
        it(`${kind} [${L}, ${H}, ${n}, ${n}]: every kind at first/middle/last head, row and column`, () => {
          const base = stackOf(kind, L, H, n, 7 * H + n);
          const positions: Array<[number, number, number, number]> = []; // l, h, i, j
          for (const l of [0, L - 1]) for (const h of [0, H >> 1, H - 1]) for (const i of [0, n - 1]) for (const j of [0, n >> 1, n - 1]) positions.push([l, h, i, j]);
          for (const [label, v, how] of kinds) {
            for (const [l, h, i, j] of how === 'set' ? positions : positions.filter((q) => q[3] === 0)) {
              const data = base.slice();
              const b = ((l * H + h) * n + i) * n;
              if (how === 'set') data[b + j] = v;
              else for (let c = 0; c < n; c++) data[b + c] = data[b + c]! * v;
              const before = data.slice();
              const st = stackShape(data, L, H, n);
              const e1 = thrown(() => fuseHeads('attentionFlow', 'attention', st, 'mean', 1e-5));
              const e2 = thrown(() => fuseHeadsScalar('attentionFlow', 'attention', st, 'mean', 1e-5));
              const where = `${label} at [${l}, ${h}, ${i}, ${j}]`;
              expect(e1, where).toBeInstanceOf(InputRangeError);
              expect(e1.constructor, where).toBe(e2.constructor);
              expect(e1.message, where).toBe(e2.message);
              expect(Array.from(data), `${where}: input unchanged`).toEqual(Array.from(before));
            }
          }
        });
      }
    }

    it('with several bad rows, the one the scalar kernel meets first is named (head groups before rows)', () => {
      const [L, H, n] = [1, 12, 10];
      const data = stackOf('f32', L, H, n, 13);
      data[(9 * n + 0) * n + 3] = Number.NaN; // head 9 (third group of four), row 0
      data[(2 * n + 6) * n + 1] = -0.5; // head 2 (first group), row 6: met first
      data[(0 * n + 7) * n + 0] = Number.POSITIVE_INFINITY; // head 0, row 7: after row 6
      const st = stackShape(data, L, H, n);
      const e1 = thrown(() => fuseHeads('attentionRollout', 'attention', st, 'mean', 1e-5));
      const e2 = thrown(() => fuseHeadsScalar('attentionRollout', 'attention', st, 'mean', 1e-5));
      expect(e1.message).toBe(e2.message);
      expect(e1.message).toMatch(/attention\[0\]\[2\]\[6\]\[1\] must be non-negative/);
    });

    it('a bad value in the second layer after a valid first one; a valid stack after a rejected one', () => {
      const [L, H, n] = [2, 4, 17];
      const good = stackOf('f32', L, H, n, 14);
      const bad = good.slice();
      bad[((1 * H + 3) * n + 4) * n + 8] = Number.NaN;
      const e = thrown(() => fuseHeads('attentionRollout', 'attention', stackShape(bad, L, H, n), 'mean', 1e-5));
      expect(e.message).toMatch(/attention\[1\]\[3\]\[4\]\[8\] must be finite \(got NaN\)/);
      const { simd, js } = both(stackShape(good, L, H, n));
      expect(simd[0]).toEqual(js[0]);
      expectClose(simd[1], js[1], sumTol(n));
    });

    it('through the public API: attentionRollout on a Float32Array stack', () => {
      const [L, H, n] = [2, 12, 16];
      const data = stackOf('f32', L, H, n, 15);
      data[((1 * H + 11) * n + 15) * n + 15] = -1;
      expect(() => attentionRollout({ data, shape: [L, H, n, n] })).toThrow(/^attentionRollout: attention\[1\]\[11\]\[15\]\[15\] must be non-negative/);
    });
  });
});

describe('mean head fusion without WebAssembly SIMD (fallback)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  const cases: Array<[string, unknown]> = [
    ['no WebAssembly', undefined],
    ['WebAssembly without SIMD (validate fails)', { validate: () => false }],
    ['the module fails to compile', { validate: () => true, Module: class { constructor() { throw new Error('no'); } } }],
  ];
  for (const [label, wasm] of cases) {
    it(`${label}: the scalar kernel runs, with the same results and errors`, async () => {
      const [L, H, n] = [2, 5, 15];
      const data = stackOf('f32', L, H, n, 16);
      const st = stackShape(data, L, H, n);
      const ref = both(st).simd;
      vi.stubGlobal('WebAssembly', wasm);
      vi.resetModules();
      const simd = await import('../../src/attention/internal/fuseMeanSimd.js');
      const prep = await import('../../src/attention/internal/prepareAttention.js');
      expect(simd.simdFuseAvailable()).toBe(false);
      expect(simd.simdFuseMean(data, 0, H, n, new Float64Array(n * n), 0, new Float64Array(n * H))).toBe(-1);
      const out = new Float64Array(L * n * n);
      const rows = new Float64Array(L * n);
      prep.fuseHeads('test', 'attention', st, 'mean', 1e-5, 0, L, out, rows);
      expect(out).toEqual(ref[0]);
      expectClose(rows, ref[1], sumTol(n));
      const bad = data.slice();
      bad[(1 * H + 4) * n * n + 3] = Number.NaN;
      expect(() => prep.fuseHeads('test', 'attention', stackShape(bad, L, H, n), 'mean', 1e-5)).toThrow(/attention\[1\]\[4\]\[0\]\[3\] must be finite/);
    });
  }
});
