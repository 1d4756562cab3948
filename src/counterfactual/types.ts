/**
 * Option and result types shared by the counterfactual-attention family (`faithcheck/counterfactual`).
 *
 * @module
 */
import type { ProcedureOptions, Progress } from '../types/procedure.js';
import type { FloatTensor } from '../types/tensor.js';

/** A progress event of a counterfactual procedure: `done` of `total` units of work (each function says which). */
export type CounterfactualProgress = Progress;

/**
 * Options every counterfactual-attention test takes.
 *
 * The attention that is replaced is the post-softmax attention of the listed `layers` and `heads`
 * (every query row of them). Within each replaced row only the *free keys* change: positions that are
 * unmasked (`inputMask` 1), not listed in `exclude`, and not given exactly zero weight by the model in
 * every replaced row (positions the model masks itself, e.g. the attention-RNN's `[CLS]` with
 * `maskFirstPosition`). Weights on the other keys are kept as the model computed them.
 */
export interface CounterfactualOptions extends ProcedureOptions {
  /** Class whose probability change is reported in `targetChange`. Default: the predicted class. */
  readonly target?: number;
  /** Length-n 0/1 mask (1 keep, 0 hidden), passed to every forward call as `[B, n]`. Default all ones. */
  readonly inputMask?: ArrayLike<number>;
  /** Key positions never changed (e.g. `[0]` for `[CLS]`). Default none. */
  readonly exclude?: readonly number[];
  /**
   * Attention layers to replace. Default: the last layer only, `[L − 1]` — the layer whose attention is
   * read out as the "raw attention" explanation; replacing an earlier layer also changes the inputs of
   * every later layer's attention, which then no longer is the map under test. A single-query RNN has
   * one layer, so the default is that layer.
   */
  readonly layers?: readonly number[];
  /**
   * Heads to replace in each of `layers`. Default: all heads — the explanation usually averages heads,
   * and leaving one head untouched would let it carry the decision on its own.
   */
  readonly heads?: readonly number[];
  /** Counterfactual attentions per forward call. Default 32. */
  readonly batchSize?: number;
  /** Seed of every random draw. Default 0. */
  readonly seed?: number;
  /** Called after every forward call with the number of counterfactuals evaluated so far. */
  readonly onProgress?: (progress: CounterfactualProgress) => void;
}

/** What every counterfactual test reports about the unperturbed input and the replaced attention. */
export interface CounterfactualBase {
  /** Class of `targetChange`. */
  readonly target: number;
  /** Predicted class (argmax of the output distribution) on the unperturbed input. */
  readonly predicted: number;
  /** The model outputs `[C]` on the unperturbed input, as returned by `forward`. */
  readonly outputs: Float64Array;
  /**
   * The output distribution the changes are measured on: `outputs` for probability models, their
   * softmax for logits (for one output, `[1 − p, p]` with `p` the output or its sigmoid).
   */
  readonly probabilities: Float64Array;
  /** Replaced layers. */
  readonly layers: Int32Array;
  /** Replaced heads (in each replaced layer). */
  readonly heads: Int32Array;
  /** Free key positions (the positions whose weights the test changes), ascending. */
  readonly keys: Int32Array;
  /**
   * The model's own attention of the replaced rows, `[layers, heads, Q, n]` (row = query, column = key).
   */
  readonly attention: FloatTensor;
  /**
   * Largest original attention weight on a free key, averaged over the replaced rows (for a
   * single-query model: `max_t α_t`, the x-axis of Jain & Wallace's permutation plots).
   */
  readonly maxAttention: number;
}

/** Result of {@link permutationTest}, {@link uniformAttention}, {@link randomAttention}, {@link zeroTopAttention}. */
export interface CounterfactualResult extends CounterfactualBase {
  /** Number of counterfactual attentions evaluated `S`. */
  readonly samples: number;
  /** `[S, C]` output distributions with each counterfactual attention injected. */
  readonly counterfactualOutputs: FloatTensor;
  /** Total variation distance between each counterfactual output distribution and the original, length S. */
  readonly tvd: Float64Array;
  /** Median of `tvd` (Jain & Wallace's permutation statistic). */
  readonly medianTvd: number;
  /** Mean of `tvd`. */
  readonly meanTvd: number;
  /** `p'[target] − p[target]` per counterfactual, length S. */
  readonly targetChange: Float64Array;
  /** 1 where the predicted class changed, length S. */
  readonly flipped: Uint8Array;
  /** Fraction of counterfactuals that changed the predicted class. */
  readonly flipRate: number;
}
