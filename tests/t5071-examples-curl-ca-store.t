#!/bin/bash
# The example curl (examples/, released by make examples) trusts the CA
# store of the host it runs on, with neither SSL_CERT_FILE nor --cacert:
# for each distribution layout the SEA knows (Debian, RHEL's two, SUSE,
# Alpine), a root holding only the static curl and a CA bundle at that
# layout's path reaches an `openssl s_server` whose certificate that CA
# signed; with no bundle, a directory of hashed certificates (/etc/ssl/certs,
# /etc/pki/tls/certs) is trusted the same way. Without either it refuses the server (no trust store baked in
# from the build host); SSL_CERT_FILE still overrides the layout's bundle.
# Both arches (aarch64 through a static qemu inside the root). Needs root
# for chroot.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip_all "chroot needs root"
command -v openssl > /dev/null || skip_all "openssl not installed (make test-deps)"
qemu_static=$(command -v qemu-aarch64-static) || skip_all "qemu-aarch64-static not installed (make test-deps)"
chroot=$(command -v chroot) || skip_all "no chroot"
rel=$OUT/examples/release
version=$(sed -n 's/^curl_VERSION *:= *//p' "$TOP/examples/recipes/curl.mk")
[ -f "$rel/curl-$version-x86_64-unknown-linux-musl.tar.gz" ] || { echo "Bail out! no example curl in $rel (make examples)"; exit 1; }

# A CA, and a server certificate for 127.0.0.1 it signed; another CA that signed nothing.
cd "$T"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj /CN=layout-ca > /dev/null 2>&1
openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 30 -subj /CN=other-ca > /dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj /CN=127.0.0.1 > /dev/null 2>&1
printf 'subjectAltName=IP:127.0.0.1\n' > san.ext
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 30 -extfile san.ext > /dev/null 2>&1
[ -s srv.pem ] || { echo "Bail out! could not make the test certificates"; exit 1; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$port" -cert srv.pem -key srv.key -www -quiet > "$T/server.log" 2>&1 &
server=$!
trap 'kill $server 2> /dev/null; cleanup_test' EXIT
for _ in $(seq 50); do
	python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2> /dev/null && break
	sleep 0.1
done

# root ARCH [CA-FILE PATH-IN-ROOT]: a root with only curl (and qemu) and maybe one bundle.
root() {
	r=$T/root
	rm -rf "$r" && mkdir -p "$r/bin" "$r/tmp"
	tar -xzf "$rel/curl-$version-$1-unknown-linux-musl.tar.gz" -C "$T" --strip-components=2 -O \
		"curl-$version-$1-unknown-linux-musl/bin/curl" > "$r/bin/curl"
	chmod 755 "$r/bin/curl"
	[ "$1" = x86_64 ] || cp "$qemu_static" "$r/bin/qemu"
	if [ $# = 3 ]; then mkdir -p "$r$(dirname "$3")" && cp "$2" "$r$3"; fi
}
# fetch ARCH [ENV...]: curl in the root, the server's page; prints the exit status last.
fetch() {
	a=$1; shift
	run=/bin/curl
	[ "$a" = x86_64 ] || run="/bin/qemu /bin/curl"
	# shellcheck disable=SC2086
	env -i "$@" "$chroot" "$T/root" $run -sS -o /tmp/page "https://127.0.0.1:$port/" > "$T/curl.err" 2>&1
	echo $?
}

for a in x86_64 aarch64; do
	for layout in debian:/etc/ssl/certs/ca-certificates.crt rhel:/etc/pki/tls/certs/ca-bundle.crt \
		rhel-ca-trust:/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem suse:/etc/ssl/ca-bundle.pem alpine:/etc/ssl/cert.pem; do
		name=${layout%%:*} path=${layout#*:}
		root $a "$T/ca.pem" "$path"
		rc=$(fetch $a)
		is "$rc" 0 "$a: $name layout ($path): curl trusts the host's bundle"
		[ "$rc" = 0 ] || diag "$(cat "$T/curl.err")"
		like "$(cat "$T/root/tmp/page" 2> /dev/null)" "s_server" "$a: $name layout: and fetched the page"
	done
	# No bundle, only a directory of hashed certificates (update-ca-certificates never ran).
	for dir in /etc/ssl/certs /etc/pki/tls/certs; do
		root $a
		mkdir -p "$T/root$dir" && cp "$T/ca.pem" "$T/root$dir/$(openssl x509 -hash -noout -in "$T/ca.pem").0"
		rc=$(fetch $a)
		is "$rc" 0 "$a: only the hashed directory $dir: curl trusts it"
		[ "$rc" = 0 ] || diag "$(cat "$T/curl.err")"
		like "$(cat "$T/root/tmp/page" 2> /dev/null)" "s_server" "$a: hashed directory $dir: and fetched the page"
	done
	root $a
	rc=$(fetch $a)
	is "$rc" 60 "$a: no bundle anywhere: the server is refused (no store was baked in at build time)"
	like "$(cat "$T/curl.err")" "not correctly signed by the trusted CA" "$a: saying why"
	root $a "$T/other.pem" /etc/ssl/certs/ca-certificates.crt
	is "$(fetch $a)" 60 "$a: a bundle without the server's CA: the server is refused"
	cp "$T/ca.pem" "$T/root/tmp/ca.pem"
	is "$(fetch $a SSL_CERT_FILE=/tmp/ca.pem)" 0 "$a: SSL_CERT_FILE still wins over the layout's bundle"
done
done_testing
