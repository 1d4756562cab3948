/**
 * Shared set-up of the counterfactual-attention tests: option checks, capability checks, the
 * unperturbed forward pass, the replaced rows and their free keys, and batched forward passes with
 * candidate attentions injected.
 *
 * @module
 */
import { AbortError, AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { requireCapability, validateAdapter } from '../../internal/adapter.js';
import { checkInteger, checkSeed } from '../../internal/options.js';
import type { AttentionOverride, ModelAdapter } from '../../types/adapter.js';
import type { CounterfactualOptions, CounterfactualProgress } from '../types.js';

/** The option names of {@link CounterfactualOptions}. */
export const COMMON_KEYS = ['target', 'inputMask', 'exclude', 'layers', 'heads', 'batchSize', 'seed', 'onProgress', 'signal'] as const;

/** Throw `AdapterCapabilityError('attentionOverride')` unless the adapter accepts attention overrides. */
export function requireOverride(fn: string, adapter: ModelAdapter): void {
  requireCapability(fn, adapter, 'attentionOverride');
}

/** Throw `AdapterCapabilityError('attention')` unless the adapter reports attention. */
export function requireAttention(fn: string, adapter: ModelAdapter): void {
  requireCapability(fn, adapter, 'attention');
}

/** Throw `AbortError` if `signal` is aborted. */
export function checkAbort(fn: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(fn, signal.reason);
}

/** Output distribution of one raw output row. */
export function toDistribution(raw: ArrayLike<number>, offset: number, C: number, kind: 'probabilities' | 'logits'): Float64Array {
  if (C === 1) {
    const v = raw[offset]!;
    const p = kind === 'logits' ? 1 / (1 + Math.exp(-v)) : v;
    return new Float64Array([1 - p, p]);
  }
  const out = new Float64Array(C);
  if (kind === 'probabilities') {
    for (let c = 0; c < C; c++) out[c] = raw[offset + c]!;
    return out;
  }
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, raw[offset + c]!);
  let s = 0;
  for (let c = 0; c < C; c++) s += out[c] = Math.exp(raw[offset + c]! - max);
  for (let c = 0; c < C; c++) out[c] = out[c]! / s;
  return out;
}

/** Total variation distance ½ Σ |p − q|. */
export function tvdOf(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i]! - q[i]!);
  return s / 2;
}

/** Index of the largest value (first on ties). */
export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

/** Median of a copy of `x` (NaN when empty). */
export function median(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  const s = Float64Array.from(x).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Everything a counterfactual test needs about one input. */
export interface Context {
  readonly fn: string;
  readonly adapter: ModelAdapter;
  readonly n: number;
  readonly d: number;
  readonly C: number;
  /** Classes of the output distribution (C, or 2 for one output). */
  readonly classes: number;
  readonly Q: number;
  readonly kind: 'probabilities' | 'logits';
  readonly embeddings: Float64Array;
  readonly mask: Float64Array | undefined;
  readonly outputs: Float64Array;
  readonly probabilities: Float64Array;
  readonly predicted: number;
  readonly target: number;
  readonly layers: Int32Array;
  readonly heads: Int32Array;
  /** Replaced rows `R = layers · heads · Q`. */
  readonly rows: number;
  /** Original weights of the replaced rows `[R, n]` (layer-major, then head, then query). */
  readonly original: Float64Array;
  /** Free keys. */
  readonly keys: Int32Array;
  readonly maxAttention: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly onProgress: ((p: CounterfactualProgress) => void) | undefined;
  readonly signal: AbortSignal | undefined;
}

function readIndexList(fn: string, name: string, value: unknown, limit: number): number[] {
  if (!Array.isArray(value) || value.length === 0) throw new InputTypeError(fn, `${name} must be a non-empty array of indices`, value);
  const out: number[] = [];
  for (const v of value as unknown[]) {
    const i = checkInteger(fn, `${name}[]`, v, 0, limit - 1);
    if (out.includes(i)) throw new InputRangeError(fn, `${name} lists ${i} twice`, value);
    out.push(i);
  }
  return out;
}

/** Read the tokens as a plain array of integers. */
export function readTokenList(fn: string, tokens: unknown): number[] {
  if (tokens === null || typeof tokens !== 'object' || typeof (tokens as ArrayLike<number>).length !== 'number') {
    throw new InputTypeError(fn, 'tokens must be an array of token ids', tokens);
  }
  const t = Array.from(tokens as ArrayLike<number>);
  if (t.length === 0) throw new ShapeMismatchError(fn, 'tokens must not be empty', tokens);
  return t;
}

/** Validate the common options against the adapter and an input of length `n`. */
export function readCommon(
  fn: string,
  adapter: ModelAdapter,
  n: number,
  o: CounterfactualOptions,
): {
  mask: Float64Array | undefined;
  exclude: number[];
  layers: number[];
  heads: number[];
  batchSize: number;
  seed: number;
  onProgress: ((p: CounterfactualProgress) => void) | undefined;
  signal: AbortSignal | undefined;
} {
  const att = adapter.info.attention!;
  let mask: Float64Array | undefined;
  if (o.inputMask !== undefined) {
    if (o.inputMask === null || typeof o.inputMask !== 'object' || typeof o.inputMask.length !== 'number') {
      throw new InputTypeError(fn, 'inputMask must be an array of 0/1 values', o.inputMask);
    }
    if (o.inputMask.length !== n) throw new ShapeMismatchError(fn, `inputMask must have length ${n} (one value per token), found ${o.inputMask.length}`, o.inputMask.length);
    mask = Float64Array.from(o.inputMask);
    if (mask.some((v) => v !== 0 && v !== 1)) throw new InputRangeError(fn, 'inputMask values must be 0 or 1', o.inputMask);
    if (!mask.some((v) => v === 1)) throw new InputRangeError(fn, 'inputMask hides every position', o.inputMask);
  }
  const exclude = o.exclude === undefined ? [] : o.exclude.length === 0 ? [] : readIndexList(fn, 'exclude', o.exclude, n);
  const layers = o.layers === undefined ? [att.layers - 1] : readIndexList(fn, 'layers', o.layers, att.layers);
  layers.sort((a, b) => a - b);
  const heads = o.heads === undefined ? Array.from({ length: att.heads }, (_, h) => h) : readIndexList(fn, 'heads', o.heads, att.heads);
  const batchSize = o.batchSize === undefined ? 32 : checkInteger(fn, 'batchSize', o.batchSize, 1, 1 << 20);
  const seed = o.seed === undefined ? 0 : checkSeed(fn, o.seed);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new InputTypeError(fn, 'onProgress must be a function', o.onProgress);
  if (o.signal !== undefined && (o.signal === null || typeof o.signal !== 'object' || typeof o.signal.aborted !== 'boolean')) {
    throw new InputTypeError(fn, 'signal must be an AbortSignal', o.signal);
  }
  return { mask, exclude, layers, heads, batchSize, seed, onProgress: o.onProgress, signal: o.signal };
}

/**
 * Validate, embed, run the unperturbed forward pass with attention, and find the replaced rows and
 * free keys. `minKeys` is the fewest free keys the test can work with.
 */
export async function createContext(fn: string, adapter: ModelAdapter, tokens: ArrayLike<number>, o: CounterfactualOptions, minKeys = 2): Promise<Context> {
  validateAdapter(fn, adapter);
  requireOverride(fn, adapter);
  const ids = readTokenList(fn, tokens);
  const n = ids.length;
  const common = readCommon(fn, adapter, n, o);
  checkAbort(fn, common.signal);
  const info = adapter.info;
  const att = info.attention!;
  const d = info.embeddingDim;
  const C = info.numClasses;
  const Q = att.queries === 'tokens' ? n : 1;
  const emb = await adapter.embed(ids);
  const embeddings = Float64Array.from(emb.data);
  const maskTensor = common.mask === undefined ? undefined : { data: common.mask, shape: [1, n] };
  const res = await adapter.forward({ data: embeddings, shape: [1, n, d] }, { returnAttention: true, ...(maskTensor ? { inputMask: maskTensor } : {}) });
  if (res.attention === undefined) throw new AdapterCapabilityError(fn, 'attention', 'forward did not return attention with returnAttention: true');
  const outputs = Float64Array.from(res.outputs.data);
  const probabilities = toDistribution(outputs, 0, C, info.outputKind);
  const predicted = argmax(probabilities);
  const classes = probabilities.length;
  const target = o.target === undefined ? predicted : checkInteger(fn, 'target', o.target, 0, classes - 1);
  const { layers, heads } = common;
  const rows = layers.length * heads.length * Q;
  const original = new Float64Array(rows * n);
  const A = res.attention.data;
  let r = 0;
  for (const l of layers) {
    for (const h of heads) {
      const base = (l * att.heads + h) * Q * n;
      for (let q = 0; q < Q; q++, r++) for (let j = 0; j < n; j++) original[r * n + j] = A[base + q * n + j]!;
    }
  }
  const keys: number[] = [];
  for (let j = 0; j < n; j++) {
    if (common.mask !== undefined && common.mask[j] === 0) continue;
    if (common.exclude.includes(j)) continue;
    let any = false;
    for (let i = 0; i < rows && !any; i++) any = original[i * n + j] !== 0;
    if (any) keys.push(j);
  }
  if (keys.length < minKeys) {
    throw new ShapeMismatchError(fn, `needs at least ${minKeys} free key positions (unmasked, not excluded, attended by the model), found ${keys.length}`, keys);
  }
  let maxSum = 0;
  for (let i = 0; i < rows; i++) {
    let m = 0;
    for (const j of keys) m = Math.max(m, original[i * n + j]!);
    maxSum += m;
  }
  return {
    fn,
    adapter,
    n,
    d,
    C,
    classes,
    Q,
    kind: info.outputKind,
    embeddings,
    mask: common.mask,
    outputs,
    probabilities,
    predicted,
    target,
    layers: Int32Array.from(layers),
    heads: Int32Array.from(heads),
    rows,
    original,
    keys: Int32Array.from(keys),
    maxAttention: maxSum / rows,
    batchSize: common.batchSize,
    seed: common.seed,
    onProgress: common.onProgress,
    signal: common.signal,
  };
}

/** Build the overrides of a batch: `candidates[b]` is `[R, n]` replaced rows. */
export function buildOverrides(ctx: Context, candidates: readonly Float64Array[]): AttentionOverride[] {
  const B = candidates.length;
  const { n, Q } = ctx;
  const nH = ctx.heads.length;
  const perLayer = nH * Q * n;
  return Array.from(ctx.layers, (layer, li) => {
    const data = new Float64Array(B * perLayer);
    for (let b = 0; b < B; b++) data.set(candidates[b]!.subarray(li * perLayer, (li + 1) * perLayer), b * perLayer);
    return { layer, heads: Array.from(ctx.heads), weights: { data, shape: [B, nH, Q, n] } };
  });
}

/** Repeat the input embeddings (and mask) `B` times. */
export function repeatInput(ctx: Context, B: number): { embeddings: { data: Float64Array; shape: number[] }; mask?: { data: Float64Array; shape: number[] } } {
  const { n, d } = ctx;
  const data = new Float64Array(B * n * d);
  for (let b = 0; b < B; b++) data.set(ctx.embeddings, b * n * d);
  if (ctx.mask === undefined) return { embeddings: { data, shape: [B, n, d] } };
  const m = new Float64Array(B * n);
  for (let b = 0; b < B; b++) m.set(ctx.mask, b * n);
  return { embeddings: { data, shape: [B, n, d] }, mask: { data: m, shape: [B, n] } };
}

/**
 * Output distributions `[S, classes]` with each candidate injected, `batchSize` candidates per forward
 * call. Reports progress (`done` counts candidates, offset by `progressBase`) and honours the signal.
 */
export async function evaluateCandidates(
  ctx: Context,
  candidates: readonly Float64Array[],
  progress?: { readonly base: number; readonly total: number },
): Promise<Float64Array> {
  const S = candidates.length;
  const K = ctx.classes;
  const out = new Float64Array(S * K);
  for (let start = 0; start < S; start += ctx.batchSize) {
    checkAbort(ctx.fn, ctx.signal);
    const chunk = candidates.slice(start, start + ctx.batchSize);
    const B = chunk.length;
    const input = repeatInput(ctx, B);
    const res = await ctx.adapter.forward(input.embeddings, {
      attention: buildOverrides(ctx, chunk),
      ...(input.mask ? { inputMask: input.mask } : {}),
    });
    for (let b = 0; b < B; b++) out.set(toDistribution(res.outputs.data, b * ctx.C, ctx.C, ctx.kind), (start + b) * K);
    if (progress !== undefined) ctx.onProgress?.({ done: progress.base + start + B, total: progress.total });
  }
  return out;
}
