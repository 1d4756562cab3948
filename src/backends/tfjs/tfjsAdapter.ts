import * as tf from '@tensorflow/tfjs-core';
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { readEmbeddings, readInputMask, readOverrides, readTargets } from '../../internal/adapter.js';
import { checkBoolean, checkOptions } from '../../internal/options.js';
import { formatIndex, normalizeTensor } from '../../internal/tensor.js';
import type {
  AttentionGradientResult,
  AttentionOverride,
  ForwardOptions,
  ForwardResult,
  GradientOptions,
  GradientResult,
  ModelAdapter,
} from '../../types/adapter.js';
import type { FloatTensor, TensorLike } from '../../types/tensor.js';
import type { LayerOverride, TfjsClassifier } from './types.js';

/** Validated float32 copies of one call's inputs. */
interface Inputs {
  readonly batch: number;
  readonly length: number;
  readonly embeddings: Float32Array;
  readonly mask: Float32Array | null;
  readonly overrides: readonly { readonly layer: number; readonly heads: readonly number[]; readonly data: Float32Array; readonly shape: number[] }[];
}

function isModel(x: unknown): x is TfjsClassifier {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof (x as TfjsClassifier).run === 'function' &&
    typeof (x as TfjsClassifier).embedTokens === 'function' &&
    typeof (x as TfjsClassifier).info === 'object'
  );
}

function toFloatTensor(data: Float32Array, shape: readonly number[]): FloatTensor {
  return { data: Float64Array.from(data), shape: [...shape] };
}

/** Largest finite float32, `(2 − 2⁻²³) · 2¹²⁷`. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Throw {@link InputRangeError} naming the first value that is finite in float64 but not
 * representable in float32 (`|x| > FLOAT32_MAX` would become ±Infinity, and NaN downstream).
 */
function assertFloat32Range(fn: string, name: string, data: ArrayLike<number>, shape: readonly number[]): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v > FLOAT32_MAX || v < -FLOAT32_MAX) {
      throw new InputRangeError(fn, `${name}${formatIndex(i, shape)} is outside the float32 range ±${FLOAT32_MAX} the model computes in`, v);
    }
  }
}

/**
 * Throw {@link InputRangeError} if a result is not finite: inputs within the float32 range can still
 * overflow inside the model; the caller gets an error instead of silent NaN.
 */
function assertFiniteResult(fn: string, name: string, data: Float32Array): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new InputRangeError(fn, `the model's ${name} are not finite (${data[i]} at flat index ${i}): the inputs overflow float32 arithmetic inside the model`, data[i]);
    }
  }
}

/** Read every tensor's values, then dispose them all (also on failure). */
async function readAndDispose(tensors: readonly tf.Tensor[]): Promise<Float32Array[]> {
  try {
    return (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
  } finally {
    tf.dispose([...tensors]);
  }
}

/**
 * Wrap a reference model ({@link TransformerClassifier}, {@link AttentionRnnClassifier}, or any
 * {@link TfjsClassifier}) as a faithcheck {@link ModelAdapter} with every capability: `embed`,
 * `forward` (batched, attention read-out, overrides, input mask), `gradient` and
 * `attentionGradient`.
 *
 * Semantics:
 * - `embed(tokens)` returns the token embeddings `[n, d]` **without** positions; `forward` adds the
 *   transformer's position embeddings for positions `0…n−1` (the RNN has none). So gradients and
 *   gradient×input are per token, and a zero baseline keeps the positions.
 * - `forward` returns softmax probabilities `[B, C]` (`info.outputKind = 'probabilities'`) and, with
 *   `returnAttention`, the attention `[B, L, H, Q, n]` actually used (after overrides), row = query,
 *   column = key; `Q = n` for the transformer, `Q = 1` for the RNN.
 * - Embeddings and override weights must lie in the float32 range (`|x| ≤ 3.4028234663852886e38`);
 *   larger finite values are rejected with `InputRangeError` before any tensor is created, and a
 *   result that still overflows inside the model (`NaN`/`±Infinity`) is an `InputRangeError`, never
 *   silent `NaN`.
 * - `inputMask` `[B, n]` (values 0 or 1): masked positions receive exactly 0 attention. In the RNN
 *   they are also skipped by the LSTM. In the transformer position 0 stays the read-out query.
 * - Overrides replace the post-softmax weights `[B, heads.length, Q, n]` of the given heads verbatim
 *   (not re-masked or renormalised). Injecting the model's own attention reproduces its outputs
 *   exactly.
 * - `gradient`: `∂ probs[b, target_b] / ∂ embeddings[b]` `[B, n, d]`; `attentionGradient`:
 *   `∂ probs[b, target_b] / ∂ weights` for each override, shaped like its `weights`. Both by
 *   reverse mode (`tf.valueAndGrad(s)`), float32.
 *
 * Inputs are copied to float32 tensors and results copied back to fresh `Float64Array`s; every
 * tensor a call creates is disposed before its promise resolves (`tf.memory().numTensors` is
 * unchanged). The adapter does not own the model: dispose the model yourself when done.
 *
 * @param model - a reference model; it must stay undisposed while the adapter is used.
 * @returns a {@link ModelAdapter}.
 * @throws InputTypeError if `model` is not a faithcheck tfjs model.
 * @example
 * await initBackend();
 * const model = new AttentionRnnClassifier({ vocabSize: 50, embeddingDim: 8, hiddenDim: 4, encoder: 'average', numClasses: 2 });
 * const adapter = tfjsAdapter(model);
 * const e = await adapter.embed([2, 10, 11]);
 * const { outputs, attention } = await adapter.forward({ data: e.data, shape: [1, 3, 8] }, { returnAttention: true });
 * outputs.shape; // => [1, 2]
 * attention!.shape; // => [1, 1, 1, 1, 3]
 */
export function tfjsAdapter(model: TfjsClassifier): ModelAdapter {
  if (!isModel(model)) throw new InputTypeError('tfjsAdapter', 'model must be a TransformerClassifier or AttentionRnnClassifier', model);
  const info = model.info;
  const att = info.attention!;
  const d = info.embeddingDim;
  const C = info.numClasses;

  const checkAlive = (fn: string): void => {
    if (model.isDisposed) throw new InputRangeError(fn, 'the model has been disposed', model.info.name);
  };

  /**
   * Validate one call's arguments with the shared adapter-boundary helpers (before any tensor is
   * created) and copy them to float32.
   */
  const parse = (fn: string, embeddings: FloatTensor, options: GradientOptions | undefined, requireOverrides: boolean): Inputs => {
    const e = readEmbeddings(fn, embeddings, d, info.maxLength, info.sequenceLength);
    const { batch: B, length: n } = e;
    assertFloat32Range(fn, 'embeddings', e.data, [B, n, d]);
    // The reference models define a fully masked row (all-zero attention and context): accept it.
    const mask = readInputMask(fn, options?.inputMask, B, n, { allowFullyMasked: true });
    const Q = att.queries === 'tokens' ? n : 1;
    const parsed = readOverrides(fn, options?.attention, {
      batch: B,
      layers: att.layers,
      heads: att.heads,
      queries: Q,
      length: n,
      ...(att.overridable === undefined ? {} : { overridable: att.overridable }),
    });
    for (const o of parsed.list) assertFloat32Range(fn, `options.attention[${o.index}].weights`, o.weights, [B, o.heads.length, Q, n]);
    // Kept here, not in readOverrides: the toy adapters report this case as InputTypeError.
    if (requireOverrides && parsed.list.length === 0) {
      throw new ShapeMismatchError(fn, 'options.attention must hold at least one override', options?.attention);
    }
    const overrides = parsed.list.map((o) => ({
      layer: o.layer,
      heads: o.heads,
      data: Float32Array.from(o.weights),
      shape: [B, o.heads.length, Q, n],
    }));
    return { batch: B, length: n, embeddings: Float32Array.from(e.data), mask: mask === undefined ? null : Float32Array.from(mask), overrides };
  };

  /** One-hot `[B, C]` of the validated targets. */
  const parseTarget = (fn: string, target: number | ArrayLike<number>, B: number): Float32Array => {
    const targets = readTargets(fn, target, B, C);
    const oneHot = new Float32Array(B * C);
    for (let b = 0; b < B; b++) oneHot[b * C + targets[b]!] = 1;
    return oneHot;
  };

  /** Tensors of validated inputs; call inside tf.tidy. */
  const tensorsOf = (x: Inputs): { emb: tf.Tensor3D; mask?: tf.Tensor; overrides: LayerOverride[] } => {
    const emb = tf.tensor3d(x.embeddings, [x.batch, x.length, d]);
    const overrides = x.overrides.map((o) => ({ layer: o.layer, heads: o.heads, weights: tf.tensor(o.data, o.shape) }));
    return x.mask === null ? { emb, overrides } : { emb, mask: tf.tensor2d(x.mask, [x.batch, x.length]), overrides };
  };

  return {
    info,

    async embed(tokens: ArrayLike<number>): Promise<FloatTensor> {
      const fn = 'tfjsAdapter.embed';
      checkAlive(fn);
      const t = normalizeTensor(fn, 'tokens', tokens as TensorLike, { rank: 1 });
      const ids = new Int32Array(t.data.length);
      const V = info.vocabSize!;
      for (let i = 0; i < ids.length; i++) {
        const v = t.data[i]!;
        if (!Number.isInteger(v)) throw new InputTypeError(fn, `tokens[${i}] must be an integer id`, v);
        if (v < 0 || v >= V) throw new InputRangeError(fn, `tokens[${i}] must be in [0, ${V})`, v);
        ids[i] = v;
      }
      const out = tf.tidy(() => model.embedTokens(tf.tensor1d(ids, 'int32')));
      const [data] = await readAndDispose([out]);
      return toFloatTensor(data!, [ids.length, d]);
    },

    async forward(embeddings: FloatTensor, options?: ForwardOptions): Promise<ForwardResult> {
      const fn = 'tfjsAdapter.forward';
      checkAlive(fn);
      const opts = checkOptions<ForwardOptions>(fn, options, ['returnAttention', 'attention', 'inputMask']);
      const returnAttention = opts.returnAttention === undefined ? false : checkBoolean(fn, 'returnAttention', opts.returnAttention);
      const x = parse(fn, embeddings, opts, false);
      const out = tf.tidy(() => {
        const { emb, mask, overrides } = tensorsOf(x);
        const r = model.run(emb, mask === undefined ? { overrides, returnAttention } : { mask, overrides, returnAttention });
        return r.attention === undefined ? [r.probabilities] : [r.probabilities, r.attention];
      });
      const shapes = out.map((t) => t.shape);
      const [probs, attention] = await readAndDispose(out);
      assertFiniteResult(fn, 'outputs', probs!);
      if (attention !== undefined) assertFiniteResult(fn, 'attention weights', attention);
      const outputs = toFloatTensor(probs!, shapes[0]!);
      return attention === undefined ? { outputs } : { outputs, attention: toFloatTensor(attention, shapes[1]!) };
    },

    async gradient(embeddings: FloatTensor, target: number | ArrayLike<number>, options?: GradientOptions): Promise<GradientResult> {
      const fn = 'tfjsAdapter.gradient';
      checkAlive(fn);
      const opts = checkOptions<GradientOptions>(fn, options, ['attention', 'inputMask']);
      const x = parse(fn, embeddings, opts, false);
      const oneHot = parseTarget(fn, target, x.batch);
      const out = tf.tidy(() => {
        const { emb, mask, overrides } = tensorsOf(x);
        const run = (e: tf.Tensor): tf.Tensor =>
          model.run(e as tf.Tensor3D, mask === undefined ? { overrides } : { mask, overrides }).probabilities;
        // dy = one-hot(target): the vector–Jacobian product picks ∂probs[b, target_b]/∂e.
        const { value, grad } = tf.valueAndGrad(run)(emb, tf.tensor2d(oneHot, [x.batch, C]));
        return [value, grad];
      });
      const [probs, grads] = await readAndDispose(out);
      assertFiniteResult(fn, 'outputs', probs!);
      assertFiniteResult(fn, 'gradients', grads!);
      return { outputs: toFloatTensor(probs!, [x.batch, C]), gradients: toFloatTensor(grads!, [x.batch, x.length, d]) };
    },

    async attentionGradient(
      embeddings: FloatTensor,
      target: number | ArrayLike<number>,
      options: GradientOptions & { readonly attention: readonly AttentionOverride[] },
    ): Promise<AttentionGradientResult> {
      const fn = 'tfjsAdapter.attentionGradient';
      checkAlive(fn);
      if (options === undefined) throw new InputTypeError(fn, 'options.attention is required', options);
      const opts = checkOptions<GradientOptions>(fn, options, ['attention', 'inputMask']);
      const x = parse(fn, embeddings, opts, true);
      const oneHot = parseTarget(fn, target, x.batch);
      const out = tf.tidy(() => {
        const { emb, mask, overrides } = tensorsOf(x);
        const run = (...weights: tf.Tensor[]): tf.Tensor => {
          const injected = overrides.map((o, i) => ({ layer: o.layer, heads: o.heads, weights: weights[i]! }));
          return model.run(emb, mask === undefined ? { overrides: injected } : { mask, overrides: injected }).probabilities;
        };
        const { value, grads } = tf.valueAndGrads(run)(
          overrides.map((o) => o.weights),
          tf.tensor2d(oneHot, [x.batch, C]),
        );
        return [value, ...grads];
      });
      const [probs, ...grads] = await readAndDispose(out);
      assertFiniteResult(fn, 'outputs', probs!);
      for (const g of grads) assertFiniteResult(fn, 'attention gradients', g);
      return {
        outputs: toFloatTensor(probs!, [x.batch, C]),
        gradients: grads.map((g, i) => toFloatTensor(g, x.overrides[i]!.shape)),
      };
    },
  };
}
