import { createRng } from '../src/random/createRng.js';

/**
 * Deterministic random attention for the flow benchmarks: H heads of softmax(scale · z), z ~ N(0, 1)
 * (seeded), fused by the head mean, residual added and rows renormalised (Abnar's get_flow_relevance).
 * Returns the raw stack [L, H, n, n] and the prepared capacities Â [L, n, n] (row = query = from).
 */
export function randomAttention(layers: number, heads: number, n: number, seed: number, scale = 1): { raw: Float64Array; caps: Float64Array } {
  const rng = createRng(seed);
  const raw = new Float64Array(layers * heads * n * n);
  const row = new Float64Array(n);
  for (let r = 0; r < layers * heads * n; r++) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      row[j] = scale * rng.normal();
      if (row[j]! > max) max = row[j]!;
    }
    let sum = 0;
    for (let j = 0; j < n; j++) {
      row[j] = Math.exp(row[j]! - max);
      sum += row[j]!;
    }
    for (let j = 0; j < n; j++) raw[r * n + j] = row[j]! / sum;
  }
  const caps = new Float64Array(layers * n * n);
  for (let l = 0; l < layers; l++) {
    for (let q = 0; q < n; q++) {
      let sum = 0;
      for (let k = 0; k < n; k++) {
        let m = 0;
        for (let h = 0; h < heads; h++) m += raw[((l * heads + h) * n + q) * n + k]!;
        const v = m / heads + (q === k ? 1 : 0);
        caps[(l * n + q) * n + k] = v;
        sum += v;
      }
      for (let k = 0; k < n; k++) caps[(l * n + q) * n + k]! /= sum;
    }
  }
  return { raw, caps };
}
