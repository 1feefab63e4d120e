#!/bin/bash
# The validation suite (tests/validation/run) as TAP: one line per row and
# build. For the x86_64 builds a line passes when musl and glibc agree or
# differ as tests/validation/expected.yaml says (the reason follows '#');
# for aarch64 when the result equals the same libc's x86_64 result. A build
# that is not built is a skip; a stale expectation, a harness error (a run
# that could not be made, a precondition that did not hold) and a coverage
# table that names no case are failing lines.
# VALIDATE_ONLY="dns/* tls/*" narrows the rows (globs, as --only).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/validation-lib.sh"

only=()
for g in ${VALIDATE_ONLY:-}; do only+=(--only "$g"); done
# A host matrix found in --out is shown in both reports but not judged (only
# --hosts, as make validate passes it, is): a fixed one with one cell of each
# kind, so the exit status below still follows the rows alone.
mkdir -p "$T/validate"
cat > "$T/validate/hosts.json" <<'JSON'
{"schema": "muslforge-hosts/1", "floor": "2.31", "unexpected": 1, "probe_identical_across_hosts": true, "results": [
 {"artifact": "doctor", "triple": "x86_64-linux-musl", "arch": "x86_64", "libc": "musl", "host": "empty",
  "result": "pass", "expected": "pass", "verdict": "ok", "glibc_floor": null, "checks": []},
 {"artifact": "doctor", "triple": "x86_64-linux-musl", "arch": "x86_64", "libc": "musl", "host": "bullseye",
  "result": "fail", "expected": "pass", "verdict": "unexpected", "glibc_floor": null,
  "checks": [{"check": "doctor", "ok": false, "why": "exit 127", "stderr": ""}]},
 {"artifact": "doctor", "triple": "x86_64-linux-gnu", "arch": "x86_64", "libc": "glibc", "host": "bullseye",
  "result": "fail", "expected": "fail", "verdict": "ok", "reason": "glibc 2.31 lacks the versions the build needs",
  "glibc_floor": {"floor": "2.31", "ok": false, "glibc_max": "GLIBC_2.35", "above": ["GLIBC_2.35"]},
  "checks": [{"check": "doctor", "ok": false, "why": "exit 1",
   "stderr": "/validate/doctor: /lib/x86_64-linux-gnu/libm.so.6: version `GLIBC_2.35' not found"}]}]}
JSON
TESTDNS=$TESTDNS "$TOP/tests/validation/run" --out "$T/validate" "${only[@]}" > "$T/run.log" 2>&1
rc=$?
[ -f "$T/validate/report.json" ] || { cat "$T/run.log" | sed 's/^/# /'; echo "Bail out! the harness wrote no report (exit $rc)"; exit 1; }

python3 - "$T/validate/report.json" > "$T/tap" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exps = {x["id"]: x for x in d["expectations"]}
for r in d["rows"]:
    for b in [x["name"] for x in d["builds"]]:
        res = r["results"].get(b, {})
        if "skip" in res:
            print("skip\t%s %s: %s" % (r["id"], b, res["skip"]))
            continue
        if res.get("exit") == "error":
            print("fail\t%s %s: harness error: %s" % (r["id"], b, res["output"].strip()[:300]))
            continue
        if b in d["reference"]:
            if r["status"] == "skip":
                print("skip\t%s %s: %s" % (r["id"], b, "; ".join(r["problems"])))
            elif r["status"] == "fail" and not all("aarch64" in p for p in r["problems"]):
                print("fail\t%s %s: %s" % (r["id"], b, "; ".join(p for p in r["problems"] if "aarch64" not in p)))
            elif r["status"] == "expected" or (r.get("expectation") and r["diff"]):
                print("ok\t%s %s: expected difference # %s" % (r["id"], b, exps[r["expectation"]]["reason"][:150]))
            else:
                print("ok\t%s %s: same as the other libc" % (r["id"], b))
        else:
            a = r["arch"].get(b, "skip")
            if a == "skip":
                print("skip\t%s %s: no x86_64 result to compare" % (r["id"], b))
            elif a == "same":
                print("ok\t%s %s: same as x86_64" % (r["id"], b))
            else:
                print("fail\t%s %s: %s from x86_64" % (r["id"], b, a))
for p in (d.get("coverage") or {}).get("problems", []):
    print("fail\tcoverage: %s" % p)
for s in ([] if d.get("partial") else d["stale"]):
    print("fail\texpectation %s: stale, no difference matched it (%s)" % (s, exps[s]["reason"][:100]))
print("diag\t%s; %s s; report %s" % (d["summary"], d["duration_s"], sys.argv[1]))
PY

while IFS=$'\t' read -r what text; do
	case $what in
	ok) ok 0 "$text" ;;
	fail) ok 1 "$text" ;;
	skip) skip "$text" ;;
	diag) diag "$text" ;;
	esac
done < "$T/tap"
is "$rc" "$(grep -q '^fail' "$T/tap" && echo 1 || echo 0)" "the harness's exit status agrees with its report"
is "$(python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["hosts"]; print(h["unexpected"], h["judged"], h["ok"])' \
	"$T/validate/report.json")" "1 False False" "report.json carries the host matrix's summary, not judged without --hosts"
like "$(tr -d '\n' < "$T/validate/report.html")" \
	"<h2 id=hosts>Hosts</h2>.*<td style='background:#ffe1a8'[^>]*>fails as expected: [^<]*GLIBC_2\.35</td><td>max GLIBC_2\.35; above 2\.31: GLIBC_2\.35</td>" \
	"report.html shows the host matrix: an expected glibc failure with the versions missing, next to its floor"
like "$(tr -d '\n' < "$T/validate/report.html")" "<td style='background:#f7b5b5'[^>]*>fail, expected pass: doctor: exit 127</td>" \
	"report.html shows an unexpected host result in red"
done_testing
