import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClose, maxRelativeError, randomOneLayerAttentionAdapter } from '../../src/testing/index.js';
import type { ModelAdapterWithAttention } from '../../src/testing/index.js';
import type { FloatTensor } from '../../src/types/tensor.js';
import { centralDifferences } from './helpers.js';

const V = 12;

/** A random model plus a batch of token sequences of one length and an input mask. */
const scenario = fc
  .record({
    seed: fc.integer({ min: -1000, max: 1000 }),
    heads: fc.integer({ min: 1, max: 3 }),
    queries: fc.constantFrom('tokens' as const, 'single' as const),
    embeddingDim: fc.integer({ min: 1, max: 4 }),
    numClasses: fc.integer({ min: 2, max: 4 }),
    length: fc.integer({ min: 1, max: 6 }),
    batch: fc.integer({ min: 1, max: 3 }),
  })
  .chain((s) =>
    fc.record({
      s: fc.constant(s),
      tokens: fc.array(fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: s.length, maxLength: s.length }), { minLength: s.batch, maxLength: s.batch }),
      mask: fc.array(fc.array(fc.constantFrom(0, 1), { minLength: s.length, maxLength: s.length }), { minLength: s.batch, maxLength: s.batch }),
    }),
  );

async function embedBatch(m: ModelAdapterWithAttention, tokens: number[][]): Promise<FloatTensor> {
  const rows = await Promise.all(tokens.map((t) => m.embed(t)));
  const d = m.info.embeddingDim;
  return { data: Float64Array.from(rows.flatMap((r) => Array.from(r.data))), shape: [tokens.length, tokens[0]!.length, d] };
}

function fixMask(mask: number[][]): number[][] {
  return mask.map((row) => (row.includes(1) ? row : row.map((v, i) => (i === 0 ? 1 : v))));
}

describe('oneLayerAttentionAdapter properties', () => {
  it('injecting the model’s own attention (all heads) reproduces its outputs, for random models and inputs', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ s, tokens, mask }) => {
        const m = randomOneLayerAttentionAdapter({ seed: s.seed, heads: s.heads, queries: s.queries, vocabSize: V, embeddingDim: s.embeddingDim, numClasses: s.numClasses });
        const x = await embedBatch(m, tokens);
        const inputMask = { data: Float64Array.from(fixMask(mask).flat()), shape: [s.batch, s.length] };
        const own = await m.forward(x, { returnAttention: true, inputMask });
        const [B, , H, Q, n] = own.attention!.shape as number[];
        const again = await m.forward(x, { inputMask, attention: [{ layer: 0, weights: { data: own.attention!.data.slice(), shape: [B!, H!, Q!, n!] } }] });
        expect(maxRelativeError(again.outputs.data, own.outputs.data, { atol: 1e-15 })).toBeLessThanOrEqual(1e-14);
      }),
      { numRuns: 60, seed: 20240601 },
    );
  });

  it('attention rows are distributions over the unmasked keys, and output rows sum to 1', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ s, tokens, mask }) => {
        const m = randomOneLayerAttentionAdapter({ seed: s.seed, heads: s.heads, queries: s.queries, vocabSize: V, embeddingDim: s.embeddingDim, numClasses: s.numClasses });
        const x = await embedBatch(m, tokens);
        const mk = fixMask(mask);
        const r = await m.forward(x, { returnAttention: true, inputMask: { data: Float64Array.from(mk.flat()), shape: [s.batch, s.length] } });
        const n = s.length;
        const rowsPerExample = r.attention!.data.length / (s.batch * n);
        for (let row = 0; row < s.batch * rowsPerExample; row++) {
          const b = Math.floor(row / rowsPerExample);
          let sum = 0;
          for (let j = 0; j < n; j++) {
            const a = r.attention!.data[row * n + j]!;
            expect(a).toBeGreaterThanOrEqual(0);
            if (mk[b]![j] === 0) expect(a).toBe(0);
            sum += a;
          }
          expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
        }
        for (let b = 0; b < s.batch; b++) {
          const row = r.outputs.data.subarray(b * s.numClasses, (b + 1) * s.numClasses);
          expect(Math.abs(row.reduce((a, c) => a + c, 0) - 1)).toBeLessThan(1e-14);
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('gradient equals float64 central finite differences for random models, targets and masks', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.nat(), async ({ s, tokens, mask }, targetSeed) => {
        const m = randomOneLayerAttentionAdapter({ seed: s.seed, heads: s.heads, queries: s.queries, vocabSize: V, embeddingDim: s.embeddingDim, numClasses: s.numClasses });
        const x = await embedBatch(m, tokens);
        const targets = tokens.map((_, b) => (targetSeed + b) % s.numClasses);
        const inputMask = { data: Float64Array.from(fixMask(mask).flat()), shape: [s.batch, s.length] };
        const g = await m.gradient(x, targets, { inputMask });
        const fd = await centralDifferences(m, x, targets, { inputMask });
        expect(isClose(g.gradients.data, fd, { rtol: 1e-6, atol: 1e-8 })).toBe(true);
      }),
      { numRuns: 30, seed: 99 },
    );
  });
});
