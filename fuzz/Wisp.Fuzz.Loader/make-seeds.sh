#!/usr/bin/env bash
# Seeds for the loader fuzzer: every module of the spec testsuite's scripts as .wasm (wast2json, from
# wabt), and the valid ones also as text (wasm2wat) for the wat target.
#   fuzz/Wisp.Fuzz.Loader/make-seeds.sh [SPEC_DIR] [OUT_DIR]
set -euo pipefail

spec="${1:-${WISP_SPEC_DIR:-$(dirname "$0")/../../../shared/spec}/core-2.0}"
out="${2:-fuzz-seeds}"
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
echo "$(ls "$out/wasm" | wc -l) binary seeds, $(ls "$out/wat" | wc -l) text seeds in $out"
