import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/index.js';
import {
  checkAdapterConformance,
  linearModelAdapter,
  oneLayerAttentionAdapter,
  randomOneLayerAttentionAdapter,
  toyFunctionAdapter,
} from '../../src/testing/index.js';
import type { ConformanceCheckName, ConformanceReport } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import {
  ALL_CHECKS,
  STRICT,
  attentionNotNormalised,
  batchDependent,
  cachedEmbed,
  float32Like,
  maskIgnored,
  mutatesInput,
  nonDeterministic,
  overridesIgnored,
  rowsNotNormalised,
  throwingForward,
  wrongAttentionGradient,
  wrongGradientSign,
} from './helpers.js';

const ALL = ALL_CHECKS;
const ATTENTION_CHECKS: ConformanceCheckName[] = ['attentionShape', 'attentionOverrideIdentity', 'attentionOverrideEffect', 'attentionOverrideExact', 'attentionGradient'];

function status(report: ConformanceReport, name: ConformanceCheckName): string {
  return report.checks.find((c) => c.name === name)!.status;
}

function failures(report: ConformanceReport): string[] {
  return report.checks.filter((c) => c.status === 'failed').map((c) => `${c.name}: ${c.message}`);
}

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
    bias: [0.1, -0.2],
    embeddings: [
      [0.1, 0.2],
      [0.3, -0.4],
      [1, 2],
      [-1, 0.5],
      [0.7, 0.7],
    ],
  });

const attentionToys: [string, () => ModelAdapter][] = [
  ['self-attention, 1 head', () => randomOneLayerAttentionAdapter({ seed: 1 })],
  ['self-attention, 3 heads, k ≠ v ≠ d', () => randomOneLayerAttentionAdapter({ seed: 2, heads: 3, embeddingDim: 5, keyDim: 2, valueDim: 3, numClasses: 4 })],
  ['additive, 1 head', () => randomOneLayerAttentionAdapter({ seed: 3, queries: 'single' })],
  ['additive, 2 heads', () => randomOneLayerAttentionAdapter({ seed: 4, queries: 'single', heads: 2, numClasses: 2 })],
  [
    'hand-built additive without value projections',
    () =>
      oneLayerAttentionAdapter({
        embeddings: [[1], [-1], [0.5], [2]],
        additive: { weight: [[1.5]], bias: [0.1], vector: [1] },
        classifier: { weights: [[1, -1, 0.5]], bias: [0, 0.1, -0.1] },
      }),
  ],
];

describe('checkAdapterConformance on the toy adapters', () => {
  for (const [label, make] of attentionToys) {
    it(`checkAdapterConformance(oneLayerAttention: ${label}) passes every check, float32 defaults and float64 tolerances`, async () => {
      for (const options of [{}, STRICT]) {
        const report = await checkAdapterConformance(make(), options);
        expect(failures(report)).toEqual([]);
        expect(report.passed).toBe(true);
        expect(report.checks.map((c) => c.name)).toEqual(ALL);
        expect(report.checks.every((c) => c.status === 'passed')).toBe(true);
      }
    });
  }

  it('checkAdapterConformance(linearModelAdapter) passes; attention checks are skipped with the reason', async () => {
    const report = await checkAdapterConformance(linear(), STRICT);
    expect(failures(report)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.adapterName).toBe('linear model');
    for (const c of report.checks) {
      if (ATTENTION_CHECKS.includes(c.name)) {
        expect(c.status).toBe('skipped');
        expect(c.message).toMatch(/attention/);
      } else {
        expect(c.status).toBe('passed');
      }
    }
    expect(report.checks.find((c) => c.name === 'attentionGradient')!.message).toBe('the adapter does not implement attentionGradient');
  });

  it('checkAdapterConformance(toyFunctionAdapter) passes for every named toy, with given samples', async () => {
    const cases: [Parameters<typeof toyFunctionAdapter>[0], number[][]][] = [
      ['squareProduct', [[1, 2], [0.5, -1.5], [3, 0.25]]],
      ['reluSaturation', [[0.25], [2], [-0.75]]],
      ['reluDifference', [[3, 0.5], [2.5, -0.5], [0.25, 1.75]]],
    ];
    for (const [fn, samples] of cases) {
      const report = await checkAdapterConformance(toyFunctionAdapter(fn), { ...STRICT, samples });
      expect(failures(report)).toEqual([]);
      expect(ATTENTION_CHECKS.map((n) => status(report, n))).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
      expect(status(report, 'gradient')).toBe('passed');
    }
  });

  it('the float32 defaults tolerate float32-level rounding noise (1e-6 relative) but still catch a wrong gradient', async () => {
    const noisy = float32Like(randomOneLayerAttentionAdapter({ seed: 21, heads: 2, numClasses: 3 }));
    const report = await checkAdapterConformance(noisy);
    expect(failures(report)).toEqual([]);
    const broken = await checkAdapterConformance(float32Like(wrongGradientSign(randomOneLayerAttentionAdapter({ seed: 21, heads: 2 }))));
    expect(status(broken, 'gradient')).toBe('failed');
  });

  it('the report is deterministic for a seed and records it', async () => {
    const a = await checkAdapterConformance(randomOneLayerAttentionAdapter({ seed: 8 }), { seed: 12 });
    const b = await checkAdapterConformance(randomOneLayerAttentionAdapter({ seed: 8 }), { seed: 12 });
    expect(a).toEqual(b);
    expect(a.seed).toBe(12);
  });

  it('options.checks runs only the named checks, in suite order', async () => {
    const report = await checkAdapterConformance(randomOneLayerAttentionAdapter({ seed: 1 }), { checks: ['gradient', 'info'] });
    expect(report.checks.map((c) => c.name)).toEqual(['info', 'gradient']);
  });

  it('generated samples have lengths 5, 3, 7 capped at maxLength and avoid special tokens', async () => {
    const seen: number[][] = [];
    const base = oneLayerAttentionAdapter({
      embeddings: [[1], [-1], [0.5]],
      additive: { weight: [[1]], vector: [1] },
      classifier: { weights: [[1, -1]] },
      specialTokens: { pad: 0 },
    });
    const spy: ModelAdapter = {
      ...base,
      embed: (tokens) => {
        seen.push(Array.from(tokens));
        return base.embed(tokens);
      },
    };
    await checkAdapterConformance(spy, { checks: ['embed'], numSamples: 4 });
    const lengths = [...new Set(seen.map((s) => s.length))];
    expect(lengths.sort()).toEqual([3, 5, 7]);
    expect(seen.flat().includes(0)).toBe(false);
    seen.length = 0;
    await checkAdapterConformance({ ...spy, info: { ...spy.info, maxLength: 4 } }, { checks: ['embed'] });
    expect(Math.max(...seen.map((s) => s.length))).toBe(4);
  });
});

describe('checkAdapterConformance fails deliberately broken adapters', () => {
  const attention = () => randomOneLayerAttentionAdapter({ seed: 31, heads: 2 });
  const cases: [string, () => ModelAdapter, ConformanceCheckName, object][] = [
    ['a gradient with the wrong sign', () => wrongGradientSign(attention()), 'gradient', {}],
    ['a gradient with the wrong sign (linear model, float64 tolerances)', () => wrongGradientSign(linear()), 'gradient', STRICT],
    ['an attention gradient off by a factor 2', () => wrongAttentionGradient(attention()), 'attentionGradient', {}],
    ['attention overrides ignored', () => overridesIgnored(attention()), 'attentionOverrideEffect', {}],
    ['output rows summing to 0.9', () => rowsNotNormalised(attention()), 'forwardOutputs', {}],
    ['attention rows summing to 1.1', () => attentionNotNormalised(attention()), 'attentionShape', {}],
    ['non-deterministic outputs', () => nonDeterministic(attention()), 'determinism', {}],
    ['forward mutating its input', () => mutatesInput(attention()), 'noInputMutation', {}],
    ['embed returning a cached buffer', () => cachedEmbed(attention()), 'embed', {}],
    ['outputs depending on the batch position', () => batchDependent(linear()), 'batchConsistency', STRICT],
    ['the input mask ignored', () => maskIgnored(attention()), 'inputMask', {}],
    ['info.numClasses of 0', () => ({ ...attention(), info: { ...attention().info, numClasses: 0 } }), 'info', {}],
    ['attentionGradient without info.attention', () => ({ ...attention(), info: { ...attention().info, attention: undefined } }) as unknown as ModelAdapter, 'info', {}],
  ];
  for (const [label, make, check, options] of cases) {
    it(`checkAdapterConformance reports '${check}' failed for ${label}`, async () => {
      const report = await checkAdapterConformance(make(), options);
      expect(status(report, check)).toBe('failed');
      expect(report.passed).toBe(false);
      expect(report.checks.find((c) => c.name === check)!.message.length).toBeGreaterThan(0);
    });
  }

  it('overrides ignored: the identity check still passes, so the effect check is what catches it', async () => {
    const report = await checkAdapterConformance(overridesIgnored(attention()));
    expect(status(report, 'attentionOverrideIdentity')).toBe('passed');
    expect(report.checks.find((c) => c.name === 'attentionOverrideEffect')!.message).toMatch(/overrides ignored/);
  });

  it('a wrong gradient is reported with the coordinate, the gradient and the finite difference', async () => {
    const report = await checkAdapterConformance(wrongGradientSign(attention()));
    expect(report.checks.find((c) => c.name === 'gradient')!.message).toMatch(/at \[\d+, \d+, \d+\] \(target \d+\) the gradient is .* central finite differences give/);
  });

  it('an adapter method that throws fails its checks with the method named, without rejecting', async () => {
    const report = await checkAdapterConformance(throwingForward(attention()));
    expect(status(report, 'forwardOutputs')).toBe('failed');
    expect(report.checks.find((c) => c.name === 'forwardOutputs')!.message).toBe('forward threw Error: backend exploded');
    expect(status(report, 'info')).toBe('passed');
    expect(status(report, 'embed')).toBe('passed');
  });

  it('toyFunctionAdapter declares its fixed sequenceLength, so it passes without samples (real-valued tokens at that length)', async () => {
    for (const fn of ['squareProduct', 'reluSaturation', 'reluDifference'] as const) {
      const seen: number[][] = [];
      const base = toyFunctionAdapter(fn);
      const spy: ModelAdapter = { ...base, embed: (tokens) => (seen.push(Array.from(tokens)), base.embed(tokens)) };
      const report = await checkAdapterConformance(spy, STRICT);
      expect(failures(report)).toEqual([]);
      expect(status(report, 'gradient')).toBe('passed');
      expect(seen.every((s) => s.length === base.info.sequenceLength)).toBe(true);
      expect(seen.flat().some((v) => !Number.isInteger(v))).toBe(true);
    }
  });

  it('an adapter whose info is missing fails the info check and does not crash the run', async () => {
    const report = await checkAdapterConformance({ embed: async () => ({}) } as unknown as ModelAdapter);
    expect(status(report, 'info')).toBe('failed');
    expect(report.passed).toBe(false);
    expect(report.checks).toHaveLength(ALL.length);
  });
});

describe('checkAdapterConformance options', () => {
  const m = randomOneLayerAttentionAdapter({ seed: 1 });
  it.each([
    ['an unknown option', { tol: 1 }, InputTypeError],
    ['a non-positive tolerance', { tolerance: 0 }, InputRangeError],
    ['a step above 1', { finiteDifferenceStep: 2 }, InputRangeError],
    ['a negative gradientAtol', { gradientAtol: -1 }, InputRangeError],
    ['gradientCoordinates 0', { gradientCoordinates: 0 }, InputRangeError],
    ['numSamples 65', { numSamples: 65 }, InputRangeError],
    ['a fractional seed', { seed: 0.5 }, InputTypeError],
    ['an unknown check', { checks: ['speed'] }, InputTypeError],
    ['empty samples', { samples: [] }, InputTypeError],
    ['an empty sample', { samples: [[]] }, InputRangeError],
    ['a non-numeric token', { samples: [['a']] }, InputTypeError],
  ])('checkAdapterConformance rejects %s', async (_label, options, cls) => {
    await expect(checkAdapterConformance(m, options as never)).rejects.toThrow(cls);
  });
  it('checkAdapterConformance rejects a non-object adapter', async () => {
    await expect(checkAdapterConformance(null as never)).rejects.toThrow(InputTypeError);
  });
});
