import { InputTypeError } from '../../errors/index.js';
import { checkEnum } from '../../internal/options.js';
import type { LoadedModel } from './deserializeModel.js';
import { loadModel } from './loadModel.js';
import { nodeModules } from './nodeModules.js';

/** Names of the reference models shipped in the package (trained by `npm run train`, see docs/tfjs.md). */
export type PretrainedModelName = 'spam-transformer' | 'spam-bilstm' | 'planted-transformer' | 'planted-bilstm';

/**
 * The models {@link loadPretrained} knows, in a fixed order: the SpamAssassin Transformer and
 * attention-RNN (BiLSTM + additive attention, Jain & Wallace), and the same two architectures trained on
 * the planted-token task (`faithcheck/data`'s `plantedTokenTask`, decisive positions known).
 */
export const PRETRAINED_MODELS: readonly PretrainedModelName[] = Object.freeze([
  'spam-transformer',
  'spam-bilstm',
  'planted-transformer',
  'planted-bilstm',
]);

/** Folder of the shipped models, relative to the package root (listed in package.json "files"). */
const MODELS_DIR = 'examples/models';

/**
 * URL of this module: `import.meta.url` in the ESM build and from the sources; the CJS build (where
 * esbuild leaves `import.meta` empty) uses `__filename`, which is this bundle file.
 */
function moduleUrl(): string | undefined {
  const here: string | undefined = import.meta.url;
  if (typeof here === 'string' && here !== '') return here;
  if (typeof __filename === 'string') return `file://${__filename.startsWith('/') ? '' : '/'}${__filename.replace(/\\/g, '/')}`;
  return undefined;
}

/**
 * Absolute path (without extension) of a shipped model: walks up from this module (the sources under
 * `src/backends/tfjs/`, or a bundle under `dist/`) to the directory whose package.json is faithcheck's.
 * Node only.
 *
 * @param name - one of {@link PRETRAINED_MODELS}.
 * @returns `<package root>/examples/models/<name>`, usable with {@link loadModel}.
 * @throws InputTypeError if `name` is not a shipped model.
 * @throws Error if the package root cannot be found (e.g. in a browser bundle).
 */
async function pretrainedModelPath(name: PretrainedModelName): Promise<string> {
  const fn = 'loadPretrained';
  checkEnum(fn, 'name', name, PRETRAINED_MODELS);
  const { fs, path } = await nodeModules(fn);
  const url = moduleUrl();
  if (url === undefined) throw new Error(`${fn}: cannot locate the faithcheck package (no module URL)`);
  const urlName = 'node:url';
  const { fileURLToPath } = (await import(/* @vite-ignore */ urlName)) as typeof import('node:url');
  let dir = path.dirname(fileURLToPath(url));
  for (;;) {
    try {
      const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'faithcheck') return path.join(dir, MODELS_DIR, name);
    } catch {
      // no (readable) package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${fn}: cannot find the faithcheck package root above ${fileURLToPath(url)}`);
    dir = parent;
  }
}

/**
 * Load one of the reference models shipped inside the installed package, by name — no path relative to
 * the working directory. The files live in the package's `examples/models/` folder (found from this
 * module's own location, in the ESM and CJS builds alike) and are read with {@link loadModel}. Node only.
 * Needs a ready backend (`await initBackend()`).
 *
 * | name | model | data |
 * |---|---|---|
 * | `'spam-transformer'` | Transformer, 2 layers × 4 heads, d = 64, [CLS] read-out, ≤ 128 tokens | SpamAssassin (`faithcheck/data`) |
 * | `'spam-bilstm'` | BiLSTM + additive attention (Jain & Wallace), d = 64 | SpamAssassin |
 * | `'planted-transformer'` | Transformer, 2 layers × 2 heads, d = 32, 16 tokens | planted-token task (decisive positions known) |
 * | `'planted-bilstm'` | BiLSTM + additive attention, d = 32 | planted-token task |
 *
 * Each model carries its tokenizer (spam models) and the metadata of its training run (data recipe,
 * options, metrics); see docs/tfjs.md.
 *
 * @param name - one of {@link PRETRAINED_MODELS}.
 * @returns `{ model, tokenizer?, metadata? }`; the caller owns (and disposes) the model.
 * @throws InputTypeError if `name` is not one of {@link PRETRAINED_MODELS}.
 * @throws Error if the package's model files cannot be found or read.
 * @example
 * import { initBackend, loadPretrained, tfjsAdapter } from 'faithcheck/tfjs';
 * await initBackend();
 * const { model, tokenizer } = await loadPretrained('spam-transformer');
 * const adapter = tfjsAdapter(model);
 * adapter.info.numClasses; // => 2
 */
export async function loadPretrained(name: PretrainedModelName): Promise<LoadedModel> {
  if (typeof name !== 'string') throw new InputTypeError('loadPretrained', 'name must be a string', name);
  return loadModel(await pretrainedModelPath(name));
}
