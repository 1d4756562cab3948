import { InputTypeError } from '../../errors/index.js';
import { checkOptions } from '../../internal/options.js';
import type { TokenizerJSON } from '../../data/types.js';
import type { ModelAdapter } from '../../types/adapter.js';
import { importOrt, nodeFiles } from './internal/modules.js';
import { onnxAdapter } from './onnxAdapter.js';
import type { OnnxAdapterOptions, OnnxModelFile, OnnxSessionLike, OrtModuleLike } from './types.js';

/** Options of {@link loadOnnxModel}. */
export interface LoadOnnxModelOptions {
  /**
   * The ONNX Runtime module to create the sessions with, e.g. `await import('onnxruntime-node')`.
   * Default: `onnxruntime-web`, imported on first use (an optional peer dependency).
   */
  readonly ort?: OrtModuleLike;
  /** Passed to `InferenceSession.create` (e.g. `{ executionProviders: ['wasm'] }`). */
  readonly sessionOptions?: Readonly<Record<string, unknown>>;
  /**
   * Adapter options merged over the sidecar's `adapter` (names, sizes, layout). Without a sidecar
   * they must describe the export; `embeddings` is required then (a table, or a session you created).
   */
  readonly adapter?: Partial<OnnxAdapterOptions>;
}

/** Result of {@link loadOnnxModel}. */
export interface LoadedOnnxModel {
  /** The adapter; its `dispose()` releases the sessions created by `loadOnnxModel` (not one passed in `options.adapter.embeddings`). */
  readonly adapter: ModelAdapter;
  /** The model's session. */
  readonly session: OnnxSessionLike;
  /** The embedding-only session, when the sidecar names one. */
  readonly embeddingSession?: OnnxSessionLike;
  /** The tokenizer JSON from the sidecar (`Tokenizer.fromJSON(tokenizer)` in `faithcheck/data`). */
  readonly tokenizer?: TokenizerJSON;
  /** The sidecar's metadata. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** `<name>.onnx` → the model path and its sidecar path; a `.onnx.json` path is taken as the sidecar. */
function pathsOf(path: string): { model: string; sidecar: string } {
  if (path.endsWith('.onnx.json')) return { model: path.slice(0, -'.json'.length), sidecar: path };
  if (path.endsWith('.onnx')) return { model: path, sidecar: `${path}.json` };
  return { model: `${path}.onnx`, sidecar: `${path}.onnx.json` };
}

/**
 * Load an ONNX classifier from disk (Node) and wrap it with {@link onnxAdapter}: the entry point of
 * the CLI's `--model path/to/model.onnx`.
 *
 * Reads `<name>.onnx` and, when present, the sidecar `<name>.onnx.json` ({@link OnnxModelFile}: the
 * adapter options, the embedding-only model `<embeddings.model>` next to it, the tokenizer and
 * metadata), creates the sessions with `onnxruntime-web` (WASM, no install script; or the module in
 * `options.ort`), and returns the adapter, whose `dispose()` releases them. The committed
 * `examples/models/spam-transformer.onnx` has such a sidecar.
 *
 * @param path - `<name>.onnx`, `<name>.onnx.json` or `<name>`.
 * @param options - the ONNX Runtime module, session options and adapter options (see {@link LoadOnnxModelOptions}).
 * @returns `{ adapter, session, embeddingSession?, tokenizer?, metadata? }`.
 * @throws InputTypeError if `path` is not a non-empty string, an option is unknown, the sidecar is not a
 *   faithcheck ONNX model file, or there is no sidecar and `options.adapter.embeddings` is missing;
 *   errors of {@link onnxAdapter} for inconsistent options.
 * @throws Error if a file cannot be read, `onnxruntime-web` is not installed, or ONNX Runtime rejects the model.
 * @example
 * const { adapter, tokenizer } = await loadOnnxModel('examples/models/spam-transformer.onnx');
 * const ids = Tokenizer.fromJSON(tokenizer).encode('WIN a FREE cruise now!!! Claim your cash prize, click here');
 * const e = await adapter.embed(ids);
 * const { outputs } = await adapter.forward({ data: e.data, shape: [1, ...e.shape] });
 * outputs.data[1] > 0.5; // => true   (spam)
 * adapter.dispose();
 */
export async function loadOnnxModel(path: string, options?: LoadOnnxModelOptions): Promise<LoadedOnnxModel> {
  const fn = 'loadOnnxModel';
  if (typeof path !== 'string' || path.length === 0) throw new InputTypeError(fn, 'path must be a non-empty string', path);
  const opts = checkOptions<LoadOnnxModelOptions>(fn, options, ['ort', 'sessionOptions', 'adapter']);
  if (opts.adapter !== undefined && (opts.adapter === null || typeof opts.adapter !== 'object')) {
    throw new InputTypeError(fn, 'options.adapter must be an object of onnxAdapter options', opts.adapter);
  }
  const { fs, path: nodePath } = await nodeFiles(fn);
  const paths = pathsOf(path);
  let sidecar: OnnxModelFile | undefined;
  try {
    sidecar = JSON.parse(await fs.readFile(paths.sidecar, 'utf8')) as OnnxModelFile;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
  }
  if (sidecar !== undefined && (sidecar === null || typeof sidecar !== 'object' || sidecar.format !== 'faithcheck-onnx-model' || sidecar.version !== 1)) {
    throw new InputTypeError(fn, `${paths.sidecar} is not a faithcheck ONNX model file (format 'faithcheck-onnx-model', version 1)`, (sidecar as { format?: unknown } | null)?.format);
  }
  if (sidecar === undefined && opts.adapter?.embeddings === undefined) {
    throw new InputTypeError(fn, `no sidecar ${paths.sidecar}: pass options.adapter with at least embeddings (and the sizes the export does not fix)`, paths.sidecar);
  }
  if (sidecar !== undefined && sidecar.embeddings === undefined && opts.adapter?.embeddings === undefined) {
    throw new InputTypeError(fn, `${paths.sidecar} names no embedding model: pass options.adapter.embeddings`, sidecar.embeddings);
  }
  const ort = opts.ort ?? (await importOrt(fn));
  if (ort.InferenceSession === undefined) throw new InputTypeError(fn, 'options.ort must be the onnxruntime module (InferenceSession, Tensor)', ort);
  const dir = nodePath.dirname(paths.model);
  const modelFile = sidecar === undefined ? paths.model : nodePath.join(dir, nodePath.basename(sidecar.model));
  const create = async (file: string): Promise<OnnxSessionLike> => ort.InferenceSession!.create(new Uint8Array(await fs.readFile(file)), opts.sessionOptions ?? {});

  const session = await create(modelFile);
  let embeddingSession: OnnxSessionLike | undefined;
  try {
    const emb = sidecar?.embeddings;
    if (emb !== undefined && opts.adapter?.embeddings === undefined) embeddingSession = await create(nodePath.join(dir, nodePath.basename(emb.model)));
    const embeddings =
      opts.adapter?.embeddings ??
      ({
        session: embeddingSession!,
        ...(emb?.input === undefined ? {} : { input: emb.input }),
        ...(emb?.output === undefined ? {} : { output: emb.output }),
        ...(emb?.idType === undefined ? {} : { idType: emb.idType }),
      } as const);
    const inner = onnxAdapter(session, { ...(sidecar?.adapter ?? {}), ...(opts.adapter ?? {}), embeddings, ort, disposeSessions: false });
    // dispose() releases the sessions created here, never an embedding session the caller passed in
    const adapter: ModelAdapter = {
      ...inner,
      dispose(): void {
        inner.dispose?.();
        session.release?.().catch(() => undefined);
        embeddingSession?.release?.().catch(() => undefined);
      },
    };
    return {
      adapter,
      session,
      ...(embeddingSession === undefined ? {} : { embeddingSession }),
      ...(sidecar?.tokenizer === undefined ? {} : { tokenizer: sidecar.tokenizer }),
      ...(sidecar?.metadata === undefined ? {} : { metadata: sidecar.metadata }),
    };
  } catch (error) {
    await session.release?.().catch(() => undefined);
    await embeddingSession?.release?.().catch(() => undefined);
    throw error;
  }
}
