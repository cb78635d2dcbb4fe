#!/usr/bin/env bash
# bench/run.sh -- builds Wisp in Release and runs the shared benchmark suite
# (../shared/bench next to the repository, or $WISP_SHARED_BENCH) with Wisp as a
# runner beside native, Wasmtime and Node. Options go to the harness, e.g.
#   bench/run.sh                          full run: native, wasmtime, node, wisp; 3 repetitions
#   bench/run.sh --quick                  smoke test (tiny sizes, 1 repetition)
#   bench/run.sh --kernels fib,sha256     a subset
# The suite is copied to a writable directory ($WISP_BENCH_DIR, default
# ${TMPDIR:-/tmp}/wisp-bench) when it is read-only; its own run.sh builds the
# kernels and peers there if they are missing. Results: DIR/out/results/.
# See docs/performance.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${WISP_SHARED_BENCH:-$repo/../shared/bench}"
[ -d "$shared" ] || shared="$(cd "$repo/../.." 2>/dev/null && pwd)/shared/bench"
if [ ! -f "$shared/bench.py" ]; then
    echo "bench/run.sh: no shared benchmark suite at $shared (set WISP_SHARED_BENCH)" >&2
    exit 2
fi

# Published for this machine's runtime identifier so wisp, Wisp.Core and System.CommandLine are
# ReadyToRun-compiled (start-up; see docs/performance.md). Framework-dependent, as the peers are.
rid="$(dotnet msbuild "$repo/src/Wisp.Cli/Wisp.Cli.csproj" -getProperty:NETCoreSdkRuntimeIdentifier 2>/dev/null || true)"
published="$repo/src/Wisp.Cli/bin/Release/net10.0/publish-${rid:-any}"
if [ -n "$rid" ]; then
    dotnet publish "$repo/src/Wisp.Cli/Wisp.Cli.csproj" -c Release -r "$rid" --self-contained false --nologo -v quiet -o "$published"
    wisp="$published/wisp"
else
    dotnet build "$repo/src/Wisp.Cli/Wisp.Cli.csproj" -c Release --nologo -v quiet
    wisp="$repo/src/Wisp.Cli/bin/Release/net10.0/wisp"
fi
[ -x "$wisp" ] || wisp="dotnet ${wisp}.dll"

# The harness writes under its own folder (out/, the peers' bin/ and obj/).
if [ -w "$shared" ] && [ -w "$shared/out" -o ! -e "$shared/out" ]; then
    dir="$shared"
else
    dir="${WISP_BENCH_DIR:-${TMPDIR:-/tmp}/wisp-bench}"
    mkdir -p "$dir"
    # Copy sources only when they changed, keeping built outputs between runs.
    cp -r -u "$shared/." "$dir/"
fi

only=()
case " $* " in
    *" --only "*) ;;
    *) only=(--only native,wasmtime,node,wisp) ;;
esac
cd "$dir"
# Wisp's compilation cache (on by default, as Wasmtime's CLI cache) starts empty for each run of this
# script: the first repetition of a kernel compiles, later ones load the cached image.
cache="$dir/out/wisp-cache"
rm -rf "$cache"
exec ./run.sh "${only[@]}" --runner "wisp=$wisp run --time --cache-dir $cache" "$@"
