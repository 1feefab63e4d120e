#!/bin/bash
# A small C program using Z3, mbedTLS and c-ares links fully static and runs
# on each target: Z3 answers sat (with a model) and unsat, SHA-256 agrees with
# sha256sum, a TLS handshake with openssl s_server verifies, and a lookup is
# answered by a local dnsmasq.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/libs-lib.sh"
command -v dnsmasq > /dev/null || skip_all "dnsmasq is not installed (make test-deps)"
trap 'stop_peers; cleanup_test' EXIT
dns_port=$(free_port); tls_port=$(free_port)
start_dnsmasq "$dns_port" link.muslforge.test=192.0.2.45 || diag "dnsmasq did not start: $(cat "$T/dnsmasq.log" 2>/dev/null)"
start_tls_server "$tls_port" || diag "s_server did not start: $(cat "$T/s_server.log")"
head -c 100000 /dev/urandom > "$T/blob"

for t in $TEST_TRIPLES; do
	if ! libs_built "$t"; then ok 1 "$t: libraries are built"; continue; fi
	target_env "$t"
	bin=$T/libs-link-$t
	check "$t: links fully static (static-pie) with mimalloc first" \
		$CXX $CFLAGS $CPPFLAGS -x c "$TOP/tests/src/libs-link.c" -x none "$MUSLFORGE_MALLOC_OBJ" \
		$LDFLAGS -lz3 -lmbedtls -lmbedx509 -lmbedcrypto -lcares -o "$bin"
	ok $(no_interp_no_needed "$bin"; echo $?) "$t: no PT_INTERP, no DT_NEEDED"
	syms=$(nm "$bin")
	m=$(printf '%s\n' "$syms" | awk '$3 == "malloc" { print $1 }')
	mi=$(printf '%s\n' "$syms" | awk '$3 == "mi_malloc" { print $1 }')
	ok $([ -n "$m" ] && [ "$m" = "$mi" ]; echo $?) "$t: malloc is mimalloc's (malloc and mi_malloc at the same address)"
	is "$(run_target "$t" "$bin" z3 2>&1)" "sat x=7 y=3
unsat" "$t: Z3 solves a satisfiable query (model read back) and an unsatisfiable one"
	is "$(run_target "$t" "$bin" sha256 "$T/blob" 2>&1)" "$(sha256sum < "$T/blob" | cut -d' ' -f1)" "$t: mbedTLS SHA-256 agrees with sha256sum"
	out=$(run_target "$t" "$bin" tls localhost "$tls_port" "$T/ca.pem" 2>&1)
	like "$out" "handshake TLSv1\.[23] verified subject O=muslforge, CN=localhost" "$t: verified TLS handshake with openssl s_server"
	like "$out" "reply HTTP/1\.0 200 ok" "$t: and an HTTP reply through it"
	is "$(run_target "$t" "$bin" dns "127.0.0.1:$dns_port" link.muslforge.test 2>&1)" "link.muslforge.test 192.0.2.45" "$t: c-ares lookup answered by dnsmasq"
	out=$(run_target "$t" "$bin" dns "127.0.0.1:$dns_port" missing.muslforge.test 2>&1); rc=$?
	ok $((rc == 0)) "$t: a name dnsmasq does not know fails"
	like "$out" "Domain name not found" "$t: with NXDOMAIN's message"
done
done_testing
