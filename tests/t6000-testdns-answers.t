#!/bin/bash
# testdns answers A, AAAA, TXT, CNAME and MX rules the way a real server
# does: ranges, wildcards, first match wins, case-insensitive names, the
# question, id and RD echoed, AA and RA set, the owner a pointer to the
# question, and the same on several addresses at once.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/testdns-lib.sh"
build_testdns

cat > "$T/zone" <<'Z'
# first match wins: the second www rule is never used
www.example.test A answer 10.0.0.1
www.example.test A answer 10.9.9.9
www.example.test AAAA answer 2001:db8::1
range.example.test A answer 10.0.0.250+10
range.example.test AAAA answer 2001:db8::fffe+3
two.example.test A answer 10.0.0.1 192.0.2.1+2
txt.example.test TXT answer "hello world # not a comment" two  # a comment
mx.example.test MX answer 5:mail.example.test mail2.example.test
alias.example.test CNAME answer alias2.example.test
alias2.example.test CNAME answer www.example.test
loop.example.test CNAME answer loop.example.test
*.wild.example.test A answer 192.0.2.7
empty.example.test * answer
Z
start_testdns "$T/zone"

is "$(answers www.example.test)" "www.example.test. A 10.0.0.1" "A: the first matching rule answers"
is "$(answers www.example.test AAAA)" "www.example.test. AAAA 2001:db8::1" "AAAA"
is "$(answers range.example.test | awk '{print $3}' | tr '\n' ' ')" \
	"10.0.0.250 10.0.0.251 10.0.0.252 10.0.0.253 10.0.0.254 10.0.0.255 10.0.1.0 10.0.1.1 10.0.1.2 10.0.1.3 " \
	"an A range ADDR+N gives N consecutive addresses, across an octet"
is "$(answers range.example.test AAAA | awk '{print $3}' | tr '\n' ' ')" \
	"2001:db8::fffe 2001:db8::ffff 2001:db8::1:0 " "an AAAA range carries into the next group"
is "$(answers two.example.test | awk '{print $3}' | tr '\n' ' ')" "10.0.0.1 192.0.2.1 192.0.2.2 " \
	"one record per DATA word, in order"
is "$(answers txt.example.test TXT)" "txt.example.test. TXT \"hello world # not a comment\"
txt.example.test. TXT \"two\"" "TXT: a quoted string keeps spaces and '#'"
is "$(answers mx.example.test MX)" "mx.example.test. MX 5 mail.example.test.
mx.example.test. MX 10 mail2.example.test." "MX: PREF:NAME, preference 10 by default"
is "$(answers alias.example.test)" "alias.example.test. CNAME alias2.example.test.
alias2.example.test. CNAME www.example.test.
www.example.test. A 10.0.0.1" "a CNAME is followed through the zone for an A query"
is "$(answers alias.example.test AAAA | tail -n 1)" "www.example.test. AAAA 2001:db8::1" "and for AAAA"
is "$(answers alias.example.test CNAME)" "alias.example.test. CNAME alias2.example.test." \
	"a CNAME query gets only the CNAME"
out=$(dq loop.example.test)
is "$(status_of "$out")" NOERROR "a CNAME loop ends (bounded chain)"
is "$(count_of "$out" ANSWER)" 9 "after 8 links followed"
is "$(answers a.b.wild.example.test)" "a.b.wild.example.test. A 192.0.2.7" "*.suffix matches names below the suffix"
is "$(status_of "$(dq wild.example.test)")" REFUSED "but not the suffix itself"
out=$(dq EMPTY.example.test MX)
is "$(status_of "$out") $(count_of "$out" ANSWER) $(count_of "$out" AUTHORITY)" "NOERROR 0 1" \
	"TYPE * answer with no data: an empty answer with the SOA"
is "$(status_of "$(dq www.example.test TXT)")" REFUSED "a type no rule has: REFUSED"

out=$(dq WwW.ExAmPlE.TeSt)
like "$out" "^;WwW\.ExAmPlE\.TeSt\.[[:space:]]+IN[[:space:]]+A$" "names match case-insensitively; the question is echoed as sent"
like "$out" "WwW\.ExAmPlE\.TeSt\.[[:space:]]+60[[:space:]]+IN[[:space:]]+A[[:space:]]+10\.0\.0\.1" "TTL 60"
is "$(flags_of "$out")" "qr aa rd ra" "flags: QR, AA, RD echoed, RA"
is "$(flags_of "$(dq +norecurse www.example.test)")" "qr aa ra" "RD clear in the query stays clear"
out=$(dq +tcp www.example.test)
is "$(status_of "$out") $(count_of "$out" ANSWER)" "NOERROR 1" "the same over TCP"

# The wire form: id echoed, answer owner a pointer to the question name.
out=$(python3 - "$DNS_PORT" <<'P'
import sys, dnsmsg
r = dnsmsg.udp_ask(int(sys.argv[1]), dnsmsg.query("www.example.test", qid=0xbeef))
h = dnsmsg.header(r)
q_end = 12 + len(dnsmsg.name_wire("www.example.test")) + 4
print("%04x %s" % (h["id"], r[q_end:q_end + 2].hex()))
P
)
is "$out" "beef c00c" "the id is echoed and the answer's owner is a pointer to offset 12"

stop_testdns
is "$DNS_RC" 0 "SIGTERM: exit 0"
ok $([ ! -e "$T/ready" ]; echo $?) "the ready file is removed on exit"

# Several addresses per process: UDP and TCP on each.
DNS_PORT=$(dns_port)
start_testdns "$T/zone" "127.0.0.1:$DNS_PORT" "127.0.0.2:$DNS_PORT"
for a in 127.0.0.1 127.0.0.2; do
	is "$(dig @$a -p "$DNS_PORT" +time=1 +tries=1 +short www.example.test)" 10.0.0.1 "$a answers over UDP"
	is "$(dig @$a -p "$DNS_PORT" +time=1 +tries=1 +tcp +short www.example.test)" 10.0.0.1 "$a answers over TCP"
done
is "$(cat "$T/ready")" "$DNS_PID" "the ready file holds the pid"
stop_testdns
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2> /dev/null; then
	DNS_PORT=$(dns_port)
	start_testdns "$T/zone" "[::1]:$DNS_PORT"
	is "$(dig @::1 -p "$DNS_PORT" +time=1 +tries=1 +short www.example.test)" 10.0.0.1 "[::1]:PORT answers over UDP"
	is "$(dig @::1 -p "$DNS_PORT" +time=1 +tries=1 +tcp +short www.example.test)" 10.0.0.1 "and TCP"
	stop_testdns
else
	skip "no IPv6 loopback"
	skip "no IPv6 loopback"
fi
done_testing
