#!/bin/bash
# Other build systems use the same toolchain and sysroot: a CMake project
# through the per-target toolchain file, and a pkg-config-driven Makefile
# through `make env`, both against Z3 and mbedTLS.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/libs-lib.sh"
want="p and not p: unsat
sha256(abc): $(printf abc | sha256sum | cut -d' ' -f1)"
for t in $TEST_TRIPLES; do
	if ! libs_built "$t"; then ok 1 "$t: libraries are built"; continue; fi
	target_env "$t"
	is "$MUSLFORGE_TRIPLE" "$t" "$t: make env names the triple"
	ok $([ -x "$CC" ] && [ -x "$CXX" ] && [ -x "$AR" ]; echo $?) "$t: make env's CC, CXX and AR exist"

	cp -r "$TOP/tests/src/cmake-project" "$T/cmake-$t"; cp "$TOP/tests/src/z3-mbedtls.c" "$T/"
	check "$t: CMake configures with the toolchain file" cmake -S "$T/cmake-$t" -B "$T/cmake-$t/build" \
		-DCMAKE_TOOLCHAIN_FILE="$CMAKE_TOOLCHAIN_FILE" -DCMAKE_BUILD_TYPE=Release
	check "$t: CMake builds" cmake --build "$T/cmake-$t/build"
	ok $(no_interp_no_needed "$T/cmake-$t/build/check"; echo $?) "$t: the CMake-built binary is fully static"
	is "$(run_target "$t" "$T/cmake-$t/build/check" 2>&1)" "$want" "$t: the CMake-built binary runs"

	cp -r "$TOP/tests/src/pkgconfig-project" "$T/pc-$t"
	check "$t: pkg-config Makefile project builds with make env" make -C "$T/pc-$t" CC="$CC" CXX="$CXX"
	ok $(no_interp_no_needed "$T/pc-$t/check"; echo $?) "$t: the pkg-config-built binary is fully static"
	is "$(run_target "$t" "$T/pc-$t/check" 2>&1)" "$want" "$t: the pkg-config-built binary runs"
done
done_testing
