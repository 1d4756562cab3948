#!/usr/bin/env python3
"""Generate the WebAssembly SIMD module embedded in matmulSimd.ts (Python 3 standard library only).

Run: python3 src/attention/internal/matmulSimd.gen.py
Prints the module bytes as the TypeScript array body of `MODULE_BYTES` (tests/attention/matmul.test.ts checks
that the embedded bytes equal this output). Writes no file.

The module exports `memory` (1 page to start; the caller grows it) and

    mm(c, a, b, m, n, p)

which sets C = A·B for row-major float64 A (m×n) at byte offset a, B (n×n) at b and C (m×n) at c, for m even
and n even (the caller uses it for m a multiple of 4), with scratch at p of (n² + m·n)·8 bytes:

1. B is packed into column panels at p: 8 columns per panel (then panels of 2 for the last n mod 8 columns),
   each panel k-major, so the panel of columns j…j+w is read as one contiguous stream (row k at p + 8jn + 8wk).
   Reading B in place would stride by 8n bytes, and at n = 512 those rows all fall in the same L1 sets.
2. A is packed into row pairs at p + 8n²: rows i, i + 1 interleaved k-major (a[i, k], a[i + 1, k] adjacent).
3. For each B panel (outer) and each row pair (inner), a register tile of C (2 rows × 8 columns = 8 f64x2
   accumulators, or 2 × 2 in the tail panels) is started at +0 and, for k = 0, 1, …, n − 1 in order, gets
   acc = acc + splat(a[i, k]) · B[k, j:j+2] (f64x2.mul, then f64x2.add), then is stored once.

So every element of C is (((0 + a[i,0]·b[0,j]) + a[i,1]·b[1,j]) + …) + a[i,n−1]·b[n−1,j] with every product
and sum rounded to float64: the order of operations of the previous kernel (which added into C in memory per
pair of k) and of `descendRowsJs` (maxflow/internal/layeredSolver.ts), bit for bit. No fused multiply-add.

Why 2 × 8: per k the tile costs 4 vector loads of B, 2 splat loads of A and 16 float ops, in 14 of the 15
xmm registers V8 allocates on x64 (8 accumulators, 4 B vectors, the splat and the product). Measured on the
machine of bench/results/rollout.md, it beat 4 rows × 4 columns (4 splats per k) by ≈ 10 %; k-blocking
(64–256) and pre-splatted A were within noise or slower; wider tiles spill.
"""

import sys  # noqa: E402

sys.dont_write_bytecode = True  # importing the shared encoder must leave no __pycache__ in src/
from wasmgen import Func, I32, V128  # noqa: E402  (shared encoder: wasmgen.py in this folder)
import wasmgen  # noqa: E402

# ---- the kernel -------------------------------------------------------------------------------------------------

ROWS = 2   # rows of C per register tile
WIDE = 8   # columns of C per register tile (then tiles of 2 for the last n mod 8 columns)


def mm():
    f = Func(6)
    c, a, b, m, n, p = range(6)
    rb, bsz, cend, pa, pb, pend, j, jend, i, t, pA = (f.local(I32) for _ in range(11))
    s = f.local(V128)
    X = [f.local(V128) for _ in range(WIDE // 2)]
    acc = [[f.local(V128) for _ in range(WIDE // 2)] for _ in range(ROWS)]

    f.get(n); f.const(3); f.shl(); f.set(rb)            # row bytes
    f.get(n); f.get(rb); f.mul(); f.set(bsz)            # bytes of B
    f.get(m); f.get(rb); f.mul(); f.set(cend)           # bytes of A and of C
    f.get(p); f.get(bsz); f.add(); f.set(pA)

    # 1. pack B: the panel of columns [j, j + w) (j in bytes) at p + j·n, row k at + 8wk
    f.get(p); f.set(pb)
    f.const(0); f.set(j)

    def pack_panels(w):
        f.block(); f.loop()
        f.get(j); f.get(jend); f.ge_u(); f.br_if(1)
        f.get(b); f.get(j); f.add(); f.tee(pa); f.get(bsz); f.add(); f.set(pend)   # column j, rows 0 … n − 1
        f.loop()
        for q in range(w // 2):
            f.get(pb); f.get(pa); f.v128_load(16 * q); f.v128_store(16 * q)
        f.get(pb); f.const(8 * w); f.add(); f.set(pb)
        f.get(pa); f.get(rb); f.add(); f.tee(pa); f.get(pend); f.lt_u(); f.br_if(0)
        f.end()
        f.get(j); f.const(8 * w); f.add(); f.set(j)
        f.br(0)
        f.end(); f.end()

    f.get(rb); f.const(-8 * WIDE); f.and_(); f.set(jend)
    pack_panels(WIDE)
    f.get(rb); f.set(jend)
    pack_panels(2)

    # 2. pack A: rows i, i + 1 (i the byte offset of row i in A) at pA + i, element (r, k) at + 16k + 8r
    f.get(pA); f.set(pb)
    f.get(a); f.set(pa)
    f.get(a); f.get(cend); f.add(); f.set(pend)
    f.loop()
    f.get(pa); f.get(rb); f.add(); f.set(t)
    f.loop()
    f.get(pb); f.get(pa); f.f64_load(); f.f64_store(0)
    f.get(pb); f.get(pa); f.get(rb); f.add(); f.f64_load(); f.f64_store(8)
    f.get(pb); f.const(16); f.add(); f.set(pb)
    f.get(pa); f.const(8); f.add(); f.tee(pa); f.get(t); f.lt_u(); f.br_if(0)
    f.end()
    f.get(pa); f.get(rb); f.add(); f.tee(pa); f.get(pend); f.lt_u(); f.br_if(0)
    f.end()

    # 3. register tiles, B panels outer, row pairs inner
    f.const(0); f.set(j)

    def tiles(w):
        f.block(); f.loop()
        f.get(j); f.get(jend); f.ge_u(); f.br_if(1)
        f.const(0); f.set(i)
        f.loop()
        f.get(pA); f.get(i); f.add(); f.tee(pa); f.get(rb); f.const(1); f.shl(); f.add(); f.set(pend)
        f.get(p); f.get(j); f.get(n); f.mul(); f.add(); f.set(pb)
        for r in range(ROWS):
            for q in range(w // 2):
                f.v128_zero(); f.set(acc[r][q])
        f.loop()
        for q in range(w // 2):
            f.get(pb); f.v128_load(16 * q); f.set(X[q])
        for r in range(ROWS):
            f.get(pa); f.v128_load64_splat(8 * r); f.set(s)
            for q in range(w // 2):
                f.get(acc[r][q]); f.get(s); f.get(X[q]); f.f64x2_mul(); f.f64x2_add(); f.set(acc[r][q])
        f.get(pb); f.const(8 * w); f.add(); f.set(pb)
        f.get(pa); f.const(8 * ROWS); f.add(); f.tee(pa); f.get(pend); f.lt_u(); f.br_if(0)
        f.end()
        f.get(c); f.get(i); f.add(); f.get(j); f.add(); f.set(t)
        for r in range(ROWS):
            for q in range(w // 2):
                f.get(t)
                if r:
                    f.get(rb); f.add()
                f.get(acc[r][q]); f.v128_store(16 * q)
        f.get(i); f.get(rb); f.const(1); f.shl(); f.add(); f.tee(i); f.get(cend); f.lt_u(); f.br_if(0)
        f.end()
        f.get(j); f.const(8 * w); f.add(); f.set(j)
        f.br(0)
        f.end(); f.end()

    f.get(rb); f.const(-8 * WIDE); f.and_(); f.set(jend)
    tiles(WIDE)
    f.get(rb); f.set(jend)
    tiles(2)
    return f


def module():
    return wasmgen.module([I32] * 6, [], [mm()], [('mm', 0)])


if __name__ == '__main__':
    wasmgen.print_bytes(module())
