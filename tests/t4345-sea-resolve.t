#!/bin/bash
# The native module's two lookup paths from inside the SEA: c-ares against
# a local dnsmasq answering for sea.test (A and AAAA, per family, a refused
# name), and libc's getaddrinfo with its flags and families; and httpsGet's
# report of a refused connection.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sea-lib.sh"
need_sea_inject
command -v dnsmasq > /dev/null || skip_all "dnsmasq not installed"

PORT=$(free_port)
CLOSED=$(free_port)
dnsmasq -k --port="$PORT" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
	--pid-file= --conf-file=/dev/null --address=/sea.test/10.1.2.3 --address=/sea.test/fd00::5 \
	> "$T/dnsmasq.log" 2>&1 &
DNS=$!
trap 'kill $DNS 2> /dev/null; cleanup_test' EXIT
for _ in $(seq 200); do
	ss -lnu | grep -q "127.0.0.1:$PORT " && break
	kill -0 $DNS 2> /dev/null || break
	sleep 0.05
done
ss -lnu | grep -q "127.0.0.1:$PORT "
ok $? "dnsmasq listens on 127.0.0.1:$PORT"

cat > "$T/resolve.js" <<JS
import * as native from "native";
const s = "127.0.0.1:$PORT";
const addrs = r => r.ok ? r.addresses.map(a => a.address).join(" ") : "error: " + r.error;
const lines = [
    addrs(native.aresLookup("sea.test", { servers: s })),
    addrs(native.aresLookup("sea.test", { servers: s, family: "inet" })),
    addrs(native.aresLookup("sea.test", { servers: s, family: "inet6" })),
    addrs(native.aresLookup("other.invalid", { servers: s, timeoutMs: 1000 })),
    native.aresLookup("sea.test", { servers: s }).servers,
    addrs(native.getaddrinfo("127.0.0.1", { flags: ["AI_NUMERICHOST"] })),
    native.getaddrinfo("localhost", { flags: ["AI_NUMERICHOST"] }).ok,
    addrs(native.getaddrinfo("localhost", { family: "inet" })),
    addrs(native.getaddrinfo("127.0.0.1", { family: "inet6", flags: ["AI_V4MAPPED"] })),
    native.getaddrinfo("localhost", { flags: ["AI_CANONNAME"] }).canonname,
];
try { native.getaddrinfo("localhost", { flags: ["AI_BOGUS"] }); lines.push("no throw"); }
catch (e) { lines.push(e.name + ": " + e.message); }
const h = native.httpsGet("https://127.0.0.1:$CLOSED/", { timeoutMs: 2000 });
lines.push(h.ok + " " + h.error);
console.log(lines.join("\\n"));
JS

while read -r name runner rt arch prefix; do
	[ -x "$rt" ] || { ok 1 "$name: runtime built ($rt)"; continue; }
	sea_inject --arch "$arch" "$rt" "$T/resolve.js" -o "$T/$name-resolve" || { ok 1 "$name: injected"; continue; }
	out=$(run_sea "$runner" "$T/$name-resolve" 2>&1)
	line() { printf '%s\n' "$out" | sed -n "${1}p"; }
	is "$(line 1)" "10.1.2.3 fd00::5" "$name: c-ares asks the given server: A and AAAA"
	is "$(line 2)" "10.1.2.3" "$name: c-ares, family inet"
	is "$(line 3)" "fd00::5" "$name: c-ares, family inet6"
	like "$(line 4)" "^error: " "$name: c-ares reports a failed lookup as an error, not a throw"
	is "$(line 5)" "127.0.0.1:$PORT" "$name: c-ares reports the servers it used"
	is "$(line 6)" "127.0.0.1" "$name: getaddrinfo AI_NUMERICHOST takes an address"
	is "$(line 7)" "false" "$name: getaddrinfo AI_NUMERICHOST refuses a name"
	is "$(line 8)" "127.0.0.1" "$name: getaddrinfo family inet"
	is "$(line 9)" "::ffff:127.0.0.1" "$name: getaddrinfo family inet6 with AI_V4MAPPED"
	is "$(line 10)" "localhost" "$name: getaddrinfo AI_CANONNAME"
	is "$(line 11)" "TypeError: getaddrinfo: unknown flag AI_BOGUS" "$name: an unknown flag is a TypeError"
	is "$(line 12)" "false connect 127.0.0.1:$CLOSED: Connection refused" "$name: httpsGet reports a refused connection"
done <<EOF2
$(sea_variants)
EOF2
done_testing
