/** Shared helpers of the perturbation attribution and faithfulness tests. */
import type { FloatTensor, ForwardOptions, ModelAdapter } from '../../src/types/index.js';

/** A wrapped adapter that records the shape of every forward call. */
export function recording(adapter: ModelAdapter, extraInfo: Record<string, unknown> = {}): { adapter: ModelAdapter; calls: number[][] } {
  const calls: number[][] = [];
  const wrapped: ModelAdapter = {
    info: { ...adapter.info, ...extraInfo },
    embed: (tokens) => adapter.embed(tokens),
    forward: (embeddings: FloatTensor, options?: ForwardOptions) => {
      calls.push([...embeddings.shape]);
      return adapter.forward(embeddings, options);
    },
  };
  return { adapter: wrapped, calls };
}

/** g(x) on explicitly built embeddings: the target's scalar from one forward call. */
export async function forwardRows(adapter: ModelAdapter, rows: Float64Array, n: number, mask?: number[]): Promise<Float64Array> {
  const d = adapter.info.embeddingDim;
  const options = mask === undefined ? undefined : { inputMask: { data: Float64Array.from(mask), shape: [1, n] } };
  const { outputs } = await adapter.forward({ data: rows, shape: [1, n, d] }, options);
  return Float64Array.from(outputs.data);
}

/** Rows of `x` [n, d] with the listed positions deleted. */
export function deleteRows(x: Float64Array, d: number, remove: readonly number[]): Float64Array {
  const n = x.length / d;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!remove.includes(i)) out.push(...x.subarray(i * d, (i + 1) * d));
  return Float64Array.from(out);
}

/** Rows of `x` [n, d] with the listed positions replaced by the rows of `rep` [n, d]. */
export function replaceRows(x: Float64Array, rep: Float64Array, d: number, remove: readonly number[]): Float64Array {
  const out = x.slice();
  for (const i of remove) out.set(rep.subarray(i * d, (i + 1) * d), i * d);
  return out;
}

/** Softmax of a vector. */
export function softmax(z: ArrayLike<number>): Float64Array {
  const m = Math.max(...Array.from(z));
  const e = Array.from(z, (v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return Float64Array.from(e, (v) => v / s);
}

/** All permutations of 0…p−1 (Heap's algorithm). */
export function permutations(p: number): number[][] {
  const out: number[][] = [];
  const a = Array.from({ length: p }, (_, i) => i);
  const c = new Array<number>(p).fill(0);
  out.push(a.slice());
  let i = 0;
  while (i < p) {
    if (c[i]! < i) {
      const j = i % 2 === 0 ? 0 : c[i]!;
      [a[j], a[i]] = [a[i]!, a[j]!];
      out.push(a.slice());
      c[i]!++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}
