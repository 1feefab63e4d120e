#!/bin/bash
# A release tarball's SBOM components and LICENSES are what its program's
# link took, read from the linker map every link writes (mk/quiet.mk,
# mk/scripts/link-components), not a list kept by hand: for every artifact
# and musl triple the three are equal. link-components itself: an archive
# that gave a member counts, one only searched does not, an object loaded
# whole counts, the program's own objects do not, a map from another out/
# is read by the paths inside it, and a file under out/ that no recipe
# installed is an error.
. "$(dirname "$0")/lib.sh"
LC=$TOP/mk/scripts/link-components
VERSION=${VERSION:-$(git -C "$TOP" describe --tags --always --dirty 2> /dev/null || echo 0.0.0)}

for t in ${TEST_TRIPLES:-x86_64-linux-musl aarch64-linux-musl}; do
	arch=${t%%-*}
	for a in gateway elfcheck sea-runtime doctor; do
		case $a in
		gateway) map=$OUT/target/$t/gateway/bin/gateway.map ;;
		elfcheck) map=$OUT/target/$t/elfcheck/bin/elfcheck.map ;;
		*) map=$OUT/target/$t/sea/bin/sea-runtime.map ;;
		esac
		tarball=$OUT/dist/$a-$VERSION-$arch-unknown-linux-musl.tar.gz
		if [ ! -f "$tarball" ]; then ok 1 "$t: $a: $tarball exists (make dist)"; continue; fi
		linked=$("$LC" "$map" "$t" "$OUT" | tr '\n' ' ')
		rm -rf "$T/x" && mkdir -p "$T/x" && tar -xzf "$tarball" -C "$T/x"
		base=$T/x/$a-$VERSION-$arch-unknown-linux-musl
		sbom=$(python3 -c 'import json,sys; print(" ".join(sorted(c["name"] for c in json.load(open(sys.argv[1]))["components"])))' \
			"$base/sbom.cdx.json")
		licenses=$(ls "$base/LICENSES" | grep -vx "$a" | sort | tr '\n' ' ')
		like "$linked" "(^| )gcc .*musl " "$t: $a: its link took gcc and musl at least ($linked)"
		is "$sbom " "$linked" "$t: $a: the SBOM's components are what the link took"
		is "$licenses" "$linked" "$t: $a: so are LICENSES/"
	done
done
like "$("$LC" "$OUT/target/x86_64-linux-musl/elfcheck/bin/elfcheck.map" x86_64-linux-musl "$OUT" | tr '\n' ' ')" \
	"mimalloc" "elfcheck links mimalloc's object (the hand-kept list had left it out)"

# link-components on a made-up map, in a scratch output directory.
o=$T/out
mkdir -p "$o/manifests/x86_64-linux-musl" "$o/sysroot/x86_64-linux-musl/usr/lib" "$o/toolchain/x86_64-linux-musl/lib"
for f in sysroot/x86_64-linux-musl/usr/lib/liba.a sysroot/x86_64-linux-musl/usr/lib/libb.a \
	sysroot/x86_64-linux-musl/usr/lib/obj.o toolchain/x86_64-linux-musl/lib/libc.a; do : > "$o/$f"; done
printf './usr/lib/liba.a\n' > "$o/manifests/x86_64-linux-musl/a"
printf './usr/lib/libb.a\n' > "$o/manifests/x86_64-linux-musl/b"
printf './usr/lib/obj.o\n' > "$o/manifests/x86_64-linux-musl/objrecipe"
printf './lib/libc.a\n' > "$o/manifests/x86_64-linux-musl/libc"
cat > "$T/good.map" <<MAP
Archive member included to satisfy reference by file (symbol)

$o/sysroot/x86_64-linux-musl/usr/lib/liba.a(one.o)
                              main.o (one)
$o/toolchain/x86_64-linux-musl/lib/libc.a(printf.lo)
                              $o/sysroot/x86_64-linux-musl/usr/lib/liba.a(one.o) (printf)

Discarded input sections

LOAD $T/main.o
LOAD $o/sysroot/x86_64-linux-musl/usr/lib/obj.o
LOAD $o/sysroot/x86_64-linux-musl/usr/lib/liba.a
LOAD $o/sysroot/x86_64-linux-musl/usr/lib/libb.a
LOAD $o/toolchain/x86_64-linux-musl/lib/libc.a
MAP
is "$("$LC" "$T/good.map" x86_64-linux-musl "$o" | tr '\n' ' ')" "a libc objrecipe " \
	"members and whole objects count; a searched archive that gave nothing (libb.a) and the program's own object do not"
: > "$o/sysroot/x86_64-linux-musl/usr/lib/libstray.a"
sed "s|liba.a(one.o)|libstray.a(x.o)|" "$T/good.map" > "$T/stray.map"
out=$("$LC" "$T/stray.map" x86_64-linux-musl "$o" 2>&1)
is "$?" 1 "a member from a file no recipe installed is an error"
like "$out" "no recipe installed .*libstray\.a" "naming the file"
# A map written by another clone or machine (a recipe's program restored from
# the binary cache) names that one's out/: matched by the path in the prefix.
sed "s|$o/|/elsewhere/build/out/|g" "$T/good.map" > "$T/moved.map"
is "$("$LC" "$T/moved.map" x86_64-linux-musl "$o" | tr '\n' ' ')" "a libc objrecipe " \
	"a map naming another out/ gives the same recipes, by the path inside toolchain/ or sysroot/"
sed "s|$o/sysroot/x86_64-linux-musl/usr/lib/liba.a(one.o)|/elsewhere/out/sysroot/x86_64-linux-musl/usr/lib/libgone.a(x.o)|" "$T/good.map" > "$T/moved-stray.map"
out=$("$LC" "$T/moved-stray.map" x86_64-linux-musl "$o" 2>&1)
is "$?" 1 "there, a sysroot file no recipe here installed is an error too"
out=$("$LC" "$T/none.map" x86_64-linux-musl "$o" 2>&1)
is "$?" 1 "a missing map is an error"
like "$out" "no link map" "saying so"
done_testing
