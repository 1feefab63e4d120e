#!/bin/bash
# For each triple: the unwinder finds a static-pie program's FDEs through
# PT_GNU_EH_FRAME, and crtbeginS.o no longer registers .eh_frame before main.
# Registering made libgcc walk every FDE at start-up: about a quarter of
# `gateway --version` (patches/gcc/14.2.0/0002, docs/performance.md).
# -static (crtbeginT.o, no --eh-frame-hdr) keeps the registry.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
for t in $TEST_TRIPLES; do
	cxx=$OUT/toolchain/$t/bin/$t-g++
	if [ ! -x "$cxx" ]; then ok 1 "$t: toolchain is built ($cxx)"; continue; fi
	crt=$("$cxx" -print-file-name=crtbeginS.o)
	syms=$(nm "$crt" 2>&1)
	ok $? "$t: nm reads $crt"
	ok $(printf '%s\n' "$syms" | grep -q 'register_frame_info'; [ $? = 1 ]; echo $?) \
		"$t: crtbeginS.o does not call __register_frame_info"
	crt=$("$cxx" -print-file-name=crtbeginT.o)
	ok $(nm "$crt" | grep -q ' __register_frame_info$'; echo $?) \
		"$t: crtbeginT.o (-static, no header table) still registers"
	bin=$T/eh-$t
	check "$t: C++ program links with -static-pie" "$cxx" -O2 -std=c++17 -pthread -static-pie \
		-o "$bin" "$TOP/tests/src/cxx-features.cc"
	ok $(readelf -lW "$bin" | grep -q 'GNU_EH_FRAME'; echo $?) "$t: the program has PT_GNU_EH_FRAME"
	like "$(run_target "$t" "$bin" 2>&1)" "caught 'from the bottom' after 11 destructors" \
		"$t: an exception is caught across frames without the registry"
done
done_testing
