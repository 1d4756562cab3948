import * as tf from '@tensorflow/tfjs-core';
import { InputRangeError, ShapeMismatchError } from '../../errors/index.js';
import { checkInteger, checkOptions, checkSeed } from '../../internal/options.js';
import type { ModelInfo } from '../../types/adapter.js';
import { ClassifierBase } from './classifierBase.js';
import type { WeightSpec } from './classifierBase.js';
import { checkName, checkSpecialTokens } from './configUtils.js';
import { addSameShape, attention, attentionWithWeights, dense, embeddingLookup, firstRow, gelu, layerNorm, replaceHeads } from './ops.js';
import type { RunOptions, RunResult, TransformerClassifierConfig } from './types.js';

const KNOWN: readonly (keyof TransformerClassifierConfig)[] = [
  'vocabSize',
  'maxLength',
  'embeddingDim',
  'layers',
  'heads',
  'ffDim',
  'numClasses',
  'seed',
  'specialTokens',
  'name',
];

type Resolved = Required<TransformerClassifierConfig>;

function resolve(config: TransformerClassifierConfig): Resolved {
  const fn = 'TransformerClassifier';
  const c = checkOptions<TransformerClassifierConfig>(fn, config, KNOWN);
  const vocabSize = checkInteger(fn, 'vocabSize', c.vocabSize, 1, 2 ** 24);
  const maxLength = checkInteger(fn, 'maxLength', c.maxLength, 1, 2 ** 16);
  const embeddingDim = checkInteger(fn, 'embeddingDim', c.embeddingDim, 1, 2 ** 14);
  const layers = checkInteger(fn, 'layers', c.layers, 1, 256);
  const heads = checkInteger(fn, 'heads', c.heads, 1, embeddingDim);
  if (embeddingDim % heads !== 0) throw new InputRangeError(fn, `embeddingDim must be a multiple of heads = ${heads}`, embeddingDim);
  const ffDim = checkInteger(fn, 'ffDim', c.ffDim, 1, 2 ** 16);
  const numClasses = checkInteger(fn, 'numClasses', c.numClasses, 2, 2 ** 16);
  const seed = c.seed === undefined ? 0 : checkSeed(fn, c.seed);
  const specialTokens = checkSpecialTokens(fn, c.specialTokens, vocabSize);
  const name = checkName(fn, c.name, 'transformer');
  return { vocabSize, maxLength, embeddingDim, layers, heads, ffDim, numClasses, seed, specialTokens, name };
}

function specsOf(c: Resolved): WeightSpec[] {
  const d = c.embeddingDim;
  const glorot = { kind: 'glorotUniform' } as const;
  const zeros = { kind: 'zeros' } as const;
  const ones = { kind: 'ones' } as const;
  const specs: WeightSpec[] = [
    { name: 'embeddings/token', shape: [c.vocabSize, d], init: { kind: 'normal', std: 1 } },
    { name: 'embeddings/position', shape: [c.maxLength, d], init: { kind: 'normal', std: 0.1 } },
  ];
  for (let l = 0; l < c.layers; l++) {
    const p = `layer${l}`;
    specs.push(
      { name: `${p}/ln1/gamma`, shape: [d], init: ones },
      { name: `${p}/ln1/beta`, shape: [d], init: zeros },
      { name: `${p}/attention/query/kernel`, shape: [d, d], init: glorot },
      { name: `${p}/attention/query/bias`, shape: [d], init: zeros },
      { name: `${p}/attention/key/kernel`, shape: [d, d], init: glorot },
      { name: `${p}/attention/key/bias`, shape: [d], init: zeros },
      { name: `${p}/attention/value/kernel`, shape: [d, d], init: glorot },
      { name: `${p}/attention/value/bias`, shape: [d], init: zeros },
      { name: `${p}/attention/output/kernel`, shape: [d, d], init: glorot },
      { name: `${p}/attention/output/bias`, shape: [d], init: zeros },
      { name: `${p}/ln2/gamma`, shape: [d], init: ones },
      { name: `${p}/ln2/beta`, shape: [d], init: zeros },
      { name: `${p}/ffn/inner/kernel`, shape: [d, c.ffDim], init: glorot },
      { name: `${p}/ffn/inner/bias`, shape: [c.ffDim], init: zeros },
      { name: `${p}/ffn/output/kernel`, shape: [c.ffDim, d], init: glorot },
      { name: `${p}/ffn/output/bias`, shape: [d], init: zeros },
    );
  }
  specs.push(
    { name: 'final_ln/gamma', shape: [d], init: ones },
    { name: 'final_ln/beta', shape: [d], init: zeros },
    { name: 'classifier/kernel', shape: [d, c.numClasses], init: glorot },
    { name: 'classifier/bias', shape: [c.numClasses], init: zeros },
  );
  return specs;
}

/**
 * A small BERT-style encoder classifier built from tfjs-core ops, with attention read-out and
 * attention override at any layer and head.
 *
 * Architecture (pre-LN; `d` = `embeddingDim`, `H` = `heads`, `d_h = d/H`):
 * ```
 * x⁰ = E[b] + P[0:n]                    E: token embeddings (embedTokens), P: learned positions
 * for l = 1…L:
 *   h  = LN₁(xˡ⁻¹);  Q, K, V = h·W_q + b_q, h·W_k + b_k, h·W_v + b_v   (split into H heads)
 *   A  = softmax(Q·Kᵀ/√d_h) over unmasked keys (masked keys get exactly 0)   [B, H, n, n], row = query
 *   A  ← override, where given
 *   x  = xˡ⁻¹ + concat_heads(A·V)·W_o + b_o
 *   xˡ = x + GELU(LN₂(x)·W₁ + b₁)·W₂ + b₂          (GELU: tanh approximation)
 * y = softmax(LN_f(x^L)[0]·W_c + b_c)               [CLS] pooling: position 0
 * ```
 * After the last attention block only the [CLS] row is computed further, and unless the last layer's
 * attention is read out or replaced, that layer computes only the [CLS] query (exact shortcuts). Inside,
 * activations are sequence-major `[n, B, d]`, and the blocks are single tape nodes with hand-written
 * gradients (see `ops.ts` and docs/tfjs.md §7 for the WASM backend's performance traps).
 *
 * **Positions are added inside `run`, not by `embedTokens`**: the adapter's `embed` returns pure
 * token embeddings, so a gradient with respect to them is a gradient per token (and a zero
 * baseline keeps the positions). The mask hides keys; position 0 is always the read-out query, so
 * masking it hides it from the other positions but not from the classifier.
 *
 * Weights are `tf.Variable`s drawn from faithcheck's seeded PRNG (Glorot-uniform matrices, N(0, 1)
 * token and N(0, 0.1²) position embeddings, zero biases, unit LayerNorm gains), so the same
 * config gives the same initial model on every backend. Call `await initBackend()` first.
 *
 * @example
 * await initBackend();
 * const model = new TransformerClassifier({ vocabSize: 100, maxLength: 32, embeddingDim: 16, layers: 2, heads: 2, ffDim: 32, numClasses: 2, seed: 1 });
 * const adapter = tfjsAdapter(model);
 * adapter.info.attention; // => { layers: 2, heads: 2, queries: 'tokens' }
 * model.dispose();
 */
export class TransformerClassifier extends ClassifierBase {
  readonly kind = 'transformer' as const;
  readonly config: Readonly<Resolved>;
  readonly info: ModelInfo;

  /**
   * @param config - sizes and seed; see {@link TransformerClassifierConfig}.
   * @throws InputTypeError / InputRangeError for a malformed config (non-integers, `embeddingDim`
   *   not a multiple of `heads`, `numClasses` < 2, …).
   * @throws Error if no TensorFlow.js backend is ready.
   */
  constructor(config: TransformerClassifierConfig) {
    const resolved = resolve(config);
    super('TransformerClassifier', specsOf(resolved), resolved.seed);
    this.config = Object.freeze(resolved);
    this.info = Object.freeze({
      name: resolved.name,
      numClasses: resolved.numClasses,
      outputKind: 'probabilities' as const,
      embeddingDim: resolved.embeddingDim,
      vocabSize: resolved.vocabSize,
      maxLength: resolved.maxLength,
      attention: Object.freeze({ layers: resolved.layers, heads: resolved.heads, queries: 'tokens' as const }),
      specialTokens: resolved.specialTokens,
    });
  }

  embedTokens(ids: tf.Tensor): tf.Tensor {
    return embeddingLookup(this.weight<tf.Rank.R2>('embeddings/token'), ids);
  }

  run(embeddings: tf.Tensor3D, options: RunOptions = {}): RunResult {
    const [B, n, d] = embeddings.shape;
    const { layers: L, heads: H } = this.config;
    if (d !== this.config.embeddingDim) {
      throw new ShapeMismatchError('TransformerClassifier.run', `embeddings must be [B, n, ${this.config.embeddingDim}]`, embeddings.shape);
    }
    if (n > this.config.maxLength) {
      throw new InputRangeError('TransformerClassifier.run', `sequence length must be at most maxLength = ${this.config.maxLength}`, n);
    }
    const w = <R extends tf.Rank>(name: string): tf.Tensor<R> => this.weight<R>(name);
    const scale = 1 / Math.sqrt(d / H);
    const overrides = new Map((options.overrides ?? []).map((o) => [o.layer, o]));
    const attentions: tf.Tensor[] = [];

    // Sequence-major [n, B, d] inside: the attention's grouped products then need fewer transposes.
    const positions = tf.reshape(tf.slice(w<tf.Rank.R2>('embeddings/position'), [0, 0], [n, d]), [n, 1, d]);
    let x: tf.Tensor = tf.add(tf.transpose(embeddings, [1, 0, 2]), positions);
    for (let l = 0; l < L; l++) {
      const p = `layer${l}`;
      const o = overrides.get(l);
      const h = layerNorm(x, w(`${p}/ln1/gamma`), w(`${p}/ln1/beta`));
      const k = dense(h, w(`${p}/attention/key/kernel`), w(`${p}/attention/key/bias`));
      const v = dense(h, w(`${p}/attention/value/kernel`), w(`${p}/attention/value/bias`));
      // Only the [CLS] row feeds the classifier after the last attention block: unless its
      // weights are read out or replaced, the last layer computes one query row, not n.
      const clsOnly = l === L - 1 && !options.returnAttention && o === undefined;
      if (clsOnly) x = firstRow(x);
      const hq = clsOnly ? layerNorm(x, w(`${p}/ln1/gamma`), w(`${p}/ln1/beta`)) : h;
      // 1/√d_h folded into the (small) query weights rather than applied to q or the scores
      const wq = tf.mul(w<tf.Rank.R2>(`${p}/attention/query/kernel`), scale) as tf.Tensor2D;
      const q = dense(hq, wq, tf.mul(w<tf.Rank.R1>(`${p}/attention/query/bias`), scale) as tf.Tensor1D);
      let context: tf.Tensor;
      if (o === undefined && !options.returnAttention) {
        context = attention(q, k, v, H, options.mask ?? null);
      } else {
        const r = attentionWithWeights(q, k, v, H, options.mask ?? null, o === undefined ? null : (a) => replaceHeads(a, o.heads, o.weights));
        context = r.context;
        if (options.returnAttention) attentions.push(r.weights);
      }
      x = addSameShape(x, dense(context, w(`${p}/attention/output/kernel`), w(`${p}/attention/output/bias`)));
      if (l === L - 1 && !clsOnly) x = firstRow(x);
      const h2 = layerNorm(x, w(`${p}/ln2/gamma`), w(`${p}/ln2/beta`));
      const inner = gelu(dense(h2, w(`${p}/ffn/inner/kernel`), w(`${p}/ffn/inner/bias`)));
      x = addSameShape(x, dense(inner, w(`${p}/ffn/output/kernel`), w(`${p}/ffn/output/bias`)));
    }
    const cls = tf.reshape(layerNorm(x, w('final_ln/gamma'), w('final_ln/beta')), [B, d]);
    const logits = dense(cls, w('classifier/kernel'), w('classifier/bias')) as tf.Tensor2D;
    const probabilities = tf.softmax(logits);
    return options.returnAttention ? { logits, probabilities, attention: tf.stack(attentions, 1) } : { logits, probabilities };
  }
}
