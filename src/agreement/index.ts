/**
 * Agreement between explanations: rank correlations with significance (Kendall τ-b/τ-c, Spearman,
 * Pearson — scipy-exact), top-k overlap and top-k Kendall distance (Jain & Wallace), and
 * divergences between distributions (Jensen–Shannon, total variation, Kullback–Leibler).
 *
 * @module
 */
export { jensenShannon } from './jensenShannon.js';
export { kendallTau } from './kendallTau.js';
export { kendallTauTest } from './kendallTauTest.js';
export { klDivergence } from './klDivergence.js';
export { pearson } from './pearson.js';
export { pearsonTest } from './pearsonTest.js';
export { rankData } from './rankData.js';
export { spearman } from './spearman.js';
export { spearmanTest } from './spearmanTest.js';
export { topKKendallDistance } from './topKKendallDistance.js';
export { topKOverlap } from './topKOverlap.js';
export { totalVariation } from './totalVariation.js';
export type {
  Alternative,
  CorrelationTestOptions,
  CorrelationTestResult,
  DistributionOptions,
  DivergenceOptions,
  KendallTauOptions,
  KendallTauTestOptions,
  TopKKendallDistanceOptions,
} from './types.js';
