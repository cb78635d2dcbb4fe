#!/usr/bin/env bash
# Differential run of fuzz/bounds-checks/generate.py modules on Wisp and Wasmtime (needs wabt's wat2wasm),
# with Wisp in both bounds modes:
# - explicit: guard slots off (WISP_GUARD_PAGES=0), so an access the plan wrongly left unchecked
#   crashes instead of faulting into a trap;
# - guard: the default where supported; a load RyuJIT wrongly took for one that cannot fault (and
#   deleted, its value being unused) shows as a missing trap.
#   fuzz/bounds-checks/run.sh [FIRST_SEED] [LAST_SEED]   (default 1 200; ~1 s per module)
#   MODES=guard fuzz/bounds-checks/run.sh 1 500            one mode only
set -euo pipefail
cd "$(dirname "$0")/../.."
first="${1:-1}"; last="${2:-200}"
work="$(mktemp -d)"
dotnet build fuzz/Wisp.Fuzz.Differential -c Release -o "$work/bin" >/dev/null
agreed=0; failed=0
modes="${MODES:-explicit guard}"
for seed in $(seq "$first" "$last"); do
  python3 fuzz/bounds-checks/generate.py "$seed" > "$work/m.wat"
  wat2wasm "$work/m.wat" -o "$work/m.wasm"
  for mode in $modes; do
    if [ "$mode" = explicit ]; then slots=0; else slots=1; fi
    verdict="$(WISP_GUARD_PAGES=$slots "$work/bin/Wisp.Fuzz.Differential" --compare "$work/m.wasm" 2>&1 | head -1 || true)"
    case "$verdict" in
      Agreed*|Skipped*) agreed=$((agreed + 1)) ;;
      *) failed=$((failed + 1)); cp "$work/m.wat" "$work/seed-$seed.wat"; echo "seed $seed ($mode): $verdict" ;;
    esac
  done
done
echo "bounds-checks ($modes): $agreed runs agreed or skipped, $failed differed (reproducers in $work)"
[ "$failed" -eq 0 ]
