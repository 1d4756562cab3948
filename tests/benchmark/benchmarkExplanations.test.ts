import { describe, expect, it } from 'vitest';
import { benchmarkExplanations, benchmarkToMarkdown } from '../../src/benchmark/index.js';
import { AbortError, AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { linearModelAdapter } from '../../src/testing/index.js';

// Two-class linear model on scalar features: class 0 logit = 3x₀ − x₁ + 0.5x₂ + 2x₃ + 0·x₄, class 1 its negative.
const W = [3, -1, 0.5, 2, 0];
const model = linearModelAdapter({ weights: [W, W.map((w) => -w)] });
const DATA = [{ tokens: [1, 1, 1, 1, 1] }, { tokens: [2, 1, 3, 1, 2] }, { tokens: [1, 2, 1, 3, 1] }, { tokens: [3, 3, 1, 1, 2] }];

/** The exact attribution of the predicted class: w_i · x_i (signed), which a faithful method must match. */
const exact = { name: 'exact', explain: (_a: unknown, tokens: Int32Array) => Array.from(tokens, (x, i) => W[i]! * x) };

describe('benchmarkExplanations', () => {
  it('scores built-in and user methods per example with intervals and paired comparisons', async () => {
    const r = await benchmarkExplanations(model, DATA, { methods: [exact, 'leaveOneOut', 'random'], metrics: ['tauLoo', 'comprehensiveness', 'runtime'], removal: 'baseline', nResamples: 300 });
    expect(r.methods).toEqual(['exact', 'leaveOneOut', 'random']);
    expect(r.metrics).toEqual(['tauLoo', 'comprehensiveness', 'runtime']);
    expect(r.examples).toHaveLength(4);
    // on a linear model with baseline (zero) removal, leave-one-out's logit-probability drop ranks as w_i·x_i
    for (const ex of r.examples) expect(ex.values['exact']!.tauLoo).toBeCloseTo(1, 12);
    const exactRow = r.rows[0]!.metrics;
    expect(exactRow.tauLoo!.mean).toBeCloseTo(1, 12);
    expect(exactRow.tauLoo!.direction).toBe('higher');
    expect(r.rows[2]!.metrics.runtime!.direction).toBe('lower');
    // 3 methods → 3 pairs per metric
    expect(r.comparisons).toHaveLength(9);
    expect(r.config).toEqual({ seed: 0, nResamples: 300, confidence: 0.95, exclude: [], removal: 'baseline', size: 4 });
  });

  it('is repeatable for a seed (random scores, bootstrap and tests) and differs for another', async () => {
    const run = (seed: number) => benchmarkExplanations(model, DATA, { methods: ['random', exact], metrics: ['tauLoo'], seed, nResamples: 200 });
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(b.examples.map((e) => e.values)).toEqual(a.examples.map((e) => e.values));
    expect(b.rows).toEqual(a.rows);
    expect(c.examples.map((e) => e.values['random']!.tauLoo)).not.toEqual(a.examples.map((e) => e.values['random']!.tauLoo));
  });

  it('uses ground truth for recall@k, only where an example has it', async () => {
    const data = [
      { tokens: [1, 1, 1, 1, 1], decisive: [0] },
      { tokens: [1, 1, 1, 1, 1], decisive: [3, 0] },
      { tokens: [1, 1, 1, 1, 1] },
    ];
    const r = await benchmarkExplanations(model, data, { methods: [exact], metrics: ['recallAtK'], nResamples: 50 });
    expect(r.examples.map((e) => e.values['exact']!.recallAtK)).toEqual([1, 1, Number.NaN]);
    expect(r.rows[0]!.metrics.recallAtK!.n).toBe(2);
    // by default recall@k is among the metrics only when some example has ground truth
    const d1 = await benchmarkExplanations(model, data, { methods: [exact], nResamples: 20 });
    expect(d1.metrics).toContain('recallAtK');
    const d2 = await benchmarkExplanations(model, DATA, { methods: [exact], nResamples: 20 });
    expect(d2.metrics).not.toContain('recallAtK');
  });

  it('accepts a tokenized dataset and never scores excluded positions', async () => {
    const ds = { ids: Int32Array.of(1, 2, 1, 0, 0, 3, 1, 2, 2, 1), lengths: Int32Array.of(3, 5), size: 2, maxLength: 5, decisive: [Int32Array.of(1), Int32Array.of(0)] };
    const seen: number[][] = [];
    const spy = {
      name: 'spy',
      explain: (_a: unknown, tokens: Int32Array, c: { exclude: readonly number[] }) => {
        seen.push([tokens.length, ...c.exclude]);
        return Array.from(tokens, () => 1);
      },
    };
    const w3 = linearModelAdapter({ weights: [W, W.map((w) => -w)] });
    const r = await benchmarkExplanations(w3, ds, { methods: [spy], metrics: ['recallAtK'], exclude: [0, 4], nResamples: 20 });
    expect(seen).toEqual([
      [3, 0],
      [5, 0, 4],
    ]);
    // ties broken by position: top-1 among scored positions is 1 in both rows; truth 1 (hit), 0 (excluded → miss)
    expect(r.examples.map((e) => e.values['spy']!.recallAtK)).toEqual([1, 0]);
  });

  it('reports progress and honours an abort signal', async () => {
    const events: string[] = [];
    await benchmarkExplanations(model, DATA.slice(0, 2), {
      methods: [exact, 'random'],
      metrics: ['runtime'],
      nResamples: 10,
      onProgress: (p) => events.push(`${p.done}/${p.total}:${p.example}:${p.method}`),
    });
    expect(events).toEqual(['1/4:0:exact', '2/4:0:random', '3/4:1:exact', '4/4:1:random']);
    const controller = new AbortController();
    const pending = benchmarkExplanations(model, DATA, {
      methods: [exact],
      metrics: ['tauLoo'],
      onProgress: () => controller.abort(),
      signal: controller.signal,
    });
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    const pre = new AbortController();
    pre.abort();
    await expect(benchmarkExplanations(model, DATA, { methods: [exact], signal: pre.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('rejects bad input with typed errors', async () => {
    const bad: [unknown, unknown, ErrorConstructor | typeof InputTypeError][] = [
      [DATA, undefined, InputTypeError],
      [DATA, { methods: [] }, InputTypeError],
      [DATA, { methods: ['nope'] }, InputTypeError],
      [DATA, { methods: [exact, exact] }, InputTypeError],
      [DATA, { methods: [{ name: 'x', explain: 3 }] }, InputTypeError],
      [DATA, { methods: ['random'], metrics: ['accuracy'] }, InputTypeError],
      [DATA, { methods: ['random'], confidence: 1 }, InputRangeError],
      [DATA, { methods: ['random'], bogus: 1 }, InputTypeError],
      [DATA, { methods: ['random'], signal: {} }, InputTypeError],
      [[], { methods: ['random'] }, ShapeMismatchError],
      [[{ tokens: [1, -1] }], { methods: ['random'] }, InputRangeError],
      [[{ tokens: [1, 1], decisive: [2] }], { methods: ['random'] }, InputRangeError],
      [[{ tokens: [1, 1] }], { methods: [{ name: 'short', explain: () => [1] }] }, ShapeMismatchError],
      [[{ tokens: [1, 1] }], { methods: [{ name: 'nan', explain: () => [1, Number.NaN] }] }, InputRangeError],
      ['data', { methods: ['random'] }, InputTypeError],
    ];
    for (const [data, options, kind] of bad) {
      await expect(benchmarkExplanations(model, data, options as never), JSON.stringify(options)).rejects.toBeInstanceOf(kind);
    }
    // a gradient method on an adapter without `gradient`
    const { gradient: _g, ...noGradient } = model;
    await expect(benchmarkExplanations(noGradient, DATA, { methods: ['saliency'], metrics: ['runtime'] })).rejects.toBeInstanceOf(AdapterCapabilityError);
  });

  it('does not mutate the dataset', async () => {
    const data = DATA.map((d) => ({ tokens: [...d.tokens], decisive: [0] }));
    const copy = structuredClone(data);
    await benchmarkExplanations(model, data, { methods: ['random'], metrics: ['comprehensiveness'], nResamples: 10 });
    expect(data).toEqual(copy);
  });
});

describe('benchmarkToMarkdown', () => {
  it('writes one row per method and the decided comparisons, better − worse', async () => {
    const r = await benchmarkExplanations(model, [...DATA, ...DATA, ...DATA, ...DATA], { methods: [exact, 'random'], metrics: ['tauLoo'], removal: 'baseline', nResamples: 500, seed: 1 });
    const md = benchmarkToMarkdown(r);
    const lines = md.trim().split('\n');
    expect(lines[0]).toBe('| method | tauLoo ↑ |');
    expect(lines[2]).toMatch(/^\| exact \| 1\.000 \[1\.000, 1\.000\] \|$/);
    expect(lines[3]).toMatch(/^\| random \| /);
    expect(md).toMatch(/- tauLoo: exact beats random \(exact − random = \d/);
    expect(() => benchmarkToMarkdown({} as never)).toThrow(InputTypeError);
  });
});
