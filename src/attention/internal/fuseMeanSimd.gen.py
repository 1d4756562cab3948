#!/usr/bin/env python3
"""Generate the WebAssembly SIMD module embedded in fuseMeanSimd.ts (Python 3 standard library only).

Run: python3 src/attention/internal/fuseMeanSimd.gen.py
Prints the module bytes as the TypeScript array body of `MODULE_BYTES` (tests/attention/fuseMeanSimd.test.ts
checks that the embedded bytes equal this output). Writes no file.

The module exports `memory` (1 page to start; the caller grows it) and two functions with one signature,
`fuse32` (float32 input) and `fuse64` (float64 input):

    fuseXX(src, out, sums, rows, n, heads) -> i32

for a chunk of `rows` query rows of one layer copied head-major to byte offset `src` (head h, row r at
src + (h·rows + r)·n·size). For every row r it writes, as float64,
  out[r·n + j]       = the head sum of column j, grouped exactly as the scalar kernels of prepareAttention.ts
                       group it: heads in fours, out + ((a + b) + (c + e)), then a remaining pair, (out + v) + w,
                       then a remaining single head, out + v, with out zeroed first (memory.fill) where the scalar
                       kernels assign the first group: 0 + x = x, so the sums are equal as numbers (a cell whose
                       values are all −0 gives +0 instead of −0);
  sums[r·heads + h]  = the sum of head row (h, r) over j, in two f64x2 lanes over column pairs
                       (lane k sums x[4m + k] + x[4m + 2 + k]), lane 0 + lane 1, plus the scalar tail (n mod 4);
and returns 1 if some value is < 0 (f32x4/f64x2 pmin against a running minimum started at +0: NaN and −0 do not
count, NaN and ±Infinity show in the sums), else 0.
"""

import sys  # noqa: E402

sys.dont_write_bytecode = True  # importing the shared encoder must leave no __pycache__ in src/
from wasmgen import F64, Func, I32, V128, uleb  # noqa: E402  (shared encoder: wasmgen.py in this folder)
import wasmgen  # noqa: E402

# ---- the kernel -------------------------------------------------------------------------------------------------


def fuse(size):
    """fuse32 (size 4) or fuse64 (size 8); see the module doc above."""
    f = Func(6)
    SRC, OUT, SUMS, ROWS, N, HEADS = range(6)
    r, h, j, rb, hs, nv, nb, po, ps, q, negi = (f.local(I32) for _ in range(11))
    p = [f.local(I32) for _ in range(4)]
    neg, lo, hi = (f.local(V128) for _ in range(3))
    acc = [f.local(V128) for _ in range(4)]
    xlo = [f.local(V128) for _ in range(4)]
    xhi = [f.local(V128) for _ in range(4)]
    tsum = [f.local(F64) for _ in range(4)]
    x = [f.local(F64) for _ in range(4)]
    shift = 2 if size == 4 else 3

    def load_block(k):
        """xlo[k], xhi[k] = the four values of head row k at column block j as two f64x2; update neg."""
        if size == 4:
            f.get(p[k]); f.get(j); f.add(); f.v_load(2); f.set(xhi[k])
            f.get(neg); f.get(xhi[k]); f.f32x4_pmin(); f.set(neg)
            f.get(xhi[k]); f.promote_low(); f.set(xlo[k])
            f.get(xhi[k]); f.get(xhi[k]); f.high_to_low(); f.promote_low(); f.set(xhi[k])
        else:
            f.get(p[k]); f.get(j); f.add(); f.tee(q); f.v_load(3); f.set(xlo[k])
            f.get(q); f.v_load(3, 16); f.set(xhi[k])
            f.get(neg); f.get(xlo[k]); f.f64x2_pmin(); f.get(xhi[k]); f.f64x2_pmin(); f.set(neg)
        f.get(acc[k]); f.get(xlo[k]); f.get(xhi[k]); f.f64x2_add(); f.f64x2_add(); f.set(acc[k])

    def combine(vals, k, load_prev, add):
        """Push out + (head sum of one cell, or of one f64x2 of cells) for a group of k heads, grouped as the JS
        kernels: out + ((a + b) + (c + e)) for four heads, (out + v) + w for two, out + v for one."""
        load_prev()
        if k == 4:
            f.get(vals[0]); f.get(vals[1]); add()
            f.get(vals[2]); f.get(vals[3]); add()
            add(); add()
        else:
            for m in range(k):
                f.get(vals[m]); add()

    def group(k):
        """One group of k heads (4, 2 or 1) starting at head h, for row r: vector blocks, then the scalar tail."""
        # p[m] = src + ((h + m)·rows + r)·n·size
        f.get(SRC); f.get(h); f.get(ROWS); f.mul(); f.get(r); f.add(); f.get(rb); f.mul(); f.add(); f.set(p[0])
        for m in range(1, k):
            f.get(p[m - 1]); f.get(hs); f.add(); f.set(p[m])
        for m in range(k):
            f.v_zero(); f.set(acc[m]); f.f64_zero(); f.set(tsum[m])
        f.i32(0); f.set(j)
        f.block(); f.loop()
        f.get(j); f.get(nv); f.ge_u(); f.br_if(1)
        for m in range(k):
            load_block(m)
        # out cells j/size .. +4 at q = po + j·8/size
        f.get(po); f.get(j) if size == 8 else (f.get(j), f.i32(1), f.shl()); f.add(); f.set(q)
        for half, vals, off in ((0, xlo, 0), (1, xhi, 16)):
            f.get(q)
            combine(vals, k, lambda off=off: (f.get(q), f.v_load(3, off)), f.f64x2_add)
            f.v_store(off)
        f.get(j); f.i32(4 * size); f.add(); f.set(j); f.br(0)
        f.end(); f.end()
        # scalar tail: columns nv/size .. n − 1
        f.block(); f.loop()
        f.get(j); f.get(nb); f.ge_u(); f.br_if(1)
        for m in range(k):
            f.get(p[m]); f.get(j); f.add()
            if size == 4:
                f.f32_load(); f.f64_promote_f32()
            else:
                f.f64_load()
            f.tee(x[m]); f.f64_zero(); f.f64_lt(); f.get(negi); f.or_(); f.set(negi)
            f.get(tsum[m]); f.get(x[m]); f.f64_add(); f.set(tsum[m])
        f.get(po); f.get(j) if size == 8 else (f.get(j), f.i32(1), f.shl()); f.add(); f.set(q)
        f.get(q)
        combine(x, k, lambda: (f.get(q), f.f64_load()), f.f64_add)
        f.f64_store()
        f.get(j); f.i32(size); f.add(); f.set(j); f.br(0)
        f.end(); f.end()
        # sums[r·heads + h + m] = (lane 0 + lane 1) + tail
        for m in range(k):
            f.get(ps); f.get(h); f.i32(3); f.shl(); f.add()
            f.get(acc[m]); f.f64x2_extract(0); f.get(acc[m]); f.f64x2_extract(1); f.f64_add(); f.get(tsum[m]); f.f64_add()
            f.f64_store(8 * m)
        f.get(h); f.i32(k); f.add(); f.set(h)

    def group_if_fits(k):
        """While h + k ≤ heads: the group. (Fours repeat; a pair or a single occurs at most once.)"""
        f.block(); f.loop()
        f.get(h); f.i32(k); f.add(); f.get(HEADS); f.op(0x4B); f.br_if(1)  # i32.gt_u: h + k > heads → done
        group(k)
        if k != 4:
            f.br(1)
        f.br(0)
        f.end(); f.end()

    # rb = n·size, hs = rows·rb, nb = rb, nv = (n & ~3)·size
    f.get(N); f.i32(shift); f.shl(); f.tee(rb); f.set(nb)
    f.get(ROWS); f.get(rb); f.mul(); f.set(hs)
    f.get(N); f.i32(-4); f.and_(); f.i32(shift); f.shl(); f.set(nv)
    f.get(OUT); f.i32(0); f.get(ROWS); f.get(N); f.mul(); f.i32(3); f.shl(); f.op(0xFC, uleb(11), 0)  # memory.fill
    f.v_zero(); f.set(neg)
    f.i32(0); f.set(negi)
    f.i32(0); f.set(r)
    f.block(); f.loop()
    f.get(r); f.get(ROWS); f.ge_u(); f.br_if(1)
    f.get(OUT); f.get(r); f.get(N); f.mul(); f.i32(3); f.shl(); f.add(); f.set(po)
    f.get(SUMS); f.get(r); f.get(HEADS); f.mul(); f.i32(3); f.shl(); f.add(); f.set(ps)
    f.i32(0); f.set(h)
    group_if_fits(4)
    group_if_fits(2)
    group_if_fits(1)
    f.get(r); f.i32(1); f.add(); f.set(r); f.br(0)
    f.end(); f.end()
    # return (some lane of neg < 0) | negi
    f.get(neg); f.v_zero()
    f.f32x4_lt() if size == 4 else f.f64x2_lt()
    f.any_true(); f.get(negi); f.or_()
    return f


def module():
    return wasmgen.module([I32] * 6, [I32], [fuse(4), fuse(8)], [('fuse32', 0), ('fuse64', 1)])


if __name__ == '__main__':
    wasmgen.print_bytes(module())
