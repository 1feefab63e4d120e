#!/bin/bash
# --static fails a dynamic binary disguised as static: PT_INTERP turned
# into PT_NULL and DT_NEEDED into another tag. It still needs symbol
# versions from libc (DT_VERNEED), which a static binary never does, and
# the kernel, running it without a loader, cannot make it work.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool musl-gcc "apt-get install musl-tools"
need_tool python3
need_tool readelf
[ "$(uname -m)" = x86_64 ] || skip_all 'runs x86_64 binaries'
build_elfcheck
write_elfpy
for f in glibc-dyn musl-static; do
	fixture $f || { echo "Bail out! cannot build fixture $f"; exit 1; }
done

python3 - "$T" "$T/glibc-dyn" "$T/disguised" <<'EOP'
import sys
sys.path.insert(0, sys.argv[1])
from elfpy import Elf
e = Elf(sys.argv[2])
e.put('I', e.phdr(3), 0)                  # PT_INTERP -> PT_NULL
for o, tag, _ in e.dyn():
    if tag == 1:
        e.put('q', o, 21)                 # DT_NEEDED -> DT_DEBUG
e.save(sys.argv[3])
EOP
ok $? 'disguise a glibc dynamic binary'
chmod +x "$T/disguised"
! readelf -lW "$T/disguised" | grep -q INTERP && ! readelf -dW "$T/disguised" | grep -q NEEDED
ok $? 'fixture: readelf sees neither PT_INTERP nor DT_NEEDED'

is "$(kernel_verdict "$T/musl-static")" 'exit 0' 'a real static binary runs without a loader'
run_ec --static "$T/musl-static"
is "$rc" 0 'and passes --static'

verdict=$(kernel_verdict "$T/disguised")
like "$verdict" '^signal ' "the disguised one does not run without its loader ($verdict)"
run_ec --static "$T/disguised"
is "$rc" 1 '--static fails it'
like "$(cat "$T/out")" 'static +FAIL:.*DT_VERNEED: needs symbol versions from libc\.so\.6' 'because of DT_VERNEED against libc.so.6'
like "$(cat "$T/out")" 'glibc-max +GLIBC_2\.' 'its report shows a glibc maximum'
run_ec --static --json "$T/disguised"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))[0]["checks"]["static"]; assert not s["ok"] and any(r["reason"].startswith("DT_VERNEED") and r["value"]=="libc.so.6" for r in s["reasons"]), s' "$T/out"
ok $? 'JSON: the static reasons name DT_VERNEED and libc.so.6'

done_testing
