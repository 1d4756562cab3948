export type { DimsArray, FloatTensor, NestedNumbers, ShapedArray, TensorLike, VectorLike } from './tensor.js';
export type {
  AttentionGradientResult,
  AttentionInfo,
  AttentionOverride,
  ForwardOptions,
  ForwardResult,
  GradientOptions,
  GradientResult,
  ModelAdapter,
  ModelInfo,
  SpecialTokens,
} from './adapter.js';
export type { ProcedureOptions, Progress } from './procedure.js';
