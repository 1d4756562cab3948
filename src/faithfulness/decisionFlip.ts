import {
  checkNonEmpty,
  decisionOf,
  evaluateSets,
  planPerturbation,
  planRemoval,
  prepareRemoval,
  runSetup,
} from '../attribution/internal/perturbationSetup.js';
import type { PerturbationCommonOptions, RemovalMode, RemovalOptions } from '../attribution/internal/perturbationTypes.js';
import { ShapeMismatchError } from '../errors/index.js';
import { checkEnum, checkOptions } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import { METRIC_KEYS, rankPositions, readScores, type RelevanceOrder } from './internal/faithfulnessSetup.js';

/** Options of {@link decisionFlip}. */
export interface DecisionFlipOptions extends Omit<PerturbationCommonOptions, 'target'>, Omit<RemovalOptions, 'scale'> {
  /** `'morf'` (default): remove the highest-scored tokens first; `'lerf'`: the lowest first. Ties: lower position first. */
  readonly order?: RelevanceOrder;
  /** How tokens are taken out. Default `'delete'`. */
  readonly removal?: RemovalMode;
}

/** Result of {@link decisionFlip}. */
export interface DecisionFlipResult {
  /** Whether the decision changed before every scorable token was removed. */
  readonly flipped: boolean;
  /** Tokens removed when the decision first changed (`m` when it never did). */
  readonly removed: number;
  /** `removed / m`: the fraction of the scorable tokens removed before the decision flips (1 when it never does; see `flipped`). */
  readonly fraction: number;
  /** The decision on the full input (argmax; with one output, 1 when `p > 0.5`). */
  readonly decision: number;
  /** The decision after `removed` tokens were removed (equals `decision` when it never flipped). */
  readonly flippedTo: number;
  /** Scorable positions in removal order. */
  readonly ranking: Int32Array;
  readonly order: RelevanceOrder;
  readonly removal: RemovalMode;
  /** Excluded and input-masked positions (never removed), ascending. */
  readonly excluded: Int32Array;
  /** Model outputs `[C]` on the full input. */
  readonly outputs: Float64Array;
}

/** Defaults of {@link decisionFlip}. */
export const DECISION_FLIP_DEFAULTS = Object.freeze({ order: 'morf' as const, removal: 'delete' as const, batchSize: 32 });

/**
 * Fraction of tokens removed before the decision flips (Serrano & Smith 2019, "Is Attention
 * Interpretable?", applied to tokens rather than attention weights): remove the scorable tokens one at
 * a time in order of their score and stop at the first step where the model's decision (argmax class)
 * differs from the decision on the full input.
 *
 *   removed = min { k ≥ 1 : decision(x with the first k ranked tokens removed) ≠ decision(x) },   fraction = removed / m.
 *
 * ERASER's scorer reports the same quantity as `tokens_to_flip / document length` (computed by the model
 * side of its pipeline). A faithful explanation flips the decision after few removals (small fraction, MoRF order). If the
 * decision never changes, `flipped` is false, `removed = m` and `fraction = 1`. Under `'delete'` with no
 * excluded position the last step would be an empty input, which cannot be run: it is skipped and
 * counts as no flip. Prefixes are evaluated in
 * batches of `batchSize` and evaluation stops at the first batch that flips. The decision does not depend
 * on `target`, so there is no `target` or `scale` option.
 *
 * Cost: at most `m` perturbed inputs (`'delete'`: one call per step); fewer when the decision flips early.
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param scores - the explanation, one score per token.
 * @param options - {@link DecisionFlipOptions}: `order` (`'morf'`), `removal` (`'delete'`), `maskToken`,
 *   `baseline`, `inputMask`, `exclude`, `batchSize` (32), `onProgress`, `signal`.
 * @returns `{ flipped, removed, fraction, decision, flippedTo, ranking, order, removal, excluded, outputs }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens, scores or options.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://arxiv.org/abs/1906.03731 (Serrano & Smith 2019)
 * @see https://github.com/jayded/eraserbenchmark/blob/master/rationale_benchmark/metrics.py (`tokens_to_flip`)
 * @example
 * // class 1 wins while x₀ + x₁ > x₂ + x₃
 * const model = linearModelAdapter({ weights: [[0, 0, 1, 1], [1, 1, 0, 0]] });
 * const r = await decisionFlip(model, [2, 1, 1, 1], [0.5, 0.4, 0.1, 0], { removal: 'baseline' });
 * r.decision; // => 1
 * r.removed; // => 1
 * r.fraction; // => 0.25
 */
export async function decisionFlip(adapter: ModelAdapter, tokens: ArrayLike<number>, scores: ArrayLike<number>, options?: DecisionFlipOptions): Promise<DecisionFlipResult> {
  const fn = 'decisionFlip';
  const keys = METRIC_KEYS.filter((k) => k !== 'target' && k !== 'scale');
  const o = checkOptions<DecisionFlipOptions>(fn, options, [...keys, 'order']);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.removal, o, DECISION_FLIP_DEFAULTS.removal);
  const s = readScores(plan, scores);
  const order = o.order === undefined ? DECISION_FLIP_DEFAULTS.order : checkEnum(fn, 'order', o.order, ['morf', 'lerf'] as const);
  const m = plan.scorable.length;
  if (m === 0) throw new ShapeMismatchError(fn, 'no token is left to remove (every position is excluded or masked)', m);
  const ranking = rankPositions(plan.scorable, s, order);
  // under 'delete' with nothing else left, the last step (an empty input) cannot run: it counts as "no flip"
  const steps = removalPlan.mode === 'delete' && plan.excluded.length === 0 ? m - 1 : m;
  const sets: Uint8Array[] = [];
  for (let k = 1; k <= steps; k++) {
    const set = new Uint8Array(plan.n);
    for (let j = 0; j < k; j++) set[ranking[j]!] = 1;
    sets.push(set);
  }
  checkNonEmpty(plan, removalPlan.mode, sets);
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const { C, kind, batchSize } = setup;
  const decision = decisionOf(setup.outputs, 0, C, kind);
  const progress = { done: 0, total: steps };
  // under 'delete' every step has its own length, so one step per call
  const step = removal.mode === 'delete' ? 1 : batchSize;
  for (let start = 0; start < steps; start += step) {
    const chunk = sets.slice(start, start + step);
    const raw = await evaluateSets(setup, removal, chunk, progress);
    for (let j = 0; j < chunk.length; j++) {
      const now = decisionOf(raw, j * C, C, kind);
      if (now !== decision) {
        const removed = start + j + 1;
        return { flipped: true, removed, fraction: removed / m, decision, flippedTo: now, ranking, order, removal: removal.mode, excluded: setup.excluded, outputs: setup.outputs };
      }
    }
  }
  return { flipped: false, removed: m, fraction: 1, decision, flippedTo: decision, ranking, order, removal: removal.mode, excluded: setup.excluded, outputs: setup.outputs };
}
