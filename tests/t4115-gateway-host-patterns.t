#!/bin/bash
# Host patterns as OpenShell matches them, through `gateway check`: one label
# per position, '*' globs inside a label, a leading '**' for one or more
# labels; and the verifier's shortcut (patterns that cannot meet are left out
# of a query) never hides a finding: a proposal whose pattern meets a
# credential's only through a partial glob is still found.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"

policy() { printf 'network_policies:\n  p:\n    endpoints:\n      - host: "%s"\n        port: 443\n    binaries:\n      - path: /usr/bin/curl\n' "$1" > "$T/p.yaml"; }
expect() { # variant runner bin pattern host allow|deny
	policy "$4"
	run_gateway "$2" "$3" check --policy "$T/p.yaml" --binary /usr/bin/curl --host "$5" --port 443 > /dev/null
	got=$?; want=1; [ "$6" = allow ] && want=0
	is "$got" "$want" "$1: $4 ${6}s $5"
}
while read -r name runner bin; do
	expect "$name" "$runner" "$bin" "*.github.com" api.github.com allow
	expect "$name" "$runner" "$bin" "*.github.com" github.com deny
	expect "$name" "$runner" "$bin" "*.github.com" a.b.github.com deny
	expect "$name" "$runner" "$bin" "**.github.com" a.b.github.com allow
	expect "$name" "$runner" "$bin" "**.github.com" github.com deny
	expect "$name" "$runner" "$bin" "api-*.example.com" api-v2.example.com allow
	expect "$name" "$runner" "$bin" "api-*.example.com" api.example.com deny
	expect "$name" "$runner" "$bin" "*.s3.*.amazonaws.com" b.s3.eu-west-1.amazonaws.com allow
	expect "$name" "$runner" "$bin" "API.Example.com" api.example.com allow

	printf 'network_policies: {}\n' > "$T/empty.yaml"
	printf 'network_policies:\n  p:\n    endpoints:\n      - host: "*-v2.example.com"\n        port: 443\n        protocol: rest\n        access: read-write\n    binaries:\n      - path: /usr/bin/curl\n' > "$T/prop.yaml"
	printf 'credentials:\n  - name: c\n    target_hosts: ["api-*.example.com"]\n' > "$T/creds.yaml"
	out=$(run_gateway "$runner" "$bin" verify --baseline "$T/empty.yaml" --proposal "$T/prop.yaml" --credentials "$T/creds.yaml" --json)
	like "$out" '"host":\s*"api-[a-z0-9_-]*-v2\.example\.com"|"host":\s*"api-v2\.example\.com"' \
		"$name: *-v2 meets the credential api-* in a host such as api-v2.example.com (witness)"
done < <(gateway_variants)
done_testing
