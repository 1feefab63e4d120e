#!/bin/bash
# A run's `expect:` (docs/validation.md, "Harness"): where the builds
# agreeing is not enough, every build's output must match the regular
# expression, or the row fails even though musl and glibc give the same.
# Uses a case file of its own (--cases) and the x86_64 probes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/validation-lib.sh"

cat > "$T/expect.yaml" <<'YAML'
defaults:
  files:
    /etc/hosts: |
      127.0.0.1 localhost
      192.0.2.99 hosted.test
cases:
  found:
    about: the name is in /etc/hosts, and the run says it must be found
    runs:
      gai: {cmd: [probe-gai, hosted.test, --socktype, stream], expect: "192\\.0\\.2\\.99"}
  wrong:
    about: the same lookup, expected to give an address it cannot give
    runs:
      gai: {cmd: [probe-gai, hosted.test, --socktype, stream], expect: "198\\.51\\.100\\.1"}
YAML
TESTDNS=$TESTDNS "$TOP/tests/validation/run" --cases "$T/expect.yaml" --out "$T/out" \
	--builds musl-x86_64,glibc-x86_64 > "$T/run.log" 2>&1
rc=$?
[ -f "$T/out/report.json" ] || { sed 's/^/# /' "$T/run.log"; echo "Bail out! no report.json"; exit 1; }
is "$rc" 1 "a row whose output does not match its expect fails the run"
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/out/report.json" "$1"; }
is "$(field 'sorted((r["id"], r["status"], r["diff"]) for r in d["rows"])')" \
	"[('expect/found/gai', 'pass', []), ('expect/wrong/gai', 'fail', [])]" \
	"the matching row passes; the other fails although both libraries agree"
is "$(field '[p for r in d["rows"] if r["id"] == "expect/wrong/gai" for p in r["problems"]]')" \
	"[\"glibc-x86_64: output does not match the run's expect /198\\\\.51\\\\.100\\\\.1/\", \"musl-x86_64: output does not match the run's expect /198\\\\.51\\\\.100\\\\.1/\"]" \
	"naming each build and the expression"
done_testing
