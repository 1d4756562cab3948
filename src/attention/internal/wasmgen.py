"""Shared WebAssembly encoder for the kernel generators in this folder (Python 3 standard library only).

`matmulSimd.gen.py` and `fuseMeanSimd.gen.py` import it (Python puts a script's own folder on the import path);
it writes nothing. `Func` collects one function body; `module` assembles a module with one function type,
one memory (1 page to start, grown by the caller) and its exports; `print_bytes` prints the module as the body
of a TypeScript number array, 30 bytes a line.
"""


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
    def const(self, v): self.op(0x41, sleb(v))  # i32.const
    i32 = const

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

    # scalar memory and float64 (natural alignment hints)
    def f32_load(self, off=0): self.op(0x2A, 2, uleb(off))
    def f64_load(self, off=0): self.op(0x2B, 3, uleb(off))
    def f64_store(self, off=0): self.op(0x39, 3, uleb(off))
    def f64_promote_f32(self): self.op(0xBB)
    def f64_add(self): self.op(0xA0)
    def f64_lt(self): self.op(0x63)
    def f64_zero(self): self.op(0x44, bytes(8))

    # SIMD (0xFD prefix); the alignment hint is part of the encoding, so each kernel keeps the one it was built with
    def simd(self, code, *imm): self.op(0xFD, uleb(code), *imm)
    def v_load(self, align, off=0): self.simd(0, align, uleb(off))
    def v128_load(self, off=0): self.simd(0, 4, uleb(off))
    def v128_load64_splat(self, off=0): self.simd(10, 3, uleb(off))
    def v_store(self, off=0): self.simd(11, 3, uleb(off))
    def v128_store(self, off=0): self.simd(11, 4, uleb(off))
    def v_zero(self): self.simd(12, bytes(16))
    v128_zero = v_zero
    def high_to_low(self):  # i8x16.shuffle moving bytes 8..15 to 0..7 (one operand, twice)
        self.simd(13, bytes(range(8, 16)) + bytes(range(0, 8)))
    def f64x2_extract(self, lane): self.simd(33, lane)
    def f32x4_lt(self): self.simd(67)
    def f64x2_lt(self): self.simd(73)
    def any_true(self): self.simd(83)
    def promote_low(self): self.simd(95)
    def f32x4_pmin(self): self.simd(234)
    def f64x2_add(self): self.simd(240)
    def f64x2_mul(self): self.simd(242)
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


def module(params, results, funcs, exports):
    """A module: one function type (`params`, `results`: value types) for all `funcs`, one memory exported
    as `memory`, and `exports` = [(name, function index)]."""
    typ = section(1, uleb(1) + b'\x60' + uleb(len(params)) + bytes(params) + uleb(len(results)) + bytes(results))
    fsec = section(3, uleb(len(funcs)) + b''.join(uleb(0) for _ in funcs))
    mem = section(5, uleb(1) + b'\x00' + uleb(1))
    entries = [('memory', 2, 0)] + [(n, 0, i) for n, i in exports]
    exp = section(7, uleb(len(entries)) + b''.join(name(n) + bytes([kind]) + uleb(i) for n, kind, i in entries))
    code = section(10, uleb(len(funcs)) + b''.join(fn.body() for fn in funcs))
    return b'\x00asm\x01\x00\x00\x00' + typ + fsec + mem + exp + code


def print_bytes(data, row=30):
    for i in range(0, len(data), row):
        print('  ' + ', '.join(str(b) for b in data[i:i + row]) + ',')
