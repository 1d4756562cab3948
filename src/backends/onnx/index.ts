/**
 * `faithcheck/onnx` — models exported to ONNX (PyTorch, Hugging Face) on ONNX Runtime
 * (`onnxruntime-web` in Node and browsers, `onnxruntime-node`, or transformers.js sessions):
 *
 * - {@link onnxAdapter}: wrap an `InferenceSession` as a {@link ModelAdapter} (embed, forward,
 *   attention read-out, attention overrides when the export has the override inputs; no gradients);
 * - {@link loadOnnxModel}: load `<name>.onnx` and its sidecar `<name>.onnx.json` from disk (Node).
 *
 * This is the only part of faithcheck that touches `onnxruntime-*`, and it never imports it
 * statically: `onnxAdapter` uses the session you give it, `loadOnnxModel` imports `onnxruntime-web`
 * on first call (an optional peer dependency). See docs/onnx.md.
 *
 * @packageDocumentation
 */
export { onnxAdapter, ONNX_ADAPTER_DEFAULTS } from './onnxAdapter.js';
export { loadOnnxModel } from './loadOnnxModel.js';
export type { LoadedOnnxModel, LoadOnnxModelOptions } from './loadOnnxModel.js';
export type {
  OnnxAdapterOptions,
  OnnxAttentionLayout,
  OnnxAttentionOptions,
  OnnxEmbeddingSession,
  OnnxEmbeddingTable,
  OnnxInputNames,
  OnnxModelFile,
  OnnxOutputNames,
  OnnxSessionLike,
  OnnxTensorLike,
  OnnxTensorType,
  OnnxValueMetadataLike,
  OrtModuleLike,
  OrtTensorConstructor,
} from './types.js';
