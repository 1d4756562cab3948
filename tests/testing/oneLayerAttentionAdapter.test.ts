import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { isClose, oneLayerAttentionAdapter, randomOneLayerAttentionAdapter } from '../../src/testing/index.js';
import type { AttentionOverride } from '../../src/types/adapter.js';
import { attentionCentralDifferences, centralDifferences, t } from './helpers.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Additive, one head, d = k = 1, no value projection, 2 classes: logits = [z, −z] with z = Σ α_j x_j. */
const additive = oneLayerAttentionAdapter({
  embeddings: [[1], [-1], [0.5]],
  additive: { weight: [[1]], vector: [1] },
  classifier: { weights: [[1, -1]] },
});

/** Dot-product self-attention, one head, d = k = 1: S[i, j] = (x_i · 1)(x_j · 2) / √1. */
const dot = oneLayerAttentionAdapter({
  embeddings: [[1], [0.5], [-1]],
  query: [[1]],
  key: [[2]],
  classifier: { weights: [[1, -1]] },
});

describe('oneLayerAttentionAdapter', () => {
  it('info reports probabilities and { layers: 1, heads, queries }', () => {
    expect(additive.info).toEqual({
      name: 'one-layer attention',
      numClasses: 2,
      outputKind: 'probabilities',
      embeddingDim: 1,
      vocabSize: 3,
      attention: { layers: 1, heads: 1, queries: 'single' },
    });
    expect(dot.info.attention).toEqual({ layers: 1, heads: 1, queries: 'tokens' });
  });

  it('additive attention in closed form: α = softmax(tanh(x)), z = Σ α_j x_j, p₀ = σ(2z)', async () => {
    const x = await additive.embed([0, 1]); // x = (1, −1)
    const r = await additive.forward({ data: x.data, shape: [1, 2, 1] }, { returnAttention: true });
    const tau = Math.tanh(1);
    const a0 = sigmoid(2 * tau);
    const z = a0 - (1 - a0);
    expect(r.attention!.shape).toEqual([1, 1, 1, 1, 2]);
    expect(isClose(r.attention!.data, [a0, 1 - a0], { rtol: 1e-14 })).toBe(true);
    expect(isClose(r.outputs.data, [sigmoid(2 * z), 1 - sigmoid(2 * z)], { rtol: 1e-14 })).toBe(true);
  });

  it('dot-product self-attention in closed form: A[i] = softmax_j(2 x_i x_j), pooled = mean_i Σ_j A[i, j] x_j', async () => {
    const r = await dot.forward(t([1, 0.5], [1, 2, 1]), { returnAttention: true });
    const A0 = [sigmoid(1), 1 - sigmoid(1)];
    const A1 = [sigmoid(0.5), 1 - sigmoid(0.5)];
    const Z0 = A0[0]! * 1 + A0[1]! * 0.5;
    const Z1 = A1[0]! * 1 + A1[1]! * 0.5;
    const pooled = (Z0 + Z1) / 2;
    expect(r.attention!.shape).toEqual([1, 1, 1, 2, 2]);
    expect(isClose(r.attention!.data, [...A0, ...A1], { rtol: 1e-14 })).toBe(true);
    expect(isClose(r.outputs.data, [sigmoid(2 * pooled), sigmoid(-2 * pooled)], { rtol: 1e-14 })).toBe(true);
  });

  it('a masked key gets exactly zero attention and a masked query is left out of the pooling', async () => {
    const ra = await additive.forward(t([1, -1], [1, 2, 1]), { inputMask: t([1, 0], [1, 2]), returnAttention: true });
    expect(Array.from(ra.attention!.data)).toEqual([1, 0]);
    expect(isClose(ra.outputs.data, [sigmoid(2), sigmoid(-2)], { rtol: 1e-14 })).toBe(true);
    // dot: hide position 1 → every query attends only to key 0; only query 0 is pooled: pooled = x₀ = 1.
    const rd = await dot.forward(t([1, 0.5], [1, 2, 1]), { inputMask: t([1, 0], [1, 2]), returnAttention: true });
    expect(Array.from(rd.attention!.data)).toEqual([1, 0, 1, 0]);
    expect(isClose(rd.outputs.data, [sigmoid(2), sigmoid(-2)], { rtol: 1e-14 })).toBe(true);
  });

  it('overrides are used exactly as given (no renormalisation): additive with A = (2, 0) gives z = 2x₀', async () => {
    const o: AttentionOverride = { layer: 0, weights: t([2, 0], [1, 1, 1, 2]) };
    const r = await additive.forward(t([1, -1], [1, 2, 1]), { attention: [o], returnAttention: true });
    expect(isClose(r.outputs.data, [sigmoid(4), sigmoid(-4)], { rtol: 1e-14 })).toBe(true);
    expect(Array.from(r.attention!.data)).toEqual([2, 0]);
  });

  it('with injected A, ∂p₀/∂x_j = 2p₀(1 − p₀)a_j and ∂p₀/∂a_j = 2p₀(1 − p₀)x_j (closed form)', async () => {
    const a = [0.3, 0.7];
    const x = [1, -1];
    const o: AttentionOverride = { layer: 0, weights: t(a, [1, 1, 1, 2]) };
    const z = a[0]! * x[0]! + a[1]! * x[1]!;
    const p0 = sigmoid(2 * z);
    const g = await additive.gradient(t(x, [1, 2, 1]), 0, { attention: [o] });
    expect(isClose(g.gradients.data, a.map((v) => 2 * p0 * (1 - p0) * v), { rtol: 1e-14 })).toBe(true);
    const ga = await additive.attentionGradient(t(x, [1, 2, 1]), 0, { attention: [o] });
    expect(ga.gradients).toHaveLength(1);
    expect(ga.gradients[0]!.shape).toEqual([1, 1, 1, 2]);
    expect(isClose(ga.gradients[0]!.data, x.map((v) => 2 * p0 * (1 - p0) * v), { rtol: 1e-14 })).toBe(true);
    const ga1 = await additive.attentionGradient(t(x, [1, 2, 1]), 1, { attention: [o] });
    expect(isClose(ga1.gradients[0]!.data, x.map((v) => -2 * p0 * (1 - p0) * v), { rtol: 1e-14 })).toBe(true);
  });

  it('two identical heads with halved classifier rows equal one head (head bookkeeping)', async () => {
    const rng = [0.3, -0.2, 0.5, 0.1, 0.9, -0.4, 0.7, -0.8, 0.2];
    const q = [[rng.slice(0, 3), rng.slice(3, 6), rng.slice(6, 9)]];
    const k = [[rng.slice(3, 6), rng.slice(6, 9), rng.slice(0, 3)]];
    const wc = [
      [1, -1, 0.5],
      [0.2, 0.3, -0.6],
      [-0.7, 0.4, 0.1],
    ];
    const emb = [
      [0.5, -1, 2],
      [1, 0.25, -0.5],
      [-1.5, 0.5, 0.75],
    ];
    const single = oneLayerAttentionAdapter({ embeddings: emb, query: q, key: k, classifier: { weights: wc } });
    const double = oneLayerAttentionAdapter({
      embeddings: emb,
      query: [q[0]!, q[0]!],
      key: [k[0]!, k[0]!],
      classifier: { weights: [...wc, ...wc].map((row) => row.map((v) => v / 2)) },
    });
    const x = await single.embed([0, 2, 1]);
    const xs = { data: x.data, shape: [1, 3, 3] };
    const a = await single.forward(xs, { returnAttention: true });
    const b = await double.forward(xs, { returnAttention: true });
    expect(isClose(b.outputs.data, a.outputs.data, { rtol: 1e-14 })).toBe(true);
    expect(isClose(b.attention!.data, [...a.attention!.data, ...a.attention!.data], { rtol: 1e-15 })).toBe(true);
    const ga = await single.gradient(xs, 2);
    const gb = await double.gradient(xs, 2);
    expect(isClose(gb.gradients.data, ga.gradients.data, { rtol: 1e-12, atol: 1e-15 })).toBe(true);
  });

  it('override heads are matched to weights in the order given', async () => {
    const m = randomOneLayerAttentionAdapter({ seed: 5, heads: 2, embeddingDim: 3, numClasses: 2 });
    const x = await m.embed([1, 4, 2]);
    const xs = { data: x.data, shape: [1, 3, 3] };
    const w0 = [0.2, 0.3, 0.5, 0.1, 0.1, 0.8, 0.6, 0.2, 0.2];
    const w1 = [0.5, 0.5, 0, 0.3, 0.3, 0.4, 0, 0, 1];
    const inOrder = await m.forward(xs, { attention: [{ layer: 0, weights: t([...w0, ...w1], [1, 2, 3, 3]) }] });
    const reversed = await m.forward(xs, { attention: [{ layer: 0, heads: [1, 0], weights: t([...w1, ...w0], [1, 2, 3, 3]) }] });
    expect(Array.from(reversed.outputs.data)).toEqual(Array.from(inOrder.outputs.data));
  });

  for (const queries of ['tokens', 'single'] as const) {
    const m = randomOneLayerAttentionAdapter({ seed: 11, heads: 2, queries, vocabSize: 9, embeddingDim: 3, keyDim: 2, valueDim: 4, numClasses: 3 });
    const make = async (tokens: number[][]) => {
      const rows = await Promise.all(tokens.map((s) => m.embed(s)));
      return t(rows.flatMap((r) => Array.from(r.data)), [tokens.length, tokens[0]!.length, 3]);
    };

    it(`[${queries}] gradient equals float64 central finite differences (plain, masked, injected)`, async () => {
      const x = await make([
        [1, 5, 2, 7],
        [0, 8, 8, 3],
      ]);
      const targets = [2, 0];
      const g = await m.gradient(x, targets);
      const fd = await centralDifferences(m, x, targets);
      expect(isClose(g.gradients.data, fd, { rtol: 1e-7, atol: 1e-9 })).toBe(true);
      const mask = t([1, 1, 0, 1, 0, 1, 1, 1], [2, 4]);
      const gm = await m.gradient(x, targets, { inputMask: mask });
      const fdm = await centralDifferences(m, x, targets, { inputMask: mask });
      expect(isClose(gm.gradients.data, fdm, { rtol: 1e-7, atol: 1e-9 })).toBe(true);
      const Q = queries === 'tokens' ? 4 : 1;
      const weights = t(Array.from({ length: 2 * 1 * Q * 4 }, (_, i) => ((i * 7) % 5) / 10 + 0.05), [2, 1, Q, 4]);
      const inj: AttentionOverride[] = [{ layer: 0, heads: [1], weights }];
      const gi = await m.gradient(x, targets, { attention: inj });
      const fdi = await centralDifferences(m, x, targets, { attention: inj });
      expect(isClose(gi.gradients.data, fdi, { rtol: 1e-7, atol: 1e-9 })).toBe(true);
    });

    it(`[${queries}] attentionGradient equals float64 central differences of the raw injected weights`, async () => {
      const x = await make([
        [2, 2, 6],
        [4, 1, 0],
      ]);
      const targets = [1, 2];
      const own = await m.forward(x, { returnAttention: true });
      const overrides: AttentionOverride[] = [{ layer: 0, weights: { data: own.attention!.data.slice(), shape: [2, 2, queries === 'tokens' ? 3 : 1, 3] } }];
      const r = await m.attentionGradient(x, targets, { attention: overrides });
      expect(isClose(r.outputs.data, own.outputs.data, { rtol: 1e-14 })).toBe(true);
      const fd = await attentionCentralDifferences(m, x, targets, overrides, 0);
      expect(isClose(r.gradients[0]!.data, fd, { rtol: 1e-7, atol: 1e-9 })).toBe(true);
      // one head only, the other computed by the model
      const Q = queries === 'tokens' ? 3 : 1;
      const sub: AttentionOverride[] = [{ layer: 0, heads: [1], weights: t(Array.from({ length: 2 * Q * 3 }, (_, i) => 0.1 + (i % 3) * 0.2), [2, 1, Q, 3]) }];
      const rs = await m.attentionGradient(x, targets, { attention: sub, inputMask: t([1, 1, 0, 1, 1, 1], [2, 3]) });
      const fds = await (async () => {
        const C = 3;
        const w = sub[0]!.weights;
        const out = new Float64Array(w.data.length);
        for (let i = 0; i < w.data.length; i++) {
          const b = Math.floor(i / (Q * 3));
          const p = Float64Array.from(w.data);
          const q = Float64Array.from(w.data);
          p[i] += 1e-6;
          q[i] -= 1e-6;
          const opts = (d: Float64Array) => ({ attention: [{ ...sub[0]!, weights: { data: d, shape: w.shape } }], inputMask: t([1, 1, 0, 1, 1, 1], [2, 3]) });
          const fp = (await m.forward(x, opts(p))).outputs.data[b * C + targets[b]!]!;
          const fm = (await m.forward(x, opts(q))).outputs.data[b * C + targets[b]!]!;
          out[i] = (fp - fm) / 2e-6;
        }
        return out;
      })();
      expect(rs.gradients[0]!.shape).toEqual([2, 1, Q, 3]);
      expect(isClose(rs.gradients[0]!.data, fds, { rtol: 1e-7, atol: 1e-9 })).toBe(true);
    });
  }

  it('embed looks ids up in the table; specialTokens are reported in info', async () => {
    const m = oneLayerAttentionAdapter({
      embeddings: [[1], [2], [3]],
      additive: { weight: [[1]], vector: [1] },
      classifier: { weights: [[1, 0]] },
      specialTokens: { pad: 0 },
      name: 'tiny',
    });
    expect(m.info.specialTokens).toEqual({ pad: 0 });
    expect(m.info.name).toBe('tiny');
    expect(Array.from((await m.embed([2, 0])).data)).toEqual([3, 1]);
    await expect(m.embed([3])).rejects.toThrow(InputRangeError);
    await expect(m.embed([])).rejects.toThrow(ShapeMismatchError);
  });

  it.each([
    ['neither query/key nor additive', () => oneLayerAttentionAdapter({ embeddings: [[1]], classifier: { weights: [[1, 0]] } }), InputTypeError],
    [
      'both query/key and additive',
      () => oneLayerAttentionAdapter({ embeddings: [[1]], query: [[1]], key: [[1]], additive: { weight: [[1]], vector: [1] }, classifier: { weights: [[1, 0]] } }),
      InputTypeError,
    ],
    ['query without key', () => oneLayerAttentionAdapter({ embeddings: [[1]], query: [[1]], classifier: { weights: [[1, 0]] } }), InputTypeError],
    ['a query with the wrong rows', () => oneLayerAttentionAdapter({ embeddings: [[1]], query: [[1], [2]], key: [[1], [2]], classifier: { weights: [[1, 0]] } }), ShapeMismatchError],
    ['a key unlike the query', () => oneLayerAttentionAdapter({ embeddings: [[1]], query: [[1, 2]], key: [[1]], classifier: { weights: [[1, 0]] } }), ShapeMismatchError],
    ['a classifier with the wrong rows', () => oneLayerAttentionAdapter({ embeddings: [[1]], query: [[1]], key: [[1]], classifier: { weights: [[1, 0], [0, 1]] } }), ShapeMismatchError],
    ['a single class', () => oneLayerAttentionAdapter({ embeddings: [[1]], query: [[1]], key: [[1]], classifier: { weights: [[1]] } }), InputRangeError],
    ['a classifier bias of the wrong length', () => oneLayerAttentionAdapter({ embeddings: [[1]], query: [[1]], key: [[1]], classifier: { weights: [[1, 0]], bias: [1] } }), ShapeMismatchError],
    ['an additive vector of the wrong length', () => oneLayerAttentionAdapter({ embeddings: [[1]], additive: { weight: [[1, 2]], vector: [1] }, classifier: { weights: [[1, 0]] } }), ShapeMismatchError],
    ['non-finite parameters', () => oneLayerAttentionAdapter({ embeddings: [[Number.NaN]], query: [[1]], key: [[1]], classifier: { weights: [[1, 0]] } }), InputRangeError],
    ['an unknown option', () => oneLayerAttentionAdapter({ embeddings: [[1]], query: [[1]], key: [[1]], classifier: { weights: [[1, 0]] }, seed: 1 } as never), InputTypeError],
  ])('oneLayerAttentionAdapter rejects %s', (_label, call, cls) => {
    expect(call).toThrow(cls);
  });

  it.each([
    ['an override of layer 1', () => dot.forward(t([1, 0.5], [1, 2, 1]), { attention: [{ layer: 1, weights: t([1, 0, 1, 0], [1, 1, 2, 2]) }] }), InputRangeError],
    ['override weights of the wrong shape', () => dot.forward(t([1, 0.5], [1, 2, 1]), { attention: [{ layer: 0, weights: t([1, 0], [1, 1, 1, 2]) }] }), ShapeMismatchError],
    ['attentionGradient without overrides', () => dot.attentionGradient(t([1, 0.5], [1, 2, 1]), 0, { attention: [] }), InputTypeError],
    ['a mask hiding everything', () => dot.forward(t([1, 0.5], [1, 2, 1]), { inputMask: t([0, 0], [1, 2]) }), InputRangeError],
    ['per-example targets of the wrong length', () => dot.gradient(t([1, 0.5], [1, 2, 1]), [0, 1]), ShapeMismatchError],
    ['a non-boolean returnAttention', () => dot.forward(t([1, 0.5], [1, 2, 1]), { returnAttention: 1 as never }), InputTypeError],
  ])('oneLayerAttentionAdapter methods reject %s', async (_label, call, cls) => {
    await expect(call()).rejects.toThrow(cls);
  });
});

describe('randomOneLayerAttentionAdapter', () => {
  it('the same seed gives bit-identical models; another seed a different one', async () => {
    const a = randomOneLayerAttentionAdapter({ seed: 42, heads: 2 });
    const b = randomOneLayerAttentionAdapter({ seed: 42, heads: 2 });
    const c = randomOneLayerAttentionAdapter({ seed: 43, heads: 2 });
    const ea = await a.embed([0, 1, 2, 3]);
    expect(Array.from((await b.embed([0, 1, 2, 3])).data)).toEqual(Array.from(ea.data));
    const x = { data: ea.data, shape: [1, 4, 4] };
    expect(Array.from((await b.forward(x)).outputs.data)).toEqual(Array.from((await a.forward(x)).outputs.data));
    expect(Array.from((await c.embed([0, 1, 2, 3])).data)).not.toEqual(Array.from(ea.data));
  });

  it('defaults: V = 20, d = 4, C = 3, one head, self-attention', () => {
    const m = randomOneLayerAttentionAdapter({ seed: 0 });
    expect(m.info).toMatchObject({ numClasses: 3, embeddingDim: 4, vocabSize: 20, attention: { layers: 1, heads: 1, queries: 'tokens' } });
    expect(m.info.name).toBe('random one-layer attention (seed 0)');
  });

  it('attention is neither uniform nor one-hot at the default scale', async () => {
    const m = randomOneLayerAttentionAdapter({ seed: 9 });
    const x = await m.embed([1, 2, 3, 4, 5]);
    const r = await m.forward({ data: x.data, shape: [1, 5, 4] }, { returnAttention: true });
    const max = Math.max(...r.attention!.data);
    const min = Math.min(...r.attention!.data);
    expect(max).toBeLessThan(0.99);
    expect(max - min).toBeGreaterThan(0.05);
  });

  it.each([
    ['a missing seed', () => randomOneLayerAttentionAdapter({} as never), InputTypeError],
    ['a fractional seed', () => randomOneLayerAttentionAdapter({ seed: 0.5 }), InputTypeError],
    ['one class', () => randomOneLayerAttentionAdapter({ seed: 0, numClasses: 1 }), InputRangeError],
    ['zero heads', () => randomOneLayerAttentionAdapter({ seed: 0, heads: 0 }), InputRangeError],
    ['an unknown queries kind', () => randomOneLayerAttentionAdapter({ seed: 0, queries: 'all' as never }), InputTypeError],
    ['an unknown option', () => randomOneLayerAttentionAdapter({ seed: 0, layers: 2 } as never), InputTypeError],
  ])('randomOneLayerAttentionAdapter rejects %s', (_label, call, cls) => {
    expect(call).toThrow(cls);
  });
});
