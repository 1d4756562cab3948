/**
 * Family-private helpers of `faithcheck/onnx`: building feeds, reading results, session metadata,
 * and running one call at a time per session.
 *
 * @module
 */
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../../errors/index.js';
import type { SpecialTokens } from '../../../types/adapter.js';
import type { OnnxSessionLike, OnnxTensorLike, OnnxTensorType, OrtModuleLike } from '../types.js';

type FeedData = Float32Array | BigInt64Array | Int32Array | Float64Array | Uint8Array;

/**
 * A feed tensor: `new ort.Tensor(type, data, dims)` when the module is given, else the plain object
 * ONNX Runtime's `run` reads (`type`, `data`, `dims`, `location: 'cpu'`).
 */
export function makeTensor(ort: OrtModuleLike | undefined, type: OnnxTensorType, data: FeedData, dims: readonly number[]): unknown {
  if (ort !== undefined) return new ort.Tensor(type, data, [...dims]);
  return { type, data, dims: [...dims], size: data.length, location: 'cpu' };
}

/** The `[B, n]` mask (float64 0/1, or all ones) as a typed array of the given element type. */
export function maskData(type: 'int64' | 'int32' | 'float32' | 'bool', mask: Float64Array | undefined, size: number): FeedData {
  switch (type) {
    case 'int64': {
      const out = new BigInt64Array(size);
      for (let i = 0; i < size; i++) out[i] = mask === undefined || mask[i] !== 0 ? 1n : 0n;
      return out;
    }
    case 'int32': {
      const out = new Int32Array(size);
      for (let i = 0; i < size; i++) out[i] = mask === undefined || mask[i] !== 0 ? 1 : 0;
      return out;
    }
    case 'float32': {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) out[i] = mask === undefined || mask[i] !== 0 ? 1 : 0;
      return out;
    }
    case 'bool': {
      const out = new Uint8Array(size);
      for (let i = 0; i < size; i++) out[i] = mask === undefined || mask[i] !== 0 ? 1 : 0;
      return out;
    }
  }
}

/** Token ids as `int64`/`int32` data. */
export function idData(type: 'int64' | 'int32', ids: Int32Array): FeedData {
  if (type === 'int32') return Int32Array.from(ids);
  const out = new BigInt64Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = BigInt(ids[i]!);
  return out;
}

/**
 * The float data of a result tensor, checked against the expected shape. Float32/float64 only.
 *
 * @throws ShapeMismatchError naming the output when the export returned another shape or type.
 */
export function readFloatOutput(fn: string, results: Record<string, OnnxTensorLike>, name: string, expected: readonly number[]): Float32Array | Float64Array {
  const t = results[name];
  if (t === undefined) throw new ShapeMismatchError(fn, `the session returned no output '${name}'`, Object.keys(results));
  const dims = Array.from(t.dims, Number);
  if (dims.length !== expected.length || dims.some((s, i) => s !== expected[i])) {
    throw new ShapeMismatchError(fn, `output '${name}' has shape [${dims.join(', ')}], expected [${expected.join(', ')}] (check the adapter's options against the export)`, dims);
  }
  const data = t.data;
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
    throw new ShapeMismatchError(fn, `output '${name}' must be float32 or float64, found ${t.type}`, t.type);
  }
  return data;
}

/** A fixed size of axis `axis` of a session input/output in its shape metadata, or undefined. */
export function fixedDim(session: OnnxSessionLike, kind: 'input' | 'output', name: string, axis: number): number | undefined {
  const meta = kind === 'input' ? session.inputMetadata : session.outputMetadata;
  if (!Array.isArray(meta)) return undefined;
  const entry = (meta as readonly { name?: unknown; shape?: unknown }[]).find((m) => m !== null && typeof m === 'object' && m.name === name);
  const shape = entry?.shape;
  if (!Array.isArray(shape)) return undefined;
  const at = axis < 0 ? shape.length + axis : axis;
  const v: unknown = shape[at];
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

/** The element type of a session input in its metadata, or undefined. */
export function inputType(session: OnnxSessionLike, name: string): string | undefined {
  const meta = session.inputMetadata;
  if (!Array.isArray(meta)) return undefined;
  const entry = (meta as readonly { name?: unknown; type?: unknown }[]).find((m) => m !== null && typeof m === 'object' && m.name === name);
  return typeof entry?.type === 'string' ? entry.type : undefined;
}

/** Whether `x` looks like an ONNX Runtime session. */
export function isSession(x: unknown): x is OnnxSessionLike {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof (x as OnnxSessionLike).run === 'function' &&
    Array.isArray((x as OnnxSessionLike).inputNames) &&
    Array.isArray((x as OnnxSessionLike).outputNames)
  );
}

const queues = new WeakMap<object, Promise<unknown>>();

/**
 * Run `task` after every earlier task on the same session has settled: ONNX Runtime Web does not
 * allow concurrent `run` calls on one session.
 */
export function runExclusive<T>(session: object, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(session) ?? Promise.resolve();
  const next = previous.then(task, task);
  queues.set(
    session,
    next.catch(() => undefined),
  );
  return next;
}

/** Validate special token ids (integers in `[0, vocabSize)` when the size is known) and copy them. */
export function checkSpecialTokens(fn: string, value: unknown, vocabSize: number | undefined): SpecialTokens | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputTypeError(fn, 'options.specialTokens must be an object of token ids', value);
  }
  const out: Record<string, number> = {};
  for (const [key, id] of Object.entries(value as Record<string, unknown>)) {
    if (!['pad', 'unk', 'cls', 'mask', 'sep'].includes(key)) throw new InputTypeError(fn, `options.specialTokens has an unknown key '${key}'`, key);
    if (id === undefined) continue;
    if (typeof id !== 'number' || !Number.isInteger(id)) throw new InputTypeError(fn, `options.specialTokens.${key} must be an integer token id`, id);
    if (id < 0 || (vocabSize !== undefined && id >= vocabSize)) {
      throw new InputRangeError(fn, `options.specialTokens.${key} must be in [0, ${vocabSize ?? 'Infinity'})`, id);
    }
    out[key] = id;
  }
  return Object.freeze(out) as SpecialTokens;
}
