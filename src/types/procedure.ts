/**
 * Option and progress types shared by the model-driven procedures (attribution, faithfulness,
 * counterfactual, verify). Each family extends {@link ProcedureOptions} with its own options and keeps
 * its own names for them (`GradientAttributionOptions`, `PerturbationCommonOptions`,
 * `CounterfactualOptions`, …); where a family gives a common option a more specific meaning (what a
 * progress unit counts, which positions `exclude` spares), its interface restates that option's doc.
 *
 * @module
 */

/**
 * Progress of a model-driven procedure: `done` of `total` units of work have finished. Each procedure
 * documents its unit (adapter calls, perturbed inputs, counterfactuals, levels, examples).
 */
export interface Progress {
  readonly done: number;
  readonly total: number;
}

/** Options every model-driven procedure takes (the common options of the attribution API). */
export interface ProcedureOptions {
  /** Class whose output is explained. Default: the predicted class (argmax of the outputs on the full input). */
  readonly target?: number;
  /** Length-n 0/1 input mask (1 keep, 0 hidden), passed to every forward call. Default: all ones. */
  readonly inputMask?: ArrayLike<number>;
  /** Positions never scored (score 0), e.g. `[0]` for `[CLS]`. Default `[]`. */
  readonly exclude?: readonly number[];
  /** Inputs per adapter call. Default 32. */
  readonly batchSize?: number;
  /** Called as work finishes with `{ done, total }`. */
  readonly onProgress?: (progress: Progress) => void;
  /** Cancels the procedure between model calls (the promise rejects with an `AbortError`). */
  readonly signal?: AbortSignal;
}
