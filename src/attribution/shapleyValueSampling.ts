import { ShapeMismatchError } from '../errors/index.js';
import { checkInteger, checkOptions, checkSeed } from '../internal/options.js';
import { createRng } from '../random/createRng.js';
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
} from './internal/perturbationSetup.js';
import type { OutputScale, PerturbationAttributionResult, PerturbationCommonOptions, RemovalMode, RemovalOptions } from './internal/perturbationTypes.js';

/** Options of {@link shapleyValueSampling}. */
export interface ShapleyValueSamplingOptions extends PerturbationCommonOptions, RemovalOptions {
  /** Feature groups (players), as in {@link FeatureAblationOptions.featureMask}. Default: one player per scorable token. */
  readonly featureMask?: ArrayLike<number>;
  /** How a player outside the coalition is taken out. Default `'baseline'` (Captum: baselines, default 0). */
  readonly removal?: RemovalMode;
  /** Random permutations sampled (Captum's `n_samples`). Default 25. */
  readonly nSamples?: number;
  /** Seed of the permutations. Default 0. */
  readonly seed?: number;
}

/** Result of {@link shapleyValueSampling} and {@link shapleyValues}. */
export interface ShapleyResult extends PerturbationAttributionResult {
  readonly removal: RemovalMode;
  readonly scale: OutputScale;
  /** Ids of the players (feature groups), ascending (positions when there is no `featureMask`). */
  readonly groupIds: Int32Array;
  /** Shapley value of each player, aligned with `groupIds` (copied to every member in `scores`). */
  readonly groupScores: Float64Array;
  /** `g` on the full input, `v(N)`. */
  readonly fullValue: number;
  /** `g` with every player removed, `v(∅)`; `Σ groupScores = fullValue − emptyValue` (efficiency). */
  readonly emptyValue: number;
}

/** Defaults of {@link shapleyValueSampling}. */
export const SHAPLEY_VALUE_SAMPLING_DEFAULTS = Object.freeze({ removal: 'baseline' as const, scale: 'probability' as const, nSamples: 25, seed: 0, batchSize: 32 });

/**
 * Shapley values estimated by permutation sampling (Castro et al. 2009; Captum's
 * `ShapleyValueSampling`): for each of `nSamples` random orders of the players, start from the input
 * with every player removed and add players one at a time, crediting each with its marginal gain; the
 * estimate is the mean over the orders:
 *
 *   φ_j ≈ (1/S) Σ_{s=1..S} [v(Pre_s(j) ∪ {j}) − v(Pre_s(j))],   v(T) = g(x with the players outside T removed).
 *
 * Every sampled order satisfies efficiency exactly, so `Σ_j φ_j = v(N) − v(∅)` for any `nSamples`.
 * The orders come from `createRng(seed)` (bit-identical results for the same seed). Players are the
 * scorable tokens, or the groups of `featureMask`; excluded and input-masked positions are never removed.
 *
 * Cost: `1 + nSamples·(p − 1)` perturbed inputs for `p` players (the full input is the unperturbed
 * pass), sent in batches of `batchSize`; under `'delete'` the coalitions of one size share a length.
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param options - {@link ShapleyValueSamplingOptions}: `nSamples` (25), `seed` (0), `featureMask`,
 *   `removal` (`'baseline'`), `baseline` (zeros), `maskToken`, `scale` (`'probability'`), `target`,
 *   `inputMask`, `exclude`, `batchSize` (32), `onProgress`, `signal`.
 * @returns `{ scores, excluded, target, outputs, removal, scale, groupIds, groupScores, fullValue, emptyValue }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens or options.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://github.com/pytorch/captum/blob/master/captum/attr/_core/shapley_value.py
 * @example
 * // additive model: every order gives the exact values w_i·x_i
 * const model = linearModelAdapter({ weights: [[1, -2, 3]] });
 * const r = await shapleyValueSampling(model, [2, 1, 1], { scale: 'raw', nSamples: 4, seed: 7 });
 * r.scores; // => Float64Array [2, -2, 3]
 */
export async function shapleyValueSampling(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: ShapleyValueSamplingOptions): Promise<ShapleyResult> {
  const fn = 'shapleyValueSampling';
  const o = checkOptions<ShapleyValueSamplingOptions>(fn, options, [...COMMON_KEYS, ...REMOVAL_KEYS, 'featureMask', 'removal', 'nSamples', 'seed']);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.removal, o, SHAPLEY_VALUE_SAMPLING_DEFAULTS.removal);
  const nSamples = o.nSamples === undefined ? SHAPLEY_VALUE_SAMPLING_DEFAULTS.nSamples : checkInteger(fn, 'nSamples', o.nSamples, 1);
  const seed = o.seed === undefined ? SHAPLEY_VALUE_SAMPLING_DEFAULTS.seed : checkSeed(fn, o.seed);
  const groups = readGroups(plan, o.featureMask);
  const p = groups.ids.length;
  if (p === 0) throw new ShapeMismatchError(fn, 'no player is left (every position is excluded, masked or −1)', p);
  const { n } = plan;
  // the input with every player removed, then each order's proper non-empty prefixes
  const allRemoved = new Uint8Array(n);
  for (const members of groups.members) for (const i of members) allRemoved[i] = 1;
  const rng = createRng(seed);
  const orders: Int32Array[] = [];
  const sets: Uint8Array[] = [allRemoved];
  for (let s = 0; s < nSamples; s++) {
    const order = rng.permutation(p);
    orders.push(order);
    const set = allRemoved.slice();
    for (let k = 0; k < p - 1; k++) {
      for (const i of groups.members[order[k]!]!) set[i] = 0;
      sets.push(set.slice());
    }
  }
  checkNonEmpty(plan, removalPlan.mode, [allRemoved]);
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const raw = await evaluateSets(setup, removal, sets, { done: 0, total: sets.length });
  const { C, kind, target } = setup;
  const v = (j: number): number => scalarOf(raw, j * C, C, kind, target, removal.scale);
  const fullValue = scalarOf(setup.outputs, 0, C, kind, target, removal.scale);
  const emptyValue = v(0);
  const sum = new Float64Array(p);
  orders.forEach((order, s) => {
    let prev = emptyValue;
    for (let k = 0; k < p; k++) {
      const next = k === p - 1 ? fullValue : v(1 + s * (p - 1) + k);
      sum[order[k]!]! += next - prev;
      prev = next;
    }
  });
  const groupScores = sum.map((x) => x / nSamples);
  const scores = new Float64Array(n);
  groups.members.forEach((members, k) => {
    for (const i of members) scores[i] = groupScores[k]!;
  });
  return { scores, excluded: setup.excluded, target, outputs: setup.outputs, removal: removal.mode, scale: removal.scale, groupIds: groups.ids, groupScores, fullValue, emptyValue };
}
