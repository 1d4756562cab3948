import { InputRangeError, InputTypeError } from '../../errors/index.js';
import { checkNumber } from '../../internal/options.js';
import type { SplitFractions } from '../types.js';

/** The default split: 80 % train, 10 % validation, 10 % test. */
export const DEFAULT_FRACTIONS: SplitFractions = Object.freeze({ train: 0.8, validation: 0.1, test: 0.1 });

/** Validate split fractions: three numbers in [0, 1] summing to 1 (±1e-9). */
export function checkFractions(fn: string, value: unknown): SplitFractions {
  if (value === undefined) return DEFAULT_FRACTIONS;
  if (value === null || typeof value !== 'object') throw new InputTypeError(fn, 'fractions must be { train, validation, test }', value);
  const f = value as Record<string, unknown>;
  for (const key of Object.keys(f)) {
    if (key !== 'train' && key !== 'validation' && key !== 'test') throw new InputTypeError(fn, `unknown fractions key '${key}'`, key);
  }
  const train = checkNumber(fn, 'fractions.train', f['train'], { min: 0, max: 1 });
  const validation = checkNumber(fn, 'fractions.validation', f['validation'], { min: 0, max: 1 });
  const test = checkNumber(fn, 'fractions.test', f['test'], { min: 0, max: 1 });
  if (Math.abs(train + validation + test - 1) > 1e-9) throw new InputRangeError(fn, 'fractions must sum to 1', train + validation + test);
  return { train, validation, test };
}

/**
 * Sizes of the three splits of `n` items: `round(n · train)`, then `round(n · validation)` (capped by
 * what is left), then the rest to test.
 */
export function splitSizes(n: number, fractions: SplitFractions): [train: number, validation: number, test: number] {
  const train = Math.min(n, Math.round(n * fractions.train));
  const validation = Math.min(n - train, Math.round(n * fractions.validation));
  return [train, validation, n - train - validation];
}
