import { InputTypeError } from '../errors/index.js';
import { checkEnum, checkInteger, checkOptions, checkSeed } from '../internal/options.js';
import { createRng } from '../random/createRng.js';
import type { ShapedArray } from '../types/tensor.js';
import { oneLayerAttentionAdapter } from './oneLayerAttentionAdapter.js';
import type { ModelAdapterWithAttention } from './types.js';

/** Options of {@link randomOneLayerAttentionAdapter}. */
export interface RandomOneLayerAttentionAdapterOptions {
  /** Integer seed: the same seed gives bit-identical parameters. Required. */
  readonly seed: number;
  /** Vocabulary size `V` ≥ 1. Default 20. */
  readonly vocabSize?: number;
  /** Embedding size `d` ≥ 1. Default 4. */
  readonly embeddingDim?: number;
  /** Classes `C` ≥ 2. Default 3. */
  readonly numClasses?: number;
  /** Heads `H` ≥ 1. Default 1. */
  readonly heads?: number;
  /** `'tokens'`: scaled dot-product self-attention (default); `'single'`: additive single-query attention. */
  readonly queries?: 'tokens' | 'single';
  /** Key (or additive hidden) size `k` ≥ 1. Default `embeddingDim`. */
  readonly keyDim?: number;
  /** Value size `v` ≥ 1, with random value projections. Default `embeddingDim`. */
  readonly valueDim?: number;
  /** `info.name`. Default `'random one-layer attention (seed S)'`. */
  readonly name?: string;
}

/**
 * A {@link oneLayerAttentionAdapter} with seeded random parameters, for tests and examples.
 *
 * Draws (in this order, from `createRng(seed).normal()`): embeddings `N(0, 1)` `[V, d]`; then, for
 * `'tokens'`, query and key projections `N(0, 1.25²/d)` `[H, d, k]` (attention logits of standard
 * deviation ≈ 1.5, so attention is neither uniform nor one-hot), or, for `'single'`, additive
 * `W ~ N(0, 1/d)` `[H, d, k]`, `b ~ N(0, 0.1²)` `[H, k]`, `v ~ N(0, 4/k)` `[H, k]`; value projections
 * `N(0, 1/d)` `[H, d, v]`; classifier weights `N(0, 9/(H·v))` `[H·v, C]` and bias `N(0, 0.1²)` `[C]`.
 *
 * @param options - `seed` (required), sizes, `queries`, `name`.
 * @returns a {@link ModelAdapterWithAttention}.
 * @throws InputTypeError if `seed` is missing or not an integer, or an option is unknown or of the wrong type.
 * @throws InputRangeError if a size is out of range.
 * @example
 * const model = randomOneLayerAttentionAdapter({ seed: 1, vocabSize: 10, embeddingDim: 4, numClasses: 2, heads: 2 });
 * model.info.attention; // => { layers: 1, heads: 2, queries: 'tokens' }
 * const x = await model.embed([3, 1, 4]);
 * const { outputs } = await model.forward({ data: x.data, shape: [1, 3, 4] });
 * outputs.data[0] + outputs.data[1]; // => 1 (probabilities)
 */
export function randomOneLayerAttentionAdapter(options: RandomOneLayerAttentionAdapterOptions): ModelAdapterWithAttention {
  const fn = 'randomOneLayerAttentionAdapter';
  if (options === null || typeof options !== 'object') throw new InputTypeError(fn, 'options must be an object', options);
  const o = checkOptions<RandomOneLayerAttentionAdapterOptions>(fn, options, [
    'seed',
    'vocabSize',
    'embeddingDim',
    'numClasses',
    'heads',
    'queries',
    'keyDim',
    'valueDim',
    'name',
  ]);
  const seed = checkSeed(fn, o.seed);
  const V = checkInteger(fn, 'options.vocabSize', o.vocabSize ?? 20, 1, 1 << 20);
  const d = checkInteger(fn, 'options.embeddingDim', o.embeddingDim ?? 4, 1, 4096);
  const C = checkInteger(fn, 'options.numClasses', o.numClasses ?? 3, 2, 1 << 16);
  const H = checkInteger(fn, 'options.heads', o.heads ?? 1, 1, 256);
  const queries = o.queries === undefined ? 'tokens' : checkEnum(fn, 'options.queries', o.queries, ['tokens', 'single'] as const);
  const k = checkInteger(fn, 'options.keyDim', o.keyDim ?? d, 1, 4096);
  const v = checkInteger(fn, 'options.valueDim', o.valueDim ?? d, 1, 4096);
  if (o.name !== undefined && typeof o.name !== 'string') throw new InputTypeError(fn, 'options.name must be a string', o.name);

  const rng = createRng(seed);
  const draw = (shape: number[], std: number): ShapedArray => {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float64Array(size);
    for (let i = 0; i < size; i++) data[i] = std * rng.normal();
    return { data, shape };
  };
  const embeddings = draw([V, d], 1);
  const attention =
    queries === 'tokens'
      ? { query: draw([H, d, k], 1.25 / Math.sqrt(d)), key: draw([H, d, k], 1.25 / Math.sqrt(d)) }
      : {
          additive: {
            weight: draw([H, d, k], 1 / Math.sqrt(d)),
            bias: draw([H, k], 0.1),
            vector: draw([H, k], 2 / Math.sqrt(k)),
          },
        };
  const value = draw([H, d, v], 1 / Math.sqrt(d));
  const classifier = { weights: draw([H * v, C], 3 / Math.sqrt(H * v)), bias: draw([C], 0.1).data };
  return oneLayerAttentionAdapter({
    embeddings,
    ...attention,
    value,
    classifier,
    name: o.name ?? `random one-layer attention (seed ${seed})`,
  });
}
