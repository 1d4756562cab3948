import * as tf from '@tensorflow/tfjs-core';
import { checkEnum, checkOptions } from '../../internal/options.js';
import { InputTypeError } from '../../errors/index.js';

/** Which TensorFlow.js backend {@link initBackend} selects. */
export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * `'auto'` (default): `@tensorflow/tfjs-node` (backend `'tensorflow'`) when it can be imported,
   * else `'wasm'`, else `'cpu'`. `'tensorflow'`, `'wasm'` and `'cpu'` select that backend or throw.
   */
  readonly backend?: BackendChoice;
  /**
   * Where the WASM binaries are served from (browsers; passed to `setWasmPaths` of
   * `@tensorflow/tfjs-backend-wasm`). In Node the binaries are found in the package. Default: unset.
   */
  readonly wasmPaths?: string;
}

const DEFAULTS = Object.freeze({ backend: 'auto' as BackendChoice });
const CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/**
 * Import a module whose name is not known to bundlers (optional peers that may be missing).
 * A variable specifier keeps bundlers from trying to resolve it at build time.
 */
async function importOptional(specifier: string): Promise<boolean> {
  try {
    await import(/* @vite-ignore */ specifier);
    return true;
  } catch {
    return false;
  }
}

function hasGradients(): boolean {
  return tf.getGradient(tf.Sum) !== undefined && tf.getGradient(tf.BatchMatMul) !== undefined;
}

/**
 * TensorFlow.js registers gradient functions as a side effect of `@tensorflow/tfjs`
 * (and of `@tensorflow/tfjs-layers`, which `@tensorflow/tfjs-node` brings in); `@tensorflow/tfjs-core`
 * alone has none in its Node build. Register them, once, from the first source that loads. All of
 * them write into tfjs-core's global gradient registry, so they serve the one tfjs-core instance.
 */
async function ensureGradients(): Promise<void> {
  if (hasGradients()) return;
  // Node: the CommonJS builds of the packages that bundle tfjs-core's gradients.
  for (const specifier of ['@tensorflow/tfjs-layers', '@tensorflow/tfjs']) {
    if ((await importOptional(specifier)) && hasGradients()) return;
  }
  // Bundlers (browsers): tfjs-core's own ES module (a literal specifier, so bundlers include it).
  try {
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
  } catch {
    // fall through to the error below
  }
  if (hasGradients()) return;
  throw new Error(
    'initBackend: TensorFlow.js gradients are not registered; install @tensorflow/tfjs (or import ' +
      "'@tensorflow/tfjs-core/dist/register_all_gradients' in a bundled app)",
  );
}

async function useTensorflow(): Promise<boolean> {
  // Registers the 'tensorflow' backend on the tfjs-core it resolves; must be this one.
  if (!(await importOptional('@tensorflow/tfjs-node'))) return false;
  if (tf.findBackendFactory('tensorflow') === null) {
    throw new Error(
      'initBackend: @tensorflow/tfjs-node loaded but registered its backend on another copy of ' +
        '@tensorflow/tfjs-core; make sure a single tfjs-core version is installed (npm ls @tensorflow/tfjs-core)',
    );
  }
  return tf.setBackend('tensorflow');
}

async function useWasm(wasmPaths: string | undefined): Promise<boolean> {
  let mod: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    mod = await import('@tensorflow/tfjs-backend-wasm');
  } catch {
    return false;
  }
  if (wasmPaths !== undefined) mod.setWasmPaths(wasmPaths);
  try {
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function useCpu(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-cpu');
  } catch {
    return false;
  }
  return tf.setBackend('cpu');
}

/**
 * Select and initialise the TensorFlow.js backend the `faithcheck/tfjs` models run on, and make sure
 * gradient functions are registered. Call (and await) it once before creating a model; nothing is
 * registered when `faithcheck/tfjs` is imported.
 *
 * Backends, in the order `'auto'` tries them:
 * 1. `'tensorflow'` — native libtensorflow through the optional peer `@tensorflow/tfjs-node`
 *    (imported dynamically; it must resolve to the same `@tensorflow/tfjs-core` as faithcheck).
 * 2. `'wasm'` — `@tensorflow/tfjs-backend-wasm` (binary shipped in the package; SIMD when available).
 * 3. `'cpu'` — `@tensorflow/tfjs-backend-cpu`, pure JavaScript.
 *
 * To use a backend faithcheck does not list (e.g. WebGL), register and `await tf.setBackend(...)`
 * yourself, import `@tensorflow/tfjs` (which registers gradients), and skip this function.
 *
 * This sets TensorFlow.js's global backend (`tf.setBackend`), which every tfjs user in the process shares.
 *
 * @param options - `backend` (default `'auto'`), `wasmPaths`.
 * @returns the name of the active backend (`'tensorflow'`, `'wasm'` or `'cpu'`).
 * @throws InputTypeError if an option has the wrong type or value.
 * @throws Error if the requested backend (or, for `'auto'`, every backend) cannot be loaded, or no
 *   gradient registrations can be found.
 * @example
 * import { initBackend } from 'faithcheck/tfjs';
 * await initBackend(); // => 'wasm' (when @tensorflow/tfjs-node is not installed)
 * await initBackend({ backend: 'cpu' }); // => 'cpu'
 */
export async function initBackend(options?: InitBackendOptions): Promise<string> {
  const fn = 'initBackend';
  const opts = checkOptions<InitBackendOptions>(fn, options, ['backend', 'wasmPaths']);
  const backend = checkEnum(fn, 'backend', opts.backend ?? DEFAULTS.backend, CHOICES);
  if (opts.wasmPaths !== undefined && typeof opts.wasmPaths !== 'string') {
    throw new InputTypeError(fn, 'wasmPaths must be a string', opts.wasmPaths);
  }
  let ok = false;
  if (backend === 'tensorflow') {
    ok = await useTensorflow();
    if (!ok) throw new Error("initBackend: backend 'tensorflow' needs the optional peer @tensorflow/tfjs-node, which could not be imported");
  } else if (backend === 'wasm') {
    ok = await useWasm(opts.wasmPaths);
    if (!ok) throw new Error("initBackend: backend 'wasm' could not be initialised (is @tensorflow/tfjs-backend-wasm installed?)");
  } else if (backend === 'cpu') {
    ok = await useCpu();
    if (!ok) throw new Error("initBackend: backend 'cpu' could not be initialised (is @tensorflow/tfjs-backend-cpu installed?)");
  } else {
    ok = (await useTensorflow()) || (await useWasm(opts.wasmPaths)) || (await useCpu());
    if (!ok) throw new Error('initBackend: no TensorFlow.js backend could be initialised (tried tensorflow, wasm, cpu)');
  }
  await tf.ready();
  await ensureGradients();
  return tf.getBackend();
}
