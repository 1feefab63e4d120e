#!/bin/bash
# /metrics is Prometheus text counting requests by route and status, TLS
# handshakes by result, verify durations and open connections; every
# request leaves one JSON access-log line on stderr.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"

make_certs
write_policy "$T/policy.yaml" api.github.com
VERIFY=$(python3 -c 'import json,sys; p=open(sys.argv[1]).read(); print(json.dumps({"baseline": p, "proposal": p}))' "$T/policy.yaml")

one() {
	local v=$1 m
	start_gateway --policy "$T/policy.yaml"
	ok $? "$v: gateway ready"
	curl -sS --max-time 20 --cacert "$T/pki/ca.crt" "$GW_URL/healthz" "$GW_URL/healthz" > /dev/null  # keep-alive
	gw_status /nowhere > /dev/null
	like "$(gw_curl --data-binary "$VERIFY" /v1/policy/verify)" '"summary":"prover: no new findings"' \
		"$v: a verify request is answered"
	gw_py 's = raw(); s.sendall(b"\x16\x03\x01\x00\x05hello"); recv_all(s)' > /dev/null
	m=$(gw_curl /metrics)
	like "$m" '# TYPE gateway_requests_total counter' "$v: typed counters"
	# polling for readiness counted some /healthz too: at least the two above
	like "$(printf '%s\n' "$m" | awk '$1 == "gateway_requests_total{route=\"healthz\",status=\"200\"}" { print ($2 >= 2) }')" \
		'^1$' "$v: requests by route and status (healthz 200)"
	like "$m" '^gateway_requests_total\{route="other",status="404"\} 1$' "$v: the 404 under route other"
	like "$m" '^gateway_requests_total\{route="verify",status="200"\} 1$' "$v: the verify"
	like "$m" '^gateway_tls_handshakes_total\{result="fail"\} 1$' "$v: the garbage handshake counted as failed"
	like "$m" '^gateway_tls_handshakes_total\{result="ok"\} [1-9][0-9]*$' "$v: good handshakes counted"
	like "$m" '^gateway_verify_duration_seconds_count 1$' "$v: one verify duration observed"
	like "$m" '^gateway_verify_duration_seconds_bucket\{le="\+Inf"\} 1$' "$v: in the histogram"
	like "$m" '^gateway_connections 1$' "$v: one open connection: this one"
	like "$m" '^gateway_connections_reading 0$' "$v: none holding part of a request (this one is answered)"
	grep '"path"' "$T/gw.log" > "$T/access.log"
	python3 -c 'import json,sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    assert set(d) >= {"ts","remote","method","path","status","bytes","ms","tls"}, d
    assert d["tls"] in ("TLSv1.2", "TLSv1.3"), d' "$T/access.log"
	ok $? "$v: every access-log line is JSON with ts, remote, method, path, status, bytes, ms, tls"
	like "$(cat "$T/access.log")" '"method":"POST","path":"/v1/policy/verify","status":200' "$v: the verify was logged"
	grep -v '"path"' "$T/gw.log" | python3 -c 'import json,sys
for line in sys.stdin: json.loads(line)'
	ok $? "$v: the other log lines are JSON too"
	stop_gateway
	is "$GW_RC" 0 "$v: exits 0 on SIGTERM"
}

for_each_variant one
done_testing
