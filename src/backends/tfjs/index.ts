/**
 * `faithcheck/tfjs` — the reference backend on TensorFlow.js (written against `@tensorflow/tfjs-core`;
 * runs on `@tensorflow/tfjs-node`, the WASM backend or the CPU backend):
 *
 * - {@link initBackend}: pick and initialise the backend (nothing happens at import time);
 * - reference models with attention read-out and override: {@link TransformerClassifier},
 *   {@link AttentionRnnClassifier} (Jain & Wallace);
 * - {@link tfjsAdapter}: a {@link ModelAdapter} with every capability;
 * - {@link train} / {@link evaluate} on `faithcheck/data`'s `TokenizedDataset`;
 * - a model file format: {@link saveModel} / {@link loadModel} (Node) and
 *   {@link serializeModel} / {@link deserializeModel} (anywhere);
 * - the shipped reference models by name: {@link loadPretrained}.
 *
 * This is the only part of faithcheck that imports `@tensorflow/*`. See docs/tfjs.md.
 *
 * @packageDocumentation
 */
export { initBackend } from './initBackend.js';
export type { BackendChoice, InitBackendOptions } from './initBackend.js';
export { TransformerClassifier } from './TransformerClassifier.js';
export { AttentionRnnClassifier } from './AttentionRnnClassifier.js';
export { tfjsAdapter } from './tfjsAdapter.js';
export { train } from './train.js';
export type { EpochRecord, TrainOptions, TrainingHistory, TrainingProgress } from './train.js';
export { evaluate } from './evaluate.js';
export type { EvaluateOptions, EvaluationResult } from './evaluate.js';
export { serializeModel, MODEL_FILE_FORMAT } from './serializeModel.js';
export type { ModelFile, SerializedModel, WeightManifestEntry } from './serializeModel.js';
export { deserializeModel } from './deserializeModel.js';
export type { LoadedModel } from './deserializeModel.js';
export { saveModel } from './saveModel.js';
export type { SavedModelPaths } from './saveModel.js';
export { loadModel } from './loadModel.js';
export { loadPretrained, PRETRAINED_MODELS } from './loadPretrained.js';
export type { PretrainedModelName } from './loadPretrained.js';
export type {
  AttentionRnnClassifierConfig,
  ClassifierKind,
  LayerOverride,
  ModelExtras,
  NamedWeight,
  NamedWeightInput,
  RunOptions,
  RunResult,
  TfjsClassifier,
  TransformerClassifierConfig,
} from './types.js';
