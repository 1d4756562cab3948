import { normalizeTensor } from '../../internal/tensor.js';
import { checkNestedInput, guardInput } from '../../internal/guard.js';
import type { TensorLike } from '../../types/tensor.js';

/** A validated rank-2 matrix (data may be the caller's buffer: read only). */
export interface MatrixView {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

/** Normalise a rank-2, non-empty, finite matrix (nested arrays, `{ data, shape }`, `{ data, dims }`). */
export function toMatrix(fn: string, name: string, matrix: TensorLike): MatrixView {
  return guardInput(fn, name, () => {
    checkNestedInput(fn, name, matrix);
    const t = normalizeTensor(fn, name, matrix, { rank: 2, finite: true, nonEmpty: true });
    // a plain number[] is copied once (its elements are read exactly once, under the guard)
    const data = Array.isArray(t.data) ? Float64Array.from(t.data) : t.data;
    return { data, rows: t.shape[0]!, cols: t.shape[1]! };
  });
}
