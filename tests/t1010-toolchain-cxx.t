#!/bin/bash
# For each triple: a C++ program (iostream, std::thread, thread_local, an
# exception thrown across frames) links -static and -static-pie and runs.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
want="caught 'from the bottom' after 11 destructors
1 102 203 304 main thread_local 0"
for t in $TEST_TRIPLES; do
	cxx=$OUT/toolchain/$t/bin/$t-g++
	if [ ! -x "$cxx" ]; then ok 1 "$t: toolchain is built ($cxx)"; continue; fi
	for mode in static static-pie; do
		bin=$T/cxx-$t-$mode
		check "$t: C++ program links with -$mode" "$cxx" -O2 -std=c++17 -pthread -$mode -o "$bin" "$TOP/tests/src/cxx-features.cc"
		is "$(run_target "$t" "$bin" 2>&1)" "$want" "$t: -$mode C++ binary runs correctly"
		ok $(no_interp_no_needed "$bin"; echo $?) "$t: -$mode C++ binary has no PT_INTERP and no DT_NEEDED"
	done
done
done_testing
