import type { ModelAdapter } from '../types/adapter.js';
import { aopc, type AopcOptions, type AopcResult } from './internal/aopc.js';

/**
 * Sufficiency (DeYoung et al. 2020, ERASER): how much the target probability drops when ONLY the
 * explanation's top tokens are kept (the excluded positions, e.g. `[CLS]`, are kept too), averaged over
 * rationale sizes (AOPC). Lower is better.
 *
 *   s_p = g(x) − g(r_p),   r_p = the top-k rationale at threshold p, in its original order.
 *
 * Thresholds, `k`, `onlyPositive` and the AOPC follow `variant` exactly as in {@link comprehensiveness};
 * with `variant: 'ferret'` the result is **1** when no threshold is kept (REFERENCE F8). Removal defaults
 * to `'delete'` (the kept tokens form a shorter input); `'mask'`/`'baseline'` replace the other tokens.
 *
 * Cost: one perturbed input per kept threshold, batched (`'delete'`: one call per rationale size).
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param scores - the explanation, one score per token.
 * @param options - {@link AopcOptions}, defaults as in {@link comprehensiveness} (`AOPC_DEFAULTS`).
 * @returns `{ aopc, thresholds, sizes, values, fullValue, variant, onlyPositive, removal, scale, excluded, target, outputs }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens, scores or options.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://arxiv.org/abs/1911.03429 (DeYoung et al. 2020, ERASER)
 * @see https://github.com/g8a9/ferret/blob/main/ferret/evaluators/faithfulness_measures.py
 * @example
 * const model = linearModelAdapter({ weights: [[4, 3, 2, 1]] });
 * const r = await sufficiency(model, [1, 1, 1, 1], [0.4, 0.3, 0.2, 0.1], { removal: 'baseline', scale: 'raw', thresholds: [0.25, 0.5] });
 * r.values; // => Float64Array [6, 3]
 * r.aopc; // => 4.5
 */
export function sufficiency(adapter: ModelAdapter, tokens: ArrayLike<number>, scores: ArrayLike<number>, options?: AopcOptions): Promise<AopcResult> {
  return aopc('sufficiency', 'sufficiency', adapter, tokens, scores, options);
}
