# Helpers for the gateway server tests (tests/t42*.t): certificates, a
# running `gateway serve`, curl and Python clients. Source after lib.sh and
# gateway-lib.sh; every test runs against every build gateway_variants lists.

GW_READY_SECS=${GW_READY_SECS:-60}    # qemu-aarch64 is 5-10x slower: generous, bounded
GW_CURL_ARGS=()                       # what wait_ready and metric pass to curl (mTLS)
GW_PID=

# for_each_variant FUNCTION: runs FUNCTION NAME for each build, with GW_CMD
# set to the command line that runs it. A missing binary is a failure.
for_each_variant() {
	local fn=$1 name runner bin
	while read -r name runner bin <&3; do
		[ -n "$name" ] || continue
		if [ ! -x "$bin" ]; then
			ok 1 "$name: gateway binary $bin exists"
			continue
		fi
		if [ "$runner" = - ]; then GW_CMD=("$bin"); else GW_CMD=($runner "$bin"); fi
		GW_NAME=$name
		"$fn" "$name"
		stop_gateway > /dev/null 2>&1
	done 3< <(gateway_variants)
}

# make_certs: a CA, a server certificate for localhost/127.0.0.1 and a client
# certificate in $T/pki; EC P-256 keeps handshakes cheap under qemu.
make_certs() {
	local d=$T/pki
	mkdir -p "$d"
	(
		cd "$d" || exit 1
		key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2> /dev/null; }
		key ca.key && openssl req -x509 -new -key ca.key -out ca.crt -days 2 -subj /CN=gw-test-ca ||
			exit 1
		printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > srv.ext
		printf 'extendedKeyUsage=clientAuth\n' > cli.ext
		for who in srv cli; do
			key $who.key &&
				openssl req -new -key $who.key -out $who.csr -subj "/CN=gw-test-$who" &&
				openssl x509 -req -in $who.csr -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
					-out $who.crt -days 2 -extfile $who.ext 2> /dev/null || exit 1
		done
	) > "$T/pki.log" 2>&1 || { diag "$(cat "$T/pki.log")"; echo "Bail out! cannot make test certificates"; exit 1; }
}

# write_policy FILE HOST [PORT]: one network policy letting curl reach HOST:PORT.
write_policy() {
	cat > "$1" <<-EOF
	version: 1
	network_policies:
	  main:
	    name: main
	    endpoints:
	      - host: $2
	        port: ${3:-443}
	        protocol: rest
	        access: read-write
	    binaries:
	      - path: /usr/bin/curl
	EOF
}

# start_gateway ARGS...: starts `gateway serve --listen 127.0.0.1:$GW_PORT
# --cert --key ARGS` in the background (stderr in $T/gw.log) and waits until
# /healthz answers or the process dies. Returns non-zero if it never got ready.
start_gateway() {
	GW_PORT=$(free_port)
	GW_URL=https://127.0.0.1:$GW_PORT
	: > "$T/gw.log"
	"${GW_CMD[@]}" serve --listen "127.0.0.1:$GW_PORT" --cert "$T/pki/srv.crt" --key "$T/pki/srv.key" \
		"$@" 2> "$T/gw.log" &
	GW_PID=$!
	wait_ready "${GW_CURL_ARGS[@]}"
}

# wait_ready [CURL ARGS]: polls /healthz until it answers (bounded).
wait_ready() {
	local deadline=$((SECONDS + GW_READY_SECS))
	while [ $SECONDS -lt $deadline ]; do
		kill -0 "$GW_PID" 2> /dev/null || { diag "gateway exited early:" "$(tail -n 5 "$T/gw.log")"; return 1; }
		[ "$(gw_curl "$@" /healthz 2> /dev/null)" = ok ] && return 0
		sleep 0.1
	done
	diag "gateway not ready after ${GW_READY_SECS}s:" "$(tail -n 5 "$T/gw.log")"
	return 1
}

# stop_gateway: SIGTERM, then its exit status in GW_RC (bounded wait, then SIGKILL).
stop_gateway() {
	[ -n "${GW_PID:-}" ] || return 0
	kill -TERM "$GW_PID" 2> /dev/null
	wait_exit
}

# wait_exit: waits (bounded) for $GW_PID; its exit status in GW_RC. Not in
# $(...): only this shell can wait for its child.
wait_exit() {
	local deadline=$((SECONDS + GW_READY_SECS))
	while kill -0 "$GW_PID" 2> /dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
	kill -0 "$GW_PID" 2> /dev/null && kill -KILL "$GW_PID" 2> /dev/null
	wait "$GW_PID"
	GW_RC=$?
	GW_PID=
	return "$GW_RC"
}

# gw_curl [CURL ARGS] PATH: the body, trusting the test CA; bounded.
gw_curl() {
	local path=${!#}
	curl -sS --max-time 20 --cacert "$T/pki/ca.crt" "${@:1:$#-1}" "$GW_URL$path"
}

# gw_status [CURL ARGS] PATH: the HTTP status only.
gw_status() {
	gw_curl -o /dev/null -w '%{http_code}' "$@"
}

# metric NAME{LABELS}: the value of one sample from /metrics ("" if absent).
metric() {
	gw_curl "${GW_CURL_ARGS[@]}" /metrics | awk -v k="$1" '$1 == k { print $2 }'
}

# wait_metric SAMPLE VALUE: polls /metrics until SAMPLE equals VALUE (bounded).
wait_metric() {
	local deadline=$((SECONDS + GW_READY_SECS))
	while [ $SECONDS -lt $deadline ]; do
		[ "$(metric "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# A Python TLS client for what curl cannot do (partial requests, raw bytes).
# Usage: gw_py 'python statements' ; `conn()` returns a TLS socket to the
# gateway, `raw()` a plain TCP one, `status(data)` the status code it holds.
gw_py() {
	GW_PORT=$GW_PORT CA=$T/pki/ca.crt python3 -c "
import os, socket, ssl, sys, time
port = int(os.environ['GW_PORT'])
def raw():
    s = socket.create_connection(('127.0.0.1', port), timeout=30)
    return s
def conn(cert=None):
    ctx = ssl.create_default_context(cafile=os.environ['CA'])
    if cert: ctx.load_cert_chain(*cert)
    return ctx.wrap_socket(raw(), server_hostname='localhost')
def recv_all(s, limit=1 << 20):
    out = b''
    try:
        while len(out) < limit:
            b = s.recv(65536)
            if not b: break
            out += b
    except (ConnectionError, ssl.SSLError, socket.timeout):
        pass
    return out
def status(data):
    parts = data.split(b' ', 2)
    return parts[1].decode() if len(parts) > 1 and data.startswith(b'HTTP/1.1 ') else 'none'
$1"
}

# start_s_server: openssl s_server -www (TLS 1.3 only) on loopback with the
# test certificate (make_certs first); TLS_PORT and SSERVER (its pid) set,
# returns once it listens (bounded). The caller kills $SSERVER on exit.
start_s_server() {
	TLS_PORT=$(free_port)
	openssl s_server -quiet -www -accept "127.0.0.1:$TLS_PORT" -cert "$T/pki/srv.crt" -key "$T/pki/srv.key" \
		-tls1_3 > "$T/s_server.log" 2>&1 &
	SSERVER=$!
	for _ in $(seq 100); do ss -lnt | grep -q "127.0.0.1:$TLS_PORT " && return 0; sleep 0.1; done
	return 1
}
