/**
 * faithcheck/attribution on the ONNX adapter: the gradient methods refuse it up front (no model call),
 * the attention-based scores work and match the tfjs adapter on the same weights.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionScores, gradientXInput, integratedGradients, saliency, smoothGrad } from '../../src/attribution/index.js';
import { loadOnnxModel } from '../../src/backends/onnx/index.js';
import { initBackend, loadModel, tfjsAdapter, type TfjsClassifier } from '../../src/backends/tfjs/index.js';
import { AdapterCapabilityError } from '../../src/errors/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { maxAbsDiff, MODELS, ort, torchFixture } from './helpers.js';

let onnx: ModelAdapter;
let tf: ModelAdapter;
let model: TfjsClassifier;
let calls = 0;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  model = (await loadModel(`${MODELS}spam-transformer`)).model;
  tf = tfjsAdapter(model);
  const loaded = (await loadOnnxModel(`${MODELS}spam-transformer.onnx`, { ort })).adapter;
  // count model calls
  onnx = {
    ...loaded,
    embed: (t) => (calls++, loaded.embed(t)),
    forward: (x, o) => (calls++, loaded.forward(x, o)),
  };
});
afterAll(() => {
  onnx?.dispose?.();
  model?.dispose();
});

describe('faithcheck/attribution with onnxAdapter', () => {
  const ids = torchFixture.cases[6]!.ids;

  it("gradient methods throw AdapterCapabilityError('gradient') before any model call", async () => {
    for (const [name, run] of [
      ['saliency', () => saliency(onnx, ids)],
      ['gradientXInput', () => gradientXInput(onnx, ids)],
      ['integratedGradients', () => integratedGradients(onnx, ids)],
      ['smoothGrad', () => smoothGrad(onnx, ids)],
    ] as const) {
      calls = 0;
      const err = await run().catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(AdapterCapabilityError);
      expect((err as AdapterCapabilityError).capability, name).toBe('gradient');
      expect((err as AdapterCapabilityError).fn, name).toBe(name);
      expect(calls, name).toBe(0);
    }
  });

  it('attentionScores (raw, rollout, flow) agree with the tfjs adapter', async () => {
    for (const method of ['raw', 'rollout', 'flow'] as const) {
      const a = await attentionScores(onnx, ids, { method, exclude: [0] });
      const b = await attentionScores(tf, ids, { method, exclude: [0] });
      expect(maxAbsDiff(a.scores, b.scores), method).toBeLessThan(2e-5);
    }
  });
});
