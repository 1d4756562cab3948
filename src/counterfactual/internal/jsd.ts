/**
 * Jensen–Shannon divergence of attention rows (natural log) and its gradient, restricted to the free
 * keys (the other keys are equal in both rows and contribute nothing).
 *
 * @module
 */

/** JSD(p, q) over `keys` of two rows starting at `po`/`qo` (exact: 0 · log 0 = 0). */
export function rowJsd(p: ArrayLike<number>, po: number, q: ArrayLike<number>, qo: number, keys: Int32Array): number {
  let s = 0;
  for (const j of keys) {
    const a = p[po + j]!;
    const b = q[qo + j]!;
    const m = (a + b) / 2;
    if (a > 0) s += a * Math.log(a / m);
    if (b > 0) s += b * Math.log(b / m);
  }
  return Math.max(0, s / 2);
}

/** Mean JSD over the `rows` rows (each of length n) of two `[R, n]` arrays. */
export function meanJsd(p: ArrayLike<number>, q: ArrayLike<number>, rows: number, n: number, keys: Int32Array): number {
  let s = 0;
  for (let r = 0; r < rows; r++) s += rowJsd(p, r * n, q, r * n, keys);
  return s / rows;
}

/** Smoothing of the gradient's logarithms (Jain & Wallace's 1e-10). */
const EPS = 1e-10;

/**
 * Add `scale · ∂JSD(p, q)/∂p` over `keys` of one row into `out` (same offsets as `p`):
 * `½ log((p+ε)/(m+ε)) + ½ (p/(p+ε) − m/(m+ε))`, the derivative of Jain & Wallace's smoothed JSD.
 */
export function addJsdGradient(p: ArrayLike<number>, po: number, q: ArrayLike<number>, qo: number, keys: Int32Array, scale: number, out: Float64Array): void {
  for (const j of keys) {
    const a = p[po + j]!;
    const m = (a + q[qo + j]!) / 2;
    out[po + j] = out[po + j]! + scale * 0.5 * (Math.log((a + EPS) / (m + EPS)) + a / (a + EPS) - m / (m + EPS));
  }
}
