#!/usr/bin/env bash
# bench/compare.sh -- A/B of two Wisp revisions on the shared kernels, for changes smaller than the
# host's run-to-run noise (10-40% on the shared 2-core machine, see docs/performance.md). Publishes
# both revisions in Release as bench/run.sh does, then runs each kernel REPS times per revision,
# alternating A and B so that both see the same minutes of the host, and prints the min and median
# of `run_us` (time inside _start) for each, with B/A. The kernels must already be built: run
# bench/run.sh once first (it builds them in $WISP_BENCH_DIR, default ${TMPDIR:-/tmp}/wisp-bench).
#   bench/compare.sh BASE_REV                  the working tree (B) against BASE_REV (A)
#   bench/compare.sh BASE_REV NEW_REV          two commits
#   KERNELS=fib,json REPS=8 bench/compare.sh HEAD~1
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
base="${1:?usage: bench/compare.sh BASE_REV [NEW_REV]}"
new="${2:-}"
reps="${REPS:-6}"
kernels="${KERNELS:-sha256,hash64,nbody,spectral,mandel,matmul,sort,hashmap,fannkuch,fib,interp,dispatch,json}"
bench="${WISP_BENCH_DIR:-${TMPDIR:-/tmp}/wisp-bench}"
if [ ! -d "$bench/out/wasm" ]; then
    echo "bench/compare.sh: no kernels in $bench/out/wasm; run bench/run.sh first (or set WISP_BENCH_DIR)" >&2
    exit 2
fi

work="$(mktemp -d)"
cleanup() {
    git -C "$repo" worktree remove --force "$work/a" >/dev/null 2>&1 || true
    git -C "$repo" worktree remove --force "$work/b" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

rid="$(dotnet msbuild "$repo/src/Wisp.Cli/Wisp.Cli.csproj" -getProperty:NETCoreSdkRuntimeIdentifier 2>/dev/null)"
publish() { # SOURCE_TREE OUTPUT
    dotnet publish "$1/src/Wisp.Cli/Wisp.Cli.csproj" -c Release -r "$rid" --self-contained false --nologo -v quiet -o "$2" >&2
}
git -C "$repo" worktree add --detach "$work/a" "$base" >/dev/null 2>&1
publish "$work/a" "$work/a-bin"
if [ -n "$new" ]; then
    git -C "$repo" worktree add --detach "$work/b" "$new" >/dev/null 2>&1
    publish "$work/b" "$work/b-bin"
else
    publish "$repo" "$work/b-bin"
fi

run_us() { # WISP KERNEL
    "$1" run --no-cache --time "$bench/out/wasm/$2.wasm" 2>&1 >/dev/null | sed -n 's/.*run_us=\([0-9]*\).*/\1/p'
}
echo "A = ${base}, B = ${new:-working tree}; $reps alternating runs each; seconds inside _start"
printf '%-10s %9s %9s %9s %9s %8s %8s\n' kernel "A min" "B min" "A median" "B median" "B/A min" "B/A med"
for kernel in ${kernels//,/ }; do
    a=(); b=()
    for rep in $(seq "$reps"); do
        # ABBA order: whichever runs second in a pair does not always get the same host state.
        if [ $((rep % 2)) -eq 1 ]; then
            a+=("$(run_us "$work/a-bin/wisp" "$kernel")")
            b+=("$(run_us "$work/b-bin/wisp" "$kernel")")
        else
            b+=("$(run_us "$work/b-bin/wisp" "$kernel")")
            a+=("$(run_us "$work/a-bin/wisp" "$kernel")")
        fi
    done
    python3 - "$kernel" "${a[*]}" "${b[*]}" <<'EOF'
import statistics, sys
kernel, a, b = sys.argv[1], [int(x) / 1e6 for x in sys.argv[2].split()], [int(x) / 1e6 for x in sys.argv[3].split()]
print(f"{kernel:<10} {min(a):9.3f} {min(b):9.3f} {statistics.median(a):9.3f} {statistics.median(b):9.3f} "
      f"{min(b) / min(a):8.3f} {statistics.median(b) / statistics.median(a):8.3f}")
EOF
done
