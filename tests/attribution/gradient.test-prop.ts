/**
 * Axioms of the gradient family as properties (STYLE §24): IG completeness on random attention
 * models, IG = (x − x′) ⊙ w on random linear models for every quadrature, SmoothGrad's determinism,
 * and attention scores that are distributions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attentionScores, integratedGradients, smoothGrad, type QuadratureMethod } from '../../src/attribution/index.js';
import { linearModelAdapter, randomOneLayerAttentionAdapter } from '../../src/testing/index.js';
import { expectClose } from '../helpers/close.js';

const METHODS: QuadratureMethod[] = ['gaussLegendre', 'riemannLeft', 'riemannRight', 'riemannMiddle', 'riemannTrapezoid'];

describe('integratedGradients: properties', () => {
  it('completeness: |convergenceDelta| ≤ 1e-8 with 50 Gauss–Legendre points on random one-layer attention models', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom<'tokens' | 'single'>('tokens', 'single'),
        async (seed, tokens, queries) => {
          const model = randomOneLayerAttentionAdapter({ seed, vocabSize: 10, heads: 2, queries });
          const r = await integratedGradients(model, tokens);
          expect(Math.abs(r.convergenceDelta)).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('IG = (x − x′) ⊙ w_t on random linear models, for every quadrature and nSteps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(...METHODS),
        fc.integer({ min: 2, max: 30 }),
        async (n, d, seed, method, nSteps) => {
          let s = seed;
          const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 4 - 2;
          const V = 6;
          const weights = [0, 1].map(() => Array.from({ length: n }, () => Array.from({ length: d }, rand)));
          const table = Array.from({ length: V }, () => Array.from({ length: d }, rand));
          const baseline = Array.from({ length: n }, () => Array.from({ length: d }, rand));
          const model = linearModelAdapter({ weights, embeddings: table });
          const tokens = Array.from({ length: n }, (_, i) => (i * 5 + seed) % V);
          const r = await integratedGradients(model, tokens, { method, nSteps, baseline, target: 1 });
          const expected = tokens.flatMap((t, i) => table[t]!.map((x, k) => (x - baseline[i]![k]!) * weights[1]![i]![k]!));
          expectClose(r.attributions.data, expected, 1e-13, { floor: 1 });
          expect(Math.abs(r.convergenceDelta)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('smoothGrad and attentionScores: properties', () => {
  it('smoothGrad is a function of its seed', async () => {
    const model = randomOneLayerAttentionAdapter({ seed: 3, vocabSize: 10 });
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.constantFrom('smoothgrad', 'smoothgradSq', 'vargrad') as fc.Arbitrary<'smoothgrad' | 'smoothgradSq' | 'vargrad'>, async (seed, ntType) => {
        const a = await smoothGrad(model, [1, 2, 3], { seed, ntType, stdevs: 0.5 });
        const b = await smoothGrad(model, [1, 2, 3], { seed, ntType, stdevs: 0.5 });
        expect(a.attributions.data).toEqual(b.attributions.data);
      }),
      { numRuns: 20 },
    );
  });

  it('raw and rollout scores of self-attention sum to 1 (mean fusion, no exclusion)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 7 }),
        fc.constantFrom<'raw' | 'rollout'>('raw', 'rollout'),
        fc.constantFrom<'mean' | 'max' | number>('mean', 0),
        async (seed, tokens, method, row) => {
          const model = randomOneLayerAttentionAdapter({ seed, vocabSize: 10, heads: 3 });
          const r = await attentionScores(model, tokens, { method, row });
          expectClose(r.scores.reduce((s, v) => s + v, 0), 1, 1e-12);
          for (const v of r.scores) expect(v).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
