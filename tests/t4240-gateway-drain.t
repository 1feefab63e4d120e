#!/bin/bash
# SIGTERM drains: the gateway stops accepting at once, finishes the request
# in flight (its body still arriving when the signal came) and exits 0.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"

make_certs
write_policy "$T/policy.yaml" api.github.com

one() {
	local v=$1
	start_gateway --policy "$T/policy.yaml"
	ok $? "$v: gateway ready"
	rm -f "$T/go" "$T/client.out"; mkfifo "$T/go"
	# The client sends the head and half the body, says so, waits for "go",
	# then sends the rest and prints the answer.
	GO=$T/go gw_py '
body = b"{\"request\":{\"binary\":\"/usr/bin/curl\",\"host\":\"api.github.com\",\"port\":443,\"method\":\"GET\"}}"
s = conn()
s.sendall(b"POST /v1/policy/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          b"Content-Length: %d\r\n\r\n" % len(body) + body[:20])
print("sent", flush=True)
open(os.environ["GO"]).read()
s.sendall(body[20:])
print(recv_all(s).decode(errors="replace"), flush=True)
' > "$T/client.out" 2>&1 &
	client=$!
	for _ in $(seq 300); do grep -q '^sent' "$T/client.out" && break; sleep 0.1; done
	like "$(cat "$T/client.out")" '^sent' "$v: a request is half sent"
	# SIGTERM only once the gateway holds part of the request: "sent" means
	# the client's kernel has it, not the gateway (Nagle may hold the bytes
	# until the Finished is acknowledged).
	wait_metric gateway_connections_reading 1
	ok $? "$v: the gateway holds the half-sent request"
	kill -TERM "$GW_PID"
	refused=1
	for _ in $(seq 300); do
		curl -s --max-time 5 --cacert "$T/pki/ca.crt" "$GW_URL/healthz" > /dev/null 2>&1
		[ $? = 7 ] && { refused=0; break; }
		sleep 0.1
	done
	ok $refused "$v: after SIGTERM new connections are refused"
	kill -0 "$GW_PID" 2> /dev/null
	ok $? "$v: while the request in flight keeps the gateway running"
	echo go > "$T/go"
	wait "$client"
	like "$(cat "$T/client.out")" 'HTTP/1\.1 200 ' "$v: the request in flight is answered 200"
	like "$(cat "$T/client.out")" '"decision":"allow"' "$v: with its real answer"
	like "$(cat "$T/client.out")" 'Connection: close' "$v: and the connection is closed after it"
	wait_exit
	is "$GW_RC" 0 "$v: then the gateway exits 0"
	like "$(grep '"msg"' "$T/gw.log" | tail -n 2 | tr '\n' ' ')" '"draining".*"drained, exiting"' "$v: logging the drain"
}

for_each_variant one
done_testing
