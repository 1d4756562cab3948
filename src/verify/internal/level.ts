/**
 * What every level receives: the input, the explanation and the resolved options.
 *
 * @module
 */
import type { ModelAdapter } from '../../types/adapter.js';
import type { AttentionExplanation, LevelResult, VerifyThresholds } from '../types.js';

/** The resolved input of one verification. */
export interface LevelInput {
  readonly fn: string;
  readonly adapter: ModelAdapter;
  readonly tokens: number[];
  readonly explanation: AttentionExplanation | 'scores';
  /** The explanation's scores, length n. */
  readonly scores: Float64Array;
  readonly scorable: number[];
  readonly k: number;
  readonly target: number;
  /** Output distribution on the full input. */
  readonly probabilities: Float64Array;
  readonly abs: boolean;
  readonly removal: 'delete' | 'mask' | 'baseline';
  readonly inputMask: number[] | undefined;
  readonly exclude: number[];
  readonly thresholds: VerifyThresholds;
  readonly randomDraws: number;
  readonly igSteps: number;
  readonly igBaseline: 'zero' | 'pad' | 'mask' | 'unk';
  readonly nPermutations: number;
  readonly adversarialSteps: number;
  readonly epsilon: number;
  readonly calibration: number | null;
  readonly batchSize: number;
  readonly seed: number;
  readonly signal: AbortSignal | undefined;
}

/** A skipped level. */
export function skipped<D>(reason: string, missing: string | null = null): LevelResult<D> {
  return { verdict: 'skipped', reasons: [reason], missing, details: null };
}

/** Common options passed through to the attribution / faithfulness / counterfactual calls. */
export function passThrough(input: LevelInput): {
  target: number;
  exclude: number[];
  batchSize: number;
  inputMask?: number[];
  signal?: AbortSignal;
} {
  return {
    // a one-output model has one target index (0); the distribution's class 1 is that output
    target: input.adapter.info.numClasses === 1 ? 0 : input.target,
    exclude: input.exclude,
    batchSize: input.batchSize,
    ...(input.inputMask ? { inputMask: input.inputMask } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  };
}

export const fmt = (x: number | null, digits = 3): string => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits));
