import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { NpyFormatError } from '../../io/NpyFormatError.js';
import { parseTensorJson } from '../../io/parseTensorJson.js';
import { readNpy } from '../../io/readNpy.js';
import type { FloatTensor } from '../../types/tensor.js';
import { CliError } from './CliError.js';

/** An attention stack read from a file, ready for attentionRollout / attentionFlow. */
export interface AttentionFile {
  /** `[layers, heads, n, n]` or `[layers, n, n]` (heads fused), row = query, column = key. */
  readonly attention: FloatTensor;
  /** The shape as stored in the file. */
  readonly storedShape: readonly number[];
  /** `'float32'` / `'float64'` (.npy) or `'json'`. */
  readonly source: 'float32' | 'float64' | 'json';
  /** Token strings, when a JSON dump carries a `"tokens"` array of strings. */
  readonly tokens?: readonly string[];
}

/** How the file is named in messages: the path as the user typed it. */
export function displayName(cwd: string, path: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return rel.startsWith('..') ? resolve(cwd, path) : rel === '' ? path : rel;
}

const SHAPES = '[layers, heads, n, n] (rank 4), [layers, n, n] (rank 3, heads fused) or [layers, batch, heads, n, n] (rank 5, torch.stack(out.attentions))';

/**
 * Read an attention stack from `.npy` (numpy) or `.json`, and bring it to rank 3 or 4: a rank-5
 * `[layers, batch, heads, n, n]` stack (Hugging Face `torch.stack(out.attentions)`) gives example `example`
 * (default 0; required when batch > 1). Every failure is a CliError naming the file and the problem.
 * Values (finite, non-negative, stochastic rows) are checked by the library call that follows.
 */
export async function readAttentionFile(cwd: string, path: string, example: number | undefined): Promise<AttentionFile> {
  const name = displayName(cwd, path);
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${name}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message})`);
  }
  const isNpy = bytes.length >= 6 && bytes[0] === 0x93 && bytes.subarray(1, 6).toString('latin1') === 'NUMPY';
  let tensor: FloatTensor;
  let source: AttentionFile['source'];
  let tokens: string[] | undefined;
  try {
    if (isNpy || path.toLowerCase().endsWith('.npy')) {
      const a = readNpy(bytes);
      tensor = { data: a.data, shape: a.shape };
      source = a.dtype;
    } else {
      const text = bytes.toString('utf8');
      tensor = parseTensorJson(text);
      source = 'json';
      try {
        const value = JSON.parse(text) as { tokens?: unknown };
        if (Array.isArray(value.tokens) && value.tokens.every((t) => typeof t === 'string')) tokens = value.tokens as string[];
      } catch {
        // parseTensorJson already accepted it
      }
    }
  } catch (error) {
    if (error instanceof NpyFormatError) throw new CliError(`${name}: ${error.message.replace(/^readNpy: /, '')}`);
    if (error instanceof Error && /^parseTensorJson: /.test(error.message)) {
      throw new CliError(`${name}: ${error.message.replace(/^parseTensorJson: /, '')}${source! === undefined && !path.toLowerCase().endsWith('.json') ? ' (expected a .npy or .json file)' : ''}`);
    }
    throw error;
  }
  const shape = tensor.shape;
  const r = shape.length;
  if (r < 3 || r > 5) {
    throw new CliError(`${name}: wrong rank ${r} (shape [${shape.join(', ')}]); expected ${SHAPES}`);
  }
  if (shape[r - 1] !== shape[r - 2]) {
    throw new CliError(`${name}: not square in its last two axes (query × key): shape [${shape.join(', ')}]`);
  }
  if (shape.some((d) => d === 0)) throw new CliError(`${name}: empty attention stack (shape [${shape.join(', ')}])`);
  let attention = tensor;
  if (r === 5) {
    const [L, B, H, n] = shape as [number, number, number, number, number];
    if (example === undefined && B > 1) {
      throw new CliError(`${name}: holds a batch of ${B} examples (shape [${shape.join(', ')}] = [layers, batch, heads, n, n]); choose one with --example`);
    }
    const b = example ?? 0;
    if (b >= B) throw new CliError(`${name}: --example ${b} is out of range (batch of ${B})`);
    const block = H * n * n;
    const data = new Float64Array(L * block);
    for (let l = 0; l < L; l++) data.set(tensor.data.subarray((l * B + b) * block, (l * B + b + 1) * block), l * block);
    attention = { data, shape: [L, H, n, n] };
  } else if (example !== undefined) {
    throw new CliError(`${name}: --example applies to a rank-5 [layers, batch, heads, n, n] stack; this one has shape [${shape.join(', ')}]`);
  }
  return { attention, storedShape: shape, source, ...(tokens ? { tokens } : {}) };
}
