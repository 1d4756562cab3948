import { describe, expect, it } from 'vitest';
import { featureAblation } from '../../src/attribution/featureAblation.js';
import { leaveOneOut } from '../../src/attribution/leaveOneOut.js';
import { occlusion } from '../../src/attribution/occlusion.js';
import { shapleyValues } from '../../src/attribution/shapleyValues.js';
import { shapleyValueSampling } from '../../src/attribution/shapleyValueSampling.js';
import { AbortError, AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { linearModelAdapter, randomOneLayerAttentionAdapter, toyFunctionAdapter } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/index.js';
import { EPS, expectClose } from '../helpers/close.js';
import { deleteRows, forwardRows, permutations, recording, replaceRows, softmax } from './perturbationHelpers.js';

/** Linear model with C = 2, n = 5, d = 3 and an embedding table of 8 tokens (seeded by hand). */
function linear() {
  const C = 2;
  const n = 5;
  const d = 3;
  const weights = Array.from({ length: C }, (_, c) => Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, k) => Math.sin(1 + c * 7 + i * 3 + k))));
  const embeddings = Array.from({ length: 8 }, (_, v) => Array.from({ length: d }, (_, k) => Math.cos(v * 2 + k)));
  return { model: linearModelAdapter({ weights, embeddings, bias: [0.1, -0.2] }), weights, embeddings, n, d };
}

/** A nonlinear 5-input function with interactions. */
const nonlinear = toyFunctionAdapter({
  numInputs: 5,
  f: (x) => x[0]! * x[1]! + Math.sin(x[2]!) * x[3]! - x[4]! * x[4]! + x[0]! * x[2]! * x[4]!,
  gradient: () => [0, 0, 0, 0, 0],
});

const attention = randomOneLayerAttentionAdapter({ seed: 3, vocabSize: 12, embeddingDim: 4, numClasses: 3, heads: 2 });
const TOKENS = [1, 5, 2, 7, 3, 9];

describe('leaveOneOut(adapter, tokens, options)', () => {
  it("'baseline' removal on a linear model is exact: φ_i = w_t,i · (x_i − b_i) with scale 'raw'", async () => {
    const { model, weights, embeddings, d } = linear();
    const tokens = [3, 1, 4, 1, 5];
    const baseline = [0.5, -1, 2];
    const r = await leaveOneOut(model, tokens, { mode: 'baseline', baseline, scale: 'raw', target: 1 });
    const expected = tokens.map((v, i) => weights[1]![i]!.reduce((s, w, k) => s + w * (embeddings[v]![k]! - baseline[k]!), 0));
    expectClose(r.scores, expected, 8 * EPS, { label: 'scores' });
    expect(r.target).toBe(1);
    expect(r.mode).toBe('baseline');
    expect(r.perturbedOutputs.shape).toEqual([5, 2]);
    void d;
  });

  it("'delete' (default) equals re-running the model on the input without token i, in one batched call", async () => {
    const rec = recording(attention);
    let embedCalls = 0;
    const counted: ModelAdapter = { ...rec.adapter, embed: (t) => (embedCalls++, rec.adapter.embed(t)) };
    const r = await leaveOneOut(counted, TOKENS);
    // a position-free embed (the probe shows it): rows are dropped, no embed call per perturbed input
    expect(embedCalls).toBe(2);
    expect(rec.calls).toEqual([[1, 6, 4], [6, 5, 4]]);
    const x = (await attention.embed(TOKENS)).data;
    const full = await forwardRows(attention, x, 6);
    expect(r.target).toBe(Array.from(full).indexOf(Math.max(...full)));
    for (let i = 0; i < 6; i++) {
      const out = await forwardRows(attention, deleteRows(x, 4, [i]), 5);
      expectClose(r.scores[i]!, full[r.target]! - out[r.target]!, 16 * EPS, { label: `drop ${i}` });
      expectClose(Array.from(r.perturbedOutputs.data.subarray(i * 3, i * 3 + 3)), out, 16 * EPS);
    }
  });

  it("'delete' re-embeds the shortened sequence: position embeddings added by embed shift (J&W / ferret)", async () => {
    const positional: ModelAdapter = {
      info: attention.info,
      embed: async (tokens) => {
        const e = await attention.embed(tokens);
        return { data: e.data.map((v, k) => v + 0.3 * Math.sin(Math.floor(k / 4) + 1)), shape: e.shape };
      },
      forward: (e, o) => attention.forward(e, o),
    };
    let embedCalls = 0;
    const counted: ModelAdapter = { ...positional, embed: (t) => (embedCalls++, positional.embed(t)) };
    const r = await leaveOneOut(counted, TOKENS, { output: 'tvd' });
    // the full input, the probe, then one call per shortened sequence
    expect(embedCalls).toBe(2 + 6);
    const full = await forwardRows(attention, (await positional.embed(TOKENS)).data, 6);
    for (let i = 0; i < 6; i++) {
      const out = await forwardRows(attention, (await positional.embed(TOKENS.filter((_, j) => j !== i))).data, 5);
      expectClose(r.scores[i]!, 0.5 * out.reduce((s, p, c) => s + Math.abs(p - full[c]!), 0), 16 * EPS);
    }
  });

  it("'mask' replaces the token by info.specialTokens.mask (else .unk); 'tvd' and 'absDiff'", async () => {
    const withMask = recording(attention, { specialTokens: { unk: 0 } }).adapter;
    const r = await leaveOneOut(withMask, TOKENS, { mode: 'mask', output: 'tvd' });
    const a = await leaveOneOut(withMask, TOKENS, { mode: 'mask', output: 'absDiff' });
    const s = await leaveOneOut(withMask, TOKENS, { mode: 'mask' });
    const x = (await attention.embed(TOKENS)).data;
    const full = await forwardRows(attention, x, 6);
    for (let i = 0; i < 6; i++) {
      const masked = TOKENS.slice();
      masked[i] = 0;
      const out = await forwardRows(attention, (await attention.embed(masked)).data, 6);
      const tvd = 0.5 * out.reduce((acc, p, c) => acc + Math.abs(p - full[c]!), 0);
      expectClose(r.scores[i]!, tvd, 16 * EPS);
      expectClose(a.scores[i]!, Math.abs(s.scores[i]!), 0);
    }
    const explicit = await leaveOneOut(attention, TOKENS, { mode: 'mask', maskToken: 0, output: 'tvd' });
    expect(explicit.scores).toEqual(r.scores);
  });

  it("logits are turned into probabilities by a softmax; 'logOdds' is z_t − logsumexp of the others", async () => {
    const { model } = linear();
    const tokens = [3, 1, 4, 1, 5];
    const p = await leaveOneOut(model, tokens, { mode: 'baseline', target: 0 });
    const lo = await leaveOneOut(model, tokens, { mode: 'baseline', target: 0, scale: 'logOdds' });
    const raw = await leaveOneOut(model, tokens, { mode: 'baseline', target: 0, scale: 'raw' });
    const full = softmax(p.outputs);
    for (let i = 0; i < 5; i++) {
      const z = p.perturbedOutputs.data.subarray(i * 2, i * 2 + 2);
      expectClose(p.scores[i]!, full[0]! - softmax(z)[0]!, 16 * EPS);
      // two classes: log-odds of class 0 is z0 − z1
      expectClose(lo.scores[i]!, p.outputs[0]! - p.outputs[1]! - (z[0]! - z[1]!), 64 * EPS);
      expectClose(raw.scores[i]!, p.outputs[0]! - z[0]!, 16 * EPS);
    }
  });

  it('exclude and inputMask positions score 0, are listed in excluded, and are never removed', async () => {
    const rec = recording(attention);
    const r = await leaveOneOut(rec.adapter, TOKENS, { exclude: [0], inputMask: [1, 1, 1, 0, 1, 1] });
    expect(Array.from(r.excluded)).toEqual([0, 3]);
    expect(r.scores[0]).toBe(0);
    expect(r.scores[3]).toBe(0);
    expect(rec.calls).toEqual([[1, 6, 4], [4, 5, 4]]);
    expect(Number.isNaN(r.perturbedOutputs.data[0])).toBe(true);
  });
});

describe('occlusion(adapter, tokens, options)', () => {
  it('a 1-wide window equals feature ablation and the linear closed form (REFERENCE F7)', async () => {
    const { model, weights, embeddings } = linear();
    const tokens = [3, 1, 4, 1, 5];
    const occ = await occlusion(model, tokens, { scale: 'raw', target: 0 });
    const abl = await featureAblation(model, tokens, { scale: 'raw', target: 0 });
    const expected = tokens.map((v, i) => weights[0]![i]!.reduce((s, w, k) => s + w * embeddings[v]![k]!, 0));
    expectClose(occ.scores, expected, 8 * EPS);
    expectClose(abl.scores, expected, 8 * EPS);
  });

  it("averages the window drops over the windows covering each token (Captum's layout, last window cut)", async () => {
    const { model, weights, embeddings } = linear();
    const tokens = [3, 1, 4, 1, 5];
    const c = tokens.map((v, i) => weights[0]![i]!.reduce((s, w, k) => s + w * embeddings[v]![k]!, 0));
    // window 2, stride 2 over 5 tokens: [0,2) [2,4) [4,5)
    const r = await occlusion(model, tokens, { window: 2, stride: 2, scale: 'raw', target: 0 });
    expect(r.windows).toBe(3);
    expectClose(r.scores, [c[0]! + c[1]!, c[0]! + c[1]!, c[2]! + c[3]!, c[2]! + c[3]!, c[4]!], 8 * EPS);
    // window 3, stride 1: [0,3) [1,4) [2,5)
    const s = await occlusion(model, tokens, { window: 3, scale: 'raw', target: 0 });
    const w = [c[0]! + c[1]! + c[2]!, c[1]! + c[2]! + c[3]!, c[2]! + c[3]! + c[4]!];
    expectClose(s.scores, [w[0]!, (w[0]! + w[1]!) / 2, (w[0]! + w[1]! + w[2]!) / 3, (w[1]! + w[2]!) / 2, w[2]!], 8 * EPS);
  });

  it('windows slide over the scorable positions only; delete-mode windows of one length share calls', async () => {
    const rec = recording(attention);
    const r = await occlusion(rec.adapter, TOKENS, { window: 2, stride: 2, removal: 'delete', exclude: [0] });
    // scorable 1..5 → windows {1,2} {3,4} {5}: two of length 4, one of length 5
    expect(r.windows).toBe(3);
    expect(rec.calls).toEqual([[1, 6, 4], [1, 5, 4], [2, 4, 4]]); // longest inputs first
    const x = (await attention.embed(TOKENS)).data;
    const full = await forwardRows(attention, x, 6);
    const g = async (remove: number[]) => (await forwardRows(attention, deleteRows(x, 4, remove), 6 - remove.length))[r.target]!;
    const t = r.target;
    expectClose(r.scores, [0, full[t]! - (await g([1, 2])), full[t]! - (await g([1, 2])), full[t]! - (await g([3, 4])), full[t]! - (await g([3, 4])), full[t]! - (await g([5]))], 16 * EPS);
  });
});

describe('featureAblation(adapter, tokens, options)', () => {
  it('a group the model ignores scores exactly 0', async () => {
    const model = linearModelAdapter({ weights: [[1, 2, 0, 0, -1], [0.5, 0, 0, 0, 1]] });
    const r = await featureAblation(model, [1, 2, 3, 4, 5], { featureMask: [0, 1, 2, 2, 3] });
    expect(Array.from(r.groupIds)).toEqual([0, 1, 2, 3]);
    expect(r.groupScores[2]).toBe(0);
    expect(r.scores[2]).toBe(0);
    expect(r.scores[3]).toBe(0);
    expect(r.scores[0]).not.toBe(0);
  });

  it('group drops are copied to every member, without averaging; −1 is never removed', async () => {
    const model = linearModelAdapter({ weights: [[1, 2, 3, 4, 5]] });
    const r = await featureAblation(model, [1, 1, 1, 1, 1], { featureMask: [7, 7, -1, 2, 2], scale: 'raw' });
    expect(Array.from(r.groupIds)).toEqual([2, 7]);
    expect(Array.from(r.groupScores)).toEqual([9, 3]);
    expect(Array.from(r.scores)).toEqual([3, 3, 0, 9, 9]);
  });
});

/** Brute-force Shapley values over all p! orders, with g evaluated through the adapter directly. */
async function bruteForceShapley(model: ModelAdapter, tokens: number[], target: number, g: (out: Float64Array) => number): Promise<number[]> {
  const n = tokens.length;
  const d = model.info.embeddingDim;
  const x = (await model.embed(tokens)).data;
  const zero = new Float64Array(n * d);
  const cache = new Map<string, number>();
  const v = async (present: Set<number>): Promise<number> => {
    const key = [...present].sort().join(',');
    if (!cache.has(key)) {
      const removed = [...Array(n).keys()].filter((i) => !present.has(i));
      cache.set(key, g(await forwardRows(model, replaceRows(x, zero, d, removed), n)));
    }
    return cache.get(key)!;
  };
  const phi = new Array<number>(n).fill(0);
  const orders = permutations(n);
  for (const order of orders) {
    const present = new Set<number>();
    let prev = await v(present);
    for (const j of order) {
      present.add(j);
      const next = await v(present);
      phi[j]! += next - prev;
      prev = next;
    }
  }
  void target;
  return phi.map((s) => s / orders.length);
}

describe('shapleyValues(adapter, tokens, options) and shapleyValueSampling', () => {
  it('exact Shapley values equal the brute force over all orders (n = 5, nonlinear model)', async () => {
    const tokens = [0.5, -1.2, 2, 0.7, 1.1];
    const r = await shapleyValues(nonlinear, tokens, { scale: 'raw' });
    const brute = await bruteForceShapley(nonlinear, tokens, 0, (o) => o[0]!);
    expectClose(r.scores, brute, 1e-13);
    // efficiency: Σφ = f(x) − f(baseline)
    expectClose(r.scores.reduce((a, b) => a + b, 0), r.fullValue - r.emptyValue, 1e-13);
    expectClose(r.emptyValue, 0, 0);
  });

  it('exact Shapley values equal the brute force on an attention model (n = 6, probabilities)', async () => {
    const r = await shapleyValues(attention, TOKENS);
    const brute = await bruteForceShapley(attention, TOKENS, r.target, (o) => o[r.target]!);
    expectClose(r.scores, brute, 1e-12);
    expectClose(r.groupScores.reduce((a, b) => a + b, 0), r.fullValue - r.emptyValue, 1e-13);
  });

  it('a player the model ignores gets 0; groups of featureMask are players', async () => {
    const model = linearModelAdapter({ weights: [[1, 2, 0, 3]] });
    const r = await shapleyValues(model, [1, 1, 5, 1], { scale: 'raw' });
    expect(r.scores[2]).toBe(0);
    const g = await shapleyValues(model, [1, 1, 5, 1], { scale: 'raw', featureMask: [0, 0, 1, 1] });
    expect(Array.from(g.groupScores)).toEqual([3, 3]);
  });

  it('sampling is seed-repeatable, efficient for every nSamples, and converges to the exact values', async () => {
    const tokens = [0.5, -1.2, 2, 0.7, 1.1];
    const exact = await shapleyValues(nonlinear, tokens, { scale: 'raw' });
    const a = await shapleyValueSampling(nonlinear, tokens, { scale: 'raw', seed: 11, nSamples: 7 });
    const b = await shapleyValueSampling(nonlinear, tokens, { scale: 'raw', seed: 11, nSamples: 7 });
    const c = await shapleyValueSampling(nonlinear, tokens, { scale: 'raw', seed: 12, nSamples: 7 });
    expect(a.scores).toEqual(b.scores);
    expect(a.scores).not.toEqual(c.scores);
    expectClose(a.scores.reduce((s, x) => s + x, 0), a.fullValue - a.emptyValue, 1e-13);
    const errorAt = async (nSamples: number) => {
      const r = await shapleyValueSampling(nonlinear, tokens, { scale: 'raw', seed: 5, nSamples });
      return Math.max(...Array.from(r.scores, (x, i) => Math.abs(x - exact.scores[i]!)));
    };
    const small = await errorAt(10);
    const large = await errorAt(4000);
    expect(large).toBeLessThan(0.05);
    expect(large).toBeLessThan(small);
  });

  it('more than 16 players is a RangeError naming the remedy', async () => {
    const model = linearModelAdapter({ weights: [new Array(17).fill(1)] });
    const tokens = new Array(17).fill(1);
    await expect(shapleyValues(model, tokens)).rejects.toThrow(InputRangeError);
    await expect(shapleyValues(model, tokens)).rejects.toThrow(/shapleyValueSampling/);
    const grouped = await shapleyValues(model, tokens, { featureMask: tokens.map((_, i) => i % 4), scale: 'raw' });
    expectClose(grouped.groupScores, [5, 4, 4, 4], 8 * EPS);
  });
});

describe('batching, progress, cancellation and errors', () => {
  const methods = [
    ['leaveOneOut', (a: ModelAdapter, o: object) => leaveOneOut(a, TOKENS, o)],
    ['occlusion', (a: ModelAdapter, o: object) => occlusion(a, TOKENS, { window: 2, ...o })],
    ['featureAblation', (a: ModelAdapter, o: object) => featureAblation(a, TOKENS, o)],
    ['shapleyValueSampling', (a: ModelAdapter, o: object) => shapleyValueSampling(a, TOKENS, { nSamples: 3, ...o })],
    ['shapleyValues', (a: ModelAdapter, o: object) => shapleyValues(a, TOKENS, o)],
  ] as const;

  for (const [name, run] of methods) {
    it(`${name}: batchSize 1 gives the same scores as batchSize 32; onProgress counts to the total`, async () => {
      const one = recording(attention);
      const events: { done: number; total: number }[] = [];
      const a = await run(one.adapter, { batchSize: 1, onProgress: (p: { done: number; total: number }) => events.push(p) });
      const b = await run(attention, {});
      expect(a.scores).toEqual(b.scores);
      expect(one.calls.every((s) => s[0] === 1)).toBe(true);
      expect(events.length).toBe(one.calls.length - 1);
      expect(events.at(-1)!.done).toBe(events.at(-1)!.total);
    });

    it(`${name}: an aborted signal throws AbortError before and during the run`, async () => {
      const controller = new AbortController();
      controller.abort('stop');
      await expect(run(attention, { signal: controller.signal })).rejects.toThrow(AbortError);
      const c2 = new AbortController();
      await expect(run(attention, { batchSize: 1, signal: c2.signal, onProgress: () => c2.abort() })).rejects.toThrow(AbortError);
    });

    it(`${name}: unknown options, bad removal and capabilities are typed errors`, async () => {
      await expect(run(attention, { bogus: 1 })).rejects.toThrow(InputTypeError);
      await expect(run(attention, { batchSize: 0 })).rejects.toThrow(InputRangeError);
      await expect(run(attention, { target: 3 })).rejects.toThrow(InputRangeError);
      await expect(run(attention, { exclude: [6] })).rejects.toThrow(InputRangeError);
      const modeKey = name === 'leaveOneOut' ? 'mode' : 'removal';
      await expect(run(attention, { [modeKey]: 'zero' })).rejects.toThrow(InputTypeError);
      await expect(run(attention, { [modeKey]: 'mask' })).rejects.toThrow(AdapterCapabilityError);
      const fixed = recording(attention, { sequenceLength: 6 }).adapter;
      await expect(run(fixed, { [modeKey]: 'delete' })).rejects.toThrow(AdapterCapabilityError);
      await expect(run({ info: attention.info, embed: attention.embed } as unknown as ModelAdapter, {})).rejects.toThrow(AdapterCapabilityError);
      await expect(run(attention, { [modeKey]: 'baseline', baseline: [1, 2] })).rejects.toThrow(ShapeMismatchError);
    });
  }

  it('inputs are never mutated', async () => {
    const tokens = Float64Array.from(TOKENS);
    const baseline = [0.1, 0.2, 0.3, 0.4];
    const featureMask = [0, 0, 1, 1, 2, 2];
    const exclude = [0];
    const inputMask = [1, 1, 1, 1, 1, 1];
    const snapshot = JSON.stringify([Array.from(tokens), baseline, featureMask, exclude, inputMask]);
    await featureAblation(attention, tokens, { removal: 'baseline', baseline, featureMask, exclude, inputMask });
    await shapleyValueSampling(attention, tokens, { removal: 'baseline', baseline, featureMask, exclude, inputMask, nSamples: 2 });
    await leaveOneOut(attention, tokens, { exclude, inputMask });
    expect(JSON.stringify([Array.from(tokens), baseline, featureMask, exclude, inputMask])).toBe(snapshot);
  });

  it("'delete' removal that would leave an empty input is rejected before any model call", async () => {
    const rec = recording(attention);
    await expect(shapleyValues(rec.adapter, [1, 2, 3], { removal: 'delete' })).rejects.toThrow(InputRangeError);
    expect(rec.calls).toEqual([]);
    const r = await shapleyValues(rec.adapter, [1, 2, 3], { removal: 'delete', exclude: [0] });
    expectClose(r.groupScores.reduce((a, b) => a + b, 0), r.fullValue - r.emptyValue, 1e-13);
  });

  it('occlusion rejects a window wider than the scorable tokens', async () => {
    await expect(occlusion(attention, TOKENS, { window: 6, exclude: [0] })).rejects.toThrow(ShapeMismatchError);
  });
});

describe('output scales on one-output and probability models', () => {
  it('one logit: probability is its sigmoid, log-odds the logit itself; TVD is |p − p′|', async () => {
    const model = linearModelAdapter({ weights: [[2, -1, 0.5]] });
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    const p = await leaveOneOut(model, [1, 2, 4], { mode: 'baseline' });
    const lo = await leaveOneOut(model, [1, 2, 4], { mode: 'baseline', scale: 'logOdds' });
    const tvd = await leaveOneOut(model, [1, 2, 4], { mode: 'baseline', output: 'tvd' });
    // F = 2 on the full input; removing each token gives 0, 4, 0
    expectClose(p.scores, [sigmoid(2) - sigmoid(0), sigmoid(2) - sigmoid(4), sigmoid(2) - sigmoid(0)], 4 * EPS);
    expectClose(lo.scores, [2, -2, 2], 4 * EPS);
    expectClose(tvd.scores, Array.from(p.scores, Math.abs), 4 * EPS);
  });

  it('probability outputs: log-odds is log p − log(1 − p); the mask token is preferred to unk', async () => {
    const rec = recording(attention, { specialTokens: { mask: 11, unk: 0 } });
    const lo = await leaveOneOut(rec.adapter, TOKENS, { mode: 'mask', scale: 'logOdds' });
    const t = lo.target;
    const logit = (row: ArrayLike<number>) => Math.log(row[t]!) - Math.log(1 - row[t]!);
    const masked = TOKENS.slice();
    masked[2] = 11;
    const out = await forwardRows(attention, (await attention.embed(masked)).data, 6);
    expectClose(lo.scores[2]!, logit(lo.outputs) - logit(out), 1e-12);
  });
});
