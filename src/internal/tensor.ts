import { InputRangeError, InputTypeError, ShapeMismatchError } from '../errors/index.js';
import type { FloatTensor, TensorLike, VectorLike } from '../types/tensor.js';

/** A normalised input: data (possibly the caller's buffer — never mutate it) plus shape. */
export interface Normalized {
  readonly data: ArrayLike<number>;
  readonly shape: number[];
}

export interface NormalizeOptions {
  /** Required rank, or undefined for any. */
  readonly rank?: number | readonly number[];
  /** Check that every element is finite (default true). */
  readonly finite?: boolean;
  /** Reject zero-size tensors (default true). */
  readonly nonEmpty?: boolean;
}

function isArrayLikeNumber(x: unknown): x is ArrayLike<number> {
  if (ArrayBuffer.isView(x)) return !(x instanceof DataView);
  return Array.isArray(x);
}

function checkShape(fn: string, name: string, shape: unknown): number[] {
  if (!Array.isArray(shape) && !(ArrayBuffer.isView(shape) && !(shape instanceof DataView))) {
    throw new InputTypeError(fn, `${name}.shape must be an array of non-negative integers`, shape);
  }
  const dims = shape as ArrayLike<unknown>;
  const rank = lengthOf(fn, `${name}.shape`, dims);
  if (rank > MAX_RANK) throw new ShapeMismatchError(fn, `${name}.shape has more than ${MAX_RANK} dimensions`, rank);
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    const d = dims[k];
    const v = typeof d === 'bigint' ? Number(d) : d;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new InputTypeError(fn, `${name}.shape must hold non-negative integers`, shape);
    }
    out.push(v);
    if (out.length > MAX_RANK) throw new ShapeMismatchError(fn, `${name}.shape has more than ${MAX_RANK} dimensions`, out.length);
  }
  return out;
}

/**
 * Most elements a nested-array input may declare (2²⁸ ≈ 2.7·10⁸, a 2 GiB float64 copy). Typed arrays
 * and `{ data, shape }` inputs have no such limit: their memory already exists. A nested array can
 * declare far more than it holds (a sparse `new Array(2 ** 32 − 1)`, one row shared by every entry),
 * so its declared size is checked before anything is allocated or walked.
 */
export const MAX_NESTED_ELEMENTS = 2 ** 28;

/** Deepest nesting a nested-array input may have (also stops self-referencing arrays). */
export const MAX_RANK = 32;

function isArrayNode(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/** Flatten a nested array, checking it is rectangular and numeric. */
function flattenNested(fn: string, name: string, x: readonly unknown[]): Normalized {
  const shape: number[] = [];
  let probe: unknown = x;
  let size = 1;
  while (isArrayNode(probe)) {
    const arr = probe as ArrayLike<unknown>;
    if (shape.length >= MAX_RANK) {
      throw new ShapeMismatchError(fn, `${name} is nested more than ${MAX_RANK} levels deep (or refers to itself)`, shape.length);
    }
    if (arr instanceof BigInt64Array || arr instanceof BigUint64Array) {
      throw new InputTypeError(fn, `${name} must hold numbers, not bigints`, arr);
    }
    shape.push(arr.length);
    size *= arr.length;
    if (size > MAX_NESTED_ELEMENTS) {
      throw new ShapeMismatchError(
        fn,
        `${name} declares more than ${MAX_NESTED_ELEMENTS} elements (shape [${shape.join(', ')}, …]); pass large tensors as a typed array or { data, shape }`,
        shape,
      );
    }
    if (arr.length === 0) break;
    probe = arr[0];
  }
  const data = new Float64Array(size);
  let k = 0;
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') {
        throw new InputTypeError(fn, `${name}${path} must be a number`, node);
      }
      data[k++] = node;
      return;
    }
    if (!isArrayNode(node)) {
      throw new ShapeMismatchError(fn, `${name}${path} is ragged: expected an array of length ${shape[depth]}`, node);
    }
    const arr = node;
    if (arr.length !== shape[depth]) {
      throw new ShapeMismatchError(
        fn,
        `${name}${path} is ragged: expected length ${shape[depth]}, found length ${arr.length}`,
        node,
      );
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], depth + 1, `${path}[${i}]`);
  };
  walk(x, 0, '');
  return { data, shape };
}

/**
 * Normalise any {@link TensorLike} to `{ data, shape }` and validate it. Flat typed arrays and
 * `{ data, shape|dims }` keep the caller's buffer (read-only use); nested arrays are flattened into
 * a fresh `Float64Array`.
 */
export function normalizeTensor(fn: string, name: string, x: TensorLike, options: NormalizeOptions = {}): Normalized {
  let out: Normalized;
  if (x === null || x === undefined || (typeof x !== 'object' && typeof x !== 'function')) {
    throw new InputTypeError(fn, `${name} must be an array, a typed array or { data, shape }`, x);
  }
  if (Array.isArray(x)) {
    out = flattenNested(fn, name, x);
  } else if (isArrayLikeNumber(x)) {
    if (x instanceof BigInt64Array || x instanceof BigUint64Array) {
      throw new InputTypeError(fn, `${name} must hold numbers, not bigints`, x);
    }
    out = { data: x, shape: [x.length] };
  } else if ('data' in x && ('shape' in x || 'dims' in x)) {
    const data = (x as { data: unknown }).data;
    if (!isArrayLikeNumber(data)) {
      throw new InputTypeError(fn, `${name}.data must be an array or a typed array of numbers`, data);
    }
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      throw new InputTypeError(fn, `${name}.data must hold numbers, not bigints`, data);
    }
    const shape = checkShape(fn, name, 'shape' in x ? (x as { shape: unknown }).shape : (x as { dims: unknown }).dims);
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== data.length) {
      throw new ShapeMismatchError(fn, `${name}.data has ${data.length} elements but its shape [${shape.join(', ')}] needs ${size}`, data.length);
    }
    if (Array.isArray(data)) {
      for (let i = 0; i < data.length; i++) {
        if (typeof data[i] !== 'number') throw new InputTypeError(fn, `${name}.data[${i}] must be a number`, data[i]);
      }
    }
    out = { data, shape };
  } else {
    throw new InputTypeError(fn, `${name} must be an array, a typed array or { data, shape }`, x);
  }
  const rank = options.rank;
  if (rank !== undefined) {
    const ranks = typeof rank === 'number' ? [rank] : rank;
    if (!ranks.includes(out.shape.length)) {
      throw new ShapeMismatchError(
        fn,
        `${name} must have rank ${ranks.join(' or ')}, found shape [${out.shape.join(', ')}]`,
        out.shape,
      );
    }
  }
  if ((options.nonEmpty ?? true) && out.data.length === 0) {
    throw new ShapeMismatchError(fn, `${name} must not be empty`, out.shape);
  }
  if (options.finite ?? true) assertFiniteData(fn, name, out.data, out.shape);
  return out;
}

/**
 * `x.length` of a caller's array-like, as a non-negative integer. Reading it can fail natively (a
 * `Proxy` of a typed array throws a `TypeError` from the `length` getter): such a value is reported
 * as {@link InputTypeError}. An exception thrown by the caller's own getter propagates unchanged.
 */
export function lengthOf(fn: string, name: string, x: unknown): number {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) {
    throw new InputTypeError(fn, `${name} must be an array or a typed array`, x);
  }
  let length: unknown;
  try {
    length = (x as { length?: unknown }).length;
  } catch (e) {
    if (e instanceof TypeError && !(e instanceof InputTypeError)) {
      throw new InputTypeError(fn, `${name} is not a usable array (reading its length failed: ${e.message})`, x);
    }
    throw e;
  }
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    throw new InputTypeError(fn, `${name} must be an array or a typed array`, x);
  }
  return length;
}

/** Throw {@link InputRangeError} naming the first non-finite element (with its multi-index). */
export function assertFiniteData(fn: string, name: string, data: ArrayLike<number>, shape: readonly number[]): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      throw new InputRangeError(fn, `${name}${formatIndex(i, shape)} must be finite`, v);
    }
  }
}

/** `[i][j]…` for a flat index in a row-major shape. */
export function formatIndex(flat: number, shape: readonly number[]): string {
  const idx: number[] = new Array(shape.length);
  let rem = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const s = shape[d]!;
    idx[d] = s === 0 ? 0 : rem % s;
    rem = s === 0 ? 0 : Math.floor(rem / s);
  }
  return idx.map((i) => `[${i}]`).join('');
}

/**
 * Normalise a 1-D input to a fresh `Float64Array` (finite, non-empty unless `nonEmpty: false`).
 * Accepts `number[]`, typed arrays and 1-D `{ data, shape|dims }`.
 */
export function toVector(fn: string, name: string, x: VectorLike, options: Omit<NormalizeOptions, 'rank'> = {}): Float64Array {
  const t = normalizeTensor(fn, name, x as TensorLike, { ...options, rank: 1 });
  return Float64Array.from(t.data);
}

/** Throw unless two vectors have the same length. */
export function assertSameLength(fn: string, nameA: string, a: ArrayLike<number>, nameB: string, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new ShapeMismatchError(fn, `${nameA} and ${nameB} must have the same length, found ${a.length} and ${b.length}`, [a.length, b.length]);
  }
}

/** Copy normalised data into a fresh {@link FloatTensor}. */
export function toFloatTensor(t: Normalized): FloatTensor {
  return { data: Float64Array.from(t.data), shape: [...t.shape] };
}
