import { describe, expect, it } from 'vitest';
import {
  attentionRollout,
  attentionRolloutLayers,
  maxOverRows,
  rawAttentionReadout,
  rowReadout,
  toNested,
} from '../../src/index.js';
import { prepareAttention } from '../../src/attention/internal/prepareAttention.js';
import { expectClose } from '../helpers/close.js';

// REFERENCE §5 F1 (Abnar; heads already fused)
const A1 = [
  [0.6, 0.3, 0.1],
  [0.2, 0.5, 0.3],
  [0.1, 0.1, 0.8],
];
const A2 = [
  [0.3, 0.4, 0.3],
  [0.5, 0.25, 0.25],
  [0.2, 0.2, 0.6],
];
const F1_R2 = [0.5475, 0.255, 0.1975, 0.26875, 0.5125, 0.21875, 0.13, 0.13, 0.74];
const F1_R2_NORES = [0.29, 0.32, 0.39, 0.375, 0.3, 0.325, 0.22, 0.22, 0.56];

// REFERENCE §5 F2 (Gildenblat; [L, H, n, n] = [2, 2, 3, 3])
const F2 = [
  [
    [
      [0.5, 0.3, 0.2],
      [0.15, 0.6, 0.25],
      [0.05, 0.35, 0.6],
    ],
    [
      [0.7, 0.18, 0.12],
      [0.22, 0.45, 0.33],
      [0.28, 0.02, 0.7],
    ],
  ],
  [
    [
      [0.4, 0.36, 0.24],
      [0.55, 0.26, 0.19],
      [0.14, 0.23, 0.63],
    ],
    [
      [0.32, 0.41, 0.27],
      [0.48, 0.31, 0.21],
      [0.09, 0.38, 0.53],
    ],
  ],
];

describe('attentionRollout — REFERENCE F1 (Abnar & Zuidema)', () => {
  it('attentionRollout([A1, A2]) is the residual rollout R2 of compute_joint_attention', () => {
    const r = attentionRollout([A1, A2]);
    expect(r.shape).toEqual([3, 3]);
    expectClose(r.data, F1_R2, 1e-12);
  });
  it('attentionRollout([A1, A2], { residual: false }) is A2·A1', () => {
    expectClose(attentionRollout([A1, A2], { residual: false }).data, F1_R2_NORES, 1e-12);
  });
  it('maxOverRows(rollout) gives the SST-script relevance [.5475, .5125, .74]', () => {
    expectClose(maxOverRows(attentionRollout([A1, A2])), [0.5475, 0.5125, 0.74], 1e-12);
  });
  it('attentionRolloutLayers([A1, A2]) returns R1 = rownorm(A1 + I) and R2', () => {
    const r = attentionRolloutLayers([A1, A2]);
    expect(r.shape).toEqual([2, 3, 3]);
    expectClose(r.data.subarray(0, 9), [0.8, 0.15, 0.05, 0.1, 0.75, 0.15, 0.05, 0.05, 0.9], 1e-12);
    expectClose(r.data.subarray(9), F1_R2, 1e-12);
  });
  it('attentionRollout with outputs returns only those rows, in the order asked', () => {
    const r = attentionRollout([A1, A2], { outputs: [2, 0, 2] });
    expect(r.shape).toEqual([3, 3]);
    expectClose(r.data, [...F1_R2.slice(6), ...F1_R2.slice(0, 3), ...F1_R2.slice(6)], 1e-12);
  });
});

describe('attentionRollout — REFERENCE F2 (Gildenblat, fixed normalisation)', () => {
  // 6-decimal hand values
  it.each([
    ['mean', 0, [0.572325, 0.240175, 0.1875]],
    ['max', 0, [0.555874, 0.257973, 0.186153]],
    ['mean', 0.5, [0.677713, 0.287035, 0.035252]],
  ] as const)('attentionRollout(F2, { headFusion: %s, discardRatio: %s }) CLS row matches the "fixed" column', (headFusion, discardRatio, cls) => {
    const r = attentionRollout(F2, { headFusion, discardRatio });
    expectClose(rowReadout(r, 0), cls, 1e-6);
    // the "upstream" column (no keepdim) is not reproduced
  });
  it('the "upstream" (no keepdim) values differ from ours for max fusion and discard', () => {
    expect(Math.abs(rowReadout(attentionRollout(F2, { headFusion: 'max' }), 0)[1]! - 0.26176)).toBeGreaterThan(1e-3);
    expect(Math.abs(rowReadout(attentionRollout(F2, { discardRatio: 0.5 }), 0)[2]! - 0.044664)).toBeGreaterThan(1e-3);
  });
  it("Chefer's generate_rollout read-out: rowReadout(R, 0, { zeroColumns: [0] }) = [0, .240175, .1875]", () => {
    expectClose(rowReadout(attentionRollout(F2), 0, { zeroColumns: [0] }), [0, 0.240175, 0.1875], 1e-6);
  });
  it("Gildenblat's mask (CLS row without the CLS column, divided by its max) = [1, .780681]", () => {
    const cls = rowReadout(attentionRollout(F2), 0).subarray(1);
    const mx = Math.max(...cls);
    expectClose(Array.from(cls, (v) => v / mx), [1, 0.780681], 1e-6);
  });
  it('mean fusion without discard equals Abnar on the head mean', () => {
    const mean = F2.map((layer) => layer[0]!.map((row, i) => row.map((v, j) => (v + layer[1]![i]![j]!) / 2)));
    expectClose(attentionRollout(F2).data, attentionRollout(mean).data, 1e-14);
  });
});

/** The recipe of docs/rollout.md ("to get the upstream numbers"), verbatim. */
function gildenblatUpstream(fused: number[][][]): number[][] {
  const n = fused[0]!.length;
  let result: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (const f of fused) {
    const a = f.map((row, i) => row.map((v, j) => (v + (i === j ? 1 : 0)) / 2));
    const rowSums = a.map((row) => row.reduce((s, v) => s + v, 0));
    const bad = a.map((row) => row.map((v, j) => v / rowSums[j]!)); // column j ÷ sum of row j: the bug
    result = bad.map((row) => result[0]!.map((_, j) => row.reduce((s, v, k) => s + v * result[k]![j]!, 0)));
  }
  return result;
}

describe('docs/rollout.md recipe for Gildenblat upstream numbers', () => {
  const fuse = (fusion: 'mean' | 'max', ratio: number): number[][][] =>
    F2.map(([h1, h2]) => {
      const f = h1!.map((row, i) => row.map((v, j) => (fusion === 'mean' ? (v + h2![i]![j]!) / 2 : Math.max(v, h2![i]![j]!))));
      const flat = f.flat();
      const k = Math.floor(flat.length * ratio);
      const order = flat.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (const [, idx] of order.slice(0, k)) if (idx !== 0) f[Math.floor(idx / 3)]![idx % 3] = 0;
      return f;
    });
  it.each([
    ['mean', 0, [0.572325, 0.240175, 0.1875]],
    ['max', 0, [0.555895, 0.26176, 0.177453]],
    ['mean', 0.5, [0.677713, 0.316578, 0.044664]],
  ] as const)('reproduces REFERENCE F2 "upstream" (%s, discard %s)', (fusion, ratio, cls) => {
    expectClose(gildenblatUpstream(fuse(fusion, ratio))[0]!, cls, 1e-6);
  });
});

describe('attentionRollout options', () => {
  it('startLayer s multiplies layers s..L-1 only (Chefer)', () => {
    // with startLayer 1 of 2 layers the result is Â_2 = rownorm(A2 + I)
    const r = attentionRollout([A1, A2], { startLayer: 1 });
    expectClose(r.data, [0.65, 0.2, 0.15, 0.25, 0.625, 0.125, 0.1, 0.1, 0.8], 1e-12);
  });
  it('attentionRolloutLayers with startLayer returns L - startLayer matrices, the first being Â_start', () => {
    const r = attentionRolloutLayers([A1, A2, A1], { startLayer: 1 });
    expect(r.shape).toEqual([2, 3, 3]);
    expectClose(r.data.subarray(0, 9), attentionRollout([A2]).data, 1e-14);
    expectClose(r.data.subarray(9), attentionRollout([A1, A2, A1], { startLayer: 1 }).data, 1e-14);
  });
  it('attentionRolloutLayers with outputs keeps those rows of every R_l', () => {
    const full = attentionRolloutLayers([A1, A2, A1, A2]);
    const part = attentionRolloutLayers([A1, A2, A1, A2], { outputs: [1] });
    expect(part.shape).toEqual([4, 1, 3]);
    for (let l = 0; l < 4; l++) expectClose(part.data.subarray(l * 3, l * 3 + 3), full.data.subarray(l * 9 + 3, l * 9 + 6), 1e-14);
  });
  it('protectedCells: [] lets the discard zero the CLS cell; the default keeps it', () => {
    // layer where the [0,0] cell is the smallest: row 0 = [0.01, 0.495, 0.495]
    const a = [
      [0.01, 0.495, 0.495],
      [0.3, 0.4, 0.3],
      [0.3, 0.3, 0.4],
    ];
    const kept = attentionRollout([a], { discardRatio: 0.12, residual: false }); // floor(9·0.12) = 1 cell
    const dropped = attentionRollout([a], { discardRatio: 0.12, residual: false, protectedCells: [] });
    expectClose(kept.data.subarray(0, 3), [0.01, 0.495, 0.495], 1e-12);
    expectClose(dropped.data.subarray(0, 3), [0, 0.5, 0.5], 1e-12);
  });
  it('a row entirely discarded without the residual stays zero', () => {
    const a = [
      [0.01, 0.01, 0.98],
      [0.02, 0.02, 0.96],
      [0.03, 0.03, 0.94],
    ];
    // floor(9·0.7) = 6 smallest cells are columns 0 and 1; each row keeps only column 2
    const r = attentionRollout([a], { discardRatio: 0.7, residual: false, protectedCells: [] });
    expectClose(r.data, [0, 0, 1, 0, 0, 1, 0, 0, 1], 1e-15);
    const z = attentionRollout([[[0.5, 0.5], [0.5, 0.5]]], { discardRatio: 0.75, residual: false, protectedCells: [] });
    expectClose(z.data, [0, 0, 0, 1], 1e-15); // three cells dropped, row 0 is empty
  });
  it('rowSumTolerance: Infinity accepts non-negative weights that are not distributions', () => {
    const w = [[[2, 0], [1, 1]]];
    expect(() => attentionRollout(w)).toThrow(RangeError);
    expectClose(attentionRollout(w, { rowSumTolerance: Infinity }).data, [1, 0, 1 / 3, 2 / 3], 1e-15);
  });
  it('rowSumTolerance admits float32 softmax rows by default', () => {
    // float32 rounding leaves these rows summing to 1 ± ~1e-8, not exactly 1
    const sq = new Float32Array([0.1, 0.7, 0.2, 0.3, 0.3, 0.4, 0.25, 0.25, 0.5]);
    expect(() => attentionRollout({ data: sq, shape: [1, 3, 3] })).not.toThrow();
    expect(() => attentionRollout({ data: sq, shape: [1, 3, 3] }, { rowSumTolerance: 0 })).toThrow(RangeError);
  });
});

describe('attentionRollout input forms, purity', () => {
  const stack = new Float64Array(F2.flat(3));
  it('accepts nested arrays, { data, shape }, { data, dims } and Float32Array data alike', () => {
    const ref = attentionRollout(F2).data;
    expectClose(attentionRollout({ data: stack, shape: [2, 2, 3, 3] }).data, ref, 1e-15);
    expectClose(attentionRollout({ data: Array.from(stack), dims: [2, 2, 3, 3] }).data, ref, 1e-15);
    expectClose(attentionRollout({ data: Float32Array.from(stack), shape: [2, 2, 3, 3] }).data, ref, 1e-6);
  });
  it('never mutates the input and never aliases it', () => {
    const copy = stack.slice();
    const r1 = attentionRollout({ data: stack, shape: [2, 2, 3, 3] }, { discardRatio: 0.5, headFusion: 'max' });
    const r2 = attentionRolloutLayers({ data: stack, shape: [2, 2, 3, 3] });
    const single = { data: new Float64Array([0.5, 0.5, 0.5, 0.5]), shape: [1, 2, 2] };
    const r3 = attentionRollout(single, { residual: false });
    expect(stack).toEqual(copy);
    expect(single.data).toEqual(new Float64Array([0.5, 0.5, 0.5, 0.5]));
    for (const r of [r1, r2, r3]) {
      expect(r.data).toBeInstanceOf(Float64Array);
      expect(r.data.buffer).not.toBe(stack.buffer);
      expect(r.data.buffer).not.toBe(single.data.buffer);
      expect(r.data.byteLength).toBe(r.data.buffer.byteLength); // not a view on a larger buffer
    }
  });
  it('toNested turns the result into rows', () => {
    const rows = toNested(attentionRollout([A1, A2], { outputs: [0] })) as number[][];
    expect(rows.length).toBe(1);
    expectClose(rows[0]!, F1_R2.slice(0, 3), 1e-12);
  });
  it('n = 1 and L = 1 work (a single token attends to itself)', () => {
    expect(Array.from(attentionRollout([[[1]]]).data)).toEqual([1]);
    expect(Array.from(attentionRollout([[[[1]], [[1]]]], { headFusion: 'min' }).data)).toEqual([1]);
  });
});

describe('read-out helpers', () => {
  it('maxOverRows accepts { data, shape } and nested rows', () => {
    expect(Array.from(maxOverRows({ data: [1, 5, 3, 2], shape: [2, 2] }))).toEqual([3, 5]);
    expect(Array.from(maxOverRows([[0.2, 0.8]]))).toEqual([0.2, 0.8]);
  });
  it('rowReadout returns a fresh copy of the row', () => {
    const m = { data: new Float64Array([1, 2, 3, 4]), shape: [2, 2] };
    const r = rowReadout(m, 1);
    expect(Array.from(r)).toEqual([3, 4]);
    r[0] = 99;
    expect(m.data[2]).toBe(3);
  });
  it('rawAttentionReadout(row) renormalises the head sum of that row (SV script)', () => {
    const att = [[[[0.5, 0.5], [0.2, 0.8]], [[0.7, 0.3], [0.4, 0.6]]]];
    expectClose(rawAttentionReadout(att, 0, { row: 1 }), [0.3, 0.7], 1e-15);
    expectClose(rawAttentionReadout(att, 0), [0.6, 0.4], 1e-15); // default row 0
  });
  it('rawAttentionReadout(maxOverRows) is the max over rows of the head mean (SST script)', () => {
    const att = [[[[0.5, 0.5], [0.2, 0.8]], [[0.7, 0.3], [0.4, 0.6]]]];
    expectClose(rawAttentionReadout(att, 0, { reduce: 'maxOverRows' }), [0.6, 0.7], 1e-15);
  });
  it('rawAttentionReadout reads only the chosen layer (another layer may be invalid)', () => {
    const att = [
      [[0.5, 0.5], [0.2, 0.8]],
      [[0.9, 0.9], [0.2, 0.8]],
    ];
    expectClose(rawAttentionReadout(att, 0, { row: 1 }), [0.2, 0.8], 1e-15);
    expect(() => rawAttentionReadout(att, 1)).toThrow(RangeError);
  });
});

describe('prepareAttention (shared by rollout and flow)', () => {
  it('returns Â = rownorm(mean_h A + I) per layer with { layers, n }', () => {
    const p = prepareAttention('t', F2);
    expect(p.layers).toBe(2);
    expect(p.n).toBe(3);
    // layer 1 head mean row 0 = [.6, .24, .16] -> (+I)/2 = [.8, .12, .08]
    expectClose(p.data.subarray(0, 3), [0.8, 0.12, 0.08], 1e-15);
  });
  it('residual: false with mean fusion leaves Ā (rows already sum to 1)', () => {
    expectClose(prepareAttention('t', [A1, A2], { residual: false }).data, [...A1.flat(), ...A2.flat()], 1e-15);
  });
  it('residual: false with max fusion row-normalises Ā', () => {
    const p = prepareAttention('t', F2, { residual: false, headFusion: 'max' });
    // layer 1 max row 0 = [.7, .3, .2] / 1.2
    expectClose(p.data.subarray(0, 3), [0.7 / 1.2, 0.3 / 1.2, 0.2 / 1.2], 1e-15);
  });
  it('errors name the calling function', () => {
    expect(() => prepareAttention('attentionFlow', [[[1, 0], [0.5, 0.6]]])).toThrow(/^attentionFlow: /);
  });
});

describe('ATTENTION_ROLLOUT_DEFAULTS', () => {
  it('states the defaults attentionRollout applies (Abnar: mean fusion, residual, no discard, all layers)', async () => {
    const { ATTENTION_ROLLOUT_DEFAULTS, attentionRollout: rollout } = await import('../../src/index.js');
    expect(ATTENTION_ROLLOUT_DEFAULTS).toMatchObject({ headFusion: 'mean', residual: true, discardRatio: 0, rowSumTolerance: 1e-5, startLayer: 0 });
    expect(Object.isFrozen(ATTENTION_ROLLOUT_DEFAULTS)).toBe(true);
    const a = [
      [[[0.6, 0.4], [0.1, 0.9]], [[0.2, 0.8], [0.5, 0.5]]],
      [[[0.3, 0.7], [0.8, 0.2]], [[0.9, 0.1], [0.4, 0.6]]],
    ];
    const { headFusion, residual, discardRatio, rowSumTolerance, startLayer } = ATTENTION_ROLLOUT_DEFAULTS;
    expect(Array.from(rollout(a).data)).toEqual(Array.from(rollout(a, { headFusion, residual, discardRatio, rowSumTolerance, startLayer }).data));
  });
});
