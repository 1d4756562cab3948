import type { ModelAdapter } from '../types/adapter.js';
import { freeMass, readOptions } from './internal/checks.js';
import { createContext } from './internal/context.js';
import { summarize } from './internal/summarize.js';
import type { CounterfactualOptions, CounterfactualResult } from './types.js';

/**
 * Zero the largest attention weight and renormalise: in every replaced row, the free key with the
 * largest weight (first on ties) gets 0 and the other free keys are rescaled to keep the row's free
 * mass (if they all had weight 0, the mass is spread evenly over them). Reports the output change and
 * decision flip. If removing the most-attended token's weight changes nothing, the peak of the map is
 * not what drives the output (Serrano & Smith 2019 use the same intervention).
 *
 * @param adapter - a model adapter that accepts attention overrides.
 * @param tokens - token ids of one input, length n.
 * @param options - {@link CounterfactualOptions} (`seed` is unused: the test is deterministic).
 * @returns a {@link CounterfactualResult} with `samples = 1`.
 * @throws AdapterCapabilityError ('attentionOverride') if the adapter cannot take attention overrides.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad options or fewer than 2 free keys.
 * @throws AbortError when `signal` is aborted.
 * @see https://arxiv.org/abs/1906.03731 (Serrano & Smith 2019, Is Attention Interpretable?)
 * @example
 * const model = oneLayerAttentionAdapter({
 *   embeddings: [[1], [0]],
 *   additive: { weight: [[1]], vector: [5] },
 *   classifier: { weights: [[1, -1]] },
 * });
 * // token 0 (x = 1) gets the most attention; zeroing it leaves only x = 0 tokens: logits (0, 0)
 * const r = await zeroTopAttention(model, [0, 1, 1]);
 * r.counterfactualOutputs.data[0]; // => 0.5
 * r.flipped[0]; // => 0
 */
export async function zeroTopAttention(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: CounterfactualOptions): Promise<CounterfactualResult> {
  const fn = 'zeroTopAttention';
  const o = readOptions<CounterfactualOptions>(fn, options, []);
  const ctx = await createContext(fn, adapter, tokens, o);
  const { rows, n, keys, original } = ctx;
  const mass = freeMass(original, rows, n, keys);
  const c = Float64Array.from(original);
  for (let r = 0; r < rows; r++) {
    let top = keys[0]!;
    for (const j of keys) if (original[r * n + j]! > original[r * n + top]!) top = j;
    const rest = mass[r]! - original[r * n + top]!;
    c[r * n + top] = 0;
    for (const j of keys) {
      if (j === top) continue;
      c[r * n + j] = rest > 0 ? (original[r * n + j]! * mass[r]!) / rest : mass[r]! / (keys.length - 1);
    }
  }
  return summarize(ctx, [c]);
}
