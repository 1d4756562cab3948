import { attentionFlow } from '../attention/attentionFlow.js';
import { attentionRollout } from '../attention/attentionRollout.js';
import { AdapterCapabilityError, InputTypeError, ShapeMismatchError } from '../errors/index.js';
import { requireCapability, validateAdapter } from '../internal/adapter.js';
import { checkBoolean, checkEnum, checkInteger, checkNumber, checkOptions } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import type { FloatTensor } from '../types/tensor.js';
import { checkLength, readMaskAndExclude } from './internal/gradientSetup.js';

/** Options of {@link attentionScores}; defaults in {@link ATTENTION_SCORES_DEFAULTS}. */
export interface AttentionScoresOptions {
  /**
   * `'raw'` (default): one layer's attention, heads fused, row renormalised (Abnar's raw baseline,
   * Jain & Wallace's α). `'rollout'`: {@link attentionRollout} of layers 0 … `layer`. `'flow'`:
   * {@link attentionFlow} read out at the output of layer `layer`.
   */
  readonly method?: 'raw' | 'rollout' | 'flow';
  /** 0-based layer in [0, L) (default L − 1, the top layer). */
  readonly layer?: number;
  /** Head fusion (default `'mean'`, Abnar). */
  readonly headFusion?: 'mean' | 'max' | 'min';
  /**
   * Which query row scores the tokens, for self-attention: a position (default 0, the [CLS] row, as
   * Abnar & Zuidema's paper and Chefer read rollout, and the position the committed
   * `TransformerClassifier` pools), `'mean'` (the mean over the rows of the kept positions — the
   * right read-out for a mean-pooled classifier) or `'max'` (the maximum over those rows, Abnar's SST
   * script). Single-query attention has one row, used as it is.
   */
  readonly row?: number | 'mean' | 'max';
  /** Residual Â = rownorm(Ā + I) for `'rollout'` and `'flow'` (default `true`, Abnar). */
  readonly residual?: boolean;
  /** `'rollout'` only: Gildenblat's discard ratio in [0, 1) (default 0). */
  readonly discardRatio?: number;
  /** `'flow'` only: divide the flows of a row by their sum (default `true`, Abnar). */
  readonly normalize?: boolean;
  /** Absolute tolerance on attention row sums (default `1e-5`). */
  readonly rowSumTolerance?: number;
  /** Length-n mask, 1 keeps and 0 hides a position (passed to `forward`); hidden positions score 0. */
  readonly inputMask?: ArrayLike<number>;
  /** Positions set to score 0 (default `[]`), e.g. `[0]` for [CLS]. Scores are not renormalised. */
  readonly exclude?: readonly number[];
}

/** Result of {@link attentionScores}. */
export interface AttentionScoresResult {
  /** Token scores (length n); 0 at `excluded`. */
  readonly scores: Float64Array;
  /** Sorted positions set to 0 (`exclude` ∪ positions hidden by `inputMask`). */
  readonly excluded: Int32Array;
  /** Model outputs `[C]` of the same forward pass. */
  readonly outputs: Float64Array;
  /** The example's attention `[L, H, Q, n]` (row = query, column = key). */
  readonly attention: FloatTensor;
  readonly method: 'raw' | 'rollout' | 'flow';
  readonly layer: number;
  readonly row: number | 'mean' | 'max';
}

/** Defaults of {@link AttentionScoresOptions} (frozen); `layer` defaults to L − 1. */
export const ATTENTION_SCORES_DEFAULTS = Object.freeze({
  method: 'raw' as const,
  headFusion: 'mean' as const,
  row: 0,
  residual: true,
  discardRatio: 0,
  normalize: true,
  rowSumTolerance: 1e-5,
});

const KEYS = ['method', 'layer', 'headFusion', 'row', 'residual', 'discardRatio', 'normalize', 'rowSumTolerance', 'inputMask', 'exclude'] as const;

/**
 * The attention-side explanation of one input as token scores, in one call: runs the model with
 * attention read-out, takes the example's `[L, H, Q, n]` stack and reads it out.
 *
 * - `'raw'`: Ā = fuse_h(A_layer^h); the score of token j is Ā[r, j] / Σ_j' Ā[r, j'] for row r
 *   (`row`), or the mean/max over the kept rows of the renormalised rows. For single-query attention
 *   (`Q = 1`, Jain & Wallace) this is the attention vector α itself.
 * - `'rollout'`: R = Â_layer ⋯ Â_0 with Â = rownorm(Ā + I) ({@link attentionRollout}, Abnar's
 *   defaults); score = R[r, :] (or mean/max over kept rows).
 * - `'flow'`: max-flow from node (layer + 1, r) to each input token ({@link attentionFlow}),
 *   row-normalised by default.
 *
 * Rollout and flow need self-attention (`info.attention.queries === 'tokens'`). Scores at
 * `exclude` and hidden positions are set to 0 afterwards (not renormalised).
 *
 * Model calls: one `forward` call with `returnAttention`.
 *
 * @param adapter - a {@link ModelAdapter} with attention read-out (`info.attention`).
 * @param tokens - token ids (length n ≥ 1).
 * @param options - {@link AttentionScoresOptions}: `method` (`'raw'`), `layer` (L − 1), `headFusion`
 *   (`'mean'`), `row` (0), `residual` (`true`), `discardRatio` (0), `normalize` (`true`),
 *   `rowSumTolerance` (`1e-5`), `inputMask`, `exclude` (`[]`).
 * @returns an {@link AttentionScoresResult}: `scores`, `excluded`, `outputs`, `attention`, `method`,
 *   `layer`, `row`.
 * @throws AdapterCapabilityError if the adapter has no attention, or `'rollout'`/`'flow'` is asked
 *   of single-query attention (before any model call).
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad options or tokens, or
 *   attention the read-out rejects (rows not summing to 1).
 * @see https://arxiv.org/abs/2005.00928 (Abnar & Zuidema 2020)
 * @see https://arxiv.org/abs/1902.10186 (Jain & Wallace 2019)
 * @example
 * // one layer, one head, queries = keys = 2 tokens
 * // single-query (additive) attention over 3 tokens: the scores are the attention vector α
 * const rnn = oneLayerAttentionAdapter({
 *   embeddings: [[0], [1], [2]],
 *   additive: { weight: [[1]], vector: [1] },
 *   classifier: { weights: [[1, -1]] },
 * });
 * const a = await attentionScores(rnn, [0, 1, 2]);
 * a.attention.shape; // => [1, 1, 1, 3]
 * Array.from(a.scores).map((v) => v.toFixed(4)); // => ['0.1735', '0.3716', '0.4549']  (α ∝ exp of tanh of the embedding)
 * // self-attention: the [CLS] row (default), or the mean over rows
 * const sa = oneLayerAttentionAdapter({
 *   embeddings: [[1, 0], [0, 1], [1, 1]],
 *   query: [[1, 0], [0, 1]],
 *   key: [[1, 0], [0, 1]],
 *   classifier: { weights: [[1, -1], [-1, 1]] },
 * });
 * (await attentionScores(sa, [0, 1, 2], { exclude: [0] })).scores[0]; // => 0
 * const roll = await attentionScores(sa, [0, 1, 2], { method: 'rollout', row: 'mean' });
 * roll.scores.reduce((s, v) => s + v, 0); // => 1  (to ~1e-15)
 */
export async function attentionScores(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: AttentionScoresOptions): Promise<AttentionScoresResult> {
  const fn = 'attentionScores';
  const o = checkOptions<AttentionScoresOptions>(fn, options, KEYS);
  validateAdapter(fn, adapter);
  requireCapability(fn, adapter, 'attention');
  const info = adapter.info.attention!;
  const L = info.layers;
  const H = info.heads;
  if (tokens === null || typeof tokens !== 'object' || typeof (tokens as ArrayLike<number>).length !== 'number') {
    throw new InputTypeError(fn, 'tokens must be an array of token ids', tokens);
  }
  const n = tokens.length;
  checkLength(fn, adapter, n);
  const method = o.method === undefined ? ATTENTION_SCORES_DEFAULTS.method : checkEnum(fn, 'method', o.method, ['raw', 'rollout', 'flow'] as const);
  const single = info.queries === 'single';
  if (single && method !== 'raw') {
    throw new AdapterCapabilityError(fn, "attention.queries: 'tokens'", `method '${method}' needs self-attention; this model has a single attention query`);
  }
  const layer = o.layer === undefined ? L - 1 : checkInteger(fn, 'layer', o.layer, 0, L - 1);
  const headFusion = o.headFusion === undefined ? ATTENTION_SCORES_DEFAULTS.headFusion : checkEnum(fn, 'headFusion', o.headFusion, ['mean', 'max', 'min'] as const);
  let row: number | 'mean' | 'max' = ATTENTION_SCORES_DEFAULTS.row;
  if (o.row !== undefined) {
    if (o.row === 'mean' || o.row === 'max') row = o.row;
    else if (typeof o.row === 'number') row = checkInteger(fn, 'row', o.row, 0, single ? 0 : n - 1);
    else throw new InputTypeError(fn, "row must be a position, 'mean' or 'max'", o.row);
  }
  const residual = o.residual === undefined ? ATTENTION_SCORES_DEFAULTS.residual : checkBoolean(fn, 'residual', o.residual);
  if (method === 'raw' && o.residual !== undefined) throw new InputTypeError(fn, "residual applies only to methods 'rollout' and 'flow'", o.residual);
  if (method !== 'rollout' && o.discardRatio !== undefined) throw new InputTypeError(fn, "discardRatio applies only to method 'rollout'", o.discardRatio);
  if (method !== 'flow' && o.normalize !== undefined) throw new InputTypeError(fn, "normalize applies only to method 'flow'", o.normalize);
  const discardRatio = o.discardRatio === undefined ? 0 : checkNumber(fn, 'discardRatio', o.discardRatio, { min: 0, max: 1, maxExclusive: true });
  const normalize = o.normalize === undefined ? true : checkBoolean(fn, 'normalize', o.normalize);
  const rowSumTolerance = o.rowSumTolerance === undefined ? 1e-5 : checkNumber(fn, 'rowSumTolerance', o.rowSumTolerance, { min: 0 });
  const { mask, excluded } = readMaskAndExclude(fn, o.inputMask, o.exclude, n);

  const e = await adapter.embed(tokens);
  const d = adapter.info.embeddingDim;
  if (e.shape.length !== 2 || e.shape[0] !== n || e.shape[1] !== d) {
    throw new ShapeMismatchError(fn, `adapter.embed returned shape [${e.shape.join(', ')}], expected [${n}, ${d}]`, e.shape);
  }
  const r = await adapter.forward(
    { data: Float64Array.from(e.data), shape: [1, n, d] },
    { returnAttention: true, ...(mask === undefined ? {} : { inputMask: { data: mask, shape: [1, n] } }) },
  );
  const Q = single ? 1 : n;
  const size = L * H * Q * n;
  if (r.attention === undefined || r.attention.data.length !== size) {
    throw new ShapeMismatchError(fn, `adapter.forward returned attention of shape [${r.attention?.shape.join(', ') ?? ''}], expected [1, ${L}, ${H}, ${Q}, ${n}]`, r.attention?.shape);
  }
  const attention: FloatTensor = { data: Float64Array.from(r.attention.data), shape: [L, H, Q, n] };
  const outputs = Float64Array.from(r.outputs.data);

  // query rows read: one position, or the kept positions for 'mean' / 'max'
  const rows: number[] = [];
  if (typeof row === 'number' || single) rows.push(typeof row === 'number' ? row : 0);
  else for (let i = 0; i < n; i++) if (mask === undefined || mask[i] === 1) rows.push(i);

  let matrix: Float64Array; // [rows.length, n]
  if (method === 'flow') {
    matrix = attentionFlow(attention, { layer: layer + 1, outputs: rows, headFusion, residual, normalize, rowSumTolerance }).data;
  } else {
    // raw: rownorm of the fused layer = a one-layer rollout without residual
    const first = method === 'raw' ? layer : 0;
    const slice: FloatTensor = {
      data: attention.data.subarray(first * H * Q * n, (layer + 1) * H * Q * n),
      shape: [layer + 1 - first, H, Q, n],
    };
    if (single) matrix = rawSingle(slice.data, H, n, headFusion);
    else {
      matrix = attentionRollout(slice, {
        headFusion,
        residual: method === 'raw' ? false : residual,
        ...(method === 'rollout' ? { discardRatio } : {}),
        rowSumTolerance,
        outputs: rows,
      }).data;
    }
  }
  const scores = new Float64Array(n);
  const m = single ? 1 : rows.length;
  for (let j = 0; j < n; j++) {
    let v = matrix[j]!;
    for (let k = 1; k < m; k++) {
      const w = matrix[k * n + j]!;
      v = row === 'max' ? Math.max(v, w) : v + w;
    }
    scores[j] = row === 'mean' ? v / m : v;
  }
  for (const i of excluded) scores[i] = 0;
  return { scores, excluded, outputs, attention, method, layer, row };
}

/** Fused, renormalised single-query row `[1, n]` of one layer `[1, H, 1, n]`. */
function rawSingle(data: ArrayLike<number>, H: number, n: number, fusion: 'mean' | 'max' | 'min'): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let v = data[j]!;
    for (let h = 1; h < H; h++) {
      const w = data[h * n + j]!;
      v = fusion === 'mean' ? v + w : fusion === 'max' ? Math.max(v, w) : Math.min(v, w);
    }
    out[j] = v;
  }
  let s = 0;
  for (let j = 0; j < n; j++) s += out[j]!;
  for (let j = 0; j < n; j++) out[j] = s > 0 ? out[j]! / s : 0;
  return out;
}
