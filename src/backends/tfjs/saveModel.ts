import { InputTypeError } from '../../errors/index.js';
import { ensureDirectory, fileError, nodeModules, withIoTimeout } from './nodeModules.js';
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
 * on first call; missing directories are created one level at a time). Browsers use
 * {@link serializeModel}.
 *
 * File-system failures reject promptly with an `Error` whose message starts with `saveModel:` and
 * names the path (the `node:fs` error is its `cause`, its `code` is copied): a directory that
 * cannot be created (e.g. under `/proc`, where a recursive `mkdir` would never settle), a path
 * through a file, no permission. Each file-system step is bounded by a time limit (60 s), so a
 * stalled file system fails instead of hanging.
 *
 * @param model - a reference model.
 * @param path - `<name>` or `<name>.json`; the two files go next to each other.
 * @param extras - optional `tokenizer` JSON and `metadata`.
 * @returns the two paths written.
 * @throws InputTypeError if `path` is not a non-empty string (and as {@link serializeModel}).
 * @throws Error (`saveModel: …`, with `code` and `cause`) if a directory or file cannot be written.
 * @example
 * await saveModel(model, 'examples/models/spam-transformer', { tokenizer: tokenizer.toJSON() });
 * // => { json: 'examples/models/spam-transformer.json', weights: 'examples/models/spam-transformer.bin' }
 */
export async function saveModel(model: TfjsClassifier, path: string, extras?: ModelExtras): Promise<SavedModelPaths> {
  const fn = 'saveModel';
  if (typeof path !== 'string' || path.length === 0) throw new InputTypeError(fn, 'path must be a non-empty string', path);
  if (path.includes('\0')) throw new InputTypeError(fn, 'path must not contain NUL characters', path);
  const { fs, path: nodePath } = await nodeModules(fn);
  const base = stripModelExtension(path);
  const paths = { json: `${base}.json`, weights: `${base}.bin` };
  const { json, weights } = serializeModel(model, extras, nodePath.basename(paths.weights));
  await ensureDirectory(fn, fs, nodePath, nodePath.dirname(base));
  try {
    await withIoTimeout(fn, `writing ${paths.weights}`, fs.writeFile(paths.weights, new Uint8Array(weights)));
    await withIoTimeout(fn, `writing ${paths.json}`, fs.writeFile(paths.json, `${JSON.stringify(json, null, 1)}\n`));
  } catch (cause) {
    throw fileError(fn, 'cannot write the model files', base, cause);
  }
  return paths;
}
