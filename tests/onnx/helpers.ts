/**
 * Shared set-up of the ONNX tests: onnxruntime-web (WASM, one thread, from the package's own .wasm
 * file), the committed exports of the spam transformer, the PyTorch fixture and the same weights in
 * the tfjs model.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import type { OnnxSessionLike } from '../../src/backends/onnx/index.js';
import type { FloatTensor } from '../../src/types/tensor.js';

ort.env.wasm.numThreads = 1;
export { ort };

export const MODELS = fileURLToPath(new URL('../../examples/models/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/python/onnx/', import.meta.url));

/** A session of a committed .onnx file. */
export async function session(path: string): Promise<OnnxSessionLike> {
  return ort.InferenceSession.create(new Uint8Array(readFileSync(path)));
}

/** One case of tests/fixtures/python/onnx/onnx.json (written by export.py with PyTorch). */
export interface TorchCase {
  readonly id: string;
  readonly label: number;
  readonly ids: number[];
  readonly logits: number[];
  readonly probabilities: number[];
  /** [L][H][n]: the [CLS] row of every layer and head. */
  readonly clsAttention: number[][][];
  /** [L][H][n][n], for cases with at most 48 tokens. */
  readonly attention?: number[][][][];
  /** Logits with uniform attention injected at `layer`, `heads`. */
  readonly override: { readonly layer: number; readonly heads: number[]; readonly logits: number[] };
}

export const torchFixture = JSON.parse(readFileSync(`${FIXTURES}onnx.json`, 'utf8')) as { torch: string; cases: TorchCase[] };

/** `[n, d]` embeddings as a batch of one `[1, n, d]`. */
export function batchOf(e: FloatTensor): FloatTensor {
  return { data: e.data, shape: [1, ...e.shape] };
}

/** Stack `[n, d]` embeddings of equal length into `[B, n, d]`. */
export function stack(rows: readonly FloatTensor[]): FloatTensor {
  const [n, d] = rows[0]!.shape as [number, number];
  const data = new Float64Array(rows.length * n * d);
  rows.forEach((r, b) => data.set(r.data, b * n * d));
  return { data, shape: [rows.length, n, d] };
}

/** Max |a − b| over two arrays of the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Softmax of a float64 copy of `logits`. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const e = logits.map((x) => Math.exp(x - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}
