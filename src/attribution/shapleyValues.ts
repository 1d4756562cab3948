import { InputRangeError, ShapeMismatchError } from '../errors/index.js';
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
} from './internal/perturbationSetup.js';
import type { PerturbationCommonOptions, RemovalMode, RemovalOptions } from './internal/perturbationTypes.js';
import type { ShapleyResult } from './shapleyValueSampling.js';

/** Options of {@link shapleyValues}. */
export interface ShapleyValuesOptions extends PerturbationCommonOptions, RemovalOptions {
  /** Feature groups (players), as in {@link FeatureAblationOptions.featureMask}. Default: one player per scorable token. */
  readonly featureMask?: ArrayLike<number>;
  /** How a player outside the coalition is taken out. Default `'baseline'` (Captum: baselines, default 0). */
  readonly removal?: RemovalMode;
}

/** Defaults of {@link shapleyValues}; `maxPlayers` is the largest number of players accepted (2^16 coalitions). */
export const SHAPLEY_VALUES_DEFAULTS = Object.freeze({ removal: 'baseline' as const, scale: 'probability' as const, batchSize: 32, maxPlayers: 16 });

/**
 * Exact Shapley values over all `2^p` coalitions of the `p` players (Captum's `ShapleyValues` computes
 * the same numbers by enumerating all `p!` orders):
 *
 *   φ_j = Σ_{T ⊆ N∖{j}} |T|! (p − |T| − 1)! / p! · [v(T ∪ {j}) − v(T)],
 *   v(T) = g(x with the players outside T removed).
 *
 * They satisfy efficiency (`Σ φ_j = v(N) − v(∅)`), symmetry, dummy (a player the model ignores gets 0)
 * and additivity. Players are the scorable tokens or the groups of `featureMask`; at most
 * `SHAPLEY_VALUES_DEFAULTS.maxPlayers` = 16 (use groups, or {@link shapleyValueSampling}, for more).
 *
 * Cost: `2^p − 1` perturbed inputs in batches of `batchSize` (one length per call under `'delete'`),
 * plus the unperturbed pass; `O(p·2^p)` arithmetic.
 *
 * @param adapter - the model; needs `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param options - {@link ShapleyValuesOptions}: `featureMask`, `removal` (`'baseline'`), `baseline` (zeros),
 *   `maskToken`, `scale` (`'probability'`), `target`, `inputMask`, `exclude`, `batchSize` (32),
 *   `onProgress`, `signal`.
 * @returns `{ scores, excluded, target, outputs, removal, scale, groupIds, groupScores, fullValue, emptyValue }`.
 * @throws InputRangeError if there are more than 16 players.
 * @throws InputTypeError / ShapeMismatchError for bad tokens or options.
 * @throws AdapterCapabilityError if the adapter is incomplete or the removal needs what it lacks.
 * @throws AbortError when `signal` fires.
 * @see https://github.com/pytorch/captum/blob/master/captum/attr/_core/shapley_value.py
 * @example
 * // F(x) = x₀·x₁ (one logit): the interaction is split evenly
 * const model = toyFunctionAdapter({ numInputs: 2, f: (x) => x[0] * x[1], gradient: (x) => [x[1], x[0]] });
 * const r = await shapleyValues(model, [2, 3], { scale: 'raw' });
 * r.scores; // => Float64Array [3, 3]
 * r.fullValue - r.emptyValue; // => 6
 */
export async function shapleyValues(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: ShapleyValuesOptions): Promise<ShapleyResult> {
  const fn = 'shapleyValues';
  const o = checkOptions<ShapleyValuesOptions>(fn, options, [...COMMON_KEYS, ...REMOVAL_KEYS, 'featureMask', 'removal']);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.removal, o, SHAPLEY_VALUES_DEFAULTS.removal);
  const groups = readGroups(plan, o.featureMask);
  const p = groups.ids.length;
  if (p === 0) throw new ShapeMismatchError(fn, 'no player is left (every position is excluded, masked or −1)', p);
  if (p > SHAPLEY_VALUES_DEFAULTS.maxPlayers) {
    throw new InputRangeError(
      fn,
      `exact Shapley values need 2^p model evaluations; at most ${SHAPLEY_VALUES_DEFAULTS.maxPlayers} players are accepted (group tokens with featureMask, or use shapleyValueSampling)`,
      p,
    );
  }
  const { n } = plan;
  const full = 2 ** p - 1;
  // sets[T] for every coalition T except the full one: remove the players outside T
  const sets: Uint8Array[] = [];
  for (let T = 0; T < full; T++) {
    const set = new Uint8Array(n);
    for (let j = 0; j < p; j++) if ((T & (1 << j)) === 0) for (const i of groups.members[j]!) set[i] = 1;
    sets.push(set);
  }
  checkNonEmpty(plan, removalPlan.mode, [sets[0]!]);
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const raw = await evaluateSets(setup, removal, sets, { done: 0, total: sets.length });
  const { C, kind, target } = setup;
  const fullValue = scalarOf(setup.outputs, 0, C, kind, target, removal.scale);
  const v = new Float64Array(full + 1);
  for (let T = 0; T < full; T++) v[T] = scalarOf(raw, T * C, C, kind, target, removal.scale);
  v[full] = fullValue;
  // weights w(s) = s!(p − s − 1)!/p!, built as a product to stay exact for small p
  const w = new Float64Array(p);
  for (let s = 0; s < p; s++) {
    let x = 1 / p;
    for (let k = 1; k <= s; k++) x *= k / (p - k);
    w[s] = x;
  }
  const popcount = (x: number): number => {
    let c = 0;
    for (let y = x; y !== 0; y &= y - 1) c++;
    return c;
  };
  const groupScores = new Float64Array(p);
  for (let T = 0; T <= full; T++) {
    const size = popcount(T);
    for (let j = 0; j < p; j++) {
      const bit = 1 << j;
      if ((T & bit) !== 0) continue;
      groupScores[j]! += w[size]! * (v[T | bit]! - v[T]!);
    }
  }
  const scores = new Float64Array(n);
  groups.members.forEach((members, k) => {
    for (const i of members) scores[i] = groupScores[k]!;
  });
  return { scores, excluded: setup.excluded, target, outputs: setup.outputs, removal: removal.mode, scale: removal.scale, groupIds: groups.ids, groupScores, fullValue, emptyValue: v[0]! };
}
