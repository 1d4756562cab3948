import { describe, expect, it } from 'vitest';
import { AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/errors/index.js';
import { readInputMask, readOverrides, readTargets, requireCapability, validateAdapter } from '../../src/internal/adapter.js';
import { linearModelAdapter, randomOneLayerAttentionAdapter } from '../../src/testing/index.js';
import type { ModelAdapter } from '../../src/types/adapter.js';
import { t } from './helpers.js';

const linear = linearModelAdapter({ weights: [[1, 2]] });
const attention = randomOneLayerAttentionAdapter({ seed: 1 });

describe('requireCapability', () => {
  it('requireCapability(fn, adapter, cap) passes when the capability is present', () => {
    expect(() => requireCapability('f', attention, 'gradient')).not.toThrow();
    expect(() => requireCapability('f', attention, 'attentionGradient')).not.toThrow();
    expect(() => requireCapability('f', attention, 'attention')).not.toThrow();
    expect(() => requireCapability('f', linear, 'gradient')).not.toThrow();
  });
  it('requireCapability throws AdapterCapabilityError naming the missing capability', () => {
    for (const cap of ['attention', 'attentionGradient'] as const) {
      let error: unknown;
      try {
        requireCapability('integratedGradients', linear, cap);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AdapterCapabilityError);
      expect((error as AdapterCapabilityError).capability).toBe(cap);
      expect((error as AdapterCapabilityError).fn).toBe('integratedGradients');
    }
    const { gradient: _g, ...noGradient } = linear;
    expect(() => requireCapability('saliency', noGradient as ModelAdapter, 'gradient')).toThrow(AdapterCapabilityError);
  });
});

describe('validateAdapter', () => {
  const good = { info: { numClasses: 2, outputKind: 'logits', embeddingDim: 3 }, embed: async () => t([], [0, 3]), forward: async () => ({ outputs: t([], [0, 2]) }) };
  it('validateAdapter accepts the toy adapters and a minimal object', () => {
    expect(() => validateAdapter('f', linear)).not.toThrow();
    expect(() => validateAdapter('f', attention)).not.toThrow();
    expect(() => validateAdapter('f', good)).not.toThrow();
  });
  it.each([
    ['a non-object', 42, InputTypeError],
    ['null', null, InputTypeError],
    ['no info', { ...good, info: undefined }, AdapterCapabilityError],
    ['info not an object', { ...good, info: 3 }, InputTypeError],
    ['no numClasses', { ...good, info: { outputKind: 'logits', embeddingDim: 3 } }, AdapterCapabilityError],
    ['numClasses 0', { ...good, info: { ...good.info, numClasses: 0 } }, InputRangeError],
    ['numClasses a string', { ...good, info: { ...good.info, numClasses: '2' } }, InputTypeError],
    ['bad outputKind', { ...good, info: { ...good.info, outputKind: 'scores' } }, InputTypeError],
    ['fractional embeddingDim', { ...good, info: { ...good.info, embeddingDim: 1.5 } }, InputRangeError],
    ['bad vocabSize', { ...good, info: { ...good.info, vocabSize: -1 } }, InputRangeError],
    ['bad attention.heads', { ...good, info: { ...good.info, attention: { layers: 1, heads: 0, queries: 'tokens' } } }, InputRangeError],
    ['bad attention.queries', { ...good, info: { ...good.info, attention: { layers: 1, heads: 1, queries: 'all' } } }, InputTypeError],
    ['special token out of range', { ...good, info: { ...good.info, vocabSize: 5, specialTokens: { pad: 5 } } }, InputRangeError],
    ['no embed', { ...good, embed: undefined }, AdapterCapabilityError],
    ['forward not a function', { ...good, forward: 1 }, InputTypeError],
    ['gradient not a function', { ...good, gradient: {} }, InputTypeError],
  ])('validateAdapter rejects %s', (_label, adapter, cls) => {
    expect(() => validateAdapter('f', adapter)).toThrow(cls);
  });
});

describe('adapter boundary readers', () => {
  it('readTargets expands a scalar and validates per-example targets', () => {
    expect(Array.from(readTargets('f', 1, 3, 2))).toEqual([1, 1, 1]);
    expect(Array.from(readTargets('f', [0, 1], 2, 2))).toEqual([0, 1]);
    expect(() => readTargets('f', 2, 1, 2)).toThrow(InputRangeError);
    expect(() => readTargets('f', 0.5, 1, 2)).toThrow(InputTypeError);
    expect(() => readTargets('f', [0], 2, 2)).toThrow(ShapeMismatchError);
  });
  it('readInputMask accepts 0/1 masks keeping a position per row', () => {
    expect(readInputMask('f', undefined, 1, 2)).toBeUndefined();
    expect(Array.from(readInputMask('f', t([1, 0], [1, 2]), 1, 2)!)).toEqual([1, 0]);
    expect(() => readInputMask('f', t([0, 0], [1, 2]), 1, 2)).toThrow(InputRangeError);
    expect(() => readInputMask('f', t([0.5, 1], [1, 2]), 1, 2)).toThrow(InputRangeError);
    expect(() => readInputMask('f', t([1, 1, 1], [1, 3]), 1, 2)).toThrow(ShapeMismatchError);
  });
  it('readOverrides validates layers, heads and weight shapes and finds slots', () => {
    const layout = { batch: 1, layers: 2, heads: 3, queries: 1, length: 2 };
    const parsed = readOverrides('f', [{ layer: 1, heads: [2, 0], weights: t([0.5, 0.5, 1, 0], [1, 2, 1, 2]) }], layout);
    expect(parsed.find(1, 2)?.slot).toBe(0);
    expect(parsed.find(1, 0)?.slot).toBe(1);
    expect(parsed.find(1, 1)).toBeUndefined();
    expect(parsed.find(0, 0)).toBeUndefined();
    const w = t([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [1, 3, 1, 2]);
    expect(() => readOverrides('f', [{ layer: 2, weights: w }], layout)).toThrow(InputRangeError);
    expect(() => readOverrides('f', [{ layer: 0, weights: w }, { layer: 0, weights: w }], layout)).toThrow(InputRangeError);
    expect(() => readOverrides('f', [{ layer: 0, heads: [0, 0], weights: t([1, 0, 1, 0], [1, 2, 1, 2]) }], layout)).toThrow(InputRangeError);
    expect(() => readOverrides('f', [{ layer: 0, heads: [3], weights: t([1, 0], [1, 1, 1, 2]) }], layout)).toThrow(InputRangeError);
    expect(() => readOverrides('f', [{ layer: 0, weights: t([1, 0], [1, 1, 1, 2]) }], layout)).toThrow(ShapeMismatchError);
    expect(() => readOverrides('f', [{ layer: 0, weights: t([Number.NaN, 1, 1, 1, 1, 1], [1, 3, 1, 2]) }], layout)).toThrow(InputRangeError);
    expect(() => readOverrides('f', { layer: 0 } as never, layout)).toThrow(InputTypeError);
  });
  it('readOverrides keeps raw (unnormalised) weights as given, in a fresh copy', () => {
    const data = new Float64Array([2, -1]);
    const parsed = readOverrides('f', [{ layer: 0, weights: { data, shape: [1, 1, 1, 2] } }], { batch: 1, layers: 1, heads: 1, queries: 1, length: 2 });
    expect(Array.from(parsed.list[0]!.weights)).toEqual([2, -1]);
    expect(parsed.list[0]!.weights).not.toBe(data);
  });
});

describe('the revised contract: attention.overridable and sequenceLength', () => {
  const readOnly = { ...attention, info: { ...attention.info, attention: { ...attention.info.attention, overridable: false } } } as ModelAdapter;
  const layout = { batch: 1, layers: 1, heads: 1, queries: 3, length: 3 };
  const override = [{ layer: 0, weights: t([1, 0, 0, 0, 1, 0, 0, 0, 1], [1, 1, 3, 3]) }];

  it("requireCapability(fn, adapter, 'attentionOverride') passes when overridable is absent or true", () => {
    expect(() => requireCapability('f', attention, 'attentionOverride')).not.toThrow();
    const explicit = { ...attention, info: { ...attention.info, attention: { ...attention.info.attention, overridable: true } } } as ModelAdapter;
    expect(() => requireCapability('f', explicit, 'attentionOverride')).not.toThrow();
  });
  it("requireCapability(fn, adapter, 'attentionOverride') throws AdapterCapabilityError('attentionOverride') for a read-only or attention-less model", () => {
    for (const a of [readOnly, linear]) {
      let error: unknown;
      try {
        requireCapability('permutationTest', a, 'attentionOverride');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AdapterCapabilityError);
      expect((error as AdapterCapabilityError).capability).toBe('attentionOverride');
      expect((error as AdapterCapabilityError).fn).toBe('permutationTest');
    }
    expect(() => requireCapability('f', readOnly, 'attention')).not.toThrow();
  });
  it('readOverrides rejects overrides when layout.overridable is false, and accepts none', () => {
    expect(() => readOverrides('m.forward', override, { ...layout, overridable: false })).toThrow(AdapterCapabilityError);
    expect(readOverrides('m.forward', [], { ...layout, overridable: false }).list).toEqual([]);
    expect(readOverrides('m.forward', undefined, { ...layout, overridable: false }).list).toEqual([]);
    expect(readOverrides('m.forward', override, { ...layout, overridable: true }).list).toHaveLength(1);
  });
  it('validateAdapter checks overridable (boolean) and sequenceLength (positive integer ≤ maxLength)', () => {
    expect(() => validateAdapter('f', readOnly)).not.toThrow();
    const withInfo = (patch: object) => ({ ...attention, info: { ...attention.info, ...patch } });
    expect(() => validateAdapter('f', withInfo({ attention: { ...attention.info.attention, overridable: 'no' } }))).toThrow(InputTypeError);
    expect(() => validateAdapter('f', withInfo({ sequenceLength: 4 }))).not.toThrow();
    expect(() => validateAdapter('f', withInfo({ sequenceLength: 0 }))).toThrow(InputRangeError);
    expect(() => validateAdapter('f', withInfo({ sequenceLength: '4' }))).toThrow(InputTypeError);
    expect(() => validateAdapter('f', withInfo({ sequenceLength: 5, maxLength: 4 }))).toThrow(InputRangeError);
  });
});
