import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError, parseTensorJson, ShapeMismatchError } from '../../src/index.js';

describe('parseTensorJson(text)', () => {
  it('reads nested arrays, { data, shape }, { data, dims } and an "attention(s)" wrapper', () => {
    const nested = parseTensorJson('[[[0.5, 0.5], [0, 1]]]');
    expect(nested).toEqual({ data: new Float64Array([0.5, 0.5, 0, 1]), shape: [1, 2, 2] });
    expect(parseTensorJson('{"data": [0.5, 0.5, 0, 1], "shape": [1, 2, 2]}')).toEqual(nested);
    expect(parseTensorJson('{"data": [0.5, 0.5, 0, 1], "dims": [1, 2, 2]}')).toEqual(nested);
    expect(parseTensorJson('{"attentions": [[[0.5, 0.5], [0, 1]]], "tokens": ["a", "b"]}')).toEqual(nested);
    expect(parseTensorJson('{"attention": {"data": [0.5, 0.5, 0, 1], "shape": [1, 2, 2]}}')).toEqual(nested);
  });

  it.each([
    ['not json', '{nope', InputTypeError],
    ['a number', '3', InputTypeError],
    ['an object without an array', '{"x": 1}', InputTypeError],
    ['strings', '[["a"]]', InputTypeError],
    ['ragged', '[[1, 2], [3]]', ShapeMismatchError],
    ['data/shape mismatch', '{"data": [1, 2, 3], "shape": [2, 2]}', ShapeMismatchError],
  ] as const)('rejects %s', (_, text, cls) => {
    expect(() => parseTensorJson(text)).toThrow(cls);
  });

  it('rejects non-finite values (1e999 parses to Infinity)', () => {
    expect(() => parseTensorJson('[1e999]')).toThrow(InputRangeError);
  });
});
