/**
 * Internal: lazy access to Node's `fs/promises` and `path` for saveModel/loadModel, and bounded,
 * clearly reported file-system steps. The specifiers are variables so that browser bundlers do not
 * try to resolve Node built-ins; browsers use serializeModel/deserializeModel instead.
 */
import { nodeFiles, type Fs, type Path } from '../../internal/nodeFiles.js';

/** `node:fs/promises` and `node:path`, or an Error naming `fn` outside Node. */
export function nodeModules(fn: string): ReturnType<typeof nodeFiles> {
  return nodeFiles(fn, 'in a browser use serializeModel/deserializeModel');
}

/** Time limit of one file-system step, in milliseconds. */
export const IO_TIMEOUT_MS = 60_000;

/** An `Error` whose message starts with `fn`, names the path and the `node:fs` failure; `code` copied. */
export function fileError(fn: string, what: string, path: string, cause: unknown): Error {
  if (cause instanceof Error && cause.message.startsWith(`${fn}:`)) return cause;
  const c = cause as { code?: unknown; message?: unknown } | null;
  const code = typeof c?.code === 'string' ? c.code : undefined;
  const err = new Error(`${fn}: ${what} at '${path}'${code === undefined ? '' : ` (${code})`}: ${String(c?.message ?? cause)}`, { cause });
  if (code !== undefined) (err as Error & { code?: string }).code = code;
  return err;
}

/** Reject with a clear error when `step` has not settled within {@link IO_TIMEOUT_MS}. */
export async function withIoTimeout<T>(fn: string, what: string, step: Promise<T>, ms = IO_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`${fn}: ${what} did not finish within ${ms / 1000} s; is the file system stalled?`) as Error & { code?: string };
      err.code = 'ETIMEDOUT';
      reject(err);
    }, ms);
    (timer as { unref?: () => void }).unref?.();
  });
  try {
    return await Promise.race([step, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Create `dir` and any missing parents one level at a time (never `mkdir({ recursive: true })`,
 * which never settles in some virtual file systems such as `/proc`). Fails with
 * {@link fileError} when a level cannot be created or an existing entry is not a directory.
 */
export async function ensureDirectory(fn: string, fs: Fs, nodePath: Path, dir: string): Promise<void> {
  const missing: string[] = [];
  let current = nodePath.resolve(dir);
  for (;;) {
    let stats: Awaited<ReturnType<Fs['stat']>> | undefined;
    try {
      stats = await withIoTimeout(fn, `checking ${current}`, fs.stat(current));
    } catch (cause) {
      if ((cause as { code?: unknown }).code !== 'ENOENT') throw fileError(fn, 'cannot use the directory', current, cause);
    }
    if (stats !== undefined) {
      if (!stats.isDirectory()) throw fileError(fn, 'cannot create a directory inside a file', current, Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }));
      break;
    }
    missing.push(current);
    const parent = nodePath.dirname(current);
    if (parent === current || missing.length > 4096) break;
    current = parent;
  }
  for (const d of missing.reverse()) {
    try {
      await withIoTimeout(fn, `creating ${d}`, fs.mkdir(d));
    } catch (cause) {
      if ((cause as { code?: unknown }).code === 'EEXIST') continue;
      throw fileError(fn, 'cannot create the directory', d, cause);
    }
  }
}
