#!/bin/bash
# The failure actions: nxdomain and nodata with the SOA in authority,
# servfail, refused, no rule (REFUSED), drop (no reply at all, over UDP or
# TCP), and delay: the answer comes no sooner than asked and holds up no
# other query, over UDP or on the same TCP connection.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/testdns-lib.sh"
build_testdns

cat > "$T/zone" <<'Z'
nx.example.test * nxdomain
nd.example.test * nodata
sf.example.test * servfail
rf.example.test * refused
drop.example.test * drop
slow.example.test A delay 1500 10.0.0.5
fast.example.test A answer 10.0.0.6
alias-nx.example.test CNAME answer nx.example.test
*.example.test AAAA nodata
Z
start_testdns "$T/zone"

soa='example\.test\.[[:space:]]+60[[:space:]]+IN[[:space:]]+SOA[[:space:]]+ns\.example\.test\. hostmaster\.example\.test\. 1 3600 600 86400 60'
for p in "" +tcp; do
	out=$(dq $p nx.example.test)
	is "$(status_of "$out") $(count_of "$out" ANSWER) $(count_of "$out" AUTHORITY)" "NXDOMAIN 0 1" "nxdomain ${p:-udp}: NXDOMAIN, the SOA in authority"
	like "$out" "$soa" "the SOA names the parent zone, minimum 60"
	out=$(dq $p nd.example.test AAAA)
	is "$(status_of "$out") $(count_of "$out" ANSWER) $(count_of "$out" AUTHORITY)" "NOERROR 0 1" "nodata ${p:-udp}: NOERROR, no answer, the SOA"
	is "$(flags_of "$out")" "qr aa rd ra" "authoritative"
	out=$(dq $p sf.example.test)
	is "$(status_of "$out") $(count_of "$out" ANSWER)" "SERVFAIL 0" "servfail ${p:-udp}"
	out=$(dq $p rf.example.test)
	is "$(status_of "$out") $(count_of "$out" ANSWER)" "REFUSED 0" "refused ${p:-udp}"
	out=$(dq $p nomatch.test)
	is "$(status_of "$out") $(count_of "$out" ANSWER)" "REFUSED 0" "no matching rule ${p:-udp}: REFUSED"
	out=$(dq $p drop.example.test); rc=$?
	like "$out" "timed out" "drop ${p:-udp}: no reply, dig times out"
done
is "$(status_of "$(dq fast.example.test AAAA)")" NOERROR "type rules are per type: AAAA falls through to the *.suffix rule"
out=$(dq alias-nx.example.test)
is "$(status_of "$out") $(count_of "$out" ANSWER) $(count_of "$out" AUTHORITY)" "NXDOMAIN 1 1" \
	"a CNAME to an nxdomain name: NXDOMAIN with the CNAME"

# delay: send the slow query, then the fast one; the fast answer arrives
# first and the slow one no sooner than its 1500 ms.
out=$(python3 - "$DNS_PORT" <<'P'
import sys, time, socket, dnsmsg
port = int(sys.argv[1])
s = dnsmsg.udp_socket(port, timeout=10)
t0 = time.monotonic()
s.send(dnsmsg.query("slow.example.test", qid=1))
s.send(dnsmsg.query("fast.example.test", qid=2))
first = dnsmsg.header(s.recv(512))["id"]
second = dnsmsg.header(s.recv(512))["id"]
late = time.monotonic() - t0 >= 1.5
print("udp", first, second, "late" if late else "early")
c = dnsmsg.tcp_connect(port, timeout=10)
t0 = time.monotonic()
c.sendall(dnsmsg.tcp_frame(dnsmsg.query("slow.example.test", qid=3)) +
          dnsmsg.tcp_frame(dnsmsg.query("fast.example.test", qid=4)))
first = dnsmsg.header(dnsmsg.tcp_read(c))["id"]
r = dnsmsg.tcp_read(c)
second = dnsmsg.header(r)["id"]
late = time.monotonic() - t0 >= 1.5
print("tcp", first, second, "late" if late else "early", r[-4:].hex())
P
)
is "$(echo "$out" | head -n 1)" "udp 2 1 late" "delay over UDP: the other query is answered first, the delayed one after its delay"
is "$(echo "$out" | tail -n 1)" "tcp 4 3 late 0a000005" "delay over TCP: answers out of order on one connection, the delayed one with its data"

# A client that closes its connection before the delayed answer.
python3 - "$DNS_PORT" <<'P'
import sys, dnsmsg
c = dnsmsg.tcp_connect(int(sys.argv[1]))
c.sendall(dnsmsg.tcp_frame(dnsmsg.query("slow.example.test", qid=5)))
c.close()
P
is "$(dig @127.0.0.1 -p "$DNS_PORT" +time=3 +tries=1 +short slow.example.test)" 10.0.0.5 \
	"a delayed answer to a connection already closed is dropped; the server goes on"
kill -0 "$DNS_PID" 2> /dev/null
ok $? "the server is still running"
stop_testdns
is "$DNS_RC" 0 "SIGTERM: exit 0"
done_testing
