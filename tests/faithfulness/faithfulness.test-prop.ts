import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comprehensiveness, deletionCurve, insertionCurve, sufficiency } from '../../src/faithfulness/index.js';
import { linearModelAdapter, randomOneLayerAttentionAdapter } from '../../src/testing/index.js';

const scores = (n: number) => fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n });
const scenario = fc
  .record({ seed: fc.integer({ min: 0, max: 1000 }), tokens: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 7 }) })
  .chain((s) => fc.record({ seed: fc.constant(s.seed), tokens: fc.constant(s.tokens), scores: scores(s.tokens.length) }));
const model = (seed: number) => randomOneLayerAttentionAdapter({ seed, vocabSize: 10, embeddingDim: 3, numClasses: 2 });

describe('faithfulness metric invariants (property)', () => {
  it('curves start / end at the full input; the ranking is a permutation sorted by score, ties by position', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ seed, tokens, scores: s }) => {
        const m = model(seed);
        const del = await deletionCurve(m, tokens, s);
        const ins = await insertionCurve(m, tokens, s);
        expect(del.values[0]).toBe(del.outputs[del.target]);
        expect(ins.values[tokens.length]).toBe(ins.outputs[ins.target]);
        // deletion's last step and insertion's first are the same all-removed input
        expect(del.values[tokens.length]).toBe(ins.values[0]);
        const r = Array.from(del.ranking);
        expect([...r].sort((a, b) => a - b)).toEqual(tokens.map((_, i) => i));
        for (let k = 1; k < r.length; k++) {
          const a = s[r[k - 1]!]!;
          const b = s[r[k]!]!;
          expect(a > b || (a === b && r[k - 1]! < r[k]!)).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('on an additive model with exact scores, MoRF deletion AUC ≤ LeRF deletion AUC, comprehensiveness > 0 and sufficiency ≥ 0 for positive weights', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double({ min: 0.01, max: 5, noNaN: true }), { minLength: 2, maxLength: 8 }), async (w) => {
        const m = linearModelAdapter({ weights: [w] });
        const tokens = w.map(() => 1);
        const morf = await deletionCurve(m, tokens, w, { scale: 'raw' });
        const lerf = await deletionCurve(m, tokens, w, { scale: 'raw', order: 'lerf' });
        expect(morf.auc).toBeLessThanOrEqual(lerf.auc + 1e-12);
        const comp = await comprehensiveness(m, tokens, w, { scale: 'raw', removal: 'baseline' });
        const suff = await sufficiency(m, tokens, w, { scale: 'raw', removal: 'baseline' });
        expect(comp.aopc).toBeGreaterThan(0);
        expect(suff.aopc).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 40 },
    );
  });
});
