import { checkAbort, planPerturbation } from '../attribution/internal/perturbationSetup.js';
import type { PerturbationProgress } from '../attribution/internal/perturbationTypes.js';
import { InputTypeError, ShapeMismatchError } from '../errors/index.js';
import { checkEnum, checkInteger, checkNumber, checkOptions, checkSeed } from '../internal/options.js';
import { normalizeTensor } from '../internal/tensor.js';
import { createRng } from '../random/createRng.js';
import type { ModelAdapter } from '../types/adapter.js';
import type { FloatTensor } from '../types/tensor.js';

/**
 * An explanation method under test. It is called with an adapter whose `embed(tokens)` returns the
 * (perturbed) embeddings for these tokens — every other member is the original adapter's — so any
 * faithcheck method `(adapter, tokens, options)` can be passed as is:
 * `(a, t) => integratedGradients(a, t, { target: 1 }).then((r) => r.scores)`. The embeddings are also
 * passed directly, `[n, d]`, for explanation code that works on embeddings. Must resolve to `n` finite scores.
 * Only `embed` of these exact tokens is perturbed: an explanation that embeds edited sequences (such as
 * leave-one-out with `'delete'` or `'mask'` removal) sees the noise on the full input only.
 */
export type ExplanationFunction = (adapter: ModelAdapter, tokens: Float64Array, embeddings: FloatTensor) => Promise<ArrayLike<number>>;

/** Options of {@link sensitivityMax}. */
export interface SensitivityMaxOptions {
  /** Half-width `r` of the uniform L∞ ball the embeddings are perturbed in (Captum's `perturb_radius`). Default 0.02. */
  readonly perturbRadius?: number;
  /** Perturbations drawn (Captum's `n_perturb_samples`). Default 10. */
  readonly nPerturbSamples?: number;
  /** Norm of the explanation change: `'fro'` (Euclidean over all scores, Captum's default) or `'inf'` (max |·|). Default `'fro'`. */
  readonly norm?: 'fro' | 'inf';
  /** Seed of the perturbations. Default 0. */
  readonly seed?: number;
  /** Positions whose embeddings are never perturbed, e.g. `[0]` for `[CLS]`. Default `[]`. */
  readonly exclude?: readonly number[];
  /** Length-`n` input mask (1 keep, 0 hidden): hidden positions are not perturbed. */
  readonly inputMask?: ArrayLike<number>;
  /** Called after every explanation call after the first. */
  readonly onProgress?: (progress: PerturbationProgress) => void;
  /** Cancels between explanation calls (throws `AbortError`). */
  readonly signal?: AbortSignal;
}

/** Result of {@link sensitivityMax}. */
export interface SensitivityMaxResult {
  /** `max_s ‖φ(x + δₛ) − φ(x)‖ / ‖φ(x)‖` (the denominator taken as 1 when it is 0); lower is better. */
  readonly sensitivity: number;
  /** The explanation `φ(x)` of the unperturbed input. */
  readonly explanation: Float64Array;
  /** The ratio for each perturbation. */
  readonly ratios: Float64Array;
}

/** Defaults of {@link sensitivityMax}. */
export const SENSITIVITY_MAX_DEFAULTS = Object.freeze({ perturbRadius: 0.02, nPerturbSamples: 10, norm: 'fro' as const, seed: 0 });

/**
 * Max-sensitivity (Yeh et al. 2019; Captum's `sensitivity_max`): how much an explanation changes under
 * small input perturbations. The input embeddings get uniform noise in the L∞ ball of radius `r`
 * (Captum's default perturbation, applied to the `[n, d]` embeddings of the non-excluded positions), and
 *
 *   SENS_max = max_{s ≤ S} ‖φ(x + δₛ) − φ(x)‖ / ‖φ(x)‖,   δₛ ~ U[−r, r]^{n×d},
 *
 * with the denominator replaced by 1 when `‖φ(x)‖ = 0` (as Captum). Unlike the other metrics it needs
 * the explanation METHOD, not a score vector: `explain(adapter′, tokens, embeddings)` is called once
 * on the input and once per perturbation, one call at a time, where `adapter′.embed(tokens)` returns the
 * perturbed embeddings (see {@link ExplanationFunction}). Noise comes from `createRng(seed)`.
 *
 * A gradient explanation of a linear model has sensitivity 0 (REFERENCE F7).
 *
 * @param adapter - the model; only `embed` is called here (the explanation may call anything).
 * @param tokens - token ids, length `n`.
 * @param explain - the explanation method, resolving to `n` scores.
 * @param options - {@link SensitivityMaxOptions}: `perturbRadius` (0.02), `nPerturbSamples` (10), `norm`
 *   (`'fro'`), `seed` (0), `exclude`, `inputMask`, `onProgress`, `signal`.
 * @returns `{ sensitivity, explanation, ratios }`.
 * @throws InputTypeError if `explain` is not a function or returns something other than numbers.
 * @throws ShapeMismatchError if `explain` returns the wrong number of scores.
 * @throws InputRangeError for bad options or non-finite scores.
 * @throws AbortError when `signal` fires.
 * @see https://github.com/pytorch/captum/blob/master/captum/metrics/_core/sensitivity.py
 * @example
 * const model = linearModelAdapter({ weights: [[3, 1, 2]] });
 * // gradient of the logit: constant for a linear model
 * const grad = async (a, t, e) => (await a.gradient({ data: e.data, shape: [1, 3, 1] }, 0)).gradients.data;
 * (await sensitivityMax(model, [1, 2, 3], grad)).sensitivity; // => 0
 */
export async function sensitivityMax(adapter: ModelAdapter, tokens: ArrayLike<number>, explain: ExplanationFunction, options?: SensitivityMaxOptions): Promise<SensitivityMaxResult> {
  const fn = 'sensitivityMax';
  const o = checkOptions<SensitivityMaxOptions>(fn, options, ['perturbRadius', 'nPerturbSamples', 'norm', 'seed', 'exclude', 'inputMask', 'onProgress', 'signal']);
  const plan = planPerturbation(fn, adapter, tokens, { ...(o.exclude === undefined ? {} : { exclude: o.exclude }), ...(o.inputMask === undefined ? {} : { inputMask: o.inputMask }), ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }), ...(o.signal === undefined ? {} : { signal: o.signal }) });
  if (typeof explain !== 'function') throw new InputTypeError(fn, 'explain must be a function (adapter, tokens, embeddings) => Promise<scores>', explain);
  const r = o.perturbRadius === undefined ? SENSITIVITY_MAX_DEFAULTS.perturbRadius : checkNumber(fn, 'perturbRadius', o.perturbRadius, { min: 0 });
  const samples = o.nPerturbSamples === undefined ? SENSITIVITY_MAX_DEFAULTS.nPerturbSamples : checkInteger(fn, 'nPerturbSamples', o.nPerturbSamples, 1);
  const norm = o.norm === undefined ? SENSITIVITY_MAX_DEFAULTS.norm : checkEnum(fn, 'norm', o.norm, ['fro', 'inf'] as const);
  const seed = o.seed === undefined ? SENSITIVITY_MAX_DEFAULTS.seed : checkSeed(fn, o.seed);
  const { n, d, tokens: ids, signal, onProgress } = plan;
  checkAbort(fn, signal);
  const e = await adapter.embed(ids);
  const x = Float64Array.from(normalizeTensor(fn, 'adapter.embed(tokens)', e, { rank: 2 }).data);
  if (x.length !== n * d) throw new ShapeMismatchError(fn, `adapter.embed returned ${x.length} values, expected n·d = ${n * d}`, x.length);

  const run = async (rows: Float64Array): Promise<Float64Array> => {
    const embeddings: FloatTensor = { data: rows.slice(), shape: [n, d] };
    const wrapped: ModelAdapter = {
      info: adapter.info,
      embed: async (t: ArrayLike<number>) => {
        if (t.length === n && Array.prototype.every.call(t, (v: number, i: number) => v === ids[i])) return { data: rows.slice(), shape: [n, d] };
        return adapter.embed(t);
      },
      forward: (em, fo) => adapter.forward(em, fo),
      ...(adapter.gradient === undefined ? {} : { gradient: (em: FloatTensor, t: number | ArrayLike<number>, go?: Parameters<NonNullable<ModelAdapter['gradient']>>[2]) => adapter.gradient!(em, t, go) }),
      ...(adapter.attentionGradient === undefined
        ? {}
        : { attentionGradient: (em: FloatTensor, t: number | ArrayLike<number>, go: Parameters<NonNullable<ModelAdapter['attentionGradient']>>[2]) => adapter.attentionGradient!(em, t, go) }),
    };
    const out = await explain(wrapped, ids.slice(), embeddings);
    if (out === null || typeof out !== 'object') throw new InputTypeError(fn, 'explain must resolve to an array of scores', out);
    const t = normalizeTensor(fn, 'explain(...)', out as number[], { rank: 1 });
    if (t.data.length !== n) throw new ShapeMismatchError(fn, `explain must resolve to n = ${n} scores, found ${t.data.length}`, t.data.length);
    return Float64Array.from(t.data);
  };
  const size = (v: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s = norm === 'fro' ? s + v[i]! * v[i]! : Math.max(s, Math.abs(v[i]!));
    return norm === 'fro' ? Math.sqrt(s) : s;
  };
  const explanation = await run(x);
  const denominator = size(explanation) || 1;
  const rng = createRng(seed);
  const ratios = new Float64Array(samples);
  for (let k = 0; k < samples; k++) {
    checkAbort(fn, signal);
    const rows = x.slice();
    for (const i of plan.scorable) for (let c = 0; c < d; c++) rows[i * d + c]! += r * (2 * rng.next() - 1);
    const phi = await run(rows);
    ratios[k] = size(phi.map((v, i) => v - explanation[i]!)) / denominator;
    onProgress?.({ done: k + 1, total: samples });
  }
  let sensitivity = -Infinity;
  for (const v of ratios) sensitivity = Math.max(sensitivity, v);
  return { sensitivity, explanation, ratios };
}
