/**
 * Types of the `faithcheck/tfjs` reference backend.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelInfo, SpecialTokens } from '../../types/adapter.js';
import type { TokenizerJSON } from '../../data/types.js';

/** Model kinds, as stored in a model file. */
export type ClassifierKind = 'transformer' | 'attention-rnn';

/** One weight as plain data: `name`, `shape` and row-major float32 values. */
export interface NamedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A weight given to `setWeights`: like {@link NamedWeight}, with any numeric array as `data`. */
export interface NamedWeightInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

/** An attention override in tensor form, used by {@link TfjsClassifier.run}. */
export interface LayerOverride {
  /** Layer index, 0-based from the input side. */
  readonly layer: number;
  /** Heads replaced, in the order of the second axis of `weights`. */
  readonly heads: readonly number[];
  /** `[B, heads.length, Q, n]` post-softmax weights (row = query, column = key), used verbatim. */
  readonly weights: tf.Tensor;
}

/** Options of {@link TfjsClassifier.run}. */
export interface RunOptions {
  /** `[B, n]` float32 mask, 1 keeps a position and 0 hides it. Default: all ones. */
  readonly mask?: tf.Tensor;
  /** Attention overrides, at most one per layer. */
  readonly overrides?: readonly LayerOverride[];
  /** Also return the attention `[B, L, H, Q, n]`. Default false. */
  readonly returnAttention?: boolean;
}

/** Result of {@link TfjsClassifier.run}: tensors owned by the caller's `tf.tidy`. */
export interface RunResult {
  /** `[B, C]` pre-softmax scores. */
  readonly logits: tf.Tensor2D;
  /** `[B, C]` softmax of `logits`. */
  readonly probabilities: tf.Tensor2D;
  /** `[B, L, H, Q, n]` attention actually used (after overrides), when `returnAttention` was set. */
  readonly attention?: tf.Tensor;
}

/**
 * What the adapter, the trainer and the file format need from a reference model. Implemented by
 * {@link TransformerClassifier} and {@link AttentionRnnClassifier}.
 */
export interface TfjsClassifier {
  /** Model kind, as stored in a model file. */
  readonly kind: ClassifierKind;
  /** The resolved configuration (every default filled in); JSON-serialisable. */
  readonly config: TransformerClassifierConfig | AttentionRnnClassifierConfig;
  /** Static facts for {@link ModelInfo} consumers (the adapter's `info`). */
  readonly info: ModelInfo;
  /** Trainable weights, in declaration order (the order of the file format's manifest). */
  readonly variables: readonly tf.Variable[];
  /** Names and shapes of the weights, in declaration order. */
  readonly weightSpecs: readonly { readonly name: string; readonly shape: readonly number[] }[];
  /** Whether {@link TfjsClassifier.dispose} has been called. */
  readonly isDisposed: boolean;
  /**
   * Token embeddings of integer ids: `[...ids.shape]` int32 → `[...ids.shape, d]`. Position
   * information is **not** included (positions are added in `run`). Call inside `tf.tidy`.
   */
  embedTokens(ids: tf.Tensor): tf.Tensor;
  /**
   * Forward pass on `[B, n, d]` token embeddings. Synchronous; call inside `tf.tidy` (every
   * intermediate, and the results, belong to the caller's scope).
   */
  run(embeddings: tf.Tensor3D, options?: RunOptions): RunResult;
  /** Copies of the weights (float32), in declaration order. */
  getWeights(): NamedWeight[];
  /** Replace every weight (names and shapes must match exactly). */
  setWeights(weights: readonly NamedWeightInput[]): void;
  /** Free the weights. The model cannot be used afterwards. Idempotent. */
  dispose(): void;
}

/** Configuration of {@link TransformerClassifier}. */
export interface TransformerClassifierConfig {
  /** Vocabulary size `V` (token ids in `[0, V)`). */
  readonly vocabSize: number;
  /** Longest sequence (number of learned position embeddings). */
  readonly maxLength: number;
  /** Model width `d`; a multiple of `heads`. */
  readonly embeddingDim: number;
  /** Number of encoder layers `L`. */
  readonly layers: number;
  /** Heads per layer `H`. */
  readonly heads: number;
  /** Hidden size of the position-wise feed-forward block. */
  readonly ffDim: number;
  /** Number of classes `C` (≥ 2). */
  readonly numClasses: number;
  /** Seed of the initial weights. Default `0`. */
  readonly seed?: number;
  /** Special token ids reported in `info`. Default faithcheck/data's `{ pad: 0, unk: 1, cls: 2, mask: 3 }`. */
  readonly specialTokens?: SpecialTokens;
  /** Model name reported in `info`. Default `'transformer'`. */
  readonly name?: string;
}

/** Configuration of {@link AttentionRnnClassifier}. */
export interface AttentionRnnClassifierConfig {
  /** Vocabulary size `V` (token ids in `[0, V)`). */
  readonly vocabSize: number;
  /** Embedding size `d`. */
  readonly embeddingDim: number;
  /** LSTM state size per direction (`'bilstm'`, states `2·hiddenDim`) or projection size (`'average'`). */
  readonly hiddenDim: number;
  /** `'bilstm'`: bidirectional LSTM; `'average'`: `tanh(W e_t + b)`, no context (Jain & Wallace). */
  readonly encoder: 'bilstm' | 'average';
  /** Number of classes `C` (≥ 2). */
  readonly numClasses: number;
  /** Hidden size of the additive attention. Default `max(1, floor(stateSize / 2))` as Jain & Wallace. */
  readonly attentionDim?: number;
  /**
   * Keep position 0 (`[CLS]`, Jain & Wallace's `<SOS>`) out of the attention: it is still encoded
   * (it feeds the LSTM) but gets weight 0, unless no other position is attended. Default `true`.
   */
  readonly maskFirstPosition?: boolean;
  /** Seed of the initial weights. Default `0`. */
  readonly seed?: number;
  /** Special token ids reported in `info`. Default faithcheck/data's `{ pad: 0, unk: 1, cls: 2, mask: 3 }`. */
  readonly specialTokens?: SpecialTokens;
  /** Model name reported in `info`. Default `'attention-rnn-bilstm'` or `'attention-rnn-average'`. */
  readonly name?: string;
}

/** Extra content stored with a model file. */
export interface ModelExtras {
  /** A tokenizer's JSON (`tokenizer.toJSON()` from `faithcheck/data`). */
  readonly tokenizer?: TokenizerJSON;
  /** Any JSON-serialisable metadata (training settings, metrics). */
  readonly metadata?: Readonly<Record<string, unknown>>;
}
