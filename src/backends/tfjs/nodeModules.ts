/**
 * Internal: lazy access to Node's `fs/promises` and `path` for saveModel/loadModel. The
 * specifiers are variables so that browser bundlers do not try to resolve Node built-ins;
 * browsers use serializeModel/deserializeModel instead.
 */
type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');

export async function nodeModules(fn: string): Promise<{ fs: Fs; path: Path }> {
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  try {
    const [fs, path] = await Promise.all([import(/* @vite-ignore */ fsName) as Promise<Fs>, import(/* @vite-ignore */ pathName) as Promise<Path>]);
    return { fs, path };
  } catch (cause) {
    throw new Error(`${fn}: needs Node's file system (node:fs); in a browser use serializeModel/deserializeModel`, { cause });
  }
}
