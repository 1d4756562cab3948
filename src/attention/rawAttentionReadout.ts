import { InputTypeError } from '../errors/index.js';
import { checkEnum, checkInteger } from '../internal/options.js';
import { readOptions } from '../internal/guard.js';
import type { TensorLike } from '../types/tensor.js';
import { fuseHeads, normalizeStack, resolvePrepareOptions } from './internal/prepareAttention.js';

/** Options of {@link rawAttentionReadout}. */
export interface RawAttentionReadoutOptions {
  /**
   * `'row'` (default): the fused row `row` renormalised to sum to 1 — Abnar's subject–verb script
   * (`Σ_h A_l^h[out, :]` divided by its sum). `'maxOverRows'`: max_i Ā_l[i, j] of the head-fused layer, not
   * renormalised — Abnar's SST script (`(A.sum(1)/H)[layer].max(axis=0)`).
   */
  readonly reduce?: 'row' | 'maxOverRows';
  /** Query row for `reduce: 'row'` (default 0, the CLS position). Not allowed with `'maxOverRows'`. */
  readonly row?: number;
  /** Head fusion (default `'mean'`; the sum of the SV script gives the same renormalised row). */
  readonly headFusion?: 'mean' | 'max' | 'min';
  /** Absolute tolerance on each input row sum of the chosen layer (default `1e-5`). */
  readonly rowSumTolerance?: number;
}

/**
 * The raw-attention baseline of Abnar & Zuidema: one layer's attention, heads fused, read out per input token —
 * either one query row renormalised to sum to 1 (`reduce: 'row'`, SV script) or the maximum over query rows
 * (`reduce: 'maxOverRows'`, SST script). No residual, no product over layers.
 *
 * Input `attention` is a stack `[layers, heads, n, n]` (or `[layers, n, n]`), row = query, column = key. Only
 * layer `layer` is read and validated (finite, non-negative, rows summing to 1 within `rowSumTolerance`).
 *
 * Complexity O(H·n²).
 *
 * @param attention - attention stack: nested arrays, `{ data, shape }` or `{ data, dims }` (row = query).
 * @param layer - 0-based layer index in [0, L) (Abnar's tables number layers from 1: "L1" is `layer = 0`).
 * @param options - see {@link RawAttentionReadoutOptions}.
 * @returns a fresh `Float64Array` of length n.
 * @throws InputTypeError if `attention` is not an array/tensor, `layer`/`row` is not an integer, or an option
 *   is unknown, has the wrong type, or `row` is given with `reduce: 'maxOverRows'`.
 * @throws ShapeMismatchError if the stack is empty, ragged, not rank 3/4 or not square.
 * @throws InputRangeError if `layer` or `row` is out of range, or a value of that layer is non-finite, negative,
 *   or a row does not sum to 1 within `rowSumTolerance`.
 * @see https://github.com/samiraabnar/attention_flow/blob/8044f53/run_bert_sv.py (get_raw_att_relevance)
 * @see https://github.com/samiraabnar/attention_flow/blob/8044f53/compute_corel_distilbert_sst.py (get_raw_att_relevance)
 * @example
 * // one layer, two heads, n = 2
 * const att = [[[[0.5, 0.5], [0.2, 0.8]], [[0.7, 0.3], [0.4, 0.6]]]];
 * rawAttentionReadout(att, 0, { row: 1 }); // (0.2 + 0.4, 0.8 + 0.6) / 2
 * // => Float64Array [0.3, 0.7]  (to ~1e-16)
 * rawAttentionReadout(att, 0, { reduce: 'maxOverRows' }); // max over rows of [[0.6, 0.4], [0.3, 0.7]]
 * // => Float64Array [0.6, 0.7]  (to ~1e-16)
 */
export function rawAttentionReadout(attention: TensorLike, layer: number, options?: RawAttentionReadoutOptions): Float64Array {
  const fn = 'rawAttentionReadout';
  const o = readOptions<RawAttentionReadoutOptions>(fn, options, ['reduce', 'row', 'headFusion', 'rowSumTolerance']);
  const reduce = o.reduce === undefined ? 'row' : checkEnum(fn, 'reduce', o.reduce, ['row', 'maxOverRows'] as const);
  const prep = resolvePrepareOptions(fn, {
    ...(o.headFusion === undefined ? {} : { headFusion: o.headFusion }),
    ...(o.rowSumTolerance === undefined ? {} : { rowSumTolerance: o.rowSumTolerance }),
  });
  if (reduce === 'maxOverRows' && o.row !== undefined) {
    throw new InputTypeError(fn, "row applies only to reduce: 'row'", o.row);
  }
  const stack = normalizeStack(fn, attention);
  const { layers, heads, n } = stack;
  checkInteger(fn, 'layer', layer, 0, layers - 1);
  const row = o.row === undefined ? 0 : checkInteger(fn, 'row', o.row, 0, n - 1);
  const fused = fuseHeads(fn, 'attention', stack, prep.headFusion, prep.rowSumTolerance, layer, layer + 1);
  // mean fusion returns the head sum; divide by H as the SST script does (`sum(axis=1)/H`)
  const scale = prep.headFusion === 'mean' ? heads : 1;
  const out = new Float64Array(n);
  if (reduce === 'row') {
    let s = 0;
    for (let j = 0; j < n; j++) s += fused[row * n + j]!;
    // a fused row of a valid layer sums to ≈1·scale > 0 unless rowSumTolerance admits all-zero rows
    for (let j = 0; j < n; j++) out[j] = s > 0 ? fused[row * n + j]! / s : 0;
  } else {
    for (let j = 0; j < n; j++) out[j] = fused[j]! / scale;
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = fused[i * n + j]! / scale;
        if (v > out[j]!) out[j] = v;
      }
    }
  }
  return out;
}
