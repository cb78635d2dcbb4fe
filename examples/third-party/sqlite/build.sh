#!/usr/bin/env bash
# Rebuilds sqlite3.wasm (the sqlite3 command-line shell) from Debian's sqlite3 source package with
# clang-14 and wasi-libc:
#   apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 dpkg-dev tcl make
# SQLite's own build makes the amalgamation (sqlite3.c, shell.c) natively (it needs tclsh); those two
# files are then compiled for wasm32-wasi. The output is committed.
set -euo pipefail
cd "$(dirname "$0")"
version=3.40.1-2+deb12u2
CC=${CC:-clang-14}
here=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
../fetch-debian-source.sh "sqlite3=$version" "$work" > "$work/fetch.log"
src=$(echo "$work"/sqlite3-*/)
mkdir "$work/build"
(cd "$work/build" && CC="$CC" "$src/configure" --disable-tcl > configure.log && make sqlite3.c shell.c > make.log)
# 3.40 predates SQLite's own WASI support: compat/ supplies what wasi-libc lacks (see its comments).
# One process per guest: no threads, no shared-memory WAL, no mmap, no extensions loaded from disk,
# no shell commands that start processes. The prefix map keeps the temporary path out of __FILE__.
flags=(--target=wasm32-wasi -Os -I"$here/compat" -include wasi-compat.h -ffile-prefix-map="$work/build/"=
       -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_MAX_MMAP_SIZE=0 -DSQLITE_OMIT_WAL
       -DSQLITE_OMIT_DEPRECATED -DSQLITE_DEFAULT_MEMSTATUS=0 -DSQLITE_NOHAVE_SYSTEM
       -D_WASI_EMULATED_GETPID -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS -w)
for unit in sqlite3 shell; do
    "$CC" "${flags[@]}" -c -o "$work/$unit.o" "$work/build/$unit.c"
done
"$CC" --target=wasm32-wasi -Wl,--strip-debug -o sqlite3.wasm "$work/sqlite3.o" "$work/shell.o" \
    -lwasi-emulated-getpid -lwasi-emulated-signal -lwasi-emulated-process-clocks
cp "$src/LICENSE.md" LICENSE.md
echo "built sqlite3.wasm from sqlite3 $version"
