#!/bin/bash
# A deep Z3 problem solved on a worker thread does not crash: the artifacts'
# link flags raise musl's default thread stack (128 KiB). The same program
# linked with the 128 KiB default is shown to crash, so the test can fail.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/libs-lib.sh"
depth=${Z3_DEEP_DEPTH:-5000}
for t in $TEST_TRIPLES; do
	if ! libs_built "$t"; then ok 1 "$t: libraries are built"; continue; fi
	target_env "$t"
	check "$t: z3-deep links with the artifact flags" \
		$CXX $CFLAGS $CPPFLAGS -x c "$TOP/tests/src/z3-deep.c" -x none $LDFLAGS -lz3 -pthread -o "$T/deep-$t"
	stack=$(readelf -lW "$T/deep-$t" | awk '$1 == "GNU_STACK" { print $6 }')
	is "$((stack))" 8388608 "$t: PT_GNU_STACK asks for an 8 MiB default thread stack"
	out=$(run_target "$t" "$T/deep-$t" "$depth" 2>&1); rc=$?
	is "$rc:$out" "0:sat x=7" "$t: depth $depth solved on a worker thread"
	check "$t: the same program linked with musl's 128 KiB default" \
		$CXX $CFLAGS $CPPFLAGS -x c "$TOP/tests/src/z3-deep.c" -x none ${LDFLAGS/stack-size=8388608/stack-size=131072} -lz3 -pthread -o "$T/shallow-$t"
	run_target "$t" "$T/shallow-$t" "$depth" > /dev/null 2>&1; rc=$?
	ok $([ $rc -ge 128 ] || [ $rc = 139 ]; echo $?) "$t: with 128 KiB it crashes (exit $rc), so the flag is what makes the difference"
done
done_testing
