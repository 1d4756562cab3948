/**
 * Shared body of `deletionCurve` and `insertionCurve`. Not re-exported.
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
import { ShapeMismatchError } from '../../errors/index.js';
import { checkEnum, checkInteger, checkOptions } from '../../internal/options.js';
import { METRIC_KEYS, rankPositions, readScores, type RelevanceOrder, trapezoidAuc } from './faithfulnessSetup.js';

/** Options of `deletionCurve` and `insertionCurve`. */
export interface CurveOptions extends PerturbationCommonOptions, RemovalOptions {
  /** `'morf'` (default): most relevant (highest score) first; `'lerf'`: least relevant first. Ties: lower position first. */
  readonly order?: RelevanceOrder;
  /** How tokens are taken out. Default `'baseline'` (zero embedding: Quantus `PixelFlipping`, RISE deletion). */
  readonly removal?: RemovalMode;
  /** Tokens removed (inserted) per step (Quantus' `features_in_step`); the last step takes the rest. Default 1. */
  readonly featuresInStep?: number;
}

/** Result of `deletionCurve` and `insertionCurve`. */
export interface CurveResult {
  /** `k / m` for the k = 0, s, 2s, …, m tokens removed (deletion) or inserted (insertion), s = `featuresInStep`. */
  readonly fractions: Float64Array;
  /** The target scalar at each step (length `m + 1` for s = 1). */
  readonly values: Float64Array;
  /** Trapezoid area under `values` over `fractions` ∈ [0, 1]. */
  readonly auc: number;
  /** Scorable positions in removal / insertion order. */
  readonly ranking: Int32Array;
  readonly order: RelevanceOrder;
  readonly removal: RemovalMode;
  readonly scale: OutputScale;
  /** Excluded and input-masked positions (never removed), ascending. */
  readonly excluded: Int32Array;
  readonly target: number;
  /** Model outputs `[C]` on the full input. */
  readonly outputs: Float64Array;
}

export async function curve(fn: string, kind: 'deletion' | 'insertion', adapter: unknown, tokens: unknown, scores: unknown, options: unknown): Promise<CurveResult> {
  const o = checkOptions<CurveOptions>(fn, options, [...METRIC_KEYS, 'order', 'featuresInStep']);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.removal, o, 'baseline');
  const s = readScores(plan, scores);
  const order = o.order === undefined ? 'morf' : checkEnum(fn, 'order', o.order, ['morf', 'lerf'] as const);
  const m = plan.scorable.length;
  if (m === 0) throw new ShapeMismatchError(fn, 'no token is left to remove (every position is excluded or masked)', m);
  const step = o.featuresInStep === undefined ? 1 : checkInteger(fn, 'featuresInStep', o.featuresInStep, 1);
  const ranking = rankPositions(plan.scorable, s, order);
  // token counts k = 0, step, 2·step, …, m; deletion removes ranking[0…k), insertion removes ranking[k…m)
  const counts: number[] = [0];
  for (let k = step; k < m; k += step) counts.push(k);
  counts.push(m);
  const evaluated = kind === 'deletion' ? counts.slice(1) : counts.slice(0, -1);
  const sets = evaluated.map((k) => {
    const set = new Uint8Array(plan.n);
    if (kind === 'deletion') for (let j = 0; j < k; j++) set[ranking[j]!] = 1;
    else for (let j = k; j < m; j++) set[ranking[j]!] = 1;
    return set;
  });
  checkNonEmpty(plan, removalPlan.mode, sets);
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const raw = await evaluateSets(setup, removal, sets, { done: 0, total: sets.length });
  const perturbed = scalars(setup, raw, removal.scale);
  const full = scalars(setup, setup.outputs, removal.scale)[0]!;
  const values = new Float64Array(counts.length);
  if (kind === 'deletion') {
    values[0] = full;
    values.set(perturbed, 1);
  } else {
    values.set(perturbed, 0);
    values[counts.length - 1] = full;
  }
  const fractions = Float64Array.from(counts, (k) => k / m);
  return {
    fractions,
    values,
    auc: trapezoidAuc(fractions, values),
    ranking,
    order,
    removal: removal.mode,
    scale: removal.scale,
    excluded: setup.excluded,
    target: setup.target,
    outputs: setup.outputs,
  };
}
