import { afterAll, describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/index.js';
import {
  describeAdapterConformance,
  linearModelAdapter,
  oneLayerAttentionAdapter,
  randomOneLayerAttentionAdapter,
  toyFunctionAdapter,
} from '../../src/testing/index.js';
import type { ConformanceCheckName } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { ALL_CHECKS, STRICT, rowsNotNormalised } from './helpers.js';

const NO_ATTENTION: ConformanceCheckName[] = ['info', 'embed', 'forwardOutputs', 'determinism', 'noInputMutation', 'batchConsistency', 'inputMask', 'gradient'];

// ---------------------------------------------------------------------------------------------
// The suite registered with vitest's own functions, once per toy adapter.
// ---------------------------------------------------------------------------------------------

describeAdapterConformance('randomOneLayerAttentionAdapter (self-attention, 2 heads), float32 defaults', () => randomOneLayerAttentionAdapter({ seed: 1, heads: 2 }), {
  describe,
  it,
  expect,
  afterAll,
});

describeAdapterConformance(
  'randomOneLayerAttentionAdapter (additive, 3 heads), float64 tolerances',
  async () => randomOneLayerAttentionAdapter({ seed: 2, heads: 3, queries: 'single', numClasses: 4 }),
  { describe, it, expect, afterAll, ...STRICT },
);

describeAdapterConformance(
  'oneLayerAttentionAdapter (hand-built self-attention with value projections)',
  () =>
    oneLayerAttentionAdapter({
      embeddings: [
        [1, 0],
        [0, 1],
        [0.5, -0.5],
        [-1, 0.25],
      ],
      query: [
        [1, 0.5],
        [-0.5, 1],
      ],
      key: [
        [0.5, 1],
        [1, -1],
      ],
      value: [
        [1, 0, 0.5],
        [0, 1, -0.5],
      ],
      classifier: {
        weights: [
          [1, -1],
          [0.5, 0.5],
          [-1, 2],
        ],
      },
    }),
  { describe, it, expect, ...STRICT },
);

describeAdapterConformance(
  'linearModelAdapter',
  () =>
    linearModelAdapter({
      weights: [
        [
          [1, 2],
          [3, -4],
        ],
        [
          [-1, 0],
          [0.25, 0.5],
        ],
        [
          [0, 1],
          [1, 0],
        ],
      ],
      embeddings: [
        [0.1, 0.2],
        [0.3, -0.4],
        [1, 2],
      ],
    }),
  { describe, it, expect, checks: NO_ATTENTION, ...STRICT },
);

describeAdapterConformance("toyFunctionAdapter('squareProduct')", () => toyFunctionAdapter('squareProduct'), {
  describe,
  it,
  expect,
  checks: NO_ATTENTION,
  samples: [
    [1, 2],
    [-0.5, 1.5],
  ],
  ...STRICT,
});

describeAdapterConformance("toyFunctionAdapter('reluDifference')", () => toyFunctionAdapter('reluDifference'), {
  describe,
  it,
  expect,
  checks: NO_ATTENTION,
  samples: [[3, 0.5]],
  ...STRICT,
});

// ---------------------------------------------------------------------------------------------
// The registration mechanics, with a recording fake runner.
// ---------------------------------------------------------------------------------------------

interface Registered {
  name: string;
  body: () => Promise<void>;
  timeout: number | undefined;
}

function fakeRunner() {
  const suites: string[] = [];
  const tests: Registered[] = [];
  const hooks: (() => unknown)[] = [];
  const expectations: { actual: unknown; expected?: unknown }[] = [];
  return {
    suites,
    tests,
    hooks,
    expectations,
    runner: {
      describe: (name: string, body: () => void) => {
        suites.push(name);
        body();
      },
      it: (name: string, body: () => Promise<void>, timeout?: number) => {
        tests.push({ name, body, timeout });
      },
      expect: (actual: unknown) => {
        const record: { actual: unknown; expected?: unknown } = { actual };
        expectations.push(record);
        return {
          toBe: (expected: unknown) => {
            record.expected = expected;
            if (actual !== expected) throw new Error(`expected ${String(actual)} to be ${String(expected)}`);
          },
        };
      },
      afterAll: (body: () => unknown) => {
        hooks.push(body);
      },
    },
  };
}

describe('describeAdapterConformance (registration)', () => {
  it('registers one describe block and one test per check, named "<check>: <title>", without creating the adapter', () => {
    const f = fakeRunner();
    let made = 0;
    describeAdapterConformance('toy', () => {
      made++;
      return randomOneLayerAttentionAdapter({ seed: 1 });
    }, f.runner);
    expect(f.suites).toEqual(['toy']);
    expect(f.tests.map((t) => t.name.split(':')[0])).toEqual(ALL_CHECKS);
    expect(f.tests[0]!.name).toBe('info: info is well-formed and embed/forward exist');
    expect(made).toBe(0);
    expect(f.tests.every((t) => t.body.length === 0)).toBe(true);
  });

  it('tests share one lazily created adapter; afterAll disposes it', async () => {
    const f = fakeRunner();
    let made = 0;
    let disposed = 0;
    describeAdapterConformance('toy', async () => {
      made++;
      return { ...randomOneLayerAttentionAdapter({ seed: 1 }), dispose: () => void disposed++ };
    }, { ...f.runner, checks: ['info', 'embed'] });
    for (const t of f.tests) await t.body();
    expect(made).toBe(1);
    expect(f.hooks).toHaveLength(1);
    await f.hooks[0]!();
    expect(disposed).toBe(1);
  });

  it('a failed check fails its test through expect(actual).toBe(expected) and an Error naming the check', async () => {
    const f = fakeRunner();
    describeAdapterConformance('broken', () => rowsNotNormalised(randomOneLayerAttentionAdapter({ seed: 1 })), { ...f.runner, checks: ['info', 'forwardOutputs'] });
    await expect(f.tests[0]!.body()).resolves.toBeUndefined();
    await expect(f.tests[1]!.body()).rejects.toThrow(/forwardOutputs/);
    expect(f.expectations).toHaveLength(1);
    expect(String(f.expectations[0]!.actual)).toMatch(/^forwardOutputs: failed — forward outputs: row 0 sums to 0\.9/);
    expect(f.expectations[0]!.expected).toBe('forwardOutputs: passed');
  });

  it('without expect, or with a Chai-style expect, a failed check still throws', async () => {
    const bare = fakeRunner();
    const { expect: _omit, ...noExpect } = bare.runner;
    describeAdapterConformance('broken', () => rowsNotNormalised(randomOneLayerAttentionAdapter({ seed: 1 })), { ...noExpect, checks: ['forwardOutputs'] });
    await expect(bare.tests[0]!.body()).rejects.toThrow(/forwardOutputs: failed/);

    const chai = fakeRunner();
    const equalled: unknown[] = [];
    describeAdapterConformance('broken', () => rowsNotNormalised(randomOneLayerAttentionAdapter({ seed: 1 })), {
      ...chai.runner,
      expect: () => ({ to: { equal: (v: unknown) => void equalled.push(v) } }),
      checks: ['forwardOutputs'],
    });
    await expect(chai.tests[0]!.body()).rejects.toThrow(/forwardOutputs/);
    expect(equalled).toEqual(['forwardOutputs: passed']);
  });

  it('a skipped check calls the test context skip(reason) (Vitest, node:test), this.skip() (Mocha), or passes (Jest)', async () => {
    const f = fakeRunner();
    describeAdapterConformance('linear', () => linearModelAdapter({ weights: [[1, 2]] }), { ...f.runner, checks: ['attentionShape'] });
    const body = f.tests[0]!.body as unknown as (this: unknown, ctx?: unknown) => Promise<void>;
    const notes: unknown[] = [];
    await body.call(undefined, { skip: (note: unknown) => void notes.push(note) });
    expect(notes).toEqual(['the adapter has no attention (info.attention is absent)']);
    let mochaSkips = 0;
    await body.call({ skip: () => void mochaSkips++ });
    expect(mochaSkips).toBe(1);
    await expect(body.call(undefined)).resolves.toBeUndefined();
  });

  it('a per-test timeout is passed as it()’s third argument', () => {
    const f = fakeRunner();
    describeAdapterConformance('toy', () => randomOneLayerAttentionAdapter({ seed: 1 }), { ...f.runner, timeout: 5000, checks: ['info'] });
    expect(f.tests[0]!.timeout).toBe(5000);
  });

  it('makeAdapter rejecting or returning a non-object fails every test', async () => {
    const f = fakeRunner();
    describeAdapterConformance('bad', async () => {
      throw new Error('no weights');
    }, { ...f.runner, checks: ['info', 'embed'] });
    await expect(f.tests[0]!.body()).rejects.toThrow('no weights');
    await expect(f.tests[1]!.body()).rejects.toThrow('no weights');
    const g = fakeRunner();
    describeAdapterConformance('bad', () => 42 as unknown as ModelAdapter, { ...g.runner, checks: ['info'] });
    await expect(g.tests[0]!.body()).rejects.toThrow(InputTypeError);
  });

  it.each([
    ['a non-string name', () => describeAdapterConformance(1 as never, () => randomOneLayerAttentionAdapter({ seed: 1 }), fakeRunner().runner), InputTypeError],
    ['a non-function makeAdapter', () => describeAdapterConformance('x', {} as never, fakeRunner().runner), InputTypeError],
    ['an unknown option', () => describeAdapterConformance('x', () => randomOneLayerAttentionAdapter({ seed: 1 }), { ...fakeRunner().runner, foo: 1 } as never), InputTypeError],
    ['a non-function it', () => describeAdapterConformance('x', () => randomOneLayerAttentionAdapter({ seed: 1 }), { ...fakeRunner().runner, it: 1 as never }), InputTypeError],
    ['a zero timeout', () => describeAdapterConformance('x', () => randomOneLayerAttentionAdapter({ seed: 1 }), { ...fakeRunner().runner, timeout: 0 }), InputRangeError],
    ['no runner functions and no globals', () => describeAdapterConformance('x', () => randomOneLayerAttentionAdapter({ seed: 1 })), InputTypeError],
  ])('describeAdapterConformance rejects %s', (_label, call, cls) => {
    expect(call).toThrow(cls);
  });
});

describe('describeAdapterConformance (per-check timeout)', () => {
  it('a forward that never resolves fails its tests with the checkTimeout message instead of hanging', async () => {
    const { runner, tests } = fakeRunner();
    const base = randomOneLayerAttentionAdapter({ seed: 1 });
    const hanging: ModelAdapter = { ...base, forward: () => new Promise(() => {}) };
    describeAdapterConformance('hanging adapter', () => hanging, { ...runner, checkTimeout: 50, checks: ['info', 'forwardOutputs'] });
    expect(tests.map((t) => t.name.split(':')[0])).toEqual(['info', 'forwardOutputs']);
    await expect(tests[0]!.body()).resolves.toBeUndefined();
    await expect(tests[1]!.body()).rejects.toThrow(/forwardOutputs: failed — did not finish within 50 ms \(options\.checkTimeout\): forward never settled/);
  });
});
