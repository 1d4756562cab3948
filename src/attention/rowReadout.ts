import { InputRangeError, InputTypeError } from '../errors/index.js';
import { checkInteger } from '../internal/options.js';
import { guardInput, readOptions } from '../internal/guard.js';
import type { TensorLike } from '../types/tensor.js';
import { toMatrix } from './internal/matrix.js';

/** Options of {@link rowReadout}. */
export interface RowReadoutOptions {
  /**
   * Column indices set to 0 in the returned row (default `[]`). Chefer's `generate_rollout` reads the CLS row
   * with `R[0, 0] := 0`: `rowReadout(R, 0, { zeroColumns: [0] })`.
   */
  readonly zeroColumns?: readonly number[];
}

/**
 * One row of a matrix: R[row, :]. With a rollout (row = output/query token) this is the relevance of every
 * input token for that output: the CLS row (`row = 0`, the paper's read-out and Chefer's), or the masked
 * verb's row in Abnar's subject–verb script (`joint_attentions[layer][output_index]`).
 *
 * Complexity O(n).
 *
 * @param matrix - `[rows, n]` matrix: nested arrays, `{ data, shape }` (e.g. {@link attentionRollout}'s result)
 *   or `{ data, dims }`. With `outputs`, matrix row k is token `outputs[k]`.
 * @param row - row index, an integer in [0, rows).
 * @param options - see {@link RowReadoutOptions}.
 * @returns a fresh `Float64Array` of length n.
 * @throws InputTypeError if `matrix` is not an array/tensor, `row` or a `zeroColumns` entry is not an integer,
 *   or an option is unknown.
 * @throws ShapeMismatchError if `matrix` is not rank 2, is empty or ragged.
 * @throws InputRangeError if a value is non-finite, `row` or a `zeroColumns` entry is out of range.
 * @see https://github.com/hila-chefer/Transformer-Explainability/blob/c3e578f/BERT_explainability/modules/BERT/ExplanationGenerator.py (generate_rollout)
 * @example
 * const R = [[0.572325, 0.240175, 0.1875], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6]];
 * rowReadout(R, 0);
 * // => Float64Array [0.572325, 0.240175, 0.1875]
 * rowReadout(R, 0, { zeroColumns: [0] }); // Chefer's generate_rollout (REFERENCE F2)
 * // => Float64Array [0, 0.240175, 0.1875]
 */
export function rowReadout(matrix: TensorLike, row: number, options?: RowReadoutOptions): Float64Array {
  const fn = 'rowReadout';
  return guardInput(fn, 'input', () => readRow(fn, matrix, row, readOptions<RowReadoutOptions>(fn, options, ['zeroColumns'])));
}

function readRow(fn: string, matrix: TensorLike, row: number, o: RowReadoutOptions): Float64Array {
  const { data, rows, cols } = toMatrix(fn, 'matrix', matrix);
  checkInteger(fn, 'row', row, 0, rows - 1);
  const out = Float64Array.from({ length: cols }, (_, j) => data[row * cols + j]!);
  if (o.zeroColumns !== undefined) {
    const zc: unknown = o.zeroColumns;
    if (!Array.isArray(zc)) throw new InputTypeError(fn, 'zeroColumns must be an array of column indices', zc);
    for (let k = 0; k < zc.length; k++) {
      const c: unknown = zc[k];
      if (typeof c !== 'number' || !Number.isInteger(c)) throw new InputTypeError(fn, `zeroColumns[${k}] must be an integer`, c);
      if (c < 0 || c >= cols) throw new InputRangeError(fn, `zeroColumns[${k}] must be a column index in [0, ${cols - 1}]`, c);
      out[c] = 0;
    }
  }
  return out;
}
