/**
 * The verdict on the float64 toy adapters: result shape and JSON round trip, skipped levels with the
 * missing capability, the counterfactual level's readings, and the dataset run: shards, abort and
 * resume, merge = one run.
 */
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/errors/index.js';
import { createRng } from '../../src/random/index.js';
import { linearModelAdapter, oneLayerAttentionAdapter, randomOneLayerAttentionAdapter } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { mergeResults, verifyDataset, verifyExplanation, VERIFY_THRESHOLDS, type VerifyDatasetResult } from '../../src/verify/index.js';

const model = randomOneLayerAttentionAdapter({ seed: 11, vocabSize: 16, embeddingDim: 4, numClasses: 2, heads: 2 });
const CHEAP = { randomDraws: 20, igSteps: 5, nPermutations: 10, adversarialSteps: 5 } as const;

/** Peaked single-query attention, zero values: the output ignores attention. */
const ignoring = oneLayerAttentionAdapter({
  embeddings: [[3], [0], [1], [-1], [2]],
  additive: { weight: [[1]], vector: [2] },
  value: [[[0]]],
  classifier: { weights: [[1, -1]], bias: [0.3, -0.2] },
});
/** Strongly attention-driven: output = sign of the attended token's value. */
const driven = oneLayerAttentionAdapter({
  embeddings: [[4], [-4], [0.1], [-0.1]],
  additive: { weight: [[1]], vector: [3] },
  classifier: { weights: [[2, -2]] },
});

describe('verifyExplanation', () => {
  it('returns every level with a verdict, reasons and numbers, and survives a JSON round trip', async () => {
    const r = await verifyExplanation(model, [1, 5, 2, 9, 3, 7], { ...CHEAP, seed: 1 });
    expect(r.explanation).toBe('raw');
    for (const level of ['consistency', 'causal', 'counterfactual'] as const) {
      const l = r.levels[level];
      expect(['supported', 'inconclusive', 'contradicted']).toContain(l.verdict);
      expect(l.reasons.length).toBeGreaterThan(0);
      expect(l.details).not.toBeNull();
    }
    expect(r.levels.consistency.details!.references.map((x) => x.name)).toEqual(['saliency', 'integratedGradients', 'leaveOneOut']);
    expect(r.levels.consistency.details!.referencePairs).toHaveLength(3);
    expect(r.levels.causal.details!.randomDrops).toHaveLength(20);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.thresholds).toEqual(VERIFY_THRESHOLDS);
    const again = await verifyExplanation(model, [1, 5, 2, 9, 3, 7], { ...CHEAP, seed: 1 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
  });

  it('names the missing capability of skipped levels and references', async () => {
    const noGradient: ModelAdapter = { info: model.info, embed: (t) => model.embed(t), forward: (x, o) => model.forward(x, o) };
    const readOnly: ModelAdapter = { ...noGradient, info: { ...model.info, attention: { ...model.info.attention, overridable: false } } };
    const r = await verifyExplanation(readOnly, [1, 5, 2, 9, 3], CHEAP);
    expect(r.levels.counterfactual).toMatchObject({ verdict: 'skipped', missing: 'attentionOverride', details: null });
    expect(r.levels.consistency.verdict).toBe('inconclusive');
    expect(r.levels.consistency.details!.skippedReferences).toEqual([
      { name: 'saliency', missing: 'gradient' },
      { name: 'integratedGradients', missing: 'gradient' },
    ]);
    const s = await verifyExplanation(model, [1, 5, 2, 9, 3], { ...CHEAP, explanation: [1, 0, 0, 0, 0], levels: ['causal'] });
    expect(s.explanation).toBe('scores');
    expect(s.levels.counterfactual).toMatchObject({ verdict: 'skipped', reasons: ['not requested'] });
    const t = await verifyExplanation(model, [1, 5, 2, 9, 3], { ...CHEAP, explanation: [1, 0, 0, 0, 0], levels: ['counterfactual'] });
    expect(t.levels.counterfactual.verdict).toBe('skipped');
    expect(t.levels.counterfactual.missing).toBeNull();
    expect(t.overall).toBe('skipped');
  });

  it('counterfactual level: contradicted when the output ignores attention, supported when attention drives it', async () => {
    const a = await verifyExplanation(ignoring, [0, 1, 2, 3, 4], { levels: ['counterfactual'], adversarialSteps: 100, seed: 2 });
    expect(a.levels.counterfactual.verdict).toBe('contradicted');
    expect(a.levels.counterfactual.details!.permutationMedianTvd).toBe(0);
    expect(a.overall).toBe('contradicted');
    const b = await verifyExplanation(driven, [0, 2, 3, 2, 3], { levels: ['counterfactual'], adversarialSteps: 50, seed: 2 });
    expect(b.levels.counterfactual.details!.permutationMedianTvd).toBeGreaterThan(0.05);
    expect(b.levels.counterfactual.verdict).toBe('supported');
    // a calibration lowers the bar the adversarial JSD is read against
    const c = await verifyExplanation(driven, [0, 2, 3, 2, 3], { levels: ['counterfactual'], adversarialSteps: 50, seed: 2, calibration: { jsd: 0.01 } });
    expect(c.levels.counterfactual.details!.jsdThreshold).toBe(0.1);
  });

  it('causal level on a linear model: the exact attribution is supported, its reverse contradicted', async () => {
    const w = [3, -2, 0.1, 0.05, 0.2, 0.01, 0.02, 0.03, 0.04, 0.06, 0.07, 0.08];
    const lin = linearModelAdapter({ weights: [w] });
    const x = w.map(() => 1);
    const exact = w.map((v) => v);
    const s = await verifyExplanation(lin, x, { explanation: exact, levels: ['causal'], removal: 'baseline', compare: 'signed' });
    expect(s.levels.causal.verdict).toBe('supported');
    const rev = await verifyExplanation(lin, x, { explanation: exact.map((v) => -v), levels: ['causal'], removal: 'baseline', compare: 'signed' });
    expect(rev.levels.causal.verdict).toBe('contradicted');
  });

  it('rollout and flow explanations, progress per level', async () => {
    for (const explanation of ['rollout', 'flow'] as const) {
      const events: number[] = [];
      const r = await verifyExplanation(model, [1, 5, 2, 9, 3], { ...CHEAP, explanation, onProgress: (p) => events.push(p.done) });
      expect(r.explanation).toBe(explanation);
      expect(events).toEqual([1, 2, 3]);
      expect(r.scores).toHaveLength(5);
      expect(r.levels.counterfactual.details).not.toBeNull();
    }
  });

  it('rejects bad options with typed errors', async () => {
    await expect(verifyExplanation(model, [1, 2, 3], { explanation: [1, 2] })).rejects.toThrow(/^verifyExplanation: /);
    await expect(verifyExplanation(model, [1, 2, 3], { thresholds: { alpha: 2 } })).rejects.toThrow(/alpha/);
    await expect(verifyExplanation(model, [1, 2, 3], { levels: ['nope' as never] })).rejects.toThrow(/levels/);
    const c = new AbortController();
    c.abort();
    await expect(verifyExplanation(model, [1, 2, 3], { signal: c.signal })).rejects.toBeInstanceOf(AbortError);
  });
});

describe('verifyDataset', () => {
  const rng = createRng(5);
  const dataset = Array.from({ length: 100 }, () => Array.from({ length: 4 + rng.nextInt(4) }, () => rng.nextInt(16)));
  const options = { ...CHEAP, seed: 9, bootstrap: 200 };

  it('100 examples aborted midway and resumed over the remaining range, merged, equal one run', async () => {
    const full = await verifyDataset(model, dataset, options);
    expect(full.examples).toHaveLength(100);
    expect(full.ranges).toEqual([[0, 100]]);
    const controller = new AbortController();
    let partial: VerifyDatasetResult | undefined;
    try {
      await verifyDataset(model, dataset, { ...options, signal: controller.signal, onProgress: (p) => p.done === 37 && controller.abort() });
    } catch (error) {
      expect(error).toBeInstanceOf(AbortError);
      partial = (error as { partial: VerifyDatasetResult }).partial;
    }
    expect(partial!.ranges).toEqual([[0, 37]]);
    const rest = await verifyDataset(model, dataset, { ...options, range: [partial!.ranges[0]![1], 100] });
    const merged = mergeResults([rest, partial!]);
    expect(JSON.stringify(merged)).toBe(JSON.stringify(full));
    expect(JSON.parse(JSON.stringify(full))).toEqual(full);
  }, 60_000);

  it('onExample and onProgress report every example of the range, in order', async () => {
    const seen: number[] = [];
    const progress: number[] = [];
    await verifyDataset(model, dataset, { ...options, range: [10, 14], onExample: (e) => seen.push(e.index), onProgress: (p) => progress.push(p.done * 10 + p.total) });
    expect(seen).toEqual([10, 11, 12, 13]);
    expect(progress).toEqual([14, 24, 34, 44]);
  });

  it('summary: verdict counts add up, metrics have mean, std, CI and fraction significant', async () => {
    const r = await verifyDataset(model, dataset.slice(0, 12), options);
    const s = r.summary;
    expect(s.examples).toBe(12);
    for (const level of Object.values(s.levels)) expect(Object.values(level.verdicts).reduce((a, b) => a + b, 0)).toBe(12);
    const tau = s.levels.consistency.metrics['tau.leaveOneOut']!;
    expect(tau.n).toBeGreaterThan(0);
    expect(tau.ci95[0]!).toBeLessThanOrEqual(tau.mean!);
    expect(tau.ci95[1]!).toBeGreaterThanOrEqual(tau.mean!);
    expect(tau.fractionSignificant).not.toBeNull();
    expect(s.levels.causal.metrics['effectSize']).toBeDefined();
    expect(s.levels.counterfactual.metrics['adversarialMaxJsd']!.n).toBe(s.levels.counterfactual.verdicts.supported + s.levels.counterfactual.verdicts.inconclusive + s.levels.counterfactual.verdicts.contradicted);
  });

  it('mergeResults rejects overlapping shards and different settings', async () => {
    const a = await verifyDataset(model, dataset.slice(0, 4), { ...options, range: [0, 2] });
    const b = await verifyDataset(model, dataset.slice(0, 4), { ...options, range: [1, 4] });
    expect(() => mergeResults([a, b])).toThrow(/overlapping/);
    const c = await verifyDataset(model, dataset.slice(0, 4), { ...options, range: [2, 4], seed: 10 });
    expect(() => mergeResults([a, c])).toThrow(/settings/);
  });
});
