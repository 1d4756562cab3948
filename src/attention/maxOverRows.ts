import type { TensorLike } from '../types/tensor.js';
import { toMatrix } from './internal/matrix.js';

/**
 * Column-wise maximum over the rows of a matrix: rel_j = max_i R[i, j] — the "max over rows" read-out of
 * Abnar's SST script (`joint_attentions[layer].max(axis=0)`, also used there for raw attention and flow).
 * With a rollout matrix (row = output/query token, column = input token) it scores each input token by the
 * largest share any output position draws from it; the paper itself describes the CLS row instead
 * ({@link rowReadout}).
 *
 * Complexity O(rows·n).
 *
 * @param matrix - `[rows, n]` matrix: nested arrays, `{ data, shape }` (e.g. the result of
 *   {@link attentionRollout}) or `{ data, dims }`.
 * @returns a fresh `Float64Array` of length n.
 * @throws InputTypeError if `matrix` is not an array/tensor.
 * @throws ShapeMismatchError if it is not rank 2, is empty or ragged.
 * @throws InputRangeError if a value is non-finite.
 * @see https://github.com/samiraabnar/attention_flow/blob/8044f53/compute_corel_distilbert_sst.py (get_joint_relevance)
 * @example
 * // REFERENCE F1: residual rollout R_2, max over rows
 * maxOverRows([[0.5475, 0.255, 0.1975], [0.26875, 0.5125, 0.21875], [0.13, 0.13, 0.74]]);
 * // => Float64Array [0.5475, 0.5125, 0.74]
 */
export function maxOverRows(matrix: TensorLike): Float64Array {
  const { data, rows, cols } = toMatrix('maxOverRows', 'matrix', matrix);
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) out[j] = data[j]!;
  for (let i = 1; i < rows; i++) {
    const b = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[b + j]!;
      if (v > out[j]!) out[j] = v;
    }
  }
  return out;
}
