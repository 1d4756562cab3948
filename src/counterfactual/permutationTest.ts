import { checkInteger } from '../internal/options.js';
import { createRng } from '../random/createRng.js';
import type { ModelAdapter } from '../types/adapter.js';
import { readOptions } from './internal/checks.js';
import { createContext } from './internal/context.js';
import { summarize } from './internal/summarize.js';
import type { CounterfactualOptions, CounterfactualResult } from './types.js';

/** Options of {@link permutationTest}. */
export interface PermutationTestOptions extends CounterfactualOptions {
  /** Number of random permutations. Default 100 (Jain & Wallace's `num_perm`). */
  readonly nPermutations?: number;
}

/** Defaults of {@link permutationTest}. */
export const PERMUTATION_TEST_DEFAULTS = Object.freeze({ nPermutations: 100 });

/**
 * Jain & Wallace's permutation test: shuffle which token receives which attention weight and measure
 * how much the output moves. For every draw one uniformly random permutation of the free keys (see
 * {@link CounterfactualOptions}) is applied to every replaced attention row — the same relabelling of
 * tokens in every row and head — and the permuted weights are injected with a forward pass.
 *
 * The statistic per example is the median output total variation distance over the draws
 * (`medianTvd`; J&W: `median_perm TVD(ŷ_perm, ŷ)`), reported with the whole distribution (`tvd`),
 * the decision flips, and `maxAttention` (J&W plot the median TVD against the largest attention
 * weight). A small median TVD means the output does not depend on *which* token gets which weight —
 * the attention map then cannot be read as the reason for the output.
 *
 * Seeded: the same `seed` gives bit-identical permutations and results.
 *
 * @param adapter - a model adapter that accepts attention overrides.
 * @param tokens - token ids of one input, length n.
 * @param options - {@link PermutationTestOptions}.
 * @returns a {@link CounterfactualResult} with `samples = nPermutations`.
 * @throws AdapterCapabilityError ('attentionOverride') if the adapter cannot take attention overrides.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad options, or fewer than 2 free keys.
 * @throws AbortError when `signal` is aborted.
 * @see https://arxiv.org/abs/1902.10186 (Jain & Wallace 2019, §4.2)
 * @example
 * // a model whose output ignores attention: every permutation leaves the output unchanged
 * const model = oneLayerAttentionAdapter({
 *   embeddings: [[1], [1], [1]],
 *   additive: { weight: [[1]], vector: [1] },
 *   classifier: { weights: [[1, -1]] },
 * });
 * const r = await permutationTest(model, [0, 1, 2], { nPermutations: 10, seed: 1 });
 * r.medianTvd; // => 0
 * r.tvd.length; // => 10
 */
export async function permutationTest(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: PermutationTestOptions): Promise<CounterfactualResult> {
  const fn = 'permutationTest';
  const o = readOptions<PermutationTestOptions>(fn, options, ['nPermutations']);
  const nPermutations = o.nPermutations === undefined ? PERMUTATION_TEST_DEFAULTS.nPermutations : checkInteger(fn, 'nPermutations', o.nPermutations, 1, 1 << 20);
  const ctx = await createContext(fn, adapter, tokens, o);
  const rng = createRng(ctx.seed);
  const { rows, n, keys, original } = ctx;
  const m = keys.length;
  const candidates: Float64Array[] = [];
  for (let s = 0; s < nPermutations; s++) {
    const perm = rng.permutation(m);
    const c = Float64Array.from(original);
    for (let r = 0; r < rows; r++) for (let i = 0; i < m; i++) c[r * n + keys[i]!] = original[r * n + keys[perm[i]!]!]!;
    candidates.push(c);
  }
  return summarize(ctx, candidates);
}
