import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AttentionRnnClassifier,
  TransformerClassifier,
  tfjsAdapter,
  type TfjsClassifier,
} from '../../src/backends/tfjs/index.js';
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import type { FloatTensor } from '../../src/types/tensor.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { expectClose } from '../helpers/close.js';
import { referenceAttentionRnn, referenceTransformer, weightMap, type RefOverride, type RefResult } from './helpers/reference.js';
import { randomAttention, randomEmbeddings, SMALL_AVERAGE, SMALL_BILSTM, SMALL_MODELS, SMALL_TRANSFORMER, useWasmBackend } from './helpers/setup.js';

useWasmBackend();

/** float32 forward pass vs the float64 reference. */
const F32_TOL = 2e-5;

function reference(model: TfjsClassifier, emb: FloatTensor, b: number, mask?: ArrayLike<number>, overrides: RefOverride[] = []): RefResult {
  const [, n, d] = emb.shape as [number, number, number];
  const x = emb.data.subarray(b * n * d, (b + 1) * n * d);
  const W = weightMap(model.getWeights());
  if (model instanceof TransformerClassifier) return referenceTransformer(model.config, W, x, n, mask, overrides);
  if (model instanceof AttentionRnnClassifier) return referenceAttentionRnn(model.config, W, x, n, mask, overrides);
  throw new Error('unknown model');
}

function flatAttention(r: RefResult): number[] {
  return r.attention.flatMap((layer) => layer.flatMap((head) => Array.from(head)));
}

describe.each(SMALL_MODELS)('$name', ({ make }) => {
  const n = 5;
  const mask = { data: new Float64Array([1, 1, 1, 1, 1, 1, 1, 0, 1, 0]), shape: [2, n] };
  let model: TfjsClassifier;
  let adapter: ModelAdapter;
  let d: number, L: number, H: number, Q: number;
  let emb: FloatTensor;
  beforeAll(() => {
    model = make();
    adapter = tfjsAdapter(model);
    d = model.info.embeddingDim;
    ({ layers: L, heads: H } = model.info.attention!);
    Q = model.info.attention!.queries === 'tokens' ? n : 1;
    emb = randomEmbeddings(2, n, d, 11);
  });
  afterAll(() => model.dispose());

  it('forward(embeddings, { inputMask, returnAttention }) matches the float64 reference', async () => {
    const r = await adapter.forward(emb, { inputMask: mask, returnAttention: true });
    expect(r.outputs.shape).toEqual([2, model.info.numClasses]);
    expect(r.attention!.shape).toEqual([2, L, H, Q, n]);
    const per = L * H * Q * n;
    for (const b of [0, 1]) {
      const ref = reference(model, emb, b, mask.data.subarray(b * n, (b + 1) * n));
      expectClose(r.outputs.data.subarray(b * 3, b * 3 + 3), ref.probs, F32_TOL, { label: `outputs[${b}]` });
      expectClose(r.attention!.data.subarray(b * per, (b + 1) * per), flatAttention(ref), F32_TOL, { label: `attention[${b}]` });
    }
    // masked keys get exactly zero attention
    for (let row = 0; row < L * H * Q; row++) {
      expect(r.attention!.data[per + row * n + 2]).toBe(0);
      expect(r.attention!.data[per + row * n + 4]).toBe(0);
    }
  });

  it('forward without a mask matches the reference and equals an all-ones mask', async () => {
    const plain = await adapter.forward(emb);
    const ones = await adapter.forward(emb, { inputMask: { data: new Float64Array(2 * n).fill(1), shape: [2, n] } });
    expect(plain.attention).toBeUndefined();
    expectClose(ones.outputs.data, plain.outputs.data, 1e-6);
    for (const b of [0, 1]) expectClose(plain.outputs.data.subarray(b * 3, b * 3 + 3), reference(model, emb, b).probs, F32_TOL);
  });

  it('injecting the own attention at every layer reproduces the outputs bit for bit', async () => {
    const base = await adapter.forward(emb, { inputMask: mask, returnAttention: true });
    const A = base.attention!;
    const attention = Array.from({ length: L }, (_, l) => {
      const data = new Float64Array(2 * H * Q * n);
      for (let b = 0; b < 2; b++) data.set(A.data.subarray((b * L + l) * H * Q * n, (b * L + l + 1) * H * Q * n), b * H * Q * n);
      return { layer: l, weights: { data, shape: [2, H, Q, n] } };
    });
    const r = await adapter.forward(emb, { inputMask: mask, attention, returnAttention: true });
    expect(Array.from(r.outputs.data)).toEqual(Array.from(base.outputs.data));
    expect(Array.from(r.attention!.data)).toEqual(Array.from(A.data));
  });

  it('injecting uniform attention changes the outputs and is returned verbatim', async () => {
    const base = await adapter.forward(emb);
    const uniform = { data: new Float64Array(2 * H * Q * n).fill(1 / n), shape: [2, H, Q, n] };
    const r = await adapter.forward(emb, { attention: [{ layer: L - 1, weights: uniform }], returnAttention: true });
    let diff = 0;
    for (let i = 0; i < base.outputs.data.length; i++) diff = Math.max(diff, Math.abs(r.outputs.data[i]! - base.outputs.data[i]!));
    expect(diff).toBeGreaterThan(1e-4);
    const per = L * H * Q * n;
    for (let b = 0; b < 2; b++) {
      const last = r.attention!.data.subarray(b * per + (L - 1) * H * Q * n, (b + 1) * per);
      expect(Array.from(last).every((a) => Math.abs(a - 1 / n) < 1e-7)).toBe(true);
    }
  });

  it('an override of a head subset matches the reference with the same override', async () => {
    const heads = H > 1 ? [H - 1] : [0];
    const w = randomAttention([2, heads.length, Q, n], 5);
    const r = await adapter.forward(emb, { attention: [{ layer: 0, heads, weights: w }] });
    for (const b of [0, 1]) {
      const per = heads.length * Q * n;
      const ov: RefOverride = { layer: 0, heads, weights: heads.map((_, j) => w.data.slice(b * per + j * Q * n, b * per + (j + 1) * Q * n)) };
      expectClose(r.outputs.data.subarray(b * 3, b * 3 + 3), reference(model, emb, b, undefined, [ov]).probs, F32_TOL);
    }
  });

  it('a masked position (other than 0) does not influence the output', async () => {
    const other = { data: Float64Array.from(emb.data), shape: emb.shape };
    for (let k = 0; k < d; k++) other.data[(1 * n + 2) * d + k] = 10 * Math.sin(k + 1); // example 1, masked position 2
    const a = await adapter.forward(emb, { inputMask: mask });
    const b = await adapter.forward(other, { inputMask: mask });
    expectClose(b.outputs.data, a.outputs.data, 1e-7);
  });

  it('embed(tokens) returns the token embedding rows [n, d] (no positions)', async () => {
    const e = await adapter.embed([2, 5, 5, 9]);
    expect(e.shape).toEqual([4, d]);
    const table = model.getWeights()[0]!;
    expect(table.name).toBe('embeddings/token');
    expect(Array.from(e.data.subarray(d, 2 * d))).toEqual(Array.from(table.data.subarray(5 * d, 6 * d)));
    expect(Array.from(e.data.subarray(2 * d, 3 * d))).toEqual(Array.from(e.data.subarray(d, 2 * d)));
  });

  it('batch rows are independent', async () => {
    const both = await adapter.forward(emb, { returnAttention: true });
    const one = await adapter.forward({ data: emb.data.slice(n * d), shape: [1, n, d] }, { returnAttention: true });
    expectClose(both.outputs.data.subarray(3), one.outputs.data, 1e-6);
  });

  it('rejects malformed inputs with typed errors', async () => {
    await expect(adapter.forward({ data: new Float64Array(2 * n * (d + 1)), shape: [2, n, d + 1] })).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(adapter.forward(emb, { inputMask: { data: new Float64Array(2 * n).fill(0.5), shape: [2, n] } })).rejects.toBeInstanceOf(InputRangeError);
    await expect(adapter.forward(emb, { inputMask: { data: new Float64Array(n), shape: [1, n] } })).rejects.toBeInstanceOf(ShapeMismatchError);
    const w = { data: new Float64Array(2 * H * Q * n).fill(1 / n), shape: [2, H, Q, n] };
    await expect(adapter.forward(emb, { attention: [{ layer: L, weights: w }] })).rejects.toBeInstanceOf(InputRangeError);
    await expect(adapter.forward(emb, { attention: [{ layer: 0, weights: w }, { layer: 0, weights: w }] })).rejects.toBeInstanceOf(InputRangeError);
    await expect(adapter.forward(emb, { attention: [{ layer: 0, heads: [H], weights: w }] })).rejects.toBeInstanceOf(InputRangeError);
    await expect(adapter.forward(emb, { attention: [{ layer: 0, weights: { data: w.data, shape: [2, H, Q * n, 1] } }] })).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(adapter.forward(emb, { returnAttention: 1 as unknown as boolean })).rejects.toBeInstanceOf(InputTypeError);
    await expect(adapter.forward(emb, { bogus: true } as never)).rejects.toBeInstanceOf(InputTypeError);
    await expect(adapter.gradient!(emb, 3)).rejects.toBeInstanceOf(InputRangeError);
    await expect(adapter.gradient!(emb, [0])).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(adapter.gradient!(emb, 0.5)).rejects.toBeInstanceOf(InputTypeError);
    await expect(adapter.attentionGradient!(emb, 0, { attention: [] })).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(adapter.embed([0, model.info.vocabSize!])).rejects.toBeInstanceOf(InputRangeError);
    await expect(adapter.embed([0, 1.5])).rejects.toBeInstanceOf(InputTypeError);
    const nan = { data: Float64Array.from(emb.data), shape: emb.shape };
    nan.data[3] = NaN;
    await expect(adapter.forward(nan)).rejects.toBeInstanceOf(InputRangeError);
  });
});

describe('TransformerClassifier', () => {
  it('reports its layout in info', () => {
    const model = new TransformerClassifier(SMALL_TRANSFORMER);
    try {
      expect(model.info).toMatchObject({
        name: 'transformer',
        numClasses: 3,
        outputKind: 'probabilities',
        embeddingDim: 8,
        vocabSize: 24,
        maxLength: 8,
        attention: { layers: 2, heads: 2, queries: 'tokens' },
        specialTokens: { pad: 0, unk: 1, cls: 2, mask: 3 },
      });
      expect(tfjsAdapter(model).info).toBe(model.info);
    } finally {
      model.dispose();
    }
  });

  it('rejects sequences longer than maxLength and malformed configs', async () => {
    const model = new TransformerClassifier(SMALL_TRANSFORMER);
    try {
      await expect(tfjsAdapter(model).forward(randomEmbeddings(1, 9, 8, 1))).rejects.toBeInstanceOf(ShapeMismatchError);
    } finally {
      model.dispose();
    }
    expect(() => new TransformerClassifier({ ...SMALL_TRANSFORMER, heads: 3 })).toThrow(InputRangeError);
    expect(() => new TransformerClassifier({ ...SMALL_TRANSFORMER, numClasses: 1 })).toThrow(InputRangeError);
    expect(() => new TransformerClassifier({ ...SMALL_TRANSFORMER, layers: 1.5 })).toThrow(InputTypeError);
    expect(() => new TransformerClassifier({ ...SMALL_TRANSFORMER, dropout: 0.1 } as never)).toThrow(InputTypeError);
  });

  it('the same seed gives the same initial weights; another seed does not', () => {
    const a = new TransformerClassifier(SMALL_TRANSFORMER);
    const b = new TransformerClassifier(SMALL_TRANSFORMER);
    const c = new TransformerClassifier({ ...SMALL_TRANSFORMER, seed: 8 });
    try {
      expect(a.getWeights()).toEqual(b.getWeights());
      expect(a.getWeights()[0]!.data).not.toEqual(c.getWeights()[0]!.data);
    } finally {
      a.dispose();
      b.dispose();
      c.dispose();
    }
  });

  it('a disposed model is rejected by the adapter', async () => {
    const model = new TransformerClassifier(SMALL_TRANSFORMER);
    const adapter = tfjsAdapter(model);
    model.dispose();
    model.dispose(); // idempotent
    expect(model.isDisposed).toBe(true);
    await expect(adapter.forward(randomEmbeddings(1, 3, 8, 1))).rejects.toBeInstanceOf(InputRangeError);
  });
});

describe('AttentionRnnClassifier', () => {
  it('reports a single-query attention and follows Jain & Wallace (position 0 not attended)', async () => {
    const model = new AttentionRnnClassifier(SMALL_BILSTM);
    try {
      expect(model.info.attention).toEqual({ layers: 1, heads: 1, queries: 'single' });
      expect(model.info.name).toBe('attention-rnn-bilstm');
      expect(model.config.attentionDim).toBe(4);
      const r = await tfjsAdapter(model).forward(randomEmbeddings(1, 4, 6, 3), { returnAttention: true });
      expect(r.attention!.shape).toEqual([1, 1, 1, 1, 4]);
      expect(r.attention!.data[0]).toBe(0);
      expectClose(r.attention!.data.reduce((a, b) => a + b, 0), 1, 1e-6);
    } finally {
      model.dispose();
    }
  });

  it('attends position 0 when it is the only position (n = 1, or all others masked)', async () => {
    const model = new AttentionRnnClassifier(SMALL_BILSTM);
    try {
      const adapter = tfjsAdapter(model);
      const one = await adapter.forward(randomEmbeddings(1, 1, 6, 3), { returnAttention: true });
      expect(Array.from(one.attention!.data)).toEqual([1]);
      const masked = await adapter.forward(randomEmbeddings(1, 3, 6, 3), { returnAttention: true, inputMask: { data: new Float64Array([1, 0, 0]), shape: [1, 3] } });
      expect(Array.from(masked.attention!.data)).toEqual([1, 0, 0]);
    } finally {
      model.dispose();
    }
  });

  it('with maskFirstPosition: false position 0 is attended like any other', async () => {
    const model = new AttentionRnnClassifier({ ...SMALL_BILSTM, maskFirstPosition: false });
    try {
      const r = await tfjsAdapter(model).forward(randomEmbeddings(1, 4, 6, 3), { returnAttention: true });
      expect(r.attention!.data[0]).toBeGreaterThan(0);
      const ref = referenceAttentionRnn(model.config, weightMap(model.getWeights()), randomEmbeddings(1, 4, 6, 3).data, 4);
      expectClose(r.outputs.data, ref.probs, F32_TOL);
    } finally {
      model.dispose();
    }
  });

  it('(bilstm) masking a position equals deleting it', async () => {
    const model = new AttentionRnnClassifier(SMALL_BILSTM);
    try {
      const adapter = tfjsAdapter(model);
      const e = randomEmbeddings(1, 5, 6, 4);
      const masked = await adapter.forward(e, { inputMask: { data: new Float64Array([1, 1, 0, 1, 1]), shape: [1, 5] } });
      const del = new Float64Array(4 * 6);
      del.set(e.data.subarray(0, 12), 0);
      del.set(e.data.subarray(18), 12);
      const deleted = await adapter.forward({ data: del, shape: [1, 4, 6] });
      expectClose(masked.outputs.data, deleted.outputs.data, 1e-6);
    } finally {
      model.dispose();
    }
  });

  it('the average encoder has no context: a token change only moves its own state', async () => {
    const model = new AttentionRnnClassifier(SMALL_AVERAGE);
    try {
      expect(model.info.name).toBe('attention-rnn-average');
      // position 0 is never attended (n > 1), and has no context, so it cannot change the output
      const e = randomEmbeddings(1, 4, 6, 9);
      const f = { data: Float64Array.from(e.data), shape: e.shape };
      f.data.fill(3, 0, 6);
      const adapter = tfjsAdapter(model);
      expect(Array.from((await adapter.forward(f)).outputs.data)).toEqual(Array.from((await adapter.forward(e)).outputs.data));
    } finally {
      model.dispose();
    }
  });

  it('rejects malformed configs', () => {
    expect(() => new AttentionRnnClassifier({ ...SMALL_BILSTM, encoder: 'cnn' as never })).toThrow(InputTypeError);
    expect(() => new AttentionRnnClassifier({ ...SMALL_BILSTM, hiddenDim: 0 })).toThrow(InputRangeError);
    expect(() => new AttentionRnnClassifier({ ...SMALL_BILSTM, maskFirstPosition: 1 as never })).toThrow(InputTypeError);
    expect(() => new AttentionRnnClassifier({ ...SMALL_BILSTM, specialTokens: { cls: 99 } })).toThrow(InputRangeError);
  });
});
