import { InputRangeError, InputTypeError, ShapeMismatchError } from '../errors/index.js';
import { validateAdapter } from '../internal/adapter.js';
import { meanOf } from '../internal/moments.js';
import { checkInteger, checkOptions } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import type { ProcedureOptions } from '../types/procedure.js';
import type { FloatTensor } from '../types/tensor.js';
import { argmax, checkAbort, median, readCommon, readTokenList, requireAttention, toDistribution, tvdOf } from './internal/context.js';
import { meanJsd } from './internal/jsd.js';
import type { CounterfactualProgress } from './types.js';

/** Options of {@link seedVariance}. */
export interface SeedVarianceOptions extends Pick<ProcedureOptions, 'exclude' | 'batchSize' | 'onProgress' | 'signal'> {
  /** Layers whose attention is compared. Default: the last layer (as in the counterfactual tests). */
  readonly layers?: readonly number[];
  /** Heads compared in each layer. Default: all. */
  readonly heads?: readonly number[];
  /** Key positions left out of the comparison (e.g. `[0]` for `[CLS]`). Default none. */
  readonly exclude?: readonly number[];
  /** Inputs per forward call (inputs of equal length are batched). Default 32. */
  readonly batchSize?: number;
  /** Called after every forward call; `done` counts (model, input) pairs. */
  readonly onProgress?: (progress: CounterfactualProgress) => void;
}

/** Result of {@link seedVariance}. */
export interface SeedVarianceResult {
  /** Number of inputs N. */
  readonly inputs: number;
  /** Number of compared models S − 1 (every model after the first, against the first). */
  readonly models: number;
  /** Per input: median over the other models of the attention JSD to the first model (nats), length N. */
  readonly jsd: Float64Array;
  /** Per input: mean over the other models of the output TVD to the first model, length N. */
  readonly tvd: Float64Array;
  /** Per input: the first model's largest attention weight on a compared key, averaged over the compared rows. */
  readonly maxAttention: Float64Array;
  /** Per input: fraction of the other models that predict a different class than the first. */
  readonly disagreement: Float64Array;
  /** Every pair: `jsd` `[S − 1, N]` and `tvd` `[S − 1, N]`. */
  readonly pairs: { readonly jsd: FloatTensor; readonly tvd: FloatTensor };
  /** Median of `jsd` over the inputs: the calibration an adversarial JSD is read against. */
  readonly medianJsd: number;
  /** Mean of `jsd`. */
  readonly meanJsd: number;
  /** Mean of `tvd`. */
  readonly meanTvd: number;
}

/**
 * Wiegreffe & Pinter's seed variance: how different is the attention of models that differ only in
 * their random seed? For each input, the attention (the replaced rows of the counterfactual tests:
 * `layers` × `heads` × queries, over the keys that are unmasked and not excluded) of every model
 * after the first is compared with the first model's by JSD (natural log; averaged over the rows and
 * renormalised over the compared keys), and their output distributions by TVD. Per input the median
 * JSD over the models and the mean TVD are reported, as in `seed_graphs.py`.
 *
 * This is the calibration an adversarial JSD is read against: attention that differs from the
 * original by no more than two equally good models' attention differ does not show that the
 * attention is arbitrary.
 *
 * @param adapters - two or more model adapters with attention read-out and the same layout (the first is the base).
 * @param inputs - token sequences (each is passed to every adapter's `embed`).
 * @param options - {@link SeedVarianceOptions}.
 * @returns a {@link SeedVarianceResult}.
 * @throws AdapterCapabilityError ('attention') if an adapter reports no attention.
 * @throws InputTypeError / ShapeMismatchError for fewer than 2 adapters, mismatched layouts or empty inputs.
 * @throws AbortError when `signal` is aborted.
 * @see https://arxiv.org/abs/1908.04626 (Wiegreffe & Pinter 2019, §3.2)
 * @example
 * const a = randomOneLayerAttentionAdapter({ seed: 1, vocabSize: 10, embeddingDim: 4, numClasses: 2, queries: 'single' });
 * const b = randomOneLayerAttentionAdapter({ seed: 1, vocabSize: 10, embeddingDim: 4, numClasses: 2, queries: 'single' });
 * const r = await seedVariance([a, b], [[1, 2, 3], [4, 5, 6, 7]]);
 * Array.from(r.jsd); // => [0, 0] (identical models)
 */
/** Bounds on the model and input lists, checked before anything is iterated (absurd lengths are typed errors). */
const MAX_MODELS = 1024;
const MAX_INPUTS = 1 << 24;

export async function seedVariance(
  adapters: readonly ModelAdapter[],
  inputs: readonly ArrayLike<number>[],
  options?: SeedVarianceOptions,
): Promise<SeedVarianceResult> {
  const fn = 'seedVariance';
  const o = checkOptions<SeedVarianceOptions>(fn, options, ['layers', 'heads', 'exclude', 'batchSize', 'onProgress', 'signal']);
  if (!Array.isArray(adapters) || adapters.length < 2) throw new InputTypeError(fn, 'adapters must be an array of at least 2 model adapters', adapters);
  if (adapters.length > MAX_MODELS) throw new InputRangeError(fn, `adapters must hold at most ${MAX_MODELS} models`, adapters.length);
  for (let i = 0; i < adapters.length; i++) {
    if (!(i in adapters)) throw new InputTypeError(fn, `adapters[${i}] is a hole (sparse arrays are not accepted)`);
    validateAdapter(fn, adapters[i]);
    requireAttention(fn, adapters[i]!);
  }
  const att0 = adapters[0]!.info.attention!;
  for (const a of adapters) {
    const at = a.info.attention!;
    if (at.layers !== att0.layers || at.heads !== att0.heads || at.queries !== att0.queries || a.info.numClasses !== adapters[0]!.info.numClasses) {
      throw new ShapeMismatchError(fn, 'every adapter must have the same attention layout and number of classes', a.info.name);
    }
  }
  if (!Array.isArray(inputs) || inputs.length === 0) throw new InputTypeError(fn, 'inputs must be a non-empty array of token sequences', inputs);
  if (inputs.length > MAX_INPUTS) throw new InputRangeError(fn, `inputs must hold at most ${MAX_INPUTS} sequences`, inputs.length);
  const seqs: number[][] = [];
  for (let i = 0; i < inputs.length; i++) {
    if (!(i in inputs)) throw new InputTypeError(fn, `inputs[${i}] is a hole (sparse arrays are not accepted)`);
    seqs.push(readTokenList(fn, inputs[i]));
  }
  const batchSize = o.batchSize === undefined ? 32 : checkInteger(fn, 'batchSize', o.batchSize, 1, 1 << 20);
  // layers / heads / callbacks validated like the counterfactual options (exclude per input below)
  const common = readCommon(fn, adapters[0]!, Math.max(...seqs.map((s) => s.length)), {
    ...(o.layers ? { layers: o.layers } : {}),
    ...(o.heads ? { heads: o.heads } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const exclude = o.exclude ?? [];
  if (!Array.isArray(exclude)) throw new InputTypeError(fn, 'exclude must be an array of positions', exclude);
  for (const p of exclude) checkInteger(fn, 'exclude[]', p, 0, 2 ** 31 - 1);
  const N = seqs.length;
  const S = adapters.length;
  const { layers, heads } = common;
  const { layers: L, heads: H, queries } = att0;
  // group inputs of equal length
  const groups = new Map<number, number[]>();
  seqs.forEach((s, i) => groups.set(s.length, [...(groups.get(s.length) ?? []), i]));
  /** Per model, per input: replaced rows [R, n] and output distribution. */
  const rowsOf: Float64Array[][] = adapters.map(() => new Array<Float64Array>(N));
  const distOf: Float64Array[][] = adapters.map(() => new Array<Float64Array>(N));
  const total = S * N;
  let done = 0;
  for (let s = 0; s < S; s++) {
    const adapter = adapters[s]!;
    const d = adapter.info.embeddingDim;
    const C = adapter.info.numClasses;
    for (const [n, idx] of groups) {
      const Q = queries === 'tokens' ? n : 1;
      for (let start = 0; start < idx.length; start += batchSize) {
        checkAbort(fn, common.signal);
        const chunk = idx.slice(start, start + batchSize);
        const data = new Float64Array(chunk.length * n * d);
        for (let b = 0; b < chunk.length; b++) data.set((await adapter.embed(seqs[chunk[b]!]!)).data, b * n * d);
        const res = await adapter.forward({ data, shape: [chunk.length, n, d] }, { returnAttention: true });
        const A = res.attention!.data;
        chunk.forEach((i, b) => {
          const R = layers.length * heads.length * Q;
          const rows = new Float64Array(R * n);
          let r = 0;
          for (const l of layers) {
            for (const h of heads) {
              const base = (((b * L + l) * H + h) * Q) * n;
              for (let q = 0; q < Q; q++, r++) for (let j = 0; j < n; j++) rows[r * n + j] = A[base + q * n + j]!;
            }
          }
          rowsOf[s]![i] = rows;
          distOf[s]![i] = toDistribution(res.outputs.data, b * C, C, adapter.info.outputKind);
        });
        done += chunk.length;
        common.onProgress?.({ done, total });
      }
    }
  }
  const pairJsd = new Float64Array((S - 1) * N);
  const pairTvd = new Float64Array((S - 1) * N);
  const jsd = new Float64Array(N);
  const tvd = new Float64Array(N);
  const maxAttention = new Float64Array(N);
  const disagreement = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const n = seqs[i]!.length;
    const Q = queries === 'tokens' ? n : 1;
    const R = layers.length * heads.length * Q;
    const keys = Int32Array.from({ length: n }, (_, j) => j).filter((j) => !exclude.includes(j));
    const norm = (x: Float64Array): Float64Array => {
      const out = new Float64Array(x.length);
      for (let r = 0; r < R; r++) {
        let sum = 0;
        for (const j of keys) sum += x[r * n + j]!;
        for (const j of keys) out[r * n + j] = sum > 0 ? x[r * n + j]! / sum : 1 / keys.length;
      }
      return out;
    };
    const base = norm(rowsOf[0]![i]!);
    let mx = 0;
    for (let r = 0; r < R; r++) {
      let m = 0;
      for (const j of keys) m = Math.max(m, rowsOf[0]![i]![r * n + j]!);
      mx += m;
    }
    maxAttention[i] = mx / R;
    const js = new Float64Array(S - 1);
    let flips = 0;
    for (let s = 1; s < S; s++) {
      js[s - 1] = pairJsd[(s - 1) * N + i] = meanJsd(norm(rowsOf[s]![i]!), base, R, n, keys);
      pairTvd[(s - 1) * N + i] = tvdOf(distOf[s]![i]!, distOf[0]![i]!);
      if (argmax(distOf[s]![i]!) !== argmax(distOf[0]![i]!)) flips++;
    }
    jsd[i] = median(js);
    tvd[i] = meanOf(pairTvd.filter((_, k) => k % N === i));
    disagreement[i] = flips / (S - 1);
  }
  return {
    inputs: N,
    models: S - 1,
    jsd,
    tvd,
    maxAttention,
    disagreement,
    pairs: { jsd: { data: pairJsd, shape: [S - 1, N] }, tvd: { data: pairTvd, shape: [S - 1, N] } },
    medianJsd: median(jsd),
    meanJsd: meanOf(jsd),
    meanTvd: meanOf(tvd),
  };
}
