#!/bin/bash
# A toolchain still works after its folder is moved: the copy compiles and
# links while the original path is hidden (a private mount namespace).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
# Without a private mount namespace the original path stays visible and a
# toolchain that still used it would pass: not a test worth passing.
[ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null || skip_all "needs root and unshare -m to hide the original path"
for t in $TEST_TRIPLES; do
	src=$OUT/toolchain/$t
	if [ ! -x "$src/bin/$t-gcc" ]; then ok 1 "$t: toolchain is built"; continue; fi
	cp -al "$src" "$T/moved-$t"
	run() { unshare -m sh -c 'mount -t tmpfs none "$1" && shift && exec "$@"' sh "$src" "$@"; }
	check "$t: moved gcc links a static C program" run "$T/moved-$t/bin/$t-gcc" -static -o "$T/c-$t" "$TOP/tests/src/hello.c"
	check "$t: moved g++ links a static-pie C++ program" run "$T/moved-$t/bin/$t-g++" -static-pie -pthread -o "$T/cxx-$t" "$TOP/tests/src/cxx-features.cc"
	like "$(run_target "$t" "$T/cxx-$t" 2>&1)" "main thread_local 0" "$t: the result runs"
	sysroot=$(run "$T/moved-$t/bin/$t-gcc" -print-sysroot)
	is "$(cd "$sysroot" 2>/dev/null && pwd -P)" "$(cd "$T/moved-$t/$t" && pwd -P)" "$t: the sysroot follows the moved folder"
done
done_testing
