import { ShapeMismatchError } from '../errors/index.js';
import { checkOptions } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import { readGroups } from './internal/perturbationGroups.js';
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
  setOf,
} from './internal/perturbationSetup.js';
import type { OutputScale, PerturbationAttributionResult, PerturbationCommonOptions, RemovalMode, RemovalOptions } from './internal/perturbationTypes.js';

/** Options of {@link featureAblation}. */
export interface FeatureAblationOptions extends PerturbationCommonOptions, RemovalOptions {
  /**
   * Length-`n` group ids (Captum's `feature_mask`): positions with the same id are removed together;
   * −1 never removes a position. Default: every scorable position is its own group.
   */
  readonly featureMask?: ArrayLike<number>;
  /** How a group is taken out. Default `'baseline'` (Captum: baselines, default 0). */
  readonly removal?: RemovalMode;
}

/** Result of {@link featureAblation}. */
export interface FeatureAblationResult extends PerturbationAttributionResult {
  readonly removal: RemovalMode;
  readonly scale: OutputScale;
  /** Ids of the groups ablated, ascending. */
  readonly groupIds: Int32Array;
  /** The drop of each group, aligned with `groupIds` (copied to every member in `scores`). */
  readonly groupScores: Float64Array;
}

/** Defaults of {@link featureAblation}. */
export const FEATURE_ABLATION_DEFAULTS = Object.freeze({ removal: 'baseline' as const, scale: 'probability' as const, batchSize: 32 });

/**
 * Feature ablation (Captum's `FeatureAblation`): remove each feature group and credit every member
 * with the output drop, without averaging:
 *
 *   φ_i = g(x) − g(x with group G(i) removed)   for i ∈ G(i).
 *
 * Groups come from `featureMask` (e.g. word pieces of one word, sentences); by default each scorable
 * token is its own group (then feature ablation is leave-one-out with `'baseline'` removal). Excluded
 * and input-masked positions belong to no group and score 0. A group the model ignores scores exactly 0;
 * on a linear model with `scale: 'raw'` and `'baseline'` removal,
 * `φ_G = Σ_{i∈G} Σ_k w_{t,i,k}(x_{i,k} − b_{i,k})` (REFERENCE F7).
 *
 * Cost: `⌈#groups / batchSize⌉` forward calls (one per length under `'delete'`), plus the unperturbed pass.
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param options - {@link FeatureAblationOptions}: `featureMask`, `removal` (`'baseline'`), `baseline`
 *   (zeros), `maskToken`, `scale` (`'probability'`), `target`, `inputMask`, `exclude`, `batchSize` (32),
 *   `onProgress`, `signal`.
 * @returns `{ scores, excluded, target, outputs, removal, scale, groupIds, groupScores }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens or options, or when
 *   no group is left to ablate.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://github.com/pytorch/captum/blob/master/captum/attr/_core/feature_ablation.py
 * @example
 * const model = linearModelAdapter({ weights: [[1, 2, 3, 0]] });
 * const r = await featureAblation(model, [1, 1, 1, 1], { featureMask: [0, 0, 1, 1], scale: 'raw' });
 * r.groupScores; // => Float64Array [3, 3]
 * r.scores; // => Float64Array [3, 3, 3, 3]
 */
export async function featureAblation(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: FeatureAblationOptions): Promise<FeatureAblationResult> {
  const fn = 'featureAblation';
  const o = checkOptions<FeatureAblationOptions>(fn, options, [...COMMON_KEYS, ...REMOVAL_KEYS, 'featureMask', 'removal']);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.removal, o, FEATURE_ABLATION_DEFAULTS.removal);
  const groups = readGroups(plan, o.featureMask);
  if (groups.ids.length === 0) throw new ShapeMismatchError(fn, 'no feature group is left to ablate (every position is excluded, masked or −1)', groups.ids.length);
  const sets = groups.members.map((members) => setOf(plan.n, members));
  checkNonEmpty(plan, removalPlan.mode, sets);
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const raw = await evaluateSets(setup, removal, sets, { done: 0, total: sets.length });
  const { C, kind, target } = setup;
  const full = scalarOf(setup.outputs, 0, C, kind, target, removal.scale);
  const groupScores = new Float64Array(sets.length);
  const scores = new Float64Array(plan.n);
  groups.members.forEach((members, k) => {
    groupScores[k] = full - scalarOf(raw, k * C, C, kind, target, removal.scale);
    for (const i of members) scores[i] = groupScores[k]!;
  });
  return { scores, excluded: setup.excluded, target, outputs: setup.outputs, removal: removal.mode, scale: removal.scale, groupIds: groups.ids, groupScores };
}
