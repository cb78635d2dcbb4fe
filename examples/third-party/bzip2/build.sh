#!/usr/bin/env bash
# Rebuilds bzip2.wasm from Debian's bzip2 source package with clang-14 and wasi-libc:
#   apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 dpkg-dev
# and copies bzip2's own test vectors (sample1/3) beside it. The outputs are committed.
set -euo pipefail
cd "$(dirname "$0")"
version=1.0.8-5
CC=${CC:-clang-14}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
../fetch-debian-source.sh "bzip2=$version" "$work" > "$work/fetch.log"
src=$(echo "$work"/bzip2-*/)
# WASI has signals only as an emulation and no file owners or modes: bzip2's attempt to copy them
# to an output file becomes a no-op.
flags=(--target=wasm32-wasi -O2 -D_FILE_OFFSET_BITS=64 -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS
       '-Dfchmod(fd,mode)=0' '-Dfchown(fd,owner,group)=0' -w)
objects=()
for unit in blocksort huffman crctable randtable compress decompress bzlib bzip2; do
    "$CC" "${flags[@]}" -c -o "$work/$unit.o" "$src/$unit.c"
    objects+=("$work/$unit.o")
done
"$CC" --target=wasm32-wasi -Wl,--strip-debug -o bzip2.wasm "${objects[@]}" -lwasi-emulated-signal -lwasi-emulated-process-clocks
cp "$src"/sample1.ref "$src"/sample1.bz2 "$src"/sample3.ref "$src"/sample3.bz2 .
cp "$src"/LICENSE LICENSE
echo "built bzip2.wasm from bzip2 $version"
