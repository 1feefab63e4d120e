#!/bin/bash
# /v1/resolve answers through c-ares from /etc/resolv.conf and /etc/hosts:
# a dnsmasq on loopback serves a private zone inside a fresh network and
# mount namespace whose /etc/resolv.conf and /etc/hosts are bind-mounted.
# Each address carries whether the loaded policy allows it.
if [ "${GW_IN_NS:-}" != 1 ]; then
	. "$(dirname "$0")/lib.sh"
	need_root
	unshare -mn true 2> /dev/null || skip_all "unshare -mn not permitted here"
	command -v dnsmasq > /dev/null || skip_all "dnsmasq not installed"
	rm -rf "$T"
	exec unshare -mn env GW_IN_NS=1 bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"

ip link set lo up
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > "$T/resolv.conf"
printf '127.0.0.1 localhost\n::1 localhost\n192.0.2.99 hosted.test\n' > "$T/hosts"
mount --bind "$T/resolv.conf" /etc/resolv.conf && mount --bind "$T/hosts" /etc/hosts
ok $? "private /etc/resolv.conf and /etc/hosts mounted"
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
	--listen-address=127.0.0.1 --port=53 --user=root --pid-file= --log-facility=- \
	--local=/test/ --address=/svc.test/10.1.2.3 \
	--host-record=dual.test,198.51.100.7,2001:db8::7 \
	--host-record=link.test,169.254.169.254 2> "$T/dnsmasq.log" &
DNSMASQ=$!
trap 'kill $DNSMASQ 2> /dev/null; cleanup_test' EXIT
for _ in $(seq 100); do ss -lnu | grep -q '127.0.0.1:53 ' && break; sleep 0.1; done
ss -lnu | grep -q '127.0.0.1:53 '
ok $? "dnsmasq listening on 127.0.0.1:53"

make_certs
write_policy "$T/policy.yaml" dual.test 443

addrs() { # NAME: "address family allowed" lines, sorted
	gw_curl "/v1/resolve?name=$1" | python3 -c 'import json,sys
d=json.load(sys.stdin)
for a in sorted(d["addresses"], key=lambda a: a["address"]):
    print(a["address"], a["family"], str(a["allowed"]).lower())'
}

one() {
	local v=$1
	start_gateway --policy "$T/policy.yaml"
	ok $? "$v: gateway ready"
	is "$(addrs dual.test | tr '\n' ' ')" "198.51.100.7 4 true 2001:db8::7 6 true " \
		"$v: dual.test: A and AAAA from DNS, both allowed by the policy's endpoint"
	is "$(addrs svc.test | tr '\n' ' ')" "10.1.2.3 4 false " "$v: svc.test: not in the policy, not allowed"
	is "$(addrs hosted.test | tr '\n' ' ')" "192.0.2.99 4 false " "$v: hosted.test: from /etc/hosts"
	like "$(gw_curl '/v1/resolve?name=link.test')" '"why":"[^"]+' "$v: each address says why"
	is "$(gw_status '/v1/resolve?name=nx.test')" 404 "$v: an unknown name: 404"
	is "$(gw_status '/v1/resolve?name=a%20b')" 400 "$v: not a host name: 400"
	is "$(gw_status '/v1/resolve')" 400 "$v: no name: 400"
	like "$(gw_curl '/v1/resolve?name=nx.test')" '^\{"error":' "$v: errors are JSON"
	stop_gateway
	is "$GW_RC" 0 "$v: exits 0 on SIGTERM"
}

for_each_variant one
done_testing
