import { checkInteger } from '../internal/options.js';
import { normalizeTensor } from '../internal/tensor.js';
import { ShapeMismatchError } from '../errors/index.js';
import type { FloatTensor, TensorLike } from '../types/tensor.js';

/**
 * Example `b` of a batched tensor: `t[b, …]` with the leading (batch) axis dropped, as a fresh
 * `{ data, shape }`. Takes one example out of what an adapter returns for a batch — outputs
 * `[B, C]` → `[C]`, attention `[B, L, H, Q, n]` → `[L, H, Q, n]` (row = query, column = key),
 * gradients `[B, n, d]` → `[n, d]`.
 *
 * Complexity O(size of one example).
 *
 * @param tensor - a tensor of rank ≥ 1 whose first axis is the batch: `{ data, shape }`,
 *   `{ data, dims }` or nested arrays.
 * @param b - the example, an integer in [0, B).
 * @returns `{ data: Float64Array, shape: shape.slice(1) }`, fresh.
 * @throws InputTypeError if `tensor` is not a tensor or `b` is not an integer.
 * @throws ShapeMismatchError if `tensor` is empty, ragged or of rank 0.
 * @throws InputRangeError if `b` is outside [0, B) or a value is non-finite.
 * @example
 * const outputs = { data: [0.1, 0.9, 0.7, 0.3], shape: [2, 2] };
 * selectExample(outputs, 1).data; // => Float64Array [0.7, 0.3]
 * selectExample(outputs, 1).shape; // => [2]
 * selectExample([[[1, 2]], [[3, 4]]], 0).shape; // => [1, 2]
 */
export function selectExample(tensor: TensorLike, b: number): FloatTensor {
  const fn = 'selectExample';
  const t = normalizeTensor(fn, 'tensor', tensor);
  if (t.shape.length < 1) throw new ShapeMismatchError(fn, 'tensor must have a batch axis', t.shape);
  checkInteger(fn, 'b', b, 0, t.shape[0]! - 1);
  const shape = t.shape.slice(1);
  const size = shape.reduce((p, q) => p * q, 1);
  const data = new Float64Array(size);
  for (let j = 0; j < size; j++) data[j] = t.data[b * size + j]!;
  return { data, shape };
}
