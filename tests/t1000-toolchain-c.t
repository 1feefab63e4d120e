#!/bin/bash
# For each triple: a C program links -static and -static-pie, runs, and has
# no PT_INTERP and no DT_NEEDED.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
for t in $TEST_TRIPLES; do
	cc=$OUT/toolchain/$t/bin/$t-gcc
	if [ ! -x "$cc" ]; then ok 1 "$t: toolchain is built ($cc)"; continue; fi
	for mode in static static-pie; do
		bin=$T/hello-$t-$mode
		check "$t: C program links with -$mode" "$cc" -O2 -$mode -o "$bin" "$TOP/tests/src/hello.c"
		out=$(run_target "$t" "$bin" one two 2>&1); rc=$?
		is "$rc:$out" "3:hello from main, 3 args, strerror(ENOENT)=No such file or directory" "$t: -$mode binary runs (exit code and output)"
		ok $(no_interp_no_needed "$bin"; echo $?) "$t: -$mode binary has no PT_INTERP and no DT_NEEDED"
	done
	ok $(is_static_pie "$T/hello-$t-static-pie"; echo $?) "$t: -static-pie gives a PIE (ET_DYN with DF_1_PIE)"
	ok $(readelf -hW "$T/hello-$t-static" | grep -q 'Type: *EXEC'; echo $?) "$t: -static without -pie gives ET_EXEC"
	is "$(machine_of "$T/hello-$t-static")" "$(readelf_machine "$t")" "$t: machine type"
done
done_testing
