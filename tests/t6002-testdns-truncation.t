#!/bin/bash
# Over UDP an answer bigger than 512 bytes (no EDNS) goes out with TC set and
# as many whole records as fit; the `truncate` action sets TC with an empty
# answer. dig retries those over TCP and gets the full answer.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/testdns-lib.sh"
build_testdns

cat > "$T/zone" <<'Z'
many.example.test A answer 10.0.0.1+40
fit.example.test A answer 10.0.0.1+29
over.example.test A answer 10.0.0.1+30
tc.example.test A truncate 10.0.0.6
big.example.test AAAA answer 2001:db8::1+4000
Z
start_testdns "$T/zone"

# 12 header + 22 question ("fit.example.test") + 29 * 16 = 498 <= 512 < 514.
out=$(dq +ignore fit.example.test)
is "$(flags_of "$out") $(count_of "$out" ANSWER)" "qr aa rd ra 29" "29 A records fit in 512 bytes: no TC"
out=$(dq +ignore over.example.test)
is "$(flags_of "$out") $(count_of "$out" ANSWER)" "qr aa tc rd ra 29" "30 do not: TC with the 29 whole records that fit"
out=$(dq +ignore many.example.test)
is "$(flags_of "$out") $(count_of "$out" ANSWER)" "qr aa tc rd ra 29" "40 A records over UDP: TC, 29 whole records"
is "$(printf '%s\n' "$out" | awk '$4 == "A" {print $5}' | tail -n 1)" 10.0.0.29 "the records kept are the first ones, in order"

python3 - "$DNS_PORT" > "$T/size" <<'P'
import sys, dnsmsg
r = dnsmsg.udp_ask(int(sys.argv[1]), dnsmsg.query("many.example.test"))
print(len(r), dnsmsg.header(r)["an"])
P
is "$(cat "$T/size")" "499 29" "the datagram is at most 512 bytes and ends after the last whole record"

: > "$T/query.log"
is "$(answers many.example.test | wc -l)" 40 "dig retries the truncated answer over TCP and gets all 40"
is "$(cat "$T/query.log")" "udp many.example.test A
tcp many.example.test A" "the retry went over TCP"
is "$(answers +tcp many.example.test | awk '{print $3}' | tail -n 1)" 10.0.0.40 "over TCP the whole range, last 10.0.0.40"

out=$(dq +ignore tc.example.test)
is "$(status_of "$out") $(flags_of "$out") $(count_of "$out" ANSWER)" "NOERROR qr aa tc rd ra 0" \
	"truncate over UDP: TC set, empty answer"
: > "$T/query.log"
is "$(answers tc.example.test)" "tc.example.test. A 10.0.0.6" "dig retries over TCP and gets the answer"
is "$(cat "$T/query.log")" "udp tc.example.test A
tcp tc.example.test A" "first UDP, then TCP"
out=$(dq +tcp tc.example.test)
is "$(flags_of "$out") $(count_of "$out" ANSWER)" "qr aa rd ra 1" "truncate over TCP: the full answer, no TC"

# 4000 AAAA records (112 kB) cannot fit a TCP message either: TC there too,
# with whole records up to 65535 bytes.
python3 - "$DNS_PORT" > "$T/big" <<'P'
import sys, dnsmsg
c = dnsmsg.tcp_connect(int(sys.argv[1]))
c.sendall(dnsmsg.tcp_frame(dnsmsg.query("big.example.test", "AAAA")))
r = dnsmsg.tcp_read(c)
h = dnsmsg.header(r)
print(len(r) <= 65535, h["tc"], h["an"], (len(r) - 12 - 22) == 28 * h["an"])
P
is "$(cat "$T/big")" "True 1 2339 True" "over TCP an answer over 65535 bytes is cut at a whole record, TC set"

stop_testdns
is "$DNS_RC" 0 "SIGTERM: exit 0"
done_testing
