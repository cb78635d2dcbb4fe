#!/usr/bin/env python3
"""cpu-breakdown.py -- splits `wisp serve`'s host CPU per request into Kestrel
(with routing and response writing), the per-request instance, and the guest's
own work, by measuring three hosts one after the other under the same wrk load
on loopback and taking differences of their host CPU per request:
  A. --no-wasm MANIFEST: a wisp.toml whose route is a static response (no guest);
  B. --minimal MODULE: a guest whose _start is one fd_write of a header and a
     short body (guests/minimal.wat): A + store, WASI context, instantiation,
     one host call, CGI header parsing and the response;
  C. --module MODULE: the real guest (wagi-hello.wasm): B + libc start-up,
     environment, printf and its output.
Host CPU is utime + stime of /proc/PID/stat over one measured wrk run after a
warm-up, divided by the requests wrk completed: CPU time, so unlike wall-time
figures it does not count waiting for a core on a busy machine. For C, the
instantiation and guest-run wall times of the /metrics histograms over the
same run are printed too (they do include such waits).
Arguments after `--` go to `wisp serve` (e.g. --no-request-log).
Called by run.sh; usable alone:
  python3 cpu-breakdown.py --wisp PATH --no-wasm no-wasm.toml --minimal guests/minimal.wat \
      --module wagi-hello.wasm [-- ARGS]
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
    p.add_argument("--minimal", required=True, help="a guest that does one fd_write (guests/minimal.wat)")
    p.add_argument("--module", required=True, help="the WAGI module to measure")
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("serve_args", nargs="*")
    args = p.parse_args()

    base = measure(args.no_wasm, args, admin=False)
    minimal = measure(args.minimal, args, admin=False)
    wasm = measure(args.module, args, admin=True)
    for label, r in (("A no-wasm (static route)", base), ("B " + os.path.basename(args.minimal), minimal),
                     ("C " + os.path.basename(args.module), wasm)):
        print(f"{label}: {r['rps']:.0f} req/s, {r['cpu_us']:.0f} us CPU/request, {r['errors']} errors")
    print(f"C's wall time per request inside the phases (/metrics): instantiation {wasm['instantiate_us']:.0f} us, "
          f"guest run {wasm['run_us']:.0f} us")
    total = wasm["cpu_us"]
    print("| part of Wisp's host CPU per request | us | share |\n|---|---|---|")
    for label, us in (("Kestrel, routing, response (A)", base["cpu_us"]),
                      ("per-request instance: store, WASI, instantiate, one fd_write, CGI parsing (B - A)", minimal["cpu_us"] - base["cpu_us"]),
                      ("the guest's own work: libc start-up, environment, printf, output (C - B)", wasm["cpu_us"] - minimal["cpu_us"])):
        print(f"| {label} | {us:.0f} | {100 * us / total:.0f}% |")
    print(f"| total, {os.path.basename(args.module)} (C) | {total:.0f} | 100% |")
    errors = base["errors"] + minimal["errors"] + wasm["errors"]
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
