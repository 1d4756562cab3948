import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '../../errors/index.js';
import { checkBoolean, checkEnum, checkInteger, checkOptions, checkSeed } from '../../internal/options.js';
import type { ModelInfo } from '../../types/adapter.js';
import { ClassifierBase } from './classifierBase.js';
import type { WeightSpec } from './classifierBase.js';
import { checkName, checkSpecialTokens } from './configUtils.js';
import { dense, embeddingLookup, maskedSoftmax, matMul2d, stackTime, timeStep } from './ops.js';
import type { AttentionRnnClassifierConfig, RunOptions, RunResult } from './types.js';

const KNOWN: readonly (keyof AttentionRnnClassifierConfig)[] = [
  'vocabSize',
  'embeddingDim',
  'hiddenDim',
  'encoder',
  'numClasses',
  'attentionDim',
  'maskFirstPosition',
  'seed',
  'specialTokens',
  'name',
];

type Resolved = Required<AttentionRnnClassifierConfig>;

function resolve(config: AttentionRnnClassifierConfig): Resolved {
  const fn = 'AttentionRnnClassifier';
  const c = checkOptions<AttentionRnnClassifierConfig>(fn, config, KNOWN);
  const vocabSize = checkInteger(fn, 'vocabSize', c.vocabSize, 1, 2 ** 24);
  const embeddingDim = checkInteger(fn, 'embeddingDim', c.embeddingDim, 1, 2 ** 14);
  const hiddenDim = checkInteger(fn, 'hiddenDim', c.hiddenDim, 1, 2 ** 14);
  const encoder = checkEnum(fn, 'encoder', c.encoder, ['bilstm', 'average'] as const);
  const numClasses = checkInteger(fn, 'numClasses', c.numClasses, 2, 2 ** 16);
  const stateDim = encoder === 'bilstm' ? 2 * hiddenDim : hiddenDim;
  const attentionDim = c.attentionDim === undefined ? Math.max(1, Math.floor(stateDim / 2)) : checkInteger(fn, 'attentionDim', c.attentionDim, 1, 2 ** 14);
  const maskFirstPosition = c.maskFirstPosition === undefined ? true : checkBoolean(fn, 'maskFirstPosition', c.maskFirstPosition);
  const seed = c.seed === undefined ? 0 : checkSeed(fn, c.seed);
  const specialTokens = checkSpecialTokens(fn, c.specialTokens, vocabSize);
  const name = checkName(fn, c.name, `attention-rnn-${encoder}`);
  return { vocabSize, embeddingDim, hiddenDim, encoder, numClasses, attentionDim, maskFirstPosition, seed, specialTokens, name };
}

function specsOf(c: Resolved): WeightSpec[] {
  const d = c.embeddingDim;
  const h = c.hiddenDim;
  const glorot = { kind: 'glorotUniform' } as const;
  const zeros = { kind: 'zeros' } as const;
  const specs: WeightSpec[] = [{ name: 'embeddings/token', shape: [c.vocabSize, d], init: { kind: 'normal', std: 1 } }];
  if (c.encoder === 'bilstm') {
    for (const dir of ['forward', 'backward']) {
      specs.push(
        { name: `encoder/${dir}/kernel`, shape: [d, 4 * h], init: glorot },
        { name: `encoder/${dir}/recurrent_kernel`, shape: [h, 4 * h], init: glorot },
        { name: `encoder/${dir}/bias`, shape: [4 * h], init: { kind: 'lstmBias' } },
      );
    }
  } else {
    specs.push({ name: 'encoder/projection/kernel', shape: [d, h], init: glorot }, { name: 'encoder/projection/bias', shape: [h], init: zeros });
  }
  const s = c.encoder === 'bilstm' ? 2 * h : h;
  specs.push(
    { name: 'attention/kernel', shape: [s, c.attentionDim], init: glorot },
    { name: 'attention/bias', shape: [c.attentionDim], init: zeros },
    { name: 'attention/context', shape: [c.attentionDim, 1], init: glorot },
    { name: 'classifier/kernel', shape: [s, c.numClasses], init: glorot },
    { name: 'classifier/bias', shape: [c.numClasses], init: zeros },
  );
  return specs;
}

/**
 * Jain & Wallace's (2019) attention classifier built from tfjs-core ops: one additive (tanh)
 * attention layer over encoder states, with attention read-out and override.
 *
 * ```
 * e_t  = E[token_t]                                        (embedTokens; no positions)
 * h_t  = BiLSTM(e)_t = [→h_t ; ←h_t]       ('bilstm', states 2·hiddenDim)
 *      | tanh(W_p e_t + b_p)               ('average': projected embeddings, no context)
 * s_t  = w₂ᵀ tanh(W₁ h_t + b₁)
 * α    = softmax(s) over the attended positions (others get exactly 0)     [B, 1, 1, 1, n]
 * α    ← override, where given
 * y    = softmax(W_o Σ_t α_t h_t + b_o)
 * ```
 * **Masks.** A masked position (inputMask 0) is skipped by the LSTM in both directions (the state
 * is carried over it unchanged, as if the token were deleted) and gets no attention, so it cannot
 * influence the output. With `maskFirstPosition` (default), position 0 (`[CLS]`) is treated like
 * Jain & Wallace's `<SOS>`: it is encoded (the LSTMs read it) but masked to −∞ in the attention,
 * which stops the classifier from pooling the backward LSTM's whole-sequence summary through it.
 * When no other position is available (`n = 1`, or every other position masked), position 0 is
 * attended after all, so attention rows always sum to 1 over the unmasked keys. A row with every
 * position masked has all-zero attention and context.
 *
 * LSTM gates are in the order i, f, g, o, with the forget-gate bias initialised to 1. Binary
 * outputs use a two-class softmax where Jain & Wallace use one sigmoid.
 *
 * `info.attention = { layers: 1, heads: 1, queries: 'single' }`; overrides are `[B, 1, 1, n]`.
 *
 * @see https://arxiv.org/abs/1902.10186 (Jain & Wallace, "Attention is not Explanation")
 * @see https://github.com/successar/AttentionExplanation/blob/425a89a/model/modules/Attention.py (TanhAttention)
 * @example
 * await initBackend();
 * const model = new AttentionRnnClassifier({ vocabSize: 100, embeddingDim: 16, hiddenDim: 8, encoder: 'bilstm', numClasses: 2, seed: 1 });
 * tfjsAdapter(model).info.attention; // => { layers: 1, heads: 1, queries: 'single' }
 * model.dispose();
 */
export class AttentionRnnClassifier extends ClassifierBase {
  readonly kind = 'attention-rnn' as const;
  readonly config: Readonly<Resolved>;
  readonly info: ModelInfo;

  /**
   * @param config - sizes, encoder and seed; see {@link AttentionRnnClassifierConfig}.
   * @throws InputTypeError / InputRangeError for a malformed config.
   * @throws Error if no TensorFlow.js backend is ready.
   */
  constructor(config: AttentionRnnClassifierConfig) {
    const resolved = resolve(config);
    super('AttentionRnnClassifier', specsOf(resolved), resolved.seed);
    this.config = Object.freeze(resolved);
    this.info = Object.freeze({
      name: resolved.name,
      numClasses: resolved.numClasses,
      outputKind: 'probabilities' as const,
      embeddingDim: resolved.embeddingDim,
      vocabSize: resolved.vocabSize,
      attention: Object.freeze({ layers: 1, heads: 1, queries: 'single' as const }),
      specialTokens: resolved.specialTokens,
    });
  }

  embedTokens(ids: tf.Tensor): tf.Tensor {
    return embeddingLookup(this.weight<tf.Rank.R2>('embeddings/token'), ids);
  }

  /** `[B, n, stateDim]` encoder states. */
  #encode(embeddings: tf.Tensor3D, mask: tf.Tensor | undefined): tf.Tensor3D {
    const [B, n] = embeddings.shape;
    const w = <R extends tf.Rank>(name: string): tf.Tensor<R> => this.weight<R>(name);
    if (this.config.encoder === 'average') {
      return tf.tanh(dense(embeddings, w('encoder/projection/kernel'), w('encoder/projection/bias'))) as tf.Tensor3D;
    }
    const h = this.config.hiddenDim;
    const w2 = (name: string): tf.Tensor2D => this.weight<tf.Rank.R2>(name);
    // [W ; U]: one matMul of [x_t ; h_{t−1}] per direction and step (2-D matMuls: the WASM
    // backend's batched matMul is far slower).
    const kernelF = tf.concat([w2('encoder/forward/kernel'), w2('encoder/forward/recurrent_kernel')], 0); // [d + h, 4h]
    const kernelB = tf.concat([w2('encoder/backward/kernel'), w2('encoder/backward/recurrent_kernel')], 0);
    // Both directions advance together: step t runs the forward LSTM at position t and the
    // backward LSTM at position n−1−t; their states are stacked as rows [0, B) and [B, 2B).
    const bias = tf.concat(
      [tf.broadcastTo(w<tf.Rank.R1>('encoder/forward/bias'), [B, 4 * h]), tf.broadcastTo(w<tf.Rank.R1>('encoder/backward/bias'), [B, 4 * h])],
      0,
    ); // [2B, 4h]
    // Float masks, not booleans: the WASM backend mishandles broadcast bool tensors in tf.where.
    let keep: tf.Tensor | null = null; // [n, 2B]: row t = [mask[:, t] ; mask[:, n−1−t]]
    if (mask !== undefined) {
      const mt = tf.transpose(mask, [1, 0]);
      keep = tf.concat([mt, tf.reverse(mt, 0)], 1);
    }
    let state: tf.Tensor = tf.zeros([2 * B, h]);
    let cell: tf.Tensor = tf.zeros([2 * B, h]);
    const forward: tf.Tensor[] = [];
    const backward: tf.Tensor[] = [];
    for (let t = 0; t < n; t++) {
      const hf = tf.slice(state, [0, 0], [B, h]);
      const hb = tf.slice(state, [B, 0], [B, h]);
      const gates = tf.add(
        tf.concat(
          [
            matMul2d(tf.concat([timeStep(embeddings, t), hf], 1), kernelF),
            matMul2d(tf.concat([timeStep(embeddings, n - 1 - t), hb], 1), kernelB),
          ],
          0,
        ),
        bias,
      ); // [2B, 4h]
      const [gi, gf, gg, go] = tf.split(gates, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const newCell = tf.add(tf.mul(tf.sigmoid(gf), cell), tf.mul(tf.sigmoid(gi), tf.tanh(gg)));
      const newState = tf.mul(tf.sigmoid(go), tf.tanh(newCell));
      if (keep === null) {
        cell = newCell;
        state = newState;
      } else {
        // m·new + (1 − m)·old with m ∈ {0, 1}: exactly `new` or exactly `old`.
        const on = tf.reshape(tf.gather(keep, [t], 0), [2 * B, 1]);
        const off = tf.sub(1, on);
        cell = tf.add(tf.mul(on, newCell), tf.mul(off, cell));
        state = tf.add(tf.mul(on, newState), tf.mul(off, state));
      }
      forward.push(tf.slice(state, [0, 0], [B, h]));
      backward.push(tf.slice(state, [B, 0], [B, h]));
    }
    backward.reverse(); // backward[t] is now the backward LSTM's state at position t
    return tf.concat([stackTime(forward), stackTime(backward)], 2) as tf.Tensor3D; // [B, n, 2h]
  }

  run(embeddings: tf.Tensor3D, options: RunOptions = {}): RunResult {
    const [B, n, d] = embeddings.shape;
    if (d !== this.config.embeddingDim) {
      throw new ShapeMismatchError('AttentionRnnClassifier.run', `embeddings must be [B, n, ${this.config.embeddingDim}]`, embeddings.shape);
    }
    const w = <R extends tf.Rank>(name: string): tf.Tensor<R> => this.weight<R>(name);
    const states = this.#encode(embeddings, options.mask);
    const hidden = tf.tanh(dense(states, w('attention/kernel'), w('attention/bias')));
    const scores = tf.reshape(dense(hidden, w('attention/context'), null), [B, n]);
    let keyMask: tf.Tensor | null = options.mask ?? null;
    if (this.config.maskFirstPosition && n > 1) {
      // Position 0 is left out unless no other position is attended (then it is the only key).
      const first = tf.concat([tf.zeros([1, 1]), tf.ones([1, n - 1])], 1); // [1, n]
      const available = keyMask ?? tf.ones([B, n]);
      const others = tf.minimum(tf.sum(tf.mul(available, first), 1, true), 1); // [B, 1]: 1 if any other key
      keyMask = tf.mul(available, tf.maximum(first, tf.sub(1, others)));
    }
    let alpha = keyMask === null ? tf.softmax(scores) : maskedSoftmax(scores, keyMask); // [B, n]
    const override = options.overrides?.find((o) => o.layer === 0);
    if (override !== undefined) alpha = tf.reshape(override.weights, [B, n]);
    const context = tf.reshape(tf.matMul(tf.reshape(alpha, [B, 1, n]), states), [B, states.shape[2]]);
    const logits = dense(context, w('classifier/kernel'), w('classifier/bias')) as tf.Tensor2D;
    const probabilities = tf.softmax(logits);
    return options.returnAttention ? { logits, probabilities, attention: tf.reshape(alpha, [B, 1, 1, 1, n]) } : { logits, probabilities };
  }
}
