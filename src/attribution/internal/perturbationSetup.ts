/**
 * Private machinery shared by the perturbation attributions and the faithfulness metrics:
 * option validation, the unperturbed pass (embeddings, outputs, default target), removal of token
 * sets by deletion / mask token / baseline, and the batched evaluator that sends perturbed inputs
 * through `adapter.forward` in calls of `batchSize` examples (one length per call).
 *
 * `'delete'` gives the model the shortened token sequence's embeddings, so a model whose `embed` adds
 * position embeddings sees the later tokens move up, as in Jain & Wallace's and ferret's re-run on the
 * edited text. When one probe shows that `embed` does not depend on position (the tfjs models add
 * positions in `forward`), the rows of the full input's embeddings are dropped instead of calling
 * `embed` once per perturbed input (see `embedDependsOnPosition`). `'mask'` assumes `embed` is row-wise — row `i` of
 * `embed(tokens)` depends only on `tokens[i]` and the position `i`, as the adapter contract's "one row
 * per token" describes — and takes row `i` of `embed([mask, …, mask])` for a masked position (one
 * extra `embed` call in all).
 *
 * Not re-exported.
 *
 * @module
 */
import { AbortError, AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { validateAdapter } from '../../internal/adapter.js';
import { checkEnum, checkInteger } from '../../internal/options.js';
import { normalizeTensor } from '../../internal/tensor.js';
import type { ModelAdapter, ModelInfo } from '../../types/adapter.js';
import type { FloatTensor, TensorLike } from '../../types/tensor.js';
import type { OutputScale, PerturbationCommonOptions, PerturbationProgress, RemovalMode, RemovalOptions } from './perturbationTypes.js';

/** Option keys of {@link PerturbationCommonOptions}. */
export const COMMON_KEYS = ['target', 'inputMask', 'exclude', 'batchSize', 'onProgress', 'signal'] as const;
/** Option keys of {@link RemovalOptions}. */
export const REMOVAL_KEYS = ['maskToken', 'baseline', 'scale'] as const;
/** Default perturbed inputs per forward call. */
export const DEFAULT_BATCH_SIZE = 32;
export const REMOVAL_MODES: readonly RemovalMode[] = ['delete', 'mask', 'baseline'];
export const OUTPUT_SCALES: readonly OutputScale[] = ['probability', 'logOdds', 'raw'];

/** Validated common options and input, before any model call. */
export interface Plan {
  readonly fn: string;
  readonly adapter: ModelAdapter;
  readonly tokens: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly C: number;
  readonly kind: ModelInfo['outputKind'];
  readonly inputMask: Float64Array | undefined;
  /** Positions that may be perturbed, ascending. */
  readonly scorable: Int32Array;
  /** Excluded and input-masked positions, ascending. */
  readonly excluded: Int32Array;
  readonly targetOption: number | undefined;
  readonly batchSize: number;
  readonly onProgress: ((p: PerturbationProgress) => void) | undefined;
  readonly signal: AbortSignal | undefined;
}

/** A plan after the unperturbed pass. */
export interface Setup extends Plan {
  /** `[n, d]` embeddings of the full input (fresh). */
  readonly embeddings: Float64Array;
  /** `[C]` outputs on the full input. */
  readonly outputs: Float64Array;
  readonly target: number;
}

/** Validated removal option (before the mask tokens are embedded). */
export interface RemovalPlan {
  readonly mode: RemovalMode;
  readonly maskToken: number | undefined;
  /** `[n, d]` baseline rows for `'baseline'`. */
  readonly baseline: Float64Array | undefined;
  readonly scale: OutputScale;
}

/** A removal ready to apply: for `'mask'`/`'baseline'` the `[n, d]` replacement rows. */
export interface Removal {
  readonly mode: RemovalMode;
  readonly replacement: Float64Array | undefined;
  readonly scale: OutputScale;
  /** `'delete'`: embed each shortened sequence anew (true), or drop rows of the full input's embeddings (false). */
  readonly reembed: boolean;
}

function readTokensInput(fn: string, tokens: unknown): Float64Array {
  if (tokens === null || typeof tokens !== 'object' || typeof (tokens as ArrayLike<number>).length !== 'number') {
    throw new InputTypeError(fn, 'tokens must be an array or a typed array of token ids', tokens);
  }
  const t = normalizeTensor(fn, 'tokens', tokens as number[], { rank: 1 });
  return Float64Array.from(t.data);
}

/** Throw `AbortError` if the signal has fired. */
export function checkAbort(fn: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AbortError(fn, signal.reason);
}

/**
 * Validate the adapter, the tokens and the common options (no model call). `o` holds the caller's
 * options already checked for unknown keys.
 */
export function planPerturbation(fn: string, adapter: unknown, tokens: unknown, o: PerturbationCommonOptions): Plan {
  validateAdapter(fn, adapter);
  const ids = readTokensInput(fn, tokens);
  const n = ids.length;
  const info = adapter.info;
  const C = info.numClasses;
  let targetOption: number | undefined;
  if (o.target !== undefined) targetOption = checkInteger(fn, 'target', o.target, 0, C - 1);
  let inputMask: Float64Array | undefined;
  if (o.inputMask !== undefined) {
    const m = normalizeTensor(fn, 'inputMask', o.inputMask as number[], { rank: 1 });
    if (m.data.length !== n) throw new ShapeMismatchError(fn, `inputMask must have length n = ${n}, found ${m.data.length}`, m.data.length);
    inputMask = Float64Array.from(m.data);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const v = inputMask[i]!;
      if (v !== 0 && v !== 1) throw new InputRangeError(fn, `inputMask[${i}] must be 0 or 1`, v);
      kept += v;
    }
    if (kept === 0) throw new InputRangeError(fn, 'inputMask hides every position; keep at least one', o.inputMask);
  }
  const out = new Uint8Array(n);
  if (o.exclude !== undefined) {
    if (!Array.isArray(o.exclude)) throw new InputTypeError(fn, 'exclude must be an array of positions', o.exclude);
    for (const p of o.exclude as unknown[]) out[checkInteger(fn, 'exclude[]', p, 0, n - 1)] = 1;
  }
  if (inputMask !== undefined) for (let i = 0; i < n; i++) if (inputMask[i] === 0) out[i] = 1;
  const scorable: number[] = [];
  const excluded: number[] = [];
  for (let i = 0; i < n; i++) (out[i] === 1 ? excluded : scorable).push(i);
  const batchSize = o.batchSize === undefined ? DEFAULT_BATCH_SIZE : checkInteger(fn, 'batchSize', o.batchSize, 1);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new InputTypeError(fn, 'onProgress must be a function', o.onProgress);
  if (o.signal !== undefined && (o.signal === null || typeof o.signal !== 'object' || typeof (o.signal as AbortSignal).aborted !== 'boolean')) {
    throw new InputTypeError(fn, 'signal must be an AbortSignal', o.signal);
  }
  return {
    fn,
    adapter,
    tokens: ids,
    n,
    d: info.embeddingDim,
    C,
    kind: info.outputKind,
    inputMask,
    scorable: Int32Array.from(scorable),
    excluded: Int32Array.from(excluded),
    targetOption,
    batchSize,
    onProgress: o.onProgress,
    signal: o.signal,
  };
}

/** Validate the removal options for `mode` (no model call). */
export function planRemoval(plan: Plan, mode: unknown, o: RemovalOptions, defaultMode: RemovalMode): RemovalPlan {
  const { fn, adapter, n, d } = plan;
  const m = mode === undefined ? defaultMode : checkEnum(fn, 'removal', mode, REMOVAL_MODES);
  const scale = o.scale === undefined ? 'probability' : checkEnum(fn, 'scale', o.scale, OUTPUT_SCALES);
  let maskToken: number | undefined;
  let baseline: Float64Array | undefined;
  if (m === 'delete') {
    const fixed = (adapter.info as ModelInfo & { readonly sequenceLength?: number }).sequenceLength;
    if (fixed !== undefined) {
      throw new AdapterCapabilityError(fn, 'variableLength', `the model accepts only sequences of length ${fixed}, so 'delete' removal cannot shorten the input; use 'mask' or 'baseline'`);
    }
  }
  if (m === 'mask') {
    if (o.maskToken !== undefined) {
      maskToken = checkInteger(fn, 'maskToken', o.maskToken, 0);
    } else {
      const special = adapter.info.specialTokens;
      maskToken = special?.mask ?? special?.unk;
      if (maskToken === undefined) {
        throw new AdapterCapabilityError(fn, 'specialTokens.mask', "'mask' removal needs info.specialTokens.mask (or .unk), or the maskToken option");
      }
    }
  } else if (o.maskToken !== undefined) {
    throw new InputTypeError(fn, `maskToken is only used with 'mask' removal (removal is '${m}')`, o.maskToken);
  }
  if (m === 'baseline') {
    baseline = readBaseline(fn, o.baseline, n, d);
  } else if (o.baseline !== undefined) {
    throw new InputTypeError(fn, `baseline is only used with 'baseline' removal (removal is '${m}')`, o.baseline);
  }
  return { mode: m, maskToken, baseline, scale };
}

/** A baseline: undefined (zeros), a length-`d` vector for every position, or an `[n, d]` tensor. */
export function readBaseline(fn: string, baseline: TensorLike | undefined, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  if (baseline === undefined) return out;
  const t = normalizeTensor(fn, 'baseline', baseline, { rank: [1, 2] });
  if (t.shape.length === 1) {
    if (t.shape[0] !== d) throw new ShapeMismatchError(fn, `baseline must be a vector of length d = ${d} or an [n, d] = [${n}, ${d}] tensor, found [${t.shape.join(', ')}]`, t.shape);
    for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) out[i * d + k] = t.data[k]!;
    return out;
  }
  if (t.shape[0] !== n || t.shape[1] !== d) {
    throw new ShapeMismatchError(fn, `baseline must be a vector of length d = ${d} or an [n, d] = [${n}, ${d}] tensor, found [${t.shape.join(', ')}]`, t.shape);
  }
  out.set(Array.from(t.data));
  return out;
}

function readOutputs(fn: string, result: unknown, batch: number, C: number, what: string): ArrayLike<number> {
  const outputs = (result as { outputs?: FloatTensor } | null)?.outputs;
  if (outputs === undefined || outputs === null || typeof outputs !== 'object') {
    throw new InputTypeError(fn, `adapter.${what} must resolve to { outputs }`, result);
  }
  const t = normalizeTensor(fn, `adapter.${what}(...).outputs`, outputs, { rank: 2, finite: false });
  if (t.shape[0] !== batch || t.shape[1] !== C) {
    throw new ShapeMismatchError(fn, `adapter.${what} returned outputs of shape [${t.shape.join(', ')}], expected [${batch}, ${C}]`, t.shape);
  }
  return t.data;
}

async function embedRows(plan: Plan, tokens: ArrayLike<number>): Promise<Float64Array> {
  const { fn, adapter, d } = plan;
  const e = await adapter.embed(tokens);
  const t = normalizeTensor(fn, 'adapter.embed(tokens)', e, { rank: 2 });
  if (t.shape[0] !== tokens.length || t.shape[1] !== d) {
    throw new ShapeMismatchError(fn, `adapter.embed returned shape [${t.shape.join(', ')}], expected [${tokens.length}, ${d}]`, t.shape);
  }
  return Float64Array.from(t.data);
}

/** Embed the input and run the unperturbed forward pass; resolve the default target. */
export async function runSetup(plan: Plan): Promise<Setup> {
  checkAbort(plan.fn, plan.signal);
  const embeddings = await embedRows(plan, plan.tokens);
  const outputs = await forwardRaw(plan, embeddings, 1, plan.n, plan.inputMask);
  const target = plan.targetOption ?? argmax(outputs, 0, plan.C);
  return { ...plan, embeddings, outputs: Float64Array.from(outputs), target };
}

/** Embed the mask tokens (if needed) and return the removal ready to apply. */
export async function prepareRemoval(setup: Setup, r: RemovalPlan): Promise<Removal> {
  if (r.mode === 'mask') {
    const replacement = await embedRows(setup, new Array<number>(setup.n).fill(r.maskToken!));
    return { mode: 'mask', replacement, scale: r.scale, reembed: false };
  }
  if (r.mode === 'baseline') return { mode: 'baseline', replacement: r.baseline, scale: r.scale, reembed: false };
  return { mode: 'delete', replacement: undefined, scale: r.scale, reembed: await embedDependsOnPosition(setup) };
}

/**
 * Whether deleting a token changes the embedding rows of the tokens after it (an `embed` that adds
 * position embeddings). Probe: delete the first scorable position p and compare `embed` of the shortened
 * sequence with the full input's rows minus row p, bit for bit. For a row-wise `embed` of the form
 * `E[token] + P[position]` (or position-free) equality means `P` is constant over the positions the
 * scorable tokens can move to, so dropping rows is exact for every deletion; otherwise every shortened
 * sequence is embedded anew. (No probe is needed when nothing follows p: deletions then shift nothing.)
 */
async function embedDependsOnPosition(setup: Setup): Promise<boolean> {
  const { n, d, scorable, tokens, embeddings } = setup;
  const p = scorable[0];
  if (p === undefined || p === n - 1) return false;
  const short = new Float64Array(n - 1);
  for (let i = 0, r = 0; i < n; i++) if (i !== p) short[r++] = tokens[i]!;
  const probe = await embedRows(setup, short);
  for (let i = p + 1; i < n; i++) {
    for (let k = 0; k < d; k++) if (!Object.is(probe[(i - 1) * d + k], embeddings[i * d + k])) return true;
  }
  return false;
}

/** One forward call on `[batch, len, d]` embeddings (with the input-mask rows, if any). */
export async function forwardRaw(plan: Plan, data: Float64Array, batch: number, len: number, mask: Float64Array | undefined): Promise<ArrayLike<number>> {
  const { fn, adapter, d, C } = plan;
  const options = mask === undefined ? undefined : { inputMask: { data: mask, shape: [batch, len] } };
  const result = await adapter.forward({ data, shape: [batch, len, d] }, options);
  return readOutputs(fn, result, batch, C, 'forward');
}

/** Index of the first maximum of `x[offset … offset + C)`. */
export function argmax(x: ArrayLike<number>, offset: number, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (x[offset + c]! > x[offset + best]!) best = c;
  return best;
}

/** A progress counter over `total` perturbed inputs. */
export interface Progress {
  done: number;
  total: number;
}

/** The length of the input after removing `set` (1 = removed) under `mode`. */
function lengthAfter(n: number, set: Uint8Array, mode: RemovalMode): number {
  if (mode !== 'delete') return n;
  let len = n;
  for (let i = 0; i < n; i++) len -= set[i]!;
  return len;
}

/**
 * Check that no set leaves an empty input under `'delete'` (call before any model work).
 *
 * @throws InputRangeError naming the remedy.
 */
export function checkNonEmpty(plan: Plan, mode: RemovalMode, sets: readonly Uint8Array[]): void {
  if (mode !== 'delete') return;
  for (const s of sets) {
    if (lengthAfter(plan.n, s, mode) === 0) {
      throw new InputRangeError(
        plan.fn,
        "'delete' removal would leave an empty input; keep a position out of the removal (exclude, e.g. [0] for [CLS]) or use 'mask'/'baseline' removal",
        plan.n,
      );
    }
  }
}

/**
 * Evaluate the model on the input with each token set removed (`sets[j][i] = 1` removes position `i`).
 * Inputs of equal length are batched, `batchSize` per `forward` call; under `'delete'` each length gets
 * its own calls. Returns the raw outputs `[sets.length, C]`.
 */
export async function evaluateSets(setup: Setup, removal: Removal, sets: readonly Uint8Array[], progress: Progress): Promise<Float64Array> {
  const { fn, n, d, C, embeddings, inputMask, batchSize, onProgress, signal } = setup;
  const out = new Float64Array(sets.length * C);
  // group by resulting length, keeping the order within a group
  const groups = new Map<number, number[]>();
  for (let j = 0; j < sets.length; j++) {
    const len = lengthAfter(n, sets[j]!, removal.mode);
    let g = groups.get(len);
    if (g === undefined) groups.set(len, (g = []));
    g.push(j);
  }
  const lengths = [...groups.keys()].sort((a, b) => b - a);
  for (const len of lengths) {
    const members = groups.get(len)!;
    for (let start = 0; start < members.length; start += batchSize) {
      checkAbort(fn, signal);
      const chunk = members.slice(start, start + batchSize);
      const B = chunk.length;
      const data = new Float64Array(B * len * d);
      const mask = inputMask === undefined ? undefined : new Float64Array(B * len);
      const kept = new Float64Array(n);
      const pending: [number, Float64Array][] = [];
      chunk.forEach((j, b) => {
        const set = sets[j]!;
        if (removal.mode === 'delete') {
          let r = 0;
          for (let i = 0; i < n; i++) {
            if (set[i] === 1) continue;
            if (removal.reembed) kept[r] = setup.tokens[i]!;
            else data.set(embeddings.subarray(i * d, (i + 1) * d), (b * len + r) * d);
            if (mask !== undefined) mask[b * len + r] = inputMask![i]!;
            r++;
          }
          if (removal.reembed) pending.push([b, kept.slice(0, len)]);
        } else {
          const rep = removal.replacement!;
          for (let i = 0; i < n; i++) {
            const src = set[i] === 1 ? rep : embeddings;
            data.set(src.subarray(i * d, (i + 1) * d), (b * n + i) * d);
          }
          if (mask !== undefined) mask.set(inputMask!, b * n);
        }
      });
      // 'delete': the shortened token sequence is embedded anew, so positions an embed adds shift as in J&W / ferret
      for (const [b, ids] of pending) data.set(await embedRows(setup, ids), b * len * d);
      const raw = await forwardRaw(setup, data, B, len, mask);
      chunk.forEach((j, b) => {
        for (let c = 0; c < C; c++) out[j * C + c] = raw[b * C + c]!;
      });
      progress.done += B;
      onProgress?.({ done: progress.done, total: progress.total });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Output scales
// ---------------------------------------------------------------------------------------------

function logSumExpExcept(z: ArrayLike<number>, offset: number, C: number, skip: number): number {
  let max = -Infinity;
  for (let c = 0; c < C; c++) if (c !== skip && z[offset + c]! > max) max = z[offset + c]!;
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let c = 0; c < C; c++) if (c !== skip) s += Math.exp(z[offset + c]! - max);
  return max + Math.log(s);
}

/** Target-class probability from one output row (softmax / sigmoid of logits). */
export function targetProbability(z: ArrayLike<number>, offset: number, C: number, kind: ModelInfo['outputKind'], t: number): number {
  if (kind === 'probabilities') return z[offset + t]!;
  if (C === 1) return 1 / (1 + Math.exp(-z[offset]!));
  const lse = logSumExpExcept(z, offset, C, -1);
  return Math.exp(z[offset + t]! - lse);
}

/** The scalar of `scale` for target `t` from one output row. */
export function scalarOf(z: ArrayLike<number>, offset: number, C: number, kind: ModelInfo['outputKind'], t: number, scale: OutputScale): number {
  if (scale === 'raw') return z[offset + t]!;
  if (scale === 'probability') return targetProbability(z, offset, C, kind, t);
  if (kind === 'logits') {
    if (C === 1) return z[offset]!;
    return z[offset + t]! - logSumExpExcept(z, offset, C, t);
  }
  const p = z[offset + t]!;
  let rest = 0;
  if (C === 1) rest = 1 - p;
  else for (let c = 0; c < C; c++) if (c !== t) rest += z[offset + c]!;
  return Math.log(p) - Math.log(rest);
}

/** Scalars of every row of `[rows, C]` outputs. */
export function scalars(setup: Setup, raw: Float64Array, scale: OutputScale): Float64Array {
  const rows = raw.length / setup.C;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = scalarOf(raw, r * setup.C, setup.C, setup.kind, setup.target, scale);
  return out;
}

/** Total variation distance between the class distributions of two output rows (`C = 1`: `|p − p'|`). */
export function tvdOf(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, C: number, kind: ModelInfo['outputKind']): number {
  if (C === 1) return Math.abs(targetProbability(a, ao, 1, kind, 0) - targetProbability(b, bo, 1, kind, 0));
  let s = 0;
  for (let c = 0; c < C; c++) s += Math.abs(targetProbability(a, ao, C, kind, c) - targetProbability(b, bo, C, kind, c));
  return s / 2;
}

/** The model's decision on one output row: argmax for `C ≥ 2`; for `C = 1`, 1 when `p > 0.5` else 0. */
export function decisionOf(z: ArrayLike<number>, offset: number, C: number, kind: ModelInfo['outputKind']): number {
  if (C === 1) return targetProbability(z, offset, 1, kind, 0) > 0.5 ? 1 : 0;
  return argmax(z, offset, C);
}

/** A removal set over `n` positions with the given positions set. */
export function setOf(n: number, positions: ArrayLike<number>, count = positions.length): Uint8Array {
  const s = new Uint8Array(n);
  for (let k = 0; k < count; k++) s[positions[k]!] = 1;
  return s;
}
