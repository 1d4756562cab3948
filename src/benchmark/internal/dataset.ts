/**
 * Reads a benchmark dataset: an array of examples or a `TokenizedDataset` (with optional `decisive`).
 *
 * @module
 */
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';

/** One example of a benchmark dataset. */
export interface BenchmarkExample {
  /** Token ids, length `n`. */
  readonly tokens: Int32Array;
  /** The class to explain; default the model's prediction. */
  readonly target?: number;
  /** Ground-truth decisive positions (e.g. the planted token), when known. */
  readonly decisive?: readonly number[];
  /** Length-`n` input mask (1 keep, 0 hidden). */
  readonly inputMask?: Float64Array;
  /** Position of the example in the dataset given. */
  readonly index: number;
}

/**
 * A benchmark dataset: examples `{ tokens, target?, decisive?, inputMask? }`, or a tokenized dataset
 * (`ids`, `lengths`, `size`, `maxLength`, optional `decisive`, as `plantedTokenTask` returns — each row's
 * padding is dropped).
 */
export type BenchmarkDataset =
  | readonly {
      readonly tokens: ArrayLike<number>;
      readonly target?: number;
      readonly decisive?: ArrayLike<number>;
      readonly inputMask?: ArrayLike<number>;
    }[]
  | {
      readonly ids: ArrayLike<number>;
      readonly lengths: ArrayLike<number>;
      readonly size: number;
      readonly maxLength: number;
      readonly decisive?: readonly ArrayLike<number>[];
    };

function readIds(fn: string, name: string, x: unknown): Int32Array {
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<number>).length !== 'number') {
    throw new InputTypeError(fn, `${name} must be an array of token ids`, x);
  }
  const a = x as ArrayLike<unknown>;
  if (a.length === 0) throw new ShapeMismatchError(fn, `${name} must not be empty`, x);
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw new InputRangeError(fn, `${name}[${i}] must be a non-negative integer id`, v);
    out[i] = v;
  }
  return out;
}

function readPositions(fn: string, name: string, x: unknown, n: number): number[] {
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<number>).length !== 'number') {
    throw new InputTypeError(fn, `${name} must be an array of positions`, x);
  }
  const a = x as ArrayLike<unknown>;
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) throw new InputRangeError(fn, `${name}[${i}] must be a position in [0, ${n})`, v);
    out.push(v);
  }
  return out;
}

/** Validates a dataset and returns its examples. */
export function readDataset(fn: string, dataset: unknown): BenchmarkExample[] {
  if (dataset === null || typeof dataset !== 'object') throw new InputTypeError(fn, 'dataset must be an array of examples or a tokenized dataset', dataset);
  const out: BenchmarkExample[] = [];
  if (Array.isArray(dataset)) {
    if (dataset.length === 0) throw new ShapeMismatchError(fn, 'dataset must not be empty', dataset);
    dataset.forEach((row: unknown, i) => {
      if (row === null || typeof row !== 'object') throw new InputTypeError(fn, `dataset[${i}] must be an object { tokens, … }`, row);
      const r = row as { tokens?: unknown; target?: unknown; decisive?: unknown; inputMask?: unknown };
      const tokens = readIds(fn, `dataset[${i}].tokens`, r.tokens);
      const n = tokens.length;
      let target: number | undefined;
      if (r.target !== undefined) {
        if (typeof r.target !== 'number' || !Number.isInteger(r.target) || r.target < 0) throw new InputRangeError(fn, `dataset[${i}].target must be a class index`, r.target);
        target = r.target;
      }
      const decisive = r.decisive === undefined ? undefined : readPositions(fn, `dataset[${i}].decisive`, r.decisive, n);
      let inputMask: Float64Array | undefined;
      if (r.inputMask !== undefined) {
        const m = r.inputMask as ArrayLike<unknown>;
        if (m === null || typeof m !== 'object' || m.length !== n) throw new ShapeMismatchError(fn, `dataset[${i}].inputMask must have one entry per token (${n})`, r.inputMask);
        inputMask = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          const v = m[k];
          if (v !== 0 && v !== 1) throw new InputRangeError(fn, `dataset[${i}].inputMask[${k}] must be 0 or 1`, v);
          inputMask[k] = v;
        }
      }
      out.push({
        tokens,
        index: i,
        ...(target === undefined ? {} : { target }),
        ...(decisive === undefined ? {} : { decisive }),
        ...(inputMask === undefined ? {} : { inputMask }),
      });
    });
    return out;
  }
  const d = dataset as { ids?: unknown; lengths?: unknown; size?: unknown; maxLength?: unknown; decisive?: unknown };
  if (typeof d.size !== 'number' || typeof d.maxLength !== 'number' || d.ids === undefined || d.lengths === undefined) {
    throw new InputTypeError(fn, 'dataset must be an array of examples or a tokenized dataset { ids, lengths, size, maxLength }', dataset);
  }
  const size = d.size;
  const width = d.maxLength;
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(width) || width < 1) throw new ShapeMismatchError(fn, 'dataset.size and dataset.maxLength must be positive integers', { size, maxLength: width });
  const ids = d.ids as ArrayLike<number>;
  const lengths = d.lengths as ArrayLike<number>;
  if (ids.length !== size * width || lengths.length !== size) throw new ShapeMismatchError(fn, 'dataset.ids must hold size × maxLength ids and dataset.lengths size lengths', { ids: ids.length, lengths: lengths.length });
  const decisive = d.decisive as readonly ArrayLike<number>[] | undefined;
  if (decisive !== undefined && (!Array.isArray(decisive) || decisive.length !== size)) throw new ShapeMismatchError(fn, 'dataset.decisive must hold one entry per row', decisive);
  for (let i = 0; i < size; i++) {
    const len = lengths[i]!;
    if (!Number.isInteger(len) || len < 1 || len > width) throw new InputRangeError(fn, `dataset.lengths[${i}] must be in [1, ${width}]`, len);
    const tokens = readIds(fn, `dataset row ${i}`, Array.prototype.slice.call(ids, i * width, i * width + len));
    const truth = decisive === undefined ? undefined : readPositions(fn, `dataset.decisive[${i}]`, decisive[i], len);
    out.push({ tokens, index: i, ...(truth === undefined ? {} : { decisive: truth }) });
  }
  return out;
}
