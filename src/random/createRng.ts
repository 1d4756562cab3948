import { InputTypeError, ShapeMismatchError } from '../errors/index.js';
import { checkInteger, checkSeed } from '../internal/options.js';
import { lengthOf } from '../internal/tensor.js';

/**
 * A seeded pseudo-random number generator. Every stochastic function in faithcheck takes a
 * `seed` and draws from one of these, so the same seed gives bit-identical results on every
 * platform.
 */
export interface Rng {
  /** The next uniform float in [0, 1) with 53 random bits. */
  next(): number;
  /** The next uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** A uniform integer in [0, n) without modulo bias (rejection sampling). `n` in [1, 2³²]. */
  nextInt(n: number): number;
  /** A standard normal draw N(0, 1) (Marsaglia's polar method; caches the second value). */
  normal(): number;
  /** A uniformly random permutation of 0…n−1 (Fisher–Yates, Durstenfeld). `n` in [0, 2²⁶]. */
  permutation(n: number): Int32Array;
  /**
   * Shuffle `array` (an array or typed array of at most 2²⁶ elements) in place (Fisher–Yates) and
   * return it.
   */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T;
}

/**
 * Largest `permutation(n)` / `shuffle(array)` (2²⁶ ≈ 6.7·10⁷ elements): far beyond any use here, and small
 * enough that an absurd request fails at once instead of allocating gigabytes or looping for minutes.
 */
const MAX_SHUFFLE = 2 ** 26;

/** splitmix32 step: turns a 32-bit seed into well-mixed state words. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Create a seeded PRNG: **xoshiro128\*\*** 1.1 (Blackman & Vigna, 2018; period 2¹²⁸ − 1), its
 * 128-bit state filled from the seed by **splitmix32**. Floats take 53 bits from two outputs
 * (`(a >>> 5) · 2²⁶ + (b >>> 6)) / 2⁵³`), as in the reference `next_double`.
 *
 * The seed is any integer; it is reduced modulo 2³² (two's complement), so `seed` and
 * `seed + 2³²` give the same stream.
 *
 * @param seed - integer seed.
 * @returns a fresh generator; generators never share state.
 * @throws InputTypeError if `seed` is not an integer. The generator's methods throw
 *   InputTypeError / InputRangeError for a bad `n` (`nextInt`, `permutation`) and InputTypeError /
 *   ShapeMismatchError for an `array` that is not a writable array of at most 2²⁶ elements (`shuffle`).
 * @see https://prng.di.unimi.it/xoshiro128starstar.c
 * @example
 * const rng = createRng(42);
 * rng.next(); // => 0.6606157208001621  (the same on every run and platform)
 * rng.permutation(4); // => Int32Array [1, 3, 0, 2]
 */
export function createRng(seed: number): Rng {
  checkSeed('createRng', seed);
  const sm = { s: Number(BigInt.asIntN(32, BigInt(seed))) };
  let s0 = splitmix32(sm);
  let s1 = splitmix32(sm);
  let s2 = splitmix32(sm);
  let s3 = splitmix32(sm);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  let spare = NaN;

  const nextUint32 = (): number => {
    const t = Math.imul(s1, 5);
    const result = Math.imul((t << 7) | (t >>> 25), 9) >>> 0;
    const sh = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= sh;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };
  const next = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  const nextInt = (n: number): number => {
    checkInteger('Rng.nextInt', 'n', n, 1, 4294967296);
    if (n === 4294967296) return nextUint32();
    const limit = 4294967296 - (4294967296 % n);
    let x = nextUint32();
    while (x >= limit) x = nextUint32();
    return x % n;
  };
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = NaN;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * m;
    return u * m;
  };
  const shuffle = <T extends { length: number; [i: number]: unknown }>(array: T): T => {
    if (!Array.isArray(array) && !(ArrayBuffer.isView(array) && !(array instanceof DataView))) {
      throw new InputTypeError('Rng.shuffle', 'array must be an array or a typed array', array);
    }
    const length = lengthOf('Rng.shuffle', 'array', array);
    if (length > MAX_SHUFFLE) throw new ShapeMismatchError('Rng.shuffle', `array has more than ${MAX_SHUFFLE} elements`, length);
    if (length > 1 && Object.isFrozen(array)) throw new InputTypeError('Rng.shuffle', 'array is frozen; shuffle works in place', array);
    for (let i = length - 1; i > 0; i--) {
      const j = nextInt(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  };
  const permutation = (n: number): Int32Array => {
    checkInteger('Rng.permutation', 'n', n, 0, MAX_SHUFFLE);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return shuffle(p);
  };
  return { next, nextUint32, nextInt, normal, permutation, shuffle };
}
