#!/usr/bin/env python3
"""Writes a large WASI module for start-up measurements (docs/performance.md, "Big modules").

    bench/bigmodule/generate.py OUT.wasm [--functions N] [--body-ops M] [--seed S]

The module has N generated functions of type (i32) -> i32, each M multiply-add steps on a local,
a memory load, and a call to the previous function, so every function is reachable and none is
trivial. All of them sit in a table (for call_indirect tests). `_start` calls a few of them,
prints "big module ok" with fd_write and returns; exports `run(i32, i32) -> i32` calls function
i by call_indirect. Defaults (40,000 x 16) give a 14.6 MB module. Deterministic for a seed."""
import argparse
import random
import struct


def uleb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if (n == 0 and not byte & 0x40) or (n == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def vec(items):
    return uleb(len(items)) + b"".join(items)


def section(kind, payload):
    return bytes([kind]) + uleb(len(payload)) + payload


def name(text):
    data = text.encode()
    return uleb(len(data)) + data


I32 = 0x7F
MESSAGE = b"big module ok\n"


def generated_body(index, ops, rng):
    # (local $acc i32): acc = x; M times: acc = acc * c + d (every 4th step also + load(acc & 0xfffc));
    # then if x == 0: acc else f(index-1)(x - 1) ^ acc.
    code = bytearray()
    code += b"\x20\x00\x21\x01"  # local.get 0; local.set 1
    for step in range(ops):
        code += b"\x20\x01" + b"\x41" + sleb(rng.randrange(-2**31, 2**31)) + b"\x6c"
        code += b"\x41" + sleb(rng.randrange(-2**31, 2**31)) + b"\x6a"
        if step % 4 == 3:
            code += b"\x20\x01\x41" + sleb(0xFFFC) + b"\x71" + b"\x28\x02\x00" + b"\x6a"
        code += b"\x21\x01"
    code += b"\x20\x00\x45\x04" + bytes([I32])  # local.get 0; i32.eqz; if (result i32)
    code += b"\x20\x01\x05"  # local.get 1; else
    if index == 0:
        code += b"\x20\x01"
    else:
        code += b"\x20\x00\x41\x01\x6b\x10" + uleb(2 + index - 1)  # x - 1; call previous
        code += b"\x20\x01\x73"  # xor acc
    code += b"\x0b\x0b"  # end if; end func
    body = uleb(1) + uleb(1) + bytes([I32]) + bytes(code)
    return uleb(len(body)) + body


def build(functions, ops, seed):
    rng = random.Random(seed)
    types = vec([
        b"\x60" + vec([bytes([I32])] * 4) + vec([bytes([I32])]),  # 0: fd_write
        b"\x60" + vec([]) + vec([]),  # 1: _start
        b"\x60" + vec([bytes([I32])]) + vec([bytes([I32])]),  # 2: generated
        b"\x60" + vec([bytes([I32])] * 2) + vec([bytes([I32])]),  # 3: run
    ])
    imports = vec([name("wasi_snapshot_preview1") + name("fd_write") + b"\x00" + uleb(0)])
    # Function index space: 0 fd_write, 1 _start, 2..N+1 generated, N+2 run.
    funcs = vec([uleb(1)] + [uleb(2)] * functions + [uleb(3)])
    table = vec([b"\x70\x00" + uleb(functions)])
    memory = vec([b"\x00\x01"])
    run_index = 2 + functions
    exports = vec([
        name("memory") + b"\x02" + uleb(0),
        name("_start") + b"\x00" + uleb(1),
        name("run") + b"\x00" + uleb(run_index),
    ])
    elements = vec([uleb(0) + b"\x41\x00\x0b" + vec([uleb(2 + i) for i in range(functions)])])

    start = bytearray()
    for target in sorted({functions - 1, functions // 2, functions // 3, 0}):
        start += b"\x41\x03\x10" + uleb(2 + target) + b"\x1a"  # call f(3); drop
    # iovec at 0: (16, len); fd_write(1, 0, 1, 8); drop
    start += b"\x41\x00\x41\x10\x36\x02\x00"
    start += b"\x41\x04\x41" + sleb(len(MESSAGE)) + b"\x36\x02\x00"
    start += b"\x41\x01\x41\x00\x41\x01\x41\x08\x10\x00\x1a\x0b"
    start_body = uleb(0) + bytes(start)
    run = uleb(0) + b"\x20\x01\x20\x00\x11" + uleb(2) + b"\x00\x0b"  # call_indirect (type 2) f[a](b)

    bodies = [uleb(len(start_body)) + start_body]
    bodies += [generated_body(i, ops, rng) for i in range(functions)]
    bodies.append(uleb(len(run)) + run)
    code = vec(bodies)
    data = vec([b"\x00\x41\x10\x0b" + uleb(len(MESSAGE)) + MESSAGE])

    return (b"\x00asm" + struct.pack("<I", 1)
            + section(1, types) + section(2, imports) + section(3, funcs) + section(4, table)
            + section(5, memory) + section(7, exports) + section(9, elements) + section(10, code)
            + section(11, data))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--functions", type=int, default=40_000)
    parser.add_argument("--body-ops", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    module = build(args.functions, args.body_ops, args.seed)
    with open(args.out, "wb") as f:
        f.write(module)
    print(f"{args.out}: {len(module):,} bytes, {args.functions:,} functions")


if __name__ == "__main__":
    main()
