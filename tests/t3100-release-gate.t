#!/bin/bash
# The build audits every artifact with elfcheck --static --arch before it
# ships, and stops on failure. Today's artifact is elfcheck itself, built
# fully static with each target's toolchain.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
for t in $TEST_TRIPLES; do
	d=$OUT/dist/$t/bin/elfcheck
	ok $([ -x "$d" ]; echo $?) "$t: elfcheck artifact shipped to out/dist"
	[ -x "$d" ] || continue
	like "$(cat "$d.audit")" "result +PASS" "$t: its audit report is kept beside it"
	ok $(no_interp_no_needed "$d"; echo $?) "$t: it is fully static (checked with readelf)"
	out=$(run_target "$t" "$d" --static "$d" 2>&1); rc=$?
	is "$rc" 0 "$t: the shipped elfcheck runs on the target and passes itself"
done

gate=$TOP/mk/scripts/ship
cc -o "$T/dynamic" "$TOP/tests/src/hello.c"
out=$("$gate" "$ELFCHECK" x86_64 "$T/dynamic" "$T/dist/dynamic" 2>&1); rc=$?
ok $((rc == 0)) "the gate stops on a dynamically linked binary"
like "$out" "failed the release audit" "it says the file failed the audit"
like "$out" "PT_INTERP|interpreter" "it shows why (the interpreter)"
ok $([ ! -e "$T/dist/dynamic" ] && [ ! -e "$T/dist/dynamic.tmp" ]; echo $?) "nothing was shipped"

musl-gcc -static -o "$T/static" "$TOP/tests/src/hello.c"
out=$("$gate" "$ELFCHECK" aarch64 "$T/static" "$T/dist/static" 2>&1); rc=$?
ok $((rc == 0)) "the gate stops on a binary for the wrong architecture"
ok $([ ! -e "$T/dist/static" ]; echo $?) "nothing was shipped"
"$gate" "$ELFCHECK" x86_64 "$T/static" "$T/dist/static" > /dev/null 2>&1
ok $([ -x "$T/dist/static" ]; echo $?) "the same binary ships for the right architecture"
done_testing
