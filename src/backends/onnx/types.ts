/**
 * Types of `faithcheck/onnx`. The ONNX Runtime types are written out structurally here, so the
 * published declarations never reference `onnxruntime-web` / `onnxruntime-node` (optional peers):
 * a session of either package (or of transformers.js, which wraps them) fits.
 *
 * @module
 */
import type { SpecialTokens } from '../../types/adapter.js';
import type { TokenizerJSON } from '../../data/types.js';

/** ONNX tensor element types the adapter feeds or reads. */
export type OnnxTensorType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool';

/** What the adapter reads from a tensor returned by `session.run`: an ONNX Runtime `Tensor` fits. */
export interface OnnxTensorLike {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** Shape metadata of one session input or output (`InferenceSession.inputMetadata`, in recent onnxruntime releases). */
export interface OnnxValueMetadataLike {
  readonly name: string;
  readonly isTensor?: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

/**
 * The part of an ONNX Runtime `InferenceSession` the adapter uses (onnxruntime-web,
 * onnxruntime-node, or the session inside a transformers.js model).
 */
export interface OnnxSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly OnnxValueMetadataLike[];
  readonly outputMetadata?: readonly OnnxValueMetadataLike[];
  /**
   * `run(feeds, fetches)`: feeds by input name; `fetches` lists the outputs wanted. (`any`
   * parameters: ONNX Runtime's overloaded `run` is not assignable to a narrower signature.)
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run(feeds: any, fetches?: any): Promise<Record<string, OnnxTensorLike>>;
  release?(): Promise<void>;
}

/** `ort.Tensor`: `new Tensor(type, data, dims)`. */
export type OrtTensorConstructor = new (type: OnnxTensorType, data: Float32Array | BigInt64Array | Int32Array | Float64Array | Uint8Array, dims: readonly number[]) => unknown;

/** The part of the `onnxruntime-web` / `onnxruntime-node` module faithcheck uses. */
export interface OrtModuleLike {
  readonly Tensor: OrtTensorConstructor;
  readonly InferenceSession?: {
    /** `InferenceSession.create(bytes, options)` (`any` parameters: ONNX Runtime overloads it). */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    create(model: any, options?: any): Promise<OnnxSessionLike>;
  };
}

/**
 * Where the attention tensors of an export are and how they are laid out
 * (`Q` = queries: `n` for self-attention).
 * - `'stacked'`: one output `[L, B, H, Q, n]` (e.g. `torch.stack(attentions)`);
 * - `'stackedBatchFirst'`: one output `[B, L, H, Q, n]`;
 * - `'perLayer'`: one output per layer, each `[B, H, Q, n]` (Hugging Face's `output_attentions`
 *   tuple exported as `attentions.0`, `attentions.1`, …); name them all in `outputs.attentions`.
 */
export type OnnxAttentionLayout = 'stacked' | 'stackedBatchFirst' | 'perLayer';

/** The attention of the export. */
export interface OnnxAttentionOptions {
  /** Number of attention layers `L` (default: read from the output's shape metadata when it is fixed there). */
  readonly layers?: number;
  /** Heads per layer `H` (default: read from the output's shape metadata when it is fixed there). */
  readonly heads?: number;
  /** Layout of the attention output(s). Default `'stacked'`. */
  readonly layout?: OnnxAttentionLayout;
  /** `'tokens'` (self-attention, `Q = n`, default) or `'single'` (`Q = 1`). */
  readonly queries?: 'tokens' | 'single';
  /**
   * Whether the export takes attention overrides. Default: whether the session has both override
   * inputs (`inputs.override` and `inputs.overrideFlags`). `true` without them is an error.
   */
  readonly overridable?: boolean;
}

/** Names of the export's inputs. */
export interface OnnxInputNames {
  /** Token embeddings `[B, n, d]` (float32). Default `'inputs_embeds'`. */
  readonly embeddings?: string;
  /** `[B, n]` attention (key) mask, 1 keep / 0 hidden; `null` if the export has none. Default `'attention_mask'`. */
  readonly mask?: string | null;
  /** Element type of the mask. Default: from the session's input metadata, else `'int64'` (Hugging Face). */
  readonly maskType?: 'int64' | 'int32' | 'float32' | 'bool';
  /** Override weights `[L, B, H, Q, n]` (float32). Default `'attention_override'`. */
  readonly override?: string;
  /** Override flags `[L, H]` (float32; 1 = use the override for that head). Default `'attention_override_flags'`. */
  readonly overrideFlags?: string;
  /**
   * Feed `attention_override` as `[L, 1, 1, 1, 1]` zeros when a call has no override (the graph
   * broadcasts it; needs every axis but the first dynamic in the export). Default `true`; set
   * `false` to always feed the full `[L, B, H, Q, n]`.
   */
  readonly broadcastOverride?: boolean;
}

/** Names of the export's outputs. */
export interface OnnxOutputNames {
  /** `[B, C]` logits or probabilities. Default `'logits'`. */
  readonly logits?: string;
  /** The attention output (`'stacked'` layouts) or one name per layer (`'perLayer'`). Default `'attentions'`. */
  readonly attentions?: string | readonly string[];
}

/** Token embeddings from a given `[V, d]` matrix (row `i` = token id `i`). */
export interface OnnxEmbeddingTable {
  /** `{ data, shape: [V, d] }` (or `{ data, dims }`), row-major; float32 or float64. */
  readonly table: { readonly data: ArrayLike<number>; readonly shape?: readonly number[]; readonly dims?: readonly number[] };
}

/** Token embeddings from an embedding-only ONNX session: `input_ids [1, n]` → `[1, n, d]`. */
export interface OnnxEmbeddingSession {
  readonly session: OnnxSessionLike;
  /** Input name. Default `'input_ids'`. */
  readonly input?: string;
  /** Output name. Default `'inputs_embeds'`. */
  readonly output?: string;
  /** Element type of the ids. Default `'int64'`. */
  readonly idType?: 'int64' | 'int32';
}

/** Options of {@link onnxAdapter}. Every default is stated; sizes not given are read from the session's shape metadata where it fixes them. */
export interface OnnxAdapterOptions {
  /** Where `embed(tokens)` gets the token embeddings (required). */
  readonly embeddings: OnnxEmbeddingTable | OnnxEmbeddingSession;
  /** Number of classes `C`. Default: the logits output's fixed last axis. */
  readonly numClasses?: number;
  /** Embedding size `d`. Default: the embeddings input's fixed last axis, else the table's columns. */
  readonly embeddingDim?: number;
  /** Vocabulary size. Default: the table's rows; required for valid token ids with an embedding session. */
  readonly vocabSize?: number;
  /** Longest sequence the export accepts (e.g. its number of position embeddings). */
  readonly maxLength?: number;
  /** Special token ids (reported in `info`, avoided by the conformance samples). */
  readonly specialTokens?: SpecialTokens;
  /** Model name for reports. Default `'onnx model'`. */
  readonly name?: string;
  /** What the output holds. Default `'logits'`. */
  readonly outputKind?: 'logits' | 'probabilities';
  /** With `outputKind: 'logits'`, apply a float64 softmax and report probabilities. Default `true`. */
  readonly softmax?: boolean;
  /** Input names. */
  readonly inputs?: OnnxInputNames;
  /** Output names. */
  readonly outputs?: OnnxOutputNames;
  /** The export's attention; `null` or absent: no attention (read-out, overrides) at all. */
  readonly attention?: OnnxAttentionOptions | null;
  /**
   * The `onnxruntime-*` module whose `Tensor` class builds the feeds. Default: plain
   * `{ type, data, dims, location: 'cpu' }` objects, which ONNX Runtime's `run` accepts.
   */
  readonly ort?: OrtModuleLike;
  /** `adapter.dispose()` releases the session(s). Default `false` (the caller owns them). */
  readonly disposeSessions?: boolean;
}

/**
 * The sidecar `<model>.onnx.json` read by {@link loadOnnxModel}: the adapter options (minus
 * sessions and tables), the embedding model's file name, the tokenizer and free metadata.
 */
export interface OnnxModelFile {
  readonly format: 'faithcheck-onnx-model';
  readonly version: 1;
  /** File name of the model, relative to the sidecar. */
  readonly model: string;
  /** The embedding-only model: its file name (relative to the sidecar) and input/output names. */
  readonly embeddings?: { readonly model: string; readonly input?: string; readonly output?: string; readonly idType?: 'int64' | 'int32' };
  /** {@link OnnxAdapterOptions} without `embeddings`, `ort` and `disposeSessions`. */
  readonly adapter: Omit<OnnxAdapterOptions, 'embeddings' | 'ort' | 'disposeSessions'>;
  /** `faithcheck/data` tokenizer JSON. */
  readonly tokenizer?: TokenizerJSON;
  readonly metadata?: Readonly<Record<string, unknown>>;
}
