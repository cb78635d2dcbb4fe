#!/usr/bin/env bash
# Rebuilds the WAGI test guests (C, wasm32-wasi) beside their sources. The .wasm files are committed,
# so tests and CI need no toolchain; run this after changing a guest. Needs Debian's clang-14,
# lld-14 and wasi-libc (see shared bench/setup.sh).
set -euo pipefail
cd "$(dirname "$0")"
CC=${CC:-clang-14}
flags=(--target=wasm32-wasi -O2 -Wall -Wextra -Wl,--strip-debug)
for guest in env echo respond trap loop memhog huge noread files; do
    "$CC" "${flags[@]}" -o "$guest.wasm" "$guest.c"
done
"$CC" "${flags[@]}" -DVERSION=1 -o version1.wasm version.c
"$CC" "${flags[@]}" -DVERSION=2 -o version2.wasm version.c
