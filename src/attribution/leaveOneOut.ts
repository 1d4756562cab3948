import { checkEnum, checkOptions } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import type { FloatTensor } from '../types/tensor.js';
import { type LeaveOneOutOutput, leaveOneOutCore } from './internal/perturbationLoo.js';
import { checkNonEmpty, COMMON_KEYS, planPerturbation, planRemoval, prepareRemoval, REMOVAL_KEYS, runSetup, setOf } from './internal/perturbationSetup.js';
import type { OutputScale, PerturbationAttributionResult, PerturbationCommonOptions, RemovalMode, RemovalOptions } from './internal/perturbationTypes.js';

export type { LeaveOneOutOutput } from './internal/perturbationLoo.js';

/** Options of {@link leaveOneOut}. */
export interface LeaveOneOutOptions extends PerturbationCommonOptions, RemovalOptions {
  /** How a token is left out. Default `'delete'` (Jain & Wallace, ferret). */
  readonly mode?: RemovalMode;
  /**
   * The score of token `i`: `'drop'` (default) `g(x) − g(x₋ᵢ)` with `g` the target scalar of `scale`
   * (ferret's τ-LOO, signed); `'absDiff'` `|g(x) − g(x₋ᵢ)|` (Jain & Wallace's binary-classification
   * `mean_o |σ(ŷ₋ᵢ) − σ(ŷ)|`); `'tvd'` `½ Σ_c |p_c(x) − p_c(x₋ᵢ)|` over all classes (always on
   * probabilities; Jain & Wallace's QA statistic is twice this).
   */
  readonly output?: LeaveOneOutOutput;
}

/** Result of {@link leaveOneOut}. */
export interface LeaveOneOutResult extends PerturbationAttributionResult {
  readonly mode: RemovalMode;
  readonly output: LeaveOneOutOutput;
  readonly scale: OutputScale;
  /** `[n, C]` model outputs with token `i` left out (row `i`); rows of excluded positions are NaN. */
  readonly perturbedOutputs: FloatTensor;
}

/** Defaults of {@link leaveOneOut}. */
export const LEAVE_ONE_OUT_DEFAULTS = Object.freeze({
  mode: 'delete' as const,
  output: 'drop' as const,
  scale: 'probability' as const,
  batchSize: 32,
});

/**
 * Leave-one-out importance: how much the model's output changes when one token is taken out.
 *
 * For every scorable position `i` (not in `exclude`, not hidden by `inputMask`) the input `x₋ᵢ` is
 * built by `mode` — `'delete'` removes the token (the sequence gets one shorter, Jain & Wallace's
 * `remove_and_run` and ferret's `edit_one_token`), `'mask'` replaces it with the mask token, `'baseline'`
 * replaces its embedding with `baseline` (default zeros) — and scored by `output`:
 *
 *   drop_i = g(x) − g(x₋ᵢ),   absDiff_i = |drop_i|,   tvd_i = ½ Σ_c |p_c(x) − p_c(x₋ᵢ)|,
 *
 * where `g` is the target's probability (`scale: 'probability'`, default; logits go through a softmax,
 * one logit through a sigmoid), its log-odds (`'logOdds'`, which keeps resolving differences where the
 * probability saturates near 1) or the raw output (`'raw'`).
 *
 * Cost: one embed call (two with `'mask'`), one forward call on the full input, and `⌈m / batchSize⌉`
 * forward calls for the `m` scorable positions: all `'delete'` variants have length `n − 1` and share
 * batches.
 *
 * @param adapter - the model ({@link ModelAdapter}); needs only `embed` and `forward`.
 * @param tokens - token ids, length `n`.
 * @param options - {@link LeaveOneOutOptions}: `mode` (`'delete'`), `output` (`'drop'`), `scale`
 *   (`'probability'`), `maskToken`, `baseline`, `target`, `inputMask`, `exclude`, `batchSize` (32),
 *   `onProgress`, `signal`.
 * @returns `{ scores, excluded, target, outputs, mode, output, scale, perturbedOutputs }`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad tokens or options.
 * @throws AdapterCapabilityError if the adapter is incomplete, `'mask'` finds no mask token, or
 *   `'delete'` meets a model of fixed `sequenceLength`.
 * @throws AbortError when `signal` fires.
 * @see https://arxiv.org/abs/1902.10186 (Jain & Wallace 2019, Attention is not Explanation)
 * @see https://github.com/g8a9/ferret/blob/main/ferret/evaluators/faithfulness_measures.py (τ-LOO)
 * @example
 * // F(x) = 2·x₀ − x₁ + 0.5·x₂, one logit; the tokens are the feature values
 * const model = linearModelAdapter({ weights: [[2, -1, 0.5]] });
 * const loo = await leaveOneOut(model, [1, 2, 4], { mode: 'baseline', scale: 'raw' });
 * loo.scores; // => Float64Array [2, -2, 2]
 * loo.outputs; // => Float64Array [2]
 */
export async function leaveOneOut(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: LeaveOneOutOptions): Promise<LeaveOneOutResult> {
  const fn = 'leaveOneOut';
  const o = checkOptions<LeaveOneOutOptions>(fn, options, [...COMMON_KEYS, ...REMOVAL_KEYS, 'mode', 'output']);
  const plan = planPerturbation(fn, adapter, tokens, o);
  const removalPlan = planRemoval(plan, o.mode, o, LEAVE_ONE_OUT_DEFAULTS.mode);
  const output = o.output === undefined ? LEAVE_ONE_OUT_DEFAULTS.output : checkEnum(fn, 'output', o.output, ['drop', 'absDiff', 'tvd'] as const);
  checkNonEmpty(plan, removalPlan.mode, Array.from(plan.scorable, (i) => setOf(plan.n, [i])));
  const setup = await runSetup(plan);
  const removal = await prepareRemoval(setup, removalPlan);
  const { scores, perturbed } = await leaveOneOutCore(setup, removal, output);
  return {
    scores,
    excluded: setup.excluded,
    target: setup.target,
    outputs: setup.outputs,
    mode: removal.mode,
    output,
    scale: removal.scale,
    perturbedOutputs: { data: perturbed, shape: [setup.n, setup.C] },
  };
}
