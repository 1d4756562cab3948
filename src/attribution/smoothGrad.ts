import { InputTypeError } from '../errors/index.js';
import { checkBoolean, checkEnum, checkInteger, checkNumber, checkOptions, checkSeed } from '../internal/options.js';
import { createRng } from '../random/createRng.js';
import type { ModelAdapter } from '../types/adapter.js';
import {
  CallCounter,
  callsFor,
  COMMON_KEYS,
  embedTokens,
  gradientsAt,
  outputsAndTarget,
  readReduce,
  setupGradient,
  tokenScores,
  type AttributionReduce,
  type GradientAttributionOptions,
  type GradientAttributionResult,
} from './internal/gradientSetup.js';
import { baselineEmbeddings, IG_KEYS, igAttribution, igCalls, planIntegratedGradients, type IntegratedGradientsBaseline } from './internal/igPath.js';
import type { QuadratureMethod } from './internal/quadrature.js';

/** The gradient method SmoothGrad averages. */
export type SmoothGradBase = 'saliency' | 'gradientXInput' | 'integratedGradients';

/**
 * How the attributions of the noisy copies are aggregated (Captum's `nt_type`):
 * `'smoothgrad'` E[φ], `'smoothgradSq'` E[φ²], `'vargrad'` E[φ²] − E[φ]².
 */
export type SmoothGradType = 'smoothgrad' | 'smoothgradSq' | 'vargrad';

/** Options of {@link smoothGrad}; defaults in {@link SMOOTH_GRAD_DEFAULTS}. */
export interface SmoothGradOptions extends GradientAttributionOptions {
  /** The gradient method evaluated on every noisy copy (default `'saliency'`). */
  readonly base?: SmoothGradBase;
  /** Aggregation (default `'smoothgrad'`, the mean). */
  readonly ntType?: SmoothGradType;
  /** Number of noisy copies (default 5, Captum's `nt_samples`). */
  readonly nSamples?: number;
  /**
   * Noise standard deviation, ≥ 0 (default 1, Captum's `stdevs`, absolute). With `relative: true` it is
   * a fraction of the input range, σ = stdevs · (max x − min x) over all n·d embedding values (the
   * SmoothGrad paper's "noise level"; the paper suggests 0.1–0.2).
   */
  readonly stdevs?: number;
  /** Read `stdevs` relative to the input range (default `false`: absolute, as Captum). */
  readonly relative?: boolean;
  /** Seed of the noise (default 0); the same seed gives bit-identical results. */
  readonly seed?: number;
  /** Reduction over the embedding axis (default `'sum'`, the base methods' default). */
  readonly reduce?: AttributionReduce;
  /** `base: 'saliency'` only: absolute gradient (default `true`). */
  readonly abs?: boolean;
  /** `base: 'integratedGradients'` only: quadrature (default `'gaussLegendre'`). */
  readonly method?: QuadratureMethod;
  /** `base: 'integratedGradients'` only: path points (default 50). */
  readonly nSteps?: number;
  /** `base: 'integratedGradients'` only: baseline (default `'zero'`; the same for every noisy copy). */
  readonly baseline?: IntegratedGradientsBaseline;
  /** `base: 'integratedGradients'` only: path points per gradient call (default `nSteps`). */
  readonly internalBatchSize?: number;
}

/** Result of {@link smoothGrad}. */
export interface SmoothGradResult extends GradientAttributionResult {
  readonly base: SmoothGradBase;
  readonly ntType: SmoothGradType;
  readonly nSamples: number;
  /** The absolute noise standard deviation σ used. */
  readonly stdev: number;
  readonly seed: number;
}

/** Defaults of {@link SmoothGradOptions} (frozen). */
export const SMOOTH_GRAD_DEFAULTS = Object.freeze({
  base: 'saliency' as SmoothGradBase,
  ntType: 'smoothgrad' as SmoothGradType,
  nSamples: 5,
  stdevs: 1,
  relative: false,
  seed: 0,
  reduce: 'sum' as AttributionReduce,
  batchSize: 32,
});

const KEYS = [...COMMON_KEYS, 'base', 'ntType', 'nSamples', 'stdevs', 'relative', 'seed', 'reduce', 'abs', ...IG_KEYS] as const;

/**
 * SmoothGrad (Smilkov et al. 2017) and its variants over any gradient method: the method's
 * attribution φ(·) averaged over `nSamples` noisy copies x + σ·z_s of the input embeddings,
 * z_s ~ N(0, I):
 *
 * - `'smoothgrad'`: E_s[φ(x + σ z_s)];
 * - `'smoothgradSq'`: E_s[φ(x + σ z_s)²];
 * - `'vargrad'` (Adebayo et al. 2018): E_s[φ²] − E_s[φ]²;
 *
 * then token scores `reduce_k` of the aggregate. The noise is drawn from `createRng(seed).normal()`,
 * copy after copy, each in row-major `[n, d]` order, so the same seed gives bit-identical results;
 * with σ = 0 every copy is x and the result equals the base method's. Captum's `NoiseTunnel` takes σ
 * absolute (`stdevs`, default 1) — our default; the paper's σ relative to the input range is
 * `relative: true`. Gradient × input multiplies by the noisy input and Integrated Gradients runs
 * from the (noise-free) baseline to the noisy input, as `NoiseTunnel` does.
 *
 * Model calls: one `forward` call (outputs, predicted class), then `ceil(nSamples / batchSize)`
 * `gradient` calls for saliency and gradient × input, or `nSamples · ceil(nSteps / internalBatchSize)`
 * for Integrated Gradients.
 *
 * @param adapter - a {@link ModelAdapter} with `gradient`.
 * @param tokens - token ids (length n ≥ 1).
 * @param options - {@link SmoothGradOptions}: `base` (`'saliency'`), `ntType` (`'smoothgrad'`),
 *   `nSamples` (5), `stdevs` (1), `relative` (`false`), `seed` (0), `reduce` (`'sum'`), the base
 *   method's options (`abs`; `method`, `nSteps`, `baseline`, `internalBatchSize`), `target`,
 *   `inputMask`, `exclude`, `batchSize` (32), `onProgress`, `signal`.
 * @returns a {@link SmoothGradResult}: `scores`, `excluded`, `target`, `outputs`, `attributions`
 *   `[n, d]` (the aggregate), `reduce`, `base`, `ntType`, `nSamples`, `stdev`, `seed`.
 * @throws AdapterCapabilityError if the adapter has no `gradient` (before any model call).
 * @throws InputTypeError for an option of the wrong type, unknown, or belonging to another base method.
 * @throws InputRangeError / ShapeMismatchError for out-of-range options or bad tokens.
 * @throws AbortError if `signal` aborts.
 * @see https://arxiv.org/abs/1706.03825 (Smilkov et al. 2017, SmoothGrad)
 * @see https://arxiv.org/abs/1810.03292 (Adebayo et al. 2018, VarGrad)
 * @see https://github.com/pytorch/captum/blob/master/captum/attr/_core/noise_tunnel.py
 * @example
 * // a linear model has a constant gradient: smoothing changes nothing, and its variance is 0
 * const model = linearModelAdapter({ weights: [[2, -3]] });
 * (await smoothGrad(model, [5, 7], { nSamples: 4, seed: 1 })).scores; // => Float64Array [2, 3]
 * (await smoothGrad(model, [5, 7], { ntType: 'vargrad', abs: false })).scores; // => Float64Array [0, 0]
 * const r = await smoothGrad(model, [5, 7], { stdevs: 0.1, relative: true });
 * r.stdev; // => 0.2  (to ~1e-15)
 */
export async function smoothGrad(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: SmoothGradOptions): Promise<SmoothGradResult> {
  const fn = 'smoothGrad';
  const o = checkOptions<SmoothGradOptions>(fn, options, KEYS);
  const s = setupGradient(fn, adapter, tokens, o);
  const base = o.base === undefined ? SMOOTH_GRAD_DEFAULTS.base : checkEnum(fn, 'base', o.base, ['saliency', 'gradientXInput', 'integratedGradients'] as const);
  const ntType = o.ntType === undefined ? SMOOTH_GRAD_DEFAULTS.ntType : checkEnum(fn, 'ntType', o.ntType, ['smoothgrad', 'smoothgradSq', 'vargrad'] as const);
  const nSamples = o.nSamples === undefined ? SMOOTH_GRAD_DEFAULTS.nSamples : checkInteger(fn, 'nSamples', o.nSamples, 1);
  const stdevs = o.stdevs === undefined ? SMOOTH_GRAD_DEFAULTS.stdevs : checkNumber(fn, 'stdevs', o.stdevs, { min: 0, max: Number.MAX_VALUE });
  const relative = o.relative === undefined ? SMOOTH_GRAD_DEFAULTS.relative : checkBoolean(fn, 'relative', o.relative);
  const seed = o.seed === undefined ? SMOOTH_GRAD_DEFAULTS.seed : checkSeed(fn, o.seed);
  const reduce = readReduce(fn, o.reduce, SMOOTH_GRAD_DEFAULTS.reduce);
  if (base !== 'saliency' && o.abs !== undefined) throw new InputTypeError(fn, "abs applies only to base: 'saliency'", o.abs);
  const abs = o.abs === undefined ? true : checkBoolean(fn, 'abs', o.abs);
  if (base !== 'integratedGradients') {
    for (const key of IG_KEYS) {
      if (o[key] !== undefined) throw new InputTypeError(fn, `${key} applies only to base: 'integratedGradients'`, o[key]);
    }
  }
  const plan = base === 'integratedGradients' ? planIntegratedGradients(s, o) : undefined;
  const gradientCalls = plan === undefined ? callsFor(nSamples, s.batchSize) : nSamples * igCalls(plan);
  const calls = new CallCounter(s, 1 + gradientCalls);
  calls.check();

  const x = await embedTokens(s);
  const nd = s.n * s.d;
  let stdev = stdevs;
  if (relative) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < nd; j++) {
      if (x[j]! < lo) lo = x[j]!;
      if (x[j]! > hi) hi = x[j]!;
    }
    stdev = stdevs * (hi - lo);
  }
  const xb = plan === undefined ? undefined : await baselineEmbeddings(s, plan);
  const { outputs, target } = await outputsAndTarget(s, calls, x);

  // noisy copies, drawn copy after copy in row-major order, generated one batch at a time
  const rng = createRng(seed);
  const draw = (count: number): Float64Array => {
    const out = new Float64Array(count * nd);
    for (let c = 0; c < count; c++) {
      for (let j = 0; j < nd; j++) out[c * nd + j] = x[j]! + stdev * rng.normal();
    }
    return out;
  };

  // running means of φ and φ² (incremental, so identical copies give exactly the base attribution)
  const mean = new Float64Array(nd);
  const meanSq = new Float64Array(nd);
  let seen = 0;
  const add = (phi: ArrayLike<number>, offset: number): void => {
    seen++;
    for (let j = 0; j < nd; j++) {
      const v = phi[offset + j]!;
      mean[j]! += (v - mean[j]!) / seen;
      meanSq[j]! += (v * v - meanSq[j]!) / seen;
    }
  };
  if (plan === undefined || xb === undefined) {
    for (let first = 0; first < nSamples; first += s.batchSize) {
      const count = Math.min(s.batchSize, nSamples - first);
      const noisy = draw(count);
      await gradientsAt(s, calls, noisy, count, target, count, (_f, cnt, g) => {
        const phi = Float64Array.from(g);
        for (let c = 0; c < cnt; c++) {
          for (let j = 0; j < nd; j++) {
            const k = c * nd + j;
            if (base === 'gradientXInput') phi[k] = phi[k]! * noisy[k]!;
            else if (abs) phi[k] = Math.abs(phi[k]!);
          }
          add(phi, c * nd);
        }
      });
    }
  } else {
    for (let c = 0; c < nSamples; c++) add(await igAttribution(s, calls, plan, draw(1), xb, target), 0);
  }
  let agg: Float64Array;
  if (ntType === 'smoothgrad') agg = mean;
  else if (ntType === 'smoothgradSq') agg = meanSq;
  else {
    agg = new Float64Array(nd);
    for (let j = 0; j < nd; j++) agg[j] = meanSq[j]! - mean[j]! * mean[j]!;
  }
  return {
    scores: tokenScores(s, agg, reduce),
    excluded: s.excluded,
    target,
    outputs,
    attributions: { data: agg, shape: [s.n, s.d] },
    reduce,
    base,
    ntType,
    nSamples,
    stdev,
    seed,
  };
}
