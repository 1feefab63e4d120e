#!/usr/bin/env python3
"""bench/bench.py: the static musl artifacts against the glibc builds, side by
side in one run (issue 11, docs/performance.md). Figures, never pass/fail.

Builds (x86_64): glibc (out/dist/x86_64-linux-gnu), musl-mimalloc (the shipped
out/dist/x86_64-linux-musl), musl-mallocng (the same sources linked with musl's
own malloc: make gateway-musl-malloc sea-musl-malloc, out/bench/). For the JS
start-up, Node 20's single executable application of the same script too.
Besides times, the instructions and simulated cache misses of one verify
under valgrind's cachegrind: figures that do not move with the machine.

Each workload: warm-up, then runs that alternate between the builds (a round
takes each build once, the order rotating from round to round), so drift in
the machine's load hits every build alike. Median, min, max per build, and the
ratio of each median to the glibc build's as the headline.

Environment: TOP, OUT; BENCH_QUICK=1 (a short run for the test suite: the
10-endpoint policy, one run, short loads, no Node); BENCH_RUNS (runs per
workload, default 5); BENCH_SECONDS (duration of each load, default 5);
BENCH_SIZES (endpoints of the verify workloads, default "10 100 1000").
Writes $OUT/bench/results.json, results.md and chart.png (gnuplot).
"""
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.environ.get("OUT") or os.path.join(TOP, "out")
QUICK = os.environ.get("BENCH_QUICK", "") == "1"
RUNS = int(os.environ.get("BENCH_RUNS") or (1 if QUICK else 5))
SECONDS = int(os.environ.get("BENCH_SECONDS") or (1 if QUICK else 5))
# Endpoints per generated policy pair; 1000 takes minutes a run (one run, no warm-up).
SIZES = [int(x) for x in (os.environ.get("BENCH_SIZES") or ("10" if QUICK else "10 100 1000")).split()]
# BENCH_BUILD=0 leaves out the build figures (make in this tree); then
# `bench.py --build-only` adds them to the results of the last run.
BUILD = os.environ.get("BENCH_BUILD", "1") != "0"
BENCH = os.path.join(OUT, "bench")
MUSL, GNU = "x86_64-linux-musl", "x86_64-linux-gnu"
REGISTRY = os.path.join(TOP, "apps/gateway/registry")
FIRSTBYTE = os.path.join(BENCH, "host/firstbyte")
SEA_INJECT = os.path.join(OUT, "host/bin/sea-inject")

BUILDS = {
    "glibc": {"gateway": f"{OUT}/dist/{GNU}/bin/gateway", "sea": f"{OUT}/dist/{GNU}/bin/sea-runtime",
              "desc": "glibc 2.36, dynamic; libraries static; host gcc"},
    "musl-mimalloc": {"gateway": f"{OUT}/dist/{MUSL}/bin/gateway", "sea": f"{OUT}/dist/{MUSL}/bin/sea-runtime",
                      "desc": "musl, static-pie, mimalloc (the shipped build); project gcc"},
    "musl-mallocng": {"gateway": f"{BENCH}/{MUSL}/gateway-mallocng", "sea": f"{BENCH}/{MUSL}/sea-runtime-mallocng",
                      "desc": "musl, static-pie, musl's own malloc (bench-only build)"},
}
NAMES = list(BUILDS)
BASE = "glibc"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw).stdout


def rounds(fn, runs, warmup=1, names=NAMES):
    """fn(name) -> {metric: value}; returns {metric: {name: [values]}} of the
    measured runs. Rounds alternate the builds, rotating the order."""
    got = {}
    for r in range(warmup + runs):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            vals = fn(name)
            if r < warmup:
                continue
            for metric, v in vals.items():
                got.setdefault(metric, {}).setdefault(name, []).append(v)
    return got


# --- set-up -----------------------------------------------------------------

def make_pki(d):
    key = ["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
    run(key + ["-out", f"{d}/srv.key"])
    run(["openssl", "req", "-x509", "-new", "-key", f"{d}/srv.key", "-out", f"{d}/srv.crt", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])


def policies(d, n, exact=False):
    p = f"{d}/p{n}{'e' if exact else ''}"
    os.makedirs(p, exist_ok=True)
    run([sys.executable, f"{TOP}/bench/gen-policies.py", str(n), p, *(["--exact-hosts"] if exact else [])])
    return p


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gateway serve on loopback, stderr (its access log) to a file."""

    def __init__(self, binary, work, policy, extra=()):
        self.port = free_port()
        self.log = open(f"{work}/serve.log", "w")
        self.proc = subprocess.Popen(
            [binary, "serve", "--listen", f"127.0.0.1:{self.port}", "--cert", f"{work}/srv.crt",
             "--key", f"{work}/srv.key", "--policy", policy, "--registry", REGISTRY, *extra],
            stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{binary} serve exited {self.proc.returncode}: see {work}/serve.log")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{binary} serve: port {self.port} not open after 30 s")
                time.sleep(0.02)

    def hwm_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return int(re.search(r"^VmHWM:\s+(\d+) kB", f.read(), re.M).group(1))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# --- workloads ----------------------------------------------------------------

def verify_args(work, n):
    """gateway verify of the generated n-endpoint pair (bench/gen-policies.py)."""
    p = policies(work, n)
    return ["verify", "--baseline", f"{p}/baseline.yaml", "--proposal", f"{p}/proposal.yaml",
            "--credentials", f"{p}/credentials.yaml", "--registry", REGISTRY]


def verify_cli(work, n, runs):
    args = verify_args(work, n)

    def one(name):
        # Wall time, and the CPU time the process used (user + system, from
        # wait4): the second moves less when other work shares the machine.
        err = open(f"{work}/verify.err", "w+")
        t = time.monotonic()
        proc = subprocess.Popen([BUILDS[name]["gateway"], *args], stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
        t = time.monotonic() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 1:  # 1: findings, which the proposal is made to have
            err.seek(0)
            raise RuntimeError(f"{name} verify {n}: exit {proc.returncode}: {err.read()[-500:]}")
        err.close()
        return {f"verify-{n}": t, f"verify-{n}-cpu": ru.ru_utime + ru.ru_stime}
    # The 1000-endpoint pair takes minutes a run: no warm-up, fewer runs.
    return rounds(one, runs, warmup=0 if QUICK else 1)


def https_post(port, path, body, timeout=300):
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    c = http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout, context=ctx)
    c.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def verify_parallel(work, n, concurrent, runs):
    """Several verifications at once on the server's worker pool (--workers 2,
    one per core): wall time of the batch divided by its size. Exact host
    names, as before issue 19 (the string encoding took seconds on wildcards),
    so the figure stays comparable across runs."""
    p = policies(work, n, exact=True)
    with open(f"{p}/baseline.yaml") as b, open(f"{p}/proposal.yaml") as q, open(f"{p}/credentials.yaml") as c:
        body = json.dumps({"baseline": b.read(), "proposal": q.read(), "credentials": c.read()})

    def one(name):
        srv = Server(BUILDS[name]["gateway"], work, f"{p}/baseline.yaml", ["--workers", "2"])
        errs = []

        def post():
            try:
                status, data = https_post(srv.port, "/v1/policy/verify", body)
                if status != 200:
                    errs.append(f"{status} {data[:200]!r}")
            except OSError as e:
                errs.append(str(e))
        try:
            ts = [threading.Thread(target=post) for _ in range(concurrent)]
            t = time.monotonic()
            for th in ts:
                th.start()
            for th in ts:
                th.join()
            t = time.monotonic() - t
        finally:
            srv.stop()
        if errs:
            raise RuntimeError(f"{name} parallel verify: {errs[0]}")
        return {f"verify-{n}-exact-x{concurrent}": t / concurrent}
    return rounds(one, runs, warmup=0 if QUICK else 1)


# A POST of the body in the file %s; done() prints the figures as JSON.
WRK_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("%s")
wrk.body = f:read("*a")
f:close()
function done(summary, latency, requests)
  io.write(string.format('{"requests": %%d, "duration_us": %%d, "errors": %%d, "status": %%d, "p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(99)))
end
"""


def serve_load(work, runs):
    """One server per build and round: TLS handshakes/s (openssl s_time -new:
    a full handshake per connection, no request), then keep-alive requests/s
    under wrk (one thread, 16 connections) posting /v1/policy/check, then the
    server's peak RSS over both."""
    p = policies(work, 10)
    text = open(f"{p}/baseline.yaml").read()
    m = re.search(r'host: "(svc[^"]+)"\n\s+port: (\d+)', text)
    req = {"request": {"binary": "/usr/bin/curl", "host": m.group(1), "port": int(m.group(2)), "method": "GET"}}
    with open(f"{work}/check.json", "w") as f:
        f.write(json.dumps(req))
    with open(f"{work}/check.lua", "w") as f:
        f.write(WRK_LUA % f"{work}/check.json")

    def one(name):
        srv = Server(BUILDS[name]["gateway"], work, f"{p}/baseline.yaml")
        try:
            status, data = https_post(srv.port, "/v1/policy/check", json.dumps(req))
            if status != 200 or b'"allow"' not in data:
                raise RuntimeError(f"{name}: /v1/policy/check answered {status} {data[:200]!r}")
            out = run(["openssl", "s_time", "-connect", f"127.0.0.1:{srv.port}", "-new",
                       "-time", str(SECONDS)], stdin=subprocess.DEVNULL)
            m = re.search(r"(\d+) connections in (\d+) real seconds", out)
            if not m or int(m.group(1)) == 0:
                raise RuntimeError(f"{name}: openssl s_time: {out[-500:]}")
            # s_time counts whole seconds of its clock: 0 when a 1 s run ends early.
            hs = int(m.group(1)) / max(int(m.group(2)), SECONDS)
            out = run(["wrk", "-t1", "-c16", f"-d{SECONDS}s", "-s", f"{work}/check.lua",
                       f"https://127.0.0.1:{srv.port}/v1/policy/check"])
            w = json.loads(out.strip().splitlines()[-1])
            if w["errors"] or w["status"] or not w["requests"]:
                raise RuntimeError(f"{name}: wrk: {w}")
            rss = srv.hwm_kb()
        finally:
            srv.stop()
        return {"tls-handshakes": hs, "check-rps": w["requests"] / (w["duration_us"] / 1e6),
                "check-p50": w["p50_us"] / 1000, "check-p99": w["p99_us"] / 1000, "serve-rss": rss / 1024}
    return rounds(one, runs, warmup=0 if QUICK else 1)


def verify_load(work, n, runs):
    """POST /v1/policy/verify of the n-endpoint pair (wildcard hosts) under
    wrk, one connection per worker (--workers 2, -c2): requests/s, latency
    p50 and p99. Every answer must be 200: a 503 (the solver's limit) or a
    500 is an error, not a sample."""
    p = policies(work, n)
    with open(f"{p}/baseline.yaml") as b, open(f"{p}/proposal.yaml") as q, open(f"{p}/credentials.yaml") as c:
        body = json.dumps({"baseline": b.read(), "proposal": q.read(), "credentials": c.read()})
    with open(f"{work}/verify-{n}.json", "w") as f:
        f.write(body)
    with open(f"{work}/verify-{n}.lua", "w") as f:
        f.write(WRK_LUA % f"{work}/verify-{n}.json")

    def one(name):
        srv = Server(BUILDS[name]["gateway"], work, f"{p}/baseline.yaml", ["--workers", "2"])
        try:
            status, data = https_post(srv.port, "/v1/policy/verify", body)
            if status != 200:
                raise RuntimeError(f"{name}: /v1/policy/verify answered {status} {data[:200]!r}")
            out = run(["wrk", "-t1", "-c2", f"-d{SECONDS}s", "--timeout", "30s", "-s", f"{work}/verify-{n}.lua",
                       f"https://127.0.0.1:{srv.port}/v1/policy/verify"])
            w = json.loads(out.strip().splitlines()[-1])
            if w["errors"] or w["status"] or not w["requests"]:
                raise RuntimeError(f"{name}: wrk: {w}")
        finally:
            srv.stop()
        return {f"verify-{n}-rps": w["requests"] / (w["duration_us"] / 1e6),
                f"verify-{n}-p50": w["p50_us"] / 1000, f"verify-{n}-p99": w["p99_us"] / 1000}
    return rounds(one, runs, warmup=0 if QUICK else 1)


HELLO_JS = 'console.log(JSON.stringify({ hello: "world", n: [1, 2, 3].map(x => x * 2) }));\n'


def node_sea(work):
    """Node's single executable application of HELLO_JS (node + postject, both
    from the package registries), kept in out/bench/node; None and why when
    it cannot be had."""
    d = f"{BENCH}/node"
    exe = f"{d}/hello-node"
    node = shutil.which("node")
    if not node:
        return None, "no node on this machine"
    ver = run([node, "--version"]).strip()
    if not ver.startswith("v20."):
        return None, f"node is {ver}, not 20"
    if os.path.exists(exe) and open(f"{d}/node-version").read().strip() == ver:
        return exe, ver
    os.makedirs(d, exist_ok=True)
    postject = f"{d}/npm/node_modules/.bin/postject"
    if not os.path.exists(postject):
        r = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", f"{d}/npm", "postject@1.0.0-alpha.6"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode:
            return None, "npm install postject failed: " + r.stdout[-300:]
    with open(f"{d}/hello.js", "w") as f:
        f.write(HELLO_JS)
    with open(f"{d}/sea-config.json", "w") as f:
        json.dump({"main": "hello.js", "output": "hello.blob", "disableExperimentalSEAWarning": True,
                   "useCodeCache": True}, f)
    run([node, "--experimental-sea-config", "sea-config.json"], cwd=d)
    shutil.copy(node, exe + ".tmp")
    run([postject, exe + ".tmp", "NODE_SEA_BLOB", "hello.blob",
         "--sentinel-fuse", "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2"], cwd=d)
    os.rename(exe + ".tmp", exe)
    with open(f"{d}/node-version", "w") as f:
        f.write(ver + "\n")
    return exe, ver


def startup(work, runs):
    """Exec to the first byte on stdout (bench/firstbyte.c): gateway --version;
    doctor (apps/sea/doctor.js injected into each build's runtime, as make sea
    does); a one-line script injected likewise, and as a Node 20 SEA."""
    for name, b in BUILDS.items():
        for app, js in (("doctor", f"{TOP}/apps/sea/doctor.js"), ("hello", f"{work}/hello.js")):
            if app == "hello" and not os.path.exists(js):
                with open(js, "w") as f:
                    f.write(HELLO_JS)
            b[app] = f"{work}/{app}-{name}"
            run([SEA_INJECT, "--arch", "x86_64", *(["--allow-dynamic"] if name == BASE else []),
                 "--name", app, b["sea"], js, "-o", b[app]])
    names, notes = list(NAMES), {}
    if QUICK:
        notes["node"] = "not in quick mode"
    else:
        exe, why = node_sea(work)
        if exe:
            BUILDS["node20-sea"] = {"hello": exe, "desc": f"Node {why} single executable application"}
            names.append("node20-sea")
        else:
            notes["node"] = why

    def fb(cmd):
        out = run([FIRSTBYTE, *cmd]).split()
        return int(out[0]) / 1000  # ms

    def one(name):
        b = BUILDS[name]
        r = {"start-hello": fb([b["hello"]])}
        if "gateway" in b:
            r["start-gateway-version"] = fb([b["gateway"], "--version"])
            r["start-doctor"] = fb([b["doctor"]])
        return r
    return rounds(one, runs * 4, warmup=2, names=names), notes


def lib_paths(binary):
    """The shared objects the dynamic loader maps for binary (ldd), real paths."""
    libs = []
    for line in run(["ldd", binary]).splitlines():
        m = re.search(r"(?:=> )?(/\S+) \(0x", line)
        if m:
            libs.append(os.path.realpath(m.group(1)))
    return sorted(set(libs))


def stripped_size(path, work):
    tmp = f"{work}/strip.tmp"
    shutil.copy(path, tmp)
    run(["strip", "-o", tmp + ".s", tmp])
    n = os.path.getsize(tmp + ".s")
    os.unlink(tmp)
    os.unlink(tmp + ".s")
    return n


def sizes(work):
    """Each artifact stripped; for the glibc build and Node, plus every shared
    library it loads (as Debian ships them). The Node SEA is measured as
    built: node is shipped stripped, and its payload is a note."""
    res = {}
    for art in ("gateway", "doctor", "hello"):
        for name, b in BUILDS.items():
            if art not in b:
                continue
            dynamic = name == BASE or name.startswith("node")
            own = os.path.getsize(b[art]) if name.startswith("node") else stripped_size(b[art], work)
            libs = lib_paths(b[art]) if dynamic else []
            libsize = sum(os.path.getsize(x) for x in libs)
            res.setdefault(f"size-{art}", {})[name] = {"stripped": own, "shared_libs": libs,
                                                      "shared_libs_bytes": libsize, "total": own + libsize}
    return res


def compilers():
    res = {}
    for name, b in BUILDS.items():
        if "gateway" not in b:
            continue
        out = run(["readelf", "-p", ".comment", b["gateway"]])
        res[name] = sorted(set(re.findall(r"\]\s+(.*\S)", out)))
    return res


def compiler_effect(work, runs):
    """bench/alloc-churn.c built with each compiler against each C library
    this machine has without new toolchains: host gcc 12 with glibc; host
    gcc 12 compiling against the project's musl headers, linked by the
    project's toolchain (musl itself stays built by gcc 14); the project's
    gcc 14 with musl, with musl's malloc and with mimalloc. Same -O2 -fPIE,
    no -march. gcc12-glibc against gcc12-musl is the C library with the
    compiler fixed; gcc12-musl against gcc14-musl the compiler with the
    library fixed; gcc14-musl against gcc14-musl-mimalloc the allocator."""
    tc = f"{OUT}/toolchain/{MUSL}"
    cc14 = f"{tc}/bin/{MUSL}-gcc"
    mi = f"{OUT}/sysroot/{MUSL}/usr/lib/mimalloc.o"
    src = f"{TOP}/bench/alloc-churn.c"
    flags = ["-O2", "-fPIE", "-std=c11", "-D_GNU_SOURCE"]
    inc12 = ["-nostdinc", "-isystem", f"{tc}/{MUSL}/include", "-isystem", run(["gcc", "-print-file-name=include"]).strip()]
    b = {}
    b["gcc12-glibc"] = [["gcc", *flags, "-pie", "-o", "{o}", src]]
    b["gcc12-musl"] = [["gcc", *flags, *inc12, "-c", "-o", "{o}.o", src], [cc14, "-static-pie", "-o", "{o}", "{o}.o"]]
    b["gcc14-musl"] = [[cc14, *flags, "-static-pie", "-o", "{o}", src]]
    b["gcc14-musl-mimalloc"] = [[cc14, *flags, "-static-pie", "-o", "{o}", mi, src]]
    exe = {}
    for name, steps in b.items():
        o = f"{work}/churn-{name}"
        for cmd in steps:
            run([a.replace("{o}", o) for a in cmd])
        exe[name] = o
    names = list(b)

    def one(name):
        out = run([exe[name]]).split()
        return {"churn-seconds": float(out[-1]), "churn-start": int(run([FIRSTBYTE, exe[name]]).split()[0]) / 1000}
    got = rounds(one, runs, warmup=1, names=names)
    res = {}
    for metric, per in got.items():
        res[metric] = {n: {"median": statistics.median(per[n]), "min": min(per[n]), "max": max(per[n]),
                           "n": len(per[n])} for n in names}
        base = res[metric]["gcc12-glibc"]["median"]
        for n in res[metric]:
            res[metric][n]["ratio_to_gcc12_glibc"] = res[metric][n]["median"] / base
    res["compilers"] = {n: sorted(set(re.findall(r"\]\s+(.*\S)", run(["readelf", "-p", ".comment", e]))))
                        for n, e in exe.items()}
    return res


# cachegrind's events, summed into the figures reported.
CG_FIGURES = {"instructions": ("Ir",), "L1 misses": ("I1mr", "D1mr", "D1mw"),
              "LL misses": ("ILmr", "DLmr", "DLmw"), "branch mispredictions": ("Bcm", "Bim")}


def instructions(work):
    """Instructions, simulated cache misses and branch mispredictions of one
    run of each build under valgrind's cachegrind: gateway verify of the
    10-endpoint pair (quick: gateway --version). The same input executes the
    same instructions every time (runs of one build differed by less than 1
    in 100,000), so these do not move with the machine as times do: they say
    whether a build does more work or only waits longer. Z3's timeout is
    turned off (--timeout 0): under valgrind a run takes 10 to 20 times as
    long."""
    if QUICK:
        what, args, expect = "gateway --version", ["--version"], 0
    else:
        what = "gateway verify, 10-endpoint pair"
        args = verify_args(work, 10) + ["--timeout", "0"]
        expect = 1  # findings
    res = {"what": what, "tool": run(["valgrind", "--version"]).strip(), "builds": {}}
    for name in NAMES:
        out = f"{work}/cachegrind.{name}"
        proc = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=yes", "--branch-sim=yes",
                               f"--cachegrind-out-file={out}", BUILDS[name]["gateway"], *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if proc.returncode != expect:
            raise RuntimeError(f"{name} under cachegrind: exit {proc.returncode}: {proc.stderr[-500:]}")
        with open(out) as f:
            text = f.read()
        events = re.search(r"^events:\s*(.*)$", text, re.M).group(1).split()
        summary = map(int, re.search(r"^summary:\s*(.*)$", text, re.M).group(1).split())
        counts = dict(zip(events, summary))
        res["builds"][name] = {fig: sum(counts[e] for e in evs) for fig, evs in CG_FIGURES.items()}
    base = res["builds"][BASE]
    for name, b in res["builds"].items():
        b["ratio_to_glibc"] = {fig: b[fig] / base[fig] if base[fig] else None for fig in CG_FIGURES}
    return res


def stats(vals):
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals), "runs": vals}


def make_seconds(*args):
    t = time.monotonic()
    subprocess.run(["make", "-s", "-C", TOP, f"OUT={OUT}", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.monotonic() - t


COLD_MISSING = "not measured yet on this machine: run bench/cold-build (about three hours, alone)"


def build_times(runs):
    """The engine's own figures, on this tree and its out/: a no-op
    `make toolchain` and a no-op `make gateway` (parse, keys, stamps); then
    one gateway source touched and `make gateway` again: one object
    recompiled, the program relinked and passed through the release gate,
    for each musl triple (x86_64 and aarch64). The cold make is
    bench/cold-build's (out/bench/cold-build.json), read when there."""
    make_seconds("toolchain", "gateway")  # warm-up: everything up to date
    res = {"noop-make-toolchain": stats([make_seconds("toolchain") for _ in range(runs * 2)]),
           "noop-make-gateway": stats([make_seconds("gateway") for _ in range(runs * 2)])}
    src = f"{TOP}/apps/gateway/policy.c"
    relink = []
    for _ in range(runs):
        os.utime(src)
        relink.append(make_seconds("gateway"))
    res["gateway-one-file-both-arches"] = stats(relink)
    cold = f"{BENCH}/cold-build.json"
    if os.path.exists(cold):
        with open(cold) as f:
            res["cold"] = json.load(f)
    return res


# --- summary and output ---------------------------------------------------------

UNITS = {  # metric: (unit, better, what)
    "verify-10": ("s", "lower", "gateway verify, 10-endpoint policy pair (CLI)"),
    "verify-100": ("s", "lower", "gateway verify, 100-endpoint policy pair (CLI)"),
    "verify-1000": ("s", "lower", "gateway verify, 1000-endpoint policy pair (CLI)"),
    "tls-handshakes": ("1/s", "higher", "TLS handshakes/s (openssl s_time -new, ECDSA P-256)"),
    "check-rps": ("1/s", "higher", "keep-alive POST /v1/policy/check requests/s (wrk -t1 -c16)"),
    "check-p50": ("ms", "lower", "/v1/policy/check latency p50 under wrk"),
    "check-p99": ("ms", "lower", "/v1/policy/check latency p99 under wrk"),
    "serve-rss": ("MiB", "lower", "server peak RSS (VmHWM) after s_time and wrk"),
    "start-gateway-version": ("ms", "lower", "exec to first byte: gateway --version"),
    "start-doctor": ("ms", "lower", "exec to first byte: doctor"),
    "start-hello": ("ms", "lower", "exec to first byte: one-line JS script as a SEA"),
}


def unit_of(metric):
    if metric in UNITS:
        return UNITS[metric]
    m = re.match(r"verify-(\d+)-cpu$", metric)
    if m:
        return ("s", "lower", f"gateway verify, {m.group(1)}-endpoint pair: CPU time (user + system)")
    m = re.match(r"verify-(\d+)-(rps|p50|p99)$", metric)
    if m:
        what = {"rps": ("1/s", "higher", "requests/s"), "p50": ("ms", "lower", "latency p50"),
                "p99": ("ms", "lower", "latency p99")}[m.group(2)]
        return (what[0], what[1], f"POST /v1/policy/verify of the {m.group(1)}-endpoint pair under wrk (-c2): {what[2]}")
    m = re.match(r"verify-(\d+)-exact-x(\d+)$", metric)
    if m:
        return ("s", "lower", f"gateway serve, {m.group(2)} concurrent /v1/policy/verify of the "
                f"{m.group(1)}-endpoint pair (exact host names) on 2 worker threads: wall time / {m.group(2)}")
    return ("", "lower", metric)


def round_ratios(runs, base_runs):
    """Each round runs every build back to back, so the ratio taken within a
    round cancels what the machine did between rounds (on a shared VM the
    same binary's figure moves by 2x over minutes). Their median and range
    say how far the headline ratio can be trusted."""
    if len(runs) != len(base_runs) or not all(base_runs):
        return None
    r = [v / b for v, b in zip(runs, base_runs)]
    return {"median": statistics.median(r), "min": min(r), "max": max(r), "runs": r}


def summarise(samples):
    res = {}
    for metric, per in samples.items():
        unit, better, what = unit_of(metric)
        entry = {"unit": unit, "better": better, "what": what, "builds": {}}
        for name in sorted(per, key=lambda n: list(BUILDS).index(n)):
            vals = per[name]
            entry["builds"][name] = {"median": statistics.median(vals), "min": min(vals), "max": max(vals),
                                     "n": len(vals), "runs": vals}
        base = entry["builds"].get(BASE)
        for name, s in entry["builds"].items():
            s["ratio_to_glibc"] = s["median"] / base["median"] if base and base["median"] else None
            s["round_ratios"] = round_ratios(s["runs"], base["runs"]) if base else None
        res[metric] = entry
    return res


def fmt(v):
    return f"{v:.3g}" if v < 1000 else f"{v:.0f}"


def ratio_text(s, bold=""):
    """0.93x (0.88-0.99): the ratio of medians, then the range of the ratios
    within rounds; "-" where there is no ratio."""
    if not s or not s["ratio_to_glibc"]:
        return "-"
    rr = s.get("round_ratios")
    return f"{bold}{s['ratio_to_glibc']:.2f}x{bold}" + (f" ({rr['min']:.2f}-{rr['max']:.2f})" if rr else "")


def markdown(r):
    names = [n for n in r["builds"]]
    lines = [f"Figures of `make bench`{' (BENCH_QUICK=1)' if r['quick'] else ''}, {r['date']}, "
             f"{r['machine']['cpus']} CPUs ({r['machine']['cpu']}), load {r['machine']['load_before']:.2f} before. "
             "Median (min-max) of the runs; ratio = median / glibc median "
             "(below 1 is better where lower is better, above 1 where higher is), and in brackets "
             "the range of the ratios taken within each round (the builds run back to back), "
             "which is how far the ratio can be trusted on this machine.", "",
             "| workload | unit | better | " + " | ".join(names) + " | " +
             " | ".join(f"{n} / glibc" for n in names if n != BASE) + " |",
             "|---|---|---|" + "---|" * (len(names) * 2 - 1)]
    for metric, e in r["workloads"].items():
        cells, ratios = [], []
        for n in names:
            s = e["builds"].get(n)
            cells.append(f"{fmt(s['median'])} ({fmt(s['min'])}-{fmt(s['max'])}, n={s['n']})" if s else "-")
            if n != BASE:
                ratios.append(ratio_text(s, "**"))
        lines.append(f"| {metric} | {e['unit']} | {e['better']} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    lines += ["", "| size (bytes, stripped) | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for art, per in r["sizes"].items():
        cells = []
        for n in names:
            s = per.get(n)
            if not s:
                cells.append("-")
            elif s["shared_libs"]:
                cells.append(f"{s['total']:,} ({s['stripped']:,} + {len(s['shared_libs'])} shared libs "
                             f"{s['shared_libs_bytes']:,})")
            else:
                cells.append(f"{s['total']:,}")
        lines.append(f"| {art} | " + " | ".join(cells) + " |")
    lines += ["", "Compilers (`readelf -p .comment` of the gateway):", ""]
    lines += [f"- {n}: {'; '.join(c)}" for n, c in r["compilers"].items()]
    ce = r.get("compiler_effect")
    if ce:
        lines += ["", "Compiler effect (bench/alloc-churn.c; median, ratio to gcc12-glibc):", "",
                  "| build | compiler | churn s | ratio | start ms | ratio |", "|---|---|---|---|---|---|"]
        for n, s in ce["churn-seconds"].items():
            t = ce["churn-start"][n]
            lines.append(f"| {n} | {'; '.join(ce['compilers'][n])} | {fmt(s['median'])} | {s['ratio_to_gcc12_glibc']:.2f}x "
                         f"| {fmt(t['median'])} | {t['ratio_to_gcc12_glibc']:.2f}x |")
    ins = r.get("instructions")
    if ins:
        lines += ["", f"Work done, not time taken: one run of {ins['what']} under valgrind's cachegrind "
                  f"({ins['tool']}; simulated caches): counts, and in brackets the ratio to glibc.", "",
                  "| build | " + " | ".join(CG_FIGURES) + " |", "|---|" + "---|" * len(CG_FIGURES)]
        for n, c in ins["builds"].items():
            lines.append(f"| {n} | " + " | ".join(f"{c[fig]:,} ({c['ratio_to_glibc'][fig]:.2f}x)"
                                                  if c["ratio_to_glibc"][fig] else f"{c[fig]:,}"
                                                  for fig in CG_FIGURES) + " |")
    b = r.get("build")
    if b:
        lines += ["", "Build (this tree; seconds, median (min-max) of the runs; the issue's target):", "",
                  "| figure | seconds | target |", "|---|---|---|"]
        for k, what, target in (("noop-make-toolchain", "no-op `make toolchain`", "< 0.5 s"),
                                ("noop-make-gateway", "no-op `make gateway`", "< 0.5 s"),
                                ("gateway-one-file-both-arches", "one gateway file touched, `make gateway` (x86_64 and aarch64)", "< 15 s")):
            x = b[k]
            lines.append(f"| {what} | {fmt(x['median'])} ({fmt(x['min'])}-{fmt(x['max'])}, n={x['n']}) | {target} |")
        c = b.get("cold")
        if c:
            lines.append(f"| cold `make`, empty binary cache (bench/cold-build, commit {c['commit']}, "
                         f"{time.strftime('%Y-%m-%d', time.gmtime(c['started']))}, status {c['make_status']}) "
                         f"| {c['wall_seconds']} ({c['wall_seconds'] / 60:.1f} min) | <= 75 min |")
            lines += ["", "Where the cold make's time goes (the ten longest recipes; seconds per step):", "",
                      "| recipe | seconds | steps |", "|---|---|---|"]
            for name, e in list(c["recipes"].items())[:10]:
                lines.append(f"| {name} | {e['seconds']} | " + ", ".join(f"{k} {v}" for k, v in e["steps"].items()) + " |")
            for triple, ph in c["gcc_phases"].items():
                lines.append(f"\ngcc [{triple}] build phases: " + ", ".join(f"{p['phase']} {p['seconds']} s" for p in ph))
    if r["notes"]:
        lines += ["", "Notes:", ""] + [f"- {k}: {v}" for k, v in r["notes"].items()]
    return "\n".join(lines) + "\n"


def chart(r, work):
    """Ratio of each musl build's median to glibc's, per workload; for
    'higher is better' figures the ratio is inverted so that below 1 is better
    everywhere on the chart."""
    names = [n for n in r["builds"] if n != BASE]
    rows = []
    for metric, e in r["workloads"].items():
        vals = []
        for n in names:
            s = e["builds"].get(n)
            x = s["ratio_to_glibc"] if s and s["ratio_to_glibc"] else float("nan")
            rr = s.get("round_ratios") if s else None
            lo, hi = (rr["min"], rr["max"]) if rr else (x, x)
            if e["better"] == "higher" and x == x and x and lo and hi:
                x, lo, hi = 1 / x, 1 / hi, 1 / lo
            vals += [x, lo, hi]
        rows.append(f'"{metric}" ' + " ".join(f"{v:.4f}" for v in vals))
    with open(f"{work}/chart.dat", "w") as f:
        f.write("\n".join(rows) + "\n")
    plot = ", ".join(f"'{work}/chart.dat' using {3 * i + 2}:{3 * i + 3}:{3 * i + 4}:xtic(1) title '{n}'"
                     for i, n in enumerate(names))
    script = f"""set terminal pngcairo size 1200,600 font ',10'
set output '{BENCH}/chart.png.tmp'
set title 'median relative to the glibc build (time, memory, or 1/throughput; log scale): below 1 is better; bars: range of the ratios within rounds'
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set logscale y 2
set grid ytics
set xtics rotate by -30
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 2
plot {plot}
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.replace(f"{BENCH}/chart.png.tmp", f"{BENCH}/chart.png")


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
        if m:
            cpu = m.group(1)
    return {"cpu": cpu, "cpus": os.cpu_count(), "kernel": platform.release(),
            "load_before": os.getloadavg()[0], "mem_kb": int(re.search(
                r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))}


def write_results(r, work):
    with open(f"{BENCH}/results.json.tmp", "w") as f:
        json.dump(r, f, indent=2)
    os.replace(f"{BENCH}/results.json.tmp", f"{BENCH}/results.json")
    md = markdown(r)
    with open(f"{BENCH}/results.md.tmp", "w") as f:
        f.write(md)
    os.replace(f"{BENCH}/results.md.tmp", f"{BENCH}/results.md")
    chart(r, work)
    return md


def build_only():
    """The build figures alone, added to out/bench/results.json."""
    with open(f"{BENCH}/results.json") as f:
        r = json.load(f)
    r["build"] = build_times(RUNS)
    r["build"]["date"] = time.strftime("%Y-%m-%d %H:%M:%S %z")
    r["build"]["load_before"] = os.getloadavg()[0]
    r["notes"].pop("cold make", None)
    if "cold" not in r["build"]:
        r["notes"]["cold make"] = COLD_MISSING
    with tempfile.TemporaryDirectory(prefix="muslforge-bench.") as work:
        print(write_results(r, work))
    return 0


def main():
    if sys.argv[1:] == ["--build-only"]:
        return build_only()
    missing = [p for b in BUILDS.values() for p in (b["gateway"], b["sea"]) if not os.access(p, os.X_OK)]
    missing += [p for p in (FIRSTBYTE, SEA_INJECT) if not os.access(p, os.X_OK)]
    for tool in ("openssl", "wrk", "gnuplot", "readelf", "strip", "ldd", "valgrind"):
        if not shutil.which(tool):
            missing.append(tool)
    if missing:
        log("bench: missing (make bench builds and installs them):", *missing)
        return 1
    os.makedirs(BENCH, exist_ok=True)
    t0 = time.monotonic()
    r = {"quick": QUICK, "runs": RUNS, "sizes_endpoints": SIZES, "load_seconds": SECONDS, "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
         "machine": machine(), "builds": {n: {"desc": b["desc"], "gateway": b["gateway"], "sea-runtime": b["sea"]}
                                          for n, b in BUILDS.items()}, "notes": {}}
    samples = {}
    with tempfile.TemporaryDirectory(prefix="muslforge-bench.") as work:
        make_pki(work)
        log("== start-up")
        got, notes = startup(work, RUNS)
        samples.update(got)
        r["notes"].update(notes)
        if "node20-sea" in BUILDS:
            r["builds"]["node20-sea"] = {"desc": BUILDS["node20-sea"]["desc"], "hello": BUILDS["node20-sea"]["hello"]}
        log("== TLS handshakes, /v1/policy/check under wrk, peak RSS")
        samples.update(serve_load(work, RUNS))
        for n in SIZES:
            log(f"== gateway verify, {n} endpoints")
            samples.update(verify_cli(work, n, RUNS))
        log("== verify on the server's worker threads")
        samples.update(verify_parallel(work, 10, 8 if QUICK else 16, RUNS))
        log("== /v1/policy/verify of the 100-endpoint pair under wrk")
        samples.update(verify_load(work, 100, RUNS))
        log("== instructions and simulated cache misses (cachegrind)")
        r["instructions"] = instructions(work)
        if BUILD:
            log("== build: no-op make, one gateway file relinked for both arches")
            r["build"] = build_times(RUNS)
        if not QUICK:
            log("== compiler effect (bench/alloc-churn.c)")
            r["compiler_effect"] = compiler_effect(work, RUNS)
        r["workloads"] = summarise(samples)
        r["sizes"] = sizes(work)
        r["compilers"] = compilers()
        if BUILD and "cold" not in r["build"]:
            r["notes"]["cold make"] = COLD_MISSING
        r["seconds"] = round(time.monotonic() - t0, 1)
        r["machine"]["load_after"] = os.getloadavg()[0]
        md = write_results(r, work)
    print(md)
    print("headline (median / glibc median; in brackets the range of the ratios within rounds):")
    for metric, e in r["workloads"].items():
        print(f"  {metric:24s} " + "  ".join(f"{n} {ratio_text(s)}" for n, s in e["builds"].items()
                                              if n != BASE and s["ratio_to_glibc"]))
    print(f"results: {BENCH}/results.json, results.md, chart.png ({r['seconds']} s)")
    if r["machine"]["load_before"] >= 1 or r["machine"]["load_after"] >= r["machine"]["cpus"] + 1:
        print(f"warning: the machine was busy (load {r['machine']['load_before']:.1f} before, "
              f"{r['machine']['load_after']:.1f} after): these figures are noise-prone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
