import { kendallTau } from '../agreement/kendallTau.js';
import { leaveOneOut } from '../attribution/leaveOneOut.js';
import { AbortError, InputRangeError, InputTypeError, ShapeMismatchError } from '../errors/index.js';
import { comprehensiveness } from '../faithfulness/comprehensiveness.js';
import { decisionFlip } from '../faithfulness/decisionFlip.js';
import { type CurveResult, deletionCurve } from '../faithfulness/deletionCurve.js';
import { insertionCurve } from '../faithfulness/insertionCurve.js';
import { sufficiency } from '../faithfulness/sufficiency.js';
import { validateAdapter } from '../internal/adapter.js';
import { checkEnum, checkInteger, checkNumber, checkOptions, checkSeed } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import type { ProcedureOptions, Progress } from '../types/procedure.js';
import { type BenchmarkExample, readDataset } from './internal/dataset.js';
import { type ExplanationMethodSpec, type ResolvedMethod, resolveMethods } from './internal/methods.js';
import { bootstrapMean, type MeanInterval, pairedSignFlipTest } from './internal/resampling.js';

export type { BenchmarkExample, BenchmarkDataset } from './internal/dataset.js';
export type { BuiltinExplanationMethod, ExplainContext, ExplainFunction, ExplanationMethodSpec } from './internal/methods.js';
export type { MeanInterval } from './internal/resampling.js';

/**
 * What the benchmark measures per (method, example):
 * - `'comprehensiveness'`: ERASER comprehensiveness AOPC (higher is better);
 * - `'sufficiency'`: ERASER sufficiency AOPC (lower is better);
 * - `'aopc'`: Samek et al.'s AOPC of the MoRF deletion curve, `mean_k (g(x) − g(x ∖ top_k))` for
 *   k = 0…m (higher is better);
 * - `'deletionAuc'`: area under the MoRF deletion curve (lower is better);
 * - `'insertionAuc'`: area under the MoRF insertion curve (higher is better);
 * - `'tauLoo'`: Kendall τ-b between the scores and leave-one-out (signed target-probability drop; the
 *   token deleted, or removed as `removal` says) over the scored positions, ferret's τ-LOO (higher is
 *   better; `NaN` when either side is constant);
 * - `'recallAtK'`: fraction of the example's ground-truth `decisive` positions among its top-k scores,
 *   k = number of decisive positions (higher is better; `NaN` for examples without ground truth);
 * - `'decisionFlip'`: fraction of top tokens deleted before the decision changes, 1 when it never does
 *   (lower is better);
 * - `'runtime'`: milliseconds the method took for the example (lower is better).
 */
export type BenchmarkMetric =
  | 'comprehensiveness'
  | 'sufficiency'
  | 'aopc'
  | 'deletionAuc'
  | 'insertionAuc'
  | 'tauLoo'
  | 'recallAtK'
  | 'decisionFlip'
  | 'runtime';

const ALL_METRICS: readonly BenchmarkMetric[] = [
  'comprehensiveness',
  'sufficiency',
  'aopc',
  'deletionAuc',
  'insertionAuc',
  'tauLoo',
  'recallAtK',
  'decisionFlip',
  'runtime',
];

/** Whether a larger value of each metric means a more faithful explanation. */
export const BENCHMARK_METRIC_DIRECTION: Readonly<Record<BenchmarkMetric, 'higher' | 'lower'>> = Object.freeze({
  comprehensiveness: 'higher',
  sufficiency: 'lower',
  aopc: 'higher',
  deletionAuc: 'lower',
  insertionAuc: 'higher',
  tauLoo: 'higher',
  recallAtK: 'higher',
  decisionFlip: 'lower',
  runtime: 'lower',
});

/** Progress of {@link benchmarkExplanations}: (example, method) pairs done so far. */
export interface BenchmarkProgress extends Progress {
  /** Index of the example just finished. */
  readonly example: number;
  /** Name of the method just finished. */
  readonly method: string;
}

/** Options of {@link benchmarkExplanations}. */
export interface BenchmarkOptions extends Pick<ProcedureOptions, 'exclude' | 'batchSize' | 'signal'> {
  /** Methods to compare (built-in names, `{ method, options, name }` or `{ name, explain }`). Required. */
  readonly methods: readonly ExplanationMethodSpec[];
  /** Metrics to compute. Default: every metric except `'recallAtK'` unless the dataset has ground truth. */
  readonly metrics?: readonly BenchmarkMetric[];
  /** Positions never scored or removed in any example, e.g. `[0]` for `[CLS]`. Default `[]`. */
  readonly exclude?: readonly number[];
  /** Seed of every stochastic step (methods, bootstrap, permutation tests). Default 0. */
  readonly seed?: number;
  /** Bootstrap resamples and sign-flip permutations. Default 2000. */
  readonly nResamples?: number;
  /** Confidence level of the intervals. Default 0.95. */
  readonly confidence?: number;
  /** Removal used by the faithfulness metrics: default each metric's own (`'delete'` for ERASER and decision flip, `'baseline'` for the curves). */
  readonly removal?: 'delete' | 'mask' | 'baseline';
  /** Perturbed inputs per `forward` call in the metrics. Default 32. */
  readonly batchSize?: number;
  /** Called after each (example, method) pair. */
  readonly onProgress?: (progress: BenchmarkProgress) => void;
}

/** Summary of one metric for one method over the examples. */
export interface BenchmarkMetricSummary extends MeanInterval {
  /** Whether larger is better for this metric. */
  readonly direction: 'higher' | 'lower';
}

/** One row of the method × metric table. */
export interface BenchmarkRow {
  readonly method: string;
  readonly metrics: Readonly<Partial<Record<BenchmarkMetric, BenchmarkMetricSummary>>>;
}

/** A paired comparison of two methods on one metric, over the examples where both are defined. */
export interface BenchmarkComparison {
  readonly metric: BenchmarkMetric;
  readonly a: string;
  readonly b: string;
  /** Pairs used. */
  readonly n: number;
  /** Mean of `metric(a) − metric(b)`. */
  readonly meanDifference: number;
  /** Bootstrap interval of the mean difference. */
  readonly lower: number;
  readonly upper: number;
  /** Two-sided sign-flip permutation p-value. */
  readonly pValue: number;
  /** The better method when the interval excludes 0 and `pValue < 1 − confidence`, else `null`. */
  readonly better: string | null;
}

/** Per-example values: `values[method][metric]` (`NaN` where undefined). */
export interface BenchmarkExampleResult {
  readonly index: number;
  readonly target: number;
  readonly values: Readonly<Record<string, Readonly<Partial<Record<BenchmarkMetric, number>>>>>;
}

/** Result of {@link benchmarkExplanations}; plain data (numbers, strings, arrays), JSON-serialisable. */
export interface BenchmarkResult {
  readonly methods: readonly string[];
  readonly metrics: readonly BenchmarkMetric[];
  readonly rows: readonly BenchmarkRow[];
  readonly comparisons: readonly BenchmarkComparison[];
  readonly examples: readonly BenchmarkExampleResult[];
  readonly config: {
    readonly seed: number;
    readonly nResamples: number;
    readonly confidence: number;
    readonly exclude: readonly number[];
    readonly removal: string | null;
    readonly size: number;
  };
}

/** Defaults of {@link benchmarkExplanations}. */
export const BENCHMARK_DEFAULTS = Object.freeze({ seed: 0, nResamples: 2000, confidence: 0.95, batchSize: 32 });

/** A 32-bit seed for (seed, example, method), so shards and reorderings draw the same numbers. */
function mixSeed(seed: number, a: number, b: number): number {
  let h = (seed >>> 0) ^ Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function topPositions(scores: ArrayLike<number>, keep: readonly number[], k: number): number[] {
  return [...keep].sort((i, j) => scores[j]! - scores[i]! || i - j).slice(0, k);
}

/**
 * Benchmark explanation methods on a dataset: every method explains every example, every metric scores
 * every explanation, and the result is a method × metric table with bootstrap confidence intervals plus a
 * paired test between every two methods on every metric, so "A beats B" comes with its uncertainty
 * (ferret's `Benchmark` and Quantus's suites, with attention, rollout and flow as first-class methods and
 * ground truth when the dataset has it).
 *
 * Each method is one of the built-ins — `'attention'` (raw attention, {@link attentionScores}),
 * `'rollout'`, `'flow'`, `'saliency'`, `'gradientXInput'`, `'integratedGradients'`, `'smoothGrad'`,
 * `'leaveOneOut'`, `'occlusion'`, `'shapleyValueSampling'`, and `'random'` (seeded uniform scores: the
 * floor any explanation should clear) — by name or as `{ method, options, name }`, or a user function
 * `{ name, explain(adapter, tokens, context) }` returning one score per token.
 *
 * The target of every example is its `target` when given, else the model's prediction on the full input.
 * Positions in `exclude` and hidden by an example's `inputMask` are never scored or removed. Intervals are
 * percentile bootstraps of the mean over examples; comparisons are paired (same examples) sign-flip
 * permutation tests with a bootstrap interval of the mean difference. Every stochastic step draws from a
 * seed derived from (`seed`, example index, method index): the same seed gives the same result.
 *
 * Cost per example and method: the method's own calls plus, per metric, a handful of batched forward
 * calls (deletion/insertion curves: `n + 1` perturbed inputs). Leave-one-out for `'tauLoo'` runs once per
 * example, not once per method.
 *
 * @param adapter - the model; `embed` and `forward` always, `gradient` for the gradient methods.
 * @param dataset - examples `{ tokens, target?, decisive?, inputMask? }`, or a `TokenizedDataset`
 *   (optionally with `decisive`, as `plantedTokenTask` returns).
 * @param options - {@link BenchmarkOptions}: `methods` (required), `metrics`, `exclude`, `seed` (0),
 *   `nResamples` (2000), `confidence` (0.95), `removal`, `batchSize` (32), `onProgress`, `signal`.
 * @returns {@link BenchmarkResult}: `rows` (method × metric summaries), `comparisons`, per-example values.
 * @throws InputTypeError / InputRangeError for a bad dataset or options; AdapterCapabilityError when a
 *   method needs what the adapter lacks; AbortError when `signal` fires.
 * @see https://github.com/g8a9/ferret (Benchmark) · https://github.com/understandable-machine-intelligence-lab/Quantus
 * @example
 * const model = linearModelAdapter({ weights: [[3, -1, 0.5, 2], [-3, 1, -0.5, -2]] });
 * const result = await benchmarkExplanations(model, [{ tokens: [1, 1, 1, 1] }, { tokens: [2, 1, 0, 1] }], {
 *   methods: ['leaveOneOut', 'random'],
 *   metrics: ['comprehensiveness'],
 *   nResamples: 200,
 * });
 * result.rows.map((r) => r.method); // => ['leaveOneOut', 'random']
 */
export async function benchmarkExplanations(adapter: ModelAdapter, dataset: unknown, options: BenchmarkOptions): Promise<BenchmarkResult> {
  const fn = 'benchmarkExplanations';
  validateAdapter(fn, adapter);
  if (options === undefined) throw new InputTypeError(fn, 'options must be given (at least { methods })', options);
  const o = checkOptions<BenchmarkOptions>(fn, options, [
    'methods',
    'metrics',
    'exclude',
    'seed',
    'nResamples',
    'confidence',
    'removal',
    'batchSize',
    'onProgress',
    'signal',
  ]);
  const methods = resolveMethods(fn, o.methods);
  const examples = readDataset(fn, dataset);
  const hasTruth = examples.some((e) => e.decisive !== undefined);
  let metrics: BenchmarkMetric[];
  if (o.metrics === undefined) {
    metrics = ALL_METRICS.filter((m) => m !== 'recallAtK' || hasTruth);
  } else {
    if (!Array.isArray(o.metrics) || o.metrics.length === 0) throw new InputTypeError(fn, 'metrics must be a non-empty array', o.metrics);
    metrics = o.metrics.map((m, i) => checkEnum(fn, `metrics[${i}]`, m, ALL_METRICS));
    metrics = metrics.filter((m, i) => metrics.indexOf(m) === i);
  }
  const seed = o.seed === undefined ? BENCHMARK_DEFAULTS.seed : checkSeed(fn, o.seed);
  const nResamples = o.nResamples === undefined ? BENCHMARK_DEFAULTS.nResamples : checkInteger(fn, 'nResamples', o.nResamples, 1, 1e7);
  const confidence = o.confidence === undefined ? BENCHMARK_DEFAULTS.confidence : checkNumber(fn, 'confidence', o.confidence, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
  const batchSize = o.batchSize === undefined ? BENCHMARK_DEFAULTS.batchSize : checkInteger(fn, 'batchSize', o.batchSize, 1, 1e6);
  const removal = o.removal === undefined ? undefined : checkEnum(fn, 'removal', o.removal, ['delete', 'mask', 'baseline'] as const);
  let exclude: number[] = [];
  if (o.exclude !== undefined) {
    if (!Array.isArray(o.exclude)) throw new InputTypeError(fn, 'exclude must be an array of positions', o.exclude);
    exclude = o.exclude.map((p, i) => checkInteger(fn, `exclude[${i}]`, p, 0));
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new InputTypeError(fn, 'onProgress must be a function', o.onProgress);
  const signal = o.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new InputTypeError(fn, 'signal must be an AbortSignal', signal);
  const checkAbort = (): void => {
    if (signal?.aborted) throw new AbortError(fn, signal.reason);
  };
  checkAbort();

  const total = examples.length * methods.length;
  let done = 0;
  const perExample: BenchmarkExampleResult[] = [];
  for (let e = 0; e < examples.length; e++) {
    const ex = examples[e]!;
    const n = ex.tokens.length;
    const exampleExclude = exclude.filter((p) => p < n);
    const base = {
      exclude: exampleExclude,
      batchSize,
      ...(ex.inputMask === undefined ? {} : { inputMask: ex.inputMask }),
      ...(signal === undefined ? {} : { signal }),
    };
    // The target: given, else the prediction (leave-one-out's own forward pass tells us).
    const loo = await leaveOneOut(adapter, ex.tokens, {
      ...base,
      mode: removal ?? 'delete',
      ...(ex.target === undefined ? {} : { target: ex.target }),
    });
    const target = loo.target;
    const scored: number[] = [];
    const hidden = new Set(loo.excluded);
    for (let i = 0; i < n; i++) if (!hidden.has(i)) scored.push(i);
    const common = { ...base, target };
    const withRemoval = removal === undefined ? common : { ...common, removal };
    const values: Record<string, Partial<Record<BenchmarkMetric, number>>> = {};
    for (let m = 0; m < methods.length; m++) {
      checkAbort();
      const method: ResolvedMethod = methods[m]!;
      const t0 = performance.now();
      const raw = await method.explain(adapter, ex.tokens, {
        target,
        exclude: exampleExclude,
        seed: mixSeed(seed, e, m),
        ...(ex.inputMask === undefined ? {} : { inputMask: ex.inputMask }),
        ...(signal === undefined ? {} : { signal }),
      });
      const ms = performance.now() - t0;
      const scores = readScores(fn, method.name, e, raw, n);
      const row: Partial<Record<BenchmarkMetric, number>> = {};
      const cache: MetricCache = {};
      for (const metric of metrics) {
        checkAbort();
        row[metric] = await scoreMetric(metric, adapter, ex, scores, scored, loo.scores, ms, withRemoval, cache);
      }
      values[method.name] = row;
      done++;
      o.onProgress?.({ done, total, example: e, method: method.name });
    }
    perExample.push({ index: ex.index, target, values });
  }

  const rows: BenchmarkRow[] = methods.map((method, m) => {
    const summaries: Partial<Record<BenchmarkMetric, BenchmarkMetricSummary>> = {};
    metrics.forEach((metric, k) => {
      const v = perExample.map((r) => r.values[method.name]![metric] ?? Number.NaN);
      summaries[metric] = { ...bootstrapMean(v, nResamples, confidence, mixSeed(seed, m, 1000 + k)), direction: BENCHMARK_METRIC_DIRECTION[metric] };
    });
    return { method: method.name, metrics: summaries };
  });
  const comparisons: BenchmarkComparison[] = [];
  metrics.forEach((metric, k) => {
    for (let a = 0; a < methods.length; a++) {
      for (let b = a + 1; b < methods.length; b++) {
        const na = methods[a]!.name;
        const nb = methods[b]!.name;
        const va = perExample.map((r) => r.values[na]![metric] ?? Number.NaN);
        const vb = perExample.map((r) => r.values[nb]![metric] ?? Number.NaN);
        const t = pairedSignFlipTest(va, vb, nResamples, confidence, mixSeed(seed, 2000 + k, a * methods.length + b));
        const higher = BENCHMARK_METRIC_DIRECTION[metric] === 'higher';
        // decided only when the interval excludes 0 and the permutation test rejects at the same level
        let better: string | null = null;
        if (t.pValue < 1 - confidence) {
          if (t.lower > 0) better = higher ? na : nb;
          else if (t.upper < 0) better = higher ? nb : na;
        }
        comparisons.push({ metric, a: na, b: nb, ...t, better });
      }
    }
  });
  return {
    methods: methods.map((m) => m.name),
    metrics,
    rows,
    comparisons,
    examples: perExample,
    config: { seed, nResamples, confidence, exclude, removal: removal ?? null, size: examples.length },
  };
}

function readScores(fn: string, method: string, example: number, raw: unknown, n: number): Float64Array {
  if (raw === null || typeof raw !== 'object' || typeof (raw as ArrayLike<number>).length !== 'number') {
    throw new InputTypeError(fn, `method '${method}' must return one score per token (example ${example})`, raw);
  }
  const a = raw as ArrayLike<number>;
  if (a.length !== n) throw new ShapeMismatchError(fn, `method '${method}' returned ${a.length} scores for ${n} tokens (example ${example})`, a.length);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputRangeError(fn, `method '${method}' returned a non-finite score at position ${i} (example ${example})`, v);
    out[i] = v;
  }
  return out;
}

interface MetricCache {
  deletion?: Promise<CurveResult>;
}

async function scoreMetric(
  metric: BenchmarkMetric,
  adapter: ModelAdapter,
  ex: BenchmarkExample,
  scores: Float64Array,
  scored: readonly number[],
  loo: Float64Array,
  ms: number,
  withRemoval: Record<string, unknown>,
  cache: MetricCache,
): Promise<number> {
  const deletion = (): Promise<CurveResult> => (cache.deletion ??= deletionCurve(adapter, ex.tokens, scores, withRemoval));
  switch (metric) {
    case 'runtime':
      return ms;
    case 'comprehensiveness':
      return (await comprehensiveness(adapter, ex.tokens, scores, withRemoval)).aopc;
    case 'sufficiency':
      return (await sufficiency(adapter, ex.tokens, scores, withRemoval)).aopc;
    case 'aopc': {
      const c = await deletion();
      let s = 0;
      for (let k = 0; k < c.values.length; k++) s += c.values[0]! - c.values[k]!;
      return s / c.values.length;
    }
    case 'deletionAuc':
      return (await deletion()).auc;
    case 'insertionAuc':
      return (await insertionCurve(adapter, ex.tokens, scores, withRemoval)).auc;
    case 'decisionFlip': {
      const { target: _target, ...flipOptions } = withRemoval;
      const r = await decisionFlip(adapter, ex.tokens, scores, flipOptions);
      return r.flipped ? r.fraction : 1;
    }
    case 'tauLoo': {
      if (scored.length < 2) return Number.NaN;
      const a = new Float64Array(scored.length);
      const b = new Float64Array(scored.length);
      scored.forEach((p, i) => {
        a[i] = scores[p]!;
        b[i] = loo[p]!;
      });
      return kendallTau(a, b);
    }
    case 'recallAtK': {
      const truth = ex.decisive;
      if (truth === undefined || truth.length === 0) return Number.NaN;
      const k = truth.length;
      const top = topPositions(scores, scored, k);
      let hit = 0;
      for (const p of top) if (truth.includes(p)) hit++;
      return hit / k;
    }
  }
}
