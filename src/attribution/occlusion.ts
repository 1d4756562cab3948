import { checkInteger, checkOptions } from '../internal/options.js';
import { ShapeMismatchError } from '../errors/index.js';
import type { ModelAdapter } from '../types/adapter.js';
import {
  checkNonEmpty,
  COMMON_KEYS,
  evaluateSets,
  planPerturbation,
  planRemoval,
  prepareRemoval,
  REMOVAL_KEYS,
  runSetup,
  scalarOf,
} from './internal/perturbationSetup.js';
import type { OutputScale, PerturbationAttributionResult, PerturbationCommonOptions, RemovalMode, RemovalOptions } from './internal/perturbationTypes.js';
import { occlusionWindows } from './internal/perturbationWindows.js';

/** Options of {@link occlusion}. */
export interface OcclusionOptions extends PerturbationCommonOptions, RemovalOptions {
  /** Window width in tokens (Captum's `sliding_window_shapes`). Default 1. */
  readonly window?: number;
  /** Step between window starts (Captum's `strides`). Default 1. */
  readonly stride?: number;
  /** How the window's tokens are taken out. Default `'baseline'` (Captum: baselines, default 0). */
  readonly removal?: RemovalMode;
}

/** Result of {@link occlusion}. */
export interface OcclusionResult extends PerturbationAttributionResult {
  readonly window: number;
  readonly stride: number;
  readonly removal: RemovalMode;
  readonly scale: OutputScale;
  /** Number of windows evaluated. */
  readonly windows: number;
}

/** Defaults of {@link occlusion}. */
export const OCCLUSION_DEFAULTS = Object.freeze({ window: 1, stride: 1, removal: 'baseline' as const, scale: 'probability' as const, batchSize: 32 });

/**
 * Occlusion (Zeiler & Fergus 2014) over tokens, with Captum's averaging: a window of `window`
 * consecutive scorable tokens slides with step `stride`; each window is taken out (by `removal`) and
 * every token it covers is credited with the output drop, averaged over the windows that cover it:
 *
 *   φ_i = (1 / #{w ∋ i}) Σ_{w ∋ i} (g(x) − g(x with window w removed)).
 *
 * The windows slide over the scorable positions (those not excluded or input-masked) in order, so
 * `exclude: [0]` keeps `[CLS]` out of every window. There are `⌈(m − window)/stride⌉ + 1` windows for
 * `m` scorable tokens; the last is cut at the end (Captum's layout), so every token is covered.
 * With `window = 1` occlusion is leave-one-out; on a linear model with `'baseline'` removal and
 * `scale: 'raw'` it is exact: `φ_i = Σ_k w_{t,i,k}(x_{i,k} − b_{i,k})` (REFERENCE F7).
 *
 * Cost: `⌈windows / batchSize⌉` forward calls (one per length under `'delete'`, where a cut last
 * window is shorter), plus the unperturbed pass.
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param options - {@link OcclusionOptions}: `window` (1), `stride` (1), `removal` (`'baseline'`),
 *   `baseline` (zeros), `maskToken`, `scale` (`'probability'`), `target`, `inputMask`, `exclude`,
 *   `batchSize` (32), `onProgress`, `signal`.
 * @returns `{ scores, excluded, target, outputs, window, stride, removal, scale, windows }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens or options, or a window
 *   wider than the scorable tokens.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://github.com/pytorch/captum/blob/master/captum/attr/_core/occlusion.py
 * @example
 * const model = linearModelAdapter({ weights: [[1, 2, 3, 4]] });
 * const r = await occlusion(model, [1, 1, 1, 1], { window: 2, scale: 'raw' });
 * r.scores; // => Float64Array [3, 4, 6, 7]  (window sums 3, 5, 7, averaged over the covering windows)
 * r.windows; // => 3
 */
export async function occlusion(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: OcclusionOptions): Promise<OcclusionResult> {
  const fn = 'occlusion';
  const o = checkOptions<OcclusionOptions>(fn, options, [...COMMON_KEYS, ...REMOVAL_KEYS, 'window', 'stride', 'removal']);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.removal, o, OCCLUSION_DEFAULTS.removal);
  const window = o.window === undefined ? OCCLUSION_DEFAULTS.window : checkInteger(fn, 'window', o.window, 1);
  const stride = o.stride === undefined ? OCCLUSION_DEFAULTS.stride : checkInteger(fn, 'stride', o.stride, 1);
  const m = plan.scorable.length;
  if (window > m) throw new ShapeMismatchError(fn, `window must not be wider than the ${m} scorable token(s)`, window);
  const { starts, ends, coverage } = occlusionWindows(m, window, stride);
  const sets = Array.from(starts, (s, k) => {
    const set = new Uint8Array(plan.n);
    for (let j = s; j < ends[k]!; j++) set[plan.scorable[j]!] = 1;
    return set;
  });
  checkNonEmpty(plan, removalPlan.mode, sets);
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const raw = await evaluateSets(setup, removal, sets, { done: 0, total: sets.length });
  const { C, kind, target } = setup;
  const full = scalarOf(setup.outputs, 0, C, kind, target, removal.scale);
  const acc = new Float64Array(m);
  for (let k = 0; k < sets.length; k++) {
    const drop = full - scalarOf(raw, k * C, C, kind, target, removal.scale);
    for (let j = starts[k]!; j < ends[k]!; j++) acc[j]! += drop;
  }
  const scores = new Float64Array(plan.n);
  for (let j = 0; j < m; j++) scores[plan.scorable[j]!] = acc[j]! / coverage[j]!;
  return { scores, excluded: setup.excluded, target, outputs: setup.outputs, window, stride, removal: removal.mode, scale: removal.scale, windows: sets.length };
}
