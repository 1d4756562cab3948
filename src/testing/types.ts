/**
 * Types of `faithcheck/testing`: the conformance report and options, and the adapter types the toy
 * models return (a {@link ModelAdapter} whose optional capabilities are known to be present).
 *
 * @module
 */
import type { AttentionInfo, ModelAdapter, ModelInfo } from '../types/adapter.js';

/** A {@link ModelAdapter} that implements `gradient`. */
export type ModelAdapterWithGradient = ModelAdapter & {
  readonly gradient: NonNullable<ModelAdapter['gradient']>;
};

/** A {@link ModelAdapter} with attention (read-out, overrides), `gradient` and `attentionGradient`. */
export type ModelAdapterWithAttention = ModelAdapterWithGradient & {
  readonly info: ModelInfo & { readonly attention: AttentionInfo };
  readonly attentionGradient: NonNullable<ModelAdapter['attentionGradient']>;
};

/**
 * Stable identifiers of the conformance checks, in the order they run. Each is one test in
 * {@link describeAdapterConformance}; see `docs/adapter.md` for what each verifies.
 *
 * - `info` — `info` is well-formed and `embed`/`forward` exist.
 * - `embed` — `[n, d]` float64 embeddings, fresh buffers, tokens not mutated.
 * - `forwardOutputs` — `[B, C]` finite float64 outputs; probability rows are distributions.
 * - `freshResults` — results of `forward`/`gradient`/`attentionGradient` are fresh buffers: never
 *   shared between calls, never an argument's buffer (an override's weights included).
 * - `determinism` — the same input twice gives bit-identical results.
 * - `noInputMutation` — no method mutates embeddings, masks, targets or override weights, with and
 *   without options, at batch size 1 and 2.
 * - `batchConsistency` — a batch of 2 (two independent rows) equals two batch-1 calls.
 * - `inputMask` — an all-ones mask changes nothing; hiding a position changes the outputs of at
 *   least one sample; masked keys get zero attention.
 * - `attentionShape` — `returnAttention` gives `[B, L, H, Q, n]` row-stochastic weights. *(attention)*
 * - `attentionOverrideIdentity` — injecting the model's own attention reproduces the outputs. *(attentionOverride)*
 * - `attentionOverrideEffect` — injecting uniform attention changes the outputs. *(attentionOverride)*
 * - `attentionOverrideExact` — injected weights that are not row-stochastic are returned and used
 *   exactly as given (no renormalisation), also at masked keys. *(attentionOverride)*
 * - `gradient` — `gradient` matches central finite differences. *(gradient)*
 * - `attentionGradient` — `attentionGradient` matches central finite differences. *(attentionGradient)*
 *
 * *(attentionOverride)*: needs `info.attention` with `overridable !== false`.
 */
export type ConformanceCheckName =
  | 'info'
  | 'embed'
  | 'forwardOutputs'
  | 'freshResults'
  | 'determinism'
  | 'noInputMutation'
  | 'batchConsistency'
  | 'inputMask'
  | 'attentionShape'
  | 'attentionOverrideIdentity'
  | 'attentionOverrideEffect'
  | 'attentionOverrideExact'
  | 'gradient'
  | 'attentionGradient';

/** Outcome of one conformance check. */
export interface ConformanceCheckResult {
  /** Stable check identifier. */
  readonly name: ConformanceCheckName;
  /** One-line description of what the check verifies. */
  readonly title: string;
  /**
   * `'skipped'` only when the adapter lacks the optional capability the check needs
   * (`info.attention`, overridable attention, `gradient` or `attentionGradient`); the message
   * names it.
   */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** What was measured (passed), what went wrong (failed) or the missing capability (skipped). */
  readonly message: string;
}

/** Result of {@link checkAdapterConformance}. */
export interface ConformanceReport {
  /** `true` when no check failed (skipped checks do not fail a report). */
  readonly passed: boolean;
  /** `info.name` of the adapter, when it has one. */
  readonly adapterName?: string;
  /** One entry per check that was run or skipped, in running order. */
  readonly checks: readonly ConformanceCheckResult[];
  /** The seed the samples and the finite-difference coordinates were drawn with. */
  readonly seed: number;
}

/**
 * Options of {@link checkAdapterConformance} and {@link describeAdapterConformance}. The defaults
 * suit float32 backends (TensorFlow.js); pass tighter values for float64 models.
 */
export interface ConformanceOptions {
  /**
   * Token sequences to run the checks on (each is passed to `embed`). Required when
   * `info.vocabSize` is absent. Default: `numSamples` sequences drawn from `[0, vocabSize)` with
   * `seed` (special token ids avoided), of lengths 5, 3, 7, 5, … capped at `info.maxLength`, or all
   * of length `info.sequenceLength` when the model declares one. Models without `info.vocabSize`
   * take values, not ids, as tokens: their generated tokens are reals uniform in (−3, 3). Each
   * sample runs in a batch of 2 with an independent second row of the same length.
   */
  readonly samples?: readonly ArrayLike<number>[];
  /** Number of generated samples when `samples` is not given, in [1, 64]. Default 3. */
  readonly numSamples?: number;
  /** Seed for the generated samples and the randomly chosen finite-difference coordinates. Default 0. */
  readonly seed?: number;
  /**
   * Tolerance for results that must agree up to rounding (batch vs single calls, own attention
   * injected, all-ones mask, probability and attention row sums): `|a − e| ≤ tolerance · max(1, |e|)`.
   * Default 1e-5 (float32). Use ~1e-12 for float64 models.
   */
  readonly tolerance?: number;
  /**
   * Central finite-difference step, relative: an embedding coordinate `x` moves by
   * `± step · max(1, |x|)`, an injected attention weight by `± step`. Default `2⁻⁸` ≈ 3.9e-3
   * (close to the float32-optimal `EPS₃₂^(1/3)`, and exact in binary). Use ~1e-5 for float64.
   */
  readonly finiteDifferenceStep?: number;
  /**
   * Relative tolerance of analytic gradients against finite differences:
   * `|g − fd| ≤ gradientAtol · max(1, |output|) + gradientRtol · |fd|`. Default 1e-2.
   */
  readonly gradientRtol?: number;
  /** Absolute tolerance of the gradient comparison, scaled by `max(1, |output|)`. Default 1e-3. */
  readonly gradientAtol?: number;
  /**
   * Coordinates compared with finite differences per sample and per gradient kind; when a sample
   * has at most this many coordinates, all are compared. In [1, 4096]. Default 16.
   */
  readonly gradientCoordinates?: number;
  /**
   * Milliseconds one check may take before it fails with a message naming the adapter call that
   * never settled (a `forward` that never resolves would otherwise hang the suite). In
   * [1, 2³¹ − 1]. Default 30 000.
   */
  readonly checkTimeout?: number;
  /** Run only these checks (in the suite's order). Default: all. */
  readonly checks?: readonly ConformanceCheckName[];
}
