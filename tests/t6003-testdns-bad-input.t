#!/bin/bash
# A bad zone line stops testdns at start with exit 2 and FILE:LINE: what is
# wrong. Hostile packets (noise, damaged queries, compression pointers,
# lying lengths, over UDP and TCP) get FORMERR, NOTIMP or nothing, and the
# server keeps serving.
# Against the sanitizer build (make test builds it), so a memory error the
# hostile input provokes is a failure, not a silent pass.
. "$(dirname "$0")/lib.sh"
TESTDNS=${TESTDNS:-$OUT/host/bin/testdns-asan}
. "$TOP/tests/testdns-lib.sh"
build_testdns
[ -x "$TESTDNS" ] || { ok 1 "the server to test is built: $TESTDNS (make testdns-asan)"; done_testing; }

bad() { # bad LINE EXPECTED-MESSAGE: the zone "# ok\nLINE" is refused
	printf '# a comment\n\nok.test A answer 10.0.0.1\n%s\n' "$1" > "$T/bad.zone"
	# timeout: a line wrongly accepted fails the test instead of serving on.
	timeout 10 "$TESTDNS" -z "$T/bad.zone" -r "$T/bad.ready" 127.0.0.1:1 > /dev/null 2> "$T/bad.err"
	rc=$?
	is "$rc $(cat "$T/bad.err")" "2 testdns: $T/bad.zone:4: $2" "refused: $1"
}
bad 'x.test A' 'want NAME TYPE ACTION [ARG...]'
bad 'x.test SRV answer 1' "unknown type 'SRV' (want A, AAAA, TXT, CNAME, MX or *)"
bad 'x.test A reply 10.0.0.1' "unknown action 'reply' (want answer, truncate, nxdomain, nodata, servfail, refused, drop or delay)"
bad 'x.test A answer' 'answer needs at least one DATA'
bad 'x.test A answer 10.0.0.256' "bad IPv4 address '10.0.0.256'"
bad 'x.test AAAA answer 10.0.0.1' "bad IPv6 address '10.0.0.1'"
bad 'x.test A answer 10.0.0.1+0' "count 0 in '10.0.0.1+0'"
bad 'x.test A answer 10.0.0.1+x' "bad count in '10.0.0.1+x' (want ADDR+N, N from 1 to 4096)"
bad 'x.test A answer 255.255.255.250+7' "range '255.255.255.250+7' runs past the last address"
bad 'x.test A answer 10.0.0.1+4000 10.0.1.1+97' 'more than 4096 records in one rule'
bad 'x.test. A answer 10.0.0.1' "name 'x.test.' ends with a dot (write names without it)"
bad 'x..test A answer 10.0.0.1' "empty label in name 'x..test'"
bad 'x/y.test A answer 10.0.0.1' "bad character '/' in name 'x/y.test'"
bad 'a.*.test A answer 10.0.0.1' "'*' is only a whole name or a first label '*.'"
bad "$(printf 'a%.0s' $(seq 64)).test A answer 10.0.0.1" "label longer than 63 characters in name '$(printf 'a%.0s' $(seq 64)).test'"
bad 'x.test CNAME answer a.test b.test' 'a name has one CNAME, not 2'
bad 'x.test * answer 10.0.0.1' 'type * takes no data (its answer is empty)'
bad 'x.test A nxdomain 10.0.0.1' 'nxdomain takes no data'
bad 'x.test A delay 10.0.0.1' 'delay needs milliseconds from 0 to 60000 first'
bad 'x.test A delay 60001 10.0.0.1' 'delay needs milliseconds from 0 to 60000 first'
bad 'x.test TXT answer "open' 'unterminated quoted string'
bad "x.test TXT answer \"$(printf 'a%.0s' $(seq 256))\"" 'TXT string longer than 255 bytes'
bad 'x.test A answer "10.0.0.1"' 'quoted data is only for TXT'
bad 'x.test MX answer 70000:mail.test' "bad MX preference in '70000:mail.test'"
"$TESTDNS" -z "$T/nonexistent" 127.0.0.1:1 2> "$T/err"; rc=$?
is "$rc $(cat "$T/err")" "2 testdns: $T/nonexistent: No such file or directory" "a missing zone file: exit 2, named"
"$TESTDNS" -z "$T/bad.zone" 2> /dev/null; is $? 2 "no address: usage error, exit 2"
printf 'ok.test A answer 10.0.0.1\n' > "$T/zone"
"$TESTDNS" -z "$T/zone" 127.0.0.1:99999 2> "$T/err"; rc=$?
is "$rc $(head -n 1 "$T/err")" "2 testdns: bad address '127.0.0.1:99999' (want ADDR, ADDR:PORT or [ADDR6]:PORT)" "a bad address: exit 2"
ok $([ ! -e "$T/bad.ready" ]; echo $?) "no ready file after a refused start"

cat > "$T/zone" <<'Z'
www.example.test A answer 10.0.0.1
many.example.test A answer 10.0.0.1+40
alias.example.test CNAME answer www.example.test
slow.example.test A delay 200 10.0.0.5
Z
start_testdns "$T/zone"

# Each crafted query: expected rcode, or "none" for no reply.
python3 - "$DNS_PORT" > "$T/crafted" <<'P'
import sys, struct, dnsmsg
port = int(sys.argv[1])
q = dnsmsg.query("www.example.test")
hdr = q[:12]
cases = [
    ("short header", q[:11]),
    ("a response (QR set)", bytes([q[0], q[1], q[2] | 0x80]) + q[3:]),
    ("two questions", hdr[:4] + b"\0\2" + hdr[6:] + q[12:] + q[12:]),
    ("no question", hdr[:4] + b"\0\0" + hdr[6:]),
    ("pointer to itself", hdr + b"\xc0\x0c\0\1\0\1"),
    ("pointer after a label", hdr + b"\3www\xc0\x0c\0\1\0\1"),
    ("pointer past the end", hdr + b"\xff\xff\0\1\0\1"),
    ("label type 0x40", hdr + b"\x41" + b"a" * 65 + b"\0\0\1\0\1"),
    ("pointer with bytes after", hdr + b"\xc0" + b"a" * 192 + b"\0\0\1\0\1"),
    ("label past the end", hdr + b"\x3fabc"),
    ("no terminating zero", hdr + b"\3www"),
    ("no type and class", hdr + b"\3www\0\0"),
    ("name over 255 octets", hdr + (b"\x3f" + b"a" * 63) * 4 + b"\0\0\1\0\1"),
    ("opcode STATUS", bytes([q[0], q[1], (2 << 3) | 1]) + q[3:]),
    ("class CH", q[:-2] + b"\0\3"),
    ("trailing garbage", q + b"\xff" * 40),
]
for name, msg in cases:
    r = dnsmsg.udp_ask(port, msg, timeout=0.5)
    if r is None:
        print(name, "none")
        continue
    h = dnsmsg.header(r)
    ok_id = h["id"] == struct.unpack(">H", msg[:2])[0]
    print(name, {0: "NOERROR", 1: "FORMERR", 4: "NOTIMP", 5: "REFUSED"}.get(h["rcode"], h["rcode"]),
          "qd=%d" % h["qd"], "id-ok" if ok_id else "id-bad")
P
is "$(cat "$T/crafted")" "short header none
a response (QR set) none
two questions FORMERR qd=0 id-ok
no question FORMERR qd=0 id-ok
pointer to itself FORMERR qd=0 id-ok
pointer after a label FORMERR qd=0 id-ok
pointer past the end FORMERR qd=0 id-ok
label type 0x40 FORMERR qd=0 id-ok
pointer with bytes after FORMERR qd=0 id-ok
label past the end FORMERR qd=0 id-ok
no terminating zero FORMERR qd=0 id-ok
no type and class FORMERR qd=0 id-ok
name over 255 octets FORMERR qd=0 id-ok
opcode STATUS NOTIMP qd=0 id-ok
class CH REFUSED qd=1 id-ok
trailing garbage NOERROR qd=1 id-ok" "crafted queries: FORMERR, NOTIMP, REFUSED or no reply, as a server should"

# Noise and damaged queries, 3000 over UDP and 300 TCP connections with
# random framing; then the server must still answer.
python3 - "$DNS_PORT" <<'P'
import sys, socket, struct, dnsmsg
port = int(sys.argv[1])
rng = dnsmsg.rng(6003)
valid = [dnsmsg.query(n, t) for n in ("www.example.test", "many.example.test",
         "alias.example.test", "slow.example.test") for t in ("A", "AAAA", "MX")]
u = dnsmsg.udp_socket(port, timeout=0)
for i in range(3000):
    try:
        u.send(dnsmsg.garbage(rng, rng.choice(valid)))
    except OSError:
        pass
    try:        # keep our receive buffer from filling
        while True:
            u.recv(65535)
    except OSError:
        pass
for i in range(300):
    try:
        c = dnsmsg.tcp_connect(port, timeout=0.5)
        kind = i % 5
        m = dnsmsg.garbage(rng, rng.choice(valid))
        if kind == 0:
            c.sendall(struct.pack(">H", rng.randrange(65536)) + m)
        elif kind == 1:
            c.sendall(dnsmsg.tcp_frame(m) * rng.randrange(1, 20))
        elif kind == 2:
            c.sendall(b"\0\0" + m)          # a zero length
        elif kind == 3:
            c.sendall(b"\xff\xff" + m * 50)  # a length nothing will fill
        else:
            for b in dnsmsg.tcp_frame(m):   # one byte at a time
                c.send(bytes([b]))
        c.close()
    except OSError:
        pass
P
kill -0 "$DNS_PID" 2> /dev/null
ok $? "the server survived the noise"
is "$(dq +short www.example.test)" 10.0.0.1 "and answers over UDP"
is "$(dq +tcp +short many.example.test | wc -l)" 40 "and over TCP"
stop_testdns
is "$DNS_RC" 0 "and exits 0 on SIGTERM"
if grep -Eq 'Sanitizer|runtime error' "$T/testdns.err"; then
	ok 1 "no sanitizer report"
	diag "$(head -n 30 "$T/testdns.err")"
elif [ "${TESTDNS##*/}" = testdns-asan ]; then
	ok 0 "no sanitizer report"
else
	skip "no sanitizer report: this run is not of the sanitizer build (TESTDNS=out/host/bin/testdns-asan)"
fi
done_testing
