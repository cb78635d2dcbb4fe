#!/usr/bin/env bash
# bench/serve/run.sh -- the HTTP host load benchmark of `wisp serve` (issue #6):
#   1. builds Wisp in Release, and in a writable copy of the shared suite
#      (../shared/bench) the WAGI guests and the Wasmtime-in-Kestrel peer host
#      (peers/wasmtime-wagi) when they are missing;
#   2. runs the suite's serve-bench.sh (wrk on loopback, fresh instance per
#      request, out/wasm/wagi-hello.wasm) for wisp and the peer alternately:
#      wisp, peer, wisp, peer (--rounds 2), each with a warm-up and --runs runs;
#   3. splits Wisp's host CPU per request (--no-breakdown skips it) with
#      cpu-breakdown.py: the same load against a static-response route (Kestrel
#      and routing, no guest), a guest that only does one fd_write
#      (guests/minimal.wat: the per-request instance) and wagi-hello.wasm; the
#      differences of their host CPU per request are the parts;
#   4. prints req/s, p50, p99, errors and host CPU µs/request per host.
#
#   bench/serve/run.sh [--rounds N] [--runs N] [--duration SECS] [--warmup SECS]
#       [--connections N] [--no-breakdown] [--request-log] [--wisp PATH]
#
# The peer logs nothing per request, so wisp runs with --no-request-log unless
# --request-log is given. The suite copy is $WISP_BENCH_DIR (default
# ${TMPDIR:-/tmp}/wisp-bench) when ../shared/bench is read-only; raw results go
# to its out/serve/. A default run takes about 5 minutes. Needs wrk, curl,
# python3, clang-14 with wasi-libc (for the guests) and the .NET SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

rounds=2 runs=3 duration=10 warmup=5 connections=32 breakdown=1 wisp= log_args=(--no-request-log)
usage() { sed -n '2,23p' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --no-breakdown) breakdown=0; shift ;;
    --request-log) log_args=(); shift ;;
    --wisp) wisp=$2; shift 2 ;;
    -h | --help) usage ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
    esac
done
for n in "$rounds" "$runs" "$duration" "$warmup" "$connections"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "run.sh: '$n' is not a whole number" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "run.sh: wrk not found (apt-get install -y wrk)" >&2; exit 1; }

shared="${WISP_SHARED_BENCH:-$repo/../shared/bench}"
[ -d "$shared" ] || shared="$(cd "$repo/../.." 2>/dev/null && pwd)/shared/bench" # a worktree one level deeper
[ -f "$shared/serve-bench.sh" ] || { echo "run.sh: no shared benchmark suite at $shared (set WISP_SHARED_BENCH)" >&2; exit 2; }
if [ -w "$shared" ] && { [ -w "$shared/out" ] || [ ! -e "$shared/out" ]; }; then
    dir=$shared
else
    dir=${WISP_BENCH_DIR:-${TMPDIR:-/tmp}/wisp-bench}
    mkdir -p "$dir"
    cp -r -u "$shared/." "$dir/" # sources only when newer; built outputs stay
fi

if [ -z "$wisp" ]; then
    echo "run.sh: building Wisp (Release)"
    dotnet build "$repo/src/Wisp.Cli/Wisp.Cli.csproj" -c Release --nologo -v quiet >/dev/null
    wisp="$repo/src/Wisp.Cli/bin/Release/net10.0/wisp"
fi
wisp=$(cd "$(dirname "$wisp")" && pwd)/$(basename "$wisp")
cd "$dir"
peer=peers/wasmtime-wagi/bin/Release/net10.0/wasmtime-wagi
if [ ! -f out/wasm/wagi-hello.wasm ]; then
    echo "run.sh: building the suite's guests in $dir"
    ./build.sh --no-runner >/dev/null
fi
if [ ! -x "$peer" ]; then
    echo "run.sh: building the peer host"
    dotnet build peers/wasmtime-wagi -c Release --nologo -v quiet >/dev/null
fi

bench_args=(--runs "$runs" --duration "$duration" --warmup "$warmup" --connections "$connections")
rows=()
bench() { # NAME COMMAND...
    local name=$1 out
    shift
    out=$(mktemp)
    ./serve-bench.sh --name "$name" "${bench_args[@]}" -- "$@" | tee "$out"
    rows+=("$(tail -n 1 "$out")")
    rm -f "$out"
}
for r in $(seq "$rounds"); do
    echo "=== round $r of $rounds: wisp, then the peer"
    bench "wisp-r$r" "$wisp" serve out/wasm/wagi-hello.wasm --listen '{addr}' --no-watch "${log_args[@]}"
    bench "wasmtime-wagi-r$r" "$peer" --listen '{addr}' out/wasm/wagi-hello.wasm
done

if [ "$breakdown" -eq 1 ]; then
    echo "=== breakdown of Wisp's host CPU per request"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    cat >"$tmp/no-wasm.toml" <<'TOML'
# the same answer as wagi-hello.wasm, written by the host: Kestrel, routing and the response, no guest
name = "no-wasm"
[[route]]
path = "/..."
static = { status = 200, headers = { "Content-Type" = "text/plain" }, body = "hello from wasm\nREQUEST_METHOD=GET\nPATH_INFO=/\n" }
TOML
    python3 "$here/cpu-breakdown.py" --wisp "$wisp" --duration "$duration" --warmup "$warmup" --connections "$connections" \
        --no-wasm "$tmp/no-wasm.toml" --minimal "$here/guests/minimal.wat" --module "$dir/out/wasm/wagi-hello.wasm" -- "${log_args[@]}"
fi

echo "=== summary (medians per serve-bench run; req/s and latency are shared with wrk on the same cores)"
echo "| host | runs | req/s | p50 ms | p99 ms | host CPU us/req | errors |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
