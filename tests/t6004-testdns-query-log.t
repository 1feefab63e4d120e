#!/bin/bash
# The query log: one line per question received, `PROTO NAME TYPE`, the name
# lowercased and escaped so a line is always one question; written as it
# happens (readable while the server runs), for answered, dropped and
# delayed queries alike, appended to what the file held.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/testdns-lib.sh"
build_testdns

cat > "$T/zone" <<'Z'
www.example.test A answer 10.0.0.1
drop.example.test * drop
nx.example.test * nxdomain
Z
echo "earlier line" > "$T/query.log"
start_testdns "$T/zone"

dq +short WWW.Example.Test > /dev/null
dq +tcp +short www.example.test AAAA > /dev/null
dq drop.example.test MX > /dev/null
dq nx.example.test TXT > /dev/null
dq www.example.test -t TYPE65 > /dev/null
dq nomatch.test SOA > /dev/null
dq . NS > /dev/null
python3 - "$DNS_PORT" <<'P'
import sys, dnsmsg
port = int(sys.argv[1])
# Bytes that would break a line or a field: newline, space, dot, backslash.
dnsmsg.udp_ask(port, dnsmsg.query([b"a\nb c", b"d\\e.f", b"TEST"], "A"), timeout=1)
# A query with no question to log, and one that is FORMERR.
dnsmsg.udp_ask(port, dnsmsg.query("x.test")[:12], timeout=1)
dnsmsg.udp_ask(port, dnsmsg.query("x.test")[:12] + b"\xc0\x0c\0\1\0\1", timeout=1)
P
is "$(cat "$T/query.log")" 'earlier line
udp www.example.test A
tcp www.example.test AAAA
udp drop.example.test MX
udp nx.example.test TXT
udp www.example.test TYPE65
udp nomatch.test SOA
udp . NS
udp a\010b\032c.d\092e\046f.test A' "one line per question, logged while the server runs, appended"
stop_testdns
is "$DNS_RC" 0 "SIGTERM: exit 0"

# -q - writes the log to stdout; without -q nothing is logged.
printf 'www.example.test A answer 10.0.0.1\n' > "$T/zone2"
DNS_PORT=$(dns_port)
rm -f "$T/ready"
"$TESTDNS" -z "$T/zone2" -q - -r "$T/ready" "127.0.0.1:$DNS_PORT" > "$T/stdout" 2> "$T/testdns.err" &
DNS_PID=$!
for _ in $(seq 400); do [ -s "$T/ready" ] && break; sleep 0.025; done
dq +short www.example.test > /dev/null
stop_testdns
is "$(cat "$T/stdout")" "udp www.example.test A" "-q - logs to stdout"
done_testing
