import { InputTypeError, ShapeMismatchError } from '../errors/index.js';
import { readEmbeddings, readInputMask, readTargets } from '../internal/adapter.js';
import { checkOptions } from '../internal/options.js';
import { normalizeTensor, toVector } from '../internal/tensor.js';
import type { ForwardOptions, ForwardResult, GradientOptions, GradientResult, ModelInfo } from '../types/adapter.js';
import type { FloatTensor, TensorLike, VectorLike } from '../types/tensor.js';
import {
  type EmbeddingTable,
  lookupEmbeddings,
  readEmbeddingTable,
  readForwardOptions,
  readGradientOptions,
  readTokens,
  rejectAttention,
} from './internal/toyHelpers.js';
import type { ModelAdapterWithGradient } from './types.js';

/** Options of {@link linearModelAdapter}. */
export interface LinearModelAdapterOptions {
  /**
   * Per-class weights `[C, n, d]` (class, position, embedding coordinate), or `[C, n]` as shorthand
   * for `[C, n, 1]` (one scalar feature per position).
   */
  readonly weights: TensorLike;
  /** Per-class bias `[C]`. Default: zeros. */
  readonly bias?: VectorLike;
  /**
   * Embedding table `[V, d]`: `embed(tokens)` returns the rows of the token ids. Default: no table,
   * and `embed` treats each "token" as the value of a scalar feature (`[n, 1]`, only when `d = 1`).
   */
  readonly embeddings?: TensorLike;
  /** `info.name`. Default `'linear model'`. */
  readonly name?: string;
}

/**
 * A linear classifier on the flattened embeddings, as a plain-array {@link ModelAdapter} with an
 * exact gradient — the model of Captum's linear-model fixtures.
 *
 * For embeddings `x[b]` of shape `[n', d]` (any length `n' ≤ n`) and input mask `m` (default ones),
 *
 * `F_c(x) = bias_c + Σ_{i<n'} m_i Σ_k W[c, i, k] · x[i, k]`,
 *
 * returned as logits (`info.outputKind === 'logits'`), so `∂F_t/∂x[i, k] = m_i · W[t, i, k]` and,
 * in closed form (REFERENCE F7): Integrated Gradients from baseline `x'` gives `(x − x') ⊙ W[t]`
 * for every quadrature whose weights sum to 1 (completeness delta 0); occlusion with a 1-wide window
 * and feature ablation both give `φ_{i,k} = W[t, i, k] · (x[i, k] − x'[i, k])`. A sequence shorter
 * than `n` uses the first `n'` weight rows (the positions beyond it count as masked), so
 * `info.maxLength` is `n`. A masked position contributes nothing.
 *
 * The model has no attention: `info.attention` is absent, and `forward` throws
 * `AdapterCapabilityError` if asked to return or override attention.
 *
 * Costs `O(B · C · n · d)` per call. Inputs are validated at every method's boundary.
 *
 * @param options - `weights` `[C, n, d]` or `[C, n]`, optional `bias` `[C]`, optional `embeddings`
 *   table `[V, d]`, optional `name`.
 * @returns a {@link ModelAdapterWithGradient}.
 * @throws InputTypeError if an option has the wrong type, is unknown, or `embeddings` is omitted
 *   while `d > 1`.
 * @throws ShapeMismatchError if `bias` or `embeddings` do not match `weights`.
 * @throws InputRangeError if a parameter is not finite.
 * @see https://github.com/pytorch/captum/blob/master/captum/testing/helpers/basic_models.py
 * @example
 * // F(x) = 2·x₀ − x₁ + 0.5 on two scalar features (tokens are the feature values)
 * const model = linearModelAdapter({ weights: [[2, -1]], bias: [0.5] });
 * const x = await model.embed([3, 4]); // => { data: [3, 4], shape: [2, 1] }
 * const { outputs } = await model.forward({ data: x.data, shape: [1, 2, 1] });
 * outputs.data; // => Float64Array [2.5]
 * const { gradients } = await model.gradient({ data: x.data, shape: [1, 2, 1] }, 0);
 * gradients.data; // => Float64Array [2, -1]
 */
export function linearModelAdapter(options: LinearModelAdapterOptions): ModelAdapterWithGradient {
  const fn = 'linearModelAdapter';
  if (options === null || typeof options !== 'object') throw new InputTypeError(fn, 'options must be an object', options);
  const o = checkOptions<LinearModelAdapterOptions>(fn, options, ['weights', 'bias', 'embeddings', 'name']);
  if (o.weights === undefined) throw new InputTypeError(fn, 'options.weights is required', o.weights);
  const w = normalizeTensor(fn, 'options.weights', o.weights, { rank: [2, 3] });
  const numClasses = w.shape[0]!;
  const length = w.shape[1]!;
  const dim = w.shape.length === 3 ? w.shape[2]! : 1;
  const weights = Float64Array.from(w.data);
  const bias = o.bias === undefined ? new Float64Array(numClasses) : toVector(fn, 'options.bias', o.bias);
  if (bias.length !== numClasses) {
    throw new ShapeMismatchError(fn, `options.bias must have one entry per class (${numClasses}), found ${bias.length}`, bias.length);
  }
  let table: EmbeddingTable | undefined;
  if (o.embeddings !== undefined) {
    table = readEmbeddingTable(fn, 'options.embeddings', o.embeddings);
    if (table.dim !== dim) {
      throw new ShapeMismatchError(fn, `options.embeddings must have ${dim} columns (the weights' d), found ${table.dim}`, table.dim);
    }
  } else if (dim !== 1) {
    throw new InputTypeError(fn, 'options.embeddings is required when the weights have d > 1', o.embeddings);
  }
  if (o.name !== undefined && typeof o.name !== 'string') throw new InputTypeError(fn, 'options.name must be a string', o.name);

  const info: ModelInfo = Object.freeze({
    name: o.name ?? 'linear model',
    numClasses,
    outputKind: 'logits' as const,
    embeddingDim: dim,
    maxLength: length,
    ...(table === undefined ? {} : { vocabSize: table.vocabSize }),
  });

  const embed = async (tokens: ArrayLike<number>): Promise<FloatTensor> => {
    const f = 'linearModelAdapter.embed';
    const ids = readTokens(f, tokens, length);
    if (table !== undefined) return lookupEmbeddings(f, ids, table);
    return { data: ids, shape: [ids.length, 1] };
  };

  /** outputs[b, c] for validated inputs. */
  const evaluate = (x: ArrayLike<number>, batch: number, n: number, mask: Float64Array | undefined): Float64Array => {
    const out = new Float64Array(batch * numClasses);
    for (let b = 0; b < batch; b++) {
      for (let c = 0; c < numClasses; c++) {
        let s = bias[c]!;
        for (let i = 0; i < n; i++) {
          const m = mask === undefined ? 1 : mask[b * n + i]!;
          if (m === 0) continue;
          const wo = (c * length + i) * dim;
          const xo = (b * n + i) * dim;
          for (let k = 0; k < dim; k++) s += weights[wo + k]! * x[xo + k]!;
        }
        out[b * numClasses + c] = s;
      }
    }
    return out;
  };

  const forward = async (embeddings: FloatTensor, forwardOptions?: ForwardOptions): Promise<ForwardResult> => {
    const f = 'linearModelAdapter.forward';
    const fo = readForwardOptions(f, forwardOptions);
    rejectAttention(f, fo.returnAttention, fo.attention);
    const e = readEmbeddings(f, embeddings, dim, length);
    const mask = readInputMask(f, fo.inputMask, e.batch, e.length);
    return { outputs: { data: evaluate(e.data, e.batch, e.length, mask), shape: [e.batch, numClasses] } };
  };

  const gradient = async (embeddings: FloatTensor, target: number | ArrayLike<number>, gradientOptions?: GradientOptions): Promise<GradientResult> => {
    const f = 'linearModelAdapter.gradient';
    const go = readGradientOptions(f, gradientOptions);
    rejectAttention(f, undefined, go.attention);
    const e = readEmbeddings(f, embeddings, dim, length);
    const targets = readTargets(f, target, e.batch, numClasses);
    const mask = readInputMask(f, go.inputMask, e.batch, e.length);
    const n = e.length;
    const grads = new Float64Array(e.batch * n * dim);
    for (let b = 0; b < e.batch; b++) {
      const t = targets[b]!;
      for (let i = 0; i < n; i++) {
        if (mask !== undefined && mask[b * n + i] === 0) continue;
        grads.set(weights.subarray((t * length + i) * dim, (t * length + i + 1) * dim), (b * n + i) * dim);
      }
    }
    return {
      outputs: { data: evaluate(e.data, e.batch, n, mask), shape: [e.batch, numClasses] },
      gradients: { data: grads, shape: [e.batch, n, dim] },
    };
  };

  return Object.freeze({ info, embed, forward, gradient });
}
