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
import { checkEnum, checkOptions } from '../../internal/options.js';
import { METRIC_KEYS, rankPositions, readScores, type RelevanceOrder, trapezoidAuc } from './faithfulnessSetup.js';

/** Options of `deletionCurve` and `insertionCurve`. */
export interface CurveOptions extends PerturbationCommonOptions, RemovalOptions {
  /** `'morf'` (default): most relevant (highest score) first; `'lerf'`: least relevant first. Ties: lower position first. */
  readonly order?: RelevanceOrder;
  /** How tokens are taken out. Default `'baseline'` (zero embedding: Quantus `PixelFlipping`, RISE deletion). */
  readonly removal?: RemovalMode;
}

/** Result of `deletionCurve` and `insertionCurve`. */
export interface CurveResult {
  /** `k / m` for k = 0…m tokens removed (deletion) or inserted (insertion). */
  readonly fractions: Float64Array;
  /** The target scalar at each step, length `m + 1`. */
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
  const o = checkOptions<CurveOptions>(fn, options, [...METRIC_KEYS, 'order']);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.removal, o, 'baseline');
  const s = readScores(plan, scores);
  const order = o.order === undefined ? 'morf' : checkEnum(fn, 'order', o.order, ['morf', 'lerf'] as const);
  const m = plan.scorable.length;
  if (m === 0) throw new ShapeMismatchError(fn, 'no token is left to remove (every position is excluded or masked)', m);
  const ranking = rankPositions(plan.scorable, s, order);
  // step k: deletion removes ranking[0…k); insertion removes ranking[k…m)
  const sets: Uint8Array[] = [];
  for (let k = 1; k <= m; k++) {
    const set = new Uint8Array(plan.n);
    if (kind === 'deletion') for (let j = 0; j < k; j++) set[ranking[j]!] = 1;
    else for (let j = k - 1; j < m; j++) set[ranking[j]!] = 1;
    sets.push(set);
  }
  checkNonEmpty(plan, removalPlan.mode, sets);
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const raw = await evaluateSets(setup, removal, sets, { done: 0, total: sets.length });
  const perturbed = scalars(setup, raw, removal.scale);
  const full = scalars(setup, setup.outputs, removal.scale)[0]!;
  const values = new Float64Array(m + 1);
  if (kind === 'deletion') {
    values[0] = full;
    values.set(perturbed, 1);
  } else {
    values.set(perturbed, 0);
    values[m] = full;
  }
  const fractions = Float64Array.from({ length: m + 1 }, (_, k) => k / m);
  return {
    fractions,
    values,
    auc: trapezoidAuc(values),
    ranking,
    order,
    removal: removal.mode,
    scale: removal.scale,
    excluded: setup.excluded,
    target: setup.target,
    outputs: setup.outputs,
  };
}
