#!/bin/bash
# TLS 1.3 and 1.2 are served, TLS 1.1 is refused (a client really offering
# only 1.1 fails the handshake), seen by curl and openssl s_client.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"

make_certs
write_policy "$T/policy.yaml" api.github.com

s_client() { # VERSION-FLAG [EXTRA...]: s_client's report of one GET /healthz
	printf 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 30 openssl s_client -connect "127.0.0.1:$GW_PORT" -servername localhost \
			-CAfile "$T/pki/ca.crt" -ign_eof "$@" 2>&1
}

one() {
	local v=$1 out
	start_gateway --policy "$T/policy.yaml"
	ok $? "$v: gateway ready"
	out=$(s_client -tls1_3)
	like "$out" 'New, TLSv1\.3, Cipher is TLS_' "$v: s_client -tls1_3 negotiates TLS 1.3"
	like "$out" 'Verify return code: 0 ' "$v: the chain verifies against the test CA"
	like "$out" '^ok$' "$v: and the request over it is answered"
	out=$(s_client -tls1_2)
	like "$out" 'Protocol *: TLSv1\.2' "$v: s_client -tls1_2 negotiates TLS 1.2"
	like "$out" '^ok$' "$v: and the request over it is answered"
	# SECLEVEL=0 lets this OpenSSL offer TLS 1.1 at all; the gateway must refuse it.
	out=$(s_client -tls1_1 -cipher 'DEFAULT@SECLEVEL=0')
	like "$out" 'alert protocol version' "$v: s_client -tls1_1 is refused with a protocol_version alert"
	is "$(printf '%s\n' "$out" | grep -Ec 'Cipher is \(NONE\)|^ok$')" 1 "$v: no cipher, no answer"
	is "$(metric 'gateway_tls_handshakes_total{result="fail"}')" 1 \
		"$v: the refused TLS 1.1 handshake reached the gateway and counted as failed"
	is "$(gw_curl --tlsv1.3 /healthz)" ok "$v: curl --tlsv1.3"
	is "$(gw_curl --tlsv1.2 --tls-max 1.2 /healthz)" ok "$v: curl --tls-max 1.2"
	like "$(grep '"path":"/healthz"' "$T/gw.log")" '"tls":"TLSv1\.2"' "$v: the access log names the version"
	stop_gateway
	is "$GW_RC" 0 "$v: exits 0 on SIGTERM"
}

for_each_variant one
done_testing
