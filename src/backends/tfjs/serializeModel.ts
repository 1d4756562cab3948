import { InputTypeError } from '../../errors/index.js';
import type { TokenizerJSON } from '../../data/types.js';
import type { AttentionRnnClassifierConfig, ClassifierKind, ModelExtras, TfjsClassifier, TransformerClassifierConfig } from './types.js';

/** Value of `format` in a faithcheck tfjs model file. */
export const MODEL_FILE_FORMAT = 'faithcheck-tfjs-model';

/** One entry of a model file's weight manifest. */
export interface WeightManifestEntry {
  /** Weight name, e.g. `'layer0/attention/query/kernel'`. */
  readonly name: string;
  /** Shape; the entry holds `∏ shape` float32 values, row-major. */
  readonly shape: readonly number[];
  /** Byte offset of the first value in the weights buffer (a multiple of 4). */
  readonly offset: number;
}

/**
 * The JSON half of a model file (`<name>.json`). The weights half (`<name>.bin`, or the
 * `ArrayBuffer` of {@link serializeModel}) is the concatenation of every weight's values as
 * little-endian IEEE-754 float32, in manifest order, without padding.
 */
export interface ModelFile {
  readonly format: typeof MODEL_FILE_FORMAT;
  readonly version: 1;
  /** Which class to rebuild: `'transformer'` or `'attention-rnn'`. */
  readonly kind: ClassifierKind;
  /** The model's resolved configuration (the constructor argument). */
  readonly config: TransformerClassifierConfig | AttentionRnnClassifierConfig;
  /** Always `'float32'`. */
  readonly dtype: 'float32';
  /** Always `'little-endian'`. */
  readonly byteOrder: 'little-endian';
  /** File name of the weights, relative to the JSON file (`saveModel`); informational otherwise. */
  readonly weightsFile: string;
  /** Total byte length of the weights buffer. */
  readonly byteLength: number;
  /** Weights in declaration order. */
  readonly weights: readonly WeightManifestEntry[];
  /** Tokenizer JSON (`faithcheck/data`'s `Tokenizer#toJSON()`), when saved with one. */
  readonly tokenizer?: TokenizerJSON;
  /** Free-form JSON metadata, when saved with some. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Result of {@link serializeModel}. */
export interface SerializedModel {
  /** The manifest (write it with `JSON.stringify`). */
  readonly json: ModelFile;
  /** The weights, little-endian float32. */
  readonly weights: ArrayBuffer;
}

/**
 * Serialise a model to a JSON manifest and a weights buffer, without touching the file system
 * (browsers, custom storage). {@link saveModel} writes the same two parts to `<name>.json` and
 * `<name>.bin`.
 *
 * @param model - a reference model.
 * @param extras - optional `tokenizer` JSON and `metadata` to store alongside.
 * @param weightsFile - the name recorded in `weightsFile`. Default `'weights.bin'`.
 * @returns `{ json, weights }`.
 * @throws InputTypeError if `model` is not a faithcheck tfjs model or `extras` is malformed.
 * @example
 * const { json, weights } = serializeModel(model, { tokenizer: tokenizer.toJSON() });
 * json.weights[0]; // => { name: 'embeddings/token', shape: [8000, 64], offset: 0 }
 */
export function serializeModel(model: TfjsClassifier, extras?: ModelExtras, weightsFile = 'weights.bin'): SerializedModel {
  const fn = 'serializeModel';
  if (model === null || typeof model !== 'object' || typeof model.getWeights !== 'function') {
    throw new InputTypeError(fn, 'model must be a faithcheck tfjs model', model);
  }
  if (extras !== undefined && (extras === null || typeof extras !== 'object')) throw new InputTypeError(fn, 'extras must be an object', extras);
  if (extras?.metadata !== undefined && (extras.metadata === null || typeof extras.metadata !== 'object')) {
    throw new InputTypeError(fn, 'extras.metadata must be an object', extras.metadata);
  }
  if (extras?.tokenizer !== undefined && (extras.tokenizer === null || typeof extras.tokenizer !== 'object')) {
    throw new InputTypeError(fn, 'extras.tokenizer must be a tokenizer JSON object', extras.tokenizer);
  }
  const weights = model.getWeights();
  const byteLength = weights.reduce((sum, w) => sum + 4 * w.data.length, 0);
  const buffer = new ArrayBuffer(byteLength);
  const view = new DataView(buffer);
  const manifest: WeightManifestEntry[] = [];
  let offset = 0;
  for (const w of weights) {
    manifest.push({ name: w.name, shape: [...w.shape], offset });
    for (let i = 0; i < w.data.length; i++) view.setFloat32(offset + 4 * i, w.data[i]!, true);
    offset += 4 * w.data.length;
  }
  const json: ModelFile = {
    format: MODEL_FILE_FORMAT,
    version: 1,
    kind: model.kind,
    config: { ...model.config },
    dtype: 'float32',
    byteOrder: 'little-endian',
    weightsFile,
    byteLength,
    weights: manifest,
    ...(extras?.tokenizer === undefined ? {} : { tokenizer: extras.tokenizer }),
    ...(extras?.metadata === undefined ? {} : { metadata: extras.metadata }),
  };
  return { json, weights: buffer };
}
