/**
 * The adapter conformance checks behind `checkAdapterConformance` and `describeAdapterConformance`.
 * Private: the two public functions are the API. Runner-agnostic: nothing here imports a test
 * framework.
 *
 * Every check receives a shared {@link ConformanceContext} (the adapter, resolved options and lazily
 * embedded samples), passes fresh copies of its inputs to the adapter, and either returns a message
 * describing what it measured or throws (a {@link CheckFailure}, or the adapter's own error, which is
 * reported with the method that threw).
 *
 * @module
 */
import { InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { validateAdapter } from '../../internal/adapter.js';
import { checkInteger, checkNumber, checkOptions, checkSeed } from '../../internal/options.js';
import { createRng } from '../../random/createRng.js';
import type { AttentionOverride, ForwardOptions, ForwardResult, ModelAdapter } from '../../types/adapter.js';
import type { FloatTensor } from '../../types/tensor.js';
import type { ConformanceCheckName, ConformanceCheckResult, ConformanceOptions } from '../types.js';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/** Every check, in running order. */
export const CHECK_NAMES: readonly ConformanceCheckName[] = Object.freeze([
  'info',
  'embed',
  'forwardOutputs',
  'determinism',
  'noInputMutation',
  'batchConsistency',
  'inputMask',
  'attentionShape',
  'attentionOverrideIdentity',
  'attentionOverrideEffect',
  'gradient',
  'attentionGradient',
]);

/** Defaults of {@link ConformanceOptions} (float32-friendly). */
export const CONFORMANCE_DEFAULTS = Object.freeze({
  numSamples: 3,
  seed: 0,
  tolerance: 1e-5,
  finiteDifferenceStep: 2 ** -8,
  gradientRtol: 1e-2,
  gradientAtol: 1e-3,
  gradientCoordinates: 16,
});

export interface ResolvedConformanceOptions {
  readonly samples: readonly (readonly number[])[] | null;
  readonly numSamples: number;
  readonly seed: number;
  readonly tolerance: number;
  readonly finiteDifferenceStep: number;
  readonly gradientRtol: number;
  readonly gradientAtol: number;
  readonly gradientCoordinates: number;
  readonly checks: readonly ConformanceCheckName[];
}

const OPTION_KEYS = [
  'samples',
  'numSamples',
  'seed',
  'tolerance',
  'finiteDifferenceStep',
  'gradientRtol',
  'gradientAtol',
  'gradientCoordinates',
  'checks',
] as const;

/** Validate conformance options (throws at the public boundary; never reported as a check). */
export function resolveConformanceOptions(
  fn: string,
  options: unknown,
  extraKeys: readonly string[] = [],
): ResolvedConformanceOptions {
  const o = checkOptions<ConformanceOptions & Record<string, unknown>>(fn, options, [...OPTION_KEYS, ...extraKeys]);
  let samples: number[][] | null = null;
  if (o.samples !== undefined) {
    if (!Array.isArray(o.samples) || o.samples.length === 0) {
      throw new InputTypeError(fn, 'options.samples must be a non-empty array of token sequences', o.samples);
    }
    samples = o.samples.map((s: unknown, i) => {
      if (s === null || typeof s !== 'object' || typeof (s as ArrayLike<number>).length !== 'number') {
        throw new InputTypeError(fn, `options.samples[${i}] must be an array of token ids`, s);
      }
      const arr = Array.from(s as ArrayLike<unknown>);
      if (arr.length === 0) throw new ShapeMismatchError(fn, `options.samples[${i}] must not be empty`, s);
      arr.forEach((t, j) => {
        if (typeof t !== 'number' || !Number.isFinite(t)) throw new InputTypeError(fn, `options.samples[${i}][${j}] must be a finite number`, t);
      });
      return arr as number[];
    });
  }
  let checks = CHECK_NAMES;
  if (o.checks !== undefined) {
    if (!Array.isArray(o.checks) || o.checks.length === 0) {
      throw new InputTypeError(fn, 'options.checks must be a non-empty array of check names', o.checks);
    }
    for (const c of o.checks as unknown[]) {
      if (typeof c !== 'string' || !(CHECK_NAMES as readonly string[]).includes(c)) {
        throw new InputTypeError(fn, `options.checks holds an unknown check (known: ${CHECK_NAMES.join(', ')})`, c);
      }
    }
    const wanted = new Set(o.checks as readonly string[]);
    checks = CHECK_NAMES.filter((c) => wanted.has(c));
  }
  return {
    samples,
    numSamples: checkInteger(fn, 'options.numSamples', o.numSamples ?? CONFORMANCE_DEFAULTS.numSamples, 1, 64),
    seed: o.seed === undefined ? CONFORMANCE_DEFAULTS.seed : checkSeed(fn, o.seed),
    tolerance: checkNumber(fn, 'options.tolerance', o.tolerance ?? CONFORMANCE_DEFAULTS.tolerance, { min: 0, max: 1, minExclusive: true }),
    finiteDifferenceStep: checkNumber(fn, 'options.finiteDifferenceStep', o.finiteDifferenceStep ?? CONFORMANCE_DEFAULTS.finiteDifferenceStep, {
      min: 0,
      max: 1,
      minExclusive: true,
    }),
    gradientRtol: checkNumber(fn, 'options.gradientRtol', o.gradientRtol ?? CONFORMANCE_DEFAULTS.gradientRtol, { min: 0, max: 1 }),
    gradientAtol: checkNumber(fn, 'options.gradientAtol', o.gradientAtol ?? CONFORMANCE_DEFAULTS.gradientAtol, { min: 0, max: Number.MAX_VALUE }),
    gradientCoordinates: checkInteger(fn, 'options.gradientCoordinates', o.gradientCoordinates ?? CONFORMANCE_DEFAULTS.gradientCoordinates, 1, 4096),
    checks,
  };
}

// ---------------------------------------------------------------------------------------------
// Failures and small helpers
// ---------------------------------------------------------------------------------------------

/** A conformance violation (reported as the check's message). */
export class CheckFailure extends Error {
  override readonly name: string = 'CheckFailure';
}

function fail(message: string): never {
  throw new CheckFailure(message);
}

function fmt(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(7))) : x.toExponential(3);
}

/** Call an adapter method, turning a throw or rejection into a failure naming the method. */
async function call<T>(label: string, f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof CheckFailure) throw e;
    const err = e as { name?: unknown; message?: unknown };
    const desc = e instanceof Error ? `${String(err.name)}: ${String(err.message)}` : String(e);
    throw new CheckFailure(`${label} threw ${desc}`);
  }
}

function shapeString(shape: unknown): string {
  return Array.isArray(shape) ? `[${shape.join(', ')}]` : String(shape);
}

/** Assert `t` is `{ data: Float64Array, shape }` with the expected shape and finite values. */
function expectTensor(label: string, t: unknown, shape: readonly number[]): FloatTensor {
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
function expectClose(label: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): number {
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

function identical(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) {
    if (!(a[i] === b[i] || (Number.isNaN(a[i]!) && Number.isNaN(b[i]!)))) return i;
  }
  return -1;
}

function expectIdentical(label: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) fail(`${label}: ${a.length} values, then ${b.length}`);
  const i = identical(a, b);
  if (i >= 0) fail(`${label}: element ${i} was ${fmt(a[i]!)}, then ${fmt(b[i]!)}`);
}

function tensor(data: Float64Array, shape: readonly number[]): FloatTensor {
  return { data, shape: [...shape] };
}

/** Rows `sources[r]` of a `[B, …]` tensor stacked into a fresh `[sources.length, …]` tensor. */
function gatherRows(t: FloatTensor, sources: readonly number[]): FloatTensor {
  const rowSize = t.data.length / t.shape[0]!;
  const out = new Float64Array(sources.length * rowSize);
  sources.forEach((b, r) => out.set(t.data.subarray(b * rowSize, (b + 1) * rowSize), r * rowSize));
  return tensor(out, [sources.length, ...t.shape.slice(1)]);
}

function copyOverrides(overrides: readonly AttentionOverride[]): AttentionOverride[] {
  return overrides.map((o) => ({ ...o, ...(o.heads === undefined ? {} : { heads: [...o.heads] }), weights: tensor(Float64Array.from(o.weights.data), o.weights.shape) }));
}

// ---------------------------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------------------------

interface Sample {
  readonly tokens: readonly number[];
  readonly n: number;
  /** `[2, n, d]`: the sample's embeddings and the same rows in reverse order. */
  readonly pair: Float64Array;
}

interface Layout {
  readonly C: number;
  readonly d: number;
  readonly probabilities: boolean;
  /** Present when `info.attention` is. */
  readonly attention?: { readonly L: number; readonly H: number; readonly single: boolean };
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

const FN = 'checkAdapterConformance';

/** Create the context of one run. Nothing is called on the adapter until a check asks. */
export function createConformanceContext(adapter: ModelAdapter, options: ResolvedConformanceOptions): ConformanceContext {
  let tokenCache: readonly (readonly number[])[] | undefined;
  let sampleCache: Promise<readonly Sample[]> | undefined;
  const tokens = (): readonly (readonly number[])[] => {
    if (tokenCache !== undefined) return tokenCache;
    if (options.samples !== null) return (tokenCache = options.samples);
    const info = adapter.info;
    const V = info?.vocabSize;
    if (typeof V !== 'number' || !Number.isInteger(V) || V < 1) {
      fail('no samples: info.vocabSize is absent, so pass token sequences as options.samples');
    }
    const special = new Set(Object.values(info.specialTokens ?? {}).filter((t): t is number => typeof t === 'number'));
    const usable = V - [...special].filter((t) => t >= 0 && t < V).length;
    const rng = createRng(options.seed);
    const lengths = [5, 3, 7];
    const cap = typeof info.maxLength === 'number' && info.maxLength >= 1 ? info.maxLength : Infinity;
    const out: number[][] = [];
    for (let s = 0; s < options.numSamples; s++) {
      const n = Math.min(lengths[s % lengths.length]!, cap);
      const seq: number[] = [];
      while (seq.length < n) {
        const t = rng.nextInt(V);
        if (usable > 0 && special.has(t)) continue;
        seq.push(t);
      }
      out.push(seq);
    }
    return (tokenCache = out);
  };
  const samples = (): Promise<readonly Sample[]> => {
    sampleCache ??= (async () => {
      const d = adapter.info.embeddingDim;
      const list: Sample[] = [];
      for (const seq of tokens()) {
        const e = await call('embed', () => adapter.embed([...seq]));
        const n = seq.length;
        expectTensor(`embed([${seq.join(', ')}])`, e, [n, d]);
        const pair = new Float64Array(2 * n * d);
        pair.set(e.data, 0);
        for (let i = 0; i < n; i++) pair.set(e.data.subarray((n - 1 - i) * d, (n - i) * d), (n + i) * d);
        list.push({ tokens: seq, n, pair });
      }
      return list;
    })();
    return sampleCache;
  };
  return { adapter, options, tokens, samples };
}

function layoutOf(adapter: ModelAdapter): Layout {
  const info = adapter.info;
  const a = info.attention;
  return {
    C: info.numClasses,
    d: info.embeddingDim,
    probabilities: info.outputKind === 'probabilities',
    ...(a === undefined ? {} : { attention: { L: a.layers, H: a.heads, single: a.queries === 'single' } }),
  };
}

function pairTensor(s: Sample, d: number): FloatTensor {
  return tensor(Float64Array.from(s.pair), [2, s.n, d]);
}

function rowTensor(s: Sample, d: number, row: 0 | 1): FloatTensor {
  return tensor(s.pair.slice(row * s.n * d, (row + 1) * s.n * d), [1, s.n, d]);
}

function queriesOf(layout: Layout, n: number): number {
  return layout.attention!.single ? 1 : n;
}

async function forward(adapter: ModelAdapter, layout: Layout, x: FloatTensor, options: ForwardOptions | undefined, label: string): Promise<ForwardResult> {
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
function overridesFromAttention(att: FloatTensor): AttentionOverride[] {
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
function headOverride(att: FloatTensor, layer: number, heads: readonly number[]): AttentionOverride {
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

function uniformOverrides(layout: Layout, B: number, n: number): AttentionOverride[] {
  const { L, H } = layout.attention!;
  const Q = queriesOf(layout, n);
  return Array.from({ length: L }, (_, l) => ({ layer: l, weights: tensor(new Float64Array(B * H * Q * n).fill(1 / n), [B, H, Q, n]) }));
}

function targetsFor(layout: Layout): Int32Array {
  return Int32Array.from([0, layout.C - 1]);
}

/** A `[2, n]` mask hiding position 0 of row 0 and position n − 1 of row 1 (n ≥ 2). */
function partialMask(n: number): FloatTensor {
  const m = new Float64Array(2 * n).fill(1);
  m[0] = 0;
  m[2 * n - 1] = 0;
  return tensor(m, [2, n]);
}

/** Check `[…, Q, n]` rows: entries ≥ −tol, sums within tol of 1, masked keys ≤ tol. */
function expectStochasticRows(label: string, att: FloatTensor, tol: number, mask?: FloatTensor): number {
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

function expectDistributions(label: string, outputs: FloatTensor, tol: number): number {
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
function pickCoordinates(total: number, k: number, seed: number): number[] {
  if (total <= k) return Array.from({ length: total }, (_, i) => i);
  const rng = createRng(seed);
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(rng.nextInt(total));
  return [...chosen].sort((a, b) => a - b);
}

/** Compare analytic gradient values with finite differences; returns the worst error/bound ratio. */
function compareGradients(
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

const FD_ROWS_PER_CALL = 64;

/**
 * Central differences of `outputs[target]` w.r.t. embedding coordinates of a `[2, n, d]` pair.
 * `optionsFor(sources)` builds the forward options for an FD batch whose rows come from the given
 * pair rows (so masks and overrides can be gathered).
 */
async function fdEmbeddings(
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

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

type Capability = 'attention' | 'gradient' | 'attentionGradient';

interface CheckDefinition {
  readonly name: ConformanceCheckName;
  readonly title: string;
  readonly requires: readonly Capability[];
  run(ctx: ConformanceContext): Promise<string>;
}

async function checkInfo(ctx: ConformanceContext): Promise<string> {
  try {
    validateAdapter(FN, ctx.adapter);
  } catch (e) {
    fail((e as Error).message.replace(`${FN}: `, ''));
  }
  const { info } = ctx.adapter;
  if (typeof ctx.adapter.attentionGradient === 'function' && info.attention === undefined) {
    fail('the adapter has attentionGradient but info.attention is absent');
  }
  const caps = ['gradient', 'attentionGradient'].filter((c) => typeof ctx.adapter[c as 'gradient'] === 'function');
  const att = info.attention;
  return (
    `${info.numClasses} class${info.numClasses === 1 ? '' : 'es'} (${info.outputKind}), d = ${info.embeddingDim}` +
    (att === undefined ? ', no attention' : `, attention ${att.layers} layer(s) × ${att.heads} head(s), queries '${att.queries}'`) +
    (caps.length > 0 ? `; provides ${caps.join(', ')}` : '')
  );
}

async function checkEmbed(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const d = adapter.info.embeddingDim;
  const all = ctx.tokens();
  for (const seq of all) {
    const label = `embed([${seq.join(', ')}])`;
    const arg = [...seq];
    const first = expectTensor(label, await call('embed', () => adapter.embed(arg)), [seq.length, d]);
    if (identical(arg, seq) >= 0) fail(`${label} mutated its tokens argument`);
    const second = expectTensor(label, await call('embed', () => adapter.embed(arg)), [seq.length, d]);
    expectIdentical(`${label} called twice`, first.data, second.data);
    if (first.data === second.data) fail(`${label} returned the same buffer twice (results must be fresh)`);
    const snapshot = Float64Array.from(second.data);
    first.data.fill(Number.NaN);
    if (identical(second.data, snapshot) >= 0) fail(`${label}: two results share memory (writing into one changed the other)`);
    const third = expectTensor(label, await call('embed', () => adapter.embed(arg)), [seq.length, d]);
    if (identical(third.data, snapshot) >= 0) fail(`${label}: writing into an earlier result changed a later one (the adapter keeps returned buffers)`);
  }
  return `${all.length} token sequence(s) embedded to fresh [n, ${d}] float64 buffers`;
}

async function checkForwardOutputs(ctx: ConformanceContext): Promise<string> {
  const layout = layoutOf(ctx.adapter);
  const tol = ctx.options.tolerance;
  let worst = 0;
  const samples = await ctx.samples();
  for (const s of samples) {
    const x = pairTensor(s, layout.d);
    const r = await forward(ctx.adapter, layout, x, undefined, 'forward');
    if (r.outputs.data.buffer === x.data.buffer) fail('forward returned the input buffer as its outputs');
    if (layout.probabilities) worst = Math.max(worst, expectDistributions('forward outputs', r.outputs, tol));
  }
  return `[2, ${layout.C}] finite float64 outputs on ${samples.length} sample(s)` + (layout.probabilities ? `; rows sum to 1 (worst |Σ − 1| ${fmt(worst)})` : '');
}

async function checkDeterminism(ctx: ConformanceContext): Promise<string> {
  const layout = layoutOf(ctx.adapter);
  const opts = layout.attention === undefined ? undefined : { returnAttention: true };
  const hasGradient = typeof ctx.adapter.gradient === 'function';
  for (const s of await ctx.samples()) {
    const r1 = await forward(ctx.adapter, layout, pairTensor(s, layout.d), opts, 'forward');
    const r2 = await forward(ctx.adapter, layout, pairTensor(s, layout.d), opts, 'forward');
    expectIdentical('forward outputs on the same input', r1.outputs.data, r2.outputs.data);
    if (r1.attention !== undefined && r2.attention !== undefined) expectIdentical('forward attention on the same input', r1.attention.data, r2.attention.data);
    if (hasGradient) {
      const g1 = await call('gradient', () => ctx.adapter.gradient!(pairTensor(s, layout.d), targetsFor(layout)));
      const g2 = await call('gradient', () => ctx.adapter.gradient!(pairTensor(s, layout.d), targetsFor(layout)));
      expectTensor('gradient gradients', g1.gradients, [2, s.n, layout.d]);
      expectTensor('gradient gradients', g2.gradients, [2, s.n, layout.d]);
      expectIdentical('gradient on the same input', g1.gradients.data, g2.gradients.data);
    }
  }
  return `identical results on repeated calls (forward${layout.attention === undefined ? '' : ' with attention'}${hasGradient ? ', gradient' : ''})`;
}

async function checkNoInputMutation(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const verified = new Set<string>();
  const same = (label: string, before: ArrayLike<number>, after: ArrayLike<number>): void => {
    if (identical(before, after) >= 0) fail(`${label}`);
  };
  for (const s of await ctx.samples()) {
    const x = pairTensor(s, layout.d);
    const xSnap = Float64Array.from(x.data);
    const mask = s.n >= 2 ? partialMask(s.n) : tensor(new Float64Array(2 * s.n).fill(1), [2, s.n]);
    const maskSnap = Float64Array.from(mask.data);
    const fo: ForwardOptions = layout.attention === undefined ? { inputMask: mask } : { inputMask: mask, returnAttention: true };
    const r = await forward(adapter, layout, x, fo, 'forward');
    same('forward mutated its embeddings argument', xSnap, x.data);
    same('forward mutated options.inputMask', maskSnap, mask.data);
    verified.add('forward');
    let overrides: AttentionOverride[] | undefined;
    let overrideSnap: Float64Array[] = [];
    if (layout.attention !== undefined) {
      overrides = overridesFromAttention(r.attention!);
      overrideSnap = overrides.map((o) => Float64Array.from(o.weights.data));
      await forward(adapter, layout, x, { attention: overrides }, 'forward');
      same('forward mutated its embeddings argument', xSnap, x.data);
      overrides.forEach((o, i) => same(`forward mutated the weights of options.attention[${i}]`, overrideSnap[i]!, o.weights.data));
    }
    const targets = targetsFor(layout);
    const targetSnap = Int32Array.from(targets);
    if (typeof adapter.gradient === 'function') {
      await call('gradient', () => adapter.gradient!(x, targets, { inputMask: mask }));
      same('gradient mutated its embeddings argument', xSnap, x.data);
      same('gradient mutated options.inputMask', maskSnap, mask.data);
      same('gradient mutated its target argument', targetSnap, targets);
      if (overrides !== undefined) {
        await call('gradient', () => adapter.gradient!(x, targets, { attention: overrides! }));
        same('gradient mutated its embeddings argument', xSnap, x.data);
        overrides.forEach((o, i) => same(`gradient mutated the weights of options.attention[${i}]`, overrideSnap[i]!, o.weights.data));
      }
      verified.add('gradient');
    }
    if (typeof adapter.attentionGradient === 'function' && overrides !== undefined) {
      await call('attentionGradient', () => adapter.attentionGradient!(x, targets, { attention: overrides!, inputMask: mask }));
      same('attentionGradient mutated its embeddings argument', xSnap, x.data);
      same('attentionGradient mutated options.inputMask', maskSnap, mask.data);
      same('attentionGradient mutated its target argument', targetSnap, targets);
      overrides.forEach((o, i) => same(`attentionGradient mutated the weights of options.attention[${i}]`, overrideSnap[i]!, o.weights.data));
      verified.add('attentionGradient');
    }
  }
  return `arguments unchanged after ${[...verified].join(', ')}`;
}

async function checkBatchConsistency(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  const opts = layout.attention === undefined ? undefined : { returnAttention: true };
  let worst = 0;
  for (const s of await ctx.samples()) {
    const both = await forward(adapter, layout, pairTensor(s, layout.d), opts, 'forward');
    for (const row of [0, 1] as const) {
      const one = await forward(adapter, layout, rowTensor(s, layout.d, row), opts, 'forward');
      const C = layout.C;
      worst = Math.max(worst, expectClose(`forward outputs of example ${row} in a batch of 2 vs alone`, both.outputs.data.subarray(row * C, (row + 1) * C), one.outputs.data, tol));
      if (both.attention !== undefined && one.attention !== undefined) {
        const size = one.attention.data.length;
        worst = Math.max(worst, expectClose(`forward attention of example ${row} in a batch of 2 vs alone`, both.attention.data.subarray(row * size, (row + 1) * size), one.attention.data, tol));
      }
    }
    if (typeof adapter.gradient === 'function') {
      const targets = targetsFor(layout);
      const g = await call('gradient', () => adapter.gradient!(pairTensor(s, layout.d), targets));
      expectTensor('gradient gradients', g.gradients, [2, s.n, layout.d]);
      for (const row of [0, 1] as const) {
        const g1 = await call('gradient', () => adapter.gradient!(rowTensor(s, layout.d, row), targets[row]!));
        expectTensor('gradient gradients', g1.gradients, [1, s.n, layout.d]);
        const size = s.n * layout.d;
        worst = Math.max(worst, expectClose(`gradient of example ${row} in a batch of 2 vs alone`, g.gradients.data.subarray(row * size, (row + 1) * size), g1.gradients.data, tol));
      }
    }
  }
  return `batch of 2 equals two single calls (worst relative difference ${fmt(worst)})`;
}

async function checkInputMask(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  let partial = 0;
  let worst = 0;
  for (const s of await ctx.samples()) {
    const base = await forward(adapter, layout, pairTensor(s, layout.d), undefined, 'forward');
    const ones = tensor(new Float64Array(2 * s.n).fill(1), [2, s.n]);
    const withOnes = await forward(adapter, layout, pairTensor(s, layout.d), { inputMask: ones }, 'forward');
    worst = Math.max(worst, expectClose('outputs with an all-ones inputMask vs no mask', withOnes.outputs.data, base.outputs.data, tol));
    if (s.n < 2) continue;
    const mask = partialMask(s.n);
    const fo: ForwardOptions = layout.attention === undefined ? { inputMask: mask } : { inputMask: mask, returnAttention: true };
    const r = await forward(adapter, layout, pairTensor(s, layout.d), fo, 'forward (partial inputMask)');
    if (layout.probabilities) expectDistributions('outputs with a partial inputMask', r.outputs, tol);
    if (r.attention !== undefined) expectStochasticRows('attention with a partial inputMask', r.attention, tol, mask);
    partial++;
  }
  return (
    `all-ones mask matches no mask (worst relative difference ${fmt(worst)})` +
    (partial === 0
      ? '; partial masks not exercised (every sample has length 1)'
      : `; partial masks on ${partial} sample(s)` + (layout.attention === undefined ? '' : ', masked keys receive no attention'))
  );
}

async function checkAttentionShape(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  let worst = 0;
  for (const s of await ctx.samples()) {
    const r = await forward(adapter, layout, pairTensor(s, layout.d), { returnAttention: true }, 'forward');
    worst = Math.max(worst, expectStochasticRows('returned attention', r.attention!, tol));
    const plain = await forward(adapter, layout, pairTensor(s, layout.d), undefined, 'forward');
    expectClose('outputs with returnAttention vs without', r.outputs.data, plain.outputs.data, tol);
  }
  const a = layout.attention!;
  return `[B, ${a.L}, ${a.H}, ${a.single ? 1 : 'n'}, n] non-negative weights, rows sum to 1 (worst |Σ − 1| ${fmt(worst)})`;
}

async function checkAttentionOverrideIdentity(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  const { L, H } = layout.attention!;
  let worst = 0;
  for (const s of await ctx.samples()) {
    const base = await forward(adapter, layout, pairTensor(s, layout.d), { returnAttention: true }, 'forward');
    const all = overridesFromAttention(base.attention!);
    const r = await forward(adapter, layout, pairTensor(s, layout.d), { attention: copyOverrides(all), returnAttention: true }, 'forward (own attention injected at every layer)');
    worst = Math.max(worst, expectClose('outputs with the own attention injected at every layer', r.outputs.data, base.outputs.data, tol));
    expectClose('attention returned with the own attention injected', r.attention!.data, base.attention!.data, tol);
    const reversed = Array.from({ length: H }, (_, h) => H - 1 - h);
    for (const heads of H > 1 ? [reversed, [H - 1]] : [[0]]) {
      const layer = L - 1;
      const o = headOverride(base.attention!, layer, heads);
      const r2 = await forward(adapter, layout, pairTensor(s, layout.d), { attention: [o] }, `forward (own attention injected at layer ${layer}, heads [${heads.join(', ')}])`);
      worst = Math.max(worst, expectClose(`outputs with the own attention injected at layer ${layer}, heads [${heads.join(', ')}]`, r2.outputs.data, base.outputs.data, tol));
    }
  }
  return `own attention injected (all layers; layer ${L - 1} by head subset) reproduces the outputs (worst relative difference ${fmt(worst)})`;
}

async function checkAttentionOverrideEffect(ctx: ConformanceContext): Promise<string> {
  const { adapter } = ctx;
  const layout = layoutOf(adapter);
  const tol = ctx.options.tolerance;
  let eligible = 0;
  let changed = 0;
  let largest = 0;
  const returned: FloatTensor[] = [];
  for (const s of await ctx.samples()) {
    if (s.n < 2) continue;
    eligible++;
    const base = await forward(adapter, layout, pairTensor(s, layout.d), undefined, 'forward');
    const uniform = uniformOverrides(layout, 2, s.n);
    const r = await forward(adapter, layout, pairTensor(s, layout.d), { attention: uniform, returnAttention: true }, 'forward (uniform attention injected)');
    let diff = 0;
    for (let i = 0; i < base.outputs.data.length; i++) {
      const e = base.outputs.data[i]!;
      diff = Math.max(diff, Math.abs(r.outputs.data[i]! - e) / Math.max(1, Math.abs(e)));
    }
    largest = Math.max(largest, diff);
    if (diff > 10 * tol) changed++;
    returned.push(r.attention!);
  }
  if (eligible === 0) fail('needs a sample of length ≥ 2 (uniform attention over one key is the only attention there is)');
  if (changed === 0) {
    fail(`injecting uniform attention at every layer left the outputs of all ${eligible} sample(s) unchanged (largest relative change ${fmt(largest)} ≤ ${fmt(10 * tol)}): are overrides ignored?`);
  }
  for (const att of returned) {
    const n = att.shape[4]!;
    expectClose('attention returned with uniform attention injected (forward returns the weights after overrides)', att.data, new Float64Array(att.data.length).fill(1 / n), tol);
  }
  return `uniform attention changed the outputs of ${changed}/${eligible} sample(s) (largest relative change ${fmt(largest)})`;
}

async function checkGradient(ctx: ConformanceContext): Promise<string> {
  const { adapter, options } = ctx;
  const layout = layoutOf(adapter);
  const tol = options.tolerance;
  const targets = targetsFor(layout);
  let compared = 0;
  let worst = 0;
  const variants: string[] = ['plain'];
  let seedOffset = 1;
  for (const s of await ctx.samples()) {
    const x = pairTensor(s, layout.d);
    const total = 2 * s.n * layout.d;
    const configs: { label: string; gradOpts: { inputMask?: FloatTensor; attention?: AttentionOverride[] }; optionsFor: (src: readonly number[]) => ForwardOptions | undefined }[] = [
      { label: 'gradient', gradOpts: {}, optionsFor: () => undefined },
    ];
    if (s.n >= 2) {
      const mask = partialMask(s.n);
      configs.push({ label: 'gradient with a partial inputMask', gradOpts: { inputMask: mask }, optionsFor: (src) => ({ inputMask: gatherRows(mask, src) }) });
    }
    if (layout.attention !== undefined && s.n >= 2) {
      configs.push({
        label: 'gradient with uniform attention injected',
        gradOpts: { attention: uniformOverrides(layout, 2, s.n) },
        optionsFor: (src) => ({ attention: uniformOverrides(layout, src.length, s.n) }),
      });
    }
    for (const cfg of configs) {
      if (cfg.gradOpts.inputMask !== undefined && !variants.includes('inputMask')) variants.push('inputMask');
      if (cfg.gradOpts.attention !== undefined && !variants.includes('injected attention')) variants.push('injected attention');
      const g = await call(cfg.label, () => adapter.gradient!(tensor(Float64Array.from(x.data), x.shape), targets, cfg.gradOpts));
      if (g === null || typeof g !== 'object') fail(`${cfg.label} must resolve to { outputs, gradients }`);
      expectTensor(`${cfg.label}: outputs`, g.outputs, [2, layout.C]);
      expectTensor(`${cfg.label}: gradients`, g.gradients, [2, s.n, layout.d]);
      const fwd = await forward(adapter, layout, tensor(Float64Array.from(x.data), x.shape), cfg.optionsFor([0, 1]), 'forward');
      expectClose(`${cfg.label}: outputs vs forward`, g.outputs.data, fwd.outputs.data, tol);
      const coords = pickCoordinates(total, options.gradientCoordinates, options.seed + 1000 + seedOffset++);
      const fd = await fdEmbeddings(ctx, layout, x, targets, coords, cfg.optionsFor, 'forward (finite differences)');
      const rowSize = s.n * layout.d;
      const names = coords.map((f) => {
        const b = Math.floor(f / rowSize);
        const w = f % rowSize;
        return `[${b}, ${Math.floor(w / layout.d)}, ${w % layout.d}] (target ${targets[b]})`;
      });
      const scale = coords.map((f) => fwd.outputs.data[Math.floor(f / rowSize) * layout.C + targets[Math.floor(f / rowSize)]!]!);
      worst = Math.max(worst, compareGradients(`${cfg.label} on [${s.tokens.join(', ')}]`, names, coords.map((f) => g.gradients.data[f]!), fd, scale, options));
      compared += coords.length;
    }
    const scalar = await call('gradient', () => adapter.gradient!(tensor(Float64Array.from(x.data), x.shape), layout.C - 1));
    const perExample = await call('gradient', () => adapter.gradient!(tensor(Float64Array.from(x.data), x.shape), Int32Array.from([layout.C - 1, layout.C - 1])));
    expectTensor('gradient (scalar target): gradients', scalar.gradients, [2, s.n, layout.d]);
    expectTensor('gradient (per-example targets): gradients', perExample.gradients, [2, s.n, layout.d]);
    expectClose('gradient with a scalar target vs the same target per example', scalar.gradients.data, perExample.gradients.data, tol);
  }
  return `${compared} coordinates match central finite differences (${variants.join(', ')}; worst error/bound ${fmt(worst)})`;
}

async function checkAttentionGradient(ctx: ConformanceContext): Promise<string> {
  const { adapter, options } = ctx;
  const layout = layoutOf(adapter);
  const tol = options.tolerance;
  const targets = targetsFor(layout);
  const { L, H } = layout.attention!;
  const C = layout.C;
  const step = options.finiteDifferenceStep;
  let compared = 0;
  let worst = 0;
  let seedOffset = 1;
  for (const s of await ctx.samples()) {
    const x = pairTensor(s, layout.d);
    const base = await forward(adapter, layout, pairTensor(s, layout.d), { returnAttention: true }, 'forward');
    const reversed = Array.from({ length: H }, (_, h) => H - 1 - h);
    const configs: { label: string; overrides: AttentionOverride[] }[] = [
      { label: 'attentionGradient (own attention injected at every layer)', overrides: overridesFromAttention(base.attention!) },
      { label: `attentionGradient (own attention injected at layer ${L - 1}, heads [${reversed.join(', ')}])`, overrides: [headOverride(base.attention!, L - 1, reversed)] },
    ];
    for (const cfg of configs) {
      const r = await call(cfg.label, () => adapter.attentionGradient!(tensor(Float64Array.from(x.data), x.shape), targets, { attention: copyOverrides(cfg.overrides) }));
      if (r === null || typeof r !== 'object') fail(`${cfg.label} must resolve to { outputs, gradients }`);
      expectTensor(`${cfg.label}: outputs`, r.outputs, [2, C]);
      expectClose(`${cfg.label}: outputs vs forward`, r.outputs.data, base.outputs.data, tol);
      if (!Array.isArray(r.gradients) || r.gradients.length !== cfg.overrides.length) {
        fail(`${cfg.label}: expected ${cfg.overrides.length} gradient tensor(s), one per override, got ${Array.isArray(r.gradients) ? r.gradients.length : String(r.gradients)}`);
      }
      r.gradients.forEach((g, i) => expectTensor(`${cfg.label}: gradients[${i}]`, g, cfg.overrides[i]!.weights.shape));
      // Coordinates over the concatenation of all overrides' weights.
      const sizes = cfg.overrides.map((o) => o.weights.data.length);
      const total = sizes.reduce((a, b) => a + b, 0);
      const coords = pickCoordinates(total, options.gradientCoordinates, options.seed + 2000 + seedOffset++);
      const located = coords.map((flat) => {
        let o = 0;
        let rem = flat;
        while (rem >= sizes[o]!) rem -= sizes[o++]!;
        const shape = cfg.overrides[o]!.weights.shape;
        const perExample = sizes[o]! / shape[0]!;
        return { o, flat: rem, b: Math.floor(rem / perExample), within: rem % perExample, perExample };
      });
      const fd: number[] = [];
      for (let start = 0; start < located.length; start += FD_ROWS_PER_CALL / 2) {
        const chunk = located.slice(start, start + FD_ROWS_PER_CALL / 2);
        const sources = chunk.flatMap((c) => [c.b, c.b]);
        const xs = gatherRows(x, sources);
        const fdOverrides = cfg.overrides.map((ov) => ({ ...ov, weights: gatherRows(ov.weights, sources) }));
        chunk.forEach((c, k) => {
          const w = fdOverrides[c.o]!.weights.data;
          w[2 * k * c.perExample + c.within] += step;
          w[(2 * k + 1) * c.perExample + c.within] -= step;
        });
        const out = await forward(adapter, layout, xs, { attention: fdOverrides }, 'forward (finite differences of injected weights)');
        chunk.forEach((c, k) => {
          const t = targets[c.b]!;
          fd.push((out.outputs.data[2 * k * C + t]! - out.outputs.data[(2 * k + 1) * C + t]!) / (2 * step));
        });
      }
      const names = located.map((c) => {
        const sh = cfg.overrides[c.o]!.weights.shape;
        const [, hs, Q, n] = sh as [number, number, number, number];
        const q = Math.floor(c.within / n) % Q;
        const slot = Math.floor(c.within / (Q * n)) % hs;
        return `override ${c.o} (layer ${cfg.overrides[c.o]!.layer}) [${c.b}, ${slot}, ${q}, ${c.within % n}] (target ${targets[c.b]})`;
      });
      const analytic = located.map((c) => r.gradients[c.o]!.data[c.flat]!);
      const scale = located.map((c) => base.outputs.data[c.b * C + targets[c.b]!]!);
      worst = Math.max(worst, compareGradients(`${cfg.label} on [${s.tokens.join(', ')}]`, names, analytic, fd, scale, options));
      compared += coords.length;
    }
  }
  return `${compared} injected-weight coordinates match central finite differences of the raw weights (worst error/bound ${fmt(worst)})`;
}

/** Every check with its title and required capabilities, in running order. */
export const CHECKS: readonly CheckDefinition[] = Object.freeze([
  { name: 'info', title: 'info is well-formed and embed/forward exist', requires: [], run: checkInfo },
  { name: 'embed', title: 'embed returns fresh [n, d] float64 embeddings', requires: [], run: checkEmbed },
  { name: 'forwardOutputs', title: 'forward returns finite [B, C] outputs (distributions when probabilities)', requires: [], run: checkForwardOutputs },
  { name: 'determinism', title: 'the same input twice gives identical results', requires: [], run: checkDeterminism },
  { name: 'noInputMutation', title: 'no method mutates its arguments', requires: [], run: checkNoInputMutation },
  { name: 'batchConsistency', title: 'a batch of 2 equals two batch-1 calls', requires: [], run: checkBatchConsistency },
  { name: 'inputMask', title: 'an all-ones mask changes nothing; masked keys get no attention', requires: [], run: checkInputMask },
  { name: 'attentionShape', title: 'returnAttention gives [B, L, H, Q, n] row-stochastic weights', requires: ['attention'], run: checkAttentionShape },
  { name: 'attentionOverrideIdentity', title: "injecting the model's own attention reproduces its outputs", requires: ['attention'], run: checkAttentionOverrideIdentity },
  { name: 'attentionOverrideEffect', title: 'injecting uniform attention changes the outputs', requires: ['attention'], run: checkAttentionOverrideEffect },
  { name: 'gradient', title: 'gradient matches central finite differences', requires: ['gradient'], run: checkGradient },
  {
    name: 'attentionGradient',
    title: 'attentionGradient matches central finite differences of the raw injected weights',
    requires: ['attentionGradient', 'attention'],
    run: checkAttentionGradient,
  },
] satisfies CheckDefinition[]);

/** The reason a check is skipped (a missing capability), or undefined. */
function missingCapability(def: CheckDefinition, adapter: ModelAdapter): string | undefined {
  for (const cap of def.requires) {
    if (cap === 'attention') {
      let present = false;
      try {
        present = adapter.info.attention !== undefined;
      } catch {
        present = false;
      }
      if (!present) return 'the adapter has no attention (info.attention is absent)';
    } else if (typeof (adapter as unknown as Record<string, unknown>)[cap] !== 'function') {
      return `the adapter does not implement ${cap}`;
    }
  }
  return undefined;
}

/** Run one check against a context; never throws. */
export async function runCheck(def: CheckDefinition, ctx: ConformanceContext): Promise<ConformanceCheckResult> {
  const base = { name: def.name, title: def.title };
  let missing: string | undefined;
  try {
    missing = missingCapability(def, ctx.adapter);
  } catch {
    missing = undefined;
  }
  if (missing !== undefined) return { ...base, status: 'skipped', message: missing };
  try {
    return { ...base, status: 'passed', message: await def.run(ctx) };
  } catch (e) {
    if (e instanceof CheckFailure) return { ...base, status: 'failed', message: e.message };
    const err = e as { name?: unknown; message?: unknown };
    const desc = e instanceof Error ? `${String(err.name)}: ${String(err.message)}` : String(e);
    return { ...base, status: 'failed', message: `the check could not run: ${desc}` };
  }
}

/** Definition of a check by name. */
export function checkDefinition(name: ConformanceCheckName): CheckDefinition {
  return CHECKS.find((c) => c.name === name)!;
}
