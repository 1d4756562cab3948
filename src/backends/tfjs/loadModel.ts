import { InputTypeError } from '../../errors/index.js';
import { nodeModules } from './nodeModules.js';
import { deserializeModel } from './deserializeModel.js';
import type { LoadedModel } from './deserializeModel.js';
import type { ModelFile } from './serializeModel.js';
import { stripModelExtension } from './saveModel.js';

/**
 * Read a model written by {@link saveModel}: `<name>.json` and the weights file it names (next to
 * it). Node only (uses `node:fs`, imported on first call); browsers use {@link deserializeModel}.
 * Needs a ready backend (`await initBackend()`).
 *
 * @param path - `<name>` or `<name>.json`.
 * @returns `{ model, tokenizer?, metadata? }`; the caller owns (and disposes) the model.
 * @throws InputTypeError if `path` is not a non-empty string (and as {@link deserializeModel}).
 * @throws Error from `node:fs` if a file cannot be read.
 * @example
 * const { model, tokenizer } = await loadModel('examples/models/spam-transformer');
 * const tok = Tokenizer.fromJSON(tokenizer!);
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  if (typeof path !== 'string' || path.length === 0) throw new InputTypeError('loadModel', 'path must be a non-empty string', path);
  const { fs, path: nodePath } = await nodeModules('loadModel');
  const jsonPath = `${stripModelExtension(path)}.json`;
  const json = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as ModelFile;
  if (json === null || typeof json !== 'object' || typeof json.weightsFile !== 'string') {
    throw new InputTypeError('loadModel', `${jsonPath} is not a faithcheck tfjs model file`, json);
  }
  const weights = await fs.readFile(nodePath.join(nodePath.dirname(jsonPath), nodePath.basename(json.weightsFile)));
  return deserializeModel(json, weights);
}
