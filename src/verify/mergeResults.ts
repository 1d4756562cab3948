import { InputRangeError, InputTypeError } from '../errors/index.js';
import { coalesce, summarize } from './internal/summary.js';
import type { VerifyDatasetResult } from './types.js';

/**
 * Combine shards of one {@link verifyDataset} run (the same dataset size and settings, disjoint
 * ranges) into one result: the examples in index order, the ranges coalesced, and the summary
 * recomputed — identical to running the union of the ranges at once.
 *
 * @param parts - results of `verifyDataset` (e.g. with `range`, or an `AbortError`'s `partial`), or of `mergeResults`.
 * @returns the merged {@link VerifyDatasetResult}.
 * @throws InputTypeError if `parts` is empty or holds something that is not a dataset result.
 * @throws InputRangeError if the parts differ in dataset size or settings, or their ranges overlap.
 * @example
 * const model = linearModelAdapter({ weights: [[1, -1, 2]] });
 * const data = [[1, 2, 3], [3, 2, 1]];
 * const opts = { explanation: (t) => [t[0], -t[1], 2 * t[2]], levels: ['consistency'], removal: 'baseline' };
 * const merged = mergeResults([await verifyDataset(model, data, { ...opts, range: [1, 2] }), await verifyDataset(model, data, { ...opts, range: [0, 1] })]);
 * merged.ranges; // => [[0, 2]]
 * merged.examples.map((e) => e.index); // => [0, 1]
 */
export function mergeResults(parts: readonly VerifyDatasetResult[]): VerifyDatasetResult {
  const fn = 'mergeResults';
  if (!Array.isArray(parts) || parts.length === 0) throw new InputTypeError(fn, 'parts must be a non-empty array of verifyDataset results', parts);
  for (const p of parts) {
    if (p === null || typeof p !== 'object' || p.format !== 'faithcheck-verify-dataset' || !Array.isArray(p.examples)) {
      throw new InputTypeError(fn, 'every part must be a verifyDataset result', p);
    }
  }
  const first = parts[0]!;
  const settings = JSON.stringify(first.settings);
  for (const p of parts) {
    if (p.size !== first.size) throw new InputRangeError(fn, `parts cover datasets of different sizes (${first.size} and ${p.size})`, p.size);
    if (JSON.stringify(p.settings) !== settings) throw new InputRangeError(fn, 'parts were run with different settings', p.settings);
  }
  const { ranges, overlap } = coalesce(parts.flatMap((p) => p.ranges));
  if (overlap) throw new InputRangeError(fn, 'the parts cover overlapping ranges', parts.map((p) => p.ranges));
  const examples = parts.flatMap((p) => p.examples).sort((a, b) => a.index - b.index);
  const seed = first.settings['seed'] as number;
  const bootstrap = first.settings['bootstrap'] as number;
  return {
    format: 'faithcheck-verify-dataset',
    version: 1,
    size: first.size,
    ranges,
    settings: first.settings,
    examples,
    summary: summarize(examples, seed, bootstrap),
  };
}
