import * as tf from '@tensorflow/tfjs-core';
import { InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { checkBoolean, checkOptions } from '../../internal/options.js';
import { normalizeTensor } from '../../internal/tensor.js';
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

  const parse = (fn: string, embeddings: TensorLike, options: GradientOptions | undefined, requireOverrides: boolean): Inputs => {
    const emb = normalizeTensor(fn, 'embeddings', embeddings, { rank: 3 });
    const [B, n, dim] = emb.shape as [number, number, number];
    if (dim !== d) throw new ShapeMismatchError(fn, `embeddings must be [B, n, ${d}]`, emb.shape);
    if (B === 0 || n === 0) throw new ShapeMismatchError(fn, 'embeddings must not be empty', emb.shape);
    if (info.maxLength !== undefined && n > info.maxLength) {
      throw new ShapeMismatchError(fn, `sequence length must be at most maxLength = ${info.maxLength}`, n);
    }
    let mask: Float32Array | null = null;
    if (options?.inputMask !== undefined) {
      const m = normalizeTensor(fn, 'inputMask', options.inputMask as TensorLike, { rank: 2 });
      if (m.shape[0] !== B || m.shape[1] !== n) throw new ShapeMismatchError(fn, `inputMask must be [${B}, ${n}]`, m.shape);
      mask = new Float32Array(B * n);
      for (let i = 0; i < mask.length; i++) {
        const v = m.data[i]!;
        if (v !== 0 && v !== 1) throw new InputRangeError(fn, `inputMask values must be 0 or 1`, v);
        mask[i] = v;
      }
    }
    const given = options?.attention;
    if (given !== undefined && !Array.isArray(given)) throw new InputTypeError(fn, 'attention must be an array of overrides', given);
    if (requireOverrides && (given === undefined || given.length === 0)) {
      throw new ShapeMismatchError(fn, 'options.attention must hold at least one override', given);
    }
    const Q = att.queries === 'tokens' ? n : 1;
    const seen = new Set<number>();
    const overrides = (given ?? []).map((o: AttentionOverride, i: number) => {
      if (o === null || typeof o !== 'object') throw new InputTypeError(fn, `attention[${i}] must be { layer, heads?, weights }`, o);
      const layer = o.layer;
      if (!Number.isInteger(layer)) throw new InputTypeError(fn, `attention[${i}].layer must be an integer`, layer);
      if (layer < 0 || layer >= att.layers) throw new InputRangeError(fn, `attention[${i}].layer must be in [0, ${att.layers})`, layer);
      if (seen.has(layer)) throw new InputRangeError(fn, `attention holds two overrides for layer ${layer}`, layer);
      seen.add(layer);
      let heads: number[];
      if (o.heads === undefined) {
        heads = Array.from({ length: att.heads }, (_, h) => h);
      } else {
        if (!Array.isArray(o.heads) || o.heads.length === 0) throw new InputTypeError(fn, `attention[${i}].heads must be a non-empty array`, o.heads);
        heads = [...o.heads];
        const hs = new Set<number>();
        for (const h of heads) {
          if (!Number.isInteger(h)) throw new InputTypeError(fn, `attention[${i}].heads must hold integers`, o.heads);
          if (h < 0 || h >= att.heads || hs.has(h)) {
            throw new InputRangeError(fn, `attention[${i}].heads must hold distinct heads in [0, ${att.heads})`, o.heads);
          }
          hs.add(h);
        }
      }
      const wt = normalizeTensor(fn, `attention[${i}].weights`, o.weights as TensorLike, { rank: 4 });
      const expected = [B, heads.length, Q, n];
      if (wt.shape.some((s, k) => s !== expected[k])) {
        throw new ShapeMismatchError(fn, `attention[${i}].weights must be [${expected.join(', ')}]`, wt.shape);
      }
      return { layer, heads, data: Float32Array.from(wt.data), shape: expected };
    });
    return { batch: B, length: n, embeddings: Float32Array.from(emb.data), mask, overrides };
  };

  const parseTarget = (fn: string, target: number | ArrayLike<number>, B: number): Float32Array => {
    const oneHot = new Float32Array(B * C);
    const check = (t: unknown, where: string): number => {
      if (typeof t !== 'number' || !Number.isInteger(t)) throw new InputTypeError(fn, `${where} must be an integer class index`, t);
      if (t < 0 || t >= C) throw new InputRangeError(fn, `${where} must be in [0, ${C})`, t);
      return t;
    };
    if (typeof target === 'number') {
      const t = check(target, 'target');
      for (let b = 0; b < B; b++) oneHot[b * C + t] = 1;
    } else {
      if (target === null || typeof target !== 'object' || typeof target.length !== 'number') {
        throw new InputTypeError(fn, 'target must be a class index or one per example', target);
      }
      if (target.length !== B) throw new ShapeMismatchError(fn, `target must have one entry per example (${B})`, target.length);
      for (let b = 0; b < B; b++) oneHot[b * C + check(target[b], `target[${b}]`)] = 1;
    }
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
      return {
        outputs: toFloatTensor(probs!, [x.batch, C]),
        gradients: grads.map((g, i) => toFloatTensor(g, x.overrides[i]!.shape)),
      };
    },
  };
}
