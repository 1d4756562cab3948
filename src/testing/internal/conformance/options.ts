/**
 * Options of the adapter conformance suite: the check names, the defaults and their validation.
 *
 * @module
 */
import { lengthOf } from '../../../internal/tensor.js';
import { InputTypeError, ShapeMismatchError } from '../../../errors/index.js';
import { checkInteger, checkNumber, checkOptions, checkSeed } from '../../../internal/options.js';
import type { ConformanceCheckName, ConformanceOptions } from '../../types.js';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/** Every check, in running order. */
export const CHECK_NAMES: readonly ConformanceCheckName[] = Object.freeze([
  'info',
  'embed',
  'forwardOutputs',
  'freshResults',
  'determinism',
  'noInputMutation',
  'batchConsistency',
  'inputMask',
  'attentionShape',
  'attentionOverrideIdentity',
  'attentionOverrideEffect',
  'attentionOverrideExact',
  'gradient',
  'attentionGradient',
]);

/** Defaults of {@link ConformanceOptions} (float32-friendly). */
export const CONFORMANCE_DEFAULTS = Object.freeze({
  numSamples: 3,
  seed: 0,
  tolerance: 1e-5,
  finiteDifferenceStep: 2 ** -8,
  gradientRtol: 1e-2,
  gradientAtol: 1e-3,
  gradientCoordinates: 16,
  checkTimeout: 30_000,
});

export interface ResolvedConformanceOptions {
  readonly samples: readonly (readonly number[])[] | null;
  readonly numSamples: number;
  readonly seed: number;
  readonly tolerance: number;
  readonly finiteDifferenceStep: number;
  readonly gradientRtol: number;
  readonly gradientAtol: number;
  readonly gradientCoordinates: number;
  readonly checkTimeout: number;
  readonly checks: readonly ConformanceCheckName[];
}

const OPTION_KEYS = [
  'samples',
  'numSamples',
  'seed',
  'tolerance',
  'finiteDifferenceStep',
  'gradientRtol',
  'gradientAtol',
  'gradientCoordinates',
  'checkTimeout',
  'checks',
] as const;

/** Validate conformance options (throws at the public boundary; never reported as a check). */
export function resolveConformanceOptions(
  fn: string,
  options: unknown,
  extraKeys: readonly string[] = [],
): ResolvedConformanceOptions {
  const o = checkOptions<ConformanceOptions & Record<string, unknown>>(fn, options, [...OPTION_KEYS, ...extraKeys]);
  let samples: number[][] | null = null;
  if (o.samples !== undefined) {
    if (!Array.isArray(o.samples) || o.samples.length === 0) {
      throw new InputTypeError(fn, 'options.samples must be a non-empty array of token sequences', o.samples);
    }
    samples = o.samples.map((s: unknown, i) => {
      if (s === null || typeof s !== 'object') {
        throw new InputTypeError(fn, `options.samples[${i}] must be an array of token ids`, s);
      }
      if (lengthOf(fn, `options.samples[${i}]`, s) > 2 ** 20) {
        throw new ShapeMismatchError(fn, `options.samples[${i}] is longer than ${2 ** 20} tokens`, s);
      }
      const arr = Array.from(s as ArrayLike<unknown>);
      if (arr.length === 0) throw new ShapeMismatchError(fn, `options.samples[${i}] must not be empty`, s);
      arr.forEach((t, j) => {
        if (typeof t !== 'number' || !Number.isFinite(t)) throw new InputTypeError(fn, `options.samples[${i}][${j}] must be a finite number`, t);
      });
      return arr as number[];
    });
  }
  let checks = CHECK_NAMES;
  if (o.checks !== undefined) {
    if (!Array.isArray(o.checks) || o.checks.length === 0) {
      throw new InputTypeError(fn, 'options.checks must be a non-empty array of check names', o.checks);
    }
    for (const c of o.checks as unknown[]) {
      if (typeof c !== 'string' || !(CHECK_NAMES as readonly string[]).includes(c)) {
        throw new InputTypeError(fn, `options.checks holds an unknown check (known: ${CHECK_NAMES.join(', ')})`, c);
      }
    }
    const wanted = new Set(o.checks as readonly string[]);
    checks = CHECK_NAMES.filter((c) => wanted.has(c));
  }
  return {
    samples,
    numSamples: checkInteger(fn, 'options.numSamples', o.numSamples ?? CONFORMANCE_DEFAULTS.numSamples, 1, 64),
    seed: o.seed === undefined ? CONFORMANCE_DEFAULTS.seed : checkSeed(fn, o.seed),
    tolerance: checkNumber(fn, 'options.tolerance', o.tolerance ?? CONFORMANCE_DEFAULTS.tolerance, { min: 0, max: 1, minExclusive: true }),
    finiteDifferenceStep: checkNumber(fn, 'options.finiteDifferenceStep', o.finiteDifferenceStep ?? CONFORMANCE_DEFAULTS.finiteDifferenceStep, {
      min: 0,
      max: 1,
      minExclusive: true,
    }),
    gradientRtol: checkNumber(fn, 'options.gradientRtol', o.gradientRtol ?? CONFORMANCE_DEFAULTS.gradientRtol, { min: 0, max: 1 }),
    gradientAtol: checkNumber(fn, 'options.gradientAtol', o.gradientAtol ?? CONFORMANCE_DEFAULTS.gradientAtol, { min: 0, max: Number.MAX_VALUE }),
    gradientCoordinates: checkInteger(fn, 'options.gradientCoordinates', o.gradientCoordinates ?? CONFORMANCE_DEFAULTS.gradientCoordinates, 1, 4096),
    checkTimeout: checkInteger(fn, 'options.checkTimeout', o.checkTimeout ?? CONFORMANCE_DEFAULTS.checkTimeout, 1, 2 ** 31 - 1),
    checks,
  };
}
