import base64
def uleb(v):
    out=bytearray()
    while True:
        b=v&0x7f; v>>=7
        if v: out.append(b|0x80)
        else: out.append(b); return bytes(out)
def sleb(v):
    out=bytearray()
    while True:
        b=v&0x7f; v>>=7
        if (v==0 and not b&0x40) or (v==-1 and b&0x40): out.append(b); return bytes(out)
        out.append(b|0x80)
code=bytearray()
def e(*bs):
    for b in bs:
        code.extend(b if isinstance(b,(bytes,bytearray)) else bytes([b]))
G=lambda i: e(0x20,uleb(i)); S=lambda i: e(0x21,uleb(i)); T=lambda i: e(0x22,uleb(i))
C=lambda v: e(0x41,sleb(v))
ADD=lambda: e(0x6a); MUL=lambda: e(0x6c); SHL=lambda: e(0x74); GEU=lambda: e(0x4f)
BLOCK=lambda: e(0x02,0x40); LOOP=lambda: e(0x03,0x40); END=lambda: e(0x0b)
BRIF=lambda d: e(0x0d,uleb(d)); BR=lambda d: e(0x0c,uleb(d))
def F64LOAD(off): e(0x2b,3,uleb(off))
def VLOAD(off=0): e(0xfd,uleb(0),3,uleb(off))
def VSTORE(off=0): e(0xfd,uleb(11),3,uleb(off))
SPLAT=lambda: e(0xfd,uleb(20)); VADD=lambda: e(0xfd,uleb(240)); VMUL=lambda: e(0xfd,uleb(242))
c,a,b,m,n=0,1,2,3,4
i,k,j,rb,crow,arow,brow,p,t=5,6,7,8,9,10,11,12,13   # i32 locals 5..13 (9)
A=[[14,15],[16,17],[18,19],[20,21]]; X,Y=22,23         # v128 locals 14..23 (10)
G(n);C(3);SHL();S(rb)
C(0);S(i)
BLOCK();LOOP()
G(i);G(m);GEU();BRIF(1)
G(i);G(rb);MUL();T(t);G(c);ADD();S(crow)
G(t);G(a);ADD();S(arow)
C(0);S(k)
BLOCK();LOOP()
G(k);G(n);GEU();BRIF(1)
G(arow);G(k);C(3);SHL();ADD();S(p)
for r in range(4):
    for s in range(2):
        G(p);F64LOAD(8*s);SPLAT();S(A[r][s])
    if r<3: G(p);G(rb);ADD();S(p)
G(k);G(rb);MUL();G(b);ADD();S(brow)
C(0);S(j)
BLOCK();LOOP()
G(j);G(rb);GEU();BRIF(1)
G(brow);G(j);ADD();T(p);VLOAD();S(X)
G(p);G(rb);ADD();VLOAD();S(Y)
G(crow);G(j);ADD();S(t)
for r in range(4):
    G(t);G(t);VLOAD();G(A[r][0]);G(X);VMUL();VADD();G(A[r][1]);G(Y);VMUL();VADD();VSTORE()
    if r<3: G(t);G(rb);ADD();S(t)
G(j);C(16);ADD();S(j);BR(0)
END();END()
G(k);C(2);ADD();S(k);BR(0)
END();END()
G(i);C(4);ADD();S(i);BR(0)
END();END()
END()
locals=uleb(2)+uleb(9)+b'\x7f'+uleb(10)+b'\x7b'
body=locals+bytes(code)
func=uleb(len(body))+body
def sec(id,payload): return bytes([id])+uleb(len(payload))+payload
typ=sec(1,uleb(1)+b'\x60'+uleb(5)+b'\x7f'*5+uleb(0))
fn=sec(3,uleb(1)+uleb(0))
mem=sec(5,uleb(1)+b'\x00'+uleb(1))
def name(s): return uleb(len(s))+s.encode()
exp=sec(7,uleb(2)+name('memory')+b'\x02'+uleb(0)+name('mm')+b'\x00'+uleb(0))
cod=sec(10,uleb(1)+func)
wasm=b'\x00asm\x01\x00\x00\x00'+typ+fn+mem+exp+cod
open('mm.wasm','wb').write(wasm)
print(len(wasm)); print(base64.b64encode(wasm).decode())
