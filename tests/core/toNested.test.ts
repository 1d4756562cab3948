import { describe, expect, it } from 'vitest';
import { InputTypeError, ShapeMismatchError, toNested } from '../../src/index.js';

describe('toNested', () => {
  it('toNested({data, shape}) rebuilds nested rows in row-major order', () => {
    expect(toNested({ data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] })).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(toNested({ data: new Float64Array([7]), shape: [] })).toBe(7);
    expect(toNested({ data: new Float64Array(0), shape: [0, 3] })).toEqual([]);
  });
  it('toNested rejects a shape that does not match the data', () => {
    expect(() => toNested({ data: new Float64Array(5), shape: [2, 3] })).toThrow(ShapeMismatchError);
    expect(() => toNested(null as never)).toThrow(InputTypeError);
  });
});
