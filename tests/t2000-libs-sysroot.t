#!/bin/bash
# Each target's sysroot holds headers, static libraries only, pkg-config and
# CMake files, and no build path leaks into the objects.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/libs-lib.sh"
for t in $TEST_TRIPLES; do
	s=$OUT/sysroot/$t/usr
	if ! libs_built "$t"; then ok 1 "$t: libraries are built"; continue; fi
	for h in z3.h mbedtls/ssl.h ares.h mimalloc.h; do
		ok $([ -f "$s/include/$h" ]; echo $?) "$t: header $h"
	done
	for a in libz3.a libmbedtls.a libmbedx509.a libmbedcrypto.a libcares.a libmimalloc.a mimalloc.o; do
		ok $([ -f "$s/lib/$a" ]; echo $?) "$t: $a"
	done
	is "$(find "$OUT/sysroot/$t" -name '*.so*' | head -3)" "" "$t: no shared libraries"
	for pc in z3 mbedtls mbedcrypto libcares mimalloc; do
		ok $([ -f "$s/lib/pkgconfig/$pc.pc" ]; echo $?) "$t: pkg-config file $pc.pc"
	done
	for c in z3/Z3Config.cmake MbedTLS/MbedTLSConfig.cmake c-ares/c-ares-config.cmake; do
		ok $([ -f "$s/lib/cmake/$c" ]; echo $?) "$t: CMake config $c"
	done
	for a in libz3.a libmbedcrypto.a libcares.a libmimalloc.a; do
		ok $(nm -A "$s/lib/$a" 2>/dev/null | grep -q ' U __stack_chk_fail$'; echo $?) "$t: $a was built with the stack protector (the target flags reached it)"
	done
	# Any clone's build directory (out/build/<triple>/...), not only this one's:
	# libraries restored from a cache another clone filled must be clean too.
	leaks=$(for a in "$s"/lib/*.a "$s"/lib/*.o; do strings -a "$a" | grep -qE "/build/$t/" && echo "$a"; done)
	is "$leaks" "" "$t: no build path in any static library or object (mimalloc.o included)"
	for a in libz3.a libmbedcrypto.a libcares.a libmimalloc.a; do
		is "$(machine_of "$s/lib/$a")" "$(readelf_machine "$t")" "$t: $a objects are for the target"
	done
done
done_testing
