/** The `faithcheck/testing` adapter conformance suite, run on the ONNX Runtime adapter. */
import { afterAll, describe, expect, it } from 'vitest';
import { loadOnnxModel, onnxAdapter, type OnnxSessionLike } from '../../src/backends/onnx/index.js';
import { requireCapability } from '../../src/internal/adapter.js';
import { AdapterCapabilityError } from '../../src/errors/index.js';
import { checkAdapterConformance, describeAdapterConformance } from '../../src/testing/index.js';
import type { ConformanceCheckName } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { readFileSync } from 'node:fs';
import { FIXTURES, maxAbsDiff, MODELS, ort, session } from './helpers.js';

const sessions: OnnxSessionLike[] = [];
const adapters: ModelAdapter[] = [];
afterAll(async () => {
  for (const a of adapters) a.dispose?.();
  for (const s of sessions) await s.release?.();
});

const config = { vocabSize: 8000, maxLength: 128, specialTokens: { pad: 0, unk: 1, cls: 2, mask: 3 } } as const;

describeAdapterConformance(
  "loadOnnxModel('examples/models/spam-transformer.onnx') conformance",
  async () => {
    const { adapter } = await loadOnnxModel(`${MODELS}spam-transformer.onnx`, { ort });
    adapters.push(adapter);
    return adapter;
  },
  { describe, it, expect, numSamples: 3, seed: 3, timeout: 120_000 },
);

describe('checkAdapterConformance(onnxAdapter(…))', () => {
  it('passes; only the gradient checks are skipped (no autodiff in ONNX Runtime), naming the capability', async () => {
    const main = await session(`${MODELS}spam-transformer.onnx`);
    sessions.push(main);
    const adapter = onnxAdapter(main, { ...config, embeddings: { session: await session(`${MODELS}spam-transformer.embed.onnx`) }, attention: {} });
    const report = await checkAdapterConformance(adapter, { samples: [[2, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], [2, 300, 31], [2, 5000, 7000, 4]], seed: 2 });
    const byStatus = (s: string): string[] => report.checks.filter((c) => c.status === s).map((c) => c.name);
    expect(report.checks.filter((c) => c.status === 'failed').map((c) => `${c.name}: ${c.message}`)).toEqual([]);
    expect(byStatus('skipped')).toEqual(['gradient', 'attentionGradient']);
    expect(report.checks.find((c) => c.name === 'gradient')!.message).toMatch(/gradient/);
    expect(report.passed).toBe(true);
  });

  it('the read-only export passes every check that does not inject attention (those are skipped or see the refusal)', async () => {
    const ro = await session(`${FIXTURES}spam-transformer.readonly.onnx`);
    sessions.push(ro);
    const adapter = onnxAdapter(ro, {
      ...config,
      embeddings: { session: await session(`${MODELS}spam-transformer.embed.onnx`) },
      outputs: { attentions: ['attentions.0', 'attentions.1'] },
      attention: { layout: 'perLayer' },
    });
    const report = await checkAdapterConformance(adapter, { seed: 4 });
    // A suite that knows `info.attention.overridable` skips the injecting checks; one that does not yet
    // sees the adapter refuse the overrides: the only failures allowed are that refusal.
    const bad = report.checks.filter((c) => c.status === 'failed' && !c.message.includes("'attentionOverride'"));
    expect(bad.map((c) => `${c.name}: ${c.message}`)).toEqual([]);
    const always: ConformanceCheckName[] = ['info', 'embed', 'forwardOutputs', 'determinism', 'batchConsistency', 'inputMask', 'attentionShape'];
    for (const name of always) expect(report.checks.find((c) => c.name === name)?.status, name).toBe('passed');
  });

  it("algorithms see the missing capabilities up front: 'gradient', 'attentionGradient'", async () => {
    const { adapter } = await loadOnnxModel(`${MODELS}spam-transformer.onnx`, { ort });
    adapters.push(adapter);
    for (const cap of ['gradient', 'attentionGradient'] as const) {
      expect(() => requireCapability('saliency', adapter, cap)).toThrow(AdapterCapabilityError);
    }
    expect(() => requireCapability('attentionRollout', adapter, 'attention')).not.toThrow();
  });

  it('the override patch of docs/onnx.md §4.2, applied to a BERT-shaped toy (recipe.py), gives a conforming overridable export', async () => {
    const toy = await session(`${FIXTURES}recipe-toy.onnx`);
    sessions.push(toy);
    const ref = JSON.parse(readFileSync(`${FIXTURES}recipe-toy.json`, 'utf8')) as { x: number[]; ref_logits: number[]; ref_att: number[] };
    const table = { data: new Float64Array(20 * 16).map((_, i) => Math.cos(0.7 * i)), shape: [20, 16] };
    const logits = onnxAdapter(toy, { embeddings: { table }, attention: {}, softmax: false });
    expect(logits.info.attention).toEqual({ layers: 2, heads: 2, queries: 'tokens', overridable: true });
    // flags 0: the patched export computes the unpatched model (plain PyTorch run)
    const r = await logits.forward({ data: Float64Array.from(ref.x), shape: [1, 5, 16] }, { returnAttention: true });
    expect(maxAbsDiff(r.outputs.data, ref.ref_logits)).toBeLessThan(1e-5);
    expect(maxAbsDiff(r.attention!.data, ref.ref_att)).toBeLessThan(1e-5);
    const report = await checkAdapterConformance(onnxAdapter(toy, { embeddings: { table }, attention: {} }), { seed: 1 });
    expect(report.checks.filter((c) => c.status === 'failed').map((c) => `${c.name}: ${c.message}`)).toEqual([]);
    expect(report.checks.filter((c) => c.status === 'passed').map((c) => c.name)).toContain('attentionOverrideEffect');
  });
});
