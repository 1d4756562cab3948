import { InputTypeError } from '../../errors/index.js';
import { checkDeclaredSize, checkManifest, parseManifest, readModelFile } from './deserializeModel.js';
import type { LoadedModel } from './deserializeModel.js';
import { fileError, nodeModules, withIoTimeout } from './nodeModules.js';
import { stripModelExtension } from './saveModel.js';

/**
 * Read a model written by {@link saveModel}: `<name>.json` and the weights file it names (next to
 * it). Node only (uses `node:fs`, imported on first call); browsers use {@link deserializeModel}.
 * Needs a ready backend (`await initBackend()`).
 *
 * Before anything is allocated, the sizes the manifest and its config declare are checked against
 * the weights file's size, so a small or corrupted manifest that declares a huge model fails fast.
 * Every problem with the files' contents is a typed error naming `loadModel`.
 *
 * @param path - `<name>` or `<name>.json`.
 * @returns `{ model, tokenizer?, metadata? }`; the caller owns (and disposes) the model.
 * @throws InputTypeError if `path` is not a non-empty string, the manifest is not valid JSON (e.g. a
 *   truncated file) or not a faithcheck tfjs model file.
 * @throws ShapeMismatchError if the weights file is smaller than the manifest declares (truncated,
 *   or a manifest declaring a larger model), or does not match the model its config describes.
 * @throws Error (`loadModel: …`, with `code` and `cause`) if a file cannot be read.
 * @example
 * const { model, tokenizer } = await loadModel('examples/models/spam-transformer');
 * const tok = Tokenizer.fromJSON(tokenizer!);
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  const fn = 'loadModel';
  if (typeof path !== 'string' || path.length === 0) throw new InputTypeError(fn, 'path must be a non-empty string', path);
  if (path.includes('\0')) throw new InputTypeError(fn, 'path must not contain NUL characters', path);
  const { fs, path: nodePath } = await nodeModules(fn);
  const jsonPath = `${stripModelExtension(path)}.json`;
  let text: string;
  try {
    text = await withIoTimeout(fn, `reading ${jsonPath}`, fs.readFile(jsonPath, 'utf8'));
  } catch (cause) {
    throw fileError(fn, 'cannot read the model manifest', jsonPath, cause);
  }
  const json = parseManifest(fn, text, jsonPath);
  if (json === null || typeof json !== 'object' || typeof (json as { weightsFile?: unknown }).weightsFile !== 'string') {
    throw new InputTypeError(fn, `${jsonPath} is not a faithcheck tfjs model file`, json);
  }
  checkManifest(fn, json);
  const weightsPath = nodePath.join(nodePath.dirname(jsonPath), nodePath.basename(json.weightsFile));
  let size: number;
  try {
    size = (await withIoTimeout(fn, `checking ${weightsPath}`, fs.stat(weightsPath))).size;
  } catch (cause) {
    throw fileError(fn, 'cannot read the weights file', weightsPath, cause);
  }
  checkDeclaredSize(fn, json, size);
  let weights: Uint8Array;
  try {
    weights = await withIoTimeout(fn, `reading ${weightsPath}`, fs.readFile(weightsPath));
  } catch (cause) {
    throw fileError(fn, 'cannot read the weights file', weightsPath, cause);
  }
  return readModelFile(fn, json, weights);
}
