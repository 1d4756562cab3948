import { InputRangeError } from '../../errors/index.js';
import { assertSameLength, toVector } from '../../internal/tensor.js';
import type { VectorLike } from '../../types/tensor.js';

/** Validate two paired samples: 1-D, non-empty, finite, equal length. Returns fresh copies. */
export function readPair(fn: string, a: VectorLike, b: VectorLike): [Float64Array, Float64Array] {
  const x = toVector(fn, 'a', a);
  const y = toVector(fn, 'b', b);
  assertSameLength(fn, 'a', x, 'b', y);
  return [x, y];
}

/**
 * Validate two probability vectors over the same support: 1-D, non-empty, finite, non-negative,
 * equal length, each summing to 1 within `tolerance`. Returns fresh copies.
 */
export function readDistributions(fn: string, p: VectorLike, q: VectorLike, tolerance: number): [Float64Array, Float64Array] {
  const x = toVector(fn, 'p', p);
  const y = toVector(fn, 'q', q);
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
