#!/bin/bash
# doctor, the bundled example: its output is JSON; it reports the CA store
# SSL_CERT_FILE or SSL_CERT_DIR points at; an HTTPS GET to a local
# openssl s_server with a test CA succeeds with that CA and fails without it;
# lookups through libc and c-ares answer for localhost.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sea-lib.sh"
need_sea_inject
command -v openssl > /dev/null || skip_all "openssl not installed"

# A test CA and a server certificate for localhost signed by it.
cd "$T" || exit 1
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=muslforge test CA" \
	-keyout ca.key -out ca.pem > /dev/null 2>&1
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
	-keyout srv.key -out srv.csr > /dev/null 2>&1
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > ext.cnf
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile ext.cnf \
	-out srv.pem > /dev/null 2>&1
mkdir -p certdir && cp ca.pem certdir/test-ca.pem
cd - > /dev/null || exit 1

PORT=$(free_port)
openssl s_server -accept "127.0.0.1:$PORT" -cert "$T/srv.pem" -key "$T/srv.key" -www -quiet \
	> "$T/s_server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2> /dev/null; cleanup_test' EXIT
for _ in $(seq 50); do
	python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$PORT" \
		2> /dev/null && break
	sleep 0.1
done
URL=https://localhost:$PORT/

# jget FILE EXPR: a value of the JSON document, EXPR in Python syntax on d.
jget() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2]); print(v if isinstance(v,str) else json.dumps(v))' "$1" "$2"
}

cat > "$T/certs.js" <<'JS'
import * as native from "native";
console.log(JSON.stringify(native.caStore()));
JS

while read -r name runner rt arch prefix; do
	[ -x "$rt" ] || { ok 1 "$name: runtime built ($rt)"; continue; }
	doc=$T/$name-doctor
	sea_inject --arch "$arch" "$rt" "$TOP/apps/sea/doctor.js" -o "$doc"
	ok $? "$name: doctor injected"

	env -u SSL_CERT_DIR SSL_CERT_FILE="$T/ca.pem" LC_ALL=C.UTF-8 \
		"${runner/#-/env}" "$doc" --name localhost --https "$URL" > "$T/$name.json" 2> "$T/$name.err"
	is "$?" 0 "$name: doctor exits 0"
	check "$name: its output parses as JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/$name.json"
	is "$(jget "$T/$name.json" 'sorted(d)')" '["binary", "ca", "doctor", "https", "locale", "lookups", "randomness", "resolver"]' \
		"$name: it reports the binary, resolver, lookups, CA store, random generator, HTTPS and locale"
	is "$(jget "$T/$name.json" 'd["randomness"]["ok"], d["randomness"]["error"]')" '[true, null]' \
		"$name: its random generator seeds, reseeds and draws"
	is "$(jget "$T/$name.json" 'd["ca"]["source"], d["ca"]["path"], d["ca"]["certificates"]')" \
		"[\"SSL_CERT_FILE\", \"$T/ca.pem\", 1]" "$name: it reports the test CA store from SSL_CERT_FILE"
	is "$(jget "$T/$name.json" 'd["https"]["ok"], d["https"]["status"], d["https"]["verify"]')" '[true, 200, "ok"]' \
		"$name: the HTTPS GET to s_server succeeds with the test CA"
	like "$(jget "$T/$name.json" 'd["https"]["tls"]')" "TLSv1\.[23]" "$name: over TLS 1.2 or 1.3"
	is "$(jget "$T/$name.json" 'd["lookups"]["getaddrinfo"]["ok"], d["lookups"]["cares"]["ok"]')" '[true, true]' \
		"$name: localhost resolves through getaddrinfo and through c-ares"
	like "$(jget "$T/$name.json" '[a["address"] for a in d["lookups"]["getaddrinfoInet"]["addresses"]]')" '"127\.0\.0\.1"' \
		"$name: family inet gives 127.0.0.1"
	# musl reports "C.UTF-8;C;C;C;C;C" for LC_ALL=C.UTF-8 (only LC_CTYPE takes it), glibc "C.UTF-8"
	is "$(jget "$T/$name.json" 'd["locale"]["categories"]["LC_CTYPE"], d["locale"]["decimalPoint"]')" '["C.UTF-8", "."]' \
		"$name: the locale is the environment's"

	env -u SSL_CERT_DIR -u SSL_CERT_FILE "${runner/#-/env}" "$doc" --https "$URL" > "$T/$name-no.json" 2>&1
	is "$(jget "$T/$name-no.json" 'd["https"]["ok"]')" false "$name: without the test CA the HTTPS GET fails"
	like "$(jget "$T/$name-no.json" 'd["https"]["error"]')" "handshake" "$name: in the TLS handshake"
	like "$(jget "$T/$name-no.json" 'd["https"]["verify"]')" "not correctly signed|trusted" "$name: as untrusted"
	ok $([ "$(jget "$T/$name-no.json" 'd["ca"]["source"]')" != SSL_CERT_FILE ]; echo $?) \
		"$name: without SSL_CERT_FILE the system store is searched instead"

	env -u SSL_CERT_FILE SSL_CERT_DIR="$T/nonexistent:$T/certdir" "${runner/#-/env}" "$doc" --https "$URL" > "$T/$name-dir.json" 2>&1
	is "$(jget "$T/$name-dir.json" 'd["ca"]["source"], d["ca"]["certificates"], d["https"]["ok"]')" \
		'["SSL_CERT_DIR", 1, true]' "$name: SSL_CERT_DIR (a list, a missing entry first) works too"
	is "$(jget "$T/$name-dir.json" '[t["result"] for t in d["ca"]["tried"]]')" '["missing", "1 certificates"]' \
		"$name: and each place tried is reported"
done <<EOF2
$(sea_variants)
EOF2
done_testing
