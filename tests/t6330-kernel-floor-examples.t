#!/bin/bash
# The example tree's released programs (curl, jq, zstd, x86_64, unpacked from
# out/examples/release as a user gets them) on the hosts they exist for,
# simulated as t6310 does for muslforge's own: kernel floors 3.2, 3.10, 4.4,
# 4.14 and 4.18 and the container profile (calls newer than 5.0 answer EPERM),
# with /dev/random a FIFO nobody writes:
#   curl: HTTPS over TLS 1.3 to localhost, and over TLS 1.2 to a name c-ares
#   asks testdns for; status 200 and the certificate verified;
#   jq: a filter with a regular expression (oniguruma), exact output;
#   zstd: 219 KB compressed on two threads, decompressed, compared;
# and each in a bare root (the binary and its inputs, no /dev, no /etc): jq
# and zstd work at every floor; curl fetches over TLS from 3.17 up and, at
# 3.2 and 3.10 (no getrandom, no /dev/urandom), fails within 10 s saying the
# entropy source failed, never hangs. The system calls each row had denied
# must equal tests/validation/kernel-floors-examples.expected
# (KERNEL_FLOOR_RECORD=1 rewrites it: review the diff before committing).
. "$(dirname "$0")/kernel-floor-lib.sh"
EXPECT=$TOP/tests/validation/kernel-floors-examples.expected
RELEASE=$OUT/examples/release
FLOORS="3.2 3.10 4.4 4.14 4.18 5.0-eperm"
BARE_FLOORS="3.2 3.10 3.17 4.4 4.14 4.18"
LIMIT=10
[ -x "$KF" ] || { ok 1 "kernel-floor is built (make kernel-floor)"; done_testing; }
# curl takes CURL_CA_BUNDLE before SSL_CERT_FILE: only the rows' own CA counts.
unset CURL_CA_BUNDLE SSL_CERT_DIR

# The programs as shipped.
mkdir -p "$T/bin"
for p in curl jq zstd; do
	tarball=$(ls "$RELEASE/$p"-*-x86_64-unknown-linux-musl.tar.gz 2> /dev/null)
	[ -n "$tarball" ] || { ok 1 "$p's release tarball is in $RELEASE (make examples)"; done_testing; }
	top=$(basename "$tarball" .tar.gz)
	tar -xzf "$tarball" -C "$T" "$top/bin/$p" && mv "$T/$top/bin/$p" "$T/bin/$p"
done

# The network, the resolver files and a DNS server, private to this namespace.
printf 'floor.test A answer 127.0.0.1\n' > "$T/zone"
kf_namespace "$T/zone"

# TLS 1.3 for localhost (make_certs), TLS 1.2 for floor.test (a leaf of the same CA).
make_certs
start_s_server
(
	cd "$T/pki" || exit 1
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out floor.key 2> /dev/null &&
		openssl req -new -key floor.key -subj /CN=floor.test -out floor.csr &&
		printf 'subjectAltName=DNS:floor.test\nextendedKeyUsage=serverAuth\n' > floor.ext &&
		openssl x509 -req -in floor.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
			-extfile floor.ext -out floor.crt 2> /dev/null
)
TLS12_PORT=$(free_port)
openssl s_server -quiet -www -accept "127.0.0.1:$TLS12_PORT" -cert "$T/pki/floor.crt" -key "$T/pki/floor.key" \
	-tls1_2 > "$T/s_server12.log" 2>&1 &
SSERVER12=$!
trap 'kill $DNS_PID $SSERVER $SSERVER12 2> /dev/null; cleanup_test' EXIT
for _ in $(seq 100); do ss -lnt | grep -q "127.0.0.1:$TLS12_PORT " && break; sleep 0.1; done
ok "$(ss -lnt | grep -q "127.0.0.1:$TLS12_PORT "; echo $?)" "the TLS 1.2 server listens"
head -c 219597 /etc/ssl/certs/ca-certificates.crt > "$T/input"
[ "$(wc -c < "$T/input")" = 219597 ] || cat /usr/share/common-licenses/* | head -c 219597 > "$T/input"

# fetched OUTPUT: curl printed s_server's page and then "200 0" (-w).
fetched() { [ "$(tail -n 1 <<< "$1")" = "200 0" ] && grep -q s_server <<< "$1"; }
JQ_FILTER='"muslforge" | test("s.f"), ([1,2,3] | add), ("a,b" | split(","))'
JQ_WANT=$'true\n6\n["a","b"]'

rows() { # floor
	local f=$1 r=$T/report out rc
	rm -f "$r"
	out=$(SSL_CERT_FILE=$T/pki/ca.crt timeout "$LIMIT" $(kf "$f" "$r") -- "$T/bin/curl" -sS --tlsv1.3 \
		-w '\n%{http_code} %{ssl_verify_result}\n' "https://localhost:$TLS_PORT/" 2>&1)
	rc=$?
	fetched "$out" && rc=ok || { diag "curl tls1.3 at $f: $(tail -n 3 <<< "$out")"; rc="fail($rc)"; }
	record musl curl-tls1.3 "$f" "$rc" "$r"
	rm -f "$r"
	out=$(SSL_CERT_FILE=$T/pki/ca.crt timeout "$LIMIT" $(kf "$f" "$r") -- "$T/bin/curl" -sS --tls-max 1.2 \
		-w '\n%{http_code} %{ssl_verify_result}\n' "https://floor.test:$TLS12_PORT/" 2>&1)
	rc=$?
	fetched "$out" && rc=ok || { diag "curl tls1.2 at $f: $(tail -n 3 <<< "$out")"; rc="fail($rc)"; }
	record musl curl-tls1.2-dns "$f" "$rc" "$r"
	rm -f "$r"
	out=$(timeout "$LIMIT" $(kf "$f" "$r") -- "$T/bin/jq" -nc "$JQ_FILTER" 2>&1)
	rc=$?
	[ "$rc" = 0 ] && [ "$out" = "$JQ_WANT" ] && rc=ok || rc="fail($rc)"
	record musl jq "$f" "$rc" "$r"
	rm -f "$r" "$T/input.zst" "$T/output"
	timeout "$LIMIT" $(kf "$f" "$r") -- "$T/bin/zstd" -q -T2 -19 -o "$T/input.zst" "$T/input" &&
		timeout "$LIMIT" $(kf "$f" "$r.d") -- "$T/bin/zstd" -q -d -o "$T/output" "$T/input.zst"
	rc=$?
	cat "$r.d" >> "$r" 2> /dev/null
	rm -f "$r.d"
	[ "$rc" = 0 ] && cmp -s "$T/input" "$T/output" && rc=ok || rc="fail($rc)"
	record musl zstd "$f" "$rc" "$r"
}

# A bare root: the binary and what it reads, nothing else. No /etc/hosts
# there, so curl asks for 127.0.0.1 itself.
bare_rows() { # floor
	local f=$1 r=$T/report root=$T/bare out rc
	rm -rf "$root" "$r"
	mkdir -p "$root"
	cp "$T/bin/curl" "$T/bin/jq" "$T/bin/zstd" "$T/pki/ca.crt" "$T/input" "$root/"
	out=$(SSL_CERT_FILE=/ca.crt timeout "$LIMIT" $(kf "$f" "$r" --root "$root") -- /curl -sS \
		-w '\n%{http_code} %{ssl_verify_result}\n' "https://127.0.0.1:$TLS_PORT/" 2>&1)
	rc=$?
	if fetched "$out"; then
		rc=serves
	elif [ "$rc" != 124 ] && [ "$rc" != 0 ] && grep -qi 'entropy' <<< "$out"; then
		diag "bare curl at $f, exit $rc: $(grep -i entropy <<< "$out" | head -n 1)"
		rc=fails-naming-entropy
	else
		diag "bare curl at $f (exit $rc): $(tail -n 3 <<< "$out")"
		rc="fail($rc)"
	fi
	record musl bare-root-curl "$f" "$rc" "$r"
	rm -f "$r"
	out=$(timeout "$LIMIT" $(kf "$f" "$r" --root "$root") -- /jq -nc "$JQ_FILTER" 2>&1)
	rc=$?
	[ "$rc" = 0 ] && [ "$out" = "$JQ_WANT" ] && rc=ok || rc="fail($rc)"
	record musl bare-root-jq "$f" "$rc" "$r"
	rm -f "$r"
	timeout "$LIMIT" $(kf "$f" "$r" --root "$root") -- /zstd -q -T2 -o /input.zst /input &&
		timeout "$LIMIT" $(kf "$f" "$r.d" --root "$root") -- /zstd -q -d -o /output /input.zst
	rc=$?
	cat "$r.d" >> "$r" 2> /dev/null
	rm -f "$r.d"
	[ "$rc" = 0 ] && cmp -s "$T/input" "$root/output" && rc=ok || rc="fail($rc)"
	record musl bare-root-zstd "$f" "$rc" "$r"
}

for f in $FLOORS; do rows "$f"; done
for f in $BARE_FLOORS; do bare_rows "$f"; done

# Every row as it must be; then the denied calls equal the reviewed ones.
while read -r _ row floor outcome _; do
	case $row:$floor in
	bare-root-curl:3.2: | bare-root-curl:3.10:) want=fails-naming-entropy ;;
	bare-root-curl:*) want=serves ;;
	*) want=ok ;;
	esac
	is "$outcome" "$want" "$row at ${floor%:}"
done < "$T/results"
kf_compare "$EXPECT"
done_testing
