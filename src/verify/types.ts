/**
 * Types of `faithcheck/verify`: options, thresholds and the JSON-serialisable results of
 * {@link verifyExplanation} and {@link verifyDataset}.
 *
 * Results hold plain `number[]` (not typed arrays) and `null` for numbers that do not exist (e.g. the
 * p-value of τ against a constant vector), so `JSON.parse(JSON.stringify(result))` deep-equals `result`.
 *
 * @module
 */
import type { AttentionScoresOptions } from '../attribution/attentionScores.js';
import type { ProcedureOptions, Progress } from '../types/procedure.js';

/** A verdict of one level (or overall). */
export type Verdict = 'supported' | 'inconclusive' | 'contradicted' | 'skipped';

/** The levels of the trust hierarchy, in order. */
export type VerifyLevel = 'consistency' | 'causal' | 'counterfactual';

/** The attention read-outs `verifyExplanation` can compute itself. */
export type AttentionExplanation = 'raw' | 'rollout' | 'flow';

/** Progress of `verifyExplanation` (`done` of `total` levels) or `verifyDataset` (examples). */
export type VerifyProgress = Progress;

/**
 * Thresholds of the verdicts. Every default is documented in `docs/verify.md` with its reasoning;
 * {@link VERIFY_THRESHOLDS} holds them.
 */
export interface VerifyThresholds {
  /** Significance level of every test (τ p-values, the random-removal test). Default 0.05. */
  readonly alpha: number;
  /** Top-k overlap at which two rankings agree even when τ is not significant. Default 0.5. */
  readonly topKOverlap: number;
  /**
   * The references agree among themselves when the largest group of them that agree pairwise holds
   * more than this fraction of them (default 0.5: a strict majority, e.g. 2 of 3).
   */
  readonly referenceAgreement: number;
  /** Fraction of references the explanation must agree with for `supported`. Default 0.5. */
  readonly explanationAgreement: number;
  /** Smallest effect size (top-k drop minus mean random drop, in random-drop standard deviations) for `supported`. Default 1. */
  readonly effectSize: number;
  /** Median permutation TVD at or above which the output counts as sensitive to the attention. Default 0.05. */
  readonly permutationTvd: number;
  /** Adversarial JSD (nats) that counts as "very different attention" without a calibration. Default 0.5 (Jain & Wallace). */
  readonly adversarialJsd: number;
  /** With a calibration: adversarial JSD must exceed this multiple of the seed-to-seed JSD. Default 2. */
  readonly calibrationFactor: number;
  /** With a calibration: and at least this JSD (nats). Default 0.1. */
  readonly minimumJsd: number;
}

/** Options of {@link verifyExplanation}. */
export interface VerifyExplanationOptions extends ProcedureOptions {
  /**
   * The explanation under test: `'raw'` (default), `'rollout'` or `'flow'` (computed with
   * `attentionScores`, options in `attention`), or any token-score vector of length n.
   */
  readonly explanation?: AttentionExplanation | ArrayLike<number>;
  /** Options of the attention read-out (`layer`, `headFusion`, `row`, …) when `explanation` names one. */
  readonly attention?: Omit<AttentionScoresOptions, 'method' | 'inputMask' | 'exclude'>;
  /** Class explained. Default: the predicted class. */
  readonly target?: number;
  /** Length-n 0/1 mask; hidden positions are never scored, removed or changed. */
  readonly inputMask?: ArrayLike<number>;
  /** Positions never scored, removed or changed (e.g. `[0]` for `[CLS]`). Default none. */
  readonly exclude?: readonly number[];
  /** Levels to run. Default all three; the others are `skipped` ("not requested"). */
  readonly levels?: readonly VerifyLevel[];
  /** Verdict thresholds; missing keys take {@link VERIFY_THRESHOLDS}. */
  readonly thresholds?: Partial<VerifyThresholds>;
  /** k of the top-k overlap and of the top-k removal. Default `max(1, ⌊0.1·m⌋)` for m scorable positions. */
  readonly k?: number;
  /** Compare magnitudes (`'abs'`, default: a large negative attribution is important too) or signed scores. */
  readonly compare?: 'abs' | 'signed';
  /** How tokens are removed at the causal level (and by leave-one-out). Default `'delete'`. */
  readonly removal?: 'delete' | 'mask' | 'baseline';
  /** Random k-subsets at the causal level. Default 50. */
  readonly randomDraws?: number;
  /** Integrated Gradients steps of the reference. Default 20. */
  readonly igSteps?: number;
  /**
   * Integrated Gradients baseline of the reference. Default `'mask'` when the model declares a mask
   * token, else `'zero'`: the zero vector is far from every learned token embedding, and on the
   * planted-token transformer IG from zero puts the decisive token first in 18 of 30 sequences, IG
   * from the mask embedding in 30 of 30.
   */
  readonly igBaseline?: 'zero' | 'pad' | 'mask' | 'unk';
  /** Permutations at the counterfactual level. Default 50. */
  readonly nPermutations?: number;
  /** Adversarial search steps at the counterfactual level. Default 100. */
  readonly adversarialSteps?: number;
  /** Adversarial ε (output TVD). Default 0.01. */
  readonly epsilon?: number;
  /** Seed-to-seed attention JSD to read the adversarial JSD against (e.g. `seedVariance(...).medianJsd`). */
  readonly calibration?: { readonly jsd: number };
  /** Examples per forward call. Default 32. */
  readonly batchSize?: number;
  /** Seed of every random step. Default 0. */
  readonly seed?: number;
  /** Called after each level. */
  readonly onProgress?: (progress: VerifyProgress) => void;
}

/** Agreement of two score vectors over the scorable positions. */
export interface PairAgreement {
  /** Kendall τ-b, or null when undefined (a constant vector). */
  readonly tau: number | null;
  /** Two-sided p-value of τ-b, or null. */
  readonly pValue: number | null;
  /** Shared top-k positions / k. */
  readonly topKOverlap: number;
  /**
   * (τ > 0 and p ≤ alpha) or top-k overlap ≥ thresholds.topKOverlap: the full rankings agree
   * significantly, or the top tokens — what a reader of the explanation looks at — are the same.
   */
  readonly agrees: boolean;
}

/** A reference explanation at the consistency level. */
export type ReferenceName = 'saliency' | 'integratedGradients' | 'leaveOneOut';

/** Details of the consistency level. */
export interface ConsistencyDetails {
  /** The explanation against each computed reference. */
  readonly references: readonly ({ readonly name: ReferenceName } & PairAgreement)[];
  /** Every pair of computed references. */
  readonly referencePairs: readonly ({ readonly a: ReferenceName; readonly b: ReferenceName } & PairAgreement)[];
  /** References that could not be computed, with the missing capability. */
  readonly skippedReferences: readonly { readonly name: ReferenceName; readonly missing: string }[];
  /** Whether a strict majority of the references (fraction > referenceAgreement) agree pairwise. */
  readonly referencesAgree: boolean;
  /** Number of references the explanation agrees with. */
  readonly agreeing: number;
}

/** Details of the causal-relevance level. */
export interface CausalDetails {
  readonly k: number;
  /** Positions removed (the explanation's top k). */
  readonly topPositions: number[];
  /** Drop of the target probability when the top k are removed: p(x) − p(x ∖ top). */
  readonly topDrop: number;
  /** Drops for random k-subsets of the other scorable positions. */
  readonly randomDrops: number[];
  readonly randomMean: number;
  readonly randomStd: number;
  /** (topDrop − randomMean) / randomStd (null when randomStd is 0 and the drops are equal). */
  readonly effectSize: number | null;
  /** One-sided permutation p-value (1 + #{random ≥ top}) / (R + 1). */
  readonly pValue: number;
  /** The reverse one-sided p-value (1 + #{random ≤ top}) / (R + 1): small when the top k matter *less* than random tokens. */
  readonly pValueLess: number;
  /** ERASER comprehensiveness (AOPC), target probability. */
  readonly comprehensiveness: number;
  /** ERASER sufficiency (AOPC), target probability. */
  readonly sufficiency: number;
}

/** Details of the counterfactual-robustness level. */
export interface CounterfactualDetails {
  readonly permutationMedianTvd: number;
  readonly permutationFlipRate: number;
  readonly maxAttention: number;
  /** Max JSD within ε of the adversarial search (nats). */
  readonly adversarialMaxJsd: number;
  /** Accepted adversarial candidates. */
  readonly adversarialAccepted: number;
  readonly epsilon: number;
  /** The JSD the adversarial JSD was read against. */
  readonly jsdThreshold: number;
  /** The calibration given (seed-to-seed JSD), or null. */
  readonly calibration: number | null;
}

/** One level's outcome. */
export interface LevelResult<D> {
  readonly verdict: Verdict;
  /** Plain-language reasons, most important first. */
  readonly reasons: string[];
  /** The missing capability when `skipped` for lack of one (e.g. `'attentionOverride'`), else null. */
  readonly missing: string | null;
  /** The numbers behind the verdict (null when skipped). */
  readonly details: D | null;
}

/** Result of {@link verifyExplanation} (JSON-serialisable). */
export interface VerifyExplanationResult {
  /** `'raw' | 'rollout' | 'flow'`, or `'scores'` for a given score vector. */
  readonly explanation: AttentionExplanation | 'scores';
  readonly target: number;
  readonly predicted: number;
  /** Model outputs `[C]` on the input. */
  readonly outputs: number[];
  /** The explanation's scores (length n; 0 at excluded / masked positions). */
  readonly scores: number[];
  /** Positions compared and removed. */
  readonly scorable: number[];
  readonly k: number;
  readonly levels: {
    readonly consistency: LevelResult<ConsistencyDetails>;
    readonly causal: LevelResult<CausalDetails>;
    readonly counterfactual: LevelResult<CounterfactualDetails>;
  };
  /**
   * `contradicted` if any level is; otherwise `supported` if every level that ran is (at least one);
   * `skipped` if none ran; else `inconclusive`.
   */
  readonly overall: Verdict;
  readonly thresholds: VerifyThresholds;
  readonly seed: number;
}

/** Options of {@link verifyDataset}: those of {@link verifyExplanation} per example, plus the dataset's. */
export interface VerifyDatasetOptions extends Omit<VerifyExplanationOptions, 'explanation' | 'target' | 'inputMask' | 'onProgress'> {
  /**
   * `'raw'` (default), `'rollout'`, `'flow'`, or a function giving the score vector of example
   * `index` (may be async). Must be deterministic for shards to merge into the same result as one run.
   */
  readonly explanation?: AttentionExplanation | ((tokens: number[], index: number) => ArrayLike<number> | Promise<ArrayLike<number>>);
  /** Class to explain per example (indexed like the dataset). Default: each example's predicted class. */
  readonly targets?: readonly number[];
  /** Run examples `[start, end)` only (a shard). Default the whole dataset. */
  readonly range?: readonly [number, number];
  /** Bootstrap resamples of the confidence intervals. Default 1000. */
  readonly bootstrap?: number;
  /** Called after each example with `done` of `total` examples of the range. */
  readonly onProgress?: (progress: VerifyProgress) => void;
  /** Called with each finished example, in order. */
  readonly onExample?: (example: VerifyExampleResult) => void;
}

/** One example of a dataset run. */
export interface VerifyExampleResult {
  /** Position in the dataset. */
  readonly index: number;
  /** The seed the example ran with (derived from the run's seed and `index`). */
  readonly seed: number;
  readonly result: VerifyExplanationResult;
}

/** Summary of one number over the examples that have it. */
export interface MetricSummary {
  /** Examples with a value. */
  readonly n: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1). */
  readonly std: number | null;
  /** 95 % percentile-bootstrap confidence interval of the mean. */
  readonly ci95: [number | null, number | null];
  /**
   * Fraction of the examples with a value that are significant: τ > 0 with p ≤ alpha (τ), p ≤ alpha
   * (causal p-value), JSD ≥ the level's threshold (adversarial), TVD ≥ threshold (permutation);
   * null for numbers without a test.
   */
  readonly fractionSignificant: number | null;
}

/** Summary of one level over the examples. */
export interface LevelSummary {
  /** How many examples got each verdict. */
  readonly verdicts: Record<Verdict, number>;
  /** Named numbers, e.g. `tau.leaveOneOut`, `effectSize`, `adversarialMaxJsd`. */
  readonly metrics: Record<string, MetricSummary>;
}

/** Summary of a dataset run (recomputed from the examples: merging shards gives the same summary). */
export interface VerifyDatasetSummary {
  readonly examples: number;
  readonly overall: Record<Verdict, number>;
  readonly levels: { readonly consistency: LevelSummary; readonly causal: LevelSummary; readonly counterfactual: LevelSummary };
}

/** Result of {@link verifyDataset} and {@link mergeResults} (JSON-serialisable). */
export interface VerifyDatasetResult {
  readonly format: 'faithcheck-verify-dataset';
  readonly version: 1;
  /** Number of examples in the whole dataset. */
  readonly size: number;
  /** The index ranges `[start, end)` this result covers, sorted and coalesced. */
  readonly ranges: [number, number][];
  /** Everything that determines the per-example results; shards merge only when equal. */
  readonly settings: Record<string, unknown>;
  /** Per-example results, by index. */
  readonly examples: VerifyExampleResult[];
  readonly summary: VerifyDatasetSummary;
}
