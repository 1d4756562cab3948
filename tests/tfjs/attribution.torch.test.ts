/**
 * The gradient attribution methods against an independent torch computation
 * (tests/fixtures/python/attribution/runner.py: autograd, quadratures written there, no Captum) on a
 * small attention classifier none of our code has seen — post-LN, one layer, 2 heads, mean pooling,
 * 3 classes — wrapped here in an adapter of the kind a user would write: TensorFlow.js ops for the
 * forward pass and `tf.grad` for the gradient, with the fixture's weights. float32 (TensorFlow.js)
 * against float64 (torch): agreement to ~1e-4 relative.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attentionScores,
  gradientXInput,
  integratedGradients,
  saliency,
  selectExample,
  smoothGrad,
  type QuadratureMethod,
  type SmoothGradBase,
  type SmoothGradType,
} from '../../src/attribution/index.js';
import type { FloatTensor } from '../../src/types/tensor.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { useWasmBackend } from './helpers/setup.js';

useWasmBackend();

interface IgEntry {
  method: QuadratureMethod;
  nSteps: number;
  baseline: 'zero' | 'pad' | 'mask';
  attributions: number[][];
  convergenceDelta: number;
}
interface SgEntry {
  base: SmoothGradBase;
  ntType: SmoothGradType;
  nSamples: number;
  stdevs: number;
  seed: number;
  method?: QuadratureMethod;
  nSteps?: number;
  attributions: number[][];
}
interface Case {
  name: string;
  tokens: number[];
  target: number;
  targetGiven: boolean;
  inputMask?: number[];
  embeddings: number[][];
  outputs: number[];
  attention: number[][][];
  gradient: number[][];
  saliency: number[][];
  gradientXInput: number[][];
  ig: IgEntry[];
  smoothGrad?: SgEntry[];
}
interface Fixture {
  model: {
    vocabSize: number;
    maxLength: number;
    embeddingDim: number;
    heads: number;
    headDim: number;
    numClasses: number;
    layerNormEpsilon: number;
    specialTokens: { pad: number; unk: number; mask: number; cls: number };
    weights: Record<string, number[] | number[][]>;
  };
  cases: Case[];
}

const FIXTURE = JSON.parse(
  readFileSync(new URL('../fixtures/python/attribution/attribution.json', import.meta.url), 'utf8'),
) as Fixture;

/**
 * The user's adapter: the fixture model in TensorFlow.js. Everything a call allocates is freed
 * before it returns (tf.tidy + dispose after reading the data).
 */
function userAdapter(fx: Fixture): ModelAdapter & { gradient: NonNullable<ModelAdapter['gradient']>; dispose(): void } {
  const m = fx.model;
  const { embeddingDim: d, heads: H, headDim: dh, numClasses: C } = m;
  const w = Object.fromEntries(Object.entries(m.weights).map(([k, v]) => [k, tf.tensor(v as number[])])) as Record<string, tf.Tensor>;
  const E = m.weights['E'] as number[][];
  const P = m.weights['P'] as number[][];

  /** probabilities [B, C] and attention [B, H, n, n] (call inside tf.tidy). */
  const model = (x: tf.Tensor3D, mask: tf.Tensor2D) => {
    const [B, n] = [x.shape[0], x.shape[1]];
    const x2 = tf.reshape(x, [B * n, d]);
    const heads = (W: string, b: string) => tf.transpose(tf.reshape(tf.add(tf.matMul(x2, w[W]!), w[b]!), [B, n, H, dh]), [0, 2, 1, 3]);
    const q = heads('Wq', 'bq');
    const k = heads('Wk', 'bk');
    const v = heads('Wv', 'bv');
    const bias = tf.reshape(tf.mul(tf.sub(1, mask), -1e9), [B, 1, 1, n]);
    const att = tf.softmax(tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh)), bias));
    const ctx = tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [B * n, H * dh]);
    const r = tf.add(x2, tf.add(tf.matMul(ctx, w['Wo']!), w['bo']!));
    const { mean, variance } = tf.moments(r, -1, true);
    const y = tf.add(tf.mul(tf.div(tf.sub(r, mean), tf.sqrt(tf.add(variance, m.layerNormEpsilon))), w['gamma']!), w['beta']!);
    const t = tf.mul(tf.reshape(tf.tanh(y), [B, n, d]), tf.reshape(mask, [B, n, 1]));
    const pooled = tf.div(tf.sum(t, 1), tf.sum(mask, 1, true));
    const probs = tf.softmax(tf.add(tf.matMul(pooled, w['Wc']!), w['bc']!)) as tf.Tensor2D;
    return { probs, att };
  };
  const maskOf = (B: number, n: number, inputMask?: FloatTensor): tf.Tensor2D =>
    inputMask === undefined ? tf.ones([B, n]) : tf.tensor2d(Array.from(inputMask.data), [B, n]);

  return {
    info: {
      name: 'torch fixture model (user adapter)',
      numClasses: C,
      outputKind: 'probabilities',
      embeddingDim: d,
      vocabSize: m.vocabSize,
      maxLength: m.maxLength,
      attention: { layers: 1, heads: H, queries: 'tokens' },
      specialTokens: m.specialTokens,
    },
    async embed(tokens) {
      const n = tokens.length;
      const data = new Float64Array(n * d);
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) data[i * d + k] = E[tokens[i]!]![k]! + P[i]![k]!;
      return { data, shape: [n, d] };
    },
    async forward(embeddings, options) {
      const [B, n] = embeddings.shape as [number, number, number];
      const [p, a] = tf.tidy(() => {
        const { probs, att } = model(tf.tensor3d(Array.from(embeddings.data), [B, n, d]), maskOf(B, n, options?.inputMask));
        return [probs, att];
      });
      const outputs = { data: Float64Array.from(p.dataSync()), shape: [B, C] };
      const attention = { data: Float64Array.from(a.dataSync()), shape: [B, 1, H, n, n] };
      p.dispose();
      a.dispose();
      return options?.returnAttention === true ? { outputs, attention } : { outputs };
    },
    async gradient(embeddings, target, options) {
      const [B, n] = embeddings.shape as [number, number, number];
      const targets = typeof target === 'number' ? new Array<number>(B).fill(target) : Array.from(target);
      const [p, g] = tf.tidy(() => {
        const mask = maskOf(B, n, options?.inputMask);
        const pick = tf.oneHot(tf.tensor1d(targets, 'int32'), C);
        const x = tf.tensor3d(Array.from(embeddings.data), [B, n, d]);
        const f = (e: tf.Tensor) => tf.sum(tf.mul(model(e as tf.Tensor3D, mask).probs, pick));
        return [model(x, mask).probs, tf.grad(f)(x)];
      });
      const outputs = { data: Float64Array.from(p.dataSync()), shape: [B, C] };
      const gradients = { data: Float64Array.from(g.dataSync()), shape: [B, n, d] };
      p.dispose();
      g.dispose();
      return { outputs, gradients };
    },
    dispose() {
      for (const t of Object.values(w)) t.dispose();
    },
  };
}

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

/** float32 forward/backward in TensorFlow.js against float64 torch. */
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
