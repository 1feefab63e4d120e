#!/bin/bash
# The toolchain tarballs: listed in SHA256SUMS; the cross compiler and the
# sysroot of libraries, the license texts of every recipe in them and a valid
# SBOM; unpacked somewhere else, the compiler builds a static program against
# the sysroot's libraries, and it runs.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
version=$(git -C "$TOP" describe --tags --always --dirty)
for t in $TEST_TRIPLES; do
	base=muslforge-toolchain-$version-$t
	tx=$OUT/dist/$base.tar.xz
	ok $([ -f "$tx" ]; echo $?) "$base.tar.xz exists"
	[ -f "$tx" ] || continue
	grep -q " $base.tar.xz\$" "$OUT/dist/SHA256SUMS"; ok $? "$t: listed in SHA256SUMS"
	d=$T/elsewhere/$t && mkdir -p "$d" && tar -xJf "$tx" -C "$d"
	r=$d/$base
	ok $([ -x "$r/toolchain/bin/$t-gcc" ] && [ -f "$r/sysroot/usr/lib/libmbedtls.a" ]; echo $?) "$t: compiler and sysroot inside"
	"$TOP/tests/sbom-validate.py" "$OUT/host/cyclonedx-schema" "$r/sbom.cdx.json" > "$T/v.out" 2>&1
	is "$?" 0 "$t: its SBOM validates against the CycloneDX 1.5 schema"
	missing=
	for f in "$TOP"/toolchain/*.mk "$TOP"/recipes/*.mk; do
		p=$(basename "$f" .mk)
		grep -q "^${p}_SOURCES" "$f" || continue
		[ -d "$r/LICENSES/$p" ] || missing="$missing $p"
	done
	is "${missing:-none}" none "$t: license texts of every recipe"
	cat > "$T/tls.c" <<'C'
#include <stdio.h>
#include <mbedtls/version.h>
int main(void) { char v[32]; mbedtls_version_get_string(v); printf("mbedtls %s\n", v); return 0; }
C
	"$r/toolchain/bin/$t-gcc" -static-pie -I"$r/sysroot/usr/include" -L"$r/sysroot/usr/lib" \
		-o "$T/tls-$t" "$T/tls.c" -lmbedcrypto > "$T/cc.out" 2>&1
	is "$?" 0 "$t: the unpacked compiler links against the unpacked sysroot"
	like "$(run_target "$t" "$T/tls-$t" 2>&1)" "^mbedtls 3\." "$t: ... and the program runs"
done
done_testing
