#!/usr/bin/env python3
"""cpu-breakdown.py -- splits `wisp serve`'s host CPU per request into Kestrel
(with routing and response writing), instantiation, guest run and the rest
(output handling: CGI header parsing, copying the body out, WASI set-up).

Runs wrk against two hosts started here, one after the other, on loopback:
  1. --no-wasm MANIFEST: a wisp.toml whose route is a static response (no guest);
  2. --module MODULE: a WAGI module, with the admin listener on for /metrics.
For each: a warm-up, then one measured wrk run; host CPU comes from
/proc/PID/stat (utime + stime) over the run, instantiation and guest-run time
per request from the deltas of the wisp_instantiation_duration_seconds and
wisp_guest_run_duration_seconds histograms over the same run (wall time inside
those phases, so on a busy machine they include waiting for a core).
Arguments after `--` go to `wisp serve` (e.g. --no-request-log).
Called by run.sh; usable alone:
  python3 cpu-breakdown.py --wisp PATH --no-wasm no-wasm.toml --module wagi-hello.wasm [-- ARGS]
"""
import argparse, os, re, signal, socket, subprocess, sys, time, urllib.request

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)

def get(url, timeout=2):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode()

def histogram(metrics, name):
    """(sum, count) of a histogram over all its label sets."""
    total = count = 0.0
    for line in metrics.splitlines():
        m = re.match(rf"^{name}_(sum|count)(\{{[^}}]*\}})? ([0-9.eE+-]+)$", line)
        if m:
            if m.group(1) == "sum": total += float(m.group(3))
            else: count += float(m.group(3))
    return total, count

def wrk(url, seconds, args):
    out = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "2s", url],
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    errors += int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    return requests, errors

def stop(host):
    """SIGTERM to the host's own session (it drains and exits), SIGKILL after 15 s."""
    if host.poll() is not None:
        return
    os.killpg(host.pid, signal.SIGTERM)
    try:
        host.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(host.pid, signal.SIGKILL)
        host.wait()

def measure(source, args, admin):
    port, admin_port = free_port(), free_port()
    cmd = [args.wisp, "serve", source, "--listen", f"127.0.0.1:{port}", "--no-watch", *args.serve_args]
    if admin:
        cmd += ["--admin-listen", f"127.0.0.1:{admin_port}"]
    host = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while True:
            try:
                get(url)
                break
            except OSError:
                if host.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"cpu-breakdown: the host did not answer: {' '.join(cmd)}")
                time.sleep(0.1)
        if args.warmup > 0:
            wrk(url, args.warmup, args)
        metrics_url = f"http://127.0.0.1:{admin_port}/metrics"
        m0 = get(metrics_url) if admin else ""
        c0, t0 = cpu_ticks(host.pid), time.monotonic()
        requests, errors = wrk(url, args.duration, args)
        c1, t1 = cpu_ticks(host.pid), time.monotonic()
        m1 = get(metrics_url) if admin else ""
    finally:
        stop(host)
    hz = os.sysconf("SC_CLK_TCK")
    result = {"requests": requests, "errors": errors, "rps": requests / (t1 - t0),
              "cpu_us": (c1 - c0) / hz * 1e6 / max(requests, 1)}
    for key, name in (("instantiate_us", "wisp_instantiation_duration_seconds"), ("run_us", "wisp_guest_run_duration_seconds")):
        if admin:
            s0, n0 = histogram(m0, name)
            s1, n1 = histogram(m1, name)
            result[key] = (s1 - s0) / max(n1 - n0, 1) * 1e6
    return result

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--wisp", required=True)
    p.add_argument("--no-wasm", required=True, help="a wisp.toml whose route is a static response")
    p.add_argument("--module", required=True, help="the WAGI module to measure")
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("serve_args", nargs="*")
    args = p.parse_args()

    base = measure(args.no_wasm, args, admin=False)
    wasm = measure(args.module, args, admin=True)
    rest = wasm["cpu_us"] - base["cpu_us"] - wasm["instantiate_us"] - wasm["run_us"]
    print(f"no-wasm (static route): {base['rps']:.0f} req/s, {base['cpu_us']:.0f} us CPU/request, {base['errors']} errors")
    print(f"{os.path.basename(args.module)}: {wasm['rps']:.0f} req/s, {wasm['cpu_us']:.0f} us CPU/request, {wasm['errors']} errors")
    print("| part of Wisp's host CPU per request | us | share |\n|---|---|---|")
    for label, us in (("Kestrel, routing, response (static route, no guest)", base["cpu_us"]),
                      ("instantiation (store, WASI context, instance)", wasm["instantiate_us"]),
                      ("guest run (_start, incl. its WASI calls)", wasm["run_us"]),
                      ("output handling and the rest", rest)):
        print(f"| {label} | {us:.1f} | {100 * us / wasm['cpu_us']:.0f}% |")
    print(f"| total (wagi-hello) | {wasm['cpu_us']:.1f} | 100% |")
    return 1 if base["errors"] or wasm["errors"] else 0

if __name__ == "__main__":
    sys.exit(main())
