/**
 * Independent float64 re-implementations of the two reference models' forward passes, written
 * from their documented equations with plain loops over the weights exported by `getWeights()`.
 * The tests compare TensorFlow.js against these and run finite differences on them in float64.
 */
import type { AttentionRnnClassifierConfig, NamedWeight, TransformerClassifierConfig } from '../../../src/backends/tfjs/index.js';

type Weights = Map<string, Float64Array>;

export function weightMap(weights: readonly NamedWeight[]): Weights {
  return new Map(weights.map((w) => [w.name, Float64Array.from(w.data)]));
}

/** Override of one layer for one example: `weights[j]` is head `heads[j]`'s `[Q, n]` matrix (row-major). */
export interface RefOverride {
  readonly layer: number;
  readonly heads: readonly number[];
  readonly weights: readonly Float64Array[];
}

export interface RefResult {
  readonly probs: Float64Array;
  /** `[L][H]` → `[Q·n]` row-major. */
  readonly attention: Float64Array[][];
}

/** y[r] = x[r] · W + b for x `[rows, inDim]`, W `[inDim, outDim]`. */
function affine(x: Float64Array, rows: number, inDim: number, W: Float64Array, b: Float64Array | null, outDim: number): Float64Array {
  const y = new Float64Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outDim; o++) {
      let s = b === null ? 0 : b[o]!;
      for (let i = 0; i < inDim; i++) s += x[r * inDim + i]! * W[i * outDim + o]!;
      y[r * outDim + o] = s;
    }
  }
  return y;
}

function layerNorm(x: Float64Array, rows: number, d: number, g: Float64Array, b: Float64Array): Float64Array {
  const y = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[r * d + i]!;
    mean /= d;
    let v = 0;
    for (let i = 0; i < d; i++) v += (x[r * d + i]! - mean) ** 2;
    v /= d;
    const inv = 1 / Math.sqrt(v + 1e-5);
    for (let i = 0; i < d; i++) y[r * d + i] = (x[r * d + i]! - mean) * inv * g[i]! + b[i]!;
  }
  return y;
}

const gelu = (x: number): number => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Softmax of `s` over the indices where `keep` is true; others 0; all zeros if none kept. */
function maskedSoftmax(s: ArrayLike<number>, keep: (j: number) => boolean): Float64Array {
  const n = s.length;
  const out = new Float64Array(n);
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (keep(j)) max = Math.max(max, s[j]!);
  if (max === -Infinity) return out;
  let z = 0;
  for (let j = 0; j < n; j++) {
    if (keep(j)) {
      out[j] = Math.exp(s[j]! - max);
      z += out[j]!;
    }
  }
  for (let j = 0; j < n; j++) out[j]! /= z;
  return out;
}

function softmax(x: Float64Array): Float64Array {
  return maskedSoftmax(x, () => true);
}

/** Transformer forward for one example: `emb` `[n, d]`, `mask` length n (1 keep / 0 hide). */
export function referenceTransformer(
  config: Required<Pick<TransformerClassifierConfig, 'embeddingDim' | 'layers' | 'heads' | 'ffDim' | 'numClasses'>>,
  W: Weights,
  emb: Float64Array,
  n: number,
  mask?: ArrayLike<number>,
  overrides: readonly RefOverride[] = [],
): RefResult {
  const { embeddingDim: d, layers: L, heads: H, ffDim: F, numClasses: C } = config;
  const dh = d / H;
  const get = (name: string): Float64Array => W.get(name)!;
  let x = new Float64Array(n * d);
  const pos = get('embeddings/position');
  for (let i = 0; i < n * d; i++) x[i] = emb[i]! + pos[i]!;
  const attention: Float64Array[][] = [];
  for (let l = 0; l < L; l++) {
    const p = `layer${l}`;
    const h = layerNorm(x, n, d, get(`${p}/ln1/gamma`), get(`${p}/ln1/beta`));
    const q = affine(h, n, d, get(`${p}/attention/query/kernel`), get(`${p}/attention/query/bias`), d);
    const k = affine(h, n, d, get(`${p}/attention/key/kernel`), get(`${p}/attention/key/bias`), d);
    const v = affine(h, n, d, get(`${p}/attention/value/kernel`), get(`${p}/attention/value/bias`), d);
    const ctx = new Float64Array(n * d);
    const layerAtt: Float64Array[] = [];
    const o = overrides.find((ov) => ov.layer === l);
    for (let hh = 0; hh < H; hh++) {
      let a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        const s = new Float64Array(n);
        for (let j = 0; j < n; j++) {
          let dot = 0;
          for (let c = 0; c < dh; c++) dot += q[i * d + hh * dh + c]! * k[j * d + hh * dh + c]!;
          s[j] = dot / Math.sqrt(dh);
        }
        a.set(maskedSoftmax(s, (j) => mask === undefined || mask[j] === 1), i * n);
      }
      const oi = o === undefined ? -1 : o.heads.indexOf(hh);
      if (oi >= 0) a = Float64Array.from(o!.weights[oi]!);
      layerAtt.push(a);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < dh; c++) {
          let sum = 0;
          for (let j = 0; j < n; j++) sum += a[i * n + j]! * v[j * d + hh * dh + c]!;
          ctx[i * d + hh * dh + c] = sum;
        }
      }
    }
    attention.push(layerAtt);
    const proj = affine(ctx, n, d, get(`${p}/attention/output/kernel`), get(`${p}/attention/output/bias`), d);
    const x1 = x.map((xi, i) => xi + proj[i]!);
    const h2 = layerNorm(x1, n, d, get(`${p}/ln2/gamma`), get(`${p}/ln2/beta`));
    const inner = affine(h2, n, d, get(`${p}/ffn/inner/kernel`), get(`${p}/ffn/inner/bias`), F).map(gelu);
    const out = affine(inner, n, F, get(`${p}/ffn/output/kernel`), get(`${p}/ffn/output/bias`), d);
    x = x1.map((xi, i) => xi + out[i]!);
  }
  const cls = layerNorm(x.subarray(0, d), 1, d, get('final_ln/gamma'), get('final_ln/beta'));
  const logits = affine(cls, 1, d, get('classifier/kernel'), get('classifier/bias'), C);
  return { probs: softmax(logits), attention };
}

/** Attention-RNN forward for one example (Jain & Wallace), as documented on AttentionRnnClassifier. */
export function referenceAttentionRnn(
  config: Required<Pick<AttentionRnnClassifierConfig, 'embeddingDim' | 'hiddenDim' | 'encoder' | 'numClasses' | 'attentionDim' | 'maskFirstPosition'>>,
  W: Weights,
  emb: Float64Array,
  n: number,
  mask?: ArrayLike<number>,
  overrides: readonly RefOverride[] = [],
): RefResult {
  const { embeddingDim: d, hiddenDim: h, encoder, numClasses: C, attentionDim: A } = config;
  const get = (name: string): Float64Array => W.get(name)!;
  const kept = (t: number): boolean => mask === undefined || mask[t] === 1;
  const S = encoder === 'bilstm' ? 2 * h : h;
  const states = new Float64Array(n * S);
  if (encoder === 'average') {
    const y = affine(emb, n, d, get('encoder/projection/kernel'), get('encoder/projection/bias'), h);
    for (let i = 0; i < y.length; i++) states[i] = Math.tanh(y[i]!);
  } else {
    for (const [dir, offset] of [['forward', 0], ['backward', h]] as const) {
      const Wk = get(`encoder/${dir}/kernel`);
      const U = get(`encoder/${dir}/recurrent_kernel`);
      const b = get(`encoder/${dir}/bias`);
      let hs = new Float64Array(h);
      let cs = new Float64Array(h);
      const order = Array.from({ length: n }, (_, t) => (dir === 'forward' ? t : n - 1 - t));
      for (const t of order) {
        if (kept(t)) {
          const g = new Float64Array(4 * h);
          for (let o = 0; o < 4 * h; o++) {
            let s = b[o]!;
            for (let i = 0; i < d; i++) s += emb[t * d + i]! * Wk[i * 4 * h + o]!;
            for (let i = 0; i < h; i++) s += hs[i]! * U[i * 4 * h + o]!;
            g[o] = s;
          }
          const nc = new Float64Array(h);
          const nh = new Float64Array(h);
          for (let i = 0; i < h; i++) {
            const ig = sigmoid(g[i]!);
            const fg = sigmoid(g[h + i]!);
            const gg = Math.tanh(g[2 * h + i]!);
            const og = sigmoid(g[3 * h + i]!);
            nc[i] = fg * cs[i]! + ig * gg;
            nh[i] = og * Math.tanh(nc[i]!);
          }
          cs = nc;
          hs = nh;
        }
        for (let i = 0; i < h; i++) states[t * S + offset + i] = hs[i]!;
      }
    }
  }
  const u = affine(states, n, S, get('attention/kernel'), get('attention/bias'), A).map(Math.tanh);
  const scores = affine(u, n, A, get('attention/context'), null, 1);
  const others = Array.from({ length: n }, (_, t) => t).some((t) => t > 0 && kept(t));
  let alpha = maskedSoftmax(scores, (t) => kept(t) && !(config.maskFirstPosition && t === 0 && others));
  const o = overrides.find((ov) => ov.layer === 0);
  if (o !== undefined) alpha = Float64Array.from(o.weights[0]!);
  const ctx = new Float64Array(S);
  for (let t = 0; t < n; t++) for (let i = 0; i < S; i++) ctx[i]! += alpha[t]! * states[t * S + i]!;
  const logits = affine(ctx, 1, S, get('classifier/kernel'), get('classifier/bias'), C);
  return { probs: softmax(logits), attention: [[alpha]] };
}
