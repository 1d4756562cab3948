/** Shared test data for the attention family. */
import { createRng } from '../../src/index.js';

/** Seeded softmax attention `[L, H, n, n]` (rows sum to 1; logits N(0, 4)). */
export function softmaxStack(L: number, H: number, n: number, seed: number): { data: Float64Array; shape: number[] } {
  const rng = createRng(seed);
  const data = new Float64Array(L * H * n * n);
  for (let r = 0; r < L * H * n; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += data[r * n + j] = Math.exp(2 * rng.normal());
    for (let j = 0; j < n; j++) data[r * n + j]! /= s;
  }
  return { data, shape: [L, H, n, n] };
}
