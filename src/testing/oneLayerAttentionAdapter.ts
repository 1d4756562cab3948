import { InputTypeError, ShapeMismatchError } from '../errors/index.js';
import { type ParsedOverrides, readEmbeddings, readInputMask, readOverrides, readTargets } from '../internal/adapter.js';
import { checkOptions } from '../internal/options.js';
import { normalizeTensor, toVector } from '../internal/tensor.js';
import type {
  AttentionGradientResult,
  AttentionOverride,
  ForwardOptions,
  ForwardResult,
  GradientOptions,
  GradientResult,
  ModelInfo,
} from '../types/adapter.js';
import type { FloatTensor, TensorLike, VectorLike } from '../types/tensor.js';
import { type AttentionParams, type ExampleResult, type HeadOverride, runExample } from './internal/oneLayerAttention.js';
import { lookupEmbeddings, readEmbeddingTable, readForwardOptions, readGradientOptions, readTokens } from './internal/toyHelpers.js';
import type { ModelAdapterWithAttention } from './types.js';

/** Additive (Bahdanau; Jain & Wallace's "tanh") single-query attention parameters. */
export interface AdditiveAttentionParams {
  /** `W` `[H, d, k]` (or `[d, k]` for one head). */
  readonly weight: TensorLike;
  /** `b` `[H, k]` (or `[k]`). Default zeros. */
  readonly bias?: TensorLike;
  /** `v` `[H, k]` (or `[k]`): `score_j = v · tanh(x_j W + b)`. */
  readonly vector: TensorLike;
}

/** Output layer of {@link oneLayerAttentionAdapter}. */
export interface ClassifierParams {
  /** `[H·v, C]`: rows `h·v … h·v + v − 1` read head `h`'s pooled vector. */
  readonly weights: TensorLike;
  /** `[C]`. Default zeros. */
  readonly bias?: VectorLike;
}

/**
 * Parameters of {@link oneLayerAttentionAdapter}. Give either `query` and `key` (scaled
 * dot-product self-attention, `queries: 'tokens'`) or `additive` (single-query attention,
 * `queries: 'single'`). Head-indexed tensors are `[H, …]`, or without the head axis for one head.
 */
export interface OneLayerAttentionAdapterOptions {
  /** Embedding table `[V, d]`: `embed(tokens)` returns the rows of the token ids. */
  readonly embeddings: TensorLike;
  /** Query projections `[H, d, k]` (dot-product self-attention). */
  readonly query?: TensorLike;
  /** Key projections `[H, d, k]` (dot-product self-attention). */
  readonly key?: TensorLike;
  /** Additive single-query attention parameters. */
  readonly additive?: AdditiveAttentionParams;
  /** Value projections `[H, d, v]`. Default: none (`V = x`, `v = d`). */
  readonly value?: TensorLike;
  /** Output layer. */
  readonly classifier: ClassifierParams;
  /** Special token ids to report in `info.specialTokens` (the model itself treats them like any token). */
  readonly specialTokens?: ModelInfo['specialTokens'];
  /** `info.name`. Default `'one-layer attention'`. */
  readonly name?: string;
}

/** A head-indexed parameter: `[H, r, c]` or `[r, c]` (rank 2 means one head) → `{ H, r, c, data }`. */
function readHeadMatrix(fn: string, name: string, x: TensorLike): { H: number; r: number; c: number; data: Float64Array } {
  const t = normalizeTensor(fn, name, x, { rank: [2, 3] });
  const s = t.shape;
  return s.length === 3
    ? { H: s[0]!, r: s[1]!, c: s[2]!, data: Float64Array.from(t.data) }
    : { H: 1, r: s[0]!, c: s[1]!, data: Float64Array.from(t.data) };
}

/** A head-indexed vector: `[H, k]` or `[k]`. */
function readHeadVector(fn: string, name: string, x: TensorLike): { H: number; c: number; data: Float64Array } {
  const t = normalizeTensor(fn, name, x, { rank: [1, 2] });
  const s = t.shape;
  return s.length === 2 ? { H: s[0]!, c: s[1]!, data: Float64Array.from(t.data) } : { H: 1, c: s[0]!, data: Float64Array.from(t.data) };
}

function expectShape(fn: string, name: string, got: readonly number[], want: readonly number[], what: string): void {
  if (got.length !== want.length || got.some((g, i) => g !== want[i])) {
    throw new ShapeMismatchError(fn, `${name} must have shape [${want.join(', ')}] (${what}), found [${got.join(', ')}]`, got);
  }
}

/**
 * A one-layer attention classifier as a plain-array {@link ModelAdapter} with attention read-out,
 * attention overrides and exact analytic gradients — the reference toy for counterfactual-attention
 * and gradient methods.
 *
 * For embeddings `x` `[n, d]` (rows of the embedding table) and input mask `m`, each head `h`
 * computes attention `A_h` and values `V_h = x Wv_h` (`V_h = x` without `value`):
 * - **dot-product self-attention** (`query`, `key`): `A_h[i, ·] = softmax_j((x_i Wq_h)·(x_j Wk_h)/√k)`
 *   over the unmasked keys `j`, `Q = n` queries; pooled `p_h = mean_{i unmasked} (A_h V_h)_i`;
 * - **additive single-query attention** (`additive`, Jain & Wallace's `tanh` attention):
 *   `A_h[0, ·] = softmax_j(v_h · tanh(x_j W_h + b_h))` over the unmasked `j`, `Q = 1`;
 *   pooled `p_h = A_h V_h`.
 *
 * Outputs are probabilities `softmax(bc + Σ_h p_h Wc_h)` (`info.outputKind = 'probabilities'`),
 * and `info.attention = { layers: 1, heads: H, queries }`.
 *
 * - `forward(…, { returnAttention })` returns `[B, 1, H, Q, n]` weights (after overrides).
 * - Overrides (`{ layer: 0, heads?, weights }`) replace the post-softmax weights of the listed heads
 *   with the given weights exactly as given: no renormalisation, and also on masked keys (put zeros
 *   there to keep them hidden). The input mask still excludes masked query rows from the pooling.
 * - `gradient` returns `∂ probs[target] / ∂ x` `[B, n, d]`; injected heads contribute only through
 *   their values (their weights do not depend on `x`).
 * - `attentionGradient` returns, per override, `∂ probs[target] / ∂ weights` with respect to the raw
 *   injected weights: `∂/∂A_h[q, j] = π_q · (Wc_h g) · V_h[j]` with `g = p_t (e_t − p)` and `π_q`
 *   the pooling weight of query `q`.
 *
 * All arithmetic is float64; one example costs `O(H · n · (n·k + d·(k + v)) + H·v·C)`.
 *
 * @param options - see {@link OneLayerAttentionAdapterOptions}.
 * @returns a {@link ModelAdapterWithAttention}.
 * @throws InputTypeError if a parameter is missing, unknown or of the wrong type, or neither/both of
 *   `query`+`key` and `additive` are given.
 * @throws ShapeMismatchError if parameter shapes disagree.
 * @throws InputRangeError if a parameter is not finite, or there are fewer than 2 classes.
 * @see https://arxiv.org/abs/1902.10186 (Jain & Wallace 2019, Attention is not Explanation)
 * @see https://arxiv.org/abs/1706.03762 (scaled dot-product attention)
 * @example
 * // one head, d = 1, no value projection: 2 classes
 * const model = oneLayerAttentionAdapter({
 *   embeddings: [[1], [-1]],
 *   additive: { weight: [[1]], vector: [1] },
 *   classifier: { weights: [[1, -1]] },
 * });
 * const x = await model.embed([0, 1]); // => { data: [1, -1], shape: [2, 1] }
 * const { outputs, attention } = await model.forward({ data: x.data, shape: [1, 2, 1] }, { returnAttention: true });
 * attention!.shape; // => [1, 1, 1, 1, 2]  ([B, L, H, Q, n])
 * outputs.shape; // => [1, 2]
 */
export function oneLayerAttentionAdapter(options: OneLayerAttentionAdapterOptions): ModelAdapterWithAttention {
  const fn = 'oneLayerAttentionAdapter';
  if (options === null || typeof options !== 'object') throw new InputTypeError(fn, 'options must be an object', options);
  const o = checkOptions<OneLayerAttentionAdapterOptions>(fn, options, [
    'embeddings',
    'query',
    'key',
    'additive',
    'value',
    'classifier',
    'specialTokens',
    'name',
  ]);
  if (o.embeddings === undefined) throw new InputTypeError(fn, 'options.embeddings is required', o.embeddings);
  const table = readEmbeddingTable(fn, 'options.embeddings', o.embeddings);
  const d = table.dim;
  const hasDot = o.query !== undefined || o.key !== undefined;
  if (hasDot === (o.additive !== undefined)) {
    throw new InputTypeError(fn, 'give either options.query and options.key (self-attention) or options.additive (single-query attention)', options);
  }
  let kind: 'dot' | 'additive';
  let H: number;
  let k: number;
  let wq: Float64Array | null = null;
  let wk: Float64Array | null = null;
  let wa: Float64Array | null = null;
  let ba: Float64Array | null = null;
  let va: Float64Array | null = null;
  if (hasDot) {
    if (o.query === undefined || o.key === undefined) throw new InputTypeError(fn, 'options.query and options.key must be given together', options);
    kind = 'dot';
    const q = readHeadMatrix(fn, 'options.query', o.query);
    H = q.H;
    k = q.c;
    expectShape(fn, 'options.query', [q.r], [d], 'rows = embedding size');
    const kk = readHeadMatrix(fn, 'options.key', o.key);
    expectShape(fn, 'options.key', [kk.H, kk.r, kk.c], [H, d, k], 'like options.query');
    wq = q.data;
    wk = kk.data;
  } else {
    kind = 'additive';
    const add = checkOptions<AdditiveAttentionParams>(fn, o.additive, ['weight', 'bias', 'vector']);
    if (add.weight === undefined || add.vector === undefined) {
      throw new InputTypeError(fn, 'options.additive needs weight and vector', o.additive);
    }
    const w = readHeadMatrix(fn, 'options.additive.weight', add.weight);
    H = w.H;
    k = w.c;
    expectShape(fn, 'options.additive.weight', [w.r], [d], 'rows = embedding size');
    const vv = readHeadVector(fn, 'options.additive.vector', add.vector);
    expectShape(fn, 'options.additive.vector', [vv.H, vv.c], [H, k], '[H, k]');
    wa = w.data;
    va = vv.data;
    if (add.bias !== undefined) {
      const b = readHeadVector(fn, 'options.additive.bias', add.bias);
      expectShape(fn, 'options.additive.bias', [b.H, b.c], [H, k], '[H, k]');
      ba = b.data;
    } else {
      ba = new Float64Array(H * k);
    }
  }
  let v = d;
  let wv: Float64Array | null = null;
  if (o.value !== undefined) {
    const val = readHeadMatrix(fn, 'options.value', o.value);
    expectShape(fn, 'options.value', [val.H, val.r], [H, d], '[H, d, v]');
    v = val.c;
    wv = val.data;
  }
  if (o.classifier === undefined) throw new InputTypeError(fn, 'options.classifier is required', o.classifier);
  const cls = checkOptions<ClassifierParams>(fn, o.classifier, ['weights', 'bias']);
  if (cls.weights === undefined) throw new InputTypeError(fn, 'options.classifier.weights is required', cls.weights);
  const wcT = normalizeTensor(fn, 'options.classifier.weights', cls.weights, { rank: 2 });
  expectShape(fn, 'options.classifier.weights', [wcT.shape[0]!], [H * v], 'rows = heads × value size');
  const C = wcT.shape[1]!;
  if (C < 2) throw new ShapeMismatchError(fn, 'options.classifier.weights must have at least 2 columns (classes)', wcT.shape);
  const bc = cls.bias === undefined ? new Float64Array(C) : toVector(fn, 'options.classifier.bias', cls.bias);
  expectShape(fn, 'options.classifier.bias', [bc.length], [C], 'one per class');
  if (o.name !== undefined && typeof o.name !== 'string') throw new InputTypeError(fn, 'options.name must be a string', o.name);

  const params: AttentionParams = {
    kind,
    heads: H,
    dim: d,
    keyDim: k,
    valueDim: v,
    numClasses: C,
    wq,
    wk,
    wa,
    ba,
    va,
    wv,
    wc: Float64Array.from(wcT.data),
    bc,
  };
  const queries = kind === 'dot' ? ('tokens' as const) : ('single' as const);
  const info = Object.freeze({
    name: o.name ?? 'one-layer attention',
    numClasses: C,
    outputKind: 'probabilities' as const,
    embeddingDim: d,
    vocabSize: table.vocabSize,
    attention: Object.freeze({ layers: 1, heads: H, queries }),
    ...(o.specialTokens === undefined ? {} : { specialTokens: Object.freeze({ ...o.specialTokens }) }),
  });

  const embed = async (tokens: ArrayLike<number>): Promise<FloatTensor> => {
    const f = 'oneLayerAttentionAdapter.embed';
    return lookupEmbeddings(f, readTokens(f, tokens), table);
  };

  /** Validate the common inputs and run every example. */
  const run = (
    f: string,
    embeddings: FloatTensor,
    attention: readonly AttentionOverride[] | undefined,
    inputMask: FloatTensor | undefined,
    target: number | ArrayLike<number> | null,
    wantGradX: boolean,
    wantGradA: boolean,
  ): { results: ExampleResult[]; batch: number; n: number; Q: number; overrides: ParsedOverrides } => {
    const e = readEmbeddings(f, embeddings, d);
    const targets = target === null ? null : readTargets(f, target, e.batch, C);
    const n = e.length;
    const Q = kind === 'dot' ? n : 1;
    const mask = readInputMask(f, inputMask, e.batch, n) ?? null;
    const overrides = readOverrides(f, attention, { batch: e.batch, layers: 1, heads: H, queries: Q, length: n });
    const results: ExampleResult[] = [];
    for (let b = 0; b < e.batch; b++) {
      const heads: (HeadOverride | undefined)[] = [];
      for (let h = 0; h < H; h++) {
        const found = overrides.find(0, h);
        heads.push(
          found === undefined
            ? undefined
            : { data: found.override.weights, offset: (b * found.override.heads.length + found.slot) * Q * n },
        );
      }
      results.push(
        runExample(
          params,
          { x: e.data, xOffset: b * n * d, n, mask, maskOffset: b * n, overrides: heads },
          targets === null ? -1 : targets[b]!,
          wantGradX,
          wantGradA,
        ),
      );
    }
    return { results, batch: e.batch, n, Q, overrides };
  };

  const collectOutputs = (results: readonly ExampleResult[]): FloatTensor => {
    const out = new Float64Array(results.length * C);
    results.forEach((r, b) => out.set(r.probs, b * C));
    return { data: out, shape: [results.length, C] };
  };

  const forward = async (embeddings: FloatTensor, forwardOptions?: ForwardOptions): Promise<ForwardResult> => {
    const f = 'oneLayerAttentionAdapter.forward';
    const fo = readForwardOptions(f, forwardOptions);
    const { results, batch, n, Q } = run(f, embeddings, fo.attention, fo.inputMask, null, false, false);
    const outputs = collectOutputs(results);
    if (fo.returnAttention !== true) return { outputs };
    const att = new Float64Array(batch * H * Q * n);
    results.forEach((r, b) => att.set(r.attention, b * H * Q * n));
    return { outputs, attention: { data: att, shape: [batch, 1, H, Q, n] } };
  };

  const gradient = async (embeddings: FloatTensor, target: number | ArrayLike<number>, gradientOptions?: GradientOptions): Promise<GradientResult> => {
    const f = 'oneLayerAttentionAdapter.gradient';
    const go = readGradientOptions(f, gradientOptions);
    if (target === null) throw new InputTypeError(f, 'target must be a class index or an array of class indices', target);
    const { results, batch, n } = run(f, embeddings, go.attention, go.inputMask, target, true, false);
    const grads = new Float64Array(batch * n * d);
    results.forEach((r, b) => grads.set(r.gradX!, b * n * d));
    return { outputs: collectOutputs(results), gradients: { data: grads, shape: [batch, n, d] } };
  };

  const attentionGradient = async (
    embeddings: FloatTensor,
    target: number | ArrayLike<number>,
    gradientOptions: GradientOptions & { readonly attention: readonly AttentionOverride[] },
  ): Promise<AttentionGradientResult> => {
    const f = 'oneLayerAttentionAdapter.attentionGradient';
    const go = readGradientOptions(f, gradientOptions);
    if (go.attention === undefined || !Array.isArray(go.attention) || go.attention.length === 0) {
      throw new InputTypeError(f, 'options.attention must hold at least one override', go.attention);
    }
    if (target === null) throw new InputTypeError(f, 'target must be a class index or an array of class indices', target);
    const { results, batch, n, Q, overrides } = run(f, embeddings, go.attention, go.inputMask, target, false, true);
    const gradients = overrides.list.map((ov): FloatTensor => {
      const hs = ov.heads.length;
      const g = new Float64Array(batch * hs * Q * n);
      results.forEach((r, b) => {
        ov.heads.forEach((h, slot) => g.set(r.gradA!.subarray(h * Q * n, (h + 1) * Q * n), (b * hs + slot) * Q * n));
      });
      return { data: g, shape: [batch, hs, Q, n] };
    });
    return { outputs: collectOutputs(results), gradients };
  };

  return Object.freeze({ info, embed, forward, gradient, attentionGradient });
}
