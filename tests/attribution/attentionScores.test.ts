/**
 * attentionScores(adapter, tokens, options) reads the model's own attention and agrees with the
 * attention family's functions on the same stack (REFERENCE F1 on a stub model with two layers);
 * selectExample(tensor, b).
 */
import { describe, expect, it } from 'vitest';
import { attentionFlow, attentionRollout, rawAttentionReadout } from '../../src/attention/index.js';
import { attentionScores, selectExample } from '../../src/attribution/index.js';
import { AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { linearModelAdapter, randomOneLayerAttentionAdapter } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { EPS, expectClose } from '../helpers/close.js';
import { spy } from './helpers.js';

// REFERENCE F1: L = 2, one head, n = 3
const A1 = [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]];
const A2 = [[0.3, 0.4, 0.3], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]];

/** A stub model whose attention is F1 whatever the input (outputs fixed). */
const stub: ModelAdapter = {
  info: { numClasses: 2, outputKind: 'probabilities', embeddingDim: 1, attention: { layers: 2, heads: 1, queries: 'tokens' } },
  embed: async (tokens) => ({ data: Float64Array.from(tokens), shape: [tokens.length, 1] }),
  forward: async (e, o) => {
    const B = e.shape[0]!;
    const one = [...A1.flat(), ...A2.flat()];
    const data = new Float64Array(B * one.length);
    for (let b = 0; b < B; b++) data.set(one, b * one.length);
    return {
      outputs: { data: new Float64Array(B * 2).fill(0.5), shape: [B, 2] },
      ...(o?.returnAttention === true ? { attention: { data, shape: [B, 2, 1, 3, 3] } } : {}),
    };
  },
};

describe('attentionScores on REFERENCE F1 (two layers)', () => {
  it('raw: the row of the chosen layer (default: top layer, row 0)', async () => {
    expect(Array.from((await attentionScores(stub, [1, 2, 3])).scores)).toEqual(A2[0]);
    expect(Array.from((await attentionScores(stub, [1, 2, 3], { layer: 0, row: 1 })).scores)).toEqual(A1[1]);
    expectClose((await attentionScores(stub, [1, 2, 3], { layer: 0, row: 'max' })).scores, [0.6, 0.5, 0.8], 4 * EPS);
    expectClose((await attentionScores(stub, [1, 2, 3], { layer: 0, row: 'mean' })).scores, [0.3, 0.3, 0.4], 4 * EPS);
  });

  it('rollout: Abnar’s residual rollout R₂ (row 0, max over rows) and R₁ at layer 0', async () => {
    expectClose((await attentionScores(stub, [1, 2, 3], { method: 'rollout' })).scores, [0.5475, 0.255, 0.1975], 8 * EPS);
    expectClose((await attentionScores(stub, [1, 2, 3], { method: 'rollout', row: 'max' })).scores, [0.5475, 0.5125, 0.74], 8 * EPS);
    expectClose((await attentionScores(stub, [1, 2, 3], { method: 'rollout', residual: false, row: 2 })).scores, [0.22, 0.22, 0.56], 8 * EPS);
    expectClose((await attentionScores(stub, [1, 2, 3], { method: 'rollout', layer: 0 })).scores, [0.8, 0.15, 0.05], 8 * EPS);
  });

  it('flow: max-flow from the top layer’s row 0, normalised (Abnar) or raw', async () => {
    expectClose((await attentionScores(stub, [1, 2, 3], { method: 'flow' })).scores, [0.516129032258064, 0.258064516129032, 0.225806451612903], 1e-12);
    expectClose((await attentionScores(stub, [1, 2, 3], { method: 'flow', normalize: false })).scores, [0.8, 0.4, 0.35], 8 * EPS);
  });

  it('returns the example’s attention [L, H, Q, n], the outputs, and the settings', async () => {
    const r = await attentionScores(stub, [1, 2, 3], { method: 'rollout', exclude: [0] });
    expect(r.attention.shape).toEqual([2, 1, 3, 3]);
    expect(Array.from(r.outputs)).toEqual([0.5, 0.5]);
    expect([r.method, r.layer, r.row]).toEqual(['rollout', 1, 0]);
    expect(Array.from(r.excluded)).toEqual([0]);
    expect(r.scores[0]).toBe(0);
    expectClose(r.scores[1]!, 0.255, 8 * EPS);
  });
});

describe('attentionScores on one-layer attention models', () => {
  const sa = randomOneLayerAttentionAdapter({ seed: 4, heads: 2, vocabSize: 10 });
  const tokens = [3, 1, 4, 1, 5];

  it('agrees with rawAttentionReadout / attentionRollout / attentionFlow on the adapter’s own attention', async () => {
    const x = await sa.embed(tokens);
    const { attention } = await sa.forward({ data: x.data, shape: [1, 5, x.shape[1]!] }, { returnAttention: true });
    const stack = { data: attention!.data, shape: [1, 2, 5, 5] };
    for (const headFusion of ['mean', 'max', 'min'] as const) {
      expectClose((await attentionScores(sa, tokens, { headFusion, row: 2 })).scores, rawAttentionReadout(stack, 0, { row: 2, headFusion }), 1e-14);
    }
    const rollout = attentionRollout(stack);
    expectClose((await attentionScores(sa, tokens, { method: 'rollout', row: 3 })).scores, rollout.data.subarray(15, 20), 1e-14);
    const mean = [0, 1, 2, 3, 4].map((j) => [0, 1, 2, 3, 4].reduce((s, i) => s + rollout.data[i * 5 + j]!, 0) / 5);
    expectClose((await attentionScores(sa, tokens, { method: 'rollout', row: 'mean' })).scores, mean, 1e-14);
    expectClose((await attentionScores(sa, tokens, { method: 'flow', row: 1 })).scores, attentionFlow(stack, { outputs: [1] }).data, 1e-14);
  });

  it('inputMask: hidden positions score 0, are excluded, and their rows do not enter the mean', async () => {
    const inputMask = [1, 1, 0, 1, 1];
    const x = await sa.embed(tokens);
    const { attention } = await sa.forward({ data: x.data, shape: [1, 5, x.shape[1]!] }, { returnAttention: true, inputMask: { data: Float64Array.from(inputMask), shape: [1, 5] } });
    const r = await attentionScores(sa, tokens, { inputMask, row: 'mean' });
    expect(Array.from(r.excluded)).toEqual([2]);
    expect(r.scores[2]).toBe(0);
    const rows = [0, 1, 3, 4];
    const expected = [0, 1, 2, 3, 4].map((j) => (j === 2 ? 0 : rows.reduce((s, i) => s + (attention!.data[i * 5 + j]! + attention!.data[25 + i * 5 + j]!) / 2, 0) / 4));
    expectClose(r.scores, expected, 1e-14);
  });

  it('single-query attention: raw is α (heads fused); rollout and flow need self-attention', async () => {
    const rnn = randomOneLayerAttentionAdapter({ seed: 2, heads: 2, queries: 'single', vocabSize: 10 });
    const x = await rnn.embed(tokens);
    const { attention } = await rnn.forward({ data: x.data, shape: [1, 5, x.shape[1]!] }, { returnAttention: true });
    const r = await attentionScores(rnn, tokens);
    expect(r.attention.shape).toEqual([1, 2, 1, 5]);
    expectClose(r.scores, [0, 1, 2, 3, 4].map((j) => (attention!.data[j]! + attention!.data[5 + j]!) / 2), 1e-14);
    await expect(attentionScores(rnn, tokens, { method: 'rollout' })).rejects.toBeInstanceOf(AdapterCapabilityError);
    await expect(attentionScores(rnn, tokens, { row: 1 })).rejects.toBeInstanceOf(InputRangeError);
  });

  it('throws AdapterCapabilityError for a model without attention, before any call', async () => {
    const s = spy(linearModelAdapter({ weights: [[1, 2]] }));
    await expect(attentionScores(s.adapter, [1, 2])).rejects.toBeInstanceOf(AdapterCapabilityError);
    expect(s.log.embed + s.log.forward).toBe(0);
  });

  it.each([
    ['unknown method', { method: 'gradient' }, InputTypeError],
    ['layer out of range', { layer: 1 }, InputRangeError],
    ['row out of range', { row: 5 }, InputRangeError],
    ['row min', { row: 'min' }, InputTypeError],
    ['residual with raw', { residual: false }, InputTypeError],
    ['discardRatio with flow', { method: 'flow', discardRatio: 0.5 }, InputTypeError],
    ['normalize with rollout', { method: 'rollout', normalize: false }, InputTypeError],
    ['discardRatio 1', { method: 'rollout', discardRatio: 1 }, InputRangeError],
    ['inputMask length', { inputMask: [1, 1] }, ShapeMismatchError],
    ['exclude out of range', { exclude: [7] }, InputRangeError],
    ['unknown option', { target: 1 }, InputTypeError],
  ] as const)('%s: typed error before any call', async (_label, options, cls) => {
    const s = spy(sa);
    await expect(attentionScores(s.adapter, tokens, options as never)).rejects.toBeInstanceOf(cls);
    expect(s.log.embed + s.log.forward).toBe(0);
  });
});

describe('selectExample(tensor, b)', () => {
  it('drops the batch axis and copies example b', () => {
    const t = { data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [3, 2] };
    const r = selectExample(t, 2);
    expect(r.data).toEqual(new Float64Array([5, 6]));
    expect(r.shape).toEqual([2]);
    expect(selectExample({ data: [1, 2, 3, 4], dims: [2, 1, 2] }, 1)).toEqual({ data: new Float64Array([3, 4]), shape: [1, 2] });
    expect(selectExample([[[1]], [[2]]], 1).data).toEqual(new Float64Array([2]));
  });

  it('rejects a bad index or tensor', () => {
    expect(() => selectExample({ data: [1, 2], shape: [2] }, 2)).toThrow(InputRangeError);
    expect(() => selectExample({ data: [1, 2], shape: [2] }, 0.5)).toThrow(InputTypeError);
    expect(() => selectExample(5 as never, 0)).toThrow(InputTypeError);
  });
});
