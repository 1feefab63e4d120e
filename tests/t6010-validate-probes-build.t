#!/bin/bash
# The validation probes are built four ways (make probes): the musl ones
# fully static for their arch, the glibc ones dynamic with the right
# interpreter and glibc as their only shared library (mbedTLS and c-ares
# static); each one runs, natively or under qemu, and answers a trivial
# case from files bind-mounted over /etc in a namespace without network.
. "$(dirname "$0")/lib.sh"
need_root
PROBES="gai hostent reverse cares tls locale errtext libc"
TRIPLES="x86_64-linux-musl aarch64-linux-musl x86_64-linux-gnu aarch64-linux-gnu"

# The files the cases see as /etc/hosts and /etc/resolv.conf.
printf '127.0.0.7 probe-host.test probe-alias.test\n' > "$T/hosts"
printf 'nameserver 127.0.0.1\noptions ndots:2 timeout:1 attempts:4\n' > "$T/resolv.conf"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/key.pem" \
	-out "$T/cert.pem" -days 2 -subj /CN=probe.test -addext subjectAltName=DNS:probe.test 2> /dev/null

# Output on one line, ';' between keys, for like (grep reads lines).
flat() { printf '%s' "$1" | tr '\n' ';'; }

# ns TRIPLE PROBE ARGS...: run one probe in a mount and network namespace
# (loopback only), through qemu for aarch64.
ns() {
	local t=$1 p=$2 run
	shift 2
	case $t in
	aarch64-linux-musl) run="qemu-aarch64" ;;
	aarch64-linux-gnu) run="qemu-aarch64 -L /usr/aarch64-linux-gnu" ;;
	*) run="" ;;
	esac
	unshare --mount --net sh -c 'ip link set lo up && mount --bind "$1" /etc/hosts &&
		mount --bind "$2" /etc/resolv.conf && shift 2 && exec "$@"' sh \
		"$T/hosts" "$T/resolv.conf" $run "$OUT/validate/$t/bin/probe-$p" "$@"
}

# A TLS server on loopback inside its own namespace is out of the probes'
# reach, so the TLS case starts one inside the same namespace.
tls_case() {
	local t=$1 run=
	shift
	case $t in
	aarch64-linux-musl) run="qemu-aarch64" ;;
	aarch64-linux-gnu) run="qemu-aarch64 -L /usr/aarch64-linux-gnu" ;;
	esac
	rm -f "$T/srv.out"
	unshare --mount --net bash -c '
		ip link set lo up || exit 1
		dir=$1
		shift
		openssl s_server -www -accept 127.0.0.1:4433 -cert "$dir/cert.pem" -key "$dir/key.pem" > "$dir/srv.out" 2>&1 < /dev/null &
		srv=$!
		# s_server says ACCEPT once it listens.
		for i in $(seq 1000); do grep -q ^ACCEPT "$dir/srv.out" 2> /dev/null && break; sleep 0.01; done
		"$@"; rc=$?
		kill $srv; wait $srv 2> /dev/null
		exit $rc' sh "$T" $run "$OUT/validate/$t/bin/probe-tls" 127.0.0.1 4433 "$@"
}

for t in $TRIPLES; do
	arch=${t%%-*}
	for p in $PROBES; do
		b=$OUT/validate/$t/bin/probe-$p
		ok $([ -x "$b" ]; echo $?) "$t: probe-$p built"
		if [ "${t#*-linux-}" = musl ]; then
			"$ELFCHECK" --static --arch "$arch" "$b" > "$T/elfcheck.out" 2>&1
			is "$?" 0 "$t: probe-$p passes elfcheck --static --arch $arch"
		else
			interp=$(readelf -l "$b" 2> /dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
			want=/lib64/ld-linux-x86-64.so.2
			[ "$arch" = aarch64 ] && want=/lib/ld-linux-aarch64.so.1
			is "$interp" "$want" "$t: probe-$p is dynamic with interpreter $want"
			needed=$(readelf -d "$b" 2> /dev/null | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
			like "$needed" '^(ld-linux-[a-z0-9_-]+\.so\.[12] )?libc\.so\.6 $' "$t: probe-$p needs glibc only: $needed"
		fi
	done

	out=$(ns "$t" gai probe-host.test)
	is "$?" 0 "$t: probe-gai exits 0"
	like "$(flat "$out")" '^rc=0;addr=inet 127\.0\.0\.7;entries=[23]$' "$t: probe-gai finds the name in /etc/hosts"
	out=$(ns "$t" gai probe-host.test --family inet --socktype stream --flags canonname)
	is "$out" $'rc=0\naddr=inet 127.0.0.7\nentries=1\ncanonname=probe-host.test' "$t: probe-gai, one socket type, canonical name"
	ns "$t" gai probe-host.test --family ipx > /dev/null 2>&1
	is "$?" 2 "$t: probe-gai: a bad --family is a usage error (exit 2)"
	ns "$t" gai > /dev/null 2>&1
	is "$?" 2 "$t: probe-gai: no NAME is a usage error (exit 2)"
	out=$(ns "$t" gai probe-host.test --service 80 --family inet --socktype stream --entries)
	is "$out" $'rc=0\nentry=inet 127.0.0.7 port=80 stream tcp\naddr=inet 127.0.0.7\nentries=1' \
		"$t: probe-gai --entries: each entry with its port, socket type and protocol"

	out=$(ns "$t" hostent probe-host.test)
	like "$(flat "$out")" '^rc=0;name=probe-host\.test;(alias=[a-z.-]+;)*addr=inet 127\.0\.0\.7$' "$t: probe-hostent"
	out=$(ns "$t" reverse 127.0.0.7)
	is "$out" $'rc=0\nname=probe-host.test' "$t: probe-reverse reads /etc/hosts"
	ns "$t" reverse not-an-address > /dev/null 2>&1
	is "$?" 2 "$t: probe-reverse: not an address is a usage error"
	out=$(ns "$t" reverse 127.0.0.7 --port 80 --flags numerichost,numericserv)
	is "$out" $'rc=0\nname=127.0.0.7\nserv=80' "$t: probe-reverse --port --flags: numeric host and service"
	out=$(ns "$t" hostent --addr 127.0.0.7)
	like "$(flat "$out")" '^rc=0;name=probe-host\.test;' "$t: probe-hostent --addr: gethostbyaddr from /etc/hosts"
	out=$(ns "$t" errtext)
	like "$(flat "$out")" '^gai_strerror\.EAI_BADFLAGS=[^;]+;.*;hstrerror\.HOST_NOT_FOUND=[^;]+;' \
		"$t: probe-errtext prints a text per code"
	out=$(ns "$t" libc inet)
	like "$(flat "$out")" '(^|;)pton4\.127\.0\.0\.1=1 127\.0\.0\.1;' "$t: probe-libc inet: inet_pton and inet_ntop"
	ns "$t" libc no-such-scenario > /dev/null 2>&1
	is "$?" 2 "$t: probe-libc: an unknown subcommand is a usage error"

	out=$(ns "$t" cares probe-host.test --family inet)
	is "$out" $'rc=0\naddr=inet 127.0.0.7\nentries=1' "$t: probe-cares reads /etc/hosts itself"
	out=$(ns "$t" cares --servers)
	is "$out" $'server=127.0.0.1:53\ntimeout_ms=1000\nndots=2\ntries=4\nrotate=n/a' \
		"$t: probe-cares --servers reports resolv.conf as c-ares parsed it"

	out=$(tls_case "$t" --servername probe.test --cafile "$T/cert.pem")
	like "$(flat "$out")" '^ca_source=cafile;.*;handshake=ok;verify=ok;version=TLSv1\.[23];error=none$' "$t: probe-tls: handshake against a trusted server"
	out=$(tls_case "$t" --servername other.test --cafile "$T/cert.pem")
	like "$(flat "$out")" ';handshake=fail;verify=CN_MISMATCH;version=none;error=X509_CERT_VERIFY_FAILED$' "$t: probe-tls: a name mismatch by flag name"
	out=$(SSL_CERT_FILE=$T/cert.pem SSL_CERT_DIR= tls_case "$t" --servername probe.test)
	like "$(flat "$out")" '^ca_source=SSL_CERT_FILE;ca_path=[^;]*/cert\.pem;ca_certificates=1;handshake=ok;' "$t: probe-tls finds the CA store as the SEA does (SSL_CERT_FILE)"
	ns "$t" tls 127.0.0.1 > /dev/null 2>&1
	is "$?" 2 "$t: probe-tls: no PORT is a usage error"

	out=$(LC_ALL=C ns "$t" locale)
	is "$?" 0 "$t: probe-locale exits 0"
	like "$(flat "$out")" '^setlocale\.env=C;' "$t: probe-locale: the C locale from the environment"
	like "$(flat "$out")" ';C/mb_cur_max=1;C/decimal_point=\.;' "$t: probe-locale: C has MB_CUR_MAX 1 and '.'"
	like "$(flat "$out")" ';C/strcoll=Apfel,Arzt,B,Ofen,Ufer,Zebra,a,apfel,ss,zebra,' "$t: probe-locale: C collates by bytes"
	ns "$t" locale extra > /dev/null 2>&1
	is "$?" 2 "$t: probe-locale: an argument is a usage error"
done
done_testing
