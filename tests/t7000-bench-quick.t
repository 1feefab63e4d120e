#!/bin/bash
# The benchmark harness cannot rot: BENCH_QUICK=1 make bench runs every
# workload against every build and writes results.json, results.md and
# chart.png. Checked: the JSON is well formed, every workload has a figure
# for each of the three builds, every figure is a positive number, ratios are
# taken to glibc (and within each round), the instruction counts (cachegrind)
# and the build figures (no-op make, one-file relink) are there.
# No timing thresholds: the figures are only reported.
. "$(dirname "$0")/lib.sh"

B=$OUT/bench
rm -f "$B/results.json" "$B/results.md" "$B/chart.png"
BENCH_QUICK=1 make -s -C "$TOP" OUT="$OUT" bench > "$T/bench.out" 2>&1
rc=$?
ok $rc "BENCH_QUICK=1 make bench succeeds"
[ $rc = 0 ] || diag "$(tail -n 30 "$T/bench.out")"
like "$(cat "$T/bench.out")" 'headline \(median / glibc median' "it prints the ratios to glibc as the headline"

python3 - "$B/results.json" > "$T/check.out" 2>&1 <<'EOF'
import json, math, sys
r = json.load(open(sys.argv[1]))
builds = ["glibc", "musl-mimalloc", "musl-mallocng"]
workloads = ["verify-10", "verify-10-cpu", "verify-10-exact-x8", "tls-handshakes", "check-rps", "check-p50", "check-p99",
             "serve-rss", "start-gateway-version", "start-doctor", "start-hello"]
bad = []
def positive(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v > 0
if r.get("quick") is not True:
    bad.append("quick is not true")
for w in workloads:
    e = r.get("workloads", {}).get(w)
    if not e:
        bad.append(f"workload {w} missing")
        continue
    for b in builds:
        s = e["builds"].get(b)
        if not s:
            bad.append(f"{w}: build {b} missing")
            continue
        for k in ("median", "min", "max", "ratio_to_glibc"):
            if not positive(s.get(k)):
                bad.append(f"{w} {b}: {k} = {s.get(k)!r}")
        if not s["runs"] or not all(positive(v) for v in s["runs"]):
            bad.append(f"{w} {b}: runs {s['runs']!r}")
        elif not s["min"] <= s["median"] <= s["max"]:
            bad.append(f"{w} {b}: median outside min-max")
        rr = s.get("round_ratios")
        if not rr or not all(positive(rr.get(k)) for k in ("median", "min", "max")) \
                or not rr["min"] <= rr["median"] <= rr["max"] or len(rr["runs"]) != len(s["runs"]):
            bad.append(f"{w} {b}: round ratios {rr!r}")
        elif b == "glibc" and set(rr["runs"]) != {1}:
            bad.append(f"{w}: glibc's round ratios to itself are not all 1")
    if e["builds"].get("glibc", {}).get("ratio_to_glibc") != 1:
        bad.append(f"{w}: glibc's ratio to itself is not 1")
for art in ("size-gateway", "size-doctor"):
    for b in builds:
        s = r.get("sizes", {}).get(art, {}).get(b)
        if not s or not positive(s.get("stripped")) or not positive(s.get("total")):
            bad.append(f"{art} {b}: {s!r}")
    if not r["sizes"][art]["glibc"]["shared_libs"]:
        bad.append(f"{art}: no shared libraries counted for glibc")
for k in ("noop-make-toolchain", "noop-make-gateway", "gateway-one-file-both-arches"):
    s = r.get("build", {}).get(k)
    if not s or not all(positive(s.get(x)) for x in ("median", "min", "max")):
        bad.append(f"build {k}: {s!r}")
ins = r.get("instructions", {})
for b in builds:
    c = ins.get("builds", {}).get(b)
    if not c or not all(positive(c.get(k)) for k in ("instructions", "L1 misses", "LL misses")):
        bad.append(f"instructions {b}: {c!r}")
    elif b == "glibc" and set(c["ratio_to_glibc"].values()) != {1}:
        bad.append(f"instructions: glibc's ratios to itself are not 1: {c['ratio_to_glibc']!r}")
for b in builds:
    if not r.get("compilers", {}).get(b):
        bad.append(f"compiler of {b} missing")
print("\n".join(bad) or "all present")
sys.exit(1 if bad else 0)
EOF
rc=$?
ok $rc "results.json: every workload and build present, every figure a positive number"
[ $rc = 0 ] || diag "$(cat "$T/check.out")"

like "$(head -c 8 "$B/chart.png" | od -An -c | tr -d ' ')" '^211PNG' "chart.png is a PNG"
md=$(cat "$B/results.md" 2>/dev/null)
like "$md" '^\| verify-10 \| s \| lower \|' "results.md has the table"
like "$md" 'musl-mallocng / glibc' "with the ratios to glibc"
like "$md" '\| musl-mimalloc \| [0-9,]+ \([0-9.]+x\) \|' "and the instruction counts"
like "$md" '\| one gateway file touched, `make gateway` \(x86_64 and aarch64\) \| [0-9.]+ ' "and the build figures"

done_testing
