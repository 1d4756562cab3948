import type { ModelAdapter } from '../types/adapter.js';
import { freeMass, readOptions } from './internal/checks.js';
import { createContext } from './internal/context.js';
import { summarize } from './internal/summarize.js';
import type { CounterfactualOptions, CounterfactualResult } from './types.js';

/**
 * Wiegreffe & Pinter's uniform baseline at inference: replace the attention by equal weights on the
 * free keys (each replaced row keeps the mass it had on the free keys, normally 1, split evenly; other
 * keys keep their weights) and measure the output change and decision flip. If uniform attention
 * gives (almost) the same output, the learned weights are not needed for the decision.
 *
 * @param adapter - a model adapter that accepts attention overrides.
 * @param tokens - token ids of one input, length n.
 * @param options - {@link CounterfactualOptions} (`seed` is unused: the test is deterministic).
 * @returns a {@link CounterfactualResult} with `samples = 1`.
 * @throws AdapterCapabilityError ('attentionOverride') if the adapter cannot take attention overrides.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad options.
 * @throws AbortError when `signal` is aborted.
 * @see https://arxiv.org/abs/1908.04626 (Wiegreffe & Pinter 2019, §3.1)
 * @example
 * // output = softmax(Σ_j α_j x_j · [1, −1]) with x = (1, 0, 0): uniform α gives logits (1/3, −1/3),
 * // so p₀ = 1 / (1 + e^(−2/3))
 * const model = oneLayerAttentionAdapter({
 *   embeddings: [[1], [0]],
 *   additive: { weight: [[1]], vector: [5] },
 *   classifier: { weights: [[1, -1]] },
 * });
 * const r = await uniformAttention(model, [0, 1, 1]);
 * r.counterfactualOutputs.data[0]; // => 0.6607563687658172 (to ~1e-12)
 */
export async function uniformAttention(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: CounterfactualOptions): Promise<CounterfactualResult> {
  const fn = 'uniformAttention';
  const o = readOptions<CounterfactualOptions>(fn, options, []);
  const ctx = await createContext(fn, adapter, tokens, o, 1);
  const { rows, n, keys, original } = ctx;
  const mass = freeMass(original, rows, n, keys);
  const c = Float64Array.from(original);
  for (let r = 0; r < rows; r++) for (const j of keys) c[r * n + j] = mass[r]! / keys.length;
  return summarize(ctx, [c]);
}
