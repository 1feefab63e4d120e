#!/bin/bash
# A validation case proves what it stands on: before its runs the harness
# records the namespace's host name, addresses and routes and the digest of
# every file the case wrote or hid, puts them in report.json and
# report.html, and checks the case's preconditions against them. A
# precondition broken on purpose (a case on the normal network that says it
# needs loopback only; one that says /etc/resolv.conf is absent while the
# harness writes it) is a harness error: the row's status is "error", the
# harness prints HARNESS ERROR and exits 1. The same shapes with true
# preconditions pass. Uses case files of its own (--cases), never the
# suite's, and the x86_64 probes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/validation-lib.sh"

run() { # run NAME: the harness on $T/NAME.yaml, the x86_64 builds, into $T/NAME
	TESTDNS=$TESTDNS "$TOP/tests/validation/run" --cases "$T/$1.yaml" --out "$T/$1" \
		--builds musl-x86_64,glibc-x86_64 > "$T/$1.log" 2>&1
}
field() { # field NAME EXPRESSION: a value computed from NAME's report.json (as d)
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/$1/report.json" "$2"
}

hosts='127.0.0.1 localhost
192.0.2.99 hosted.test
'
cat > "$T/good.yaml" <<'YAML'
cases:
  lo-only:
    about: a loopback-only namespace that says so
    net: lo
    requires: [loopback-only, no-global-ipv6-address]
    files:
      /etc/hosts: |
        127.0.0.1 localhost
        192.0.2.99 hosted.test
    testdns: {127.0.0.53: "* * nxdomain\n"}
    runs:
      gai: [probe-gai, hosted.test, --socktype, stream]
  no-resolv-conf:
    about: a hidden resolv.conf, required absent
    hide: [/etc/resolv.conf]
    requires: ["absent:/etc/resolv.conf", "present:/etc/hosts"]
    runs:
      gai: [probe-gai, localhost, --socktype, stream]
YAML
run good
is "$?" 0 "cases whose preconditions hold pass (exit 0)"
[ -f "$T/good/report.json" ] || { sed 's/^/# /' "$T/good.log"; echo "Bail out! no report.json"; exit 1; }
is "$(field good 'd["summary"]')" "{'pass': 2}" "both rows ran and the libraries agree"
like "$(field good '"\n".join(l for r in d["rows"] if r["case"] == "good/lo-only" for l in r["setup"]["network"])')" \
	"^addr lo inet 127\.0\.0\.1/8 scope host$" "the recorded network holds loopback's address"
is "$(field good '[l for r in d["rows"] if r["case"] == "good/lo-only" for l in r["setup"]["network"] if l.split()[1] != "lo"]')" \
	"[]" "and nothing outside loopback (net: lo)"
is "$(field good '[r["setup"]["files"]["/etc/hosts"] for r in d["rows"] if r["case"] == "good/lo-only"][0]')" \
	"sha256:$(printf '%s' "$hosts" | sha256sum | cut -d' ' -f1)" "the digest of /etc/hosts is the one of what the case wrote"
is "$(field good '[r["setup"]["files"]["/etc/resolv.conf"] for r in d["rows"] if r["case"] == "good/no-resolv-conf"][0]')" \
	"absent" "a hidden file is recorded absent"
is "$(field good '[r["setup"]["hostname"] for r in d["rows"]][0]')" "validation-host" \
	"the namespace has the harness's host name, not the machine's"
is "$(field good '[r["setup"]["preconditions"] for r in d["rows"] if r["case"] == "good/lo-only"][0]')" \
	"['loopback-only', 'no-ipv4-default-route', 'no-ipv6-default-route', 'loopback-only', 'no-global-ipv6-address']" \
	"the preconditions checked: those of net: lo and the case's own"
like "$(tr -d '\n' < "$T/good/report.html")" "<details id='case-good/lo-only'>.*preconditions: loopback-only" \
	"report.html shows each case's setup"

# The same shapes with their preconditions broken on purpose.
cat > "$T/broken.yaml" <<'YAML'
cases:
  says-lo-only:
    about: the normal (dual-stack) namespace claiming to have loopback only
    requires: [loopback-only]
    testdns: {127.0.0.53: "* * nxdomain\n"}
    runs:
      gai: [probe-gai, localhost, --socktype, stream]
  says-no-resolv-conf:
    about: claims /etc/resolv.conf is absent, while the harness writes one
    requires: ["absent:/etc/resolv.conf"]
    runs:
      gai: [probe-gai, localhost, --socktype, stream]
YAML
run broken
is "$?" 1 "a broken precondition fails the run (exit 1)"
[ -f "$T/broken/report.json" ] || { sed 's/^/# /' "$T/broken.log"; echo "Bail out! no report.json"; exit 1; }
is "$(field broken 'sorted((r["id"], r["status"]) for r in d["rows"])')" \
	"[('broken/says-lo-only/gai', 'error'), ('broken/says-no-resolv-conf/gai', 'error')]" \
	"each such row is a harness error, not a result"
is "$(field broken 'd["summary"]')" "{'error': 2}" "the summary counts them as errors"
log=$(cat "$T/broken.log")
like "$log" "HARNESS ERROR broken/says-lo-only/gai: .*precondition not met: loopback-only \(seen: addr uplink inet 192\.0\.2\.10/24" \
	"the message names the precondition and what was there instead"
like "$log" "HARNESS ERROR broken/says-no-resolv-conf/gai: .*absent:/etc/resolv\.conf \(seen: /etc/resolv\.conf is sha256:" \
	"and for a file, its digest"
is "$(field broken '[x["output"].startswith("harness-error=precondition not met") for r in d["rows"] for x in r["results"].values()]')" \
	"[True, True, True, True]" \
	"no build gave a result for them: the probe never ran"
is "$(field broken '[bool(r["setup"]["network"]) for r in d["rows"]]')" "[True, True]" \
	"the setup is still recorded, so the report shows what was there"

# An unknown precondition name is a usage error before anything runs.
printf 'cases:\n  x:\n    requires: [loopbak-only]\n    runs:\n      gai: [probe-gai, localhost]\n' > "$T/typo.yaml"
run typo
is "$?" 2 "an unknown precondition is a usage error (exit 2)"
like "$(cat "$T/typo.log")" "unknown precondition 'loopbak-only'" "naming it"
done_testing
