import { AbortError, InputTypeError } from '../errors/index.js';
import { checkInteger } from '../internal/options.js';
import type { FloatTensor, TensorLike } from '../types/tensor.js';
import { createRowEvaluator, normalizeRows, type FlowJob } from './maxflow/internal/flowRows.js';
import { setupFlow, type AttentionFlowOptions } from './maxflow/internal/flowSetup.js';

/**
 * Options of {@link attentionFlowParallel}: those of {@link attentionFlow} plus parallelism and control.
 *
 * @example
 * const A = [
 *   [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]],
 *   [[0.3, 0.4, 0.3], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]],
 * ];
 * const controller = new AbortController();
 * const progress = [];
 * await attentionFlowParallel(A, { workers: 2, signal: controller.signal, onProgress: (d, t) => progress.push([d, t]) });
 * progress.at(-1); // => [3, 3]  (rows done, rows total)
 * controller.abort();
 * await attentionFlowParallel(A, { signal: controller.signal }).catch((e) => e.name); // => 'AbortError'
 */
export interface AttentionFlowParallelOptions extends AttentionFlowOptions {
  /**
   * Number of worker threads (default: the number of available cores, `os.availableParallelism()`, at most one
   * per output row). `1` computes in the calling thread. Where `worker_threads` is unavailable (browsers) the
   * computation always runs in the calling thread.
   */
  readonly workers?: number;
  /** Cancels the computation (workers are terminated); the promise rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
  /** Called after each finished block of rows with the number of rows done and the total. */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

type WorkerCtor = new (
  filename: string | URL,
  options: { workerData: unknown; eval?: boolean },
) => {
  postMessage(value: unknown): void;
  on(event: 'message', cb: (value: unknown) => void): unknown;
  on(event: 'error', cb: (error: Error) => void): unknown;
  on(event: 'exit', cb: (code: number) => void): unknown;
  terminate(): Promise<number>;
};

/**
 * Node's `worker_threads` and core count, or undefined outside Node. The specifiers are held in variables
 * (and marked for bundlers to ignore) so browser bundles never try to resolve them.
 */
async function loadNode(): Promise<{ Worker: WorkerCtor; cores: number } | undefined> {
  if (typeof process === 'undefined' || typeof process.versions?.node !== 'string') return undefined;
  try {
    const wt = 'node:worker_threads';
    const os = 'node:os';
    const [{ Worker }, osMod] = await Promise.all([
      import(/* @vite-ignore */ /* webpackIgnore: true */ wt) as Promise<{ Worker: WorkerCtor }>,
      import(/* @vite-ignore */ /* webpackIgnore: true */ os) as Promise<{ availableParallelism?: () => number; cpus: () => unknown[] }>,
    ]);
    const cores = typeof osMod.availableParallelism === 'function' ? osMod.availableParallelism() : osMod.cpus().length;
    return { Worker, cores: Math.max(1, cores) };
  } catch {
    return undefined;
  }
}

/**
 * How to start the worker: the script `flowWorker.js` (ESM build) or `flowWorker.cjs` (CJS build) next to
 * this module; from the TypeScript sources (vitest, tsx) `flowWorker.ts`, loaded through tsx's `tsImport`
 * by a small eval'd bootstrap (on Node 20, `execArgv: ['--import', 'tsx']` did not make the worker load `.ts`).
 */
async function workerSpec(): Promise<{ filename: string | URL; eval: boolean }> {
  let here: string | undefined = import.meta.url;
  if (typeof here !== 'string' || here === '') {
    // CJS build: esbuild leaves import.meta empty; __filename is this bundle file.
    here = typeof __filename === 'string' ? `file://${__filename.startsWith('/') ? '' : '/'}${__filename.replace(/\\/g, '/')}` : undefined;
  }
  if (here === undefined) throw new Error('attentionFlowParallel: cannot locate the flow worker script');
  const ext = /\.(c|m)?(t|j)s$/.exec(new URL(here).pathname)?.[0] ?? '.js';
  if (!ext.endsWith('ts')) return { filename: new URL(`./flowWorker${ext}`, here), eval: false };
  const worker = new URL('./flowWorker.ts', here).href;
  const spec = (s: string): string => s;
  const [{ createRequire }, { readFileSync }, { pathToFileURL }, path] = await Promise.all([
    import(/* @vite-ignore */ /* webpackIgnore: true */ spec('node:module')) as Promise<{ createRequire: (from: string) => { resolve: (id: string) => string } }>,
    import(/* @vite-ignore */ /* webpackIgnore: true */ spec('node:fs')) as Promise<{ readFileSync: (file: string, enc: 'utf8') => string }>,
    import(/* @vite-ignore */ /* webpackIgnore: true */ spec('node:url')) as Promise<{ pathToFileURL: (p: string) => URL }>,
    import(/* @vite-ignore */ /* webpackIgnore: true */ spec('node:path')) as Promise<{ dirname: (p: string) => string; join: (...p: string[]) => string }>,
  ]);
  let api: string;
  try {
    const pkgFile = createRequire(here).resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
    api = pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
  } catch (error) {
    throw new Error(`attentionFlowParallel: running from the TypeScript sources needs tsx to load the worker (${String(error)})`);
  }
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(worker)}, ${JSON.stringify(api)}));`;
  return { filename: code, eval: true };
}

function abortError(signal: AbortSignal): AbortError {
  return new AbortError('attentionFlowParallel', signal.reason);
}

/** `signal` must be an AbortSignal (or undefined): checked up front, whatever the number of workers. */
function checkSignal(fn: string, signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  // an AbortSignal of this realm, or one that behaves like it (another realm, a polyfill)
  let isSignal = typeof AbortSignal === 'function' && signal instanceof AbortSignal;
  if (!isSignal && signal !== null && typeof signal === 'object') {
    try {
      const sig = signal as AbortSignal;
      isSignal = typeof sig.aborted === 'boolean' && typeof sig.addEventListener === 'function' && typeof sig.removeEventListener === 'function';
    } catch {
      isSignal = false; // a getter that throws
    }
  }
  if (!isSignal) throw new InputTypeError(fn, 'signal must be an AbortSignal', signal);
  return signal as AbortSignal;
}

/** An abort watcher attached at the start of the call: `check()` throws AbortError once the signal aborted. */
interface AbortWatch {
  readonly signal: AbortSignal | undefined;
  aborted(): boolean;
  check(): void;
  /** Run `cb` on abort (immediately if already aborted); returns a function removing it. */
  onAbort(cb: () => void): () => void;
  dispose(): void;
}

function watchAbort(signal: AbortSignal | undefined): AbortWatch {
  let fired = signal?.aborted === true;
  const callbacks = new Set<() => void>();
  const listener = (): void => {
    fired = true;
    for (const cb of [...callbacks]) cb();
  };
  signal?.addEventListener('abort', listener, { once: true });
  return {
    signal,
    aborted: () => fired || signal?.aborted === true,
    check(): void {
      if (fired || signal?.aborted === true) throw abortError(signal!);
    },
    onAbort(cb: () => void): () => void {
      if (fired || signal?.aborted === true) {
        cb();
        return () => undefined;
      }
      callbacks.add(cb);
      return () => callbacks.delete(cb);
    },
    dispose(): void {
      signal?.removeEventListener('abort', listener);
      callbacks.clear();
    },
  };
}

/**
 * {@link attentionFlow} computed on several threads: the (output, input) max-flow problems are independent,
 * so rows of the flow matrix are handed out to `worker_threads` workers in small blocks (dynamic scheduling).
 * The prepared capacities Â live in a SharedArrayBuffer that every worker reads (sent once per worker) and
 * the workers write the raw flows straight into a shared result buffer. Same values as {@link attentionFlow}
 * (bit-identical: each pair is solved by the same code on the same data).
 *
 * In Node the worker script is `flowWorker.js` / `flowWorker.cjs` next to the bundle (or `flowWorker.ts` run
 * through `tsx` when running from the TypeScript sources). Where `worker_threads` is unavailable (browsers) it
 * computes in the calling thread, yielding to the event loop between blocks of rows. Starting a worker costs
 * tens of milliseconds, so for a single row or small graphs {@link attentionFlow} is faster.
 *
 * @param attention - `[layers, heads, n, n]` (or `[layers, n, n]`) softmax attention, row = query, column = key.
 * @param options - {@link AttentionFlowParallelOptions}: every {@link AttentionFlowOptions} option plus
 *   `workers` (default: available cores), `signal`, `onProgress`.
 * @returns a promise of `{ data, shape: [outputs.length, n] }`, as {@link attentionFlow}.
 * @throws (rejects with) everything {@link attentionFlow} throws; InputTypeError/InputRangeError for a bad
 *   `workers`, `signal` or `onProgress`; AbortError when `signal` aborts.
 * @example
 * const A = [
 *   [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]],
 *   [[0.3, 0.4, 0.3], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]],
 * ];
 * const F = await attentionFlowParallel(A, { workers: 2, normalize: false });
 * F.shape; // => [3, 3]
 * F.data.slice(0, 3); // => Float64Array [0.8, 0.4, 0.35]  (to ~1e-16)
 */
export async function attentionFlowParallel(attention: TensorLike, options?: AttentionFlowParallelOptions): Promise<FloatTensor> {
  const fn = 'attentionFlowParallel';
  const { job, normalize, extra } = setupFlow(fn, attention, options, ['workers', 'signal', 'onProgress']);
  const requested = extra['workers'] === undefined ? undefined : checkInteger(fn, 'workers', extra['workers'], 1, 1024);
  const signal = checkSignal(fn, extra['signal']);
  const onProgress = extra['onProgress'] as ((done: number, total: number) => void) | undefined;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new InputTypeError(fn, 'onProgress must be a function', onProgress);
  if (signal?.aborted) throw abortError(signal);
  const rows = job.outputs.length;
  const n = job.n;
  // Record an abort from the moment of the call (also one in the same tick, during the asynchronous set-up
  // below), not only once the workers run.
  const abort = watchAbort(signal);
  let data: Float64Array;
  try {
    const node = requested === 1 || rows <= 1 ? undefined : await loadNode();
    abort.check();
    const workers = Math.min(rows, requested ?? node?.cores ?? 1);
    if (node === undefined || workers <= 1) {
      data = await computeInThread(job, abort, onProgress);
    } else {
      data = await computeInWorkers(node.Worker, job, workers, abort, onProgress);
    }
  } finally {
    abort.dispose();
  }
  if (normalize) normalizeRows(data, rows, n);
  return { data, shape: [rows, n] };
}

/** Single-threaded fallback, yielding to the event loop about every 20 ms. */
async function computeInThread(job: FlowJob, abort: AbortWatch, onProgress: ((d: number, t: number) => void) | undefined): Promise<Float64Array> {
  const rows = job.outputs.length;
  const data = new Float64Array(rows * job.n);
  const evaluate = createRowEvaluator(job);
  // Yield once before any work, so that an abort in the same tick as the call is honoured.
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  abort.check();
  let last = Date.now();
  // Blocks of four rows for the default solver (it computes their descents together), yielding about every 20 ms.
  const step = job.solver === 'auto' ? 4 : 1;
  for (let r = 0; r < rows; r += step) {
    const end = Math.min(rows, r + step);
    evaluate(r, end, data, r * job.n);
    if (Date.now() - last > 20 || end === rows) {
      onProgress?.(end, rows);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      abort.check();
      last = Date.now();
    }
  }
  return data;
}

async function computeInWorkers(
  Worker: WorkerCtor,
  job: FlowJob,
  count: number,
  abort: AbortWatch,
  onProgress: ((d: number, t: number) => void) | undefined,
): Promise<Float64Array> {
  const rows = job.outputs.length;
  const n = job.n;
  const cellsUsed = job.layer * n * n;
  const caps = new Float64Array(new SharedArrayBuffer(cellsUsed * 8));
  caps.set(job.caps.subarray(0, cellsUsed));
  const result = new Float64Array(new SharedArrayBuffer(rows * n * 8));
  const rowsUsed = job.layer * n;
  const stats = job.stats === undefined ? undefined : { rowSum: job.stats.rowSum.slice(0, rowsUsed), rowMin: job.stats.rowMin.slice(0, rowsUsed) };
  const init = { caps, layers: job.layer, n, layer: job.layer, outputs: job.outputs, solver: job.solver, result, ...(stats === undefined ? {} : { stats }) };
  const where = await workerSpec();
  abort.check();
  const block = Math.max(1, Math.ceil(rows / (count * 8)));
  return new Promise<Float64Array>((resolve, reject) => {
    const pool: Array<InstanceType<WorkerCtor>> = [];
    let next = 0;
    let done = 0;
    let settled = false;
    let detach = (): unknown => undefined;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      detach();
      for (const w of pool) void w.terminate().catch(() => undefined);
      if (error !== undefined) reject(error);
      else resolve(Float64Array.from(result));
    };
    detach = abort.onAbort(() => finish(abortError(abort.signal!)));
    if (settled) return;
    const feed = (w: InstanceType<WorkerCtor>): void => {
      if (next >= rows) return;
      const start = next;
      next = Math.min(rows, next + block);
      w.postMessage({ start, end: next });
    };
    try {
      for (let i = 0; i < count && !settled; i++) {
        const w = new Worker(where.filename, { workerData: init, eval: where.eval });
        pool.push(w);
        w.on('message', (msg: unknown) => {
          // Everything here runs in a worker's message event: an exception must settle the promise (and
          // terminate the workers), never escape as an uncaught exception.
          try {
            if (settled) return;
            const m = msg as { start?: number; end?: number; error?: { name: string; message: string } };
            if (m.error) {
              const e = new Error(m.error.message);
              e.name = m.error.name;
              finish(e);
              return;
            }
            done += m.end! - m.start!;
            onProgress?.(done, rows);
            if (settled) return;
            if (done >= rows) finish();
            else feed(w);
          } catch (error) {
            finish(error ?? new Error('attentionFlowParallel: onProgress threw undefined'));
          }
        });
        w.on('error', (error: Error) => finish(error));
        w.on('exit', (code: number) => {
          if (!settled && code !== 0) finish(new Error(`attentionFlowParallel: worker exited with code ${code}`));
        });
        feed(w);
      }
    } catch (error) {
      finish(error);
    }
  });
}
