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

# ---- encoding helpers -------------------------------------------------------------------------------------------


def uleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if (v == 0 and not b & 0x40) or (v == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def name(s):
    return uleb(len(s)) + s.encode()


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


I32, F64, V128 = 0x7F, 0x7C, 0x7B


class Func:
    """One function body: an instruction stream plus typed locals allocated on demand."""

    def __init__(self, nparams):
        self.code = bytearray()
        self.nparams = nparams
        self.locals = []  # value types of the non-parameter locals, in index order

    def local(self, ty):
        self.locals.append(ty)
        return self.nparams + len(self.locals) - 1

    def op(self, *parts):
        for p in parts:
            self.code.extend(p if isinstance(p, (bytes, bytearray)) else bytes([p]))

    # locals and constants
    def get(self, i): self.op(0x20, uleb(i))
    def set(self, i): self.op(0x21, uleb(i))
    def tee(self, i): self.op(0x22, uleb(i))
    def i32(self, v): self.op(0x41, sleb(v))

    # i32 arithmetic and comparisons
    def add(self): self.op(0x6A)
    def mul(self): self.op(0x6C)
    def and_(self): self.op(0x71)
    def or_(self): self.op(0x72)
    def shl(self): self.op(0x74)
    def lt_u(self): self.op(0x49)
    def ge_u(self): self.op(0x4F)
    def eq(self): self.op(0x46)

    # control
    def block(self): self.op(0x02, 0x40)
    def loop(self): self.op(0x03, 0x40)
    def if_(self): self.op(0x04, 0x40)
    def else_(self): self.op(0x05)
    def end(self): self.op(0x0B)
    def br(self, d): self.op(0x0C, uleb(d))
    def br_if(self, d): self.op(0x0D, uleb(d))

    # scalar memory and float64
    def f32_load(self, off=0): self.op(0x2A, 2, uleb(off))
    def f64_load(self, off=0): self.op(0x2B, 3, uleb(off))
    def f64_store(self, off=0): self.op(0x39, 3, uleb(off))
    def f64_promote_f32(self): self.op(0xBB)
    def f64_add(self): self.op(0xA0)
    def f64_lt(self): self.op(0x63)
    def f64_zero(self): self.op(0x44, bytes(8))

    # SIMD (0xFD prefix)
    def simd(self, code, *imm): self.op(0xFD, uleb(code), *imm)
    def v_load(self, align, off=0): self.simd(0, align, uleb(off))
    def v_store(self, off=0): self.simd(11, 3, uleb(off))
    def v_zero(self): self.simd(12, bytes(16))
    def high_to_low(self):  # i8x16.shuffle moving bytes 8..15 to 0..7 (one operand, twice)
        self.simd(13, bytes(range(8, 16)) + bytes(range(0, 8)))
    def f64x2_extract(self, lane): self.simd(33, lane)
    def f32x4_lt(self): self.simd(67)
    def f64x2_lt(self): self.simd(73)
    def any_true(self): self.simd(83)
    def promote_low(self): self.simd(95)
    def f32x4_pmin(self): self.simd(234)
    def f64x2_add(self): self.simd(240)
    def f64x2_pmin(self): self.simd(246)

    def body(self):
        groups = []
        for ty in self.locals:
            if groups and groups[-1][1] == ty:
                groups[-1][0] += 1
            else:
                groups.append([1, ty])
        decl = uleb(len(groups)) + b''.join(uleb(c) + bytes([t]) for c, t in groups)
        b = decl + bytes(self.code) + b'\x0b'
        return uleb(len(b)) + b


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
    funcs = [fuse(4), fuse(8)]
    typ = section(1, uleb(1) + b'\x60' + uleb(6) + bytes([I32] * 6) + uleb(1) + bytes([I32]))
    fsec = section(3, uleb(len(funcs)) + b''.join(uleb(0) for _ in funcs))
    mem = section(5, uleb(1) + b'\x00' + uleb(1))
    exports = [(b'memory', 2, 0), (b'fuse32', 0, 0), (b'fuse64', 0, 1)]
    exp = section(7, uleb(len(exports)) + b''.join(name(n.decode()) + bytes([kind]) + uleb(i) for n, kind, i in exports))
    code = section(10, uleb(len(funcs)) + b''.join(fn.body() for fn in funcs))
    return b'\x00asm\x01\x00\x00\x00' + typ + fsec + mem + exp + code


if __name__ == '__main__':
    data = module()
    row = 30
    for i in range(0, len(data), row):
        print('  ' + ', '.join(str(b) for b in data[i:i + row]) + ',')
