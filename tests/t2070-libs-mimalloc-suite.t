#!/bin/bash
# mimalloc's own tests (the API tests and the threaded stress test) pass on each target.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/libs-lib.sh"
for t in $TEST_TRIPLES; do
	d=$OUT/testsuites/$t/mimalloc
	if [ ! -d "$d" ]; then ok 1 "$t: mimalloc tests are built"; continue; fi
	for api in api api-fill; do
		out=$(run_target "$t" "$d/mimalloc-test-$api" 2>&1); rc=$?
		diag "$t test-$api: $(printf '%s\n' "$out" | grep -iE '^(passed|failed)' | tr -s ' \n' ' ')"
		ok $rc "$t: mimalloc-test-$api passes"
	done
	threads=4 scale=${MIMALLOC_STRESS_SCALE:-25} iter=${MIMALLOC_STRESS_ITER:-5}
	out=$(run_target "$t" "$d/mimalloc-test-stress" $threads $scale $iter 2>&1); rc=$?
	ok $rc "$t: mimalloc-test-stress passes ($threads threads, scale $scale, $iter iterations)"
	[ $rc = 0 ] || diag "$(printf '%s\n' "$out" | tail -5)"
done
done_testing
