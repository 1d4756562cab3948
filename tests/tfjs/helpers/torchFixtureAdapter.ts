/**
 * The attribution oracle's model (tests/fixtures/python/attribution/runner.py) as a user would wrap it:
 * TensorFlow.js ops for the forward pass and `tf.grad` for the gradient, loading the fixture's weights.
 * Shared by the gradient tests (tests/tfjs/attribution.torch.test.ts) and the perturbation tests, which
 * use the fixture's `leaveOneOut` scores. Call after the backend is initialised; `dispose()` frees the
 * weights.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type { QuadratureMethod, SmoothGradBase, SmoothGradType } from '../../../src/attribution/index.js';
import type { ModelAdapter } from '../../../src/types/adapter.js';
import type { FloatTensor } from '../../../src/types/tensor.js';

export interface IgEntry {
  method: QuadratureMethod;
  nSteps: number;
  baseline: 'zero' | 'pad' | 'mask';
  attributions: number[][];
  convergenceDelta: number;
}
export interface SgEntry {
  base: SmoothGradBase;
  ntType: SmoothGradType;
  nSamples: number;
  stdevs: number;
  seed: number;
  method?: QuadratureMethod;
  nSteps?: number;
  attributions: number[][];
}
export interface Case {
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
  /**
   * Leave-one-out (cases without a mask): p(x)[t] − p(x₋ᵢ)[t] with token i deleted (the shortened
   * sequence re-embedded, positions after i shifted) or replaced by the mask token.
   */
  leaveOneOut?: { delete: number[]; mask: number[] };
}
export interface Fixture {
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

/** The parsed fixture. */
export const FIXTURE = JSON.parse(
  readFileSync(new URL('../../fixtures/python/attribution/attribution.json', import.meta.url), 'utf8'),
) as Fixture;

/**
 * The user's adapter: the fixture model in TensorFlow.js. Everything a call allocates is freed
 * before it returns (tf.tidy + dispose after reading the data).
 */
export function userAdapter(fx: Fixture): ModelAdapter & { gradient: NonNullable<ModelAdapter['gradient']>; dispose(): void } {
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

