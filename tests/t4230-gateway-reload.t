#!/bin/bash
# SIGHUP reloads the policy and the certificate together: a good new policy
# takes effect, a broken one is refused with one log line and the running
# policy stays; a new certificate is served to new connections, a broken
# key is refused and the old certificate stays.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"

make_certs
check_body() { # HOST: a /v1/policy/check request for curl reaching HOST:443
	printf '{"request":{"binary":"/usr/bin/curl","host":"%s","port":443,"method":"GET"}}' "$1"
}
decision() { # HOST: allow or deny under the loaded policy
	gw_curl -H 'Content-Type: application/json' --data-binary "$(check_body "$1")" /v1/policy/check |
		python3 -c 'import json,sys; print(json.load(sys.stdin).get("decision"))'
}
served_cert() { # the SHA-256 fingerprint of the certificate a new connection gets
	timeout 30 openssl s_client -connect "127.0.0.1:$GW_PORT" -servername localhost < /dev/null 2> /dev/null |
		openssl x509 -noout -fingerprint -sha256 2> /dev/null
}
fingerprint() { openssl x509 -noout -fingerprint -sha256 -in "$1"; }
new_server_cert() { # FILE-PREFIX: a second server key and certificate from the test CA
	(cd "$T/pki" && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" &&
		openssl req -new -key "$1.key" -subj /CN=gw-test-srv2 -out "$1.csr" &&
		openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -set_serial 0x1234 -days 2 \
			-extfile srv.ext -out "$1.crt") > /dev/null 2>&1
}

one() {
	local v=$1
	cp "$T/pki/srv.crt" "$T/pki/srv.crt.orig"; cp "$T/pki/srv.key" "$T/pki/srv.key.orig"
	write_policy "$T/policy.yaml" api.github.com
	start_gateway --policy "$T/policy.yaml"
	ok $? "$v: gateway ready"
	is "$(decision api.github.com)/$(decision example.org)" allow/deny "$v: first policy: github allowed, example.org not"

	write_policy "$T/policy.new" example.org && mv "$T/policy.new" "$T/policy.yaml"
	kill -HUP "$GW_PID"
	wait_metric 'gateway_reloads_total{result="ok"}' 1
	ok $? "$v: SIGHUP with a good policy: reloaded"
	is "$(decision api.github.com)/$(decision example.org)" deny/allow "$v: the new policy decides"

	printf 'network_policies:\n  main: [unclosed\n' > "$T/policy.yaml"
	kill -HUP "$GW_PID"
	wait_metric 'gateway_reloads_total{result="fail"}' 1
	ok $? "$v: SIGHUP with a broken policy: refused"
	is "$(grep -c '"msg":"reload refused' "$T/gw.log")" 1 "$v: with one log line"
	like "$(grep '"msg":"reload refused' "$T/gw.log")" 'policy\.yaml' "$v: naming the file"
	is "$(decision api.github.com)/$(decision example.org)" deny/allow "$v: the running policy stays in force"
	is "$(gw_curl /readyz)" ready "$v: and the gateway is ready"

	write_policy "$T/policy.yaml" example.org
	new_server_cert srv2
	old=$(fingerprint "$T/pki/srv.crt")
	is "$(served_cert)" "$old" "$v: the first certificate is served"
	cp "$T/pki/srv2.crt" "$T/pki/srv.crt"       # a new certificate with the old key: refused
	kill -HUP "$GW_PID"
	wait_metric 'gateway_reloads_total{result="fail"}' 2
	ok $? "$v: a certificate that does not match the key: refused"
	like "$(grep '"msg":"reload refused' "$T/gw.log" | tail -n 1)" 'does not match' "$v: saying why"
	is "$(served_cert)" "$old" "$v: the old certificate is still served"
	cp "$T/pki/srv2.key" "$T/pki/srv.key"
	kill -HUP "$GW_PID"
	wait_metric 'gateway_reloads_total{result="ok"}' 2
	ok $? "$v: the new certificate and key together: reloaded"
	is "$(served_cert)" "$(fingerprint "$T/pki/srv2.crt")" "$v: new connections get the new certificate"
	is "$(gw_curl /healthz)" ok "$v: and are served"
	stop_gateway
	is "$GW_RC" 0 "$v: exits 0 on SIGTERM"
	cp "$T/pki/srv.crt.orig" "$T/pki/srv.crt"; cp "$T/pki/srv.key.orig" "$T/pki/srv.key"
}

for_each_variant one
done_testing
