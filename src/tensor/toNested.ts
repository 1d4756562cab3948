import { InputTypeError } from '../errors/index.js';
import { normalizeTensor } from '../internal/tensor.js';
import type { NestedNumbers, TensorLike } from '../types/tensor.js';

/**
 * Convert a flat row-major result (`{ data, shape }`, e.g. a {@link FloatTensor}) to nested
 * `number[]` arrays. A rank-0 shape gives the single number.
 *
 * @param tensor - `{ data, shape }` with `data.length` equal to the product of `shape`.
 * @returns nested arrays of plain numbers (a fresh copy).
 * @throws InputTypeError if `tensor` is not `{ data, shape }`, its shape is not a list of non-negative
 *   integers or its data not numbers.
 * @throws ShapeMismatchError if the data length does not match the shape.
 * @example
 * toNested({ data: new Float64Array([1, 2, 3, 4]), shape: [2, 2] }); // => [[1, 2], [3, 4]]
 */
export function toNested(tensor: { readonly data: ArrayLike<number>; readonly shape: readonly number[] }): NestedNumbers {
  if (tensor === null || typeof tensor !== 'object' || !('data' in tensor) || !('shape' in tensor)) {
    throw new InputTypeError('toNested', 'tensor must be { data, shape }', tensor);
  }
  // Validated as every input (shape a list of non-negative integers matching data's length, data
  // numeric); values are copied as they are (NaN and ±Infinity included), empty tensors allowed.
  const { data, shape } = normalizeTensor('toNested', 'tensor', tensor as TensorLike, { finite: false, nonEmpty: false });
  if (shape.length === 0) return data[0]!;
  let offset = 0;
  const build = (depth: number): NestedNumbers[] => {
    const len = shape[depth]!;
    const out: NestedNumbers[] = new Array(len);
    if (depth === shape.length - 1) {
      for (let i = 0; i < len; i++) out[i] = data[offset++]!;
    } else {
      for (let i = 0; i < len; i++) out[i] = build(depth + 1);
    }
    return out;
  };
  return build(0);
}
