#!/bin/bash
# The example tree (examples/: curl with mbedTLS, c-ares, zlib and nghttp2;
# jq with its own oniguruma recipe; zstd through its Meson build), copied
# to a directory outside the repository and released from there for both
# musl arches (make release EXTERNAL=copy PROGRAMS="curl jq zstd"), as an
# outside project would. Each tarball is named with the project's version,
# its program is fully static for its arch (the gate) and works, its SBOM's
# components and LICENSES/ are what the kept link map says it linked, and
# the stripped program names no path of the machine that built it. The
# output is the test's own; the binary cache is shared (make examples fills
# it), so this restores rather than builds.
. "$(dirname "$0")/lib.sh"
CACHE=${CACHE_DIR:-$HOME/.cache/muslforge}
copy=$T/outside/examples
mkdir -p "$T/outside"
cp -R "$TOP/examples" "$copy"
make --no-print-directory -C "$TOP" OUT="$T/out" CACHE_DIR="$CACHE" EXTERNAL="$copy" ARCH="x86_64 aarch64" \
	PROGRAMS="curl jq zstd" release > "$T/make.out" 2>&1
rc=$?
is "$rc" 0 "make release EXTERNAL=<a copy outside the repository> PROGRAMS=\"curl jq zstd\""
[ $rc = 0 ] || diag "$(tail -n 30 "$T/make.out")"
is "$(grep -cE '^ +BUILD ' "$T/make.out")" 0 "every recipe came from the binary cache (make examples built them)"
rel=$T/out/release
version() { sed -n "s/^$1_VERSION *:= *//p" "$copy/recipes/$1.mk"; }
check "SHA256SUMS holds the six tarballs and they match it" sh -c \
	"cd '$rel' && [ \$(wc -l < SHA256SUMS) = 6 ] && sha256sum -c --quiet SHA256SUMS"

printf '{"a":{"b":[1,2,3]},"name":"muslforge"}\n' > "$T/in.json"
head -c 300000 /dev/urandom | base64 > "$T/data.txt"
for a in x86_64 aarch64; do
	t=$a-linux-musl
	run=
	[ $a = aarch64 ] && run=qemu-aarch64
	for p in curl jq zstd; do
		base=$p-$(version $p)-$a-unknown-linux-musl
		x=$T/x/$base
		rm -rf "$T/x" && mkdir -p "$T/x" && tar -xzf "$rel/$base.tar.gz" -C "$T/x" 2> /dev/null
		is "$?" 0 "$p [$t]: $base.tar.gz, named with $p's version"
		check "$p [$t]: bin/$p passes the gate (fully static, $a)" "$ELFCHECK" --static --arch "$a" "$x/bin/$p"
		map=$T/out/sysroot/$t/usr/share/muslforge/link-maps/usr/bin/$p.map
		linked=$("$TOP/mk/scripts/link-components" "$map" "$t" "$T/out" 2> /dev/null | tr '\n' ' ')
		is "$(python3 -c 'import json,sys; print(" ".join(sorted(c["name"] for c in json.load(open(sys.argv[1]))["components"])))' "$x/sbom.cdx.json" 2>&1) " \
			"$linked" "$p [$t]: the SBOM's components are what its link map says it linked ($linked)"
		is "$(ls "$x/LICENSES" 2> /dev/null | grep -vx "$p" | tr '\n' ' ')" "$linked" "$p [$t]: so are LICENSES/"
		is "$(strings "$x/bin/$p" | grep -cE "$T|$TOP|/var/tmp/|/out/(build|sysroot|toolchain)/")" 0 \
			"$p [$t]: no path of the building machine in its strings"
		case $p in
		curl)
			is "$(echo $linked)" "c-ares gcc mbedtls musl nghttp2 zlib" "curl [$t]: linked mbedTLS, c-ares, nghttp2, zlib, musl, libgcc"
			like "$($run "$x/bin/curl" --version 2>&1 | head -n 1)" \
				"^curl $(version curl) .* mbedTLS/[0-9.]+ zlib/[0-9.]+ c-ares/[0-9.]+ nghttp2/[0-9.]+" \
				"curl [$t]: --version names the four libraries"
			is "$($run "$x/bin/curl" -s "file://$T/in.json")" "$(cat "$T/in.json")" "curl [$t]: fetches a file:// URL" ;;
		jq)
			is "$(echo $linked)" "gcc mimalloc musl oniguruma" "jq [$t]: linked oniguruma, and mimalloc instead of musl's malloc"
			check "jq [$t]: its malloc is mimalloc's (the map loads mimalloc.o, not musl's malloc.lo)" \
				sh -c 'grep -q "^LOAD .*/mimalloc\.o$" "$1" && ! grep -q "libc\.a(malloc\.lo)" "$1"' - "$map"
			is "$($run "$x/bin/jq" -c '.a.b | map(. * 2)' "$T/in.json" 2>&1)" "[2,4,6]" "jq [$t]: filters JSON"
			is "$($run "$x/bin/jq" -r '.name | test("^m.*e$")' "$T/in.json" 2>&1)" "true" "jq [$t]: regular expressions (oniguruma) work" ;;
		zstd)
			$run "$x/bin/zstd" -q -19 -T2 "$T/data.txt" -o "$T/data.zst" 2> /dev/null
			is "$($run "$x/bin/zstd" -dc "$T/data.zst" 2> /dev/null | sha256sum)" "$(sha256sum < "$T/data.txt")" \
				"zstd [$t]: a file compressed with two threads comes back the same"
			rm -f "$T/data.zst" ;;
		esac
	done
done
done_testing
