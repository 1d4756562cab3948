/**
 * Faithfulness metrics for any token-score explanation (attention, rollout, flow, gradients, or your
 * own): deletion and insertion curves, comprehensiveness and sufficiency (ERASER and ferret AOPC),
 * decision flip, τ-LOO, infidelity and max-sensitivity. Each reaches the model only through a
 * `ModelAdapter` and batches its calls.
 *
 * @module
 */
export { AOPC_DEFAULTS, comprehensiveness } from './comprehensiveness.js';
export type { AopcOptions, AopcResult, AopcVariant } from './comprehensiveness.js';
export { DECISION_FLIP_DEFAULTS, decisionFlip } from './decisionFlip.js';
export type { DecisionFlipOptions, DecisionFlipResult } from './decisionFlip.js';
export { CURVE_DEFAULTS, deletionCurve } from './deletionCurve.js';
export type { CurveOptions, CurveResult } from './deletionCurve.js';
export { INFIDELITY_DEFAULTS, infidelity } from './infidelity.js';
export type { InfidelityOptions, InfidelityResult } from './infidelity.js';
export { insertionCurve } from './insertionCurve.js';
export { SENSITIVITY_MAX_DEFAULTS, sensitivityMax } from './sensitivityMax.js';
export type { ExplanationFunction, SensitivityMaxOptions, SensitivityMaxResult } from './sensitivityMax.js';
export { sufficiency } from './sufficiency.js';
export { TAU_LOO_DEFAULTS, tauLoo } from './tauLoo.js';
export type { TauLooOptions, TauLooResult } from './tauLoo.js';
export type { RelevanceOrder } from './internal/faithfulnessSetup.js';
export type {
  OutputScale,
  PerturbationCommonOptions,
  PerturbationProgress,
  RemovalMode,
  RemovalOptions,
} from '../attribution/internal/perturbationTypes.js';
