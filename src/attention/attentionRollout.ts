import type { FloatTensor, TensorLike } from '../types/tensor.js';
import { PREPARE_ATTENTION_DEFAULTS } from './internal/prepareAttention.js';
import { planRollout, rolloutFinal } from './internal/rollout.js';

/** The defaults of {@link AttentionRolloutOptions} (frozen); `outputs` defaults to every row. */
export const ATTENTION_ROLLOUT_DEFAULTS = Object.freeze({ ...PREPARE_ATTENTION_DEFAULTS, startLayer: 0 });

/**
 * Options of {@link attentionRollout} and {@link attentionRolloutLayers}. Every default, and the anchor it
 * matches (REFERENCE §1.1; `docs/rollout.md`):
 *
 * | option | default | anchor |
 * |---|---|---|
 * | `headFusion` | `'mean'` | Abnar (`sum(axis=1)/H`), Chefer, Gildenblat's class default |
 * | `residual` | `true`: Â = rownorm(Ā + I) | Abnar `add_residual=True`, Chefer, Gildenblat (`(Ā+I)/2`, then row-normalised) |
 * | `discardRatio` | `0` | Abnar, Chefer (Gildenblat's code defaults to 0.9) |
 * | `protectedCells` | `[[0, 0]]` | Gildenblat's `indices != 0` guard (only the [CLS→CLS] cell) |
 * | `rowSumTolerance` | `1e-5` (absolute, per input row) | — (float32 softmax) |
 * | `startLayer` | `0` | Abnar; Chefer's `start_layer` |
 * | `outputs` | all rows | Abnar/Chefer return the full matrix |
 */
export interface AttentionRolloutOptions {
  /**
   * Element-wise fusion of the heads of each layer: `'mean'` (default), `'max'` or `'min'` (Gildenblat's
   * `head_fusion`). Ignored for rank-3 input, whose heads are already fused.
   */
  readonly headFusion?: 'mean' | 'max' | 'min';
  /**
   * `true` (default): Â_l = rownorm(Ā_l + I), the residual connection (Abnar, Chefer, Gildenblat).
   * `false`: Â_l = rownorm(Ā_l) — for mean fusion without discard that is Ā_l up to the input's own row-sum
   * error (Abnar's `add_residual=False`); for max/min fusion or a discard the rows are renormalised so that
   * the rollout stays row-stochastic. Exception: a row of Ā_l left all-zero (by the discard, or by min fusion of
   * heads with disjoint support) stays zero, and the mass that reaches it is lost, so rollout rows can then sum
   * to less than 1. The residual (default) rules this out.
   */
  readonly residual?: boolean;
  /**
   * Gildenblat's discard, in [0, 1) (default 0): per layer, the `floor(n²·discardRatio)` smallest entries of the
   * fused matrix Ā_l (ties: lower flat index first) are set to 0 before the residual, except `protectedCells`.
   * The row normalisation afterwards is done per row (keepdim), fixing jacobgil/vit-explain#16.
   */
  readonly discardRatio?: number;
  /**
   * Cells `[query, key]` the discard never zeroes (default `[[0, 0]]`: the [CLS→CLS] cell, exactly what
   * Gildenblat's `rollout` protects despite its comment "don't drop the class token"). A protected cell that
   * is among the smallest still uses up its slot (it is kept, not replaced), as upstream. `[]` protects nothing
   * (Gildenblat's `grad_rollout`).
   */
  readonly protectedCells?: ReadonlyArray<readonly [number, number]>;
  /**
   * Absolute tolerance on the sum of every input row, |Σ_j A[l,h,i,j] − 1| ≤ tol (default `1e-5`, float32
   * softmax). Use about `1e-2` for float16/bfloat16 attention and `Infinity` for non-negative weights that are
   * not distributions (e.g. gradient-weighted attention).
   */
  readonly rowSumTolerance?: number;
  /**
   * First layer of the product, 0-based (default 0): R = Â_L ⋯ Â_{startLayer+1} in 1-based layer numbers
   * (Chefer's `start_layer`; Chefer's "transformer attribution" uses 11 on BERT-base, i.e. the last layer only).
   * Layers below it are still validated.
   */
  readonly startLayer?: number;
  /**
   * Compute only these rows (query/token indices, integers in [0, n), duplicates allowed, non-empty); row k of
   * the result is token `outputs[k]`. Propagates row vectors, O(L·n²) per row instead of O(L·n³).
   */
  readonly outputs?: readonly number[];
}

/**
 * Attention rollout (Abnar & Zuidema 2020): the product of the per-layer attention matrices,
 * R_L = Â_L · Â_{L−1} ⋯ Â_1 (higher layer on the left), with Â_l = rownorm(fuse_h(A_l^h) + I).
 *
 * Input `attention` is a stack `[layers, heads, n, n]` (or `[layers, n, n]`, heads already fused), row = query
 * ("from"), column = key ("to"), each row a distribution. Output row i is how much of token i's representation
 * in the top layer traces back to each input token; every row sums to 1.
 *
 * Per layer: fuse heads element-wise (`headFusion`), discard the smallest fused weights (`discardRatio`,
 * `protectedCells`), add the residual and row-normalise (`residual`); then multiply from `startLayer` up.
 * With the defaults this is exactly Abnar's `compute_joint_attention(att.mean(1), add_residual=True)[-1]`
 * and Chefer's `compute_rollout_attention(..., start_layer=0)`; with `discardRatio`/`headFusion` it is
 * Gildenblat's `rollout` with the row normalisation fixed.
 *
 * Complexity: one pass over the L·H·n² inputs (validation fused with head fusion), then O((L − s)·n³) for the
 * full matrix or O(rows·(L − s)·n²) with `outputs`. The input is never mutated; a typed-array input is read in
 * place.
 *
 * @param attention - attention stack `[layers, heads, n, n]` or `[layers, n, n]`: nested arrays,
 *   `{ data, shape }` or `{ data, dims }` (row = query, column = key).
 * @param options - see {@link AttentionRolloutOptions}.
 * @returns `{ data, shape: [rows, n] }` (rows = n, or `outputs.length`), row = output token, column = input token. Fresh.
 * @throws InputTypeError if `attention` is not an array/tensor, or an option has the wrong type or is unknown.
 * @throws ShapeMismatchError if the stack is empty, ragged, not rank 3/4 or not square; if `outputs` is empty.
 * @throws InputRangeError if a value is non-finite or negative, a row does not sum to 1 within
 *   `rowSumTolerance`, or an option is out of range (`discardRatio` ∉ [0, 1), `startLayer` ∉ [0, L), an output
 *   index ∉ [0, n), a protected cell outside the matrix).
 * @see https://arxiv.org/abs/2005.00928 (Abnar & Zuidema, Quantifying Attention Flow in Transformers)
 * @see https://github.com/samiraabnar/attention_flow/blob/8044f53/attention_graph_util.py (compute_joint_attention)
 * @see https://github.com/jacobgil/vit-explain/blob/15a81d3/vit_rollout.py (discard, head fusion)
 * @see https://github.com/hila-chefer/Transformer-Explainability/blob/c3e578f/BERT_explainability/modules/BERT/ExplanationGenerator.py (start_layer)
 * @example
 * // REFERENCE F1: two layers, heads already fused
 * const A1 = [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]];
 * const A2 = [[0.3, 0.4, 0.3], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6]];
 * toNested(attentionRollout([A1, A2]));
 * // => [[0.5475, 0.255, 0.1975], [0.26875, 0.5125, 0.21875], [0.13, 0.13, 0.74]]  (to ~1e-16)
 * toNested(attentionRollout([A1, A2], { residual: false }));
 * // => [[0.29, 0.32, 0.39], [0.375, 0.3, 0.325], [0.22, 0.22, 0.56]]  (to ~1e-16)
 * attentionRollout([A1, A2], { outputs: [0] }).shape;
 * // => [1, 3]
 */
export function attentionRollout(attention: TensorLike, options?: AttentionRolloutOptions): FloatTensor {
  const plan = planRollout('attentionRollout', attention, options);
  const { data, rows } = rolloutFinal(plan);
  return { data, shape: [rows, plan.stack.n] };
}
