import { InputRangeError } from '../../errors/index.js';
import { checkEnum } from '../../internal/options.js';
import { assertSameLength, normalizeTensor } from '../../internal/tensor.js';
import type { TensorLike, VectorLike } from '../../types/tensor.js';
import type { Alternative } from '../types.js';
import { checkNestedInput, guardInput } from '../../internal/guard.js';

/**
 * Validate a 1-D, non-empty, finite vector (exactly `toVector`'s checks) and return it as a
 * Float64Array. A Float64Array input (or `{ data: Float64Array }`) is returned as is, without a
 * copy: every agreement kernel only reads its inputs, and skipping the copy matters at n = 10⁶.
 * Other inputs are copied.
 */
export function readVector(fn: string, name: string, v: VectorLike): Float64Array {
  return guardInput(fn, name, () => {
    checkNestedInput(fn, name, v);
    const t = normalizeTensor(fn, name, v as TensorLike, { rank: 1 });
    return t.data instanceof Float64Array ? t.data : Float64Array.from(t.data);
  });
}

/** Validate two paired samples: 1-D, non-empty, finite, equal length (read-only views or copies). */
export function readPair(fn: string, a: VectorLike, b: VectorLike): [Float64Array, Float64Array] {
  const x = readVector(fn, 'a', a);
  const y = readVector(fn, 'b', b);
  assertSameLength(fn, 'a', x, 'b', y);
  return [x, y];
}

/**
 * Validate two probability vectors over the same support: 1-D, non-empty, finite, non-negative,
 * equal length, each summing to 1 within `tolerance` (read-only views or copies).
 */
export function readDistributions(fn: string, p: VectorLike, q: VectorLike, tolerance: number): [Float64Array, Float64Array] {
  const x = readVector(fn, 'p', p);
  const y = readVector(fn, 'q', q);
  assertSameLength(fn, 'p', x, 'q', y);
  checkDistribution(fn, 'p', x, tolerance);
  checkDistribution(fn, 'q', y, tolerance);
  return [x, y];
}

function checkDistribution(fn: string, name: string, v: Float64Array, tolerance: number): void {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const e = v[i]!;
    if (e < 0) throw new InputRangeError(fn, `${name}[${i}] must be non-negative`, e);
    sum += e;
  }
  if (!(Math.abs(sum - 1) <= tolerance)) {
    throw new InputRangeError(fn, `${name} must sum to 1 (within tolerance ${tolerance})`, sum);
  }
}

/** The `alternative` option of the correlation tests: `'two-sided'` (default), `'less'` or `'greater'`. */
export function readAlternative(fn: string, value: unknown): Alternative {
  return value === undefined ? 'two-sided' : checkEnum(fn, 'alternative', value, ['two-sided', 'less', 'greater'] as const);
}
