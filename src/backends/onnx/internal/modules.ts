/**
 * Family-private: lazy access to the optional peer `onnxruntime-web` and to Node's file system.
 * The specifiers are variables, so bundlers leave them alone and the peer stays optional; nothing
 * is imported before a function that needs it is called.
 *
 * @module
 */
import { nodeFiles as sharedNodeFiles } from '../../../internal/nodeFiles.js';
import type { OrtModuleLike } from '../types.js';

/** `node:fs/promises` and `node:path`, or an Error naming `fn` outside Node. */
export function nodeFiles(fn: string): ReturnType<typeof sharedNodeFiles> {
  return sharedNodeFiles(fn, 'in a browser create the session yourself and call onnxAdapter');
}

/**
 * `onnxruntime-web` (its Node build runs the WASM backend from the package's own `.wasm` file, no
 * network), or an Error naming `fn` that says how to install it.
 */
export async function importOrt(fn: string): Promise<OrtModuleLike> {
  const name = 'onnxruntime-web';
  let mod: unknown;
  try {
    mod = await import(/* @vite-ignore */ /* webpackIgnore: true */ name);
  } catch (cause) {
    const message = String((cause as { message?: unknown })?.message ?? cause);
    if (/cannot find (?:package|module)|failed to (?:load|resolve)/i.test(message) && message.includes(name)) {
      throw new Error(`${fn}: the optional peer dependency '${name}' is not installed; install it with \`npm install ${name}\` (or pass options.ort)`, { cause });
    }
    throw cause;
  }
  const m = mod as OrtModuleLike & { default?: OrtModuleLike };
  return typeof m.Tensor === 'function' ? m : m.default!;
}
