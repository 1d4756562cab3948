/** Perturbation attributions and faithfulness metrics on the tfjs backend: no tensor outlives a call. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { leaveOneOut } from '../../src/attribution/leaveOneOut.js';
import { occlusion } from '../../src/attribution/occlusion.js';
import { tfjsAdapter, TransformerClassifier } from '../../src/backends/tfjs/index.js';
import { comprehensiveness, deletionCurve } from '../../src/faithfulness/index.js';
import { liveTensors, SMALL_TRANSFORMER, useWasmBackend } from './helpers/setup.js';

useWasmBackend();

describe('perturbation methods on tfjsAdapter', () => {
  it('leaveOneOut (delete, mask), occlusion and the metrics leave no tensor behind and batch as unbatched', async () => {
    const model = new TransformerClassifier(SMALL_TRANSFORMER);
    try {
      const adapter = tfjsAdapter(model);
      const tokens = [2, 5, 6, 7, 8, 9, 10];
      const scores = [0, 0.3, 0.1, 0.5, 0.2, 0.4, 0.05];
      const before = liveTensors();
      const bytes = tf.memory().numBytes;
      const a = await leaveOneOut(adapter, tokens, { exclude: [0] });
      const b = await leaveOneOut(adapter, tokens, { exclude: [0], batchSize: 1 });
      const masked = await leaveOneOut(adapter, tokens, { mode: 'mask', maskToken: 1, output: 'tvd' });
      await occlusion(adapter, tokens, { window: 2, exclude: [0] });
      await deletionCurve(adapter, tokens, scores, { exclude: [0] });
      await comprehensiveness(adapter, tokens, scores, { exclude: [0], variant: 'ferret' });
      await leaveOneOut(adapter, tokens, { batchSize: 0 }).catch(() => undefined);
      expect(liveTensors()).toBe(before);
      expect(tf.memory().numBytes).toBe(bytes);
      // float32 inside the backend: batch composition may change the last bits only
      for (let i = 0; i < tokens.length; i++) expect(Math.abs(a.scores[i]! - b.scores[i]!)).toBeLessThan(1e-6);
      expect(a.scores[0]).toBe(0);
      expect(masked.scores.every((s) => s >= 0)).toBe(true);
      // 'delete' equals re-embedding the shortened token sequence (embed has no positions; forward adds them)
      const full = (await adapter.forward({ data: (await adapter.embed(tokens)).data, shape: [1, 7, SMALL_TRANSFORMER.embeddingDim] })).outputs.data;
      for (const i of [1, 4, 6]) {
        const rest = tokens.filter((_, j) => j !== i);
        const out = (await adapter.forward({ data: (await adapter.embed(rest)).data, shape: [1, 6, SMALL_TRANSFORMER.embeddingDim] })).outputs.data;
        expect(Math.abs(a.scores[i]! - (full[a.target]! - out[a.target]!))).toBeLessThan(1e-6);
      }
    } finally {
      model.dispose();
    }
  });
});
