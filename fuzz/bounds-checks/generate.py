#!/usr/bin/env python3
"""Random modules that stress BoundsCheckPlan: loads and stores through locals plus constants near the
end of memory, with stores, calls, branches, loops, division traps and memory.grow in between.
Each export returns a sum of what it loaded; the differential runner also compares the final memory,
so a check dropped or widened wrongly shows up as a missing trap, an early trap (memory differs) or,
with WISP_GUARD_PAGES=0, a crash.
usage: generate.py SEED > module.wat"""
import random, sys
LOADS=[("i32.load",4,"i32"),("i64.load",8,"i64"),("i32.load8_u",1,"i32"),("i32.load16_s",2,"i32"),("i64.load32_u",4,"i64"),("f64.load",8,"f64")]
STORES=[("i32.store",4,"i32"),("i64.store",8,"i64"),("i32.store8",1,"i32"),("i64.store16",2,"i64"),("f32.store",4,"f32")]
ADDR_LOCALS=[2,3,4]
# Locals written and never read: 11 (i32), 12 (i64), 13 (f64).
DEAD={"i32":11,"i64":12,"f64":13}
def addr(r):
    k=r.random()
    L=r.choice(ADDR_LOCALS)
    d=r.choice([0,1,4,8,16,24,32,-4,-8,-16,-48,64,-64,7,100])
    if k<0.45: return f"(local.get {L})"
    if k<0.7: return f"(i32.add (local.get {L}) (i32.const {d}))"
    if k<0.8: return f"(i32.sub (local.get {L}) (i32.const {d}))"
    if k<0.9: return f"(i32.const {r.choice([0,8,65528,65532,65535,65536,65600,131064,131070])})"
    return f"(local.tee {L} (i32.add (local.get {L}) (i32.const {d})))"
def val(r,t):
    if t=="i32": return f"(i32.const {r.randint(-5,1000)})"
    if t=="i64": return f"(i64.const {r.randint(-5,100000)})"
    if t=="f32": return f"(f32.const {r.randint(0,99)}.5)"
    return f"(f64.const {r.randint(0,99)}.25)"
def tonum(t,e):
    if t=="i32": return f"(i64.extend_i32_u {e})"
    if t=="i64": return e
    return f"(i64.trunc_sat_f64_s {e})"
def dead(r,t,e):
    """A load whose value nothing uses, in the ways RyuJIT sees through."""
    k=r.random()
    if k<0.35: return f"(drop {e})"
    if k<0.6: return f"(local.set {DEAD[t]} {e})"
    if k<0.8: return f"(local.set 6 (i64.add (local.get 6) (i64.mul {tonum(t,e)} (i64.const 0))))"
    return f"(local.set 6 (i64.add (local.get 6) (i64.and {tonum(t,e)} (i64.const 0))))"
def cancelled(r,e):
    """An 8-byte load (e, i64) whose value reaches a full-width store at address 0 through integer
    arithmetic: some forms keep every bit of it, others fold it away (x - x, x * 0, x + (0 - x),
    against a second read of the same bytes or a global it was written to), and then nothing but a
    probe makes it trap."""
    k=r.random()
    if k<0.12: f=f"(i64.add {e} (i64.const {r.randint(-9,9)}))"
    elif k<0.2: f=f"(i64.rotl (i64.xor {e} (i64.const 7)) (i64.const {r.choice([0,3,64])}))"
    elif k<0.28: f=f"(i64.mul {e} (i64.const {r.choice([0,1,2,31,-1,256])}))"
    elif k<0.38: f=f"(i64.sub (local.tee 12 {e}) (local.get 12))"
    elif k<0.46: f=f"(i64.xor (local.tee 12 {e}) (i64.or (local.get 12) (i64.const 0)))"
    elif k<0.54: f=f"(i64.add (local.tee 12 {e}) (i64.sub (i64.const 0) (local.get 12)))"
    elif k<0.64: f=f"(i64.sub {e} {e})"
    elif k<0.72: f=f"(i64.sub (i64.add {e} (i64.const 5)) (i64.add {e} (i64.const 5)))"
    elif k<0.8: f=f"(i64.xor (block (result i64) (global.set $g {e}) (global.get $g)) {e})"
    elif k<0.88: f=f"(i64.sub (call $id {e}) {e})"
    else: f=f"(i64.sub (i64.add {e} (i64.const 3)) (i64.const 3))"
    return f"(i64.store (i32.const 0) {f})"
def overwritten(r,off):
    """A dead 8-byte load, then a store through the same address that may or may not cover its bytes,
    with or without something that must not be overtaken in between."""
    a=addr(r)
    if not a.startswith("(local.get") and not a.startswith("(i32.const"): a=f"(local.get {r.choice(ADDR_LOCALS)})"
    op,w,t=r.choice([("i64.load",8,"i64"),("f64.load",8,"f64")])
    sop,sw,st=r.choice([("i64.store",8,"i64"),("i64.store",8,"i64"),("i32.store",4,"i32"),("f64.store",8,"f64")])
    between=r.choice(["","","(drop (i32.div_u (i32.const 7) (local.get 1)))","(call $h (local.get 2))","(i32.store8 (i32.const 0) (i32.const 1))",f"(drop (i64.load offset={off+8} {a}))"])
    soff=off+r.choice([0,0,0,-4,4,8]) if off>=4 else off+r.choice([0,0,4])
    return f"{dead(r,t,f'({op} offset={off} {a})')} {between} ({sop} offset={soff} {a} {val(r,st)})"
def unprobed(r,off):
    """A load that may go without a probe (LoadsReachingStores, or a store standing in for it)."""
    if r.random()<0.6:
        # Straddling the end of the first page half the time, which the load alone must trap on.
        a=f"(i32.const {r.choice([65529,65532,65535,131065])})" if r.random()<0.5 else addr(r)
        return cancelled(r,f"(i64.load offset={off if a.startswith('(local') else 0} {a})")
    return overwritten(r,off)
def use(r,t,e):
    return dead(r,t,e) if r.random()<0.3 else f"(local.set 6 (i64.add (local.get 6) {tonum(t,e)}))"
def stmt(r,depth):
    k=r.random()
    off=r.choice([0,0,0,4,8,16,1,60])
    if k<0.22:
        op,w,t=r.choice(LOADS)
        e=f"({op} offset={off} {addr(r)})"
        return use(r,t,e)
    if k<0.34:
        # A used load, then loads a few bytes further on whose values are dead: with guard pages RyuJIT
        # must not take the later ones for reads that cannot fault. Through the same address, or (the
        # first at address 0) at constants around and far past the end.
        op,w,t=r.choice(LOADS[:2]+[LOADS[5]] if r.random()<0.6 else LOADS)
        if r.random()<0.25:
            first=f"(local.set 6 (i64.add (local.get 6) {tonum(t,f'({op} (i32.const 0))')}))"
            rest=[dead(r,t2,f"({op2} (i32.const {r.choice([65528,65530,65532,65535,65536,131064,1131945760])}))") for op2,w2,t2 in r.sample(LOADS,r.randint(1,2))]
            return " ".join([first]+rest)
        a=addr(r)
        first=f"(local.set 6 (i64.add (local.get 6) {tonum(t,f'({op} offset={off} {a})')}))"
        rest=[dead(r,t2,f"({op2} offset={off+r.choice([1,2,4,7,8,12,16])} {a})") for op2,w2,t2 in r.sample(LOADS,r.randint(1,2))]
        return " ".join([first]+rest)
    if k<0.46: return unprobed(r,off)
    if k<0.50:
        op,w,t=r.choice(STORES)
        return f"({op} offset={off} {addr(r)} {val(r,t)})"
    if k<0.60:
        L=r.choice(ADDR_LOCALS); d=r.choice([4,8,-8,16,32,-32,0])
        src=r.choice(ADDR_LOCALS)
        return f"(local.set {L} (i32.add (local.get {src}) (i32.const {d})))"
    if k<0.64: return "(drop (i32.div_u (i32.const 7) (local.get 1)))"
    if k<0.66: return "(drop (memory.grow (i32.const 1)))"
    if k<0.68: return "(call $h (local.get 2))"
    if depth<3:
        body=lambda: " ".join(stmt(r,depth+1) for _ in range(r.randint(1,5)))
        if k<0.78: return f"(if (i32.and (local.get 1) (i32.const {r.choice([1,2,4])})) (then {body()}) (else {body()}))"
        if k<0.88: return f"(block (br_if 0 (i32.and (local.get 1) (i32.const {r.choice([1,2,8])}))) {body()})"
        n=r.randint(1,4); c=[5,7,8][depth]
        return f"(local.set {c} (i32.const {n})) (loop {body()} (br_if 0 (local.tee {c} (i32.sub (local.get {c}) (i32.const 1)))))"
    return "(nop)"
RELATIONS=["lt_s","lt_u","le_s","le_u","ne","gt_s","gt_u","ge_s","ge_u"]
SWAPPED={"lt_s":"gt_s","lt_u":"gt_u","le_s":"ge_s","le_u":"ge_u","gt_s":"lt_s","gt_u":"lt_u","ge_s":"le_s","ge_u":"le_u","ne":"ne","eq":"eq"}
NEGATED={"lt_s":"ge_s","lt_u":"ge_u","le_s":"gt_s","le_u":"gt_u","gt_s":"le_s","gt_u":"le_u","ge_s":"lt_s","ge_u":"lt_u","ne":"eq","eq":"ne"}
def i32(v): v&=0xffffffff; return v-(1<<32) if v>=1<<31 else v
def counted_loop(r):
    """A loop LoopVersioning can count: counter local 9 stepped once per iteration, compared with a
    constant or local 10; address locals stepped by a constant. The body always touches memory through
    the stepped pointer, so a loop that would run (nearly) forever traps when the pointer leaves memory."""
    s=r.choice([1,1,1,-1,-1,2,4,-4,8,-8,16])
    rel=r.choice(RELATIONS)
    start=r.choice([0,1,5,-3,100,2147483640,-2147483640,-6,r.randint(-50,50)])
    span=r.choice([0,1,2,3,7,16,40,-5,300])
    bound=i32(start+span*s if r.random()<0.5 else r.choice([start+span,start+span*s+1,2147483647,-2147483648,0,-1,r.randint(-100,100)]))
    P=r.choice(ADDR_LOCALS); step=r.choice([1,4,8,-4,-8,16,-1])
    counter=f"(local.get 9)"
    bnd=f"(i32.const {bound})" if r.random()<0.6 else "(local.get 10)"
    def cond(rel,a):
        return f"(i32.{SWAPPED[rel]} {bnd} {a})" if r.random()<0.3 else f"(i32.{rel} {a} {bnd})"
    def access():
        off=r.choice([0,0,4,8,1,60])
        a=r.choice([f"(local.get {P})",f"(i32.add (local.get {P}) (i32.const {r.choice([4,8,-8,16,-16])}))",f"(i32.add (local.get {P}) (local.get 9))",f"(i32.add (local.get 9) (local.get {P}))"])
        if r.random()<0.5:
            op,w,t=r.choice(STORES); return f"({op} offset={off} {a} {val(r,t)})"
        op,w,t=r.choice(LOADS); return use(r,t,f'({op} offset={off} {a})')
    op,w,t=r.choice(STORES)
    body=[f"({op} offset={r.choice([0,4,8])} (local.get {P}) {val(r,t)})"]+[access() for _ in range(r.randint(0,3))]
    if r.random()<0.1: body.append(f"(call $h (local.get {P}))")
    r.shuffle(body)
    stepP=f"(local.set {P} (i32.add (local.get {P}) (i32.const {step})))"
    stepC=f"(local.set 9 (i32.add (local.get 9) (i32.const {s})))"
    pre=f"(local.set 9 (i32.const {start})) (local.set 10 (i32.const {bound}))"
    form=r.random()
    if form<0.45:
        tee=f"(local.tee 9 (i32.add (local.get 9) (i32.const {s})))"
        return f"{pre} (loop {' '.join(body)} {stepP} (br_if 0 {cond(rel,tee)}))"
    if form<0.7:
        return f"{pre} (loop {' '.join(body)} (local.set 8 {cond(rel,counter)}) {stepC} {stepP} (br_if 0 (local.get 8)))"
    if form<0.85:
        return f"{pre} (block (loop (br_if 1 {cond(NEGATED[rel],counter)}) {' '.join(body)} {stepC} {stepP} (br 0)))"
    # the counter counts down to zero and is the condition itself
    return f"(local.set 9 (i32.const {r.choice([1,2,5,17,0,-1])})) (loop {' '.join(body)} {stepP} (br_if 0 (local.tee 9 (i32.add (local.get 9) (i32.const -1)))))"
def func(r,i):
    base=r.choice([0,1000,65536-128,65536-64,65536-16,65536-8,65536-1,65536+8,131072-40])
    statements=None
    pro=lambda base: [f"(local.set 2 (i32.add (i32.and (local.get 0) (i32.const 31)) (i32.const {base})))",
         f"(local.set 3 (i32.add (local.get 2) (i32.const {r.choice([0,8,-8,24])})))",
         f"(local.set 4 (i32.sub (local.get 2) (i32.const {r.choice([0,16,40])})))"]
    if r.random()<0.25:
        # Loads that may go without a probe, and nothing else that traps.
        statements=[unprobed(r,r.choice([0,0,4,8])) for _ in range(r.randint(1,3))]
    elif r.random()<0.5:
        # Loops only, mostly in bounds, so that their unchecked copies run to the end too.
        base=r.choice([0,64,1000,30000,65536-4096,65536-600])
        statements=[counted_loop(r) for _ in range(r.randint(1,3))]
    else:
        statements=[stmt(r,0) for _ in range(r.randint(3,14))]
        for _ in range(r.randint(0,2)): statements.insert(r.randint(0,len(statements)),counted_loop(r))
    body=" ".join(pro(base)+statements)
    return f'(func (export "f{i}") (param i32 i32) (result i64) (local i32 i32 i32 i32 i64 i32 i32 i32 i32 i32 i64 f64) {body} (local.get 6))'
seed=int(sys.argv[1]); r=random.Random(seed)
funcs=" ".join(func(r,i) for i in range(6))
print(f'(module (memory (export "mem") 1 3) (data (i32.const 65500) "abcdefghijklmnopqrstuvwxyz0123456789") (global $g (mut i64) (i64.const 0)) (func $h (param i32) (i32.store8 (local.get 0) (i32.const 9))) (func $id (param i64) (result i64) (local.get 0)) {funcs})')
