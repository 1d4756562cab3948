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

describe('normalizeTensor: absurd declared sizes get a typed error before any allocation (issue 8)', () => {
  it('a sparse new Array(2 ** 32 − 1) is a ShapeMismatchError, not a native RangeError', () => {
    const started = Date.now();
    expect(() => normalizeTensor('f', 'x', new Array(2 ** 32 - 1))).toThrow(ShapeMismatchError);
    const one = new Array(2 ** 32 - 1);
    one[0] = 1;
    expect(() => normalizeTensor('f', 'x', one)).toThrow(ShapeMismatchError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
  it('a sparse array within the limit reports its first hole as InputTypeError', () => {
    const holes = new Array(1000);
    holes[0] = 1;
    expect(() => normalizeTensor('f', 'x', holes)).toThrow(InputTypeError);
  });
  it('one row shared by every entry, declaring 10¹⁰ elements, is rejected without walking it', () => {
    const row = new Array(100_000).fill(0);
    const started = Date.now();
    expect(() => normalizeTensor('f', 'x', new Array(100_000).fill(row))).toThrow(ShapeMismatchError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
  it('ragged stacks whose declared product overflows are typed errors', () => {
    const wide = new Array(2 ** 27);
    wide[0] = 0;
    expect(() => normalizeTensor('f', 'x', [[wide, [1]], [[1], [1]]])).toThrow(ShapeMismatchError);
    const row = new Array(2 ** 19);
    row[0] = 0;
    expect(() => normalizeTensor('f', 'x', Array.from({ length: 2 ** 10 }, () => row).concat([[1]]))).toThrow(ShapeMismatchError);
    expect(() => normalizeTensor('f', 'x', [[1, 2], [3]])).toThrow(ShapeMismatchError);
  });
  it('self-referencing and very deep arrays are typed errors, not a hang or a stack overflow', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => normalizeTensor('f', 'x', cyclic as never)).toThrow(ShapeMismatchError);
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => normalizeTensor('f', 'x', deep as never)).toThrow(ShapeMismatchError);
    expect(() => normalizeTensor('f', 'x', { data: [1], shape: new Array(40).fill(1) })).toThrow(ShapeMismatchError);
  });
  it('BigInt64Array / BigUint64Array inputs are InputTypeError (flat, nested and as data)', () => {
    expect(() => normalizeTensor('f', 'x', new BigInt64Array(3) as never)).toThrow(InputTypeError);
    expect(() => normalizeTensor('f', 'x', [new BigUint64Array(2)] as never)).toThrow(InputTypeError);
    expect(() => normalizeTensor('f', 'x', { data: new BigInt64Array(2), shape: [2] } as never)).toThrow(InputTypeError);
  });
});
