import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featureAblation } from '../../src/attribution/featureAblation.js';
import { occlusion } from '../../src/attribution/occlusion.js';
import { shapleyValues } from '../../src/attribution/shapleyValues.js';
import { shapleyValueSampling } from '../../src/attribution/shapleyValueSampling.js';
import { randomOneLayerAttentionAdapter } from '../../src/testing/index.js';

/** A seeded random attention model and a token sequence over its vocabulary. */
const scenario = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  tokens: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 6 }),
  sampleSeed: fc.integer(),
  removal: fc.constantFrom('baseline' as const, 'delete' as const),
});
const model = (seed: number) => randomOneLayerAttentionAdapter({ seed, vocabSize: 10, embeddingDim: 3, numClasses: 3 });
const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('perturbation attribution axioms (property)', () => {
  it('exact and sampled Shapley values are efficient: Σφ = v(N) − v(∅) (delete keeps position 0)', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ seed, tokens, sampleSeed, removal }) => {
        const m = model(seed);
        const exclude = removal === 'delete' ? [0] : [];
        const exact = await shapleyValues(m, tokens, { removal, exclude });
        const sampled = await shapleyValueSampling(m, tokens, { removal, exclude, seed: sampleSeed, nSamples: 3 });
        const sum = (x: Float64Array) => x.reduce((a, b) => a + b, 0);
        expect(close(sum(exact.groupScores), exact.fullValue - exact.emptyValue)).toBe(true);
        expect(close(sum(sampled.groupScores), sampled.fullValue - sampled.emptyValue)).toBe(true);
        expect(sampled.emptyValue).toBe(exact.emptyValue);
      }),
      { numRuns: 30 },
    );
  });

  it('occlusion with a 1-wide window equals feature ablation with one group per token', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ seed, tokens, removal }) => {
        const m = model(seed);
        const exclude = removal === 'delete' ? [0] : [];
        const a = await occlusion(m, tokens, { removal, exclude });
        const b = await featureAblation(m, tokens, { removal, exclude });
        expect(a.scores).toEqual(b.scores);
      }),
      { numRuns: 30 },
    );
  });

  it('sampled Shapley values with one player equal the exact value; groups copy one value to every member', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ seed, tokens }) => {
        const m = model(seed);
        const mask = tokens.map((_, i) => i % 2);
        const exact = await shapleyValues(m, tokens, { featureMask: mask });
        tokens.forEach((_, i) => expect(exact.scores[i]).toBe(exact.groupScores[exact.groupIds.indexOf(i % 2)]));
        const one = await shapleyValueSampling(m, tokens, { featureMask: tokens.map(() => 3), nSamples: 2 });
        expect(one.groupScores[0]).toBe(one.fullValue - one.emptyValue);
      }),
      { numRuns: 30 },
    );
  });
});
