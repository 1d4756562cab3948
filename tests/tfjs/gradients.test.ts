/**
 * Gradients of the tfjs adapter (float32, reverse mode) against central finite differences of the
 * float64 reference models (tests/tfjs/helpers/reference.ts). Doing the differences in float64
 * with a small step makes their own error (~h² ≈ 1e-10) negligible, so the tolerance only has to
 * cover float32 rounding in TensorFlow.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttentionRnnClassifier, TransformerClassifier, tfjsAdapter, type TfjsClassifier } from '../../src/backends/tfjs/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { referenceAttentionRnn, referenceTransformer, weightMap, type RefOverride } from './helpers/reference.js';
import { randomAttention, randomEmbeddings, SMALL_MODELS, useWasmBackend } from './helpers/setup.js';

useWasmBackend();

/** Central-difference step (float64). */
const H_FD = 1e-5;
/** |analytic − fd| ≤ TOL · max(1e-2, max|fd|) elementwise. Observed worst ≈ 6e-7 relative (float32 backprop). */
const TOL = 1e-5;

type RefFn = (emb: Float64Array, mask: ArrayLike<number> | undefined, overrides: RefOverride[]) => Float64Array;

function referenceOf(model: TfjsClassifier, n: number): RefFn {
  const W = weightMap(model.getWeights());
  return (emb, mask, overrides) =>
    model instanceof TransformerClassifier
      ? referenceTransformer(model.config, W, emb, n, mask, overrides).probs
      : referenceAttentionRnn((model as AttentionRnnClassifier).config, W, emb, n, mask, overrides).probs;
}

/** Central differences of `f` at `x` over every coordinate. */
function finiteDifferences(x: Float64Array, f: (x: Float64Array) => number): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const p = Float64Array.from(x);
    const m = Float64Array.from(x);
    p[i]! += H_FD;
    m[i]! -= H_FD;
    g[i] = (f(p) - f(m)) / (2 * H_FD);
  }
  return g;
}

function expectGradientClose(actual: ArrayLike<number>, expected: Float64Array, label: string): void {
  let scale = 1e-2;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst, `${label}: worst |analytic − fd| = ${worst} (scale ${scale})`).toBeLessThanOrEqual(TOL * scale);
}

describe.each(SMALL_MODELS)('$name', ({ make }) => {
  const n = 5;
  const targets = [2, 0];
  const mask = new Float64Array([1, 1, 1, 1, 1, 1, 1, 0, 1, 1]);
  let model: TfjsClassifier;
  let adapter: ModelAdapter;
  let ref: RefFn;
  let d: number;
  beforeAll(() => {
    model = make();
    adapter = tfjsAdapter(model);
    ref = referenceOf(model, n);
    d = model.info.embeddingDim;
  });
  afterAll(() => model.dispose());

  it('gradient(embeddings, target, { inputMask }) agrees with float64 central differences', async () => {
    const emb = randomEmbeddings(2, n, d, 21);
    const r = await adapter.gradient!(emb, targets, { inputMask: { data: mask, shape: [2, n] } });
    expect(r.gradients.shape).toEqual([2, n, d]);
    for (const b of [0, 1]) {
      const x = emb.data.slice(b * n * d, (b + 1) * n * d);
      const m = mask.subarray(b * n, (b + 1) * n);
      const fd = finiteDifferences(x, (e) => ref(e, m, [])[targets[b]!]!);
      expectGradientClose(r.gradients.data.subarray(b * n * d, (b + 1) * n * d), fd, `example ${b}`);
      const probs = ref(x, m, []);
      for (let c = 0; c < 3; c++) expect(Math.abs(r.outputs.data[b * 3 + c]! - probs[c]!)).toBeLessThan(2e-5);
    }
    // a masked position has exactly zero gradient in the RNN (skipped by the LSTM, not attended)
    if (model instanceof AttentionRnnClassifier) {
      expect(Array.from(r.gradients.data.subarray((n + 2) * d, (n + 3) * d)).every((v) => v === 0)).toBe(true);
    }
  });

  it('gradient with an attention override agrees with central differences', async () => {
    const { layers: L, heads: H, queries } = model.info.attention!;
    const Q = queries === 'tokens' ? n : 1;
    const heads = H > 1 ? [1] : [0];
    const w = randomAttention([2, heads.length, Q, n], 3);
    const emb = randomEmbeddings(2, n, d, 22);
    const r = await adapter.gradient!(emb, 1, { attention: [{ layer: L - 1, heads, weights: w }] });
    for (const b of [0, 1]) {
      const ov: RefOverride = { layer: L - 1, heads, weights: [w.data.slice(b * Q * n, (b + 1) * Q * n)] };
      const fd = finiteDifferences(emb.data.slice(b * n * d, (b + 1) * n * d), (e) => ref(e, undefined, [ov])[1]!);
      expectGradientClose(r.gradients.data.subarray(b * n * d, (b + 1) * n * d), fd, `example ${b}`);
    }
  });

  it('attentionGradient(embeddings, target, { attention }) agrees with central differences in the injected weights', async () => {
    const { layers: L, heads: H, queries } = model.info.attention!;
    const Q = queries === 'tokens' ? n : 1;
    const emb = randomEmbeddings(2, n, d, 23);
    // every layer: all heads at layer 0, the last head alone at the last layer (when L > 1)
    const overrides =
      L > 1
        ? [
            { layer: 0, weights: randomAttention([2, H, Q, n], 4) },
            { layer: L - 1, heads: [H - 1], weights: randomAttention([2, 1, Q, n], 5) },
          ]
        : [{ layer: 0, weights: randomAttention([2, H, Q, n], 4) }];
    const r = await adapter.attentionGradient!(emb, targets, { attention: overrides, inputMask: { data: mask, shape: [2, n] } });
    expect(r.gradients.map((g) => g.shape)).toEqual(overrides.map((o) => o.weights.shape));
    for (const b of [0, 1]) {
      const x = emb.data.slice(b * n * d, (b + 1) * n * d);
      const m = mask.subarray(b * n, (b + 1) * n);
      const sizes = overrides.map((o) => o.weights.data.length / 2);
      const flat = Float64Array.from(overrides.flatMap((o, k) => Array.from(o.weights.data.subarray(b * sizes[k]!, (b + 1) * sizes[k]!))));
      const toRef = (v: Float64Array): RefOverride[] => {
        let off = 0;
        return overrides.map((o, k) => {
          const hs = o.heads ?? Array.from({ length: H }, (_, h) => h);
          const block = v.subarray(off, off + sizes[k]!);
          off += sizes[k]!;
          return { layer: o.layer, heads: hs, weights: hs.map((_, j) => block.slice(j * Q * n, (j + 1) * Q * n)) };
        });
      };
      const fd = finiteDifferences(flat, (v) => ref(x, m, toRef(v))[targets[b]!]!);
      const analytic = Float64Array.from(r.gradients.flatMap((g, k) => Array.from(g.data.subarray(b * sizes[k]!, (b + 1) * sizes[k]!))));
      expectGradientClose(analytic, fd, `example ${b}`);
    }
  });
});
