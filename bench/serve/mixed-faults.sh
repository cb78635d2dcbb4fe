#!/usr/bin/env bash
# mixed-faults.sh -- the mixed-fault load run of `wisp serve` (issue #6): wrk on
# loopback sends load where ~10% of the requests hit guests that trap, loop
# forever or exhaust their memory (wisp.toml beside this script), and checks that
#   1. every healthy request succeeded: the wrk counts (mixed.lua) add up, and a
#      separate probe client, one request every 20 ms on its own connection,
#      saw only 200s (exact, since it knows which request each answer is for);
#   2. faulty requests got 500 (trap, memory) or 504 (deadline), nothing else;
#   3. the host is alive and its resident memory (VmRSS of /proc/PID/status)
#      returns to its baseline: after the faults and an idle pause it is at most
#      max(--rss-slack-mib, --rss-slack-pct of the baseline) above the RSS
#      taken after a healthy-only warm-up of the same length. A managed host
#      cannot be asked from outside to collect garbage, so the baseline already
#      includes a warmed-up heap, and the slack allows for the GC keeping a
#      different amount of headroom; a leak per faulty request (thousands of
#      them) would still show, and the rounds after the first must not grow.
#
#   bench/serve/mixed-faults.sh [--duration SECS] [--rounds N] [--connections N]
#       [--threads N] [--fault-permille N] [--idle SECS] [--rss-slack-mib N]
#       [--rss-slack-pct N] [--wisp PATH]
#
# Defaults: 15 s per round, 2 rounds, 16 connections, 2 threads, 100 permille
# faults, 5 s idle. Without --wisp it builds src/Wisp.Cli in Release. Needs wrk
# (apt-get install -y wrk), curl and python3. Output: bench/serve/out/mixed-*.
# Exits 0 when every check passes, 1 otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

duration=15 rounds=2 connections=16 threads=2 fault_permille=100 idle=5 slack_mib=48 slack_pct=25 wisp=
usage() { sed -n '2,27p' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --fault-permille) fault_permille=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --rss-slack-mib) slack_mib=$2; shift 2 ;;
    --rss-slack-pct) slack_pct=$2; shift 2 ;;
    --wisp) wisp=$2; shift 2 ;;
    -h | --help) usage ;;
    *) echo "mixed-faults.sh: unknown option $1" >&2; usage ;;
    esac
done
for n in "$duration" "$rounds" "$connections" "$threads" "$fault_permille" "$idle" "$slack_mib" "$slack_pct"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "mixed-faults.sh: '$n' is not a whole number" >&2; exit 2; }
done
[ "$duration" -ge 1 ] && [ "$duration" -le 600 ] && [ "$rounds" -ge 1 ] && [ "$fault_permille" -le 1000 ] ||
    { echo "mixed-faults.sh: need 1 <= --duration <= 600, --rounds >= 1, --fault-permille <= 1000" >&2; exit 2; }
command -v wrk >/dev/null || { echo "mixed-faults.sh: wrk not found (apt-get install -y wrk)" >&2; exit 1; }

if [ -z "$wisp" ]; then
    dotnet build "$repo/src/Wisp.Cli/Wisp.Cli.csproj" -c Release --nologo -v quiet >/dev/null
    wisp="$repo/src/Wisp.Cli/bin/Release/net10.0/wisp"
fi
[ -x "$wisp" ] || { echo "mixed-faults.sh: no wisp executable at $wisp" >&2; exit 1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
mkdir -p "$here/out"
stamp=$(date +%Y%m%d-%H%M%S)
log=$here/out/mixed-$stamp-host.log
echo "mixed-faults: starting $wisp serve $here/wisp.toml on 127.0.0.1:$port (log: $log)"
# more guest slots than connections, so no healthy request waits behind looping guests into a 503;
# no per-request log lines (traps and timeouts are still logged, as warnings and errors)
setsid "$wisp" serve "$here/wisp.toml" --listen "127.0.0.1:$port" --max-concurrency $((connections * 2)) \
    --no-request-log --no-watch >"$log" 2>&1 </dev/null &
host=$!
stop_host() {
    kill -0 "$host" 2>/dev/null || return 0
    kill -TERM -- "-$host" 2>/dev/null || kill -TERM "$host" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$host" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL -- "-$host" 2>/dev/null || kill -KILL "$host" 2>/dev/null || true
}
trap stop_host EXIT
trap 'exit 130' INT TERM

for _ in $(seq 600); do
    curl -s -o /dev/null --max-time 2 "$base/hello" && break
    kill -0 "$host" 2>/dev/null || { echo "mixed-faults: the host exited:" >&2; tail -n 20 "$log" >&2; exit 1; }
    sleep 0.1
done
curl -s -f -o /dev/null "$base/hello" || { echo "mixed-faults: no answer from $base/hello" >&2; exit 1; }

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$host/status"; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# wrk with mixed.lua; prints the "mixed:" line of counters and the socket-error line
load() { # PERMILLE NAME
    local out=$here/out/mixed-$stamp-$2.txt
    FAULT_PERMILLE=$1 timeout --signal=INT --kill-after=5 $((duration + 30)) \
        wrk -t"$threads" -c"$connections" -d"$duration"s --timeout 10s --latency -s "$here/mixed.lua" "$base/hello" >"$out" 2>&1 ||
        { echo "mixed-faults: wrk failed:" >&2; cat "$out" >&2; exit 1; }
    grep -E '^mixed:|Socket errors|Requests/sec' "$out" | sed 's/^/    /'
}
# exact check of healthy requests: one GET /hello every 20 ms on its own keep-alive connection
probe() {
    python3 - "$port" "$duration" <<'PY'
import http.client, sys, time
port, seconds = int(sys.argv[1]), float(sys.argv[2])
ok = bad = 0
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        conn.request("GET", "/hello?name=probe")
        r = conn.getresponse()
        body = r.read()
        if r.status == 200 and b"Hello, probe!" in body: ok += 1
        else: bad += 1; print(f"probe: got {r.status} {body[:80]!r}", file=sys.stderr)
    except Exception as e:
        bad += 1; print(f"probe: {e}", file=sys.stderr)
        conn.close(); conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    time.sleep(0.02)
print(f"probe: ok={ok} failed={bad}")
PY
}
counter() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$here/out/mixed-$stamp-$2.txt"; }

echo "mixed-faults: warm-up, healthy only, $duration s"
load 0 warmup
sleep "$idle"
baseline=$(rss_kib)
echo "mixed-faults: baseline RSS $((baseline / 1024)) MiB"

rss_rounds=()
for r in $(seq "$rounds"); do
    echo "mixed-faults: round $r: $fault_permille permille faults, $duration s, -c$connections"
    probe >"$here/out/mixed-$stamp-probe$r.txt" 2>&1 &
    probe_pid=$!
    load "$fault_permille" "round$r"
    wait "$probe_pid" || true
    sed 's/^/    /' "$here/out/mixed-$stamp-probe$r.txt" | tail -n 5
    kill -0 "$host" 2>/dev/null || { fail "the host died in round $r"; break; }

    n=round$r
    sh=$(counter sent_healthy "$n") st=$(counter sent_trap "$n") sl=$(counter sent_loop "$n") so=$(counter sent_oom "$n")
    gh=$(counter got_healthy "$n") g500=$(counter got_500 "$n") g504=$(counter got_504 "$n") go=$(counter got_other "$n")
    # wrk stops with at most one request in flight per connection; those are sent but never answered
    [ "$go" -eq 0 ] || fail "round $r: $go responses were neither the healthy greeting, 500 nor 504"
    [ "$gh" -ge $((sh - connections)) ] || fail "round $r: only $gh of $sh healthy requests succeeded"
    [ "$g500" -le $((st + so)) ] || fail "round $r: $g500 answers of 500 for $((st + so)) trap/oom requests (a healthy request failed)"
    [ "$g504" -le "$sl" ] || fail "round $r: $g504 answers of 504 for $sl loop requests (a healthy request timed out)"
    [ $((g500 + g504)) -ge $((st + so + sl - connections)) ] || fail "round $r: faulty requests went unanswered"
    [ $((st + so + sl)) -gt 0 ] || [ "$fault_permille" -eq 0 ] || fail "round $r: no faulty request was sent"
    grep -q 'failed=0' "$here/out/mixed-$stamp-probe$r.txt" || fail "round $r: the probe saw a failed healthy request"
    ! grep -q 'Socket errors' "$here/out/mixed-$stamp-$n.txt" || fail "round $r: wrk saw socket errors (timeouts or resets)"
    sleep "$idle"
    rss_rounds+=("$(rss_kib)")
    echo "    RSS after round $r and $idle s idle: $((${rss_rounds[-1]} / 1024)) MiB"
done

echo "mixed-faults: healthy only again, $duration s"
load 0 final
sleep "$idle"
final=$(rss_kib)
slack=$((slack_mib * 1024))
[ $((baseline * slack_pct / 100)) -gt "$slack" ] && slack=$((baseline * slack_pct / 100))
echo "mixed-faults: RSS baseline $((baseline / 1024)) MiB, after rounds ${rss_rounds[*]/%/ KiB}, final $((final / 1024)) MiB, allowed $(((baseline + slack) / 1024)) MiB"
[ "$final" -le $((baseline + slack)) ] || fail "RSS did not return to its baseline: $((final / 1024)) MiB > $(((baseline + slack) / 1024)) MiB"
if [ "${#rss_rounds[@]}" -ge 2 ]; then
    [ "${rss_rounds[-1]}" -le $((rss_rounds[0] + slack)) ] || fail "RSS grew from round to round: ${rss_rounds[*]} KiB"
fi
grep -c -i 'trap\|unreachable' "$log" >/dev/null || fail "the host log names no trap"

if [ "$failures" -eq 0 ]; then echo "mixed-faults: PASS"; else echo "mixed-faults: $failures check(s) failed"; exit 1; fi
