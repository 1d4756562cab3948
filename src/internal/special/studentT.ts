/**
 * Student t CDF, structured as Boost.Math's `cdf(students_t_distribution)` which scipy's
 * `special.stdtr` wraps: with t² and z chosen by the same branch, the incomplete beta is
 * evaluated at the same rounded argument as scipy, so the two agree to the accuracy of I_x.
 *
 * @module
 */
import { betaIncPair } from './incompleteBeta.js';
import { ndtr } from './erf.js';

/** P(T ≤ t) for Student's t with `df` > 0 degrees of freedom (scipy `special.stdtr(df, t)`). */
export function studentTCdf(df: number, t: number): number {
  if (Number.isNaN(df) || Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === 0) return 0.5;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (df > 1 / Number.EPSILON) return ndtr(t);
  const t2 = t * t;
  let tail: number;
  if (df > 2 * t2) {
    const z = t2 / (df + t2);
    tail = betaIncPair(0.5, df / 2, z).upper / 2;
  } else {
    const z = df / (df + t2);
    tail = betaIncPair(df / 2, 0.5, z).lower / 2;
  }
  return t > 0 ? 1 - tail : tail;
}
