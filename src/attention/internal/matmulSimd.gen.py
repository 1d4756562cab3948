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


I32, V128 = 0x7F, 0x7B


class Func:
    """One function body: an instruction stream plus typed locals allocated on demand."""

    def __init__(self, nparams):
        self.code = bytearray()
        self.nparams = nparams
        self.locals = []

    def local(self, ty):
        self.locals.append(ty)
        return self.nparams + len(self.locals) - 1

    def op(self, *parts):
        for p in parts:
            self.code.extend(p if isinstance(p, (bytes, bytearray)) else bytes([p]))

    def get(self, i): self.op(0x20, uleb(i))
    def set(self, i): self.op(0x21, uleb(i))
    def tee(self, i): self.op(0x22, uleb(i))
    def const(self, v): self.op(0x41, sleb(v))
    def add(self): self.op(0x6A)
    def mul(self): self.op(0x6C)
    def shl(self): self.op(0x74)
    def and_(self): self.op(0x71)
    def lt_u(self): self.op(0x49)
    def ge_u(self): self.op(0x4F)

    # control
    def block(self): self.op(0x02, 0x40)
    def loop(self): self.op(0x03, 0x40)
    def end(self): self.op(0x0B)
    def br(self, d): self.op(0x0C, uleb(d))
    def br_if(self, d): self.op(0x0D, uleb(d))

    # memory (natural alignment hints)
    def f64_load(self, off=0): self.op(0x2B, 3, uleb(off))
    def f64_store(self, off=0): self.op(0x39, 3, uleb(off))
    def v128_load(self, off=0): self.op(0xFD, uleb(0), 4, uleb(off))
    def v128_load64_splat(self, off=0): self.op(0xFD, uleb(10), 3, uleb(off))
    def v128_store(self, off=0): self.op(0xFD, uleb(11), 4, uleb(off))
    def v128_zero(self): self.op(0xFD, uleb(12), bytes(16))
    def f64x2_add(self): self.op(0xFD, uleb(240))
    def f64x2_mul(self): self.op(0xFD, uleb(242))

    def body(self):
        groups = []
        for t in self.locals:
            if groups and groups[-1][1] == t:
                groups[-1][0] += 1
            else:
                groups.append([1, t])
        b = uleb(len(groups)) + b''.join(uleb(c) + bytes([t]) for c, t in groups) + bytes(self.code) + b'\x0b'
        return uleb(len(b)) + b


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
    funcs = [mm()]
    typ = section(1, uleb(1) + b'\x60' + uleb(6) + bytes([I32] * 6) + uleb(0))
    fsec = section(3, uleb(len(funcs)) + b''.join(uleb(0) for _ in funcs))
    mem = section(5, uleb(1) + b'\x00' + uleb(1))
    exports = [(b'memory', 2, 0), (b'mm', 0, 0)]
    exp = section(7, uleb(len(exports)) + b''.join(name(n.decode()) + bytes([kind]) + uleb(i) for n, kind, i in exports))
    code = section(10, uleb(len(funcs)) + b''.join(fn.body() for fn in funcs))
    return b'\x00asm\x01\x00\x00\x00' + typ + fsec + mem + exp + code


if __name__ == '__main__':
    data = module()
    row = 30
    for i in range(0, len(data), row):
        print('  ' + ', '.join(str(b) for b in data[i:i + row]) + ',')
