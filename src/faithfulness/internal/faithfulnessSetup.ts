/**
 * Private helpers of the faithfulness metrics: score validation and the deterministic ranking of
 * positions. Not re-exported.
 *
 * @module
 */
import { COMMON_KEYS, REMOVAL_KEYS, type Plan } from '../../attribution/internal/perturbationSetup.js';
import { InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { normalizeTensor } from '../../internal/tensor.js';

/** Option keys every removal-based metric accepts. */
export const METRIC_KEYS = [...COMMON_KEYS, ...REMOVAL_KEYS, 'removal'] as const;

/** Validate a score vector of length n (finite). Returns a fresh copy. */
export function readScores(plan: Plan, scores: unknown): Float64Array {
  const { fn, n } = plan;
  if (scores === null || typeof scores !== 'object') throw new InputTypeError(fn, 'scores must be an array or a typed array of numbers', scores);
  const t = normalizeTensor(fn, 'scores', scores as number[], { rank: 1 });
  if (t.data.length !== n) throw new ShapeMismatchError(fn, `scores must have one value per token (n = ${n}), found ${t.data.length}`, t.data.length);
  return Float64Array.from(t.data);
}

/** Order of removal or insertion: most relevant first (descending score) or least relevant first (ascending). */
export type RelevanceOrder = 'morf' | 'lerf';

/**
 * The scorable positions sorted by score, descending for `'morf'` and ascending for `'lerf'`; ties keep
 * position order (lower position first) in both, so the ranking is deterministic.
 */
export function rankPositions(scorable: Int32Array, scores: Float64Array, order: RelevanceOrder): Int32Array {
  const list = Array.from(scorable);
  const sign = order === 'morf' ? -1 : 1;
  list.sort((a, b) => sign * (scores[a]! - scores[b]!) || a - b);
  return Int32Array.from(list);
}

/** Trapezoid area under `values` over the increasing grid `fractions` (same length ≥ 2). */
export function trapezoidAuc(fractions: Float64Array, values: Float64Array): number {
  let s = 0;
  for (let j = 1; j < values.length; j++) s += ((fractions[j]! - fractions[j - 1]!) * (values[j]! + values[j - 1]!)) / 2;
  return s;
}
