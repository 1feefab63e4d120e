#!/bin/bash
# elfcheck --arch: the machine type must match; options combine.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool musl-gcc "apt-get install musl-tools"
need_tool readelf
build_elfcheck
for f in musl-static glibc-dyn; do
	fixture $f || { echo "Bail out! cannot build fixture $f"; exit 1; }
done

# A real aarch64 binary when the cross compiler is there, otherwise a
# copy with e_machine patched to EM_AARCH64 (183), which is all --arch reads.
if command -v aarch64-linux-gnu-gcc > /dev/null 2>&1 &&
	$NICE aarch64-linux-gnu-gcc -static -o "$T/arm64" "$T/hello.c" 2> /dev/null; then
	diag 'aarch64 fixture: built with aarch64-linux-gnu-gcc'
else
	cp "$T/musl-static" "$T/arm64"
	elfpatch "$T/arm64" set-ehdr e_machine 183
	diag 'aarch64 fixture: x86_64 musl static binary with e_machine patched to 183'
fi
like "$(readelf -hW "$T/arm64")" 'Machine: +AArch64' 'fixture: readelf sees an AArch64 binary'

run_ec --arch x86_64 "$T/musl-static"
is "$rc" 0 '--arch x86_64 passes an x86_64 binary'
like "$(cat "$T/out")" 'arch +ok \(x86_64\)' 'and says so'
run_ec --arch aarch64 "$T/musl-static"
is "$rc" 1 '--arch aarch64 fails an x86_64 binary'
like "$(cat "$T/out")" 'arch +FAIL: x86_64, expected aarch64' 'names both machines'
run_ec --arch aarch64 "$T/arm64"
is "$rc" 0 '--arch aarch64 passes an aarch64 binary'
like "$(cat "$T/out")" 'machine +aarch64' 'report shows machine aarch64'
run_ec --arch=x86_64 "$T/arm64"
is "$rc" 1 '--arch=x86_64 fails an aarch64 binary'

run_ec --arch riscv64 "$T/musl-static"
is "$rc" 2 'unknown architecture is a usage error'
like "$(cat "$T/err")" 'unknown --arch' 'with a message'
run_ec --arch
is "$rc" 2 '--arch without a value is a usage error'

# Options combine: both checks apply to every file.
run_ec --static --arch aarch64 "$T/arm64" "$T/musl-static"
is "$rc" 1 '--static --arch aarch64: the x86_64 file fails'
is "$(grep -c 'result *PASS' "$T/out")" 1 'the aarch64 static file passes both'
run_ec --static --arch x86_64 "$T/musl-static" "$T/glibc-dyn"
is "$rc" 1 '--static --arch x86_64: the dynamic file fails'
like "$(cat "$T/out")" 'static +FAIL' 'static check reported'
like "$(cat "$T/out")" 'arch +ok' 'arch check reported'
run_ec --static --arch x86_64 --json "$T/musl-static"
is "$rc" 0 'all checks pass for the musl static x86_64 binary'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))[0]; c=d["checks"]; assert c["static"]["ok"] and c["arch"]["ok"] and c["arch"]["actual"]=="x86_64", c' "$T/out"
ok $? 'JSON shows both checks passing'

done_testing
