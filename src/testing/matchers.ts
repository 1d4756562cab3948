/**
 * Relative-tolerance float comparison usable from any test runner (vitest, jest, mocha, node:test)
 * and from the conformance suite. Both functions share one definition of "close":
 *
 * `|actual − expected| ≤ atol + rtol · |expected|`, elementwise (NumPy's `isclose` with the
 * expected value as the reference), with NaN matching NaN and infinities matching only themselves.
 *
 * The two functions agree: `isClose(a, e, { rtol, atol })` holds exactly when
 * `maxRelativeError(a, e, { atol }) <= rtol`.
 *
 * (This file holds the two matchers together, as the testing design asks for one `matchers` module.)
 *
 * @module
 */
import { lengthOf } from '../internal/tensor.js';
import { InputTypeError } from '../errors/index.js';
import { checkNumber, checkOptions } from '../internal/options.js';

/** Machine epsilon of float64, 2⁻⁵², for tolerances written as `k · EPS`. */
const EPS = 2.220446049250313e-16;

/** A number, any `ArrayLike<number>`, or a tensor-like `{ data }` (`{ data, shape }`, `{ data, dims }`). */
export type Comparable =
  | number
  | ArrayLike<number>
  | { readonly data: ArrayLike<number>; readonly shape?: readonly number[]; readonly dims?: readonly number[] };

/** Options of {@link isClose}. */
export interface IsCloseOptions {
  /** Relative tolerance, ≥ 0. Default `1024 · EPS` (≈ 2.3e-13); pass ~1e-4…1e-3 for float32 results. */
  readonly rtol?: number;
  /** Absolute tolerance, ≥ 0 (needed when expected values can be 0). Default 0. */
  readonly atol?: number;
}

/** Options of {@link maxRelativeError}. */
export interface MaxRelativeErrorOptions {
  /** Absolute tolerance subtracted before dividing by `|expected|`, ≥ 0. Default 0. */
  readonly atol?: number;
}

const DEFAULTS = Object.freeze({ rtol: 1024 * EPS, atol: 0 });

function flatten(fn: string, name: string, x: Comparable): ArrayLike<number> {
  if (typeof x === 'number') return [x];
  if (x !== null && typeof x === 'object') {
    if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return x as unknown as ArrayLike<number>;
    if (Array.isArray(x)) return x;
    if ('data' in x) return flatten(fn, `${name}.data`, (x as { data: Comparable }).data);
    lengthOf(fn, name, x);
    return x as ArrayLike<number>;
  }
  throw new InputTypeError(fn, `${name} must be a number, an array of numbers or { data }`, x);
}

function shapeOf(x: Comparable): readonly number[] | undefined {
  if (x !== null && typeof x === 'object' && 'data' in x) {
    const s = (x as { shape?: readonly number[]; dims?: readonly number[] }).shape ?? (x as { dims?: readonly number[] }).dims;
    return s;
  }
  return undefined;
}

function sameShape(a: Comparable, e: Comparable): boolean {
  const sa = shapeOf(a);
  const se = shapeOf(e);
  if (sa === undefined || se === undefined) return true;
  return sa.length === se.length && sa.every((v, i) => Number(v) === Number(se[i]));
}

/** Relative error of one pair beyond `atol`; 0 when within `atol`; Infinity when incomparable. */
function pairError(x: number, y: number, atol: number): number {
  if (typeof x !== 'number' || typeof y !== 'number') return Infinity;
  if (Number.isNaN(y) || Number.isNaN(x)) return Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity;
  if (!Number.isFinite(y) || !Number.isFinite(x)) return x === y ? 0 : Infinity;
  const excess = Math.abs(x - y) - atol;
  if (excess <= 0) return 0;
  const scale = Math.abs(y);
  return scale === 0 ? Infinity : excess / scale;
}

/**
 * Whether `actual` is close to `expected` elementwise:
 * `|actual[i] − expected[i]| ≤ atol + rtol · |expected[i]|` for every `i`.
 *
 * NaN matches NaN (a documented NaN result compares equal to NaN), ±Infinity matches only itself.
 * Inputs of different lengths (or, for `{ data, shape }` inputs, different shapes) are not close.
 *
 * @param actual - the value under test: a number, an array, a typed array or `{ data, shape }`.
 * @param expected - the reference value (its magnitude sets the relative scale).
 * @param options - `rtol` (default `1024·EPS` ≈ 2.3e-13), `atol` (default 0).
 * @returns `true` when every element is within tolerance.
 * @throws InputTypeError if an argument is not numeric data or an option has the wrong type.
 * @throws InputRangeError if `rtol` or `atol` is negative or not finite.
 * @see https://numpy.org/doc/stable/reference/generated/numpy.isclose.html
 * @example
 * isClose(0.1 + 0.2, 0.3); // => true
 * isClose([1, 2], new Float64Array([1, 2.001]), { rtol: 1e-3 }); // => true
 * isClose(1e-20, 0); // => false (a zero expected value needs an atol)
 * isClose(1e-20, 0, { atol: 1e-12 }); // => true
 */
export function isClose(actual: Comparable, expected: Comparable, options?: IsCloseOptions): boolean {
  const fn = 'isClose';
  const opts = checkOptions<IsCloseOptions>(fn, options, ['rtol', 'atol']);
  const rtol = checkNumber(fn, 'options.rtol', opts.rtol ?? DEFAULTS.rtol, { min: 0, max: Number.MAX_VALUE });
  const atol = checkNumber(fn, 'options.atol', opts.atol ?? DEFAULTS.atol, { min: 0, max: Number.MAX_VALUE });
  const a = flatten(fn, 'actual', actual);
  const e = flatten(fn, 'expected', expected);
  if (a.length !== e.length || !sameShape(actual, expected)) return false;
  for (let i = 0; i < e.length; i++) {
    if (!(pairError(a[i]!, e[i]!, atol) <= rtol)) return false;
  }
  return true;
}

/**
 * The largest relative error of `actual` against `expected` beyond an absolute tolerance:
 * `max_i max(0, |actual[i] − expected[i]| − atol) / |expected[i]|` — the smallest `rtol` for which
 * {@link isClose} holds with the same `atol`.
 *
 * Pairs within `atol` contribute 0 (even when `expected[i]` is 0); a mismatch beyond `atol` against
 * an expected 0, a NaN against a number, a mismatched infinity, or inputs of different lengths or
 * shapes give `Infinity`. Empty inputs give 0.
 *
 * @param actual - the value under test.
 * @param expected - the reference value.
 * @param options - `atol` (default 0).
 * @returns a non-negative number, or `Infinity`.
 * @throws InputTypeError if an argument is not numeric data or an option has the wrong type.
 * @throws InputRangeError if `atol` is negative or not finite.
 * @example
 * maxRelativeError([1, 2.002], [1, 2]); // => ≈ 1e-3
 * maxRelativeError([1e-9], [0], { atol: 1e-8 }); // => 0
 * maxRelativeError([1], [0]); // => Infinity
 */
export function maxRelativeError(actual: Comparable, expected: Comparable, options?: MaxRelativeErrorOptions): number {
  const fn = 'maxRelativeError';
  const opts = checkOptions<MaxRelativeErrorOptions>(fn, options, ['atol']);
  const atol = checkNumber(fn, 'options.atol', opts.atol ?? DEFAULTS.atol, { min: 0, max: Number.MAX_VALUE });
  const a = flatten(fn, 'actual', actual);
  const e = flatten(fn, 'expected', expected);
  if (a.length !== e.length || !sameShape(actual, expected)) return Infinity;
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const err = pairError(a[i]!, e[i]!, atol);
    if (err > worst) worst = err;
  }
  return worst;
}
