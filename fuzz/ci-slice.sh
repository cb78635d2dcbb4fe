#!/usr/bin/env bash
# CI slice of the differential fuzzer: a fixed-seed run of generated modules on Wisp and Wasmtime.
# Fails on any difference. Installs binaryen (wasm-opt, wasm-reduce) with apt if it is missing.
#   fuzz/ci-slice.sh [COUNT]   (default 2000; about 0.1-0.4 s per module on 2 cores)
set -euo pipefail

cd "$(dirname "$0")/.."
count="${1:-${WISP_FUZZ_CI_COUNT:-2000}}"

if ! command -v wasm-opt >/dev/null; then
  sudo_if_needed=""
  if [ "$(id -u)" -ne 0 ]; then sudo_if_needed="sudo"; fi
  $sudo_if_needed apt-get update -qq
  $sudo_if_needed apt-get install -y -qq binaryen >/dev/null
fi

# Reproducers of a CI run go to a scratch folder, not into the committed corpus.
corpus="${WISP_FUZZ_CI_CORPUS:-$(mktemp -d)/corpus}"
dotnet run --project fuzz/Wisp.Fuzz.Differential -c Release -- --seed 20251124 --count "$count" --corpus "$corpus"
