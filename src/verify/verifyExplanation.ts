import { attentionScores } from '../attribution/attentionScores.js';
import { AbortError, AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../errors/index.js';
import { validateAdapter } from '../internal/adapter.js';
import { checkEnum, checkInteger, checkNumber, checkOptions, checkSeed } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import { causalLevel, targetProbability } from './internal/causal.js';
import { readThresholds, VERIFY_OPTION_KEYS } from './internal/common.js';
import { consistencyLevel } from './internal/consistency.js';
import { counterfactualLevel } from './internal/counterfactual.js';
import { type LevelInput, skipped } from './internal/level.js';
import type { AttentionExplanation, LevelResult, Verdict, VerifyExplanationOptions, VerifyExplanationResult, VerifyLevel } from './types.js';

const KEYS = [
  'explanation',
  'attention',
  'target',
  'inputMask',
  ...VERIFY_OPTION_KEYS,
  'onProgress',
  'signal',
] as const;

const LEVELS: readonly VerifyLevel[] = ['consistency', 'causal', 'counterfactual'];

/**
 * Defaults of {@link verifyExplanation}'s options other than the thresholds ({@link VERIFY_THRESHOLDS});
 * `k` defaults to `max(1, ⌊0.1·m⌋)`, `removal` to `'delete'` (`'mask'`/`'baseline'` for a fixed
 * `sequenceLength`), `igBaseline` to `'mask'` when the model has a mask token, else `'zero'`.
 */
export const VERIFY_DEFAULTS = Object.freeze({
  explanation: 'raw' as const,
  levels: LEVELS,
  compare: 'abs' as const,
  randomDraws: 50,
  igSteps: 20,
  nPermutations: 50,
  adversarialSteps: 100,
  epsilon: 0.01,
  batchSize: 32,
  seed: 0,
});

/** The overall verdict from the levels. */
function overallOf(verdicts: readonly Verdict[]): Verdict {
  const ran = verdicts.filter((v) => v !== 'skipped');
  if (ran.length === 0) return 'skipped';
  if (ran.includes('contradicted')) return 'contradicted';
  return ran.every((v) => v === 'supported') ? 'supported' : 'inconclusive';
}

/**
 * Is this explanation real? Check one explanation of one input against the whole trust hierarchy and
 * return a verdict per level, with the numbers and plain-language reasons:
 *
 * 1. **consistency** — Kendall τ-b (with p-value) and top-k overlap of the explanation against
 *    saliency, Integrated Gradients and leave-one-out (log-odds), and of the references among
 *    themselves. `supported` when the references agree among themselves and the explanation agrees
 *    with at least half of them; `contradicted` when they agree and it agrees with none; if the
 *    references disagree the level is at most `inconclusive`. Without `gradient`, only leave-one-out
 *    runs and the level is `inconclusive` (the skipped references are named).
 * 2. **causal** — removing the explanation's top-k tokens vs `randomDraws` random k-subsets of the
 *    other tokens (drop of the target probability): effect size and a one-sided permutation p-value,
 *    with ERASER comprehensiveness and sufficiency. `supported` when the top tokens matter
 *    significantly more (p ≤ alpha, effect size ≥ threshold), `contradicted` when significantly less.
 * 3. **counterfactual** — for attention explanations: the permutation test and the adversarial search
 *    on the attention the explanation reads (the last layer for `'raw'`, every layer for rollout and
 *    flow), the adversarial JSD read against `calibration` (seed-to-seed JSD) or, without one, 0.5
 *    nats. `supported` when shuffling moves the output and no very different attention keeps it,
 *    `contradicted` for the reverse. `skipped` for a score vector (`missing: null`) or without
 *    attention overrides (`missing: 'attentionOverride'`).
 *
 * `overall` is `contradicted` if any level is, `supported` if every level that ran is, else
 * `inconclusive`. Every random step is seeded by `seed`; the result is plain JSON.
 *
 * @param adapter - the model; `embed` and `forward` are required, `gradient` enables saliency and IG,
 *   attention overrides enable the counterfactual level.
 * @param tokens - token ids of one input, length n.
 * @param options - {@link VerifyExplanationOptions}; thresholds default to {@link VERIFY_THRESHOLDS}.
 * @returns a {@link VerifyExplanationResult}.
 * @throws AdapterCapabilityError ('attention') when `explanation` names an attention read-out the model cannot give.
 * @throws InputTypeError / InputRangeError / ShapeMismatchError for bad options or a score vector of the wrong length.
 * @throws AbortError when `signal` is aborted.
 * @see docs/verify.md
 * @example
 * // a linear model whose output is 2·x₀ − x₁ + 0.5·x₂ (tokens are the feature values): the exact
 * // attribution w·x ranks the features like every reference
 * const model = linearModelAdapter({ weights: [[2, -1, 0.5, 0, 0.1]] });
 * const r = await verifyExplanation(model, [1, 2, 4, 1, 1], {
 *   explanation: [2, -2, 2, 0, 0.1],
 *   levels: ['consistency'],
 *   removal: 'baseline',
 * });
 * r.levels.consistency.verdict; // => 'supported'
 * r.levels.causal.verdict; // => 'skipped'
 */
export async function verifyExplanation(adapter: ModelAdapter, tokens: ArrayLike<number>, options?: VerifyExplanationOptions): Promise<VerifyExplanationResult> {
  const fn = 'verifyExplanation';
  const o = checkOptions<VerifyExplanationOptions>(fn, options, [...KEYS]);
  validateAdapter(fn, adapter);
  if (tokens === null || typeof tokens !== 'object' || typeof tokens.length !== 'number') throw new InputTypeError(fn, 'tokens must be an array of token ids', tokens);
  const ids = Array.from(tokens);
  const n = ids.length;
  if (n === 0) throw new ShapeMismatchError(fn, 'tokens must not be empty', tokens);
  const thresholds = readThresholds(fn, o.thresholds);
  const levels = o.levels === undefined ? VERIFY_DEFAULTS.levels : o.levels.map((l) => checkEnum(fn, 'levels[]', l, LEVELS));
  const abs = (o.compare === undefined ? VERIFY_DEFAULTS.compare : checkEnum(fn, 'compare', o.compare, ['abs', 'signed'] as const)) === 'abs';
  const fixedLength = adapter.info.sequenceLength !== undefined;
  const removal =
    o.removal === undefined
      ? fixedLength
        ? adapter.info.specialTokens?.mask !== undefined
          ? 'mask'
          : 'baseline'
        : 'delete'
      : checkEnum(fn, 'removal', o.removal, ['delete', 'mask', 'baseline'] as const);
  const randomDraws = o.randomDraws === undefined ? VERIFY_DEFAULTS.randomDraws : checkInteger(fn, 'randomDraws', o.randomDraws, 1, 100000);
  const igSteps = o.igSteps === undefined ? VERIFY_DEFAULTS.igSteps : checkInteger(fn, 'igSteps', o.igSteps, 1, 100000);
  const igBaseline =
    o.igBaseline === undefined
      ? adapter.info.specialTokens?.mask !== undefined
        ? 'mask'
        : 'zero'
      : checkEnum(fn, 'igBaseline', o.igBaseline, ['zero', 'pad', 'mask', 'unk'] as const);
  const nPermutations = o.nPermutations === undefined ? VERIFY_DEFAULTS.nPermutations : checkInteger(fn, 'nPermutations', o.nPermutations, 1, 100000);
  const adversarialSteps = o.adversarialSteps === undefined ? VERIFY_DEFAULTS.adversarialSteps : checkInteger(fn, 'adversarialSteps', o.adversarialSteps, 0, 100000);
  const epsilon = o.epsilon === undefined ? VERIFY_DEFAULTS.epsilon : checkNumber(fn, 'epsilon', o.epsilon, { min: 0, max: 1 });
  let calibration: number | null = null;
  if (o.calibration !== undefined) {
    const c = checkOptions<{ jsd: number }>(fn, o.calibration, ['jsd']);
    calibration = checkNumber(fn, 'calibration.jsd', c.jsd, { min: 0, max: Math.LN2 });
  }
  const batchSize = o.batchSize === undefined ? VERIFY_DEFAULTS.batchSize : checkInteger(fn, 'batchSize', o.batchSize, 1, 1 << 20);
  const seed = o.seed === undefined ? VERIFY_DEFAULTS.seed : checkSeed(fn, o.seed);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new InputTypeError(fn, 'onProgress must be a function', o.onProgress);
  const signal = o.signal;
  let inputMask: number[] | undefined;
  if (o.inputMask !== undefined) {
    inputMask = Array.from(o.inputMask);
    if (inputMask.length !== n) throw new ShapeMismatchError(fn, `inputMask must have length ${n}`, inputMask.length);
    if (inputMask.some((v) => v !== 0 && v !== 1)) throw new InputRangeError(fn, 'inputMask values must be 0 or 1', o.inputMask);
  }
  const exclude = o.exclude === undefined ? [] : Array.from(o.exclude, (p) => checkInteger(fn, 'exclude[]', p, 0, n - 1));
  const scorable = ids.map((_, i) => i).filter((i) => !exclude.includes(i) && (inputMask === undefined || inputMask[i] === 1));
  const check = (): void => {
    if (signal?.aborted) throw new AbortError(fn, signal.reason);
  };
  check();

  // the explanation's scores
  let explanation: AttentionExplanation | 'scores';
  let scores: Float64Array;
  if (typeof o.explanation === 'string' || o.explanation === undefined) {
    explanation = o.explanation === undefined ? VERIFY_DEFAULTS.explanation : checkEnum(fn, 'explanation', o.explanation, ['raw', 'rollout', 'flow'] as const);
    if (adapter.info.attention === undefined) throw new AdapterCapabilityError(fn, 'attention', `explanation '${explanation}' needs the model's attention`);
    const r = await attentionScores(adapter, ids, { ...(o.attention ?? {}), method: explanation, exclude, ...(inputMask ? { inputMask } : {}) });
    scores = Float64Array.from(r.scores);
  } else {
    explanation = 'scores';
    const e = o.explanation;
    if (e === null || typeof e !== 'object' || typeof e.length !== 'number') throw new InputTypeError(fn, 'explanation must be raw, rollout, flow or a score vector', e);
    if (e.length !== n) throw new ShapeMismatchError(fn, `explanation must have one score per token (${n}), found ${e.length}`, e.length);
    scores = Float64Array.from(e);
    for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i]!)) throw new InputRangeError(fn, `explanation[${i}] must be finite`, scores[i]);
    for (let i = 0; i < n; i++) if (!scorable.includes(i)) scores[i] = 0;
  }
  check();
  const d = adapter.info.embeddingDim;
  const emb = await adapter.embed(ids);
  const full = await adapter.forward({ data: emb.data, shape: [1, n, d] }, inputMask ? { inputMask: { data: Float64Array.from(inputMask), shape: [1, n] } } : {});
  const outputs = Array.from(full.outputs.data);
  const classes = adapter.info.numClasses === 1 ? 2 : adapter.info.numClasses;
  const probabilities = Float64Array.from({ length: classes }, (_, c) => targetProbability(adapter, full.outputs.data, 0, c));
  let predicted = 0;
  for (let c = 1; c < classes; c++) if (probabilities[c]! > probabilities[predicted]!) predicted = c;
  const target = o.target === undefined ? predicted : checkInteger(fn, 'target', o.target, 0, classes - 1);
  const m = scorable.length;
  const k = o.k === undefined ? Math.max(1, Math.floor(0.1 * m)) : checkInteger(fn, 'k', o.k, 1, Math.max(1, m));

  const input: LevelInput = {
    fn,
    adapter,
    tokens: ids,
    explanation,
    scores,
    scorable,
    k: Math.min(k, Math.max(1, m)),
    target,
    probabilities,
    abs,
    removal,
    inputMask,
    exclude,
    thresholds,
    randomDraws,
    igSteps,
    igBaseline,
    nPermutations,
    adversarialSteps,
    epsilon,
    calibration,
    batchSize,
    seed,
    signal,
  };
  const total = levels.length;
  let done = 0;
  const run = async <D>(level: VerifyLevel, body: () => Promise<LevelResult<D>>): Promise<LevelResult<D>> => {
    if (!levels.includes(level)) return skipped<D>('not requested');
    check();
    const r = await body();
    done++;
    o.onProgress?.({ done, total });
    return r;
  };
  const consistency = await run('consistency', () => consistencyLevel(input));
  const causal = await run('causal', () => causalLevel(input));
  const counterfactual = await run('counterfactual', () => counterfactualLevel(input));
  return {
    explanation,
    target,
    predicted,
    outputs,
    scores: Array.from(scores),
    scorable,
    k: input.k,
    levels: { consistency, causal, counterfactual },
    overall: overallOf([consistency.verdict, causal.verdict, counterfactual.verdict]),
    thresholds,
    seed,
  };
}
