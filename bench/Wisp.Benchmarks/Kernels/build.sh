#!/usr/bin/env bash
# Rebuilds the benchmark kernels (checked in, so the benchmark runs without a wasm toolchain):
# the same C source, -O2, once with fixed-width SIMD and once without.
# Needs clang-14 and lld-14 (apt-get install -y clang-14 lld-14).
set -euo pipefail
cd "$(dirname "$0")"
flags=(--target=wasm32 -nostdlib -Wl,--no-entry -Wl,--export=init -Wl,--export=run -O2)
clang-14 "${flags[@]}" -msimd128 -o image_kernel.simd.wasm image_kernel.c
clang-14 "${flags[@]}" -o image_kernel.scalar.wasm image_kernel.c
