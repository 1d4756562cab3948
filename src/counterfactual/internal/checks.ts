/**
 * Small option readers shared by the counterfactual tests.
 *
 * @module
 */
import { checkOptions } from '../../internal/options.js';
import { COMMON_KEYS } from './context.js';
import type { CounterfactualOptions } from '../types.js';

/** `checkOptions` with the common keys plus `extra`. */
export function readOptions<T extends CounterfactualOptions>(fn: string, options: unknown, extra: readonly (keyof T & string)[]): Partial<T> {
  return checkOptions<T>(fn, options, [...(COMMON_KEYS as readonly (keyof T & string)[]), ...extra]);
}

/** Free mass of each replaced row: Σ over the free keys of the original weights. */
export function freeMass(original: Float64Array, rows: number, n: number, keys: Int32Array): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (const j of keys) s += original[r * n + j]!;
    out[r] = s;
  }
  return out;
}
