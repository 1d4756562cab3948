/**
 * Broken adapters that passed checkAdapterConformance before issue 8, each shown caught by the check
 * that now looks for it; and the contract revision (overridable, sequenceLength) in the suite.
 */
import { describe, expect, it } from 'vitest';
import { checkAdapterConformance, linearModelAdapter, randomOneLayerAttentionAdapter } from '../../src/testing/index.js';
import type { ConformanceCheckName, ConformanceReport } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import {
  crossBatchMixing,
  forwardReusesBuffer,
  gradientReusesBuffer,
  maskIgnoredEntirely,
  mutatesAtBatchOne,
  mutatesWithoutOptions,
  nondeterministicWhenRowsDiffer,
  neverResolves,
  readOnlyAttention,
  renormalisesOverrides,
  renormalisesOverridesQuietly,
  returnsOverrideBuffer,
  STRICT,
  withoutAttentionGradient,
} from './helpers.js';

function check(report: ConformanceReport, name: ConformanceCheckName): { status: string; message: string } {
  return report.checks.find((c) => c.name === name)!;
}

const attention = () => randomOneLayerAttentionAdapter({ seed: 31, heads: 2 });
/** Additive single-query attention without positions: permutation-invariant in its tokens. */
const permutationInvariant = () => randomOneLayerAttentionAdapter({ seed: 5, queries: 'single', heads: 2, numClasses: 3 });
const linear = () =>
  linearModelAdapter({
    weights: [
      [
        [1, 2],
        [3, -4],
        [0.5, 6],
      ],
      [
        [-1, 0],
        [0.25, 0.5],
        [2, -2],
      ],
    ],
    embeddings: [
      [0.1, 0.2],
      [0.3, -0.4],
      [1, 2],
      [-1, 0.5],
      [0.7, 0.7],
    ],
  });

describe('checkAdapterConformance catches the adapters issue 8 found passing', () => {
  const cases: [string, () => ModelAdapter, ConformanceCheckName, RegExp, object][] = [
    ['renormalising injected attention (no attentionGradient to expose it)', () => withoutAttentionGradient(renormalisesOverrides(attention())), 'attentionOverrideExact', /renormalised/, {}],
    ['renormalising injected attention but reporting the given weights', () => withoutAttentionGradient(renormalisesOverridesQuietly(attention())), 'attentionOverrideExact', /renormalise injected attention/, {}],
    ['forward mutating its embeddings only without options', () => mutatesWithoutOptions(attention()), 'noInputMutation', /forward \(no options, batch 2\) mutated its embeddings/, {}],
    ['forward mutating its embeddings only at batch size 1', () => mutatesAtBatchOne(attention()), 'noInputMutation', /batch 1\) mutated its embeddings/, {}],
    ['gradient reusing one output buffer', () => gradientReusesBuffer(attention()), 'freshResults', /gradient\.gradients of two calls share one buffer/, {}],
    ['forward reusing one output buffer', () => forwardReusesBuffer(linear()), 'freshResults', /forward\.outputs of two calls share one buffer/, STRICT],
    ['forward returning the caller’s override buffer as its attention', () => returnsOverrideBuffer(attention()), 'freshResults', /attention shares memory with the weights of options\.attention\[0\]/, {}],
    ['a model without attention ignoring inputMask entirely', () => maskIgnoredEntirely(linear()), 'inputMask', /is inputMask ignored/, STRICT],
    ['cross-batch mixing in a permutation-invariant model', () => crossBatchMixing(permutationInvariant()), 'batchConsistency', /in a batch of 2 vs alone/, {}],
    ['tiny nondeterminism only when batch rows differ', () => nondeterministicWhenRowsDiffer(permutationInvariant()), 'determinism', /on the same input/, {}],
  ];
  for (const [label, make, name, message, options] of cases) {
    it(`checkAdapterConformance reports '${name}' failed for ${label}`, async () => {
      const report = await checkAdapterConformance(make(), options);
      expect(check(report, name).status).toBe('failed');
      expect(check(report, name).message).toMatch(message);
      expect(report.passed).toBe(false);
    });
  }

  it('the permutation-invariant base maps a sequence and its reversal to the same outputs (why reversed rows could not see mixing)', async () => {
    const m = permutationInvariant();
    const e = await m.embed([4, 9, 1, 7]);
    const n = 4;
    const d = m.info.embeddingDim;
    const rev = new Float64Array(e.data.length);
    for (let i = 0; i < n; i++) rev.set(e.data.subarray((n - 1 - i) * d, (n - i) * d), i * d);
    const a = await m.forward({ data: e.data, shape: [1, n, d] });
    const b = await m.forward({ data: rev, shape: [1, n, d] });
    for (let i = 0; i < a.outputs.data.length; i++) expect(b.outputs.data[i]).toBeCloseTo(a.outputs.data[i]!, 12);
    expect((await checkAdapterConformance(m)).passed).toBe(true);
  });

  it('a forward that never resolves fails every forward-driven check with the timeout and the pending call, and the run settles', async () => {
    const started = Date.now();
    const report = await checkAdapterConformance(neverResolves(attention()), { checkTimeout: 50 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(check(report, 'info').status).toBe('passed');
    expect(check(report, 'embed').status).toBe('passed');
    expect(check(report, 'forwardOutputs').status).toBe('failed');
    expect(check(report, 'forwardOutputs').message).toMatch(/did not finish within 50 ms \(options\.checkTimeout\): forward never settled/);
    expect(report.passed).toBe(false);
  });
});

describe('checkAdapterConformance and the revised contract', () => {
  it('a read-only attention model (overridable: false) passes; override checks are skipped with the reason', async () => {
    const report = await checkAdapterConformance(readOnlyAttention(attention()));
    expect(report.checks.filter((c) => c.status === 'failed')).toEqual([]);
    for (const name of ['attentionOverrideIdentity', 'attentionOverrideEffect', 'attentionOverrideExact', 'attentionGradient'] as const) {
      expect(check(report, name).status).toBe('skipped');
    }
    expect(check(report, 'attentionOverrideExact').message).toMatch(/overridable is false/);
    expect(check(report, 'attentionShape').status).toBe('passed');
    expect(check(report, 'gradient').status).toBe('passed');
  });

  it('info fails for attentionGradient with overridable: false, and for sequenceLength above maxLength', async () => {
    const a = attention();
    const bad = { ...a, info: { ...a.info, attention: { ...a.info.attention, overridable: false } } } as ModelAdapter;
    expect(check(await checkAdapterConformance(bad, { checks: ['info'] }), 'info').message).toMatch(/overridable is false/);
    const tooLong = { ...a, info: { ...a.info, maxLength: 4, sequenceLength: 5 } } as ModelAdapter;
    expect(check(await checkAdapterConformance(tooLong, { checks: ['info'] }), 'info').message).toMatch(/sequenceLength must not exceed/);
  });

  it('a fixed-length model is tested at its declared sequenceLength', async () => {
    const seen: number[] = [];
    const a = attention();
    const fixed: ModelAdapter = { ...a, info: { ...a.info, sequenceLength: 4 }, embed: (t) => (seen.push(t.length), a.embed(t)) } as ModelAdapter;
    const report = await checkAdapterConformance(fixed);
    expect(report.passed).toBe(true);
    expect(new Set(seen)).toEqual(new Set([4]));
  });
});
