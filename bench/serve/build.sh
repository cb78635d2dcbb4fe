#!/usr/bin/env bash
# build.sh -- rebuilds the fault guests of the mixed-fault load run (guests/*.c ->
# guests/*.wasm) with clang-14 for wasm32-wasi (Debian: clang-14, lld-14,
# wasi-libc, libclang-rt-14-dev-wasm32). The .wasm files are committed.
set -euo pipefail
cd "$(dirname "$0")/guests"
CC=${CC:-clang-14}
for src in trap.c loop.c oom.c; do
    name=${src%.c}
    # -c then a link without -O: no wasm-opt on PATH can change the module
    "$CC" --target=wasm32-wasi -O2 -Wall -Wextra -Werror -c "$src" -o "$name.o"
    "$CC" --target=wasm32-wasi -Wl,--strip-debug "$name.o" -o "$name.wasm"
    rm -f "$name.o"
    echo "built guests/$name.wasm ($(stat -c %s "$name.wasm") bytes)"
done
