#!/usr/bin/env bash
# Differential run of fuzz/bounds-checks/generate.py modules on Wisp and Wasmtime (needs wabt's wat2wasm).
# Guard slots are off (WISP_GUARD_PAGES=0) so an access the plan wrongly left unchecked crashes
# instead of faulting into a trap.
#   fuzz/bounds-checks/run.sh [FIRST_SEED] [LAST_SEED]   (default 1 200; ~0.5 s per module)
set -euo pipefail
cd "$(dirname "$0")/../.."
first="${1:-1}"; last="${2:-200}"
work="$(mktemp -d)"
dotnet build fuzz/Wisp.Fuzz.Differential -c Release -o "$work/bin" >/dev/null
agreed=0; failed=0
for seed in $(seq "$first" "$last"); do
  python3 fuzz/bounds-checks/generate.py "$seed" > "$work/m.wat"
  wat2wasm "$work/m.wat" -o "$work/m.wasm"
  verdict="$(WISP_GUARD_PAGES=0 "$work/bin/Wisp.Fuzz.Differential" --compare "$work/m.wasm" 2>&1 | head -1 || true)"
  case "$verdict" in
    Agreed*|Skipped*) agreed=$((agreed + 1)) ;;
    *) failed=$((failed + 1)); cp "$work/m.wat" "$work/seed-$seed.wat"; echo "seed $seed: $verdict" ;;
  esac
done
echo "bounds-checks: $agreed agreed or skipped, $failed differed (reproducers in $work)"
[ "$failed" -eq 0 ]
