/**
 * The gradient attribution methods against an independent torch computation
 * (tests/fixtures/python/attribution/runner.py: autograd, quadratures written there, no Captum) on a
 * small attention classifier none of our code has seen — post-LN, one layer, 2 heads, mean pooling,
 * 3 classes — wrapped here in an adapter of the kind a user would write: TensorFlow.js ops for the
 * forward pass and `tf.grad` for the gradient, with the fixture's weights. float32 (TensorFlow.js)
 * against float64 (torch): agreement to ~1e-4 relative.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionScores, gradientXInput, integratedGradients, leaveOneOut, saliency, selectExample, smoothGrad } from '../../src/attribution/index.js';
import { tfjsAdapter } from '../../src/backends/tfjs/index.js';
import { SMALL_MODELS, useWasmBackend } from './helpers/setup.js';
import { FIXTURE, userAdapter } from './helpers/torchFixtureAdapter.js';

useWasmBackend();

const flat = (x: number[][]): number[] => x.flat();

/** max |a − e| / max |e| (normwise relative error). */
function relErr(actual: ArrayLike<number>, expected: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < expected.length; i++) {
    num = Math.max(num, Math.abs(actual[i]! - expected[i]!));
    den = Math.max(den, Math.abs(expected[i]!));
  }
  return num / den;
}

/** float32 forward/backward in TensorFlow.js against float64 torch (observed worst ≈ 3e-7 normwise relative). */
const TOL = 1e-4;

let adapter: ReturnType<typeof userAdapter>;
beforeAll(() => {
  adapter = userAdapter(FIXTURE);
});
afterAll(() => adapter.dispose());

describe.each(FIXTURE.cases)('torch fixture: $name', (c) => {
  const common = {
    ...(c.targetGiven ? { target: c.target } : {}),
    ...(c.inputMask === undefined ? {} : { inputMask: c.inputMask }),
  };

  it('the user adapter reproduces the fixture model (embeddings, outputs, attention)', async () => {
    const x = await adapter.embed(c.tokens);
    expect(relErr(x.data, flat(c.embeddings))).toBeLessThan(1e-12);
    const r = await attentionScores(adapter, c.tokens, { ...(c.inputMask === undefined ? {} : { inputMask: c.inputMask }), row: 'mean' });
    expect(relErr(r.outputs, c.outputs)).toBeLessThan(TOL);
    expect(relErr(r.attention.data, c.attention.flat(2))).toBeLessThan(TOL);
  });

  it('saliency(adapter, tokens) = |∂p_t/∂x| of torch, scores Σ_k |g|', async () => {
    const r = await saliency(adapter, c.tokens, common);
    expect(r.target).toBe(c.target);
    expect(relErr(r.attributions.data, flat(c.saliency))).toBeLessThan(TOL);
    expect(relErr(r.outputs, c.outputs)).toBeLessThan(TOL);
    const expected = c.saliency.map((row, i) => (c.inputMask?.[i] === 0 ? 0 : row.reduce((s, v) => s + v, 0)));
    expect(relErr(r.scores, expected)).toBeLessThan(TOL);
    const signed = await saliency(adapter, c.tokens, { ...common, abs: false });
    expect(relErr(signed.attributions.data, flat(c.gradient))).toBeLessThan(TOL);
  });

  it('gradientXInput(adapter, tokens) = x ⊙ ∂p_t/∂x of torch', async () => {
    const r = await gradientXInput(adapter, c.tokens, common);
    expect(relErr(r.attributions.data, flat(c.gradientXInput))).toBeLessThan(TOL);
  });

  it.each(c.ig.map((e) => [`${e.method}, nSteps ${e.nSteps}, baseline ${e.baseline}`, e] as const))(
    'integratedGradients: %s',
    async (_label, e) => {
      const r = await integratedGradients(adapter, c.tokens, { ...common, method: e.method, nSteps: e.nSteps, baseline: e.baseline });
      expect(r.target).toBe(c.target);
      expect(relErr(r.attributions.data, flat(e.attributions))).toBeLessThan(TOL);
      // the delta is a difference of O(1) quantities: float32 absolute error
      expect(Math.abs(r.convergenceDelta - e.convergenceDelta)).toBeLessThan(1e-5);
    },
  );

  it.runIf(c.smoothGrad !== undefined).each((c.smoothGrad ?? []).map((e) => [`${e.base} ${e.ntType}`, e] as const))(
    'smoothGrad with the fixture noise: %s',
    async (_label, e) => {
      const r = await smoothGrad(adapter, c.tokens, {
        ...common,
        base: e.base,
        ntType: e.ntType,
        nSamples: e.nSamples,
        stdevs: e.stdevs,
        seed: e.seed,
        ...(e.method === undefined ? {} : { method: e.method, nSteps: e.nSteps! }),
      });
      expect(relErr(r.attributions.data, flat(e.attributions))).toBeLessThan(e.ntType === 'vargrad' ? 1e-3 : TOL);
    },
  );
});

describe('the attribution calls on a TensorFlow.js adapter', () => {
  const c = FIXTURE.cases[0]!;

  it('leave no tensor behind (tf.memory().numTensors before = after)', async () => {
    const before = tf.memory().numTensors;
    await saliency(adapter, c.tokens);
    await gradientXInput(adapter, c.tokens);
    await integratedGradients(adapter, c.tokens, { nSteps: 8, internalBatchSize: 3 });
    await integratedGradients(adapter, c.tokens, { nSteps: 8, baseline: 'pad' });
    await smoothGrad(adapter, c.tokens, { nSamples: 3, batchSize: 2 });
    await smoothGrad(adapter, c.tokens, { base: 'integratedGradients', nSamples: 2, nSteps: 4 });
    await attentionScores(adapter, c.tokens, { method: 'rollout' });
    await integratedGradients(adapter, c.tokens, { target: 99 }).catch(() => undefined);
    const controller = new AbortController();
    controller.abort();
    await integratedGradients(adapter, c.tokens, { signal: controller.signal }).catch(() => undefined);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('internalBatchSize changes the number of gradient calls, not the result', async () => {
    const e = c.ig.find((g) => g.method === 'gaussLegendre' && g.nSteps === 50 && g.baseline === 'zero')!;
    const calls: number[] = [];
    const r = await integratedGradients(adapter, c.tokens, { internalBatchSize: 7, onProgress: (p) => calls.push(p.total) });
    expect(calls.length).toBe(1 + Math.ceil(50 / 7));
    expect(relErr(r.attributions.data, flat(e.attributions))).toBeLessThan(TOL);
  });

  it('selectExample takes one example out of a batched forward pass', async () => {
    const x = await adapter.embed(c.tokens);
    const n = c.tokens.length;
    const batch = { data: new Float64Array([...x.data, ...x.data]), shape: [2, n, FIXTURE.model.embeddingDim] };
    const { outputs, attention } = await adapter.forward(batch, { returnAttention: true });
    expect(selectExample(outputs, 1).shape).toEqual([FIXTURE.model.numClasses]);
    expect(relErr(selectExample(outputs, 1).data, c.outputs)).toBeLessThan(TOL);
    expect(selectExample(attention!, 0).shape).toEqual([1, FIXTURE.model.heads, n, n]);
  });
});

describe.each(SMALL_MODELS)('the attribution family on tfjsAdapter($name)', ({ make }) => {
  it('leaves no tensor behind, and Gauss–Legendre IG is complete to float32 accuracy', async () => {
    const model = make();
    try {
      const a = tfjsAdapter(model);
      const tokens = [2, 5, 9, 4, 7];
      const before = tf.memory().numTensors;
      // the pad baseline: from x′ = 0 the pre-LN transformer's LayerNorm makes the integrand peak sharply
      // near α = 0, and 50 points leave δ ≈ 1e-2 there (2e-7 at 200 points; docs/attribution.md)
      const ig = await integratedGradients(a, tokens, { internalBatchSize: 20, baseline: 'pad' });
      // outputs are probabilities in [0, 1]: float32 gradients summed over 50 points
      expect(Math.abs(ig.convergenceDelta)).toBeLessThan(1e-4);
      await saliency(a, tokens, { exclude: [0] });
      await smoothGrad(a, tokens, { base: 'gradientXInput', nSamples: 3, stdevs: 0.1 });
      const att = await attentionScores(a, tokens, { method: a.info.attention!.queries === 'tokens' ? 'rollout' : 'raw' });
      expect(att.scores.length).toBe(5);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });
});

// the fixture records leave-one-out for its unmasked cases
describe.each(FIXTURE.cases.filter((c) => c.leaveOneOut !== undefined))('torch fixture leave-one-out: $name', (c) => {
  const common = c.targetGiven ? { target: c.target } : {};

  it('leaveOneOut(adapter, tokens, { mode: delete | mask }) = the torch drops of p_t', async () => {
    const del = await leaveOneOut(adapter, c.tokens, { ...common, target: c.target, mode: 'delete' });
    const mask = await leaveOneOut(adapter, c.tokens, { ...common, target: c.target, mode: 'mask' });
    expect(relErr(del.scores, c.leaveOneOut!.delete)).toBeLessThan(TOL);
    expect(relErr(mask.scores, c.leaveOneOut!.mask)).toBeLessThan(TOL);
  });
});
