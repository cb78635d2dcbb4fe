#!/usr/bin/env bash
# build.sh -- rebuilds every example WAGI app in this folder:
#   C apps (hello, echo, json-api, static) with clang-14 for wasm32-wasi
#   (Debian packages clang-14, lld-14, wasi-libc, libclang-rt-14-dev-wasm32),
#   the AssemblyScript app (greet-as) with the compiler npm installs into
#   greet-as/node_modules (never globally).
#   ./build.sh            all apps
#   ./build.sh hello echo only these
# The built .wasm files are committed, so running the examples needs none of this.
set -euo pipefail
cd "$(dirname "$0")"

CC=${CC:-clang-14}
c_apps=(hello echo json-api static)
apps=("$@")
[ ${#apps[@]} -gt 0 ] || apps=("${c_apps[@]}" greet-as)

build_c() { # APP
    # compiled with -c and linked without -O, so no wasm-opt on PATH changes the module
    "$CC" --target=wasm32-wasi -O2 -Wall -Wextra -Werror -c "$1/$1.c" -o "$1/$1.o"
    "$CC" --target=wasm32-wasi -Wl,--strip-debug "$1/$1.o" -o "$1/$1.wasm"
    rm -f "$1/$1.o"
}

build_as() { # APP
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
}

for app in "${apps[@]}"; do
    case "$app" in
    hello | echo | json-api | static) build_c "$app" ;;
    greet-as) build_as "$app" ;;
    *) echo "build.sh: unknown app $app" >&2; exit 2 ;;
    esac
    echo "built $app/$app.wasm ($(stat -c %s "$app/$app.wasm") bytes)"
done
