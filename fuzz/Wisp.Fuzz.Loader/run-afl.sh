#!/usr/bin/env bash
# Coverage-guided fuzzing of Wisp's loader with AFL++ and SharpFuzz.
#   fuzz/Wisp.Fuzz.Loader/run-afl.sh wasm|wat [SECONDS] [FINDINGS_DIR]
# Installs afl++ (apt) and the sharpfuzz tool if missing, publishes the harness, instruments
# Wisp.Core.dll, makes spec-suite seeds, then runs afl-fuzz (for SECONDS, or until stopped).
set -euo pipefail

target="${1:?usage: run-afl.sh wasm|wat [SECONDS] [FINDINGS_DIR]}"
seconds="${2:-0}"
here="$(cd "$(dirname "$0")" && pwd)"
work="${WISP_FUZZ_WORK:-/tmp/wisp-afl}"
findings="${3:-$work/findings-$target}"

command -v afl-fuzz >/dev/null || { apt-get update -qq && apt-get install -y -qq afl++ >/dev/null; }
export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null

# A fresh copy each time: sharpfuzz refuses to instrument an assembly twice.
rm -rf "$work/bin"
dotnet publish "$here/Wisp.Fuzz.Loader.csproj" -c Release -o "$work/bin" >/dev/null
# Only the library under test is instrumented, so coverage means Wisp's own branches.
sharpfuzz "$work/bin/Wisp.Core.dll"
[ -d "$work/seeds/$target" ] || "$here/make-seeds.sh" "" "$work/seeds"

# A tiny seed set keeps afl's calibration short; afl-cmin would pick one per path, but needs the
# instrumented harness anyway, so take a spread sample instead.
mkdir -p "$work/sample-$target"
ls "$work/seeds/$target" | awk 'NR % 10 == 1' | head -300 | while read -r f; do cp "$work/seeds/$target/$f" "$work/sample-$target/"; done

# dotnet itself carries no instrumentation; SharpFuzz reports coverage through the shared map.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
limit=()
[ "$seconds" -gt 0 ] && limit=(-V "$seconds")
afl-fuzz "${limit[@]}" -i "$work/sample-$target" -o "$findings" -t 5000 -m none \
  -- dotnet "$work/bin/Wisp.Fuzz.Loader.dll" afl "$target"
