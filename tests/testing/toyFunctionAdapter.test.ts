import { describe, expect, it } from 'vitest';
import { AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { isClose, toyFunctionAdapter } from '../../src/testing/index.js';
import type { ModelAdapterWithGradient } from '../../src/testing/index.js';
import { centralDifferences, t } from './helpers.js';

/** IG along the straight line from 0 with the given nodes α_k and weights w_k: x ⊙ Σ w_k ∇f(α_k x). */
async function integratedGradients(model: ModelAdapterWithGradient, x: number[], alphas: number[], weights: number[]): Promise<number[]> {
  const m = x.length;
  const total = new Array<number>(m).fill(0);
  for (let k = 0; k < alphas.length; k++) {
    const g = await model.gradient(t(x.map((v) => alphas[k]! * v), [1, m, 1]), 0);
    for (let j = 0; j < m; j++) total[j] += weights[k]! * g.gradients.data[j]!;
  }
  return total.map((v, j) => v * x[j]!);
}

const riemann = (n: number, kind: 'left' | 'right' | 'middle') =>
  Array.from({ length: n }, (_, k) => (kind === 'left' ? k / n : kind === 'right' ? (k + 1) / n : (k + 0.5) / n));

describe('toyFunctionAdapter', () => {
  const sq = toyFunctionAdapter('squareProduct');

  it("toyFunctionAdapter('squareProduct').info: one logit, d = 1, n = 2, no vocabulary or attention", () => {
    expect(sq.info).toEqual({ name: 'x0^2 * x1', numClasses: 1, outputKind: 'logits', embeddingDim: 1, maxLength: 2, sequenceLength: 2 });
  });

  it('squareProduct: f(x) = x₀²x₁ and ∇f = (2x₀x₁, x₀²) in closed form (REFERENCE F6)', async () => {
    const xs = [
      [1, 2],
      [-0.5, 3],
      [2.5, -1.25],
    ];
    const emb = t(xs.flat(), [3, 2, 1]);
    const r = await sq.gradient(emb, 0);
    expect(Array.from(r.outputs.data)).toEqual(xs.map(([a, b]) => a! * a! * b!));
    expect(Array.from(r.gradients.data)).toEqual(xs.flatMap(([a, b]) => [2 * a! * b!, a! * a!]));
    expect(r.gradients.shape).toEqual([3, 2, 1]);
    const fd = await centralDifferences(sq, emb, [0, 0, 0]);
    expect(isClose(r.gradients.data, fd, { rtol: 1e-7, atol: 1e-9 })).toBe(true);
  });

  it('squareProduct: exact IG at x = (1, 2), baseline 0, is (4/3, 2/3) (Gauss–Legendre, 2 nodes)', async () => {
    const a = 0.5 - Math.sqrt(3) / 6;
    const b = 0.5 + Math.sqrt(3) / 6;
    const ig = await integratedGradients(sq, [1, 2], [a, b], [0.5, 0.5]);
    expect(isClose(ig, [4 / 3, 2 / 3], { rtol: 1e-14 })).toBe(true);
  });

  it("squareProduct: Captum's n = 4 Riemann values from REFERENCE F6 (left, right, middle, trapezoid)", async () => {
    const quarter = [0.25, 0.25, 0.25, 0.25];
    expect(isClose(await integratedGradients(sq, [1, 2], riemann(4, 'left'), quarter), [0.875, 0.4375], { rtol: 1e-14 })).toBe(true);
    expect(isClose(await integratedGradients(sq, [1, 2], riemann(4, 'right'), quarter), [1.875, 0.9375], { rtol: 1e-14 })).toBe(true);
    expect(isClose(await integratedGradients(sq, [1, 2], riemann(4, 'middle'), quarter), [1.3125, 0.65625], { rtol: 1e-14 })).toBe(true);
    // Captum's trapezoid: α = linspace(0, 1, 4), steps [1/n]*n with first and last halved.
    const trap = await integratedGradients(sq, [1, 2], [0, 1 / 3, 2 / 3, 1], [0.125, 0.25, 0.25, 0.125]);
    expect(isClose(trap, [1.0555555555555556, 0.5277777777777778], { rtol: 1e-14 })).toBe(true);
  });

  it('reluSaturation: f(x) = 1 − ReLU(1 − x) has zero gradient at x = 2 but IG from 0 gives f(2) − f(0) = 1', async () => {
    const relu = toyFunctionAdapter('reluSaturation');
    const r = await relu.gradient(t([2, 0.5, -1], [3, 1, 1]), 0);
    expect(Array.from(r.outputs.data)).toEqual([1, 0.5, -1]);
    expect(Array.from(r.gradients.data)).toEqual([0, 1, 1]);
    const n = 1000;
    const ig = await integratedGradients(relu, [2], riemann(n, 'middle'), new Array(n).fill(1 / n));
    expect(isClose(ig, [1], { rtol: 1e-12 })).toBe(true);
    const fd = await centralDifferences(relu, t([2, 0.5, -1], [3, 1, 1]), [0, 0, 0]);
    expect(isClose(r.gradients.data, fd, { rtol: 1e-7, atol: 1e-9 })).toBe(true);
  });

  it("reluDifference: f(x) = ReLU(ReLU(x₀) − 1 − ReLU(x₁)) has exact IG (1.5, −0.5) at (3, 1) (Captum's BasicModel2)", async () => {
    const m = toyFunctionAdapter('reluDifference');
    const r = await m.gradient(t([3, 1, 0.5, 2, 3, -1], [3, 2, 1]), 0);
    expect(Array.from(r.outputs.data)).toEqual([1, 0, 2]);
    // at (3, 1) both inputs are active; at (0.5, 2) the outer ReLU is off; at (3, −1) x₁'s ReLU is off
    expect(Array.from(r.gradients.data, (v) => v + 0)).toEqual([1, -1, 0, 0, 1, 0]);
    const n = 1000;
    const ig = await integratedGradients(m, [3, 1], riemann(n, 'middle'), new Array(n).fill(1 / n));
    expect(isClose(ig, [1.5, -0.5], { rtol: 1e-12 })).toBe(true);
  });

  it('an input mask sets the masked features to the baseline 0: F(x) = f(m ⊙ x), ∇F = m ⊙ ∇f(m ⊙ x)', async () => {
    // f(x) = x₀x₁ + x₂² at x = (3, 2, 5) with x₂ masked: F = 6, ∇F = (2, 3, 0)
    const m = toyFunctionAdapter({ numInputs: 3, f: (v) => v[0]! * v[1]! + v[2]! * v[2]!, gradient: (v) => [v[1]!, v[0]!, 2 * v[2]!] });
    const x = t([3, 2, 5], [1, 3, 1]);
    const mask = t([1, 1, 0], [1, 3]);
    const r = await m.gradient(x, 0, { inputMask: mask });
    expect(Array.from(r.outputs.data)).toEqual([6]);
    expect(Array.from(r.gradients.data)).toEqual([2, 3, 0]);
    const fd = await centralDifferences(m, x, [0], { inputMask: mask });
    expect(isClose(r.gradients.data, fd, { rtol: 1e-7, atol: 1e-9 })).toBe(true);
  });

  it('toyFunctionAdapter({ numInputs, f, gradient }) wraps a user function and passes it a fresh copy', async () => {
    let seen: Float64Array | undefined;
    const m = toyFunctionAdapter({
      numInputs: 3,
      name: 'sum of squares',
      f: (x) => {
        seen = x;
        return x.reduce((a, b) => a + b * b, 0);
      },
      gradient: (x) => x.map((v) => 2 * v),
    });
    const emb = t([1, 2, 3], [1, 3, 1]);
    const r = await m.gradient(emb, 0);
    expect(Array.from(r.outputs.data)).toEqual([14]);
    expect(Array.from(r.gradients.data)).toEqual([2, 4, 6]);
    seen!.fill(0);
    expect(Array.from(emb.data)).toEqual([1, 2, 3]);
    expect(m.info.name).toBe('sum of squares');
  });

  it.each([
    ['an unknown name', () => toyFunctionAdapter('cube' as never), InputTypeError],
    ['a spec without gradient', () => toyFunctionAdapter({ numInputs: 1, f: () => 0 } as never), InputTypeError],
    ['numInputs 0', () => toyFunctionAdapter({ numInputs: 0, f: () => 0, gradient: () => [] }), InputRangeError],
    ['null', () => toyFunctionAdapter(null as never), InputTypeError],
  ])('toyFunctionAdapter rejects %s', (_label, call, cls) => {
    expect(call).toThrow(cls);
  });

  it.each([
    ['embed with the wrong number of values', () => sq.embed([1, 2, 3]), ShapeMismatchError],
    ['forward with the wrong length', () => sq.forward(t([1, 2, 3], [1, 3, 1])), ShapeMismatchError],
    ['gradient with target 1', () => sq.gradient(t([1, 2], [1, 2, 1]), 1), InputRangeError],
    ['forward with returnAttention', () => sq.forward(t([1, 2], [1, 2, 1]), { returnAttention: true }), AdapterCapabilityError],
    ['a gradient of the wrong length', () => toyFunctionAdapter({ numInputs: 2, f: () => 0, gradient: () => [1] }).gradient(t([1, 2], [1, 2, 1]), 0), ShapeMismatchError],
  ])('toyFunctionAdapter methods reject %s', async (_label, call, cls) => {
    await expect(call()).rejects.toThrow(cls);
  });
});
