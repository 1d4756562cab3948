/**
 * Error-free float64 transformations (Knuth's TwoSum, Dekker's TwoProduct) and the summation
 * helpers the agreement statistics use to reproduce or beat numpy's rounding.
 *
 * @module
 */

/** 2²⁷ + 1: Veltkamp's splitter for float64. */
const SPLITTER = 134217729;

/** Exact product: returns `p = fl(a·b)` and writes `a·b − p` into `out[0]` (Dekker; no FMA needed). */
export function twoProduct(a: number, b: number, out: Float64Array): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  out[0] = al * bl - (((p - ah * bh) - al * bh) - ah * bl);
  return p;
}

/**
 * Sum exactly as numpy's `np.add.reduce` / `np.sum` does for a contiguous float64 array
 * (pairwise summation: blocks of ≤ 128 with eight accumulators, recursive halving with the split
 * rounded down to a multiple of 8). Reproducing the order makes `np.mean` bit-identical.
 */
export function numpySum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    let r0 = a[start]!, r1 = a[start + 1]!, r2 = a[start + 2]!, r3 = a[start + 3]!;
    let r4 = a[start + 4]!, r5 = a[start + 5]!, r6 = a[start + 6]!, r7 = a[start + 7]!;
    const end8 = n - (n % 8);
    let i = 8;
    for (; i < end8; i += 8) {
      const o = start + i;
      r0 += a[o]!;
      r1 += a[o + 1]!;
      r2 += a[o + 2]!;
      r3 += a[o + 3]!;
      r4 += a[o + 4]!;
      r5 += a[o + 5]!;
      r6 += a[o + 6]!;
      r7 += a[o + 7]!;
    }
    let res = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return numpySum(a, start, n2) + numpySum(a, start + n2, n - n2);
}

/**
 * Σ aᵢ·bᵢ in twice-working precision (Ogita–Rump–Oishi `Dot2`): the result is as accurate as if
 * computed in ~106-bit arithmetic and then rounded, so it is within an ulp or two of the exact dot product
 * unless that is the result of heavy cancellation.
 */
export function dot2(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  const err = new Float64Array(1);
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const p = twoProduct(a[i]!, b[i]!, err);
    const q = err[0]!;
    const t = s + p;
    const z = t - s;
    c += (s - (t - z)) + (p - z) + q;
    s = t;
  }
  return s + c;
}
