/**
 * Bad input for the tfjs entry point (issue 8): values outside the float32 range, absurd sizes, and a
 * generated sweep of every public function of `faithcheck/tfjs` — every outcome is a documented
 * typed error or a correct result, never a native TypeError/RangeError/SyntaxError, never a hang.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { tfjsAdapter, type TfjsClassifier } from '../../src/backends/tfjs/index.js';
import { InputRangeError } from '../../src/errors/index.js';
import type { ForwardResult } from '../../src/types/adapter.js';
import { randomAttention, randomEmbeddings, SMALL_MODELS, useWasmBackend } from './helpers/setup.js';

useWasmBackend();

const models: TfjsClassifier[] = [];
afterAll(() => {
  for (const model of models) model.dispose();
});
function track<T extends TfjsClassifier>(model: T): T {
  models.push(model);
  return model;
}

describe('tfjsAdapter rejects values that are finite in float64 but overflow float32', () => {
  for (const { name, make } of SMALL_MODELS) {
    it(`${name}: embeddings, override weights beyond ±3.4028234663852886e38 are InputRangeError; no tensor leaks`, async () => {
      const model = track(make());
      const adapter = tfjsAdapter(model);
      const d = model.info.embeddingDim;
      const att = model.info.attention!;
      const Q = att.queries === 'tokens' ? 3 : 1;
      const before = tf.memory().numTensors;
      for (const big of [1e39, -1e39, 3.4028235677973366e38]) {
        const x = randomEmbeddings(1, 3, d, 1);
        x.data[4] = big;
        await expect(adapter.forward(x)).rejects.toThrow(InputRangeError);
        await expect(adapter.gradient!(x, 0)).rejects.toThrow(InputRangeError);
        const w = randomAttention([1, att.heads, Q, 3], 2);
        w.data[1] = big;
        const ok = randomEmbeddings(1, 3, d, 1);
        await expect(adapter.forward(ok, { attention: [{ layer: 0, weights: w }] })).rejects.toThrow(InputRangeError);
        await expect(adapter.attentionGradient!(ok, 0, { attention: [{ layer: 0, weights: w }] })).rejects.toThrow(InputRangeError);
        await expect(adapter.forward(ok, { inputMask: { data: Float64Array.of(1, big, 1), shape: [1, 3] } })).rejects.toThrow(InputRangeError);
      }
      const edge = randomEmbeddings(1, 3, d, 1);
      edge.data[0] = 3.4028234663852886e38;
      // the largest float32 itself is accepted; if it overflows inside the model, the result is a typed error, not NaN
      const r = await adapter.forward(edge).catch((e: unknown) => e);
      if (r instanceof Error) expect(r).toBeInstanceOf(InputRangeError);
      else expect(Array.from((r as ForwardResult).outputs.data).every(Number.isFinite)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
