/**
 * The shared state of one conformance run ({@link ConformanceContext}: the adapter, resolved
 * options, lazily embedded samples) and the helpers every check uses: failures, tolerant
 * comparisons, sample tensors, override builders and finite differences.
 *
 * @module
 */
import { createRng } from '../../../random/createRng.js';
import type { AttentionOverride, ForwardOptions, ForwardResult, ModelAdapter } from '../../../types/adapter.js';
import type { FloatTensor } from '../../../types/tensor.js';
import type { ConformanceCheckName } from '../../types.js';
import type { ResolvedConformanceOptions } from './options.js';

// ---------------------------------------------------------------------------------------------
// Failures and small helpers
// ---------------------------------------------------------------------------------------------

/** A conformance violation (reported as the check's message). */
export class CheckFailure extends Error {
  override readonly name: string = 'CheckFailure';
}

export function fail(message: string): never {
  throw new CheckFailure(message);
}

export function fmt(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(7))) : x.toExponential(3);
}

/**
 * The adapter call most recently started and not yet settled (its label), for the message of a
 * check that times out. Module-wide: exact when runs do not overlap, a hint otherwise.
 */
export const inFlight: { label: string | undefined } = { label: undefined };

/** Call an adapter method, turning a throw or rejection into a failure naming the method. */
export async function call<T>(label: string, f: () => Promise<T> | T): Promise<T> {
  inFlight.label = label;
  try {
    return await f();
  } catch (e) {
    if (e instanceof CheckFailure) throw e;
    const err = e as { name?: unknown; message?: unknown };
    const desc = e instanceof Error ? `${String(err.name)}: ${String(err.message)}` : String(e);
    throw new CheckFailure(`${label} threw ${desc}`);
  } finally {
    if (inFlight.label === label) inFlight.label = undefined;
  }
}

export function shapeString(shape: unknown): string {
  return Array.isArray(shape) ? `[${shape.join(', ')}]` : String(shape);
}

/** Assert `t` is `{ data: Float64Array, shape }` with the expected shape and finite values. */
export function expectTensor(label: string, t: unknown, shape: readonly number[]): FloatTensor {
  if (t === null || typeof t !== 'object') fail(`${label} must be { data, shape }, got ${String(t)}`);
  const { data, shape: s } = t as { data?: unknown; shape?: unknown };
  if (!(data instanceof Float64Array)) {
    fail(`${label}.data must be a Float64Array, got ${data === null || data === undefined ? String(data) : (data as object).constructor.name}`);
  }
  if (!Array.isArray(s) || s.length !== shape.length || s.some((v, i) => v !== shape[i])) {
    fail(`${label} must have shape [${shape.join(', ')}], found ${shapeString(s)}`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) fail(`${label}.data has ${data.length} elements, its shape needs ${size}`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) fail(`${label}.data[${i}] is not finite (${fmt(data[i]!)})`);
  }
  return t as FloatTensor;
}

/** Worst `|a − e| / (tol · max(1, |e|))` (≤ 1 passes); throws on the first element beyond tolerance. */
export function expectClose(label: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): number {
  if (actual.length !== expected.length) fail(`${label}: ${actual.length} values, expected ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const diff = Math.abs(a - e);
    const bound = tol * Math.max(1, Math.abs(e));
    if (!(diff <= bound)) fail(`${label}: element ${i} is ${fmt(a)}, expected ${fmt(e)} (|difference| ${fmt(diff)} > ${fmt(bound)})`);
    if (diff > 0) worst = Math.max(worst, diff / Math.max(1, Math.abs(e)));
  }
  return worst;
}

export function identical(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) {
    if (!(a[i] === b[i] || (Number.isNaN(a[i]!) && Number.isNaN(b[i]!)))) return i;
  }
  return -1;
}

export function expectIdentical(label: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) fail(`${label}: ${a.length} values, then ${b.length}`);
  const i = identical(a, b);
  if (i >= 0) fail(`${label}: element ${i} was ${fmt(a[i]!)}, then ${fmt(b[i]!)}`);
}

export function tensor(data: Float64Array, shape: readonly number[]): FloatTensor {
  return { data, shape: [...shape] };
}

/** Rows `sources[r]` of a `[B, …]` tensor stacked into a fresh `[sources.length, …]` tensor. */
export function gatherRows(t: FloatTensor, sources: readonly number[]): FloatTensor {
  const rowSize = t.data.length / t.shape[0]!;
  const out = new Float64Array(sources.length * rowSize);
  sources.forEach((b, r) => out.set(t.data.subarray(b * rowSize, (b + 1) * rowSize), r * rowSize));
  return tensor(out, [sources.length, ...t.shape.slice(1)]);
}

export function copyOverrides(overrides: readonly AttentionOverride[]): AttentionOverride[] {
  return overrides.map((o) => ({ ...o, ...(o.heads === undefined ? {} : { heads: [...o.heads] }), weights: tensor(Float64Array.from(o.weights.data), o.weights.shape) }));
}

// ---------------------------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------------------------

export interface Sample {
  readonly tokens: readonly number[];
  readonly n: number;
  /**
   * `[2, n, d]`: the sample's embeddings, then an independent second row of the same length (the
   * embeddings of an independently drawn sequence, or — for given samples — rows drawn at random
   * from all samples' embeddings and rescaled), so that neither a permutation-invariant model nor
   * cross-batch mixing can make the two rows look alike.
   */
  readonly pair: Float64Array;
}

export interface Layout {
  readonly C: number;
  readonly d: number;
  readonly probabilities: boolean;
  /** Present when `info.attention` is. */
  readonly attention?: { readonly L: number; readonly H: number; readonly single: boolean; readonly overridable: boolean };
}

/** Shared, lazily computed state of one conformance run. */
export interface ConformanceContext {
  readonly adapter: ModelAdapter;
  readonly options: ResolvedConformanceOptions;
  /** Token sequences (generated or given). */
  tokens(): readonly (readonly number[])[];
  /** Embedded samples (memoised). */
  samples(): Promise<readonly Sample[]>;
}

export const FN = 'checkAdapterConformance';

/** Lengths of generated samples (cycled), capped at `info.maxLength`; `info.sequenceLength` when declared. */
const SAMPLE_LENGTHS = [5, 3, 7];

/** Real-valued tokens of models without a vocabulary are drawn uniformly from this interval. */
const REAL_TOKEN_RANGE = 3;

/**
 * Draw one token sequence of length `n`: ids in `[0, vocabSize)` avoiding special tokens, or —
 * when `info.vocabSize` is absent (the model's tokens are values, not ids) — reals uniform in
 * `(−3, 3)`.
 */
function drawTokens(info: ModelAdapter['info'], n: number, rng: ReturnType<typeof createRng>): number[] {
  const V = info.vocabSize;
  const seq: number[] = [];
  if (typeof V !== 'number' || !Number.isInteger(V) || V < 1) {
    while (seq.length < n) seq.push((2 * rng.next() - 1) * REAL_TOKEN_RANGE);
    return seq;
  }
  const special = new Set(Object.values(info.specialTokens ?? {}).filter((t): t is number => typeof t === 'number'));
  const usable = V - [...special].filter((t) => t >= 0 && t < V).length;
  while (seq.length < n) {
    const t = rng.nextInt(V);
    if (usable > 0 && special.has(t)) continue;
    seq.push(t);
  }
  return seq;
}

function sampleLength(info: ModelAdapter['info'], s: number): number {
  if (typeof info.sequenceLength === 'number' && Number.isInteger(info.sequenceLength) && info.sequenceLength >= 1) return info.sequenceLength;
  const cap = typeof info.maxLength === 'number' && info.maxLength >= 1 ? info.maxLength : Infinity;
  return Math.min(SAMPLE_LENGTHS[s % SAMPLE_LENGTHS.length]!, cap);
}

/** Create the context of one run. Nothing is called on the adapter until a check asks. */
export function createConformanceContext(adapter: ModelAdapter, options: ResolvedConformanceOptions): ConformanceContext {
  let tokenCache: readonly (readonly number[])[] | undefined;
  let sampleCache: Promise<readonly Sample[]> | undefined;
  const tokens = (): readonly (readonly number[])[] => {
    if (tokenCache !== undefined) return tokenCache;
    if (options.samples !== null) return (tokenCache = options.samples);
    const info = adapter.info;
    const rng = createRng(options.seed);
    const out: number[][] = [];
    for (let s = 0; s < options.numSamples; s++) out.push(drawTokens(info, sampleLength(info, s), rng));
    return (tokenCache = out);
  };
  const embedChecked = async (seq: readonly number[], d: number): Promise<FloatTensor> => {
    const e = await call('embed', () => adapter.embed([...seq]));
    expectTensor(`embed([${seq.join(', ')}])`, e, [seq.length, d]);
    return e;
  };
  const samples = (): Promise<readonly Sample[]> => {
    sampleCache ??= (async () => {
      const d = adapter.info.embeddingDim;
      const primary: { seq: readonly number[]; e: FloatTensor }[] = [];
      for (const seq of tokens()) primary.push({ seq, e: await embedChecked(seq, d) });
      const rng = createRng(options.seed + 7919);
      const pool = primary.flatMap(({ e }) => Array.from({ length: e.shape[0]! }, (_, i) => e.data.subarray(i * d, (i + 1) * d)));
      const list: Sample[] = [];
      for (const { seq, e } of primary) {
        const n = seq.length;
        const pair = new Float64Array(2 * n * d);
        pair.set(e.data, 0);
        if (options.samples === null) {
          const partner = await embedChecked(drawTokens(adapter.info, n, rng), d);
          pair.set(partner.data, n * d);
        } else {
          for (let i = 0; i < n; i++) {
            const row = pool[rng.nextInt(pool.length)]!;
            const scale = 0.5 + rng.next();
            for (let k = 0; k < d; k++) pair[(n + i) * d + k] = scale * row[k]!;
          }
        }
        list.push({ tokens: seq, n, pair });
      }
      return list;
    })();
    return sampleCache;
  };
  return { adapter, options, tokens, samples };
}

export function layoutOf(adapter: ModelAdapter): Layout {
  const info = adapter.info;
  const a = info.attention;
  return {
    C: info.numClasses,
    d: info.embeddingDim,
    probabilities: info.outputKind === 'probabilities',
    ...(a === undefined ? {} : { attention: { L: a.layers, H: a.heads, single: a.queries === 'single', overridable: a.overridable !== false } }),
  };
}

export function pairTensor(s: Sample, d: number): FloatTensor {
  return tensor(Float64Array.from(s.pair), [2, s.n, d]);
}

export function rowTensor(s: Sample, d: number, row: 0 | 1): FloatTensor {
  return tensor(s.pair.slice(row * s.n * d, (row + 1) * s.n * d), [1, s.n, d]);
}

export function queriesOf(layout: Layout, n: number): number {
  return layout.attention!.single ? 1 : n;
}

export async function forward(adapter: ModelAdapter, layout: Layout, x: FloatTensor, options: ForwardOptions | undefined, label: string): Promise<ForwardResult> {
  const r = await call(label, () => (options === undefined ? adapter.forward(x) : adapter.forward(x, options)));
  if (r === null || typeof r !== 'object') fail(`${label} must resolve to { outputs }, got ${String(r)}`);
  expectTensor(`${label}.outputs`, r.outputs, [x.shape[0]!, layout.C]);
  if (options?.returnAttention === true) {
    const at = layout.attention!;
    const n = x.shape[1]!;
    if (r.attention === undefined) fail(`${label}: returnAttention was set but no attention was returned`);
    expectTensor(`${label}.attention`, r.attention, [x.shape[0]!, at.L, at.H, queriesOf(layout, n), n]);
  }
  return r;
}

/** Overrides for every layer from a returned `[B, L, H, Q, n]` attention tensor. */
export function overridesFromAttention(att: FloatTensor): AttentionOverride[] {
  const [B, L, H, Q, n] = att.shape as [number, number, number, number, number];
  const block = H * Q * n;
  const out: AttentionOverride[] = [];
  for (let l = 0; l < L; l++) {
    const w = new Float64Array(B * block);
    for (let b = 0; b < B; b++) w.set(att.data.subarray((b * L + l) * block, (b * L + l + 1) * block), b * block);
    out.push({ layer: l, weights: tensor(w, [B, H, Q, n]) });
  }
  return out;
}

/** One override of `layer` for the given heads (in that order), from a returned attention tensor. */
export function headOverride(att: FloatTensor, layer: number, heads: readonly number[]): AttentionOverride {
  const [B, L, H, Q, n] = att.shape as [number, number, number, number, number];
  const w = new Float64Array(B * heads.length * Q * n);
  for (let b = 0; b < B; b++) {
    heads.forEach((h, slot) => {
      const src = ((b * L + layer) * H + h) * Q * n;
      w.set(att.data.subarray(src, src + Q * n), (b * heads.length + slot) * Q * n);
    });
  }
  return { layer, heads: [...heads], weights: tensor(w, [B, heads.length, Q, n]) };
}

export function uniformOverrides(layout: Layout, B: number, n: number): AttentionOverride[] {
  const { L, H } = layout.attention!;
  const Q = queriesOf(layout, n);
  return Array.from({ length: L }, (_, l) => ({ layer: l, weights: tensor(new Float64Array(B * H * Q * n).fill(1 / n), [B, H, Q, n]) }));
}

export function targetsFor(layout: Layout): Int32Array {
  return Int32Array.from([0, layout.C - 1]);
}

/** A `[2, n]` mask hiding position 0 of row 0 and position n − 1 of row 1 (n ≥ 2). */
export function partialMask(n: number): FloatTensor {
  const m = new Float64Array(2 * n).fill(1);
  m[0] = 0;
  m[2 * n - 1] = 0;
  return tensor(m, [2, n]);
}

/** Check `[…, Q, n]` rows: entries ≥ −tol, sums within tol of 1, masked keys ≤ tol. */
export function expectStochasticRows(label: string, att: FloatTensor, tol: number, mask?: FloatTensor): number {
  const n = att.shape[att.shape.length - 1]!;
  const B = att.shape[0]!;
  const rowsPerExample = att.data.length / (B * n);
  let worst = 0;
  for (let r = 0; r < B * rowsPerExample; r++) {
    const b = Math.floor(r / rowsPerExample);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const a = att.data[r * n + j]!;
      if (a < -tol) fail(`${label}: weight ${fmt(a)} at row ${r}, key ${j} is negative`);
      if (mask !== undefined && mask.data[b * n + j] === 0 && Math.abs(a) > tol) {
        fail(`${label}: masked key ${j} of example ${b} receives attention ${fmt(a)} (row ${r})`);
      }
      sum += a;
    }
    if (!(Math.abs(sum - 1) <= tol)) fail(`${label}: row ${r} sums to ${fmt(sum)}, not 1`);
    worst = Math.max(worst, Math.abs(sum - 1));
  }
  return worst;
}

export function expectDistributions(label: string, outputs: FloatTensor, tol: number): number {
  const [B, C] = outputs.shape as [number, number];
  let worst = 0;
  for (let b = 0; b < B; b++) {
    let sum = 0;
    for (let c = 0; c < C; c++) {
      const p = outputs.data[b * C + c]!;
      if (p < -tol || p > 1 + tol) fail(`${label}: probability ${fmt(p)} at [${b}, ${c}] is outside [0, 1]`);
      sum += p;
    }
    if (!(Math.abs(sum - 1) <= tol)) fail(`${label}: row ${b} sums to ${fmt(sum)}, not 1 (info.outputKind is 'probabilities')`);
    worst = Math.max(worst, Math.abs(sum - 1));
  }
  return worst;
}

/** `k` distinct indices in [0, total) (all when total ≤ k), ascending. */
export function pickCoordinates(total: number, k: number, seed: number): number[] {
  if (total <= k) return Array.from({ length: total }, (_, i) => i);
  const rng = createRng(seed);
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(rng.nextInt(total));
  return [...chosen].sort((a, b) => a - b);
}

/** Compare analytic gradient values with finite differences; returns the worst error/bound ratio. */
export function compareGradients(
  label: string,
  coords: readonly string[],
  analytic: readonly number[],
  fd: readonly number[],
  scale: readonly number[],
  opts: ResolvedConformanceOptions,
): number {
  let worst = 0;
  for (let i = 0; i < fd.length; i++) {
    const bound = opts.gradientAtol * Math.max(1, Math.abs(scale[i]!)) + opts.gradientRtol * Math.abs(fd[i]!);
    const err = Math.abs(analytic[i]! - fd[i]!);
    if (!(err <= bound)) {
      fail(`${label}: at ${coords[i]} the gradient is ${fmt(analytic[i]!)}, central finite differences give ${fmt(fd[i]!)} (|difference| ${fmt(err)} > ${fmt(bound)})`);
    }
    if (bound > 0) worst = Math.max(worst, err / bound);
  }
  return worst;
}

export const FD_ROWS_PER_CALL = 64;

/**
 * Central differences of `outputs[target]` w.r.t. embedding coordinates of a `[2, n, d]` pair.
 * `optionsFor(sources)` builds the forward options for an FD batch whose rows come from the given
 * pair rows (so masks and overrides can be gathered).
 */
export async function fdEmbeddings(
  ctx: ConformanceContext,
  layout: Layout,
  x: FloatTensor,
  targets: Int32Array,
  flatCoords: readonly number[],
  optionsFor: (sources: readonly number[]) => ForwardOptions | undefined,
  label: string,
): Promise<number[]> {
  const n = x.shape[1]!;
  const { d, C } = layout;
  const rowSize = n * d;
  const step = ctx.options.finiteDifferenceStep;
  const result: number[] = [];
  for (let start = 0; start < flatCoords.length; start += FD_ROWS_PER_CALL / 2) {
    const chunk = flatCoords.slice(start, start + FD_ROWS_PER_CALL / 2);
    const sources: number[] = [];
    const data = new Float64Array(2 * chunk.length * rowSize);
    const widths: number[] = [];
    chunk.forEach((flat, c) => {
      const b = Math.floor(flat / rowSize);
      const within = flat % rowSize;
      const row = x.data.subarray(b * rowSize, (b + 1) * rowSize);
      const v = row[within]!;
      const h = step * Math.max(1, Math.abs(v));
      const plus = v + h;
      const minus = v - h;
      data.set(row, 2 * c * rowSize);
      data.set(row, (2 * c + 1) * rowSize);
      data[2 * c * rowSize + within] = plus;
      data[(2 * c + 1) * rowSize + within] = minus;
      widths.push(plus - minus);
      sources.push(b, b);
    });
    const r = await forward(ctx.adapter, layout, tensor(data, [2 * chunk.length, n, d]), optionsFor(sources), label);
    chunk.forEach((flat, c) => {
      const t = targets[Math.floor(flat / rowSize)]!;
      result.push((r.outputs.data[2 * c * C + t]! - r.outputs.data[(2 * c + 1) * C + t]!) / widths[c]!);
    });
  }
  return result;
}

export type Capability = 'attention' | 'attentionOverride' | 'gradient' | 'attentionGradient';

export interface CheckDefinition {
  readonly name: ConformanceCheckName;
  readonly title: string;
  readonly requires: readonly Capability[];
  run(ctx: ConformanceContext): Promise<string>;
}
