import { describe, expect, it } from 'vitest';
import { AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { isClose, linearModelAdapter } from '../../src/testing/index.js';
import { centralDifferences, t } from './helpers.js';

// C = 2 classes, n = 3 positions, d = 2.
const W = [
  [
    [1, 2],
    [3, -4],
    [0.5, 6],
  ],
  [
    [-1, 0],
    [0.25, 0.5],
    [2, -2],
  ],
];
const bias = [0.1, -0.2];
const table = [
  [0.1, 0.2],
  [0.3, -0.4],
  [1, 2],
  [-1, 0.5],
];
const model = linearModelAdapter({ weights: W, bias, embeddings: table });

/** F_c(x) = bias_c + Σ_i Σ_k W[c][i][k] x[i][k] written out by hand for x of shape [n', 2]. */
function closedForm(x: number[][], c: number, mask?: number[]): number {
  let s = bias[c]!;
  x.forEach((row, i) => row.forEach((v, k) => (s += (mask?.[i] ?? 1) * W[c]![i]![k]! * v)));
  return s;
}

describe('linearModelAdapter', () => {
  it('linearModelAdapter(...).info describes a logits model without attention', () => {
    expect(model.info).toEqual({ name: 'linear model', numClasses: 2, outputKind: 'logits', embeddingDim: 2, maxLength: 3, vocabSize: 4 });
    expect(model.info.attention).toBeUndefined();
  });

  it('embed(tokens) looks rows up in the embedding table and returns fresh buffers', async () => {
    const a = await model.embed([2, 0]);
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.data)).toEqual([1, 2, 0.1, 0.2]);
    const b = await model.embed([2, 0]);
    expect(b.data).not.toBe(a.data);
    await expect(model.embed([4])).rejects.toThrow(InputRangeError);
    await expect(model.embed([1.5])).rejects.toThrow(InputTypeError);
    await expect(model.embed([0, 1, 2, 3])).rejects.toThrow(ShapeMismatchError);
  });

  it('forward computes F_c(x) = bias_c + Σ W[c,i,k] x[i,k] per class (closed form)', async () => {
    const x1 = [
      [1, 2],
      [0.5, -1],
      [3, 0.25],
    ];
    const x2 = [
      [-2, 1],
      [0, 4],
      [1, 1],
    ];
    const { outputs } = await model.forward(t([...x1.flat(), ...x2.flat()], [2, 3, 2]));
    expect(outputs.shape).toEqual([2, 2]);
    expect(isClose(outputs.data, [closedForm(x1, 0), closedForm(x1, 1), closedForm(x2, 0), closedForm(x2, 1)], { rtol: 1e-15, atol: 1e-15 })).toBe(true);
  });

  it('forward on a shorter sequence uses the first n′ weight rows; a masked position contributes nothing', async () => {
    const x = [
      [1, 2],
      [0.5, -1],
    ];
    const short = await model.forward(t(x.flat(), [1, 2, 2]));
    expect(isClose(short.outputs.data, [closedForm(x, 0), closedForm(x, 1)], { rtol: 1e-15 })).toBe(true);
    const masked = await model.forward(t(x.flat(), [1, 2, 2]), { inputMask: t([0, 1], [1, 2]) });
    expect(isClose(masked.outputs.data, [closedForm(x, 0, [0, 1]), closedForm(x, 1, [0, 1])], { rtol: 1e-15 })).toBe(true);
  });

  it('gradient(x, t) equals W[t] (masked positions 0) and central finite differences', async () => {
    const x = t([1, 2, 0.5, -1, 3, 0.25, -2, 1, 0, 4, 1, 1], [2, 3, 2]);
    const g = await model.gradient(x, [0, 1]);
    expect(g.gradients.shape).toEqual([2, 3, 2]);
    expect(Array.from(g.gradients.data)).toEqual([...W[0]!.flat(), ...W[1]!.flat()]);
    const fd = await centralDifferences(model, x, [0, 1]);
    expect(isClose(g.gradients.data, fd, { rtol: 1e-7, atol: 1e-8 })).toBe(true);
    const gm = await model.gradient(x, 1, { inputMask: t([1, 0, 1, 1, 1, 0], [2, 3]) });
    expect(Array.from(gm.gradients.data)).toEqual([-1, 0, 0, 0, 2, -2, -1, 0, 0.25, 0.5, 0, 0]);
  });

  it('Captum F7: integrated gradients of a linear model equal (x − x′) ⊙ W[t] and are complete', async () => {
    const x = [1, 2, 0.5, -1, 3, 0.25];
    const baseline = [0.5, 0, 0, 1, -1, 0];
    const n = 7;
    // Gauss–Legendre-free check: any quadrature whose weights sum to 1 gives the exact answer; use a
    // left Riemann sum of the adapter's gradient along the straight-line path.
    const sum = new Float64Array(6);
    for (let s = 0; s < n; s++) {
      const alpha = s / n;
      const point = baseline.map((b, i) => b + alpha * (x[i]! - b));
      const g = await model.gradient(t(point, [1, 3, 2]), 0);
      g.gradients.data.forEach((v, i) => (sum[i] += v / n));
    }
    const ig = sum.map((v, i) => v * (x[i]! - baseline[i]!));
    const expected = W[0]!.flat().map((w, i) => w * (x[i]! - baseline[i]!));
    expect(isClose(ig, expected, { rtol: 1e-14, atol: 1e-14 })).toBe(true);
    const fx = (await model.forward(t(x, [1, 3, 2]))).outputs.data[0]!;
    const fb = (await model.forward(t(baseline, [1, 3, 2]))).outputs.data[0]!;
    const delta = ig.reduce((a, b) => a + b, 0) - (fx - fb);
    expect(Math.abs(delta)).toBeLessThan(1e-13);
    // Captum's trapezoid weights sum to 1 − 1/n: the delta is −(1/n)(F(x) − F(x′)).
    const trapezoidTotal = (1 - 1 / n) * ig.reduce((a, b) => a + b, 0);
    expect(isClose(trapezoidTotal - (fx - fb), -(1 / n) * (fx - fb), { rtol: 1e-12 })).toBe(true);
  });

  it('Captum F7: occlusion with a 1-wide window = feature ablation = W[t,i,k]·(x[i,k] − baseline[i,k])', async () => {
    const x = [1, 2, 0.5, -1, 3, 0.25];
    const baseline = [0, 0, 0.5, 0.5, 0, 1];
    const fx = (await model.forward(t(x, [1, 3, 2]))).outputs.data[1]!;
    for (let i = 0; i < 6; i++) {
      const ablated = x.slice();
      ablated[i] = baseline[i]!;
      const fa = (await model.forward(t(ablated, [1, 3, 2]))).outputs.data[1]!;
      expect(isClose(fx - fa, W[1]!.flat()[i]! * (x[i]! - baseline[i]!), { rtol: 1e-13, atol: 1e-14 })).toBe(true);
    }
  });

  it('linearModelAdapter({ weights: [C, n] }) without a table treats tokens as scalar feature values', async () => {
    const m = linearModelAdapter({ weights: [[2, -1]], bias: [0.5] });
    expect(m.info.embeddingDim).toBe(1);
    expect(m.info.vocabSize).toBeUndefined();
    const x = await m.embed([3, 4]);
    expect(x).toEqual({ data: new Float64Array([3, 4]), shape: [2, 1] });
    const { outputs } = await m.forward({ data: x.data, shape: [1, 2, 1] });
    expect(Array.from(outputs.data)).toEqual([2.5]);
  });

  it('forward and gradient reject attention requests with AdapterCapabilityError', async () => {
    const x = t([1, 2], [1, 1, 2]);
    await expect(model.forward(x, { returnAttention: true })).rejects.toThrow(AdapterCapabilityError);
    await expect(model.forward(x, { attention: [{ layer: 0, weights: t([1], [1, 1, 1, 1]) }] })).rejects.toThrow(AdapterCapabilityError);
    await expect(model.gradient(x, 0, { attention: [{ layer: 0, weights: t([1], [1, 1, 1, 1]) }] })).rejects.toThrow(AdapterCapabilityError);
    await expect(model.forward(x, { attention: [] })).resolves.toBeDefined();
  });

  it.each([
    ['embeddings of the wrong width', () => model.forward(t([1, 2, 3], [1, 1, 3])), ShapeMismatchError],
    ['a sequence longer than n', () => model.forward(t(new Array(8).fill(0), [1, 4, 2])), ShapeMismatchError],
    ['non-finite embeddings', () => model.forward(t([Number.NaN, 1], [1, 1, 2])), InputRangeError],
    ['an unknown option', () => model.forward(t([1, 2], [1, 1, 2]), { foo: 1 } as never), InputTypeError],
    ['a target out of range', () => model.gradient(t([1, 2], [1, 1, 2]), 2), InputRangeError],
    ['a mask of the wrong shape', () => model.forward(t([1, 2], [1, 1, 2]), { inputMask: t([1, 1], [1, 2]) }), ShapeMismatchError],
  ])('linearModelAdapter methods reject %s', async (_label, call, cls) => {
    await expect(call()).rejects.toThrow(cls);
  });

  it.each([
    ['no weights', () => linearModelAdapter({} as never), InputTypeError],
    ['rank-1 weights', () => linearModelAdapter({ weights: [1, 2] }), ShapeMismatchError],
    ['a bias of the wrong length', () => linearModelAdapter({ weights: [[1, 2]], bias: [1, 2] }), ShapeMismatchError],
    ['a table of the wrong width', () => linearModelAdapter({ weights: W, embeddings: [[1, 2, 3]] }), ShapeMismatchError],
    ['d > 1 without a table', () => linearModelAdapter({ weights: W }), InputTypeError],
    ['an unknown option', () => linearModelAdapter({ weights: [[1]], foo: 1 } as never), InputTypeError],
    ['non-finite weights', () => linearModelAdapter({ weights: [[Infinity]] }), InputRangeError],
  ])('linearModelAdapter rejects %s', (_label, call, cls) => {
    expect(call).toThrow(cls);
  });
});
