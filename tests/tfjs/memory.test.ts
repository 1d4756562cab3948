/** No tensor outlives a call: `tf.memory().numTensors` is unchanged by every public function. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { deserializeModel, evaluate, serializeModel, tfjsAdapter, train } from '../../src/backends/tfjs/index.js';
import { liveTensors, randomAttention, randomEmbeddings, SMALL_MODELS, tinyDataset, useWasmBackend } from './helpers/setup.js';

useWasmBackend();

/** Run `body` and check the live tensor count (and bytes) before and after. */
async function expectNoLeak(label: string, body: () => Promise<unknown>): Promise<void> {
  const before = liveTensors();
  const bytes = tf.memory().numBytes;
  await body();
  expect(liveTensors(), `${label}: tensors`).toBe(before);
  expect(tf.memory().numBytes, `${label}: bytes`).toBe(bytes);
}

describe.each(SMALL_MODELS)('$name', ({ make }) => {
  it('every adapter method, including failing calls, leaves no tensor behind', async () => {
    const model = make();
    try {
      const adapter = tfjsAdapter(model);
      const n = 4;
      const d = model.info.embeddingDim;
      const { layers: L, heads: H, queries } = model.info.attention!;
      const Q = queries === 'tokens' ? n : 1;
      const emb = randomEmbeddings(2, n, d, 1);
      const inputMask = { data: new Float64Array([1, 1, 1, 1, 1, 0, 1, 1]), shape: [2, n] };
      const attention = [{ layer: L - 1, heads: [H - 1], weights: randomAttention([2, 1, Q, n], 2) }];
      await expectNoLeak('embed', () => adapter.embed([2, 5, 6]));
      await expectNoLeak('forward', () => adapter.forward(emb));
      await expectNoLeak('forward (attention, mask, override)', () => adapter.forward(emb, { returnAttention: true, inputMask, attention }));
      await expectNoLeak('gradient', () => adapter.gradient!(emb, [0, 1]));
      await expectNoLeak('gradient (mask, override)', () => adapter.gradient!(emb, 1, { inputMask, attention }));
      await expectNoLeak('attentionGradient', () => adapter.attentionGradient!(emb, [1, 2], { attention, inputMask }));
      await expectNoLeak('forward (rejected)', () => adapter.forward(emb, { attention: [{ layer: L, weights: attention[0]!.weights }] }).catch(() => undefined));
      await expectNoLeak('gradient (rejected)', () => adapter.gradient!(emb, 99).catch(() => undefined));
      await expectNoLeak('embed (rejected)', () => adapter.embed([-1]).catch(() => undefined));
    } finally {
      model.dispose();
    }
  });

  it('train, evaluate and serialisation leave no tensor behind; dispose frees the weights', async () => {
    const start = liveTensors();
    const model = make();
    const weights = model.variables.length;
    expect(liveTensors()).toBe(start + weights);
    try {
      const ds = tinyDataset(40, 6, model.info.vocabSize!, 3, 1);
      await expectNoLeak('train', () => train(model, ds, { epochs: 2, batchSize: 16, validation: ds, restoreBestWeights: true }));
      await expectNoLeak('evaluate', () => evaluate(model, ds, { batchSize: 7 }));
      await expectNoLeak('train (aborted)', () => {
        const controller = new AbortController();
        return train(model, ds, {
          epochs: 3,
          batchSize: 8,
          signal: controller.signal,
          onProgress: (e) => {
            if (e.type === 'batch' && e.batch === 2) controller.abort();
          },
        }).catch(() => undefined);
      });
      await expectNoLeak('serialize + deserialize + dispose', async () => {
        const { json, weights: buf } = serializeModel(model);
        deserializeModel(json, buf).model.dispose();
      });
      await expectNoLeak('deserialize (rejected)', async () => {
        const { json, weights: buf } = serializeModel(model);
        expect(() => deserializeModel(json, buf.slice(0, 16))).toThrow();
      });
    } finally {
      model.dispose();
    }
    expect(liveTensors()).toBe(start);
  });
});
