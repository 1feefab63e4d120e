# What the validation harness's tests (t61xx) need: root, namespaces,
# PyYAML for the case files, and the test DNS server and the probes, which
# make test builds (their absence is a failure, not a reason to skip).
# Source after lib.sh.
need_root
unshare --mount --net --uts true 2> /dev/null || skip_all "unshare --mount --net --uts not permitted here"
python3 -c 'import yaml' 2> /dev/null || skip_all "python3-yaml not installed"
TESTDNS=${TESTDNS:-$OUT/host/bin/testdns}
[ -x "$TESTDNS" ] || { echo "Bail out! no $TESTDNS (make testdns)"; exit 1; }
[ -x "$OUT/validate/x86_64-linux-musl/bin/probe-gai" ] || { echo "Bail out! no probes (make probes)"; exit 1; }
