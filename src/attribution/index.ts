/**
 * `faithcheck/attribution` — token attributions from the model, through the adapter only:
 * gradient methods (saliency, gradient × input, Integrated Gradients, SmoothGrad) and the
 * attention-side scores (raw attention, rollout, flow) of one input.
 *
 * @packageDocumentation
 */
export { attentionScores, ATTENTION_SCORES_DEFAULTS, type AttentionScoresOptions, type AttentionScoresResult } from './attentionScores.js';
export { GRADIENT_X_INPUT_DEFAULTS, gradientXInput, type GradientXInputOptions, type GradientXInputResult } from './gradientXInput.js';
export {
  INTEGRATED_GRADIENTS_DEFAULTS,
  integratedGradients,
  type IntegratedGradientsBaseline,
  type IntegratedGradientsOptions,
  type IntegratedGradientsResult,
  type QuadratureMethod,
} from './integratedGradients.js';
export { saliency, SALIENCY_DEFAULTS, type SaliencyOptions, type SaliencyResult } from './saliency.js';
export { selectExample } from './selectExample.js';
export {
  SMOOTH_GRAD_DEFAULTS,
  smoothGrad,
  type SmoothGradBase,
  type SmoothGradOptions,
  type SmoothGradResult,
  type SmoothGradType,
} from './smoothGrad.js';
export type {
  AttributionProgress,
  AttributionReduce,
  GradientAttributionOptions,
  GradientAttributionResult,
} from './internal/gradientSetup.js';
export * from './perturbation.js';
