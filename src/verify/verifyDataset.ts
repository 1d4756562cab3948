import { AbortError, InputRangeError, InputTypeError } from '../errors/index.js';
import { validateAdapter } from '../internal/adapter.js';
import { checkInteger, checkOptions, checkSeed } from '../internal/options.js';
import type { ModelAdapter } from '../types/adapter.js';
import { exampleSeed, readThresholds, VERIFY_OPTION_KEYS } from './internal/common.js';
import { coalesce, summarize } from './internal/summary.js';
import type { VerifyDatasetOptions, VerifyDatasetResult, VerifyExampleResult, VerifyExplanationOptions } from './types.js';
import { verifyExplanation } from './verifyExplanation.js';

const KEYS = [
  'explanation',
  'attention',
  'targets',
  ...VERIFY_OPTION_KEYS,
  'range',
  'bootstrap',
  'onProgress',
  'onExample',
  'signal',
] as const;

/** The options that determine per-example results (what shards must share). */
export function settingsOf(o: VerifyDatasetOptions, seed: number, bootstrap: number, thresholds: object): Record<string, unknown> {
  const e = o.explanation;
  return JSON.parse(
    JSON.stringify({
      explanation: typeof e === 'function' ? 'function' : (e ?? 'raw'),
      attention: o.attention ?? null,
      targets: o.targets ?? null,
      exclude: o.exclude ?? [],
      levels: o.levels ?? ['consistency', 'causal', 'counterfactual'],
      thresholds,
      k: o.k ?? null,
      compare: o.compare ?? 'abs',
      removal: o.removal ?? null,
      randomDraws: o.randomDraws ?? null,
      igSteps: o.igSteps ?? null,
      igBaseline: o.igBaseline ?? null,
      nPermutations: o.nPermutations ?? null,
      adversarialSteps: o.adversarialSteps ?? null,
      epsilon: o.epsilon ?? null,
      calibration: o.calibration ?? null,
      seed,
      bootstrap,
    }),
  ) as Record<string, unknown>;
}

/**
 * Run {@link verifyExplanation} over a dataset (or a shard of it) and summarise: per-example results,
 * verdict counts per level and overall, and for every number mean ± std, a 95 % bootstrap confidence
 * interval of the mean and the fraction of significant examples. The result is plain JSON.
 *
 * **Shards.** `range: [start, end)` runs part of the dataset; example `i` always runs with the seed
 * derived from `(seed, i)`, so {@link mergeResults} of shards that cover the dataset equals one run
 * (the summary is recomputed from the examples). **Abort.** When `signal` fires, the `AbortError`
 * thrown carries `partial`: the result of the examples finished so far (a valid shard); resume with
 * `range: [partial.ranges[0][1], end]` and merge.
 *
 * @param adapter - the model (see {@link verifyExplanation} for the capabilities each level uses).
 * @param dataset - token sequences (e.g. `datasetRow(ds, i).ids` for a tokenised dataset).
 * @param options - {@link VerifyDatasetOptions}.
 * @returns a {@link VerifyDatasetResult}.
 * @throws InputTypeError / InputRangeError for bad options, an empty dataset or a bad range.
 * @throws AbortError (with `partial`) when `signal` fires.
 * @example
 * const model = linearModelAdapter({ weights: [[2, -1, 0.5, 0, 0.1]] });
 * const data = [[1, 2, 4, 1, 1], [2, 1, 1, 3, 1], [1, 1, 2, 2, 5]];
 * const explanation = (tokens) => tokens.map((x, i) => [2, -1, 0.5, 0, 0.1][i] * x);
 * const opts = { explanation, levels: ['consistency'], removal: 'baseline', seed: 3 };
 * const all = await verifyDataset(model, data, opts);
 * all.summary.levels.consistency.verdicts.supported; // => 3
 * const a = await verifyDataset(model, data, { ...opts, range: [0, 1] });
 * const b = await verifyDataset(model, data, { ...opts, range: [1, 3] });
 * JSON.stringify(mergeResults([a, b])) === JSON.stringify(all); // => true
 */
export async function verifyDataset(
  adapter: ModelAdapter,
  dataset: readonly ArrayLike<number>[],
  options?: VerifyDatasetOptions,
): Promise<VerifyDatasetResult> {
  const fn = 'verifyDataset';
  const o = checkOptions<VerifyDatasetOptions>(fn, options, [...KEYS]);
  validateAdapter(fn, adapter);
  if (!Array.isArray(dataset) || dataset.length === 0) throw new InputTypeError(fn, 'dataset must be a non-empty array of token sequences', dataset);
  const size = dataset.length;
  const seed = o.seed === undefined ? 0 : checkSeed(fn, o.seed);
  const bootstrap = o.bootstrap === undefined ? 1000 : checkInteger(fn, 'bootstrap', o.bootstrap, 0, 1e7);
  const thresholds = readThresholds(fn, o.thresholds);
  let start = 0;
  let end = size;
  if (o.range !== undefined) {
    if (!Array.isArray(o.range) || o.range.length !== 2) throw new InputTypeError(fn, 'range must be [start, end]', o.range);
    start = checkInteger(fn, 'range[0]', o.range[0], 0, size);
    end = checkInteger(fn, 'range[1]', o.range[1], start, size);
  }
  if (o.targets !== undefined && (!Array.isArray(o.targets) || o.targets.length !== size)) {
    throw new InputRangeError(fn, `targets must have one class per example (${size})`, o.targets);
  }
  if (o.explanation !== undefined && typeof o.explanation !== 'function' && typeof o.explanation !== 'string') {
    throw new InputTypeError(fn, 'explanation must be raw, rollout, flow or a function (tokens, index) => scores', o.explanation);
  }
  const settings = settingsOf(o, seed, bootstrap, thresholds);
  const examples: VerifyExampleResult[] = [];
  const result = (upTo: number): VerifyDatasetResult => ({
    format: 'faithcheck-verify-dataset',
    version: 1,
    size,
    ranges: coalesce([[start, upTo]]).ranges,
    settings,
    examples: [...examples],
    summary: summarize(examples, seed, bootstrap),
  });
  const {
    explanation,
    targets,
    range: _range,
    bootstrap: _bootstrap,
    onProgress,
    onExample,
    seed: _seed,
    signal,
    ...perExample
  } = o;
  const total = end - start;
  for (let i = start; i < end; i++) {
    if (signal?.aborted) throw Object.assign(new AbortError(fn, signal.reason), { partial: result(i) });
    const tokens: number[] = Array.from(dataset[i]!);
    const s = exampleSeed(seed, i);
    const opts: VerifyExplanationOptions = {
      ...perExample,
      thresholds,
      seed: s,
      ...(signal ? { signal } : {}),
      ...(targets ? { target: targets[i]! } : {}),
      ...(typeof explanation === 'function' ? { explanation: await explanation(tokens, i) } : explanation !== undefined ? { explanation } : {}),
    };
    let r;
    try {
      r = await verifyExplanation(adapter, tokens, opts);
    } catch (error) {
      if ((error as { name?: string }).name === 'AbortError') throw Object.assign(new AbortError(fn, signal?.reason), { partial: result(i) });
      throw error;
    }
    const example: VerifyExampleResult = JSON.parse(JSON.stringify({ index: i, seed: s, result: r })) as VerifyExampleResult;
    examples.push(example);
    onExample?.(example);
    onProgress?.({ done: i - start + 1, total });
  }
  return result(end);
}
