/**
 * `faithcheck/verify` — the verdict: one call that checks an explanation against every kind of
 * evidence (agreement with gradients and leave-one-out, causal removal, counterfactual attention) and
 * says, per level, whether the evidence supports it, contradicts it, or is inconclusive.
 *
 * @packageDocumentation
 */
export { VERIFY_THRESHOLDS } from './internal/common.js';
export { mergeResults } from './mergeResults.js';
export { verifyDataset } from './verifyDataset.js';
export { VERIFY_DEFAULTS, verifyExplanation } from './verifyExplanation.js';
export type {
  AttentionExplanation,
  CausalDetails,
  ConsistencyDetails,
  CounterfactualDetails,
  LevelResult,
  LevelSummary,
  MetricSummary,
  PairAgreement,
  ReferenceName,
  Verdict,
  VerifyDatasetOptions,
  VerifyDatasetResult,
  VerifyDatasetSummary,
  VerifyExampleResult,
  VerifyExplanationOptions,
  VerifyExplanationResult,
  VerifyLevel,
  VerifyProgress,
  VerifyThresholds,
} from './types.js';
