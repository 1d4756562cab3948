/**
 * Rollout internals shared by `attentionRollout` and `attentionRolloutLayers` (internal, not exported).
 *
 * @module
 */
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { guardInput, MAX_INPUT_ELEMENTS, readOptions } from '../../internal/guard.js';
import type { TensorLike } from '../../types/tensor.js';
import { matmulInto } from './matmul.js';
import {
  checkProtectedCells,
  fuseLayerInto,
  normalizeStack,
  prepareLayerInto,
  prepareResolved,
  resolvePrepareOptions,
  rowSum,
  rowSumsFilled,
  validateLayers,
  type PrepareAttentionOptions,
  type PrepareWorkspace,
  type ResolvedPrepareOptions,
  type StackShape,
} from './prepareAttention.js';

/**
 * Options of {@link attentionRollout} and {@link attentionRolloutLayers}: the shared preparation options
 * plus the layer range and the rows to compute.
 */
export interface RolloutOptions extends PrepareAttentionOptions {
  readonly startLayer?: number;
  readonly outputs?: readonly number[];
}

const KEYS = ['headFusion', 'residual', 'discardRatio', 'rowSumTolerance', 'protectedCells', 'startLayer', 'outputs'] as const;

/** Validated inputs of a rollout call (values are validated later, in the pass that fuses them). */
export interface RolloutPlan {
  readonly fn: string;
  readonly stack: StackShape;
  readonly prep: ResolvedPrepareOptions;
  /** First layer (0-based) of the product. */
  readonly start: number;
  /** Rows to compute (token indices), or null for all rows. */
  readonly outputs: Int32Array | null;
}

/** Validate options and the input's shape. */
export function planRollout(fn: string, attention: TensorLike, rawOptions: RolloutOptions | undefined): RolloutPlan {
  return guardInput(fn, 'input', () => readPlan(fn, attention, readOptions<RolloutOptions>(fn, rawOptions, KEYS)));
}

function readPlan(fn: string, attention: TensorLike, options: RolloutOptions): RolloutPlan {
  const prep = resolvePrepareOptions(fn, options);
  const stack = normalizeStack(fn, attention);
  const { layers, n } = stack;
  checkProtectedCells(fn, prep, n);
  let start = 0;
  if (options?.startLayer !== undefined) {
    const s: unknown = options.startLayer;
    if (typeof s !== 'number' || !Number.isInteger(s)) throw new InputTypeError(fn, 'startLayer must be an integer', s);
    if (s < 0 || s >= layers) throw new InputRangeError(fn, `startLayer must be an integer in [0, ${layers - 1}] (the stack has ${layers} layers)`, s);
    start = s;
  }
  let outputs: Int32Array | null = null;
  if (options?.outputs !== undefined) {
    const o: unknown = options.outputs;
    if (!Array.isArray(o) && !(ArrayBuffer.isView(o) && !(o instanceof DataView))) {
      throw new InputTypeError(fn, 'outputs must be an array of row (query) indices', o);
    }
    const arr = o as ArrayLike<unknown>;
    if (arr.length === 0) throw new ShapeMismatchError(fn, 'outputs must not be empty (omit it for every row)', o);
    if (arr.length > MAX_INPUT_ELEMENTS / n) {
      throw new InputRangeError(fn, `outputs has ${arr.length} entries: the result [${arr.length}, ${n}] would exceed ${MAX_INPUT_ELEMENTS} elements`, arr.length);
    }
    outputs = new Int32Array(arr.length);
    for (let k = 0; k < arr.length; k++) {
      const v = arr[k];
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputTypeError(fn, `outputs[${k}] must be an integer`, v);
      if (v < 0 || v >= n) throw new InputRangeError(fn, `outputs[${k}] must be a row index in [0, ${n - 1}]`, v);
      outputs[k] = v;
    }
  }
  return { fn, stack, prep, start, outputs };
}

/** inv[i] = 1 / (Σ_j F[i, j] + diag), or 0 for a row summing to 0 (it stays zero, as in residualNormalize). */
function inverseRowSums(f: Float64Array, n: number, diag: number, inv: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const s = rowSum(f, i * n, n) + diag;
    inv[i] = s > 0 ? 1 / s : 0;
  }
}

/** Copy rows `rows` of the n×n matrix at `src[off…]` into a fresh rows.length×n array. */
function gatherRows(src: Float64Array, off: number, n: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * n);
  for (let k = 0; k < rows.length; k++) {
    const b = off + rows[k]! * n;
    out.set(src.subarray(b, b + n), k * n);
  }
  return out;
}

/**
 * Rows `outputs` of Â_top · Â_{top−1} ⋯ Â_start (0-based layers) from the prepared stack `data`, propagated
 * as row vectors from the top: V = Â_top[outputs, :], then V ← V · Â_l for l = top−1 … start.
 * O(rows·(top − start)·n²).
 */
function propagateRows(data: Float64Array, n: number, start: number, top: number, outputs: Int32Array): Float64Array {
  const nn = n * n;
  const m = outputs.length;
  let v: Float64Array = gatherRows(data, top * nn, n, outputs);
  if (top === start) return v;
  let w: Float64Array = new Float64Array(m * n);
  for (let l = top - 1; l >= start; l--) {
    matmulInto(w, 0, v, 0, data, l * nn, m, n);
    const t = v;
    v = w;
    w = t;
  }
  return v;
}

/**
 * R_L (or its rows `outputs`) as `{ data, rows }`, preparing one layer at a time into a reused n×n buffer
 * (the fused stack is never materialised: at n = 512 it would be 25 MB streamed through memory once more).
 * Layers below `start` are validated only.
 */
export function rolloutFinal(plan: RolloutPlan): { data: Float64Array; rows: number } {
  const { fn, stack, prep, start, outputs } = plan;
  const { layers, n } = stack;
  const nn = n * n;
  const ws: PrepareWorkspace = {};
  const layer = new Float64Array(nn);
  if (outputs !== null && outputs.length <= n) {
    // row vectors from the top layer down: rows·n² per layer instead of n³
    const m = outputs.length;
    prepareLayerInto(fn, stack, prep, layers - 1, layer, 0, ws);
    let v: Float64Array = gatherRows(layer, 0, n, outputs);
    let w: Float64Array = new Float64Array(m * n);
    const inv = new Float64Array(n);
    const sums = new Float64Array(n);
    const fromPass = rowSumsFilled(prep, n);
    for (let l = layers - 2; l >= start; l--) {
      // V·Â = (V·D)·F + diag·(V·D) with D = diag(1 / rowsum(F + diag·I)): Â is never written out
      const diag = fuseLayerInto(fn, stack, prep, l, layer, 0, ws, sums);
      if (fromPass) {
        // the validating pass already summed each row of F_l (per head): no extra pass over F_l
        for (let i = 0; i < n; i++) {
          const t = sums[i]! + diag;
          inv[i] = t > 0 ? 1 / t : 0;
        }
      } else inverseRowSums(layer, n, diag, inv);
      for (let r = 0; r < m; r++) for (let i = 0; i < n; i++) v[r * n + i] = v[r * n + i]! * inv[i]!;
      matmulInto(w, 0, v, 0, layer, 0, m, n);
      if (diag !== 0) for (let q = 0; q < m * n; q++) w[q] = w[q]! + diag * v[q]!;
      const t = v;
      v = w;
      w = t;
    }
    validateLayers(fn, stack, prep, 0, start, layer);
    return { data: v, rows: m };
  }
  validateLayers(fn, stack, prep, 0, start, layer);
  let r: Float64Array = new Float64Array(nn);
  prepareLayerInto(fn, stack, prep, start, r, 0, ws);
  let w: Float64Array = new Float64Array(nn);
  for (let l = start + 1; l < layers; l++) {
    prepareLayerInto(fn, stack, prep, l, layer, 0, ws);
    matmulInto(w, 0, layer, 0, r, 0, n, n);
    const t = r;
    r = w;
    w = t;
  }
  if (outputs === null) return { data: r, rows: n };
  return { data: gatherRows(r, 0, n, outputs), rows: outputs.length };
}

/** Every R_l for l = start … L−1 (0-based), each restricted to rows `outputs` when given: `[L − start, rows, n]`. */
export function rolloutEvery(plan: RolloutPlan): { data: Float64Array; count: number; rows: number } {
  const { fn, stack, prep, start, outputs } = plan;
  const { layers, n } = stack;
  const nn = n * n;
  const count = layers - start;
  const ws: PrepareWorkspace = {};
  const layer = new Float64Array(nn);
  validateLayers(fn, stack, prep, 0, start, layer);
  if (outputs === null) {
    const out = new Float64Array(count * nn);
    prepareLayerInto(fn, stack, prep, start, out, 0, ws);
    for (let k = 1; k < count; k++) {
      prepareLayerInto(fn, stack, prep, start + k, layer, 0, ws);
      matmulInto(out, k * nn, layer, 0, out, (k - 1) * nn, n, n);
    }
    return { data: out, count, rows: n };
  }
  const m = outputs.length;
  const out = new Float64Array(count * m * n);
  // vectors: m·n²·count(count+1)/2 multiply-adds; matrices: (count − 1)·n³ plus a gather
  const vectorCost = m * ((count * (count + 1)) / 2);
  const matrixCost = (count - 1) * n;
  if (vectorCost <= matrixCost || count === 1) {
    const prepared = prepareResolved(fn, stack, prep).data;
    for (let k = 0; k < count; k++) out.set(propagateRows(prepared, n, start, start + k, outputs), k * m * n);
  } else {
    let r: Float64Array = new Float64Array(nn);
    prepareLayerInto(fn, stack, prep, start, r, 0, ws);
    let w: Float64Array = new Float64Array(nn);
    out.set(gatherRows(r, 0, n, outputs), 0);
    for (let k = 1; k < count; k++) {
      prepareLayerInto(fn, stack, prep, start + k, layer, 0, ws);
      matmulInto(w, 0, layer, 0, r, 0, n, n);
      const t = r;
      r = w;
      w = t;
      out.set(gatherRows(r, 0, n, outputs), k * m * n);
    }
  }
  return { data: out, count, rows: m };
}
