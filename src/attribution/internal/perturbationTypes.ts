/**
 * Public types shared by the perturbation attributions (`leaveOneOut`, `occlusion`, `featureAblation`,
 * `shapleyValueSampling`, `shapleyValues`) and the faithfulness metrics. Re-exported (as types) by
 * `src/attribution/perturbation.ts` and `src/faithfulness/index.ts`.
 *
 * @module
 */
import type { ProcedureOptions, Progress } from '../../types/procedure.js';
import type { TensorLike } from '../../types/tensor.js';

/**
 * How a token is taken out of the input:
 * - `'delete'`: the token is removed and the sequence gets shorter (Jain & Wallace's `remove_and_run`,
 *   ferret's `remove_tokens=True`, ERASER). The model re-assigns positions in `forward`.
 * - `'mask'`: the token is replaced by the mask token (`maskToken`, default `info.specialTokens.mask`,
 *   else `info.specialTokens.unk`): ferret's `remove_tokens=False`.
 * - `'baseline'`: the token's embedding row is replaced by a baseline embedding (`baseline`, default the
 *   zero vector): Captum's `baselines` (default 0).
 */
export type RemovalMode = 'delete' | 'mask' | 'baseline';

/**
 * Which scalar of the model's output the differences are taken on:
 * - `'probability'`: the target-class probability. Logit outputs are turned into probabilities with a
 *   softmax over the classes (with one output, `C = 1`, a sigmoid: one logit is a binary model's log-odds).
 * - `'logOdds'`: `log(p_t / (1 − p_t))`, computed stably from logits (`z_t − logsumexp_{c≠t} z_c`; with
 *   `C = 1` the logit itself). It does not saturate at `p ≈ 1` as the probability does. From probability
 *   outputs it is `log p_t − log(1 − p_t)`, ±Infinity when `p_t` is exactly 1 or 0.
 * - `'raw'`: the adapter's output for the target as it is (logit or probability): Captum's convention,
 *   which attributes `forward_func`'s output.
 */
export type OutputScale = 'probability' | 'logOdds' | 'raw';

/** Progress of a perturbation procedure: perturbed inputs evaluated so far, out of `total`. */
export type PerturbationProgress = Progress;

/** Options every perturbation attribution and faithfulness metric takes. */
export interface PerturbationCommonOptions extends ProcedureOptions {
  /** Length-`n` input mask (1 keep, 0 hidden), passed to `forward` as `[1, n]`. Hidden positions are never perturbed and score 0. */
  readonly inputMask?: ArrayLike<number>;
  /** Positions never perturbed or scored (score 0), e.g. `[0]` for `[CLS]`. Default `[]`. */
  readonly exclude?: readonly number[];
  /** Perturbed inputs per `forward` call. Default 32. */
  readonly batchSize?: number;
  /** Called after every `forward` call with the number of perturbed inputs evaluated so far. */
  readonly onProgress?: (progress: PerturbationProgress) => void;
}

/** Removal options of the perturbation methods and metrics. */
export interface RemovalOptions {
  /** For `'mask'` removal: the token id that replaces a removed token. Default `info.specialTokens.mask ?? info.specialTokens.unk`. */
  readonly maskToken?: number;
  /**
   * For `'baseline'` removal: the embedding that replaces a removed token, one vector of length `d` for every
   * position or an `[n, d]` tensor. Default: zeros.
   */
  readonly baseline?: TensorLike;
  /** Scalar the differences are taken on. Default `'probability'`. */
  readonly scale?: OutputScale;
}

/** Fields every perturbation attribution result carries. */
export interface PerturbationAttributionResult {
  /** Length-`n` token scores; excluded and input-masked positions score 0. */
  readonly scores: Float64Array;
  /** Positions that were not perturbed (the `exclude` list and input-masked positions), ascending. */
  readonly excluded: Int32Array;
  /** The class explained. */
  readonly target: number;
  /** The model's outputs `[C]` on the unperturbed input (as the adapter returns them). */
  readonly outputs: Float64Array;
}
