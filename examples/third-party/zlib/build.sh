#!/usr/bin/env bash
# Rebuilds minigzip.wasm and example.wasm (zlib's own gzip-like tool and self-test) from Debian's zlib
# source package with clang-14 and wasi-libc:
#   apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 dpkg-dev
# It also builds minigzip natively from the same source to make ChangeLog.gz, the bytes the Wasm build
# must reproduce, and copies ChangeLog (the input) beside it. The outputs are committed.
set -euo pipefail
cd "$(dirname "$0")"
version=1:1.2.13.dfsg-1
CC=${CC:-clang-14}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
../fetch-debian-source.sh "zlib=$version" "$work" > "$work/fetch.log"
src=$(echo "$work"/zlib-*/)
library=(adler32 crc32 deflate infback inffast inflate inftrees trees zutil compress uncompr gzclose gzlib gzread gzwrite)
mkdir "$work/wasm" "$work/native"
for unit in "${library[@]}" test/minigzip test/example; do
    name=$(basename "$unit")
    "$CC" --target=wasm32-wasi -O2 -DHAVE_UNISTD_H -I"$src" -c -o "$work/wasm/$name.o" "$src/$unit.c"
    "$CC" -O2 -DHAVE_UNISTD_H -I"$src" -c -o "$work/native/$name.o" "$src/$unit.c"
done
objects=("${library[@]/#/$work/wasm/}")
objects=("${objects[@]/%/.o}")
for program in minigzip example; do
    "$CC" --target=wasm32-wasi -Wl,--strip-debug -o "$program.wasm" "$work/wasm/$program.o" "${objects[@]}"
done
"$CC" -o "$work/minigzip" "$work/native/minigzip.o" "${objects[@]//\/wasm\//\/native\/}"
cp "$src/ChangeLog" ChangeLog
"$work/minigzip" -9 < ChangeLog > ChangeLog.gz
sed -n '/^Copyright notice:/,$p' "$src/README" > LICENSE
echo "built minigzip.wasm and example.wasm from zlib $version"
