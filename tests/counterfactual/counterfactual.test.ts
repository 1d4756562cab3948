/**
 * Counterfactual attention tests on the float64 toy adapters: closed forms, seeds, the re-check of
 * adversarial candidates, capability errors, abort and progress.
 */
import { describe, expect, it } from 'vitest';
import {
  adversarialAttention,
  permutationTest,
  randomAttention,
  seedVariance,
  uniformAttention,
  zeroTopAttention,
} from '../../src/counterfactual/index.js';
import { AbortError, AdapterCapabilityError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { oneLayerAttentionAdapter, randomOneLayerAttentionAdapter } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';

/** Peaked single-query attention over x ∈ {3, 0, 1, −1, 2}, zero values: the output ignores attention. */
const ignoring = oneLayerAttentionAdapter({
  embeddings: [[3], [0], [1], [-1], [2]],
  additive: { weight: [[1]], vector: [2] },
  value: [[[0]]],
  classifier: { weights: [[1, -1]], bias: [0.3, -0.2] },
});

/** Linear in attention: logits = (Σ_j α_j x_j) · [w, −w] + b. */
const W = [
  [1.5, -0.5, 0.25],
  [-1, 2, 0.5],
];
const linear = oneLayerAttentionAdapter({
  embeddings: [
    [1, 0],
    [0, 1],
    [0.5, -0.5],
    [-1, 2],
  ],
  additive: { weight: [[0.3, -0.2], [0.1, 0.4]], vector: [1, -1] },
  classifier: { weights: W, bias: [0.1, 0, -0.1] },
});
const EMB = [
  [1, 0],
  [0, 1],
  [0.5, -0.5],
  [-1, 2],
];
function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
/** Closed-form output of `linear` for attention α over tokens. */
function linearOutput(tokens: number[], alpha: number[]): number[] {
  const pooled = [0, 0];
  tokens.forEach((t, j) => {
    pooled[0] += alpha[j]! * EMB[t]![0]!;
    pooled[1] += alpha[j]! * EMB[t]![1]!;
  });
  const bias = [0.1, 0, -0.1];
  return softmax([0, 1, 2].map((c) => bias[c]! + pooled[0]! * W[0]![c]! + pooled[1]! * W[1]![c]!));
}

const transformer = randomOneLayerAttentionAdapter({ seed: 5, vocabSize: 12, embeddingDim: 4, numClasses: 3, heads: 2 });

function withoutAttentionGradient(a: ModelAdapter): ModelAdapter {
  return { info: a.info, embed: (t) => a.embed(t), forward: (x, o) => a.forward(x, o) };
}

describe('closed forms', () => {
  it('a model that ignores attention: every permutation, random and uniform TVD is 0', async () => {
    const tokens = [0, 1, 2, 3, 4];
    const p = await permutationTest(ignoring, tokens, { nPermutations: 30, seed: 3 });
    expect(p.samples).toBe(30);
    expect(Array.from(p.tvd).every((v) => v === 0)).toBe(true);
    expect(p.medianTvd).toBe(0);
    expect(p.flipRate).toBe(0);
    expect((await uniformAttention(ignoring, tokens)).tvd[0]).toBe(0);
    expect(Array.from((await randomAttention(ignoring, tokens, { samples: 10 })).tvd).every((v) => v === 0)).toBe(true);
    expect((await zeroTopAttention(ignoring, tokens)).tvd[0]).toBe(0);
  });

  it('uniform attention on a linear-in-attention model gives the computable output', async () => {
    const tokens = [0, 1, 2, 3, 1];
    const r = await uniformAttention(linear, tokens);
    const expected = linearOutput(tokens, [0.2, 0.2, 0.2, 0.2, 0.2]);
    Array.from(r.counterfactualOutputs.data).forEach((v, c) => expect(v).toBeCloseTo(expected[c]!, 12));
    const orig = Array.from(r.probabilities);
    const tvd = orig.reduce((s, v, c) => s + Math.abs(v - expected[c]!), 0) / 2;
    expect(r.tvd[0]).toBeCloseTo(tvd, 12);
    expect(r.samples).toBe(1);
  });

  it('zeroTopAttention zeroes the largest weight and renormalises the others', async () => {
    const tokens = [0, 1, 2, 3];
    const r = await zeroTopAttention(linear, tokens);
    const a = Array.from(r.attention.data);
    const top = a.indexOf(Math.max(...a));
    const rest = 1 - a[top]!;
    const alpha = a.map((v, j) => (j === top ? 0 : v / rest));
    const expected = linearOutput(tokens, alpha);
    Array.from(r.counterfactualOutputs.data).forEach((v, c) => expect(v).toBeCloseTo(expected[c]!, 12));
  });

  it('permutation outputs equal the closed form of the permuted weights', async () => {
    const tokens = [0, 1, 2, 3];
    const r = await permutationTest(linear, tokens, { nPermutations: 20, seed: 9 });
    // every counterfactual output is the output of some permutation of the original weights
    const a = Array.from(r.attention.data);
    const perms: number[][] = [];
    const permute = (rest: number[], acc: number[]): void => {
      if (rest.length === 0) perms.push(acc);
      rest.forEach((v, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, v]));
    };
    permute(a, []);
    const outs = perms.map((p) => linearOutput(tokens, p));
    for (let s = 0; s < 20; s++) {
      const row = Array.from(r.counterfactualOutputs.data.subarray(s * 3, s * 3 + 3));
      expect(outs.some((o) => o.every((v, c) => Math.abs(v - row[c]!) < 1e-12))).toBe(true);
    }
    expect(r.medianTvd).toBeGreaterThan(0);
  });
});

describe('seeds, masks, layers and heads', () => {
  it('the same seed gives bit-identical results; another seed differs', async () => {
    const tokens = [1, 5, 2, 7, 3, 9];
    const a = await permutationTest(transformer, tokens, { nPermutations: 15, seed: 4 });
    const b = await permutationTest(transformer, tokens, { nPermutations: 15, seed: 4 });
    const c = await permutationTest(transformer, tokens, { nPermutations: 15, seed: 5 });
    expect(Array.from(a.tvd)).toEqual(Array.from(b.tvd));
    expect(Array.from(a.tvd)).not.toEqual(Array.from(c.tvd));
    const r1 = await randomAttention(transformer, tokens, { samples: 5, seed: 1, concentration: 0.5 });
    const r2 = await randomAttention(transformer, tokens, { samples: 5, seed: 1, concentration: 0.5 });
    expect(Array.from(r1.counterfactualOutputs.data)).toEqual(Array.from(r2.counterfactualOutputs.data));
    const s1 = await randomAttention(transformer, tokens, { samples: 5, seed: 1, distribution: 'shuffle' });
    const s2 = await randomAttention(transformer, tokens, { samples: 5, seed: 1, distribution: 'shuffle' });
    expect(Array.from(s1.tvd)).toEqual(Array.from(s2.tvd));
    for (const method of ['gradient', 'gradient-free'] as const) {
      const x = await adversarialAttention(transformer, tokens, { steps: 15, seed: 2, method });
      const y = await adversarialAttention(transformer, tokens, { steps: 15, seed: 2, method });
      expect(Array.from(x.candidates.attention.data)).toEqual(Array.from(y.candidates.attention.data));
      expect(x.maxJsd).toBe(y.maxJsd);
    }
  });

  it('transformers: defaults replace every head of the last layer; layers/heads select', async () => {
    const tokens = [1, 2, 3, 4, 5];
    const r = await permutationTest(transformer, tokens, { nPermutations: 3 });
    expect(Array.from(r.layers)).toEqual([0]);
    expect(Array.from(r.heads)).toEqual([0, 1]);
    expect(r.attention.shape).toEqual([1, 2, 5, 5]);
    const one = await permutationTest(transformer, tokens, { nPermutations: 3, heads: [1] });
    expect(one.attention.shape).toEqual([1, 1, 5, 5]);
  });

  it('masked and excluded keys keep their weights in every candidate', async () => {
    const tokens = [1, 2, 3, 4, 5, 6];
    const inputMask = [1, 1, 0, 1, 1, 1];
    const r = await adversarialAttention(transformer, tokens, { steps: 10, inputMask, exclude: [0], seed: 1 });
    expect(Array.from(r.keys)).toEqual([1, 3, 4, 5]);
    const n = 6;
    const K = r.candidates.attention.shape[0]!;
    const per = r.attention.data.length;
    for (let k = 0; k < K; k++) {
      for (let row = 0; row < per / n; row++) {
        const c = r.candidates.attention.data.subarray(k * per + row * n, k * per + row * n + n);
        const o = r.attention.data.subarray(row * n, row * n + n);
        expect(c[2]).toBe(0);
        expect(c[0]).toBe(o[0]);
        expect(c.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      }
    }
  });
});

describe('adversarialAttention', () => {
  it('every returned candidate is re-checked by a forward pass with it injected', async () => {
    const tokens = [0, 1, 2, 3, 1, 2];
    const r = await adversarialAttention(linear, tokens, { steps: 60, seed: 3, epsilon: 0.02 });
    const K = 5;
    expect(r.candidates.jsd.length).toBe(K);
    let max = 0;
    for (let k = 0; k < K; k++) {
      const alpha = Array.from(r.candidates.attention.data.subarray(k * 6, k * 6 + 6));
      const out = linearOutput(tokens, alpha);
      const tvd = out.reduce((s, v, c) => s + Math.abs(v - r.probabilities[c]!), 0) / 2;
      expect(r.candidates.tvd[k]).toBeCloseTo(tvd, 12);
      expect(r.candidates.accepted[k]).toBe(tvd <= 0.02 ? 1 : 0);
      if (r.candidates.accepted[k]) max = Math.max(max, r.candidates.jsd[k]!);
    }
    expect(r.maxJsd).toBe(max);
    expect(r.method).toBe('gradient');
  });

  it('finds large JSD within ε when the output ignores attention, with and without gradients', async () => {
    const tokens = [0, 1, 2, 3, 4];
    for (const adapter of [ignoring, withoutAttentionGradient(ignoring)]) {
      const r = await adversarialAttention(adapter, tokens, { steps: 100, seed: 1 });
      expect(r.maxJsd).toBeGreaterThan(0.5);
      expect(r.maxJsd).toBeLessThanOrEqual(Math.LN2);
      expect(Array.from(r.candidates.accepted)).toEqual([1, 1, 1, 1, 1]);
    }
    expect((await adversarialAttention(withoutAttentionGradient(ignoring), tokens, { steps: 2 })).method).toBe('gradient-free');
  });

  it('the hinge keeps the gradient search within ε on an attention-sensitive model', async () => {
    const tokens = [0, 1, 2, 3, 1, 2, 0];
    const r = await adversarialAttention(linear, tokens, { steps: 150, seed: 5, epsilon: 0.01 });
    expect(r.maxJsd).toBeGreaterThan(0);
    expect(r.candidates.accepted.some((v) => v === 1)).toBe(true);
  });
});

describe('seedVariance', () => {
  it('identical models give JSD 0 and TVD 0; different seeds give JSD > 0', async () => {
    const mk = (seed: number) => randomOneLayerAttentionAdapter({ seed, vocabSize: 10, embeddingDim: 4, numClasses: 2, queries: 'single' });
    const inputs = [
      [1, 2, 3],
      [4, 5, 6, 7],
      [2, 2, 9],
    ];
    const same = await seedVariance([mk(1), mk(1)], inputs);
    expect(Array.from(same.jsd)).toEqual([0, 0, 0]);
    expect(same.meanTvd).toBe(0);
    const diff = await seedVariance([mk(1), mk(2), mk(3)], inputs, { batchSize: 1 });
    expect(diff.models).toBe(2);
    expect(diff.pairs.jsd.shape).toEqual([2, 3]);
    expect(diff.medianJsd).toBeGreaterThan(0);
    expect(diff.jsd[0]).toBe([diff.pairs.jsd.data[0]!, diff.pairs.jsd.data[3]!].reduce((a, b) => a + b) / 2);
  });
});

describe('errors, capabilities, abort, progress', () => {
  it('capability errors name attentionOverride / attentionGradient / attention', async () => {
    const readOnly: ModelAdapter = { ...withoutAttentionGradient(transformer), info: { ...transformer.info, attention: { ...transformer.info.attention, overridable: false } as never } };
    const noAttention: ModelAdapter = { info: { numClasses: 2, outputKind: 'probabilities', embeddingDim: 4 }, embed: transformer.embed, forward: transformer.forward };
    for (const fn of [permutationTest, uniformAttention, randomAttention, zeroTopAttention, adversarialAttention]) {
      await expect(fn(readOnly, [1, 2, 3])).rejects.toMatchObject({ name: 'AdapterCapabilityError', capability: 'attentionOverride' });
      await expect(fn(noAttention, [1, 2, 3])).rejects.toBeInstanceOf(AdapterCapabilityError);
    }
    await expect(adversarialAttention(withoutAttentionGradient(transformer), [1, 2, 3], { method: 'gradient' })).rejects.toMatchObject({ capability: 'attentionGradient' });
    await expect(seedVariance([noAttention, noAttention], [[1, 2]])).rejects.toMatchObject({ capability: 'attention' });
  });

  it('bad options are rejected with typed errors naming the function', async () => {
    await expect(permutationTest(transformer, [1, 2, 3], { nPermutations: 0 })).rejects.toThrow(/^permutationTest: /);
    await expect(permutationTest(transformer, [1, 2, 3], { bogus: 1 } as never)).rejects.toBeInstanceOf(InputTypeError);
    await expect(permutationTest(transformer, [1, 2, 3], { layers: [3] })).rejects.toThrow(/layers/);
    await expect(permutationTest(transformer, [1, 2], { exclude: [0] })).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(uniformAttention(transformer, [1, 2, 3], { inputMask: [1, 1] })).rejects.toBeInstanceOf(ShapeMismatchError);
  });

  it('abort throws AbortError; progress is monotone and ends at total', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(permutationTest(transformer, [1, 2, 3], { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    const late = new AbortController();
    await expect(
      adversarialAttention(transformer, [1, 2, 3, 4], { steps: 50, signal: late.signal, onProgress: (p) => p.done === 5 && late.abort() }),
    ).rejects.toBeInstanceOf(AbortError);
    const events: { done: number; total: number }[] = [];
    await permutationTest(transformer, [1, 2, 3, 4], { nPermutations: 10, batchSize: 3, onProgress: (p) => events.push(p) });
    expect(events.map((e) => e.done)).toEqual([3, 6, 9, 10]);
    expect(events.every((e) => e.total === 10)).toBe(true);
  });

  it('inputs are not mutated', async () => {
    const tokens = Int32Array.from([1, 2, 3, 4]);
    const mask = [1, 1, 1, 1];
    const exclude = [0];
    await adversarialAttention(transformer, tokens, { steps: 3, inputMask: mask, exclude });
    expect(Array.from(tokens)).toEqual([1, 2, 3, 4]);
    expect(mask).toEqual([1, 1, 1, 1]);
    expect(exclude).toEqual([0]);
  });
});
