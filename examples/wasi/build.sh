#!/usr/bin/env bash
# Rebuilds the example WASI guests with Debian's clang and wasi-libc:
#   apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32
# The built .wasm files are committed so that tests need no toolchain.
set -euo pipefail
cd "$(dirname "$0")"
CC=${CC:-clang-14}
for src in *.c; do
    name=${src%.c}
    # Compile with -O2, link without -O so that an installed wasm-opt cannot change the output.
    "$CC" --target=wasm32-wasi -O2 -Wall -Wextra -c -o "/tmp/wisp-example-$name.o" "$src"
    "$CC" --target=wasm32-wasi -Wl,--strip-debug -o "$name.wasm" "/tmp/wisp-example-$name.o"
    rm -f "/tmp/wisp-example-$name.o"
    echo "built $name.wasm"
done
