#!/bin/bash
# Host names the loader normalises or refuses (docs/gateway.md, "Host
# names"), through `verify`, `check` and the server: a trailing dot is the
# same host, an empty label is refused with file, line and reason, and the
# request that crashed the server (issue 22: a proposal endpoint "a.b.")
# is answered while the server keeps serving.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"

empty='network_policies: {}'
one() { printf 'network_policies:\n  p:\n    endpoints:\n      - host: "%s"\n        port: 80\n    binaries:\n      - path: /usr/bin/curl\n' "$1"; }
printf '%s\n' "$empty" > "$T/empty.yaml"

cli() {
	local v=$1 runner=$2 bin=$3 h out rc
	one a.b. > "$T/trailing.yaml"
	out=$(run_gateway "$runner" "$bin" verify --baseline "$T/empty.yaml" --proposal "$T/trailing.yaml" 2>&1)
	rc=$?
	is "$rc:$out" "0:prover: no new findings" "$v: verify: proposal host a.b. (issue 22's crash) is the host a.b"
	for h in a..b .a . "a b" "$(printf 'x%.0s' $(seq 64)).com" "a*b*c*d*e*f.com"; do
		one "$h" > "$T/bad.yaml"
		out=$(run_gateway "$runner" "$bin" verify --baseline "$T/empty.yaml" --proposal "$T/bad.yaml" 2>&1)
		rc=$?
		like "$rc:$out" "^2:gateway: $T/bad.yaml:4: host '.*' (has an empty label|has a character outside|has a label longer|has more than 4)" \
			"$v: verify: host '${h:0:12}' refused with file, line and reason"
	done
	printf 'credentials:\n  - name: c\n    target_hosts: ["api..github.com"]\n' > "$T/creds.yaml"
	out=$(run_gateway "$runner" "$bin" verify --baseline "$T/empty.yaml" --proposal "$T/trailing.yaml" --credentials "$T/creds.yaml" 2>&1)
	like "$?:$out" "^2:gateway: $T/creds.yaml:2: target_hosts: 'api..github.com' has an empty label" \
		"$v: verify: an empty label in a credential's target_hosts is refused"
	one API.GitHub.com. > "$T/upper.yaml"
	run_gateway "$runner" "$bin" check --policy "$T/upper.yaml" --host api.github.com --port 80 > /dev/null
	is "$?" 0 "$v: check: endpoint API.GitHub.com. allows api.github.com"
	one api.github.com > "$T/plain.yaml"
	run_gateway "$runner" "$bin" check --policy "$T/plain.yaml" --host api.github.com. --port 80 > /dev/null
	is "$?" 0 "$v: check: the request host api.github.com. matches api.github.com"
	run_gateway "$runner" "$bin" check --policy "$T/plain.yaml" --host Api.GitHub.COM. --port 80 > /dev/null
	is "$?" 0 "$v: check: the request host Api.GitHub.COM. matches api.github.com (names ignore case)"
	run_gateway "$runner" "$bin" check --policy "$T/plain.yaml" --host api..github.com --port 80 > /dev/null
	is "$?" 1 "$v: check: the request host api..github.com is denied"
}

server() {
	local v=$1 body
	start_gateway --policy "$T/empty.yaml" || { ok 1 "$v: gateway serves"; return; }
	body=$(python3 -c 'import json,sys; print(json.dumps({"baseline": sys.argv[1], "proposal": sys.argv[2]}))' \
		"$empty" "$(one a.b.)")
	is "$(gw_curl -H 'Content-Type: application/json' -d "$body" /v1/policy/verify)" \
		'{"findings":[],"summary":"prover: no new findings"}' "$v: POST /v1/policy/verify with host a.b.: answered"
	body=$(python3 -c 'import json,sys; print(json.dumps({"baseline": sys.argv[1], "proposal": sys.argv[2]}))' \
		"$empty" "$(one a..b)")
	like "$(gw_curl -w ' %{http_code}' -H 'Content-Type: application/json' -d "$body" /v1/policy/verify)" \
		'"error":"proposal:4: host .a\.\.b. has an empty label.* 422$' "$v: ... with host a..b: 422 naming the line"
	is "$(gw_curl /healthz)" ok "$v: ... and the server still serves"
	stop_gateway
	is "$GW_RC" 0 "$v: SIGTERM: exit 0 (the process never died)"
}

make_certs
while read -r name runner bin; do cli "$name" "$runner" "$bin"; done < <(gateway_variants)
for_each_variant server
done_testing
