/**
 * Private helpers shared by the plain-array toy adapters of `faithcheck/testing`.
 * Not re-exported.
 *
 * @module
 */
import { AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { checkOptions } from '../../internal/options.js';
import { lengthOf, normalizeTensor } from '../../internal/tensor.js';
import type { AttentionOverride, ForwardOptions, GradientOptions } from '../../types/adapter.js';
import type { FloatTensor, TensorLike } from '../../types/tensor.js';

/** A validated `[V, d]` embedding table. */
export interface EmbeddingTable {
  readonly data: Float64Array;
  readonly vocabSize: number;
  readonly dim: number;
}

/** Validate a `[V, d]` embedding table given to a toy constructor (fresh copy). */
export function readEmbeddingTable(fn: string, name: string, table: TensorLike): EmbeddingTable {
  const t = normalizeTensor(fn, name, table, { rank: 2 });
  return { data: Float64Array.from(t.data), vocabSize: t.shape[0]!, dim: t.shape[1]! };
}

/** Validate a 1-D token sequence (non-empty, finite numbers), optionally bounded in length. */
export function readTokens(fn: string, tokens: ArrayLike<number>, maxLength?: number): Float64Array {
  if (tokens === null || typeof tokens !== 'object') {
    throw new InputTypeError(fn, 'tokens must be an array or a typed array of token ids', tokens);
  }
  lengthOf(fn, 'tokens', tokens);
  const t = normalizeTensor(fn, 'tokens', tokens as number[], { rank: 1 });
  if (maxLength !== undefined && t.data.length > maxLength) {
    throw new ShapeMismatchError(fn, `tokens has length ${t.data.length}, longer than the model's maxLength ${maxLength}`, t.data.length);
  }
  return Float64Array.from(t.data);
}

/** Look token ids up in an embedding table: `[n]` ids → fresh `[n, d]` embeddings. */
export function lookupEmbeddings(fn: string, tokens: Float64Array, table: EmbeddingTable): FloatTensor {
  const n = tokens.length;
  const { dim, vocabSize } = table;
  const out = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const id = tokens[i]!;
    if (!Number.isInteger(id)) throw new InputTypeError(fn, `tokens[${i}] must be an integer token id`, id);
    if (id < 0 || id >= vocabSize) throw new InputRangeError(fn, `tokens[${i}] must be in [0, ${vocabSize})`, id);
    out.set(table.data.subarray(id * dim, (id + 1) * dim), i * dim);
  }
  return { data: out, shape: [n, dim] };
}

/** Validate the option keys of `forward` and return them. */
export function readForwardOptions(fn: string, options: ForwardOptions | undefined): ForwardOptions {
  const o = checkOptions<ForwardOptions>(fn, options, ['returnAttention', 'attention', 'inputMask']);
  if (o.returnAttention !== undefined && typeof o.returnAttention !== 'boolean') {
    throw new InputTypeError(fn, 'options.returnAttention must be a boolean', o.returnAttention);
  }
  return o;
}

/** Validate the option keys of `gradient`/`attentionGradient` and return them. */
export function readGradientOptions(fn: string, options: GradientOptions | undefined): GradientOptions {
  return checkOptions<GradientOptions>(fn, options, ['attention', 'inputMask']);
}

/**
 * For models without attention: reject `returnAttention: true` and non-empty overrides with
 * {@link AdapterCapabilityError} (the model has no attention to read or replace).
 */
export function rejectAttention(fn: string, returnAttention: boolean | undefined, attention: readonly AttentionOverride[] | undefined): void {
  if (returnAttention === true) {
    throw new AdapterCapabilityError(fn, 'attention', 'this model has no attention to return (info.attention is absent)');
  }
  if (attention !== undefined && (!Array.isArray(attention) || attention.length > 0)) {
    throw new AdapterCapabilityError(fn, 'attention', 'this model has no attention to override (info.attention is absent)');
  }
}

/** Numerically stable softmax of `x[offset … offset + len)` into `out[outOffset …]`. */
export function softmaxInto(x: ArrayLike<number>, offset: number, len: number, out: Float64Array, outOffset: number): void {
  let max = -Infinity;
  for (let i = 0; i < len; i++) max = Math.max(max, x[offset + i]!);
  let sum = 0;
  for (let i = 0; i < len; i++) {
    const e = Math.exp(x[offset + i]! - max);
    out[outOffset + i] = e;
    sum += e;
  }
  for (let i = 0; i < len; i++) out[outOffset + i] /= sum;
}
