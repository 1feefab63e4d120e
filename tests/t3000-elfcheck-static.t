#!/bin/bash
# elfcheck --static: only fully static executables pass.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool musl-gcc "apt-get install musl-tools"
need_tool readelf
build_elfcheck

for f in musl-static musl-static-pie glibc-static glibc-dyn musl-textrel-pie textrel.so; do
	fixture $f || { echo "Bail out! cannot build fixture $f"; exit 1; }
done

# The fixtures are what they claim to be, judged by readelf.
like "$(readelf -lW "$T/musl-static-pie"; readelf -dW "$T/musl-static-pie")" 'FLAGS_1.*PIE' \
	'fixture: musl static-pie has DF_1_PIE'
! readelf -lW "$T/musl-static-pie" | grep -q INTERP
ok $? 'fixture: musl static-pie has no PT_INTERP'
like "$(readelf -dW "$T/musl-textrel-pie")" 'TEXTREL' 'fixture: textrel static-pie has DT_TEXTREL'

for f in musl-static musl-static-pie glibc-static; do
	run_ec --static "$T/$f"
	is "$rc" 0 "--static passes $f"
	like "$(cat "$T/out")" 'static +ok' "--static says ok for $f"
done

run_ec --static "$T/glibc-dyn"
is "$rc" 1 '--static fails a glibc dynamic binary'
like "$(cat "$T/out")" 'static +FAIL:.*PT_INTERP /lib64/ld-linux-x86-64.so.2' 'names PT_INTERP and the interpreter'
like "$(cat "$T/out")" 'DT_NEEDED libc.so.6' 'names DT_NEEDED libc.so.6'

# A static-pie is only told from a shared object by DF_1_PIE.
cp "$T/musl-static-pie" "$T/nopie"
elfpatch "$T/nopie" clear-dyn-bits 0x6ffffffb 0x08000000
unlike_pie=$(readelf -dW "$T/nopie" | grep FLAGS_1 || true)
! printf '%s' "$unlike_pie" | grep -q PIE
ok $? 'fixture: DF_1_PIE cleared in the patched copy'
run_ec --static "$T/nopie"
is "$rc" 1 '--static fails a static-pie without DF_1_PIE'
like "$(cat "$T/out")" 'without DF_1_PIE' 'and says DF_1_PIE is missing'

run_ec --static "$T/musl-textrel-pie"
is "$rc" 1 '--static fails a static-pie with text relocations'
like "$(cat "$T/out")" 'text relocations \(DT_TEXTREL\)' 'names DT_TEXTREL'
like "$(cat "$T/out")" 'text relocations \(DF_TEXTREL\)' 'names DF_TEXTREL'

run_ec --static "$T/textrel.so"
is "$rc" 1 '--static fails a shared object with text relocations'

# Without --static the same files are only reported.
run_ec "$T/glibc-dyn" "$T/musl-textrel-pie"
is "$rc" 0 'no check options: report only, exit 0'
like "$(cat "$T/out")" 'textrel +yes' 'the report shows text relocations'

# Several files: the worst exit code wins and every file is reported.
run_ec --static "$T/musl-static" "$T/glibc-dyn" "$T/musl-static-pie"
is "$rc" 1 'exit code is the worst over the files'
is "$(grep -c '^  result' "$T/out")" 3 'all three files reported'
is "$(grep -c 'result *PASS' "$T/out")" 2 'two of them pass'

done_testing
