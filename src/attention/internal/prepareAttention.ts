/**
 * Shared attention preparation for rollout and flow: validate an attention stack, fuse heads,
 * discard the smallest fused weights, add the residual and row-normalise.
 *
 * Orientation: row = query ("from"), column = key ("to"); each row of a softmax attention sums to 1.
 *
 * Internal module (not re-exported from the public barrels).
 *
 * @module
 */
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { checkNestedInput, guardInput } from '../../internal/guard.js';
import { formatIndex, normalizeTensor } from '../../internal/tensor.js';
import type { TensorLike } from '../../types/tensor.js';
import { simdFuseMean } from './fuseMeanSimd.js';

/** How the heads of one layer are fused into one n×n matrix Ā_l (element-wise over the head axis). */
export type HeadFusion = 'mean' | 'max' | 'min';

/**
 * Options shared by every function that prepares an attention stack (rollout, flow).
 *
 * Defaults (also in {@link PREPARE_ATTENTION_DEFAULTS}): `headFusion: 'mean'` (Abnar, Chefer, Gildenblat's
 * class default), `residual: true` (Abnar: Â = rownorm(Ā + I)), `discardRatio: 0` (no discard; Gildenblat's
 * code defaults to 0.9), `rowSumTolerance: 1e-5`, `protectedCells: [[0, 0]]` (Gildenblat's guard of the
 * [CLS→CLS] cell).
 */
export interface PrepareAttentionOptions {
  /** Element-wise fusion over the head axis (default `'mean'`). Ignored for rank-3 input (heads already fused). */
  readonly headFusion?: HeadFusion;
  /**
   * Add the identity for the residual connection before row normalisation (default `true`):
   * Â = rownorm(Ā + I), as Abnar's `compute_joint_attention(add_residual=True)`, Chefer and Gildenblat.
   * With `false`, Â = rownorm(Ā): for mean fusion without discard that is Ā itself up to the input's own
   * row-sum error (Abnar's `add_residual=False`); for max/min fusion or a discard it makes the rows sum to 1
   * again, as Gildenblat's (fixed) normalisation does.
   */
  readonly residual?: boolean;
  /**
   * Fraction in [0, 1) of the fused matrix's entries to set to 0 per layer, Gildenblat's discard (default 0):
   * the `floor(n²·discardRatio)` smallest entries of Ā_l (ties broken by the lower flat index), minus
   * {@link protectedCells}, are zeroed before the residual is added.
   */
  readonly discardRatio?: number;
  /**
   * Absolute tolerance on every input row sum: |Σ_j A[l,h,i,j] − 1| ≤ rowSumTolerance (default `1e-5`, enough
   * for a float32 softmax; use ~1e-2 for float16/bfloat16 attention, `Infinity` to accept unnormalised
   * non-negative weights).
   */
  readonly rowSumTolerance?: number;
  /**
   * Cells `[query, key]` the discard never zeroes (default `[[0, 0]]`, the [CLS→CLS] cell, as Gildenblat's
   * `rollout`). A protected cell still counts towards `floor(n²·discardRatio)`: when it is among the smallest
   * it is simply kept, not replaced by the next-smallest cell (as upstream). `[]` protects nothing
   * (Gildenblat's `grad_rollout`).
   */
  readonly protectedCells?: ReadonlyArray<readonly [number, number]>;
}

/** The defaults of {@link PrepareAttentionOptions}. */
export const PREPARE_ATTENTION_DEFAULTS = Object.freeze({
  headFusion: 'mean' as HeadFusion,
  residual: true,
  discardRatio: 0,
  rowSumTolerance: 1e-5,
  protectedCells: Object.freeze([Object.freeze([0, 0] as const)]) as ReadonlyArray<readonly [number, number]>,
});

/** Result of {@link prepareAttention}: Â for every layer, row = query. */
export interface PreparedAttention {
  /** `[layers, n, n]` row-major; `data[l·n² + i·n + j]` = Â_{l+1}[i, j] (row = query i, column = key j). Fresh. */
  readonly data: Float64Array;
  /** Number of layers L. */
  readonly layers: number;
  /** Sequence length n. */
  readonly n: number;
}

/** Whether {@link fuseLayerInto} fills `rowSums` for these options (mean fusion, no discard). */
export function rowSumsFilled(o: ResolvedPrepareOptions, n: number): boolean {
  return o.headFusion === 'mean' && Math.floor(n * n * o.discardRatio) === 0;
}

/** Validated, defaulted option values (internal). */
export interface ResolvedPrepareOptions {
  readonly headFusion: HeadFusion;
  readonly residual: boolean;
  readonly discardRatio: number;
  readonly rowSumTolerance: number;
  readonly protectedCells: ReadonlyArray<readonly [number, number]>;
}

const FUSIONS: readonly HeadFusion[] = ['mean', 'max', 'min'];

/** Validate the values of the prepare options (unknown keys are the caller's business). */
export function resolvePrepareOptions(fn: string, options: PrepareAttentionOptions | undefined): ResolvedPrepareOptions {
  const o = (options ?? {}) as Record<string, unknown>;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new InputTypeError(fn, 'options must be an object', options);
  const headFusion = o['headFusion'] === undefined ? PREPARE_ATTENTION_DEFAULTS.headFusion : o['headFusion'];
  if (typeof headFusion !== 'string' || !(FUSIONS as readonly string[]).includes(headFusion)) {
    throw new InputTypeError(fn, `headFusion must be one of 'mean', 'max', 'min'`, headFusion);
  }
  const residual = o['residual'] === undefined ? PREPARE_ATTENTION_DEFAULTS.residual : o['residual'];
  if (typeof residual !== 'boolean') throw new InputTypeError(fn, 'residual must be a boolean', residual);
  const discardRatio = o['discardRatio'] === undefined ? PREPARE_ATTENTION_DEFAULTS.discardRatio : o['discardRatio'];
  if (typeof discardRatio !== 'number' || Number.isNaN(discardRatio)) throw new InputTypeError(fn, 'discardRatio must be a number', discardRatio);
  if (!(discardRatio >= 0 && discardRatio < 1)) throw new InputRangeError(fn, 'discardRatio must be in [0, 1)', discardRatio);
  const tol = o['rowSumTolerance'] === undefined ? PREPARE_ATTENTION_DEFAULTS.rowSumTolerance : o['rowSumTolerance'];
  if (typeof tol !== 'number' || Number.isNaN(tol)) throw new InputTypeError(fn, 'rowSumTolerance must be a number', tol);
  if (!(tol >= 0)) throw new InputRangeError(fn, 'rowSumTolerance must be >= 0 (Infinity disables the row-sum check)', tol);
  const pc = o['protectedCells'] === undefined ? PREPARE_ATTENTION_DEFAULTS.protectedCells : o['protectedCells'];
  if (!Array.isArray(pc)) throw new InputTypeError(fn, 'protectedCells must be an array of [query, key] pairs', pc);
  const cells: Array<readonly [number, number]> = [];
  for (let c = 0; c < pc.length; c++) {
    const cell: unknown = pc[c];
    if (!Array.isArray(cell) || cell.length !== 2 || !Number.isInteger(cell[0]) || !Number.isInteger(cell[1])) {
      throw new InputTypeError(fn, `protectedCells[${c}] must be a [query, key] pair of integers`, cell);
    }
    cells.push([cell[0] as number, cell[1] as number]);
  }
  return { headFusion: headFusion as HeadFusion, residual, discardRatio, rowSumTolerance: tol, protectedCells: cells };
}

/** Shape of a validated stack. */
export interface StackShape {
  readonly data: ArrayLike<number>;
  readonly layers: number;
  readonly heads: number;
  readonly n: number;
  /** Shape as given (rank 3 or 4), for error indices. */
  readonly shape: readonly number[];
}

/**
 * Normalise `attention` to a flat buffer (the caller's typed array is read in place) and check its shape:
 * rank 4 `[layers, heads, n, n]` or rank 3 `[layers, n, n]` (heads already fused), square, non-empty.
 * Values are checked later, fused into the pass that reads them ({@link fuseHeads}).
 */
export function normalizeStack(fn: string, attention: TensorLike, name = 'attention'): StackShape {
  return guardInput(fn, name, () => readStack(fn, attention, name));
}

function readStack(fn: string, attention: TensorLike, name: string): StackShape {
  checkNestedInput(fn, name, attention);
  const t = normalizeTensor(fn, name, attention, { rank: [3, 4], finite: false, nonEmpty: true });
  const shape = t.shape;
  const r = shape.length;
  const n = shape[r - 1]!;
  if (shape[r - 2] !== n) {
    throw new ShapeMismatchError(fn, `${name} must be square in its last two axes (query × key), found shape [${shape.join(', ')}]`, shape);
  }
  // a plain number[] (from { data: number[] }) is copied once into a Float64Array so that the hot loops only
  // ever see typed arrays; typed arrays are read in place
  const data = Array.isArray(t.data) ? Float64Array.from(t.data) : t.data;
  return { data, layers: shape[0]!, heads: r === 4 ? shape[1]! : 1, n, shape };
}

/** Throw the error describing the first bad value of a row that failed the fused check. */
function diagnoseRow(fn: string, name: string, data: ArrayLike<number>, shape: readonly number[], base: number, n: number, tol: number): never {
  for (let j = 0; j < n; j++) {
    const v = data[base + j]!;
    if (v - v !== 0) throw new InputRangeError(fn, `${name}${formatIndex(base + j, shape)} must be finite`, v);
  }
  for (let j = 0; j < n; j++) {
    const v = data[base + j]!;
    if (v < 0) throw new InputRangeError(fn, `${name}${formatIndex(base + j, shape)} must be non-negative`, v);
  }
  let sum = 0;
  for (let j = 0; j < n; j++) sum += data[base + j]!;
  const rowIdx = formatIndex(base, shape).replace(/\[\d+\]$/, '');
  throw new InputRangeError(
    fn,
    `row ${name}${rowIdx} must sum to 1 within rowSumTolerance ${tol} (row = query; is the stack transposed or pre-softmax?)`,
    sum,
  );
}

/**
 * One pass over the input: validate every value (finite, ≥ 0) and every row sum, and fuse the heads
 * element-wise over layers `[l0, l1)` into `out` (default: a fresh `[l1 − l0, n, n]` buffer; row = query).
 *
 * For `'mean'` the buffer holds the head **sum** S = H·Ā (the caller divides or folds 1/H into the row
 * normalisation); for `'max'`/`'min'` it holds Ā. With `rowSums` (mean fusion only) it also writes
 * rowsum_i(S) of every layer there (`[l1 − l0, n]`), the sum of the head rows' sums.
 *
 * Mean fusion of a Float32Array or Float64Array stack with H·n² ≥ 1024 runs through the WebAssembly SIMD kernel
 * of `fuseMeanSimd.ts` when the engine has one (≈ 2× faster at n = 512 with the chunked copy into its memory;
 * docs/rollout.md); its fused values equal {@link fuseHeadsScalar}'s, its row sums differ only in the grouping of
 * the additions (≈ 1e-16 relative, at most 2(n − 1)·2⁻⁵³). A layer in which it sees a value < 0 or a row sum
 * failing the check is redone by {@link fuseHeadsScalar}, so a bad input raises exactly the scalar kernel's
 * error (only a row sum within a few ulps of 1 ± `tol` may pass here and fail there). Other inputs, fusions and
 * smaller layers run {@link fuseHeadsScalar}.
 */
export function fuseHeads(
  fn: string,
  name: string,
  stack: StackShape,
  fusion: HeadFusion,
  tol: number,
  l0 = 0,
  l1 = stack.layers,
  out: Float64Array = new Float64Array((l1 - l0) * stack.n * stack.n),
  rowSums?: Float64Array,
): Float64Array {
  const { data, heads: H, n } = stack;
  if (fusion !== 'mean' || H * n * n < SIMD_MIN_LAYER || !(data instanceof Float32Array || data instanceof Float64Array)) {
    return fuseHeadsScalar(fn, name, stack, fusion, tol, l0, l1, out, rowSums);
  }
  const nn = n * n;
  const sums = new Float64Array(n * H); // per layer: Σ_j A[l, h, i, j] at i·H + h
  for (let l = l0; l < l1; l++) {
    const ob = (l - l0) * nn;
    const rb = (l - l0) * n;
    if (simdFuseMean(data, l * H * nn, H, n, out, ob, sums) === 0 && headRowsOk(sums, tol)) {
      if (rowSums !== undefined) rowSumsFromHeads(sums, H, n, rowSums, rb);
    } else {
      fuseHeadsScalar(fn, name, stack, fusion, tol, l, l + 1, out.subarray(ob, ob + nn), rowSums?.subarray(rb, rb + n));
    }
  }
  return out;
}

/**
 * Smallest layer (H·n² values) sent to the SIMD kernel: below it the per-layer set-up (chunk copies, the call)
 * costs more than it saves (measured, L = H = 12: n = 8 0.7–0.85× the scalar speed, n = 16 1.3–1.5×, n ≥ 32 ≥ 2×).
 */
const SIMD_MIN_LAYER = 1024;

/** Whether every head-row sum passes {@link sumOk}. */
function headRowsOk(sums: Float64Array, tol: number): boolean {
  for (let q = 0; q < sums.length; q++) if (!sumOk(sums[q]!, tol)) return false;
  return true;
}

/**
 * rowsum_i(S) from the head-row sums `sums[i·H + h]` into `rowSums[rb + i]`, grouped as {@link fuseHeadsScalar}
 * groups them (heads in fours `(s0 + s1) + (s2 + s3)`, then a pair, then a single head, each added in turn).
 */
function rowSumsFromHeads(sums: Float64Array, H: number, n: number, rowSums: Float64Array, rb: number): void {
  for (let i = 0; i < n; i++) {
    const b = i * H;
    let acc = 0;
    let h = 0;
    for (; h + 4 <= H; h += 4) {
      const g = sums[b + h]! + sums[b + h + 1]! + (sums[b + h + 2]! + sums[b + h + 3]!);
      acc = h === 0 ? g : acc + g;
    }
    if (h + 2 <= H) {
      const g = sums[b + h]! + sums[b + h + 1]!;
      acc = h === 0 ? g : acc + g;
      h += 2;
    }
    if (h < H) acc = h === 0 ? sums[b + h]! : acc + sums[b + h]!;
    rowSums[rb + i] = acc;
  }
}

/**
 * The scalar (plain JavaScript) kernel of {@link fuseHeads}, same contract; every input kind and fusion.
 *
 * Heads are read four (mean) or two at a time so the output row is loaded and stored once per group; each input
 * value is read exactly once. A bad row is reported for the first bad head row met in that order (query row by
 * query row within a group of heads).
 */
export function fuseHeadsScalar(
  fn: string,
  name: string,
  stack: StackShape,
  fusion: HeadFusion,
  tol: number,
  l0 = 0,
  l1 = stack.layers,
  out: Float64Array = new Float64Array((l1 - l0) * stack.n * stack.n),
  rowSums?: Float64Array,
): Float64Array {
  const { data, heads: H, n, shape } = stack;
  const nn = n * n;
  const mode = fusion === 'mean' ? 0 : fusion === 'max' ? 1 : 2;
  const st = new Float64Array(5); // per group of rows: the row sums, then the "some value < 0" flag
  for (let l = l0; l < l1; l++) {
    const ob = (l - l0) * nn;
    let h = 0;
    if (mode === 0) {
      for (; h + 4 <= H; h += 4) {
        const hb = (l * H + h) * nn;
        for (let i = 0; i < n; i++) {
          const b0 = hb + i * n;
          const bad = fuseRowQuad(data, b0, nn, out, ob + i * n, n, h === 0, tol, st);
          if (bad >= 0) diagnoseRow(fn, name, data, shape, b0 + bad * nn, n, tol);
          if (rowSums !== undefined) {
            const r = (l - l0) * n + i;
            const g = st[0]! + st[1]! + (st[2]! + st[3]!);
            rowSums[r] = h === 0 ? g : rowSums[r]! + g;
          }
        }
      }
    }
    for (; h + 2 <= H; h += 2) {
      const hb = (l * H + h) * nn;
      for (let i = 0; i < n; i++) {
        const b0 = hb + i * n;
        const b1 = b0 + nn;
        const bad = fuseRowPair(data, b0, b1, out, ob + i * n, n, h === 0, mode, tol, st);
        if (bad !== 0) diagnoseRow(fn, name, data, shape, bad === 1 ? b0 : b1, n, tol);
        if (rowSums !== undefined && mode === 0) {
          const r = (l - l0) * n + i;
          const g = st[0]! + st[1]!;
          rowSums[r] = h === 0 ? g : rowSums[r]! + g;
        }
      }
    }
    if (h < H) {
      const hb = (l * H + h) * nn;
      for (let i = 0; i < n; i++) {
        const b0 = hb + i * n;
        if (!fuseRow(data, b0, out, ob + i * n, n, h === 0, mode, tol, st)) diagnoseRow(fn, name, data, shape, b0, n, tol);
        if (rowSums !== undefined && mode === 0) {
          const r = (l - l0) * n + i;
          rowSums[r] = h === 0 ? st[0]! : rowSums[r]! + st[0]!;
        }
      }
    }
  }
  return out;
}

/**
 * Whether a row sum passes: finite and within `tol` of 1. A NaN or ±Infinity anywhere in the row makes its sum
 * NaN or ±Infinity (the float64 sum of non-negative float32 values cannot overflow), so together with the
 * kernels' "some value < 0" flag this is the complete per-value check (finite, ≥ 0) without a minimum per value.
 */
function sumOk(s: number, tol: number): boolean {
  return s - s === 0 && Math.abs(s - 1) <= tol;
}

/** Whether the row `d[b..b+n)` holds a negative value (slow path, only after a kernel raised its flag). */
function hasNegative(d: ArrayLike<number>, b: number, n: number): boolean {
  for (let j = 0; j < n; j++) if (d[b + j]! < 0) return true;
  return false;
}

/**
 * Mean fusion of four head rows (at `b0`, `b0 + nn`, `b0 + 2nn`, `b0 + 3nn`) into `out[o..o+n)`; `first` = these
 * are heads 0–3 (assign instead of add). Returns −1 if all four rows are valid, else the index 0–3 of the first
 * bad one. Loading and storing the output row once per four heads instead of once per pair is ~10 % faster.
 */
function fuseRowQuad(d: ArrayLike<number>, b0: number, nn: number, out: Float64Array, o: number, n: number, first: boolean, tol: number, st: Float64Array): number {
  if (d instanceof Float32Array) quadMeanF32(d, b0, nn, out, o, n, first, st);
  else quadMean(d, b0, nn, out, o, n, first, st);
  const neg = st[4] !== 0;
  for (let k = 0; k < 4; k++) if (!sumOk(st[k]!, tol) || (neg && hasNegative(d, b0 + k * nn, n))) return k;
  return -1;
}

/*
 * The kernels below flag a negative value with a (never taken, hence free) branch instead of a running
 * Math.min: the minimum's NaN/−0 handling costs more than the sums, and NaN/±Infinity are caught by the sums.
 */

function quadMean(d: ArrayLike<number>, b0: number, nn: number, out: Float64Array, o: number, n: number, first: boolean, st: Float64Array): void {
  const b1 = b0 + nn;
  const b2 = b1 + nn;
  const b3 = b2 + nn;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let neg = false;
  if (first) {
    for (let j = 0; j < n; j++) {
      const a = d[b0 + j]!;
      const b = d[b1 + j]!;
      const c = d[b2 + j]!;
      const e = d[b3 + j]!;
      s0 += a;
      s1 += b;
      s2 += c;
      s3 += e;
      if (a < 0 || b < 0 || c < 0 || e < 0) neg = true;
      out[o + j] = a + b + (c + e);
    }
  } else {
    for (let j = 0; j < n; j++) {
      const a = d[b0 + j]!;
      const b = d[b1 + j]!;
      const c = d[b2 + j]!;
      const e = d[b3 + j]!;
      s0 += a;
      s1 += b;
      s2 += c;
      s3 += e;
      if (a < 0 || b < 0 || c < 0 || e < 0) neg = true;
      out[o + j] = out[o + j]! + (a + b + (c + e));
    }
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  st[4] = neg ? 1 : 0;
}

/** {@link quadMean} for Float32Array input: identical code, separate type feedback. */
function quadMeanF32(d: Float32Array, b0: number, nn: number, out: Float64Array, o: number, n: number, first: boolean, st: Float64Array): void {
  const b1 = b0 + nn;
  const b2 = b1 + nn;
  const b3 = b2 + nn;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let neg = false;
  if (first) {
    for (let j = 0; j < n; j++) {
      const a = d[b0 + j]!;
      const b = d[b1 + j]!;
      const c = d[b2 + j]!;
      const e = d[b3 + j]!;
      s0 += a;
      s1 += b;
      s2 += c;
      s3 += e;
      if (a < 0 || b < 0 || c < 0 || e < 0) neg = true;
      out[o + j] = a + b + (c + e);
    }
  } else {
    for (let j = 0; j < n; j++) {
      const a = d[b0 + j]!;
      const b = d[b1 + j]!;
      const c = d[b2 + j]!;
      const e = d[b3 + j]!;
      s0 += a;
      s1 += b;
      s2 += c;
      s3 += e;
      if (a < 0 || b < 0 || c < 0 || e < 0) neg = true;
      out[o + j] = out[o + j]! + (a + b + (c + e));
    }
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  st[4] = neg ? 1 : 0;
}

/**
 * Fuse two head rows (at `b0`, `b1`) into `out[o..o+n)`; `first` = these are heads 0 and 1 (assign instead of
 * combine). Returns 0 if both rows are valid, 1 if the first is bad, 2 if the second is bad (`st` is scratch for
 * the two rows' sums and a "some value < 0" flag).
 *
 * Hot loop (every input value of the max/min fusions and of a mean fusion's last one to three heads passes
 * through here once): two columns per iteration with four independent sum accumulators, so no floating-point
 * dependency chain limits the throughput. One small function per fusion keeps each loop monomorphic; the only
 * branches in it (assign vs combine, the negative flag) always go the same way on valid input.
 */
function fuseRowPair(d: ArrayLike<number>, b0: number, b1: number, out: Float64Array, o: number, n: number, first: boolean, mode: number, tol: number, st: Float64Array): number {
  // Float32Array input (onnxruntime, transformers.js) gets its own copy of the mean kernel so that the element
  // loads stay monomorphic when one process also passes Float64Array stacks (a polymorphic load costs ~30–50%)
  if (mode === 0) {
    if (d instanceof Float32Array) pairMeanF32(d, b0, b1, out, o, n, first, st);
    else pairMean(d, b0, b1, out, o, n, first, st);
  }
  else if (mode === 1) pairMax(d, b0, b1, out, o, n, first, st);
  else pairMin(d, b0, b1, out, o, n, first, st);
  // st[2] flags a negative value in either row; NaN/±Infinity show in the sums (see sumOk)
  const neg = st[2] !== 0;
  if (!sumOk(st[0]!, tol) || (neg && hasNegative(d, b0, n))) return 1;
  if (!sumOk(st[1]!, tol) || neg) return 2;
  return 0;
}

function pairMean(d: ArrayLike<number>, b0: number, b1: number, out: Float64Array, o: number, n: number, first: boolean, st: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let t0 = 0;
  let t1 = 0;
  let neg = false;
  const even = n & ~1;
  if (first) {
    for (let j = 0; j < even; j += 2) {
      const v0 = d[b0 + j]!;
      const v1 = d[b0 + j + 1]!;
      const w0 = d[b1 + j]!;
      const w1 = d[b1 + j + 1]!;
      s0 += v0;
      s1 += v1;
      t0 += w0;
      t1 += w1;
      if (v0 < 0 || v1 < 0 || w0 < 0 || w1 < 0) neg = true;
      out[o + j] = v0 + w0;
      out[o + j + 1] = v1 + w1;
    }
  } else {
    for (let j = 0; j < even; j += 2) {
      const v0 = d[b0 + j]!;
      const v1 = d[b0 + j + 1]!;
      const w0 = d[b1 + j]!;
      const w1 = d[b1 + j + 1]!;
      s0 += v0;
      s1 += v1;
      t0 += w0;
      t1 += w1;
      if (v0 < 0 || v1 < 0 || w0 < 0 || w1 < 0) neg = true;
      out[o + j] = out[o + j]! + v0 + w0;
      out[o + j + 1] = out[o + j + 1]! + v1 + w1;
    }
  }
  if (even < n) {
    const v = d[b0 + even]!;
    const w = d[b1 + even]!;
    s0 += v;
    t0 += w;
    if (v < 0 || w < 0) neg = true;
    out[o + even] = first ? v + w : out[o + even]! + v + w;
  }
  st[0] = s0 + s1;
  st[1] = t0 + t1;
  st[2] = neg ? 1 : 0;
}

/** {@link pairMean} for Float32Array input: identical code, separate type feedback. */
function pairMeanF32(d: Float32Array, b0: number, b1: number, out: Float64Array, o: number, n: number, first: boolean, st: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let t0 = 0;
  let t1 = 0;
  let neg = false;
  const even = n & ~1;
  if (first) {
    for (let j = 0; j < even; j += 2) {
      const v0 = d[b0 + j]!;
      const v1 = d[b0 + j + 1]!;
      const w0 = d[b1 + j]!;
      const w1 = d[b1 + j + 1]!;
      s0 += v0;
      s1 += v1;
      t0 += w0;
      t1 += w1;
      if (v0 < 0 || v1 < 0 || w0 < 0 || w1 < 0) neg = true;
      out[o + j] = v0 + w0;
      out[o + j + 1] = v1 + w1;
    }
  } else {
    for (let j = 0; j < even; j += 2) {
      const v0 = d[b0 + j]!;
      const v1 = d[b0 + j + 1]!;
      const w0 = d[b1 + j]!;
      const w1 = d[b1 + j + 1]!;
      s0 += v0;
      s1 += v1;
      t0 += w0;
      t1 += w1;
      if (v0 < 0 || v1 < 0 || w0 < 0 || w1 < 0) neg = true;
      out[o + j] = out[o + j]! + v0 + w0;
      out[o + j + 1] = out[o + j + 1]! + v1 + w1;
    }
  }
  if (even < n) {
    const v = d[b0 + even]!;
    const w = d[b1 + even]!;
    s0 += v;
    t0 += w;
    if (v < 0 || w < 0) neg = true;
    out[o + even] = first ? v + w : out[o + even]! + v + w;
  }
  st[0] = s0 + s1;
  st[1] = t0 + t1;
  st[2] = neg ? 1 : 0;
}

function pairMax(d: ArrayLike<number>, b0: number, b1: number, out: Float64Array, o: number, n: number, first: boolean, st: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let t0 = 0;
  let t1 = 0;
  let neg = false;
  const even = n & ~1;
  for (let j = 0; j < even; j += 2) {
    const v0 = d[b0 + j]!;
    const v1 = d[b0 + j + 1]!;
    const w0 = d[b1 + j]!;
    const w1 = d[b1 + j + 1]!;
    s0 += v0;
    s1 += v1;
    t0 += w0;
    t1 += w1;
    if (v0 < 0 || v1 < 0 || w0 < 0 || w1 < 0) neg = true;
    // against the running extreme: after the first heads the comparison outcome is predictable, whereas
    // comparing two heads with each other mispredicts about half the time
    let p0 = first ? v0 : out[o + j]!;
    let p1 = first ? v1 : out[o + j + 1]!;
    p0 = v0 > p0 ? v0 : p0;
    p1 = v1 > p1 ? v1 : p1;
    out[o + j] = w0 > p0 ? w0 : p0;
    out[o + j + 1] = w1 > p1 ? w1 : p1;
  }
  if (even < n) {
    const v = d[b0 + even]!;
    const w = d[b1 + even]!;
    s0 += v;
    t0 += w;
    if (v < 0 || w < 0) neg = true;
    const x = v > w ? v : w;
    const p = out[o + even]!;
    out[o + even] = first || x > p ? x : p;
  }
  st[0] = s0 + s1;
  st[1] = t0 + t1;
  st[2] = neg ? 1 : 0;
}

function pairMin(d: ArrayLike<number>, b0: number, b1: number, out: Float64Array, o: number, n: number, first: boolean, st: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let t0 = 0;
  let t1 = 0;
  let neg = false;
  const even = n & ~1;
  for (let j = 0; j < even; j += 2) {
    const v0 = d[b0 + j]!;
    const v1 = d[b0 + j + 1]!;
    const w0 = d[b1 + j]!;
    const w1 = d[b1 + j + 1]!;
    s0 += v0;
    s1 += v1;
    t0 += w0;
    t1 += w1;
    if (v0 < 0 || v1 < 0 || w0 < 0 || w1 < 0) neg = true;
    // against the running extreme: after the first heads the comparison outcome is predictable, whereas
    // comparing two heads with each other mispredicts about half the time
    let p0 = first ? v0 : out[o + j]!;
    let p1 = first ? v1 : out[o + j + 1]!;
    p0 = v0 < p0 ? v0 : p0;
    p1 = v1 < p1 ? v1 : p1;
    out[o + j] = w0 < p0 ? w0 : p0;
    out[o + j + 1] = w1 < p1 ? w1 : p1;
  }
  if (even < n) {
    const v = d[b0 + even]!;
    const w = d[b1 + even]!;
    s0 += v;
    t0 += w;
    if (v < 0 || w < 0) neg = true;
    const x = v < w ? v : w;
    const p = out[o + even]!;
    out[o + even] = first || x < p ? x : p;
  }
  st[0] = s0 + s1;
  st[1] = t0 + t1;
  st[2] = neg ? 1 : 0;
}

/** Fuse one head row into `out[o..o+n)` (`first`: assign); returns false if the row is invalid. */
function fuseRow(d: ArrayLike<number>, b: number, out: Float64Array, o: number, n: number, first: boolean, mode: number, tol: number, st: Float64Array): boolean {
  let s0 = 0;
  let s1 = 0;
  let neg = false;
  const even = n & ~1;
  if (first) {
    for (let j = 0; j < even; j += 2) {
      const v0 = d[b + j]!;
      const v1 = d[b + j + 1]!;
      s0 += v0;
      s1 += v1;
      if (v0 < 0 || v1 < 0) neg = true;
      out[o + j] = v0;
      out[o + j + 1] = v1;
    }
  } else if (mode === 0) {
    for (let j = 0; j < even; j += 2) {
      const v0 = d[b + j]!;
      const v1 = d[b + j + 1]!;
      s0 += v0;
      s1 += v1;
      if (v0 < 0 || v1 < 0) neg = true;
      out[o + j] = out[o + j]! + v0;
      out[o + j + 1] = out[o + j + 1]! + v1;
    }
  } else {
    const isMax = mode === 1;
    for (let j = 0; j < even; j++) {
      const v = d[b + j]!;
      s0 += v;
      if (v < 0) neg = true;
      const p = out[o + j]!;
      out[o + j] = isMax ? (v > p ? v : p) : v < p ? v : p;
    }
  }
  if (even < n) {
    const v = d[b + even]!;
    s0 += v;
    if (v < 0) neg = true;
    const p = out[o + even]!;
    out[o + even] = first ? v : mode === 0 ? p + v : mode === 1 ? (v > p ? v : p) : v < p ? v : p;
  }
  const s = s0 + s1;
  st[0] = s;
  return !neg && sumOk(s, tol);
}

/** k-th smallest (0-based) of `a` (reorders `a`). Hoare-style quickselect with median-of-three. */
function quickselect(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Reusable buffers for {@link prepareLayerInto}. */
export interface PrepareWorkspace {
  /** n×n protected-cell mask, built lazily. */
  prot?: Uint8Array;
  /** n² values for quickselect, allocated lazily. */
  select?: Float64Array;
}

/**
 * Gildenblat's discard on one fused n×n layer at `m[off…]`, in place: zero the `k = floor(n²·ratio)` smallest
 * entries (ties → lower flat index first, as a stable argsort) except the protected cells. A protected cell
 * among the k smallest is kept and not replaced by the next-smallest cell (as upstream). O(n²) expected.
 */
export function discardSmallest(m: Float64Array, off: number, n: number, k: number, prot: Uint8Array, select: Float64Array): void {
  const nn = n * n;
  select.set(m.subarray(off, off + nn));
  const t = quickselect(select, k - 1); // the k-th smallest value
  let below = 0;
  for (let c = 0; c < nn; c++) if (m[off + c]! < t) below++;
  let tiesLeft = k - below; // entries equal to t to take, in index order
  for (let c = 0; c < nn; c++) {
    const v = m[off + c]!;
    let take = v < t;
    if (!take && v === t && tiesLeft > 0) {
      take = true;
      tiesLeft--;
    }
    if (take && prot[c] === 0) m[off + c] = 0;
  }
}

/**
 * Σ_j m[b + j], j < n, with two accumulators (even and odd j, added at the end): the row sum every normalisation
 * of Â uses, so that they all round alike.
 */
export function rowSum(m: Float64Array, b: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    s0 += m[b + j]!;
    s1 += m[b + j + 1]!;
  }
  if (j < n) s0 += m[b + j]!;
  return s0 + s1;
}

/**
 * In place on the n×n layer at `m[off…]`, per row: add `diag` to the diagonal cell, then divide the row by its
 * sum. With `diag = 1` this is Â = rownorm(Ā + I); with the head sum S = H·Ā and `diag = H` it is the same
 * matrix, rownorm(S + H·I); `diag = 0` gives rownorm(Ā). A row summing to 0 (possible only without the
 * residual: after a discard, with min fusion of heads with disjoint support, or with `rowSumTolerance: Infinity`)
 * stays all zeros.
 */
export function residualNormalize(m: Float64Array, off: number, n: number, diag: number): void {
  for (let i = 0; i < n; i++) {
    const b = off + i * n;
    m[b + i] = m[b + i]! + diag;
    const s = rowSum(m, b, n);
    if (s > 0) {
      const inv = 1 / s;
      for (let k = b; k < b + n; k++) m[k] = m[k]! * inv;
    }
  }
}

/**
 * Validate an attention stack and build the per-layer matrices Â_l that rollout and flow propagate.
 *
 * Input: `[layers, heads, n, n]` (or `[layers, n, n]` with heads already fused, as Abnar's
 * `compute_joint_attention` takes), row = query, column = key, each row a distribution. Steps per layer:
 * 1. validate every value (finite, ≥ 0) and every row sum (|Σ_j − 1| ≤ `rowSumTolerance`) in the same pass
 *    that fuses the heads element-wise (`mean` | `max` | `min`) into Ā_l;
 * 2. discard: zero the `floor(n²·discardRatio)` smallest entries of Ā_l except `protectedCells`;
 * 3. Â_l = rownorm(Ā_l + I) if `residual` (row sums taken per row, i.e. with keepdim — the fix of
 *    jacobgil/vit-explain#16), else rownorm(Ā_l).
 *
 * Cost: one pass over the L·H·n² inputs, O(L·n²) after that (discard: O(L·n²) expected, quickselect).
 * The input is never mutated and a typed-array input is read in place; the result is fresh.
 *
 * @param fn - public function name used in error messages.
 * @param attention - the stack (nested arrays, `{ data, shape }`, `{ data, dims }`).
 * @param options - see {@link PrepareAttentionOptions}; keys other than those are ignored here.
 * @returns `{ data: [L, n, n] Â, layers, n }`.
 * @throws InputTypeError for a non-array input or a wrongly typed option.
 * @throws ShapeMismatchError for a rank other than 3/4, non-square, empty or ragged input.
 * @throws InputRangeError for a non-finite or negative value, a row not summing to 1, or an option out of range.
 * @example
 * // REFERENCE F1, layer 1: rownorm(A1 + I)
 * const p = prepareAttention('attentionFlow', [[[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]]]);
 * [p.layers, p.n];
 * // => [1, 3]
 * Array.from(p.data.subarray(0, 3));
 * // => [0.8, 0.15, 0.05]  (to ~1e-16)
 */
export function prepareAttention(fn: string, attention: TensorLike, options: PrepareAttentionOptions = {}): PreparedAttention {
  const o = resolvePrepareOptions(fn, options);
  const stack = normalizeStack(fn, attention);
  return prepareResolved(fn, stack, o);
}

/** Throw unless every protected cell lies inside the n×n matrix. */
export function checkProtectedCells(fn: string, o: ResolvedPrepareOptions, n: number): void {
  for (let c = 0; c < o.protectedCells.length; c++) {
    const [q, key] = o.protectedCells[c]!;
    if (q < 0 || q >= n || key < 0 || key >= n) {
      throw new InputRangeError(fn, `protectedCells[${c}] must index a cell of the ${n}×${n} attention matrix`, [q, key]);
    }
  }
}

/**
 * Validate layer `l` and write its fused, discarded matrix F_l (n×n) into `out[off…]`, **not yet normalised**;
 * returns the diagonal weight `diag` such that Â_l = rownorm(F_l + diag·I) (1 or H with the residual — F_l
 * may be the head sum H·Ā_l — and 0 without). Call {@link checkProtectedCells} first; `ws` carries buffers
 * reused across layers.
 *
 * With `rowSums` (length n) and mean fusion without discard, also writes rowsum_i(F_l) there, taken from the
 * per-head row sums the validating pass computes anyway (so callers need no extra pass over F_l); the return
 * value says whether it did (`rowSumsFilled`).
 */
export function fuseLayerInto(fn: string, stack: StackShape, o: ResolvedPrepareOptions, l: number, out: Float64Array, off: number, ws: PrepareWorkspace, rowSums?: Float64Array): number {
  const { n, heads: H } = stack;
  const nn = n * n;
  const k = Math.floor(nn * o.discardRatio);
  const sums = rowSumsFilled(o, n) ? rowSums : undefined;
  fuseHeads(fn, 'attention', stack, o.headFusion, o.rowSumTolerance, l, l + 1, out.subarray(off, off + nn), sums);
  // mean fusion leaves the head sum S = H·Ā; divide only when the discard needs Ā's exact values,
  // otherwise fold 1/H into the normalisation: rownorm(S + H·I) = rownorm(Ā + I), rownorm(S) = rownorm(Ā).
  let scale = o.headFusion === 'mean' ? H : 1;
  if (k > 0) {
    if (scale !== 1) {
      for (let c = off; c < off + nn; c++) out[c] = out[c]! / scale;
      scale = 1;
    }
    if (ws.prot === undefined) {
      ws.prot = new Uint8Array(nn);
      for (const [q, key] of o.protectedCells) ws.prot[q * n + key] = 1;
    }
    ws.select ??= new Float64Array(nn);
    discardSmallest(out, off, n, k, ws.prot, ws.select);
  }
  return o.residual ? scale : 0;
}

/** Validate layer `l` and write its Â_l = rownorm(F_l + diag·I) (n×n) into `out[off…]`. */
export function prepareLayerInto(fn: string, stack: StackShape, o: ResolvedPrepareOptions, l: number, out: Float64Array, off: number, ws: PrepareWorkspace): void {
  const diag = fuseLayerInto(fn, stack, o, l, out, off, ws);
  residualNormalize(out, off, stack.n, diag);
}

/** Validate layers `[l0, l1)` without keeping their fused matrices (one n×n scratch buffer). */
export function validateLayers(fn: string, stack: StackShape, o: ResolvedPrepareOptions, l0: number, l1: number, scratch: Float64Array): void {
  for (let l = l0; l < l1; l++) fuseHeads(fn, 'attention', stack, o.headFusion, o.rowSumTolerance, l, l + 1, scratch);
}

/**
 * {@link prepareResolved} for the flow solver: the same Â (up to the rounding of the row sums, see below), plus
 * the sum and the minimum of every row of Â, taken in the normalising pass (`[layers·n]`, row l·n + i), so that
 * the solver needs no pass of its own over the L·n² capacities.
 *
 * With mean fusion and no discard, the row sums of the fused matrix come from the validating pass (the per-head
 * sums, as rollout uses them), so each layer is read once more, not twice: Â[i, j] = (F[i, j] + diag·[i = j]) /
 * (rowsum_i(F) + diag). The divisor then differs from {@link residualNormalize}'s (which sums the row after
 * adding the diagonal) by a few ulps: Â agrees with {@link prepareResolved}'s to ≈ 1e-16 relative.
 */
export function prepareResolvedWithStats(fn: string, stack: StackShape, o: ResolvedPrepareOptions): PreparedAttention & { rowSum: Float64Array; rowMin: Float64Array } {
  const { n, layers } = stack;
  const nn = n * n;
  checkProtectedCells(fn, o, n);
  const data = new Float64Array(layers * nn);
  const outSum = new Float64Array(layers * n);
  const outMin = new Float64Array(layers * n);
  const ws: PrepareWorkspace = {};
  const sums = new Float64Array(n);
  const known = rowSumsFilled(o, n);
  for (let l = 0; l < layers; l++) {
    const off = l * nn;
    const diag = fuseLayerInto(fn, stack, o, l, data, off, ws, sums);
    for (let i = 0; i < n; i++) {
      const b = off + i * n;
      data[b + i] = data[b + i]! + diag;
      const total = known ? sums[i]! + diag : rowSum(data, b, n);
      let sum = 0;
      let min = Infinity;
      if (total > 0) {
        const inv = 1 / total;
        for (let k = b; k < b + n; k++) {
          const v = data[k]! * inv;
          data[k] = v;
          sum += v;
          if (v < min) min = v;
        }
      } else {
        for (let k = b; k < b + n; k++) {
          const v = data[k]!;
          sum += v;
          if (v < min) min = v;
        }
      }
      outSum[l * n + i] = sum;
      outMin[l * n + i] = min;
    }
  }
  return { data, layers, n, rowSum: outSum, rowMin: outMin };
}

/** {@link prepareAttention} on an already normalised stack and resolved options: Â for every layer. */
export function prepareResolved(fn: string, stack: StackShape, o: ResolvedPrepareOptions): PreparedAttention {
  const { n, layers } = stack;
  const nn = n * n;
  checkProtectedCells(fn, o, n);
  const data = new Float64Array(layers * nn);
  const ws: PrepareWorkspace = {};
  for (let l = 0; l < layers; l++) prepareLayerInto(fn, stack, o, l, data, l * nn, ws);
  return { data, layers, n };
}
