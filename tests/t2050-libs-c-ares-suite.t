#!/bin/bash
# c-ares's own test suite (arestest, googletest with in-process mock DNS
# servers on loopback) passes on each target. Tests that need the Internet
# (*Live*) cannot run here and are filtered out.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/libs-lib.sh"
FILTER=${CARES_FILTER:-"-*Live*"}
for t in $TEST_TRIPLES; do
	b=$OUT/testsuites/$t/c-ares/arestest
	if [ ! -x "$b" ]; then ok 1 "$t: arestest is built"; continue; fi
	out=$(run_target "$t" "$b" --gtest_filter="$FILTER" 2>&1); rc=$?
	passed=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) tests\?\.$/\1/p')
	diag "$t: $(printf '%s\n' "$out" | grep -E '^\[(==========|  PASSED  |  FAILED  )\]' | tr '\n' ' ')"
	[ $rc = 0 ] || diag "$(printf '%s\n' "$out" | grep -E 'FAILED|Failure' | head -20)"
	ok $([ $rc = 0 ] && [ "${passed:-0}" -gt 0 ]; echo $?) "$t: arestest passes ($passed tests)"
done
done_testing
