import { leaveOneOutCore } from '../attribution/internal/perturbationLoo.js';
import { checkNonEmpty, planPerturbation, planRemoval, prepareRemoval, runSetup, setOf } from '../attribution/internal/perturbationSetup.js';
import type { OutputScale, PerturbationCommonOptions, RemovalMode, RemovalOptions } from '../attribution/internal/perturbationTypes.js';
import { kendallTau } from '../agreement/kendallTau.js';
import { checkOptions } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import { METRIC_KEYS, readScores } from './internal/faithfulnessSetup.js';

/** Options of {@link tauLoo}. */
export interface TauLooOptions extends PerturbationCommonOptions, RemovalOptions {
  /** How a token is left out. Default `'delete'` (ferret's `edit_one_token`). */
  readonly removal?: RemovalMode;
}

/** Result of {@link tauLoo}. */
export interface TauLooResult {
  /** Kendall τ-b between the scores and the leave-one-out drops over the scorable positions; NaN when either is constant or m < 2. */
  readonly tau: number;
  /** Leave-one-out drops `g(x) − g(x₋ᵢ)`, length n (0 at excluded positions). */
  readonly loo: Float64Array;
  readonly removal: RemovalMode;
  readonly scale: OutputScale;
  /** Excluded and input-masked positions, ascending. */
  readonly excluded: Int32Array;
  readonly target: number;
  /** Model outputs `[C]` on the full input. */
  readonly outputs: Float64Array;
}

/** Defaults of {@link tauLoo}. */
export const TAU_LOO_DEFAULTS = Object.freeze({ removal: 'delete' as const, scale: 'probability' as const, batchSize: 32 });

/**
 * ferret's τ-LOO: Kendall's τ-b between an explanation's scores and leave-one-out importance,
 *
 *   loo_i = g(x) − g(x₋ᵢ),   τ = kendallTau(scores[S], loo[S])   over the scorable positions S,
 *
 * with `g` the target probability and `x₋ᵢ` the input with token `i` deleted (ferret's defaults;
 * `removal` and `scale` choose otherwise). ferret drops `[CLS]`/`[SEP]` (`remove_first_last=True`): pass
 * `exclude: [0, n − 1]` to match it. τ-b equals `scipy.stats.kendalltau(loo, scores)[0]` ties included
 * (see `kendallTau`); NaN when either vector is constant on S or fewer than 2 positions are scorable.
 *
 * Cost: as {@link leaveOneOut}: `⌈m / batchSize⌉` forward calls plus the unperturbed pass.
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param scores - the explanation, one score per token.
 * @param options - {@link TauLooOptions}: `removal` (`'delete'`), `maskToken`, `baseline`, `scale`
 *   (`'probability'`), `target`, `inputMask`, `exclude`, `batchSize` (32), `onProgress`, `signal`.
 * @returns `{ tau, loo, removal, scale, excluded, target, outputs }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens, scores or options.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://github.com/g8a9/ferret/blob/main/ferret/evaluators/faithfulness_measures.py
 * @example
 * const model = linearModelAdapter({ weights: [[3, 1, 2]] });
 * const r = await tauLoo(model, [1, 1, 1], [0.9, 0.1, 0.5], { removal: 'baseline', scale: 'raw' });
 * r.loo; // => Float64Array [3, 1, 2]
 * r.tau; // => 1
 */
export async function tauLoo(adapter: ModelAdapter, tokens: ArrayLike<number>, scores: ArrayLike<number>, options?: TauLooOptions): Promise<TauLooResult> {
  const fn = 'tauLoo';
  const o = checkOptions<TauLooOptions>(fn, options, [...METRIC_KEYS]);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.removal, o, TAU_LOO_DEFAULTS.removal);
  const s = readScores(plan, scores);
  checkNonEmpty(plan, removalPlan.mode, Array.from(plan.scorable, (i) => setOf(plan.n, [i])));
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const { scores: loo } = await leaveOneOutCore(setup, removal, 'drop');
  const S = setup.scorable;
  const tau = S.length < 2 ? NaN : kendallTau(Array.from(S, (i) => s[i]!), Array.from(S, (i) => loo[i]!));
  return { tau, loo, removal: removal.mode, scale: removal.scale, excluded: setup.excluded, target: setup.target, outputs: setup.outputs };
}
