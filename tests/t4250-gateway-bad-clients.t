#!/bin/bash
# Bad clients get a clear 4xx or a closed connection, and the next client is
# served: plain text or garbage instead of TLS, 10,000 headers, a body over
# the limit (with and without Expect), a chunked body, a bad version, an
# unknown route, a wrong method, malformed JSON, a client that disconnects
# mid-request, and a slow client held to the header deadline.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"

make_certs
write_policy "$T/policy.yaml" api.github.com
head -c 1200000 /dev/zero | tr '\0' 'x' > "$T/big"

served() { is "$(gw_curl /healthz)" ok "$GW_NAME: ... and the next client is served"; }

tls_garbage() {
	local v=$1
	out=$(gw_py 's = raw(); s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"); print(len(recv_all(s)) < 64)')
	is "$out" True "$v: plain HTTP on the TLS port: closed (at most an alert)"
	served
	out=$(gw_py 's = raw(); s.sendall(os.urandom(4096)); recv_all(s); print("closed")')
	is "$out" closed "$v: random bytes instead of a ClientHello: closed"
	served
}

limits() {
	local v=$1
	out=$(gw_py '
s = conn()
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(10000)) + b"\r\n")
print(status(recv_all(s)))')
	is "$out" 431 "$v: 10,000 headers: 431"
	served
	is "$(gw_status -H 'Content-Type: application/json' --data-binary @"$T/big" /v1/policy/check)" 413 \
		"$v: a 1.2 MB body (curl, Expect: 100-continue): 413 before it is sent"
	out=$(gw_py '
s = conn()
try:
    s.sendall(b"POST /v1/policy/check HTTP/1.1\r\nHost: x\r\nContent-Length: 1200000\r\n\r\n" + b"x" * 1200000)
except (ConnectionError, ssl.SSLError):
    pass
print(status(recv_all(s)))')
	is "$out" 413 "$v: a 1.2 MB body sent whole without Expect: 413"
	served
	is "$(gw_status -H 'Transfer-Encoding: chunked' --data-binary '{}' /v1/policy/check)" 411 "$v: a chunked body: 411"
	out=$(gw_py 's = conn(); s.sendall(b"GET /healthz HTTP/3.0\r\nHost: x\r\n\r\n"); print(status(recv_all(s)))')
	is "$out" 505 "$v: HTTP/3.0: 505"
	out=$(gw_py 's = conn(); s.sendall(b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"); print(status(recv_all(s)))')
	is "$out" 414 "$v: a 20 kB request line: 414"
	out=$(gw_py 's = conn(); s.sendall(b"GET /healthz HTTP/1.1\r\n\r\n"); print(status(recv_all(s)))')
	is "$out" 400 "$v: HTTP/1.1 without Host: 400"
	served
}

routes() {
	local v=$1
	is "$(gw_status /nowhere)" 404 "$v: an unknown route: 404"
	like "$(gw_curl /nowhere)" '^\{"error":"[^"]+"\}$' "$v: with a JSON error body"
	is "$(gw_status /v1/policy/check)" 405 "$v: GET on a POST route: 405"
	is "$(gw_status -X DELETE /healthz)" 405 "$v: DELETE on a GET route: 405"
	is "$(gw_status --data-binary '{"request": ' /v1/policy/check)" 400 "$v: malformed JSON: 400"
	like "$(gw_status --data-binary '{"baseline": "a: [", "proposal": "b"}' /v1/policy/verify)" '^(400|422)$' \
		"$v: malformed YAML in a verify request: 400 or 422"
}

rude() {
	local v=$1
	out=$(gw_py '
s = conn()
s.sendall(b"POST /v1/policy/check HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"req")
s.close(); print("gone")')
	is "$out" gone "$v: a client disconnects mid-body"
	served
	out=$(gw_py '
t0 = time.time(); s = conn()
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
data = b""
try:
    for i in range(200):                 # one byte every 0.1 s, for up to 20 s
        s.sendall(b"X")
        time.sleep(0.1)
except (ConnectionError, ssl.SSLError, OSError):
    pass
data = recv_all(s)
print(status(data), int(time.time() - t0 < 15))')
	is "$out" "408 1" "$v: a slow client is answered 408 at the header deadline (2 s), not held"
	served
	like "$(metric gateway_connections)" '^[0-9]+$' "$v: /metrics still answers"
}

one() {
	local v=$1
	start_gateway --policy "$T/policy.yaml" --header-timeout 2000
	ok $? "$v: gateway ready"
	tls_garbage "$v"
	limits "$v"
	routes "$v"
	rude "$v"
	stop_gateway
	is "$GW_RC" 0 "$v: exits 0 on SIGTERM"
}

for_each_variant one
done_testing
