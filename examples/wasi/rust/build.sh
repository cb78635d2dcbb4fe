#!/usr/bin/env bash
# Rebuilds the Rust example guests with Debian's rustc and its wasm32-wasi standard library:
#   apt-get install -y rustc libstd-rust-dev-wasm32 lld-14
# (Debian's rustc 1.63 names the target wasm32-wasi.) The built .wasm files are committed so that tests
# need no toolchain.
set -euo pipefail
cd "$(dirname "$0")"
RUSTC=${RUSTC:-/usr/bin/rustc}
for src in *.rs; do
    name=${src%.rs}
    "$RUSTC" --edition 2021 --target wasm32-wasi -C opt-level=2 -C strip=debuginfo -o "$name.wasm" "$src"
    echo "built $name.wasm"
done
