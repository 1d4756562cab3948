/** Internal: validation shared by the model constructors. */
import { InputRangeError, InputTypeError } from '../../errors/index.js';
import type { SpecialTokens } from '../../types/adapter.js';

/** faithcheck/data's special token ids. */
export const DEFAULT_SPECIAL_TOKENS: SpecialTokens = Object.freeze({ pad: 0, unk: 1, cls: 2, mask: 3 });

/** Validate `specialTokens` (ids in `[0, vocabSize)`) and return a plain copy. */
export function checkSpecialTokens(fn: string, value: unknown, vocabSize: number): SpecialTokens {
  if (value === undefined) {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(DEFAULT_SPECIAL_TOKENS)) if (v < vocabSize) out[k] = v;
    return out;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputTypeError(fn, 'specialTokens must be an object of token ids', value);
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!['pad', 'unk', 'cls', 'mask', 'sep'].includes(k)) throw new InputTypeError(fn, `unknown special token '${k}'`, k);
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputTypeError(fn, `specialTokens.${k} must be an integer`, v);
    if (v < 0 || v >= vocabSize) throw new InputRangeError(fn, `specialTokens.${k} must be in [0, ${vocabSize})`, v);
    out[k] = v;
  }
  return out;
}

/** Validate an optional name. */
export function checkName(fn: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new InputTypeError(fn, 'name must be a string', value);
  return value;
}
