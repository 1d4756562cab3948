import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { leaveOneOut } from '../../src/attribution/leaveOneOut.js';
import { AbortError, AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import {
  comprehensiveness,
  decisionFlip,
  deletionCurve,
  infidelity,
  insertionCurve,
  sensitivityMax,
  sufficiency,
  tauLoo,
} from '../../src/faithfulness/index.js';
import { linearModelAdapter, randomOneLayerAttentionAdapter } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/index.js';
import { deleteRows, forwardRows, recording, softmax } from '../attribution/perturbationHelpers.js';
import { EPS, expectClose } from '../helpers/close.js';
import { bagOfWordsAdapter } from './stubModel.js';

interface Case {
  name: string;
  ids: number[];
  scores: number[];
  ferret: { target: number; comprehensiveness: number; sufficiency: number; sizes: number[] };
  ferretAll: { comprehensiveness: number; sufficiency: number; sizes: number[] };
  eraser: { comprehensiveness: number; sufficiency: number; compValues: number[]; suffValues: number[] };
  tauLoo: { tau: number; loo: number[] };
}
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/python/faithfulness/faithfulness.json', import.meta.url)), 'utf8')) as {
  model: { w: number[]; b: number };
  cases: Case[];
};
const stub = bagOfWordsAdapter(fixture.model.w, fixture.model.b);
const attention = randomOneLayerAttentionAdapter({ seed: 3, vocabSize: 12, embeddingDim: 4, numClasses: 3, heads: 2 });
const TOKENS = [1, 5, 2, 7, 3, 9];

describe('comprehensiveness / sufficiency / tauLoo reproduce the ferret and ERASER oracle (REFERENCE F8)', () => {
  for (const c of fixture.cases) {
    const ends = [0, c.ids.length - 1];
    it(`ferret variant: ${c.name}`, async () => {
      const comp = await comprehensiveness(stub, c.ids, c.scores, { variant: 'ferret', exclude: ends });
      const suff = await sufficiency(stub, c.ids, c.scores, { variant: 'ferret', exclude: ends });
      expect(comp.target).toBe(c.ferret.target);
      expectClose(comp.aopc, c.ferret.comprehensiveness, 1e-13, { label: 'comprehensiveness' });
      expectClose(suff.aopc, c.ferret.sufficiency, 1e-13, { label: 'sufficiency' });
      expect(Array.from(comp.sizes)).toEqual(c.ferret.sizes);
      expect(comp.onlyPositive).toBe(true);
      const all = await comprehensiveness(stub, c.ids, c.scores, { variant: 'ferret', exclude: ends, onlyPositive: false });
      const allSuff = await sufficiency(stub, c.ids, c.scores, { variant: 'ferret', exclude: ends, onlyPositive: false });
      expect(Array.from(all.sizes)).toEqual(c.ferretAll.sizes);
      expectClose(all.aopc, c.ferretAll.comprehensiveness, 1e-13);
      expectClose(allSuff.aopc, c.ferretAll.sufficiency, 1e-13);
    });
    it(`ERASER variant (default): ${c.name}`, async () => {
      const comp = await comprehensiveness(stub, c.ids, c.scores, { exclude: ends });
      const suff = await sufficiency(stub, c.ids, c.scores, { exclude: ends });
      expectClose(comp.aopc, c.eraser.comprehensiveness, 1e-13);
      expectClose(suff.aopc, c.eraser.sufficiency, 1e-13);
      expectClose(comp.values, c.eraser.compValues, 1e-12, { floor: 1e-3 });
      expectClose(suff.values, c.eraser.suffValues, 1e-12, { floor: 1e-3 });
      expect(Array.from(comp.thresholds)).toEqual([0.01, 0.05, 0.1, 0.2, 0.5]);
    });
    it(`tauLoo equals scipy's kendalltau(loo, scores): ${c.name}`, async () => {
      const r = await tauLoo(stub, c.ids, c.scores, { exclude: ends });
      expectClose(Array.from(r.loo).slice(1, -1), c.tauLoo.loo, 1e-12, { floor: 1e-3 });
      expectClose(r.tau, c.tauLoo.tau, 1e-13);
    });
  }

  it("ferret's thresholds are np.arange(0.1, 1.1, 0.1) bit for bit", async () => {
    const c = fixture.cases[0]!;
    const r = await comprehensiveness(stub, c.ids, c.scores, { variant: 'ferret', exclude: [0, c.ids.length - 1] });
    expect(Array.from(r.thresholds)).toEqual([0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6, 0.7000000000000001, 0.8, 0.9, 1]);
    expect(Number.isNaN(r.values[9])).toBe(true);
  });
});

describe('deletionCurve / insertionCurve', () => {
  it('follow the MoRF / LeRF ranking with ties broken by position, and integrate by trapezoids', async () => {
    const model = linearModelAdapter({ weights: [[4, 3, 2, 1, 5]] });
    const scores = [0.5, 0.5, 0.9, 0.1, 0.5];
    const del = await deletionCurve(model, [1, 1, 1, 1, 1], scores, { scale: 'raw' });
    expect(Array.from(del.ranking)).toEqual([2, 0, 1, 4, 3]);
    expect(Array.from(del.values)).toEqual([15, 13, 9, 6, 1, 0]);
    expectClose(del.auc, (15 / 2 + 13 + 9 + 6 + 1 + 0 / 2) / 5, 4 * EPS);
    expect(Array.from(del.fractions)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const lerf = await deletionCurve(model, [1, 1, 1, 1, 1], scores, { scale: 'raw', order: 'lerf' });
    expect(Array.from(lerf.ranking)).toEqual([3, 0, 1, 4, 2]);
    const ins = await insertionCurve(model, [1, 1, 1, 1, 1], scores, { scale: 'raw' });
    expect(Array.from(ins.values)).toEqual([0, 2, 6, 9, 14, 15]);
  });

  it('featuresInStep removes several tokens per step; the last step takes the rest; AUC on the uneven grid', async () => {
    const model = linearModelAdapter({ weights: [[4, 3, 2, 1, 5]] });
    const scores = [0.5, 0.5, 0.9, 0.1, 0.5];
    const del = await deletionCurve(model, [1, 1, 1, 1, 1], scores, { scale: 'raw', featuresInStep: 2 });
    expect(Array.from(del.fractions)).toEqual([0, 0.4, 0.8, 1]);
    expect(Array.from(del.values)).toEqual([15, 9, 1, 0]);
    expectClose(del.auc, 0.4 * (15 + 9) / 2 + 0.4 * (9 + 1) / 2 + 0.2 * (1 + 0) / 2, 4 * EPS);
    const ins = await insertionCurve(model, [1, 1, 1, 1, 1], scores, { scale: 'raw', featuresInStep: 3 });
    expect(Array.from(ins.fractions)).toEqual([0, 0.6, 1]);
    expect(Array.from(ins.values)).toEqual([0, 9, 15]);
    await expect(deletionCurve(model, [1, 1, 1, 1, 1], scores, { featuresInStep: 0 })).rejects.toThrow(InputRangeError);
  });

  it("'delete' removal runs one call per step and matches re-running the model; excluded tokens stay", async () => {
    const rec = recording(attention);
    const scores = [0, 0.3, 0.1, 0.5, 0.2, 0.4];
    const r = await deletionCurve(rec.adapter, TOKENS, scores, { removal: 'delete', exclude: [0] });
    expect(rec.calls.map((s) => s[1])).toEqual([6, 5, 4, 3, 2, 1]);
    const x = (await attention.embed(TOKENS)).data;
    const removed: number[] = [];
    for (let k = 1; k <= 5; k++) {
      removed.push(r.ranking[k - 1]!);
      const out = await forwardRows(attention, deleteRows(x, 4, removed), 6 - k);
      expectClose(r.values[k]!, out[r.target]!, 16 * EPS);
    }
    await expect(deletionCurve(attention, TOKENS, scores, { removal: 'delete' })).rejects.toThrow(InputRangeError);
  });

  it('probabilities by default; batched equals unbatched', async () => {
    const scores = [0.2, 0.3, 0.1, 0.5, 0.2, 0.4];
    const a = await insertionCurve(attention, TOKENS, scores);
    const b = await insertionCurve(attention, TOKENS, scores, { batchSize: 1 });
    expect(a.values).toEqual(b.values);
    expect(a.values[6]).toBe(a.outputs[a.target]);
  });
});

describe('decisionFlip', () => {
  it('counts the tokens removed before the argmax changes, and stops early', async () => {
    const model = linearModelAdapter({ weights: [[0, 0, 1, 1, 0], [1, 1, 0, 0, 0.5]] });
    const rec = recording(model);
    const r = await decisionFlip(rec.adapter, [2, 2, 1, 1, 1], [0.9, 0.1, 0, 0, 0.8], { removal: 'baseline', batchSize: 1 });
    // class 1: 4.5 vs 2 → remove 0 (2.5 vs 2) → remove 4 (2 vs 2: tie → class 0) → flip after 2
    expect(r).toMatchObject({ flipped: true, removed: 2, fraction: 0.4, decision: 1, flippedTo: 0 });
    expect(rec.calls.length).toBe(3);
    const biased = linearModelAdapter({ weights: [[0, 0, 1, 1, 0], [1, 1, 0, 0, 0.5]], bias: [0, 0.5] });
    const never = await decisionFlip(biased, [2, 2, 1, 1, 1], [0, 0, 0.9, 0.8, 0], { removal: 'baseline' });
    expect(never).toMatchObject({ flipped: false, removed: 5, fraction: 1, decision: 1, flippedTo: 1 });
  });

  it("'delete' without an excluded position skips the empty last step", async () => {
    const rec = recording(attention);
    const r = await decisionFlip(rec.adapter, TOKENS, [0, 0, 0, 0, 0, 0]);
    expect(rec.calls.every((s) => s[1]! >= 1)).toBe(true);
    expect(r.removed).toBeLessThanOrEqual(6);
  });
});

describe('tauLoo', () => {
  it('is Kendall τ-b between the scores and leaveOneOut drops', async () => {
    const scores = [0, 0.3, 0.1, 0.5, 0.2, 0.4];
    const r = await tauLoo(attention, TOKENS, scores, { exclude: [0] });
    const loo = await leaveOneOut(attention, TOKENS, { exclude: [0] });
    expect(r.loo).toEqual(loo.scores);
    const same = await tauLoo(attention, TOKENS, loo.scores, { exclude: [0] });
    expectClose(same.tau, 1, 4 * EPS);
    const constant = await tauLoo(attention, TOKENS, [1, 1, 1, 1, 1, 1]);
    expect(constant.tau).toBeNaN();
  });
});

describe('infidelity (REFERENCE F7)', () => {
  it('is 0 for the exact removal effects of a linear model, for every seed and removal probability', async () => {
    const model = linearModelAdapter({ weights: [[0.5, -1, 2, 0.25, 3]] });
    const tokens = [2, 1, -1, 4, 0.5];
    const abl = await leaveOneOut(model, tokens, { mode: 'baseline', scale: 'raw' });
    for (const seed of [0, 1, 2]) {
      const r = await infidelity(model, tokens, abl.scores, { scale: 'raw', seed, removeProbability: 0.3 + 0.2 * seed, nPerturbSamples: 20 });
      expect(r.infidelity).toBeLessThan(1e-28);
      expect(r.beta).toBe(1);
    }
  });

  it('matches the definition sample by sample; normalize uses the least-squares β', async () => {
    const scores = [0.1, 0.3, -0.2, 0.5, 0.2, 0.4];
    const r = await infidelity(attention, TOKENS, scores, { nPerturbSamples: 12, seed: 4 });
    expect(r.explained.length).toBe(12);
    const mse = r.explained.reduce((s, e, k) => s + (e - r.deltas[k]!) ** 2, 0) / 12;
    expectClose(r.infidelity, mse, 4 * EPS);
    const n = await infidelity(attention, TOKENS, scores, { nPerturbSamples: 12, seed: 4, normalize: true });
    const beta = r.explained.reduce((s, e, k) => s + e * r.deltas[k]!, 0) / r.explained.reduce((s, e) => s + e * e, 0);
    expectClose(n.beta, beta, 8 * EPS);
    expect(n.infidelity).toBeLessThanOrEqual(r.infidelity + 1e-15);
    const again = await infidelity(attention, TOKENS, scores, { nPerturbSamples: 12, seed: 4 });
    expect(again.infidelity).toBe(r.infidelity);
  });
});

describe('sensitivityMax', () => {
  it('a gradient explanation of a linear model has sensitivity 0 (REFERENCE F7)', async () => {
    const model = linearModelAdapter({ weights: [[3, 1, 2]] });
    const r = await sensitivityMax(model, [1, 2, 3], async (a, t) => {
      const e = await a.embed(t);
      return (await a.gradient!({ data: e.data, shape: [1, 3, 1] }, 0)).gradients.data;
    });
    expect(r.sensitivity).toBe(0);
    expect(Array.from(r.explanation)).toEqual([3, 1, 2]);
  });

  it('perturbs the embeddings inside the L∞ ball (not excluded rows) and returns max ‖Δφ‖/‖φ‖', async () => {
    const model = linearModelAdapter({ weights: [[3, 1, 2]] });
    const seen: Float64Array[] = [];
    const explain = async (a: ModelAdapter, t: Float64Array) => {
      const e = await a.embed(t);
      seen.push(Float64Array.from(e.data));
      return (await leaveOneOut(a, t, { mode: 'baseline', scale: 'raw' })).scores;
    };
    const r = await sensitivityMax(model, [1, 2, 3], explain, { exclude: [1], perturbRadius: 0.1, nPerturbSamples: 5, seed: 9 });
    expect(seen.length).toBe(6);
    expect(Array.from(seen[0]!)).toEqual([1, 2, 3]);
    const phi = [3, 2, 6];
    const norm = Math.hypot(...phi);
    const ratios = seen.slice(1).map((x) => {
      expect(Math.abs(x[0]! - 1)).toBeLessThanOrEqual(0.1);
      expect(x[1]).toBe(2);
      expect(Math.abs(x[2]! - 3)).toBeLessThanOrEqual(0.1);
      return Math.hypot(3 * (x[0]! - 1), 0, 2 * (x[2]! - 3)) / norm;
    });
    expectClose(r.ratios, ratios, 1e-12);
    expect(r.sensitivity).toBe(Math.max(...r.ratios));
    const inf = await sensitivityMax(model, [1, 2, 3], explain, { exclude: [1], perturbRadius: 0.1, nPerturbSamples: 5, seed: 9, norm: 'inf' });
    expect(inf.sensitivity).toBeGreaterThan(0);
  });

  it('rejects a non-function and a wrong-length explanation', async () => {
    const model = linearModelAdapter({ weights: [[3, 1, 2]] });
    await expect(sensitivityMax(model, [1, 2, 3], 5 as never)).rejects.toThrow(InputTypeError);
    await expect(sensitivityMax(model, [1, 2, 3], async () => [1, 2])).rejects.toThrow(ShapeMismatchError);
    const c = new AbortController();
    c.abort();
    await expect(sensitivityMax(model, [1, 2, 3], async () => [1, 2, 3], { signal: c.signal })).rejects.toThrow(AbortError);
  });
});

describe('metrics: options, progress, cancellation and errors', () => {
  const scores = [0.1, 0.3, -0.2, 0.5, 0.2, 0.4];
  const metrics = [
    ['deletionCurve', (a: ModelAdapter, o: object) => deletionCurve(a, TOKENS, scores, o), 'baseline'],
    ['insertionCurve', (a: ModelAdapter, o: object) => insertionCurve(a, TOKENS, scores, o), 'baseline'],
    ['comprehensiveness', (a: ModelAdapter, o: object) => comprehensiveness(a, TOKENS, scores, { thresholds: [0.2, 0.5, 0.8], ...o }), 'delete'],
    ['sufficiency', (a: ModelAdapter, o: object) => sufficiency(a, TOKENS, scores, { thresholds: [0.2, 0.5, 0.8], ...o }), 'delete'],
    ['decisionFlip', (a: ModelAdapter, o: object) => decisionFlip(a, TOKENS, scores, o), 'delete'],
    ['tauLoo', (a: ModelAdapter, o: object) => tauLoo(a, TOKENS, scores, o), 'delete'],
    ['infidelity', (a: ModelAdapter, o: object) => infidelity(a, TOKENS, scores, o), 'baseline'],
  ] as const;
  for (const [name, run] of metrics) {
    it(`${name}: typed errors for bad options, scores and capabilities`, async () => {
      await expect(run(attention, { bogus: 1 })).rejects.toThrow(InputTypeError);
      await expect(run(attention, { removal: 'zero' })).rejects.toThrow(InputTypeError);
      await expect(run(attention, { removal: 'mask' })).rejects.toThrow(AdapterCapabilityError);
      await expect(run(attention, { batchSize: 1.5 })).rejects.toThrow(InputTypeError);
      await expect(run(recording(attention, { sequenceLength: 6 }).adapter, { removal: 'delete', exclude: [0] })).rejects.toThrow(AdapterCapabilityError);
      await expect(run({ info: attention.info, forward: attention.forward } as unknown as ModelAdapter, {})).rejects.toThrow(AdapterCapabilityError);
    });
    it(`${name}: onProgress reaches the total; an aborted signal throws AbortError`, async () => {
      const events: { done: number; total: number }[] = [];
      await run(attention, { exclude: [0], onProgress: (p: { done: number; total: number }) => events.push(p) });
      expect(events.length).toBeGreaterThan(0);
      const last = events.at(-1)!;
      if (name !== 'decisionFlip') expect(last.done).toBe(last.total);
      const c = new AbortController();
      c.abort();
      await expect(run(attention, { signal: c.signal, exclude: [0] })).rejects.toThrow(AbortError);
    });
  }

  it('scores of the wrong length or non-finite are rejected', async () => {
    await expect(deletionCurve(attention, TOKENS, [1, 2, 3])).rejects.toThrow(ShapeMismatchError);
    await expect(comprehensiveness(attention, TOKENS, [1, 2, 3, 4, 5, NaN])).rejects.toThrow(InputRangeError);
    await expect(comprehensiveness(attention, TOKENS, scores, { thresholds: [0, 0.5] })).rejects.toThrow(InputRangeError);
    await expect(comprehensiveness(attention, TOKENS, scores, { variant: 'quantus' as never })).rejects.toThrow(InputTypeError);
    await expect(infidelity(attention, TOKENS, scores, { removeProbability: 0 })).rejects.toThrow(InputRangeError);
  });

  it('mask removal uses the mask token; inputs are never mutated', async () => {
    const s = Float64Array.from(scores);
    const tokens = TOKENS.slice();
    const withMask = recording(attention, { specialTokens: { mask: 0 } }).adapter;
    const r = await comprehensiveness(withMask, tokens, s, { removal: 'mask', thresholds: [0.2] });
    expect(Array.from(s)).toEqual(scores);
    expect(tokens).toEqual(TOKENS);
    // the top 20 % of 6 tokens is ⌈1.2⌉ = 2 tokens: positions 3 and 5
    const masked = (await attention.embed([1, 5, 2, 0, 3, 0])).data;
    const out = await forwardRows(attention, masked, 6);
    const full = softmax(r.outputs.map(Math.log));
    expectClose(r.values[0]!, full[r.target]! - out[r.target]!, 1e-12);
  });
});
