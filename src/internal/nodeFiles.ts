/**
 * Internal: lazy access to Node's `fs/promises` and `path` for the backends' file loaders. The specifiers are
 * variables, so that browser bundlers do not try to resolve Node built-ins; nothing is imported before a
 * function that needs it is called.
 *
 * @module
 */

/** Node's `fs/promises` and `path` module types. */
export type Fs = typeof import('node:fs/promises');
export type Path = typeof import('node:path');

/**
 * `node:fs/promises` and `node:path`, or an Error naming `fn` outside Node, ending with `browserHint` (what to
 * do in a browser instead).
 */
export async function nodeFiles(fn: string, browserHint: string): Promise<{ fs: Fs; path: Path }> {
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  try {
    const [fs, path] = await Promise.all([import(/* @vite-ignore */ fsName) as Promise<Fs>, import(/* @vite-ignore */ pathName) as Promise<Path>]);
    return { fs, path };
  } catch (cause) {
    throw new Error(`${fn}: needs Node's file system (node:fs); ${browserHint}`, { cause });
  }
}
