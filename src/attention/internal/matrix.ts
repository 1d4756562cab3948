import { normalizeTensor } from '../../internal/tensor.js';
import type { TensorLike } from '../../types/tensor.js';

/** A validated rank-2 matrix (data may be the caller's buffer: read only). */
export interface MatrixView {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

/** Normalise a rank-2, non-empty, finite matrix (nested arrays, `{ data, shape }`, `{ data, dims }`). */
export function toMatrix(fn: string, name: string, matrix: TensorLike): MatrixView {
  const t = normalizeTensor(fn, name, matrix, { rank: 2, finite: true, nonEmpty: true });
  return { data: t.data, rows: t.shape[0]!, cols: t.shape[1]! };
}
