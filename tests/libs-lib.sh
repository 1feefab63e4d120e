# Helpers for the library tests: the target environment from `make env`,
# and the local peers (dnsmasq, openssl s_server) the link test talks to.
. "$TOP/tests/toolchain-lib.sh"
LIB_PACKAGES="mimalloc mbedtls c-ares z3"

# target_env TRIPLE: load `make env` for that triple into this shell.
target_env() {
	eval "$(env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP" OUT="$OUT" env ARCH="${1%%-*}")"
}

libs_built() { # triple
	for p in $LIB_PACKAGES; do
		[ -f "$OUT/manifests/$1/$p" ] || return 1
	done
}

wait_port() { # port [tcp|udp]
	for i in $(seq 100); do
		if [ "${2:-tcp}" = udp ]; then ss -Hlun "sport = :$1" | grep -q . && return 0
		else ss -Hltn "sport = :$1" | grep -q . && return 0; fi
		sleep 0.1
	done
	return 1
}

# start_dnsmasq PORT NAME=IP...: an authoritative loopback DNS server.
start_dnsmasq() {
	port=$1; shift
	args=
	for a; do args="$args --address=/${a%%=*}/${a#*=}"; done
	dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --bind-interfaces \
		--listen-address=127.0.0.1 --port="$port" --user=root --group=root \
		--pid-file="$T/dnsmasq.pid" --local=/muslforge.test/ $args \
		--log-facility="$T/dnsmasq.log" --log-queries &
	echo $! > "$T/dnsmasq.bg"
	wait_port "$port" udp
}

# start_tls_server PORT: openssl s_server with a fresh CA-signed certificate for localhost.
start_tls_server() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj "/CN=muslforge test CA" -keyout "$T/ca.key" -out "$T/ca.pem" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-subj "/O=muslforge/CN=localhost" -keyout "$T/server.key" -out "$T/server.csr" 2>/dev/null
	printf 'subjectAltName=DNS:localhost\n' > "$T/ext.cnf"
	openssl x509 -req -in "$T/server.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial \
		-days 2 -extfile "$T/ext.cnf" -out "$T/server.pem" 2>/dev/null
	openssl s_server -accept "127.0.0.1:$1" -cert "$T/server.pem" -key "$T/server.key" -www -quiet \
		> "$T/s_server.log" 2>&1 &
	echo $! > "$T/s_server.bg"
	wait_port "$1"
}

stop_peers() {
	for f in "$T"/*.bg; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
	return 0
}
