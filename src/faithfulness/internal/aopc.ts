/**
 * Shared body of `comprehensiveness` and `sufficiency`: rationale selection at thresholds (ERASER or
 * ferret conventions) and the AOPC. Not re-exported.
 *
 * @module
 */
import {
  checkNonEmpty,
  evaluateSets,
  planPerturbation,
  planRemoval,
  prepareRemoval,
  runSetup,
  scalars,
} from '../../attribution/internal/perturbationSetup.js';
import type { OutputScale, PerturbationCommonOptions, RemovalMode, RemovalOptions } from '../../attribution/internal/perturbationTypes.js';
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { normalizeTensor } from '../../internal/tensor.js';
import { checkBoolean, checkEnum, checkOptions } from '../../internal/options.js';
import { METRIC_KEYS, rankPositions, readScores } from './faithfulnessSetup.js';

/** Which anchor's rationale selection and AOPC to follow. */
export type AopcVariant = 'eraser' | 'ferret';

/** Options of `comprehensiveness` and `sufficiency`. */
export interface AopcOptions extends PerturbationCommonOptions, RemovalOptions {
  /**
   * `'eraser'` (default): bins 1, 5, 10, 20, 50 %, `k = ⌈p·m⌉`, AOPC = mean over the bins (ERASER's released
   * scorer, `rationale_benchmark/metrics.py`). `'ferret'`: thresholds 10 … 100 %, `k = ⌊p·m⌋`, `k = 0` / empty / repeated rationales skipped,
   * AOPC = mean over the kept thresholds, 0 (comprehensiveness) or 1 (sufficiency) when none is kept.
   */
  readonly variant?: AopcVariant;
  /** Fractions in (0, 1] of the scorable tokens. Default: the variant's. */
  readonly thresholds?: ArrayLike<number>;
  /** Keep only tokens with score > 0 in a rationale. Default: false (`'eraser'`), true (`'ferret'`). */
  readonly onlyPositive?: boolean;
  /** How tokens are taken out. Default `'delete'` (ERASER; ferret's `remove_tokens=True`). */
  readonly removal?: RemovalMode;
}

/** Result of `comprehensiveness` and `sufficiency`. */
export interface AopcResult {
  /** The AOPC (area over the perturbation curve) of the variant. */
  readonly aopc: number;
  /** The thresholds used. */
  readonly thresholds: Float64Array;
  /** Rationale size at each threshold; 0 where the threshold was skipped. */
  readonly sizes: Int32Array;
  /** `g(x) − g(perturbed)` at each threshold; NaN where skipped. */
  readonly values: Float64Array;
  /** `g(x)`, the target scalar on the full input. */
  readonly fullValue: number;
  readonly variant: AopcVariant;
  readonly onlyPositive: boolean;
  readonly removal: RemovalMode;
  readonly scale: OutputScale;
  /** Excluded and input-masked positions (never removed), ascending. */
  readonly excluded: Int32Array;
  readonly target: number;
  /** Model outputs `[C]` on the full input. */
  readonly outputs: Float64Array;
}

/** ERASER's bins. */
export const ERASER_THRESHOLDS: readonly number[] = Object.freeze([0.01, 0.05, 0.1, 0.2, 0.5]);
/** ferret's `np.arange(0.1, 1.1, 0.1)`, reproduced bit for bit (`0.1 + i·0.1`). */
export const FERRET_THRESHOLDS: readonly number[] = Object.freeze(Array.from({ length: 10 }, (_, i) => 0.1 + i * 0.1));

export async function aopc(fn: string, kind: 'comprehensiveness' | 'sufficiency', adapter: unknown, tokens: unknown, scores: unknown, options: unknown): Promise<AopcResult> {
  const o = checkOptions<AopcOptions>(fn, options, [...METRIC_KEYS, 'variant', 'thresholds', 'onlyPositive']);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.removal, o, 'delete');
  const s = readScores(plan, scores);
  const variant = o.variant === undefined ? 'eraser' : checkEnum(fn, 'variant', o.variant, ['eraser', 'ferret'] as const);
  const onlyPositive = o.onlyPositive === undefined ? variant === 'ferret' : checkBoolean(fn, 'onlyPositive', o.onlyPositive);
  let thresholds: Float64Array;
  if (o.thresholds === undefined) {
    thresholds = Float64Array.from(variant === 'eraser' ? ERASER_THRESHOLDS : FERRET_THRESHOLDS);
  } else {
    if (o.thresholds === null || typeof o.thresholds !== 'object') throw new InputTypeError(fn, 'thresholds must be an array of fractions', o.thresholds);
    thresholds = Float64Array.from(normalizeTensor(fn, 'thresholds', o.thresholds as number[], { rank: 1 }).data);
    thresholds.forEach((p) => {
      if (!(p > 0 && p <= 1)) throw new InputRangeError(fn, 'thresholds must be fractions in (0, 1]', p);
    });
  }
  const m = plan.scorable.length;
  if (m === 0) throw new ShapeMismatchError(fn, 'no token is left to remove (every position is excluded or masked)', m);
  const ranking = rankPositions(plan.scorable, s, 'morf');
  // rationale per threshold
  const sizes = new Int32Array(thresholds.length);
  const rationales: (Int32Array | undefined)[] = [];
  let previous: string | undefined;
  thresholds.forEach((p, b) => {
    const k = variant === 'eraser' ? Math.min(m, Math.ceil(p * m)) : Math.floor(p * m);
    let chosen = Array.from(ranking.subarray(0, k));
    if (onlyPositive) chosen = chosen.filter((i) => s[i]! > 0);
    if (variant === 'ferret') {
      const key = [...chosen].sort((a, c) => a - c).join(',');
      if (chosen.length === 0 || key === previous) {
        rationales.push(undefined);
        return;
      }
      previous = key;
    }
    sizes[b] = chosen.length;
    rationales.push(Int32Array.from(chosen));
  });
  // comprehensiveness removes the rationale; sufficiency removes every other scorable token
  const used: number[] = [];
  const sets: Uint8Array[] = [];
  rationales.forEach((r, b) => {
    if (r === undefined) return;
    const set = new Uint8Array(plan.n);
    if (kind === 'comprehensiveness') for (const i of r) set[i] = 1;
    else {
      for (const i of plan.scorable) set[i] = 1;
      for (const i of r) set[i] = 0;
    }
    used.push(b);
    sets.push(set);
  });
  checkNonEmpty(plan, removalPlan.mode, sets);
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const raw = await evaluateSets(setup, removal, sets, { done: 0, total: sets.length });
  const perturbed = scalars(setup, raw, removal.scale);
  const fullValue = scalars(setup, setup.outputs, removal.scale)[0]!;
  const values = new Float64Array(thresholds.length).fill(NaN);
  let sum = 0;
  used.forEach((b, j) => {
    values[b] = fullValue - perturbed[j]!;
    sum += values[b]!;
  });
  let result: number;
  if (variant === 'eraser') result = sum / thresholds.length;
  else if (used.length === 0) result = kind === 'comprehensiveness' ? 0 : 1;
  else result = sum / used.length;
  return {
    aopc: result,
    thresholds,
    sizes,
    values,
    fullValue,
    variant,
    onlyPositive,
    removal: removal.mode,
    scale: removal.scale,
    excluded: setup.excluded,
    target: setup.target,
    outputs: setup.outputs,
  };
}
