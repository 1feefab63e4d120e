#!/bin/bash
# DNS over TCP as RFC 7766 has it: several queries on one connection, sent
# at once or a byte at a time, answered in order; a connection limit that
# closes the surplus and recovers; a lying length closes the connection.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/testdns-lib.sh"
build_testdns

cat > "$T/zone" <<'Z'
a.example.test A answer 10.0.0.1
b.example.test A answer 10.0.0.2
c.example.test A answer 10.0.0.3
Z
start_testdns "$T/zone"

out=$(python3 - "$DNS_PORT" <<'P'
import sys, dnsmsg
port = int(sys.argv[1])
q = [dnsmsg.query(n + ".example.test", qid=i + 1) for i, n in enumerate("abc")]
c = dnsmsg.tcp_connect(port)
c.sendall(b"".join(dnsmsg.tcp_frame(m) for m in q))
print("batch", *(dnsmsg.tcp_read(c)[-1] for _ in q))
for b in b"".join(dnsmsg.tcp_frame(m) for m in q):
    c.send(bytes([b]))
print("bytes", *(dnsmsg.header(dnsmsg.tcp_read(c))["id"] for _ in q))
c.shutdown(1)   # half-close: the answers still come, then the server closes
print("eof", dnsmsg.tcp_read(c))
P
)
is "$out" "batch 1 2 3
bytes 1 2 3
eof None" "three queries in one write, then byte by byte: three answers in order; EOF closes"

out=$(python3 - "$DNS_PORT" <<'P'
import sys, time, dnsmsg
port = int(sys.argv[1])
q = dnsmsg.tcp_frame(dnsmsg.query("a.example.test"))
conns = [dnsmsg.tcp_connect(port) for _ in range(64)]
for c in conns:                      # all 64 are served
    c.sendall(q)
served = sum(dnsmsg.tcp_read(c) is not None for c in conns)
extra = dnsmsg.tcp_connect(port)
extra.sendall(q)
try:
    r = dnsmsg.tcp_read(extra)
except ConnectionResetError:
    r = None
print(served, "closed" if r is None else "served")
for c in conns[:10]:
    c.close()
# The server learns of the closes when it next polls: try until it has.
for _ in range(100):
    again = dnsmsg.tcp_connect(port)
    again.sendall(q)
    try:
        r = dnsmsg.tcp_read(again)
    except ConnectionResetError:
        r = None
    if r:
        break
    time.sleep(0.05)
print("after", "served" if r else "closed")
big = dnsmsg.tcp_connect(port)
big.sendall(b"\x20\x00" + b"\0" * 100)   # 8192 bytes announced: not a query
try:
    r = dnsmsg.tcp_read(big)
except ConnectionResetError:
    r = None
print("oversized", "closed" if r is None else "served")
P
)
is "$out" "64 closed
after served
oversized closed" "64 connections served, the 65th closed; freed slots serve again; an oversized length closes"
is "$(dq +short a.example.test)" 10.0.0.1 "UDP is served throughout"
stop_testdns
is "$DNS_RC" 0 "SIGTERM: exit 0"
done_testing
