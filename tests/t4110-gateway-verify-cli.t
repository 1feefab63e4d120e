#!/bin/bash
# The verifier and evaluator from the command line: bad input is exit 2 with
# the file and line, --json is JSON, --explain prints the SMT query, `check`
# answers allow (0) or deny (1), --version names the pinned libraries.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"

pin() { sed -n "s/^$1_VERSION *:= *//p" "$TOP"/recipes/$1.mk "$TOP"/toolchain/$1.mk 2>/dev/null; }

cat > "$T/good.yaml" <<'Y'
version: 1
network_policies:
  github:
    name: github
    endpoints:
      - host: api.github.com
        port: 443
        protocol: rest
        rules:
          - allow: {method: GET, path: "/repos/*"}
      - host: svc.internal
        port: 8080
        allowed_ips: [169.254.0.0/16]
    binaries:
      - path: /usr/bin/curl
Y
printf 'network_policies:\n  github:\n    endpoints:\n      - host: [unclosed\n' > "$T/malformed.yaml"
printf 'network_policies:\n  github:\n    endpoints: "not a list"\n' > "$T/shape.yaml"
printf 'network_policies:\n  x:\n    endpoints:\n      - host: a.example\n        port: 443\n        allowed_ips: [10.0.0.0/33]\n' > "$T/cidr.yaml"
printf 'network_policies: {}\n' > "$T/empty.yaml"

while read -r name runner bin; do
	gw() { run_gateway "$runner" "$bin" "$@"; }
	out=$(gw verify --baseline "$T/malformed.yaml" --proposal "$T/good.yaml" 2>&1); rc=$?
	is "$rc" 2 "$name: malformed YAML is exit 2"
	like "$out" "malformed.yaml.*line [0-9]+" "$name: ... naming the file and line"
	out=$(gw verify --baseline "$T/empty.yaml" --proposal "$T/shape.yaml" 2>&1); rc=$?
	is "$rc" 2 "$name: a key of the wrong shape is exit 2"
	like "$out" "shape.yaml:3: endpoints: expected a list" "$name: ... with its line"
	out=$(gw verify --baseline "$T/empty.yaml" --proposal "$T/cidr.yaml" 2>&1); rc=$?
	is "$rc" 2 "$name: a bad CIDR is exit 2"
	like "$out" "10.0.0.0/33" "$name: ... naming it"
	out=$(gw verify --baseline "$T/missing.yaml" --proposal "$T/good.yaml" 2>&1); rc=$?
	is "$rc" 2 "$name: a missing file is exit 2"
	out=$(gw verify --baseline "$T/empty.yaml" 2>&1); rc=$?
	is "$rc" 2 "$name: a missing --proposal is exit 2"

	gw verify --baseline "$T/empty.yaml" --proposal "$T/good.yaml" --json > "$T/out.json"; rc=$?
	is "$rc" 1 "$name: findings are exit 1"
	got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["summary"], [f["category"] for f in d["findings"]])' "$T/out.json")
	is "$got" "prover: 1 new finding ['link_local_reach']" "$name: --json is JSON with the summary and categories"
	out=$(gw verify --baseline "$T/empty.yaml" --proposal "$T/good.yaml" --explain)
	like "$out" "declare-fun addr4 \(\) \(_ BitVec 32\)" "$name: --explain prints the SMT query (addresses as bit-vectors)"
	like "$out" "check-sat" "$name: ... ready for a solver"

	gw check --policy "$T/good.yaml" --binary /usr/bin/curl --host api.github.com --port 443 --method GET --path /repos/x > /dev/null
	is "$?" 0 "$name: check: GET /repos/x is allowed (exit 0)"
	gw check --policy "$T/good.yaml" --binary /usr/bin/curl --host api.github.com --port 443 --method POST > /dev/null
	is "$?" 1 "$name: check: POST is denied (exit 1)"
	gw check --policy "$T/good.yaml" --binary /usr/bin/curl --host api.github.com --port 443 --method GET --path /orgs/x > /dev/null
	is "$?" 1 "$name: check: a path no rule allows is denied"
	gw check --policy "$T/good.yaml" --binary /usr/bin/wget --host api.github.com --port 443 --method GET > /dev/null
	is "$?" 1 "$name: check: a binary the policy does not name is denied"
	gw check --policy "$T/good.yaml" --binary /usr/bin/curl --host svc.internal --addr 169.254.10.10 --port 8080 > /dev/null
	is "$?" 0 "$name: check: an address inside allowed_ips is allowed"
	gw check --policy "$T/good.yaml" --binary /usr/bin/curl --host api.github.com --addr 10.1.1.1 --port 443 --method GET > /dev/null
	is "$?" 1 "$name: check: a name resolving to a private address without allowed_ips is denied"

	v=$(gw --version)
	is "$(echo "$v" | head -n 1)" "gateway $(git -C "$TOP" describe --tags --always --dirty)" "$name: --version: the release version (git describe)"
	if [ "${name%%-*}" = glibc ]; then
		like "$v" "libc: glibc [0-9.]+" "$name: --version names glibc"
	else
		like "$v" "libc: musl $(pin musl)" "$name: --version names musl $(pin musl)"
	fi
	for lib in z3 mbedtls c-ares libyaml cjson; do
		like "$v" "$lib: $(pin $lib)\$" "$name: --version: $lib $(pin $lib), the pinned version"
	done
done < <(gateway_variants)
done_testing
