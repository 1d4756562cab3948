import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClose, linearModelAdapter } from '../../src/testing/index.js';

const value = fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });

/** A random linear model `[C, n, d]` with an input and a baseline of the same shape. */
const scenario = fc
  .record({ C: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 4 }), d: fc.integer({ min: 1, max: 3 }) })
  .chain(({ C, n, d }) =>
    fc.record({
      C: fc.constant(C),
      n: fc.constant(n),
      d: fc.constant(d),
      weights: fc.array(value, { minLength: C * n * d, maxLength: C * n * d }),
      bias: fc.array(value, { minLength: C, maxLength: C }),
      x: fc.array(value, { minLength: n * d, maxLength: n * d }),
      baseline: fc.array(value, { minLength: n * d, maxLength: n * d }),
      target: fc.integer({ min: 0, max: C - 1 }),
    }),
  );

function make(s: { C: number; n: number; d: number; weights: number[]; bias: number[] }) {
  return linearModelAdapter({
    weights: { data: s.weights, shape: [s.C, s.n, s.d] },
    bias: s.bias,
    embeddings: { data: new Float64Array(s.d), shape: [1, s.d] },
  });
}

describe('linearModelAdapter properties', () => {
  it('ablating one coordinate to its baseline changes F_t by exactly W[t,i,k]·(x − baseline) (REFERENCE F7)', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const m = make(s);
        const shape = [1, s.n, s.d];
        const fx = (await m.forward({ data: Float64Array.from(s.x), shape })).outputs.data[s.target]!;
        for (let i = 0; i < s.x.length; i++) {
          const ablated = Float64Array.from(s.x);
          ablated[i] = s.baseline[i]!;
          const fa = (await m.forward({ data: ablated, shape })).outputs.data[s.target]!;
          const w = s.weights[s.target * s.n * s.d + i]!;
          // |F| ≤ Σ|w·x| + |b| ≲ 10·10·12 + 10: absolute error a few ulps of that scale
          expect(isClose(fx - fa, w * (s.x[i]! - s.baseline[i]!), { rtol: 1e-12, atol: 1e-11 })).toBe(true);
        }
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('the model is affine: F(αx + (1 − α)x′) = αF(x) + (1 − α)F(x′), and the gradient is W[t] everywhere', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.double({ min: 0, max: 1, noNaN: true }), async (s, alpha) => {
        const m = make(s);
        const shape = [1, s.n, s.d];
        const mix = Float64Array.from(s.x, (v, i) => alpha * v + (1 - alpha) * s.baseline[i]!);
        const fm = (await m.forward({ data: mix, shape })).outputs.data;
        const fx = (await m.forward({ data: Float64Array.from(s.x), shape })).outputs.data;
        const fb = (await m.forward({ data: Float64Array.from(s.baseline), shape })).outputs.data;
        const expected = Array.from(fx, (v, c) => alpha * v + (1 - alpha) * fb[c]!);
        expect(isClose(fm, expected, { rtol: 1e-12, atol: 1e-10 })).toBe(true);
        const g = await m.gradient({ data: mix, shape }, s.target);
        expect(Array.from(g.gradients.data)).toEqual(s.weights.slice(s.target * s.n * s.d, (s.target + 1) * s.n * s.d));
      }),
      { numRuns: 100, seed: 12 },
    );
  });
});
