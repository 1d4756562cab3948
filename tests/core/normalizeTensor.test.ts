import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../src/index.js';
import { normalizeTensor, toVector } from '../../src/internal/tensor.js';

describe('normalizeTensor (input conventions of DESIGN.md)', () => {
  it('accepts nested arrays, { data, shape }, { data, dims } and typed arrays alike', () => {
    const nested = normalizeTensor('f', 'x', [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const shaped = normalizeTensor('f', 'x', { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] });
    const dims = normalizeTensor('f', 'x', { data: new Float32Array([1, 2, 3, 4, 5, 6]), dims: [2, 3] });
    for (const t of [nested, shaped, dims]) {
      expect(t.shape).toEqual([2, 3]);
      expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    }
    expect(normalizeTensor('f', 'x', new Int8Array([1, -2])).shape).toEqual([2]);
  });

  it('toVector returns a fresh Float64Array that never aliases the input', () => {
    const input = new Float64Array([1, 2, 3]);
    const v = toVector('f', 'x', input);
    expect(v).not.toBe(input);
    v[0] = 99;
    expect(input[0]).toBe(1);
  });

  it.each([
    ['ragged nested array', [[1, 2], [3]], ShapeMismatchError],
    ['data/shape size mismatch', { data: [1, 2, 3], shape: [2, 2] }, ShapeMismatchError],
    ['empty', [], ShapeMismatchError],
    ['NaN element', [1, Number.NaN], InputRangeError],
    ['Infinity element', { data: [1, Infinity], shape: [2] }, InputRangeError],
    ['string element', [1, '2'], InputTypeError],
    ['null', null, InputTypeError],
    ['number', 3, InputTypeError],
    ['negative dim', { data: [], shape: [-1] }, InputTypeError],
    ['bigint data', { data: new BigInt64Array(2), shape: [2] }, InputTypeError],
  ])('rejects %s with a typed error naming the function', (_label, value, cls) => {
    expect(() => normalizeTensor('myFn', 'x', value as never)).toThrow(cls);
    expect(() => normalizeTensor('myFn', 'x', value as never)).toThrow(/^myFn: /);
  });

  it('names the offending index of a non-finite element', () => {
    expect(() => normalizeTensor('myFn', 'attention', [[1, 2], [3, Number.NaN]])).toThrow('myFn: attention[1][1] must be finite (got NaN)');
  });

  it('checks the rank when asked', () => {
    expect(() => normalizeTensor('f', 'x', [[1]], { rank: 1 })).toThrow(ShapeMismatchError);
    expect(normalizeTensor('f', 'x', [[1]], { rank: [1, 2] }).shape).toEqual([1, 1]);
  });

  it('errors carry a stable name, fn and value', () => {
    try {
      normalizeTensor('myFn', 'x', [1, Number.NaN]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      expect((e as InputRangeError).name).toBe('InputRangeError');
      expect((e as InputRangeError).fn).toBe('myFn');
      expect((e as InputRangeError).value).toBeNaN();
    }
  });
});
