import { InputRangeError, InputTypeError } from '../errors/index.js';

/** Validate that `options` is undefined or a plain object and that it names only known keys. */
export function checkOptions<T extends object>(fn: string, options: unknown, known: readonly (keyof T & string)[]): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InputTypeError(fn, 'options must be an object', options);
  }
  for (const key of Object.keys(options)) {
    if (!(known as readonly string[]).includes(key)) {
      throw new InputTypeError(fn, `unknown option '${key}' (known: ${known.join(', ')})`, key);
    }
  }
  return options as Partial<T>;
}

/** A finite number in [min, max] (inclusive unless stated). */
export function checkNumber(
  fn: string,
  name: string,
  value: unknown,
  { min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false }: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean } = {},
): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new InputTypeError(fn, `${name} must be a number`, value);
  if (!Number.isFinite(value) && !(value === Infinity && max === Infinity && !maxExclusive) && !(value === -Infinity && min === -Infinity && !minExclusive)) {
    throw new InputRangeError(fn, `${name} must be finite`, value);
  }
  const lowOk = minExclusive ? value > min : value >= min;
  const highOk = maxExclusive ? value < max : value <= max;
  if (!lowOk || !highOk) {
    throw new InputRangeError(fn, `${name} must be in ${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`, value);
  }
  return value;
}

/** An integer in [min, max]. */
export function checkInteger(fn: string, name: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InputTypeError(fn, `${name} must be an integer`, value);
  if (value < min || value > max) throw new InputRangeError(fn, `${name} must be an integer in [${min}, ${max}]`, value);
  return value;
}

/** One of a fixed set of string literals. */
export function checkEnum<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InputTypeError(fn, `${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value as T;
}

/** A boolean. */
export function checkBoolean(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InputTypeError(fn, `${name} must be a boolean`, value);
  return value;
}

/** A seed: a finite integer (any sign; reduced to 32 bits by the PRNG). */
export function checkSeed(fn: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InputTypeError(fn, 'seed must be an integer', value);
  return value;
}
