import type { ModelAdapter } from '../types/adapter.js';
import { aopc, type AopcOptions, type AopcResult } from './internal/aopc.js';

export type { AopcOptions, AopcResult, AopcVariant } from './internal/aopc.js';

/** Defaults of {@link comprehensiveness} and {@link sufficiency} (thresholds and `onlyPositive` follow `variant`). */
export const AOPC_DEFAULTS = Object.freeze({
  variant: 'eraser' as const,
  eraserThresholds: Object.freeze([0.01, 0.05, 0.1, 0.2, 0.5]),
  ferretThresholds: Object.freeze(Array.from({ length: 10 }, (_, i) => 0.1 + i * 0.1)),
  removal: 'delete' as const,
  scale: 'probability' as const,
  batchSize: 32,
});

/**
 * Comprehensiveness (DeYoung et al. 2020, ERASER): how much the target probability drops when the
 * explanation's top tokens are removed, averaged over rationale sizes (AOPC). Higher is better.
 *
 * For each threshold `p` the rationale `r_p` is the top `k` scorable tokens by score (ties: lower position
 * first), optionally only those with score > 0, and
 *
 *   s_p = g(x) − g(x ∖ r_p).
 *
 * - `variant: 'eraser'` (default): bins `p ∈ {0.01, 0.05, 0.1, 0.2, 0.5}`, `k = ⌈p·m⌉` (at least one
 *   token) for `m` scorable tokens, `AOPC = mean_p s_p` — as ERASER's released scorer
 *   (`rationale_benchmark/metrics.py`, `_instances_aopc`: `np.average` over the bins); the paper prints
 *   `1/(|B| + 1) Σ`. The scorer takes the model's scores per bin as given; `⌈p·m⌉` is our reading of
 *   "top k_d %".
 * - `variant: 'ferret'`: thresholds `0.1, 0.2, …, 1.0` (ferret's `np.arange(0.1, 1.1, 0.1)`),
 *   `k = ⌊p·m⌋` (so `k = 0` is skipped for `m < 10` at 10 %), `onlyPositive` by default, empty rationales
 *   and rationales equal to the previous kept one are skipped, `AOPC = mean` over the kept thresholds,
 *   **0** when none is kept (REFERENCE F8). ferret decodes and re-tokenises the text; we delete the ids
 *   directly, which equals ferret whenever decode∘encode is the identity on the kept ids. ferret drops
 *   `[CLS]`/`[SEP]` (`remove_first_last`): pass `exclude: [0, n − 1]`.
 *
 * Removal: `'delete'` (default, both anchors), `'mask'` (ferret's `remove_tokens=False`) or `'baseline'`.
 * `g` is the target probability by default (`scale`).
 *
 * Cost: one perturbed input per kept threshold, batched (`'delete'`: one call per rationale size).
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param scores - the explanation, one score per token.
 * @param options - {@link AopcOptions}: `variant` (`'eraser'`), `thresholds`, `onlyPositive`, `removal`
 *   (`'delete'`), `maskToken`, `baseline`, `scale` (`'probability'`), `target`, `inputMask`, `exclude`,
 *   `batchSize` (32), `onProgress`, `signal`.
 * @returns `{ aopc, thresholds, sizes, values, fullValue, variant, onlyPositive, removal, scale, excluded, target, outputs }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens, scores or options.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://arxiv.org/abs/1911.03429 (DeYoung et al. 2020, ERASER)
 * @see https://github.com/jayded/eraserbenchmark/blob/master/rationale_benchmark/metrics.py (`_instances_aopc`)
 * @see https://github.com/g8a9/ferret/blob/main/ferret/evaluators/faithfulness_measures.py
 * @example
 * const model = linearModelAdapter({ weights: [[4, 3, 2, 1]] });
 * const r = await comprehensiveness(model, [1, 1, 1, 1], [0.4, 0.3, 0.2, 0.1], { removal: 'baseline', scale: 'raw', thresholds: [0.25, 0.5] });
 * r.values; // => Float64Array [4, 7]
 * r.aopc; // => 5.5
 */
export function comprehensiveness(adapter: ModelAdapter, tokens: ArrayLike<number>, scores: ArrayLike<number>, options?: AopcOptions): Promise<AopcResult> {
  return aopc('comprehensiveness', 'comprehensiveness', adapter, tokens, scores, options);
}
