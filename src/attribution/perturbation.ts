/**
 * Perturbation attributions (need only `embed` and `forward`): leave-one-out, occlusion, feature
 * ablation, Shapley value sampling and exact Shapley values. Re-exported by `src/attribution/index.ts`.
 *
 * @module
 */
export { featureAblation, FEATURE_ABLATION_DEFAULTS } from './featureAblation.js';
export type { FeatureAblationOptions, FeatureAblationResult } from './featureAblation.js';
export { leaveOneOut, LEAVE_ONE_OUT_DEFAULTS } from './leaveOneOut.js';
export type { LeaveOneOutOptions, LeaveOneOutOutput, LeaveOneOutResult } from './leaveOneOut.js';
export { occlusion, OCCLUSION_DEFAULTS } from './occlusion.js';
export type { OcclusionOptions, OcclusionResult } from './occlusion.js';
export { shapleyValueSampling, SHAPLEY_VALUE_SAMPLING_DEFAULTS } from './shapleyValueSampling.js';
export type { ShapleyResult, ShapleyValueSamplingOptions } from './shapleyValueSampling.js';
export { shapleyValues, SHAPLEY_VALUES_DEFAULTS } from './shapleyValues.js';
export type { ShapleyValuesOptions } from './shapleyValues.js';
export type {
  OutputScale,
  PerturbationAttributionResult,
  PerturbationCommonOptions,
  PerturbationProgress,
  RemovalMode,
  RemovalOptions,
} from './internal/perturbationTypes.js';
