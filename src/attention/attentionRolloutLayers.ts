import type { FloatTensor, TensorLike } from '../types/tensor.js';
import type { AttentionRolloutOptions } from './attentionRollout.js';
import { planRollout, rolloutEvery } from './internal/rollout.js';

/**
 * Attention rollout after every layer: R_l = Â_l ⋯ Â_1 for l = 1 … L (Abnar's `compute_joint_attention`
 * returns exactly this stack; the paper's table column "Lk" is R_k).
 *
 * Same input, options and validation as {@link attentionRollout} (row = query, column = key). With
 * `startLayer: s` (0-based) the product starts at layer s and the result holds L − s matrices: entry k is
 * Â_{s+k} ⋯ Â_s in 0-based layer numbers, so entry 0 is Â_s itself and the last entry equals
 * `attentionRollout(attention, { startLayer: s })`. With `outputs`, each matrix holds only those rows.
 *
 * Complexity: one pass over the inputs, then O((L − s)·n³) for full matrices; with `outputs`, either
 * O(rows·n²·(L − s)²/2) by row vectors or full products plus a gather, whichever is cheaper.
 *
 * @param attention - attention stack `[layers, heads, n, n]` or `[layers, n, n]` (row = query, column = key).
 * @param options - see {@link AttentionRolloutOptions}.
 * @returns `{ data, shape: [layers − startLayer, rows, n] }`, fresh.
 * @throws InputTypeError, ShapeMismatchError, InputRangeError as {@link attentionRollout}.
 * @see https://github.com/samiraabnar/attention_flow/blob/8044f53/attention_graph_util.py (compute_joint_attention)
 * @example
 * const A1 = [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]];
 * const A2 = [[0.3, 0.4, 0.3], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]];
 * const all = attentionRolloutLayers([A1, A2]);
 * all.shape;
 * // => [2, 3, 3]
 * Array.from(all.data.subarray(0, 3)); // row 0 of R_1 = Â_1 = rownorm(A1 + I)
 * // => [0.8, 0.15, 0.05]
 * Array.from(all.data.subarray(9, 12)); // row 0 of R_2
 * // => [0.5475, 0.255, 0.1975]  (to ~1e-16)
 */
export function attentionRolloutLayers(attention: TensorLike, options?: AttentionRolloutOptions): FloatTensor {
  const plan = planRollout('attentionRolloutLayers', attention, options);
  const { data, count, rows } = rolloutEvery(plan);
  return { data, shape: [count, rows, plan.stack.n] };
}
