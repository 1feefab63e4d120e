#!/bin/bash
# A proposal the solver cannot judge within the server's limit gets 503 and
# the reason, not a 500, and the gateway goes on serving: with
# --verify-timeout 1 (ms) a query over 2,000 endpoints that all overlap the
# one added cannot finish in time; with the default limit it is answered.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"

make_certs
write_policy "$T/policy.yaml" api.github.com
python3 - "$T/body.json" <<'PY'
import json, sys
# 2,000 endpoints on one network, a port each; the proposal adds every port:
# what it adds is one query over all 2,000 (none can be left out).
def policy(extra):
    eps = "".join(f"      - allowed_ips: [\"10.0.0.0/8\"]\n        port: {1000 + i}\n" for i in range(2000))
    if extra:
        eps += "      - allowed_ips: [\"10.0.0.0/8\"]\n        ports: [\"1-65535\"]\n"
    return "network_policies:\n  p:\n    name: p\n    endpoints:\n" + eps + "    binaries:\n      - path: /usr/bin/curl\n"
json.dump({"baseline": policy(False), "proposal": policy(True)}, open(sys.argv[1], "w"))
PY

one() {
	local v=$1
	start_gateway --policy "$T/policy.yaml" --verify-timeout 1 --max-body 4194304
	ok $? "$v: gateway ready"
	out=$(gw_curl -w '\n%{http_code}' --data-binary @"$T/body.json" /v1/policy/verify)
	is "${out##*$'\n'}" 503 "$v: a verify the solver cannot finish in time is 503"
	like "${out%$'\n'*}" '"error":"the solver gave up on .*\((timeout|canceled)\)' "$v: ... saying which query and why"
	is "$(gw_curl /healthz)" ok "$v: and the gateway goes on serving"
	like "$(metric 'gateway_requests_total{route="verify",status="503"}')" '^1$' "$v: counted as a 503"
	stop_gateway
	start_gateway --policy "$T/policy.yaml" --max-body 4194304
	out=$(gw_curl -w '\n%{http_code}' --data-binary @"$T/body.json" /v1/policy/verify)
	is "${out##*$'\n'}" 200 "$v: with the default limit (10 s a query) the same proposal is judged"
	like "${out%$'\n'*}" 'private_network_reach' "$v: ... and its finding reported"
	stop_gateway
}

# The limit is the same code on aarch64; under qemu the 2,000 endpoints only take longer.
GATEWAY_VARIANTS=$(gateway_variants | grep -v aarch64) for_each_variant one
done_testing
