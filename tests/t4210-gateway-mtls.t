#!/bin/bash
# With --client-ca the gateway requires a client certificate signed by that
# CA: with one the request is served, without one or with a stranger's the
# handshake fails (curl and openssl s_client).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"

make_certs
write_policy "$T/policy.yaml" api.github.com
# A client certificate from another CA, with the same subject.
(cd "$T/pki" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key \
		-out other.crt -days 2 -subj /CN=gw-test-cli) > /dev/null 2>&1
CLI=(--cert "$T/pki/cli.crt" --key "$T/pki/cli.key")

one() {
	local v=$1 out
	GW_CURL_ARGS=("${CLI[@]}")
	start_gateway --policy "$T/policy.yaml" --client-ca "$T/pki/ca.crt"
	ok $? "$v: gateway ready (polled with the client certificate)"
	is "$(gw_curl "${CLI[@]}" /healthz)" ok "$v: curl with the client certificate is served"
	is "$(gw_curl --tls-max 1.2 "${CLI[@]}" /healthz)" ok "$v: also over TLS 1.2"
	out=$(gw_curl /healthz 2>&1)
	is "$(printf '%s\n' "$out" | grep -c '^ok$')" 0 "$v: curl without a client certificate gets no answer"
	out=$(gw_curl --cert "$T/pki/other.crt" --key "$T/pki/other.key" /healthz 2>&1)
	is "$(printf '%s\n' "$out" | grep -c '^ok$')" 0 "$v: curl with another CA's certificate gets no answer"
	out=$(printf 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 30 openssl s_client -connect "127.0.0.1:$GW_PORT" -servername localhost \
			-CAfile "$T/pki/ca.crt" -ign_eof 2>&1)
	like "$out" 'alert|error' "$v: s_client without a certificate: the server alerts"
	is "$(printf '%s\n' "$out" | grep -c '^ok$')" 0 "$v: s_client without a certificate gets no answer"
	out=$(printf 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 30 openssl s_client -connect "127.0.0.1:$GW_PORT" -servername localhost \
			-CAfile "$T/pki/ca.crt" -cert "$T/pki/cli.crt" -key "$T/pki/cli.key" -ign_eof 2>&1)
	like "$out" '^ok$' "$v: s_client with the client certificate is served"
	is "$(metric 'gateway_tls_handshakes_total{result="fail"}')" 3 "$v: three failed handshakes counted"
	like "$(grep -c 'tls handshake failed' "$T/gw.log")" '^3$' "$v: one log line for each"
	stop_gateway
	is "$GW_RC" 0 "$v: exits 0 on SIGTERM"
	GW_CURL_ARGS=()
}

for_each_variant one
done_testing
