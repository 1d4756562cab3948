import { InputRangeError } from '../../errors/index.js';
import { checkNumber } from '../../internal/options.js';
import { readOptions } from '../../internal/guard.js';
import { numpySum } from '../../internal/special/float.js';
import type { DivergenceOptions } from '../types.js';

export const DIVERGENCE_DEFAULTS = Object.freeze({ tolerance: 1e-6, epsilon: 0 });

/** Validated `tolerance` and `epsilon` of a divergence call. */
export function readDivergenceOptions(fn: string, options: unknown, withEpsilon: boolean): { tolerance: number; epsilon: number } {
  const opts = readOptions<DivergenceOptions>(fn, options, withEpsilon ? ['tolerance', 'epsilon'] : ['tolerance']);
  const tolerance = opts.tolerance === undefined ? DIVERGENCE_DEFAULTS.tolerance : finiteNonNegative(fn, 'tolerance', opts.tolerance);
  const epsilon = opts.epsilon === undefined ? DIVERGENCE_DEFAULTS.epsilon : finiteNonNegative(fn, 'epsilon', opts.epsilon);
  return { tolerance, epsilon };
}

function finiteNonNegative(fn: string, name: string, value: unknown): number {
  const v = checkNumber(fn, name, value, { min: 0 });
  if (!Number.isFinite(v)) throw new InputRangeError(fn, `${name} must be finite`, v);
  return v;
}

/**
 * KL(p‖q) = Σ pᵢ·(ln(pᵢ + ε) − ln(qᵢ + ε)), with 0·ln 0 = 0 and, for ε = 0, pᵢ·ln(pᵢ/qᵢ)
 * (+∞ where qᵢ = 0 < pᵢ). Terms are summed in numpy's pairwise order, as Jain & Wallace's `kld`.
 */
export function kl(p: Float64Array, q: Float64Array, epsilon: number): number {
  const n = p.length;
  const terms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = p[i]!;
    if (a === 0) continue;
    const b = q[i]!;
    terms[i] = epsilon === 0 ? (b === 0 ? Infinity : a * Math.log(a / b)) : a * (Math.log(a + epsilon) - Math.log(b + epsilon));
  }
  return numpySum(terms);
}
