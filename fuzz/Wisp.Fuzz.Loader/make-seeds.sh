#!/usr/bin/env bash
# Seeds for the loader fuzzer: every module of the spec testsuite's scripts as .wasm (wast2json, from
# wabt), and the valid ones also as text (wasm2wat) for the wat target.
#   fuzz/Wisp.Fuzz.Loader/make-seeds.sh [SPEC_DIR] [OUT_DIR]
set -euo pipefail

# The testsuite sits in shared/spec beside the clone (or WISP_SPEC_DIR); look upwards for it as the
# spec tests do.
find_spec() {
  local dir
  dir="$(cd "$(dirname "$0")" && pwd)"
  while [ "$dir" != "/" ]; do
    [ -d "$dir/shared/spec/core-2.0" ] && { echo "$dir/shared/spec/core-2.0"; return; }
    dir="$(dirname "$dir")"
  done
}
spec="${1:-${WISP_SPEC_DIR:+$WISP_SPEC_DIR/core-2.0}}"
spec="${spec:-$(find_spec)}"
out="${2:-fuzz-seeds}"
[ -d "$spec" ] || { echo "no spec testsuite found (give SPEC_DIR or set WISP_SPEC_DIR)" >&2; exit 1; }
command -v wast2json >/dev/null || { apt-get update -qq && apt-get install -y -qq wabt >/dev/null; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$out/wasm" "$out/wat"
for script in "$spec"/*.wast; do
  name="$(basename "$script" .wast)"
  # Scripts using features this wabt cannot read are skipped; the rest still give plenty of seeds.
  wast2json --enable-all "$script" -o "$scratch/$name.json" >/dev/null 2>&1 || continue
done
for module in "$scratch"/*.wasm; do
  [ -e "$module" ] || continue
  cp "$module" "$out/wasm/"
  wasm2wat --enable-all "$module" -o "$out/wat/$(basename "$module" .wasm).wat" >/dev/null 2>&1 || true
done
[ -n "$(ls "$out/wasm")" ] || { echo "no seeds made from $spec" >&2; exit 1; }
echo "$(ls "$out/wasm" | wc -l) binary seeds, $(ls "$out/wat" | wc -l) text seeds in $out"
