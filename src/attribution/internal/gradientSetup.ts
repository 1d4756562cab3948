/**
 * Shared set-up of the gradient attribution methods (saliency, gradient × input, Integrated Gradients,
 * SmoothGrad): validation of the common options, the embedded input, the target, batched gradient
 * calls with progress and cancellation, and the token scores. Not re-exported (the option and result
 * types are, through the family barrel).
 *
 * @module
 */
import { AbortError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { requireCapability, validateAdapter } from '../../internal/adapter.js';
import { checkEnum, checkInteger } from '../../internal/options.js';
import type { ModelAdapter } from '../../types/adapter.js';
import type { ProcedureOptions, Progress } from '../../types/procedure.js';
import type { FloatTensor } from '../../types/tensor.js';
import { ATTRIBUTION_REDUCES, reduceAttributions, type AttributionReduce } from './reduce.js';

export type { AttributionReduce } from './reduce.js';

/** Progress of a gradient attribution: `done` of `total` adapter calls have finished. */
export type AttributionProgress = Progress;

/** Options every gradient attribution method accepts. */
export interface GradientAttributionOptions extends ProcedureOptions {
  /**
   * Length-n mask, 1 keeps a position and 0 hides it (passed to the adapter as `[B, n]` on every call).
   * Hidden positions get score 0 and are listed in `excluded`. Default: all ones.
   */
  readonly inputMask?: ArrayLike<number>;
  /**
   * Positions never scored (score 0, listed in `excluded`), e.g. `[0]` for [CLS] or `[0, n − 1]` for
   * [CLS]…[SEP] (ferret's `remove_first_last`). Their attributions are still computed. Default `[]`.
   */
  readonly exclude?: readonly number[];
  /** Most inputs per adapter call (SmoothGrad's noisy copies). Default 32. */
  readonly batchSize?: number;
  /** Called after every adapter call with `{ done, total }` (calls). */
  readonly onProgress?: (progress: AttributionProgress) => void;
}

/** Fields of every gradient attribution result. */
export interface GradientAttributionResult {
  /** Token scores (length n): `reduce` of `attributions` over the embedding axis; 0 at `excluded`. */
  readonly scores: Float64Array;
  /** Sorted positions whose score was set to 0 (`exclude` ∪ positions hidden by `inputMask`). */
  readonly excluded: Int32Array;
  /** The class explained. */
  readonly target: number;
  /** Model outputs `[C]` on the unperturbed input (probabilities or logits, per `info.outputKind`). */
  readonly outputs: Float64Array;
  /** The full attribution `{ data, shape: [n, d] }` over the input embeddings (not zeroed at `excluded`). */
  readonly attributions: FloatTensor;
  /** The reduction that formed `scores`. */
  readonly reduce: AttributionReduce;
}

/** Keys of {@link GradientAttributionOptions}. */
export const COMMON_KEYS = ['target', 'inputMask', 'exclude', 'batchSize', 'onProgress', 'signal'] as const;

/** Default `batchSize`. */
export const DEFAULT_BATCH_SIZE = 32;

/** Validated common options and the embedded input. */
export interface GradientSetup {
  readonly fn: string;
  readonly adapter: ModelAdapter & Required<Pick<ModelAdapter, 'gradient'>>;
  readonly tokens: ArrayLike<number>;
  /** Sequence length. */
  readonly n: number;
  /** Embedding size. */
  readonly d: number;
  /** Target given by the caller, or undefined (predicted class). */
  readonly target: number | undefined;
  /** The `[n]` input mask, or undefined. */
  readonly mask: Float64Array | undefined;
  /** Sorted excluded positions. */
  readonly excluded: Int32Array;
  readonly batchSize: number;
  readonly onProgress: ((p: AttributionProgress) => void) | undefined;
  readonly signal: AbortSignal | undefined;
}

/**
 * Validate the adapter (with the `gradient` capability), the tokens and the common options. Throws
 * before any model call.
 */
export function setupGradient(fn: string, adapter: unknown, tokens: unknown, o: Partial<GradientAttributionOptions>): GradientSetup {
  validateAdapter(fn, adapter);
  requireCapability(fn, adapter, 'gradient');
  if (tokens === null || typeof tokens !== 'object' || typeof (tokens as ArrayLike<number>).length !== 'number') {
    throw new InputTypeError(fn, 'tokens must be an array of token ids', tokens);
  }
  const toks = tokens as ArrayLike<number>;
  const n = toks.length;
  checkLength(fn, adapter, n);
  const C = adapter.info.numClasses;
  const target = o.target === undefined ? undefined : checkInteger(fn, 'target', o.target, 0, C - 1);
  const { mask, excluded } = readMaskAndExclude(fn, o.inputMask, o.exclude, n);
  const batchSize = o.batchSize === undefined ? DEFAULT_BATCH_SIZE : checkInteger(fn, 'batchSize', o.batchSize, 1);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new InputTypeError(fn, 'onProgress must be a function', o.onProgress);
  checkSignal(fn, o.signal);
  if (o.signal?.aborted === true) throw new AbortError(fn, o.signal.reason);
  return {
    fn,
    adapter: adapter as GradientSetup['adapter'],
    tokens: toks,
    n,
    d: adapter.info.embeddingDim,
    target,
    mask,
    excluded,
    batchSize,
    onProgress: o.onProgress,
    signal: o.signal,
  };
}

/** The sequence length must be ≥ 1 and within the adapter's `info.maxLength`. */
export function checkLength(fn: string, adapter: ModelAdapter, n: number): void {
  if (n < 1) throw new ShapeMismatchError(fn, 'tokens must not be empty', n);
  const max = adapter.info.maxLength;
  if (max !== undefined && n > max) throw new ShapeMismatchError(fn, `tokens hold ${n} ids, more than the model's maxLength ${max}`, n);
}

/** Validate an optional `AbortSignal`. */
export function checkSignal(fn: string, signal: unknown): void {
  if (signal === undefined) return;
  if (signal === null || typeof signal !== 'object' || typeof (signal as AbortSignal).aborted !== 'boolean') {
    throw new InputTypeError(fn, 'signal must be an AbortSignal', signal);
  }
}

/** Validate `reduce` (default `fallback`). */
export function readReduce(fn: string, value: unknown, fallback: AttributionReduce): AttributionReduce {
  return value === undefined ? fallback : checkEnum(fn, 'reduce', value, ATTRIBUTION_REDUCES);
}

/** Counts adapter calls for `onProgress` and checks the `AbortSignal` around each. */
export class CallCounter {
  private done = 0;
  constructor(
    private readonly s: GradientSetup,
    readonly total: number,
  ) {}
  /** Throw `AbortError` if the signal has fired. */
  check(): void {
    if (this.s.signal?.aborted === true) throw new AbortError(this.s.fn, this.s.signal.reason);
  }
  /** Run one adapter call: check the signal before and after, then report progress. */
  async call<T>(body: () => Promise<T>): Promise<T> {
    this.check();
    const result = await body();
    this.check();
    this.done++;
    this.s.onProgress?.({ done: this.done, total: this.total });
    return result;
  }
}

/** Embed the tokens and check the adapter returned `[n, d]`. A fresh buffer. */
export async function embedTokens(s: GradientSetup, tokens: ArrayLike<number> = s.tokens): Promise<Float64Array> {
  const e = await s.adapter.embed(tokens);
  if (e.shape.length !== 2 || e.shape[0] !== s.n || e.shape[1] !== s.d || e.data.length !== s.n * s.d) {
    throw new ShapeMismatchError(s.fn, `adapter.embed returned shape [${e.shape.join(', ')}], expected [${s.n}, ${s.d}]`, e.shape);
  }
  return Float64Array.from(e.data);
}

/** The `[B, n]` input mask for a batch, or undefined. */
export function batchMask(s: GradientSetup, B: number): FloatTensor | undefined {
  if (s.mask === undefined) return undefined;
  const data = new Float64Array(B * s.n);
  for (let b = 0; b < B; b++) data.set(s.mask, b * s.n);
  return { data, shape: [B, s.n] };
}

/** Index of the largest entry (the first on ties). */
export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

/**
 * Outputs `[B, C]` for `B` inputs stacked in `data` (`B·n·d`) in one forward call (counted).
 */
export async function forwardOutputs(s: GradientSetup, calls: CallCounter, data: Float64Array, B: number): Promise<Float64Array> {
  const mask = batchMask(s, B);
  const r = await calls.call(() => s.adapter.forward({ data, shape: [B, s.n, s.d] }, mask === undefined ? {} : { inputMask: mask }));
  const C = s.adapter.info.numClasses;
  if (r.outputs.data.length !== B * C) {
    throw new ShapeMismatchError(s.fn, `adapter.forward returned ${r.outputs.data.length} outputs, expected [${B}, ${C}]`, r.outputs.shape);
  }
  return Float64Array.from(r.outputs.data);
}

/**
 * Gradients of the target output at `P` inputs stacked in `points` (`P·n·d`), in adapter calls of at
 * most `chunk` inputs; `onChunk(first, count, gradients)` receives each call's `[count, n, d]`
 * gradients (and `outputs` `[count, C]`) in order.
 */
export async function gradientsAt(
  s: GradientSetup,
  calls: CallCounter,
  points: Float64Array,
  P: number,
  target: number,
  chunk: number,
  onChunk: (first: number, count: number, gradients: ArrayLike<number>, outputs: ArrayLike<number>) => void,
): Promise<void> {
  const nd = s.n * s.d;
  for (let first = 0; first < P; first += chunk) {
    const count = Math.min(chunk, P - first);
    const data = points.subarray(first * nd, (first + count) * nd);
    const mask = batchMask(s, count);
    const r = await calls.call(() =>
      s.adapter.gradient({ data, shape: [count, s.n, s.d] }, target, mask === undefined ? {} : { inputMask: mask }),
    );
    if (r.gradients.data.length !== count * nd) {
      throw new ShapeMismatchError(s.fn, `adapter.gradient returned gradients of shape [${r.gradients.shape.join(', ')}], expected [${count}, ${s.n}, ${s.d}]`, r.gradients.shape);
    }
    onChunk(first, count, r.gradients.data, r.outputs.data);
  }
}

/** Number of adapter calls for `P` inputs in chunks of `chunk`. */
export function callsFor(P: number, chunk: number): number {
  return Math.ceil(P / chunk);
}

/** Token scores: `reduce` over the embedding axis, 0 at the excluded positions. */
export function tokenScores(s: GradientSetup, attributions: Float64Array, reduce: AttributionReduce): Float64Array {
  const scores = reduceAttributions(attributions, s.n, s.d, reduce);
  for (const i of s.excluded) scores[i] = 0;
  return scores;
}

/**
 * The outputs on the input and the resolved target: one forward call when the target is not given
 * or the outputs are not otherwise known.
 */
export async function outputsAndTarget(
  s: GradientSetup,
  calls: CallCounter,
  x: Float64Array,
): Promise<{ outputs: Float64Array; target: number }> {
  const outputs = await forwardOutputs(s, calls, x, 1);
  return { outputs, target: s.target ?? argmax(outputs) };
}

/**
 * The gradient of the target output at the input `x`, with the outputs and the resolved target:
 * one gradient call when `target` is given, else a forward call (to find the predicted class) first.
 */
export async function gradientAtInput(
  s: GradientSetup,
  x: Float64Array,
): Promise<{ gradient: Float64Array; outputs: Float64Array; target: number }> {
  const calls = new CallCounter(s, s.target === undefined ? 2 : 1);
  calls.check();
  let target = s.target;
  if (target === undefined) target = (await outputsAndTarget(s, calls, x)).target;
  let gradient = new Float64Array(0);
  let outputs = new Float64Array(0);
  await gradientsAt(s, calls, x, 1, target, 1, (_f, _c, g, out) => {
    gradient = Float64Array.from(g);
    outputs = Float64Array.from(out);
  });
  return { gradient, outputs, target };
}

/**
 * Validate a length-n `inputMask` (0/1, at least one 1) and `exclude` positions; `excluded` is the
 * sorted union of `exclude` and the hidden positions.
 */
export function readMaskAndExclude(fn: string, inputMask: unknown, exclude: unknown, n: number): { mask: Float64Array | undefined; excluded: Int32Array } {
  let mask: Float64Array | undefined;
  const ex = new Uint8Array(n);
  if (inputMask !== undefined) {
    if (inputMask === null || typeof inputMask !== 'object' || typeof (inputMask as ArrayLike<number>).length !== 'number') {
      throw new InputTypeError(fn, 'inputMask must be an array of 0/1 of the tokens’ length', inputMask);
    }
    const ml = inputMask as ArrayLike<number>;
    if (ml.length !== n) throw new ShapeMismatchError(fn, `inputMask must have length ${n} (the tokens'), found ${ml.length}`, ml.length);
    mask = new Float64Array(n);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const v = ml[i];
      if (v !== 0 && v !== 1) throw new InputRangeError(fn, `inputMask[${i}] must be 0 or 1`, v);
      mask[i] = v;
      kept += v;
      if (v === 0) ex[i] = 1;
    }
    if (kept === 0) throw new InputRangeError(fn, 'inputMask hides every position; keep at least one', inputMask);
  }
  if (exclude !== undefined) {
    if (!Array.isArray(exclude)) throw new InputTypeError(fn, 'exclude must be an array of positions', exclude);
    exclude.forEach((p: unknown, k) => {
      checkInteger(fn, `exclude[${k}]`, p, 0, n - 1);
      ex[p as number] = 1;
    });
  }
  const list: number[] = [];
  for (let i = 0; i < n; i++) if (ex[i] === 1) list.push(i);
  return { mask, excluded: Int32Array.from(list) };
}
