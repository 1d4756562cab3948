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
 *   buffer is too short.
 * @example
 * const { model } = deserializeModel(json, weights);
 */
export function deserializeModel(json: ModelFile | string, weights: ArrayBuffer | ArrayBufferView): LoadedModel {
  const fn = 'deserializeModel';
  let file: ModelFile;
  if (typeof json === 'string') {
    try {
      file = JSON.parse(json) as ModelFile;
    } catch (cause) {
      throw new InputTypeError(fn, `json is not valid JSON (${(cause as Error).message})`, json);
    }
  } else {
    file = json;
  }
  if (file === null || typeof file !== 'object') throw new InputTypeError(fn, 'json must be a model file manifest', file);
  if (file.format !== MODEL_FILE_FORMAT) throw new InputTypeError(fn, `json.format must be '${MODEL_FILE_FORMAT}'`, file.format);
  if (file.version !== 1) throw new InputTypeError(fn, 'unsupported model file version', file.version);
  if (file.dtype !== 'float32' || file.byteOrder !== 'little-endian') {
    throw new InputTypeError(fn, "json.dtype must be 'float32' and json.byteOrder 'little-endian'", [file.dtype, file.byteOrder]);
  }
  if (!Array.isArray(file.weights)) throw new InputTypeError(fn, 'json.weights must be an array', file.weights);
  let bytes: DataView;
  if (weights instanceof ArrayBuffer) bytes = new DataView(weights);
  else if (ArrayBuffer.isView(weights)) bytes = new DataView(weights.buffer, weights.byteOffset, weights.byteLength);
  else throw new InputTypeError(fn, 'weights must be an ArrayBuffer or a byte view', weights);

  let model: TfjsClassifier;
  if (file.kind === 'transformer') model = new TransformerClassifier(file.config as TransformerClassifierConfig);
  else if (file.kind === 'attention-rnn') model = new AttentionRnnClassifier(file.config as AttentionRnnClassifierConfig);
  else throw new InputTypeError(fn, "json.kind must be 'transformer' or 'attention-rnn'", file.kind);

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
