import { checkEnum, checkInteger, checkNumber } from '../internal/options.js';
import { createRng, type Rng } from '../random/createRng.js';
import type { ModelAdapter } from '../types/adapter.js';
import { freeMass, readOptions } from './internal/checks.js';
import { createContext } from './internal/context.js';
import { summarize } from './internal/summarize.js';
import type { CounterfactualOptions, CounterfactualResult } from './types.js';

/** Options of {@link randomAttention}. */
export interface RandomAttentionOptions extends CounterfactualOptions {
  /**
   * `'dirichlet'` (default): each replaced row's free weights are a Dirichlet(`concentration`) draw
   * (scaled to the row's free mass); `'shuffle'`: each row's own free weights are permuted
   * independently (unlike {@link permutationTest}, which applies one permutation to every row).
   */
  readonly distribution?: 'dirichlet' | 'shuffle';
  /** Dirichlet concentration α > 0 (1 = uniform over the simplex). Default 1. */
  readonly concentration?: number;
  /** Number of random attentions. Default 100. */
  readonly samples?: number;
}

/** Defaults of {@link randomAttention}. */
export const RANDOM_ATTENTION_DEFAULTS = Object.freeze({ distribution: 'dirichlet' as const, concentration: 1, samples: 100 });

/** A Gamma(α, 1) draw (Marsaglia & Tsang 2000; α < 1 boosted by U^(1/α)). */
function gamma(rng: Rng, alpha: number): number {
  if (alpha < 1) return gamma(rng, alpha + 1) * Math.pow(1 - rng.next(), 1 / alpha);
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Replace the attention by random attention — Dirichlet draws or per-row shuffles of the model's own
 * weights, seeded — and measure the output change and decision flip per draw. Random attention that
 * barely moves the output says the model does not rely on its attention weights.
 *
 * @param adapter - a model adapter that accepts attention overrides.
 * @param tokens - token ids of one input, length n.
 * @param options - {@link RandomAttentionOptions}.
 * @returns a {@link CounterfactualResult} with `samples` draws.
 * @throws AdapterCapabilityError ('attentionOverride') if the adapter cannot take attention overrides.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad options.
 * @throws AbortError when `signal` is aborted.
 * @see https://arxiv.org/abs/1908.04626 (Wiegreffe & Pinter 2019)
 * @example
 * const model = randomOneLayerAttentionAdapter({ seed: 3, vocabSize: 10, embeddingDim: 4, numClasses: 2, queries: 'single' });
 * const a = await randomAttention(model, [1, 2, 3, 4], { samples: 5, seed: 7 });
 * const b = await randomAttention(model, [1, 2, 3, 4], { samples: 5, seed: 7 });
 * a.tvd.length; // => 5
 * a.tvd.every((v, i) => v === b.tvd[i]); // => true
 */
export async function randomAttention(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: RandomAttentionOptions): Promise<CounterfactualResult> {
  const fn = 'randomAttention';
  const o = readOptions<RandomAttentionOptions>(fn, options, ['distribution', 'concentration', 'samples']);
  const distribution = o.distribution === undefined ? RANDOM_ATTENTION_DEFAULTS.distribution : checkEnum(fn, 'distribution', o.distribution, ['dirichlet', 'shuffle'] as const);
  const alpha = o.concentration === undefined ? RANDOM_ATTENTION_DEFAULTS.concentration : checkNumber(fn, 'concentration', o.concentration, { min: 0, minExclusive: true, max: 1e6 });
  const samples = o.samples === undefined ? RANDOM_ATTENTION_DEFAULTS.samples : checkInteger(fn, 'samples', o.samples, 1, 1 << 20);
  const ctx = await createContext(fn, adapter, tokens, o);
  const rng = createRng(ctx.seed);
  const { rows, n, keys, original } = ctx;
  const m = keys.length;
  const mass = freeMass(original, rows, n, keys);
  const candidates: Float64Array[] = [];
  const g = new Float64Array(m);
  for (let s = 0; s < samples; s++) {
    const c = Float64Array.from(original);
    for (let r = 0; r < rows; r++) {
      if (distribution === 'shuffle') {
        const perm = rng.permutation(m);
        for (let i = 0; i < m; i++) c[r * n + keys[i]!] = original[r * n + keys[perm[i]!]!]!;
        continue;
      }
      let sum = 0;
      for (let i = 0; i < m; i++) sum += g[i] = gamma(rng, alpha);
      for (let i = 0; i < m; i++) c[r * n + keys[i]!] = sum > 0 ? (mass[r]! * g[i]!) / sum : mass[r]! / m;
    }
    candidates.push(c);
  }
  return summarize(ctx, candidates);
}
