/**
 * Float64 matrix kernels for rollout over flat row-major typed arrays (internal, unchecked).
 *
 * @module
 */
import { simdMatmul } from './matmulSimd.js';

/**
 * Below these sizes the scalar kernel is used: copying B (n×n) into the WebAssembly memory costs about as much as
 * a few rows of the product, so the SIMD kernel pays only for products with many rows (full matrices, not the
 * few-row `outputs` paths).
 */
const SIMD_MIN_N = 64;
const SIMD_MIN_ROWS = 16;

/**
 * C = A · B where A is m×n (at `a[aOff…]`), B is n×n (at `b[bOff…]`) and C is m×n (at `c[cOff…]`), all row-major.
 * C must not overlap A or B.
 *
 * i-k-j order with a 4×4 register block: four rows of C are updated together from four rows of B, so every
 * load of B feeds four rows and every load/store of C carries four products (≈ 0.6–1 ms for n = 128 in V8,
 * 5–8× the naive triple loop). Row and k remainders fall back to narrower loops. For n ≥ 64 and m ≥ 16 with m a multiple of
 * 4 and n even, the WebAssembly SIMD kernel of ./matmulSimd.ts does the product instead (≈ 3× faster at n = 512).
 */
export function matmulInto(c: Float64Array, cOff: number, a: Float64Array, aOff: number, b: Float64Array, bOff: number, m: number, n: number): void {
  if (n >= SIMD_MIN_N && m >= SIMD_MIN_ROWS && simdMatmul(c, cOff, a, aOff, b, bOff, m, n)) return;
  c.fill(0, cOff, cOff + m * n);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const c0 = cOff + i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    const r0 = aOff + i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      const a00 = a[r0 + k]!, a01 = a[r0 + k + 1]!, a02 = a[r0 + k + 2]!, a03 = a[r0 + k + 3]!;
      const a10 = a[r1 + k]!, a11 = a[r1 + k + 1]!, a12 = a[r1 + k + 2]!, a13 = a[r1 + k + 3]!;
      const a20 = a[r2 + k]!, a21 = a[r2 + k + 1]!, a22 = a[r2 + k + 2]!, a23 = a[r2 + k + 3]!;
      const a30 = a[r3 + k]!, a31 = a[r3 + k + 1]!, a32 = a[r3 + k + 2]!, a33 = a[r3 + k + 3]!;
      const b0 = bOff + k * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const x = b[b0 + j]!;
        const y = b[b1 + j]!;
        const z = b[b2 + j]!;
        const w = b[b3 + j]!;
        c[c0 + j] = c[c0 + j]! + (a00 * x + a01 * y + a02 * z + a03 * w);
        c[c1 + j] = c[c1 + j]! + (a10 * x + a11 * y + a12 * z + a13 * w);
        c[c2 + j] = c[c2 + j]! + (a20 * x + a21 * y + a22 * z + a23 * w);
        c[c3 + j] = c[c3 + j]! + (a30 * x + a31 * y + a32 * z + a33 * w);
      }
    }
    for (; k < n; k++) {
      const a0 = a[r0 + k]!, a1 = a[r1 + k]!, a2 = a[r2 + k]!, a3 = a[r3 + k]!;
      const b0 = bOff + k * n;
      for (let j = 0; j < n; j++) {
        const x = b[b0 + j]!;
        c[c0 + j] = c[c0 + j]! + a0 * x;
        c[c1 + j] = c[c1 + j]! + a1 * x;
        c[c2 + j] = c[c2 + j]! + a2 * x;
        c[c3 + j] = c[c3 + j]! + a3 * x;
      }
    }
  }
  for (; i < m; i++) {
    const c0 = cOff + i * n;
    const r0 = aOff + i * n;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      const a0 = a[r0 + k]!, a1 = a[r0 + k + 1]!, a2 = a[r0 + k + 2]!, a3 = a[r0 + k + 3]!;
      const b0 = bOff + k * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        c[c0 + j] = c[c0 + j]! + (a0 * b[b0 + j]! + a1 * b[b1 + j]! + a2 * b[b2 + j]! + a3 * b[b3 + j]!);
      }
    }
    for (; k < n; k++) {
      const a0 = a[r0 + k]!;
      const b0 = bOff + k * n;
      for (let j = 0; j < n; j++) c[c0 + j] = c[c0 + j]! + a0 * b[b0 + j]!;
    }
  }
}
