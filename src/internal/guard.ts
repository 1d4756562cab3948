import { AbortError, InputRangeError, InputTypeError } from '../errors/index.js';
import { checkOptions } from './options.js';

/**
 * Largest number of elements an input may declare (2³¹ − 1): beyond this no typed array can be allocated for it,
 * so an input that declares more (a sparse `new Array(2 ** 32 - 1)`, nested arrays whose product of lengths
 * overflows) is rejected with a typed error before anything is allocated.
 */
export const MAX_INPUT_ELEMENTS = 2 ** 31 - 1;

/** Above this many elements the nested arrays are scanned for holes before any allocation. */
const HOLE_SCAN_FROM = 1 << 20;

/**
 * Run the input-reading part of a public function. An error that is not one of the library's typed errors (a
 * getter that throws, a revoked proxy, a proxy of a typed array that typed-array methods refuse) becomes an
 * {@link InputTypeError} naming `fn`, with the original error as `cause`.
 */
export function guardInput<T>(fn: string, name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputTypeError || error instanceof InputRangeError || error instanceof AbortError) throw error;
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const e = new InputTypeError(fn, `${name} could not be read (${what})`);
    (e as { cause?: unknown }).cause = error;
    throw e;
  }
}

/** Deepest nesting a nested-array input may have (the same bound as the shared tensor reader). */
const MAX_INPUT_DEPTH = 32;

/**
 * Check a nested-array input's declared size before it is flattened: the product of the lengths along the first
 * elements must stay below {@link MAX_INPUT_ELEMENTS}, and large inputs must not be sparse (a hole would only be
 * found after allocating the whole buffer). Typed arrays and `{ data, shape }` inputs pass through (their size
 * is the size of real data).
 */
export function checkNestedInput(fn: string, name: string, x: unknown): void {
  if (!Array.isArray(x)) return;
  let size = 1;
  let probe: unknown = x;
  const levels: number[] = [];
  while (Array.isArray(probe) || (ArrayBuffer.isView(probe) && !(probe instanceof DataView))) {
    const arr = probe as ArrayLike<unknown>;
    // a self-referencing or absurdly deep array would otherwise loop here without end
    if (levels.length >= MAX_INPUT_DEPTH) throw new InputRangeError(fn, `${name} nests more than ${MAX_INPUT_DEPTH} levels deep`, levels.length);
    levels.push(arr.length);
    size *= arr.length;
    if (size > MAX_INPUT_ELEMENTS) {
      throw new InputRangeError(fn, `${name} declares ${levels.join(' × ')} elements, more than ${MAX_INPUT_ELEMENTS}`, levels);
    }
    if (arr.length === 0) return;
    if (Array.isArray(arr) && !(0 in arr)) throw new InputTypeError(fn, `${name} is a sparse array (index 0 of a level of length ${arr.length} is a hole)`, arr);
    probe = arr[0];
  }
  if (size >= HOLE_SCAN_FROM) scanHoles(fn, name, x, '');
}

function scanHoles(fn: string, name: string, arr: readonly unknown[], path: string): void {
  for (let i = 0; i < arr.length; i++) {
    if (!(i in arr)) throw new InputTypeError(fn, `${name}${path}[${i}] is a hole (sparse arrays are not accepted)`);
    const v = arr[i];
    if (Array.isArray(v)) scanHoles(fn, name, v, `${path}[${i}]`);
  }
}

/**
 * `checkOptions` on a snapshot: every known option is read exactly once (under {@link guardInput}) into a fresh
 * plain object, so getters that throw become typed errors and getters that change their value cannot make
 * validation and use disagree.
 */
export function readOptions<T extends object>(fn: string, options: unknown, known: readonly (keyof T & string)[]): Partial<T> {
  return guardInput(fn, 'options', () => {
    const o = checkOptions<T>(fn, options, known) as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const k of known) {
      const v = o[k];
      if (v !== undefined) copy[k] = v;
    }
    return copy as Partial<T>;
  });
}
