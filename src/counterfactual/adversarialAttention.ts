import { AdapterCapabilityError } from '../errors/index.js';
import { validateAdapter } from '../internal/adapter.js';
import { checkEnum, checkInteger, checkNumber } from '../internal/options.js';
import { createRng } from '../random/createRng.js';
import type { ModelAdapter } from '../types/adapter.js';
import type { FloatTensor } from '../types/tensor.js';
import { readOptions } from './internal/checks.js';
import { argmax, createContext, evaluateCandidates, tvdOf } from './internal/context.js';
import { meanJsd } from './internal/jsd.js';
import { runSearch } from './internal/search.js';
import { baseOf } from './internal/summarize.js';
import type { CounterfactualBase, CounterfactualOptions } from './types.js';

/** Options of {@link adversarialAttention}. */
export interface AdversarialAttentionOptions extends CounterfactualOptions {
  /** Number of adversarial candidates K searched jointly. Default 5 (Jain & Wallace). */
  readonly candidates?: number;
  /**
   * Output tolerance ε: the hinge penalty `λ · ReLU(TVD − ε)` keeps the output total variation
   * distance within ε during the search. Default 0.01 (J&W's optimisation constant).
   */
  readonly epsilon?: number;
  /**
   * Candidates whose re-checked output TVD exceeds this are rejected. Default `epsilon`. (J&W's
   * plotting code accepts at 0.05 while optimising with 0.01; pass `acceptEpsilon: 0.05` to match.)
   */
  readonly acceptEpsilon?: number;
  /** Optimisation steps. Default 500 (J&W). */
  readonly steps?: number;
  /** Adam (AMSGrad) learning rate on the logits. Default 0.01 (J&W). */
  readonly learningRate?: number;
  /** Hinge weight λ. Default 500 (J&W). */
  readonly penalty?: number;
  /** Weight γ of the pairwise-diversity bonus. Default 1 (J&W). */
  readonly diversity?: number;
  /** Standard deviation of the logits' initial noise around `log(1/m)`. Default 3 (J&W). */
  readonly initScale?: number;
  /**
   * `'gradient'`: hinge gradient from `adapter.attentionGradient` (required); `'gradient-free'`: a
   * seeded SPSA estimate from forward passes only; `'auto'` (default): `'gradient'` when the adapter
   * has `attentionGradient`.
   */
  readonly method?: 'auto' | 'gradient' | 'gradient-free';
  /** SPSA perturbation size on the logits (gradient-free search only). Default 0.1. */
  readonly perturbation?: number;
}

/** Defaults of {@link adversarialAttention} (Jain & Wallace's constants; `acceptEpsilon` defaults to `epsilon`). */
export const ADVERSARIAL_ATTENTION_DEFAULTS = Object.freeze({
  candidates: 5,
  epsilon: 0.01,
  steps: 500,
  learningRate: 0.01,
  penalty: 500,
  diversity: 1,
  initScale: 3,
  method: 'auto' as const,
  perturbation: 0.1,
});

/** One re-checked adversarial candidate set. */
export interface AdversarialCandidates {
  /** Candidate attentions of the replaced rows, `[K, layers, heads, Q, n]`. */
  readonly attention: FloatTensor;
  /** Mean (over the replaced rows) JSD to the original attention, natural log, length K. */
  readonly jsd: Float64Array;
  /** Output TVD re-checked by a forward pass with the candidate injected, length K. */
  readonly tvd: Float64Array;
  /** 1 where `tvd ≤ acceptEpsilon`. */
  readonly accepted: Uint8Array;
  /** 1 where the candidate changes the predicted class. */
  readonly flipped: Uint8Array;
}

/** Result of {@link adversarialAttention}. */
export interface AdversarialAttentionResult extends CounterfactualBase {
  /**
   * Largest JSD (nats, at most ln 2) to the original attention among the accepted candidates and the
   * original itself (JSD 0): J&W's "max JS divergence within ε".
   */
  readonly maxJsd: number;
  /** Index of the candidate reaching `maxJsd`, or −1 when no candidate was accepted. */
  readonly best: number;
  /** The hinge ε used. */
  readonly epsilon: number;
  /** The acceptance threshold used. */
  readonly acceptEpsilon: number;
  /** Which search ran. */
  readonly method: 'gradient' | 'gradient-free';
  /** Steps run. */
  readonly steps: number;
  /** The K candidates, each re-checked by a forward pass. */
  readonly candidates: AdversarialCandidates;
}

/**
 * Jain & Wallace's adversarial attention search: look for attention as different as possible from
 * the model's own (maximise JSD) that leaves the output distribution within ε (total variation).
 *
 * K candidates are parameterised by logits over the free keys of every replaced row (see
 * {@link CounterfactualOptions}), initialised at `log(1/m) + 3·N(0, 1)` and optimised jointly with
 * Adam (AMSGrad) on `−JSD(α̃_k, α) + λ·ReLU(TVD_k − ε) − γ·(1/K)Σ_{k'} JSD(α̃_k, α̃_k')` (JSDs averaged
 * over the replaced rows). With `attentionGradient` the hinge gradient is exact (chain rule through
 * the output distribution and the softmax of the logits); otherwise a seeded SPSA estimate from two
 * extra forward passes per candidate and step (`method: 'gradient-free'`) replaces it. The best
 * iterate within ε of each candidate is kept, then **every returned candidate is re-checked by a
 * forward pass with it injected**; `maxJsd` is the largest JSD among the accepted ones.
 *
 * A large `maxJsd` (J&W read ≥ 0.5 nats of the possible ln 2 ≈ 0.693 as "very different") means
 * very different attention gives the same output: the map is not the unique reason for the output.
 * Read it against the seed-to-seed JSD of {@link seedVariance} (Wiegreffe & Pinter).
 *
 * @param adapter - a model adapter that accepts attention overrides.
 * @param tokens - token ids of one input, length n.
 * @param options - {@link AdversarialAttentionOptions}.
 * @returns an {@link AdversarialAttentionResult}.
 * @throws AdapterCapabilityError ('attentionOverride') without overrides; ('attentionGradient') for
 *   `method: 'gradient'` without `attentionGradient`.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad options or fewer than 2 free keys.
 * @throws AbortError when `signal` is aborted.
 * @see https://arxiv.org/abs/1902.10186 (Jain & Wallace 2019, §4.3)
 * @example
 * // peaked attention (token 0 gets ≈ 0.98) but zero values: the output ignores attention, so the
 * // search moves the attention away from token 0 at no cost (JSD close to ln 2)
 * const model = oneLayerAttentionAdapter({
 *   embeddings: [[3], [0]],
 *   additive: { weight: [[1]], vector: [5] },
 *   value: [[[0]]],
 *   classifier: { weights: [[1, -1]] },
 * });
 * const r = await adversarialAttention(model, [0, 1, 1, 1], { steps: 100, seed: 2 });
 * r.maxJsd > 0.5; // => true
 * r.candidates.tvd.every((t) => t < 1e-12); // => true
 */
export async function adversarialAttention(
  adapter: ModelAdapter,
  tokens: ArrayLike<number>,
  options?: AdversarialAttentionOptions,
): Promise<AdversarialAttentionResult> {
  const fn = 'adversarialAttention';
  const o = readOptions<AdversarialAttentionOptions>(fn, options, [
    'candidates',
    'epsilon',
    'acceptEpsilon',
    'steps',
    'learningRate',
    'penalty',
    'diversity',
    'initScale',
    'method',
    'perturbation',
  ]);
  const K = o.candidates === undefined ? ADVERSARIAL_ATTENTION_DEFAULTS.candidates : checkInteger(fn, 'candidates', o.candidates, 1, 1024);
  const epsilon = o.epsilon === undefined ? ADVERSARIAL_ATTENTION_DEFAULTS.epsilon : checkNumber(fn, 'epsilon', o.epsilon, { min: 0, max: 1 });
  const acceptEpsilon = o.acceptEpsilon === undefined ? epsilon : checkNumber(fn, 'acceptEpsilon', o.acceptEpsilon, { min: 0, max: 1 });
  const steps = o.steps === undefined ? ADVERSARIAL_ATTENTION_DEFAULTS.steps : checkInteger(fn, 'steps', o.steps, 0, 1 << 20);
  const learningRate = o.learningRate === undefined ? ADVERSARIAL_ATTENTION_DEFAULTS.learningRate : checkNumber(fn, 'learningRate', o.learningRate, { min: 0, minExclusive: true, max: 1e6 });
  const penalty = o.penalty === undefined ? ADVERSARIAL_ATTENTION_DEFAULTS.penalty : checkNumber(fn, 'penalty', o.penalty, { min: 0, max: 1e12 });
  const diversity = o.diversity === undefined ? ADVERSARIAL_ATTENTION_DEFAULTS.diversity : checkNumber(fn, 'diversity', o.diversity, { min: 0, max: 1e12 });
  const initScale = o.initScale === undefined ? ADVERSARIAL_ATTENTION_DEFAULTS.initScale : checkNumber(fn, 'initScale', o.initScale, { min: 0, max: 1e6 });
  const perturbation = o.perturbation === undefined ? ADVERSARIAL_ATTENTION_DEFAULTS.perturbation : checkNumber(fn, 'perturbation', o.perturbation, { min: 0, minExclusive: true, max: 1e6 });
  const method = o.method === undefined ? ADVERSARIAL_ATTENTION_DEFAULTS.method : checkEnum(fn, 'method', o.method, ['auto', 'gradient', 'gradient-free'] as const);
  validateAdapter(fn, adapter);
  if (method === 'gradient' && typeof adapter.attentionGradient !== 'function') {
    throw new AdapterCapabilityError(fn, 'attentionGradient', "method 'gradient' needs adapter.attentionGradient");
  }
  const ctx = await createContext(fn, adapter, tokens, o);
  const useGradient = method === 'gradient' || (method === 'auto' && typeof adapter.attentionGradient === 'function');
  const rng = createRng(ctx.seed);
  const total = steps + 1;
  const outcome = await runSearch(
    ctx,
    { K, steps, epsilon, acceptEpsilon, learningRate, penalty, diversity, initScale, perturbation, useGradient },
    rng,
    (step) => ctx.onProgress?.({ done: step, total }),
  );
  const cands = outcome.candidates;
  const dist = await evaluateCandidates(ctx, cands);
  const { rows, n, keys } = ctx;
  const classes = ctx.classes;
  const jsd = new Float64Array(K);
  const tvd = new Float64Array(K);
  const accepted = new Uint8Array(K);
  const flipped = new Uint8Array(K);
  let maxJsd = 0;
  let best = -1;
  for (let k = 0; k < K; k++) {
    const row = dist.subarray(k * classes, (k + 1) * classes);
    jsd[k] = meanJsd(cands[k]!, ctx.original, rows, n, keys);
    tvd[k] = tvdOf(row, ctx.probabilities);
    flipped[k] = argmax(row) !== ctx.predicted ? 1 : 0;
    if (tvd[k]! <= acceptEpsilon) {
      accepted[k] = 1;
      if (jsd[k]! > maxJsd) {
        maxJsd = jsd[k]!;
        best = k;
      }
    }
  }
  ctx.onProgress?.({ done: total, total });
  const per = rows * n;
  const data = new Float64Array(K * per);
  cands.forEach((c, k) => data.set(c, k * per));
  return {
    ...baseOf(ctx),
    maxJsd,
    best,
    epsilon,
    acceptEpsilon,
    method: useGradient ? 'gradient' : 'gradient-free',
    steps,
    candidates: { attention: { data, shape: [K, ctx.layers.length, ctx.heads.length, ctx.Q, n] }, jsd, tvd, accepted, flipped },
  };
}
