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
def stmt(r,depth):
    k=r.random()
    off=r.choice([0,0,0,4,8,16,1,60])
    if k<0.30:
        op,w,t=r.choice(LOADS)
        e=f"({op} offset={off} {addr(r)})"
        if r.random()<0.2: return f"(drop {e})"
        return f"(local.set 6 (i64.add (local.get 6) {tonum(t,e)}))"
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
def func(r,i):
    base=r.choice([0,1000,65536-128,65536-64,65536-16,65536-8,65536-1,65536+8,131072-40])
    pro=[f"(local.set 2 (i32.add (i32.and (local.get 0) (i32.const 31)) (i32.const {base})))",
         f"(local.set 3 (i32.add (local.get 2) (i32.const {r.choice([0,8,-8,24])})))",
         f"(local.set 4 (i32.sub (local.get 2) (i32.const {r.choice([0,16,40])})))"]
    body=" ".join(pro+[stmt(r,0) for _ in range(r.randint(3,14))])
    return f'(func (export "f{i}") (param i32 i32) (result i64) (local i32 i32 i32 i32 i64 i32 i32) {body} (local.get 6))'
seed=int(sys.argv[1]); r=random.Random(seed)
funcs=" ".join(func(r,i) for i in range(6))
print(f'(module (memory (export "mem") 1 3) (data (i32.const 65500) "abcdefghijklmnopqrstuvwxyz0123456789") (func $h (param i32) (i32.store8 (local.get 0) (i32.const 9))) {funcs})')
