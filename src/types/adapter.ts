/**
 * The model adapter contract: the only way faithcheck's model-driven procedures talk to a model.
 *
 * A type, not a class: any object with these members works (ONNX Runtime Web, transformers.js,
 * TensorFlow.js, a remote service, a plain-array toy model). Capabilities beyond `info`, `embed`
 * and `forward` are optional; algorithms check for them up front and throw
 * `AdapterCapabilityError` naming what is missing.
 *
 * ## Shapes and orientation
 * - `B` batch, `n` tokens, `d` embedding size, `C` classes, `L` attention layers, `H` heads.
 * - Embeddings: `[B, n, d]`, row-major float64 (`FloatTensor`).
 * - Outputs: `[B, C]`, probabilities or logits as `info.outputKind` says.
 * - Attention: `[B, L, H, Q, n]` post-softmax weights; row = query ("from"), column = key ("to");
 *   each row sums to 1 over the unmasked keys. `Q = n` for self-attention (`info.attention.queries
 *   === 'tokens'`), `Q = 1` for a single-query (additive, Jain & Wallace) attention
 *   (`queries === 'single'`).
 * - All sequences in one call have the same length `n`; sequences of different length go in
 *   separate calls. A model that accepts only one length declares it as `info.sequenceLength`.
 *
 * ## Rules
 * - Methods never mutate their arguments and never return buffers they keep using; every returned
 *   `data` is a fresh `Float64Array` (convert float32 backend results at the boundary).
 * - Methods are deterministic (no dropout at inference): the same input gives the same output.
 * - Examples in a batch are independent: a batch of `B` gives the same results as `B` single calls.
 * - Backends that own native memory (TensorFlow.js) free everything they allocate before the
 *   returned promise resolves.
 *
 * `faithcheck/testing` checks every rule above with `checkAdapterConformance(adapter)` /
 * `describeAdapterConformance(name, makeAdapter, { describe, it, expect })`; see `docs/adapter.md`.
 *
 * @module
 */
import type { FloatTensor } from './tensor.js';

/** Ids of special tokens, where the model has them. */
export interface SpecialTokens {
  readonly pad?: number;
  readonly unk?: number;
  readonly cls?: number;
  readonly mask?: number;
  readonly sep?: number;
}

/** Where the model's attention lives and what shape it has. */
export interface AttentionInfo {
  /** Number of attention layers `L`. */
  readonly layers: number;
  /** Heads per layer `H`. */
  readonly heads: number;
  /** `'tokens'`: self-attention, one query per position (`Q = n`); `'single'`: one query (`Q = 1`). */
  readonly queries: 'tokens' | 'single';
  /**
   * Whether `forward`, `gradient` and `attentionGradient` accept attention overrides
   * (`options.attention`). Absent means `true`, so adapters written before this field keep
   * working. A model that can only **read** its attention (an ONNX export with
   * `output_attentions`, most transformers.js models) sets `false`: it still gets rollout, flow
   * and every consistency check, while procedures that replace attention throw
   * `AdapterCapabilityError` with capability `'attentionOverride'` up front, and its own
   * `forward`/`gradient` should reject a non-empty `options.attention` the same way.
   *
   * Test it as `info.attention !== undefined && info.attention.overridable !== false`.
   */
  readonly overridable?: boolean;
}

/** Static facts about the model. */
export interface ModelInfo {
  /** Human-readable model name (for reports). */
  readonly name?: string;
  /** Number of output classes `C`. */
  readonly numClasses: number;
  /** Whether `forward` returns probabilities (rows sum to 1) or logits. */
  readonly outputKind: 'probabilities' | 'logits';
  /** Embedding size `d`. */
  readonly embeddingDim: number;
  /** Vocabulary size, when the model embeds token ids. */
  readonly vocabSize?: number;
  /** Longest sequence the model accepts, if bounded. */
  readonly maxLength?: number;
  /**
   * The one sequence length `n` the model accepts, for fixed-length models (an ONNX export with a
   * static input shape, a toy function of `m` inputs). When set, `embed` takes exactly this many
   * tokens and `forward` exactly `[B, sequenceLength, d]`; it must not exceed `maxLength` when
   * both are given. Absent: any `n` (up to `maxLength`).
   */
  readonly sequenceLength?: number;
  /** Attention layout; absent for models without attention. */
  readonly attention?: AttentionInfo;
  /** Special token ids. */
  readonly specialTokens?: SpecialTokens;
}

/**
 * Replace the post-softmax attention weights of one layer (some or all heads) during a forward pass.
 * `weights` has shape `[B, heads.length, Q, n]` (heads in the order given; row = query, column = key).
 * Callers normally pass rows summing to 1, but adapters use the weights exactly as given: they
 * neither renormalise nor reject other values, so that {@link ModelAdapter.attentionGradient} is
 * the derivative with respect to these raw weights. Heads not listed compute their own attention.
 *
 * **Together with `inputMask`:** the override's weights are used exactly as given **also at masked
 * key positions** (they are not re-masked; callers who want masked keys ignored put 0 there). The
 * mask keeps every other effect: heads that are not overridden give masked keys no attention, and
 * masked positions still do not count towards pooled outputs. With `returnAttention`, the returned
 * weights of an overridden head are the override's values, masked keys included.
 *
 * Only adapters whose `info.attention.overridable` is not `false` accept overrides.
 */
export interface AttentionOverride {
  /** Layer index, 0-based from the input side. */
  readonly layer: number;
  /** Head indices to replace (default: all heads, in order). */
  readonly heads?: readonly number[];
  /** Replacement weights `[B, heads.length, Q, n]`, row = query, column = key. */
  readonly weights: FloatTensor;
}

/** Options of {@link ModelAdapter.forward}. */
export interface ForwardOptions {
  /** Also return the attention weights `[B, L, H, Q, n]` (after any overrides). Default false. */
  readonly returnAttention?: boolean;
  /** Attention overrides, at most one per layer. */
  readonly attention?: readonly AttentionOverride[];
  /**
   * `[B, n]` mask: 1 keeps a position, 0 hides it (it receives no attention and does not count
   * towards pooled representations). Default: all ones.
   */
  readonly inputMask?: FloatTensor;
}

/** Result of {@link ModelAdapter.forward}. */
export interface ForwardResult {
  /** `[B, C]` outputs (probabilities or logits per `info.outputKind`). */
  readonly outputs: FloatTensor;
  /** `[B, L, H, Q, n]` attention weights, present when `returnAttention` was set. */
  readonly attention?: FloatTensor;
}

/** Options of {@link ModelAdapter.gradient} and {@link ModelAdapter.attentionGradient}. */
export interface GradientOptions {
  /** Attention overrides applied during the pass (as in `forward`). */
  readonly attention?: readonly AttentionOverride[];
  /** `[B, n]` input mask (as in `forward`). */
  readonly inputMask?: FloatTensor;
}

/** Result of {@link ModelAdapter.gradient}. */
export interface GradientResult {
  /** `[B, C]` outputs of the same pass. */
  readonly outputs: FloatTensor;
  /** `[B, n, d]`: ∂ outputs[b, target[b]] / ∂ embeddings[b]. */
  readonly gradients: FloatTensor;
}

/** Result of {@link ModelAdapter.attentionGradient}. */
export interface AttentionGradientResult {
  /** `[B, C]` outputs of the pass with the overrides applied. */
  readonly outputs: FloatTensor;
  /**
   * One tensor per override, in the order given, each shaped like its `weights`
   * (`[B, heads.length, Q, n]`): ∂ outputs[b, target[b]] / ∂ weights.
   */
  readonly gradients: readonly FloatTensor[];
}

/**
 * The capability-based model contract. Required: `info`, `embed`, `forward`.
 * Optional: `gradient`, `attentionGradient`, `dispose`.
 */
export interface ModelAdapter {
  /** Static facts about the model. */
  readonly info: ModelInfo;
  /**
   * Embed one token sequence: token ids (length `n`) → `[n, d]` input embeddings, one row per token,
   * in a fresh buffer.
   */
  embed(tokens: ArrayLike<number>): Promise<FloatTensor>;
  /** Run the model on `[B, n, d]` embeddings. */
  forward(embeddings: FloatTensor, options?: ForwardOptions): Promise<ForwardResult>;
  /**
   * Gradient of one output per example with respect to the input embeddings.
   * `target` is a class index for every example or one per example (length `B`).
   */
  gradient?(embeddings: FloatTensor, target: number | ArrayLike<number>, options?: GradientOptions): Promise<GradientResult>;
  /**
   * Gradient of one output per example with respect to injected attention weights
   * (`options.attention` must hold at least one override): the derivative of
   * `outputs[b, target[b]]` as a function of the raw override weights (no renormalisation).
   */
  attentionGradient?(
    embeddings: FloatTensor,
    target: number | ArrayLike<number>,
    options: GradientOptions & { readonly attention: readonly AttentionOverride[] },
  ): Promise<AttentionGradientResult>;
  /** Free resources held by the adapter (weights, sessions). Optional. */
  dispose?(): void;
}
