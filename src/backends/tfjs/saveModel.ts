import { InputTypeError } from '../../errors/index.js';
import { nodeModules } from './nodeModules.js';
import { serializeModel } from './serializeModel.js';
import type { ModelExtras, TfjsClassifier } from './types.js';

/** Paths written by {@link saveModel}. */
export interface SavedModelPaths {
  /** `<name>.json`: the manifest ({@link ModelFile}). */
  readonly json: string;
  /** `<name>.bin`: little-endian float32 weights. */
  readonly weights: string;
}

/** `path` without a trailing `.json` or `.bin`. */
export function stripModelExtension(path: string): string {
  return path.replace(/\.(json|bin)$/, '');
}

/**
 * Write a model to `<name>.json` (manifest: kind, config, weight manifest, optional tokenizer JSON
 * and metadata) and `<name>.bin` (little-endian float32 weights), in Node (uses `node:fs`, imported
 * on first call; the directory is created if needed). Browsers use {@link serializeModel}.
 *
 * @param model - a reference model.
 * @param path - `<name>` or `<name>.json`; the two files go next to each other.
 * @param extras - optional `tokenizer` JSON and `metadata`.
 * @returns the two paths written.
 * @throws InputTypeError if `path` is not a non-empty string (and as {@link serializeModel}).
 * @example
 * await saveModel(model, 'examples/models/spam-transformer', { tokenizer: tokenizer.toJSON() });
 * // => { json: 'examples/models/spam-transformer.json', weights: 'examples/models/spam-transformer.bin' }
 */
export async function saveModel(model: TfjsClassifier, path: string, extras?: ModelExtras): Promise<SavedModelPaths> {
  if (typeof path !== 'string' || path.length === 0) throw new InputTypeError('saveModel', 'path must be a non-empty string', path);
  const { fs, path: nodePath } = await nodeModules('saveModel');
  const base = stripModelExtension(path);
  const paths = { json: `${base}.json`, weights: `${base}.bin` };
  const { json, weights } = serializeModel(model, extras, nodePath.basename(paths.weights));
  await fs.mkdir(nodePath.dirname(base), { recursive: true });
  await fs.writeFile(paths.weights, new Uint8Array(weights));
  await fs.writeFile(paths.json, `${JSON.stringify(json, null, 1)}\n`);
  return paths;
}
