/**
 * Shared helpers of the verdict: thresholds, per-example seeds, rank agreement of two score vectors,
 * and small statistics.
 *
 * @module
 */
import { kendallTauTest } from '../../agreement/kendallTauTest.js';
import { topKOverlap } from '../../agreement/topKOverlap.js';
import { checkNumber, checkOptions } from '../../internal/options.js';
import type { PairAgreement, VerifyThresholds } from '../types.js';

/** Defaults of {@link VerifyThresholds} (reasons in docs/verify.md). */
export const VERIFY_THRESHOLDS: VerifyThresholds = Object.freeze({
  alpha: 0.05,
  topKOverlap: 0.5,
  referenceAgreement: 0.5,
  explanationAgreement: 0.5,
  effectSize: 1,
  permutationTvd: 0.05,
  adversarialJsd: 0.5,
  calibrationFactor: 2,
  minimumJsd: 0.1,
});

/** Merge user thresholds over the defaults, validated. */
export function readThresholds(fn: string, value: unknown): VerifyThresholds {
  const keys = Object.keys(VERIFY_THRESHOLDS) as (keyof VerifyThresholds)[];
  const o = checkOptions<VerifyThresholds>(fn, value, keys);
  const out: Record<string, number> = { ...VERIFY_THRESHOLDS };
  for (const key of keys) {
    const v = o[key];
    if (v === undefined) continue;
    const max = key === 'adversarialJsd' || key === 'minimumJsd' ? Math.LN2 : key === 'effectSize' || key === 'calibrationFactor' ? 1e6 : 1;
    out[key] = checkNumber(fn, `thresholds.${key}`, v, { min: 0, max });
  }
  return Object.freeze(out) as unknown as VerifyThresholds;
}

/** A 32-bit seed for example `index` of a run with `seed` (splitmix32 of both): shards reproduce one run. */
export function exampleSeed(seed: number, index: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** A number for JSON: NaN/±Infinity become null. */
export function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The values of `scores` at `positions`, as magnitudes when `abs`. */
export function pick(scores: ArrayLike<number>, positions: readonly number[], abs: boolean): Float64Array {
  return Float64Array.from(positions, (p) => (abs ? Math.abs(scores[p]!) : scores[p]!));
}

/** Kendall τ-b with p-value and top-k overlap of two vectors over the same positions. */
export function agreement(a: Float64Array, b: Float64Array, k: number, t: VerifyThresholds): PairAgreement {
  const test = a.length >= 2 ? kendallTauTest(a, b) : { statistic: NaN, pValue: NaN };
  const overlap = topKOverlap(a, b, Math.min(k, a.length));
  const tau = num(test.statistic);
  const pValue = num(test.pValue);
  const agrees = (tau !== null && tau > 0 && pValue !== null && pValue <= t.alpha) || overlap >= t.topKOverlap;
  return { tau, pValue, topKOverlap: overlap, agrees };
}

/** Positions of the k largest values (ties: lower position first). */
export function topPositions(values: Float64Array, positions: readonly number[], k: number): number[] {
  const order = positions.map((p, i) => i).sort((i, j) => values[j]! - values[i]! || i - j);
  return order.slice(0, k).map((i) => positions[i]!);
}

/**
 * Option keys `verifyExplanation` and `verifyDataset` share (the per-example settings), in the
 * order both functions list them.
 */
export const VERIFY_OPTION_KEYS = [
  'exclude',
  'levels',
  'thresholds',
  'k',
  'compare',
  'removal',
  'randomDraws',
  'igSteps',
  'igBaseline',
  'nPermutations',
  'adversarialSteps',
  'epsilon',
  'calibration',
  'batchSize',
  'seed',
] as const;
