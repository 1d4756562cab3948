import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import type { TokenizerJSON } from '../../data/types.js';
import { AttentionRnnClassifier } from './AttentionRnnClassifier.js';
import { MODEL_FILE_FORMAT } from './serializeModel.js';
import type { ModelFile } from './serializeModel.js';
import { TransformerClassifier } from './TransformerClassifier.js';
import type { AttentionRnnClassifierConfig, NamedWeight, TfjsClassifier, TransformerClassifierConfig } from './types.js';

/** Result of {@link deserializeModel} and {@link loadModel}. */
export interface LoadedModel {
  /** The rebuilt model (the caller owns it: `model.dispose()` when done). */
  readonly model: TfjsClassifier;
  /** The tokenizer JSON stored with the model (`Tokenizer.fromJSON(tokenizer)` in `faithcheck/data`). */
  readonly tokenizer?: TokenizerJSON;
  /** The metadata stored with the model. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Rebuild a model from a {@link ModelFile} manifest and its weights buffer (the inverse of
 * {@link serializeModel}; works in browsers). Weights round-trip bit for bit, so the rebuilt model
 * gives identical outputs on the same backend. Needs a ready backend (`await initBackend()`).
 *
 * @param json - the manifest, as an object or a JSON string.
 * @param weights - the little-endian float32 weights (`ArrayBuffer` or any byte view, e.g. a Node `Buffer`).
 * @returns `{ model, tokenizer?, metadata? }`.
 * @throws InputTypeError if the manifest is not a faithcheck tfjs model file (format, version, kind).
 * @throws ShapeMismatchError if the manifest does not match the model its config describes, or the
 *   buffer is too short — checked against the sizes the manifest and its config declare **before**
 *   the model is built, so a small manifest declaring a huge model fails fast.
 * @example
 * const { model } = deserializeModel(json, weights);
 */
export function deserializeModel(json: ModelFile | string, weights: ArrayBuffer | ArrayBufferView): LoadedModel {
  return readModelFile('deserializeModel', json, weights);
}

/**
 * A lower bound on the number of float32 values the model described by `config` allocates: the
 * dominant weight matrices of each kind (embedding table; transformer positions, attention and
 * feed-forward kernels; RNN encoder kernels). Fields that are not positive numbers count as 0 (the
 * constructor rejects them). Used to refuse a manifest whose config declares a model far larger
 * than its weights before anything is allocated.
 */
function declaredWeightCount(kind: unknown, config: unknown): number {
  if (config === null || typeof config !== 'object') return 0;
  const c = config as Record<string, unknown>;
  const num = (key: string): number => {
    const v = c[key];
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
  };
  const d = num('embeddingDim');
  let count = num('vocabSize') * d;
  if (kind === 'transformer') {
    count += num('maxLength') * d + num('layers') * (4 * d * d + 2 * d * num('ffDim'));
  } else if (kind === 'attention-rnn') {
    const h = num('hiddenDim');
    count += c['encoder'] === 'bilstm' ? 2 * (4 * d * h + 4 * h * h) : d * h;
  }
  return count;
}

/** Most entries a manifest's weight list may have. */
const MAX_WEIGHT_ENTRIES = 2 ** 16;

/** Check that the weights the manifest and its config declare fit in `byteLength` bytes (before allocating). */
export function checkDeclaredSize(fn: string, file: ModelFile, byteLength: number): void {
  const needed = declaredWeightCount(file.kind, file.config);
  if (4 * needed > byteLength) {
    throw new ShapeMismatchError(
      fn,
      `the model's config declares at least ${needed} float32 weights (${4 * needed} bytes), but the weights hold only ${byteLength} bytes`,
      byteLength,
    );
  }
  if (Array.isArray(file.weights)) {
    let listed = 0;
    for (const entry of file.weights as unknown[]) {
      const shape = (entry as { shape?: unknown } | null)?.shape;
      if (!Array.isArray(shape)) continue;
      listed += shape.reduce((a: number, b: unknown) => a * (typeof b === 'number' && b > 0 ? b : 0), 1);
    }
    if (4 * listed > byteLength) {
      throw new ShapeMismatchError(fn, `the manifest lists ${listed} float32 weights (${4 * listed} bytes), but the weights hold only ${byteLength} bytes`, byteLength);
    }
  }
}

/** Parse a manifest given as a JSON string (typed error naming `fn` when it is not valid JSON). */
export function parseManifest(fn: string, json: unknown, source = 'json'): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json) as unknown;
  } catch (cause) {
    throw new InputTypeError(fn, `${source} is not valid JSON — truncated or not a model file? (${(cause as Error).message})`, json.length > 200 ? `${json.slice(0, 200)}…` : json);
  }
}

/** Validate the manifest's fixed fields (format, version, dtype, weights list). */
export function checkManifest(fn: string, file: unknown): asserts file is ModelFile {
  if (file === null || typeof file !== 'object' || Array.isArray(file)) throw new InputTypeError(fn, 'json must be a model file manifest', file);
  const f = file as Partial<ModelFile>;
  if (f.format !== MODEL_FILE_FORMAT) throw new InputTypeError(fn, `json.format must be '${MODEL_FILE_FORMAT}'`, f.format);
  if (f.version !== 1) throw new InputTypeError(fn, 'unsupported model file version', f.version);
  if (f.dtype !== 'float32' || f.byteOrder !== 'little-endian') {
    throw new InputTypeError(fn, "json.dtype must be 'float32' and json.byteOrder 'little-endian'", [f.dtype, f.byteOrder]);
  }
  if (!Array.isArray(f.weights)) throw new InputTypeError(fn, 'json.weights must be an array', f.weights);
  // A model has a few entries per layer (layers ≤ 256): anything longer is not a model file, and is
  // rejected before the list is walked.
  if (f.weights.length > MAX_WEIGHT_ENTRIES) {
    throw new ShapeMismatchError(fn, `json.weights lists ${f.weights.length} entries, more than any faithcheck model has (${MAX_WEIGHT_ENTRIES})`, f.weights.length);
  }
  if (f.kind !== 'transformer' && f.kind !== 'attention-rnn') throw new InputTypeError(fn, "json.kind must be 'transformer' or 'attention-rnn'", f.kind);
}

/** {@link deserializeModel} with errors naming `fn` (`loadModel` uses it). */
export function readModelFile(fn: string, json: ModelFile | string, weights: ArrayBuffer | ArrayBufferView): LoadedModel {
  const file = parseManifest(fn, json);
  checkManifest(fn, file);
  let bytes: DataView;
  if (weights instanceof ArrayBuffer) bytes = new DataView(weights);
  else if (ArrayBuffer.isView(weights)) bytes = new DataView(weights.buffer, weights.byteOffset, weights.byteLength);
  else throw new InputTypeError(fn, 'weights must be an ArrayBuffer or a byte view', weights);
  checkDeclaredSize(fn, file, bytes.byteLength);

  let model: TfjsClassifier;
  if (file.kind === 'transformer') model = new TransformerClassifier(file.config as TransformerClassifierConfig);
  else model = new AttentionRnnClassifier(file.config as AttentionRnnClassifierConfig);

  try {
    const specs = model.weightSpecs;
    if (file.weights.length !== specs.length) {
      throw new ShapeMismatchError(fn, `the manifest lists ${file.weights.length} weights; the model needs ${specs.length}`, file.weights.length);
    }
    const named: NamedWeight[] = file.weights.map((entry, i) => {
      const spec = specs[i]!;
      if (entry === null || typeof entry !== 'object' || entry.name !== spec.name) {
        throw new ShapeMismatchError(fn, `weight ${i} must be '${spec.name}'`, entry?.name);
      }
      if (!Array.isArray(entry.shape) || entry.shape.length !== spec.shape.length || (entry.shape as readonly number[]).some((d, k) => d !== spec.shape[k])) {
        throw new ShapeMismatchError(fn, `weight '${spec.name}' must have shape [${spec.shape.join(', ')}]`, entry.shape);
      }
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const offset = entry.offset;
      if (!Number.isInteger(offset) || offset < 0 || offset % 4 !== 0) {
        throw new InputRangeError(fn, `weight '${spec.name}' has an invalid byte offset`, offset);
      }
      if (offset + 4 * size > bytes.byteLength) {
        throw new ShapeMismatchError(fn, `the weights buffer (${bytes.byteLength} bytes) is too short for '${spec.name}'`, bytes.byteLength);
      }
      const data = new Float32Array(size);
      for (let k = 0; k < size; k++) data[k] = bytes.getFloat32(offset + 4 * k, true);
      return { name: spec.name, shape: spec.shape, data };
    });
    model.setWeights(named);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return {
    model,
    ...(file.tokenizer === undefined ? {} : { tokenizer: file.tokenizer }),
    ...(file.metadata === undefined ? {} : { metadata: file.metadata }),
  };
}
