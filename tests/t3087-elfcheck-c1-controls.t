#!/bin/bash
# Control characters never reach the terminal: C0, DEL and C1 (U+0080 to
# U+009F, such as U+009B, the one-byte CSI, whether UTF-8 encoded or a raw
# byte) and bytes that are not UTF-8 are printed as '?', in file names and
# in names from the file; JSON escapes them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool python3
need_tool od
build_elfcheck
fixture glibc-dyn || { echo 'Bail out! cannot build fixture glibc-dyn'; exit 1; }

c1=$(printf '\302\233')      # U+009B as UTF-8
raw=$(printf '\233')         # a raw 0x9B byte
nel=$(printf '\302\205')     # U+0085
name="$T/a${c1}b${raw}c${nel}d$(printf '\033')e"
cp "$T/glibc-dyn" "$name"
# DT_NEEDED libc.so.6 renamed to U+009B "bc.so.6" (same length).
python3 - "$T/glibc-dyn" "$T/needed" <<'EOP'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
i = b.index(b'\0libc.so.6\0') + 1
b[i:i + 9] = b'\xc2\x9bbc.so.6'
open(sys.argv[2], 'wb').write(b)
EOP

c1_bytes() { od -An -tx1 -v "$1" | tr ' ' '\n' | grep -Ec '^(8|9)[0-9a-f]$|^1b$'; }

run_ec "$name" "$T/needed"
is "$(head -n 1 "$T/out")" "$T/a?b?c?d?e" 'file name: C1 (UTF-8 and raw), ESC shown as ?'
like "$(cat "$T/out")" '^  needed +\?bc\.so\.6$' 'DT_NEEDED name: U+009B shown as ?'
is "$(c1_bytes "$T/out")" 0 'no C1, ESC or stray high byte in the report'

run_ec "$name.missing"
like "$(cat "$T/err")" "^elfcheck: $T/a\\?b\\?c\\?d\\?e\\.missing: cannot open" 'stderr: the name masked too'
is "$(c1_bytes "$T/err")" 0 'no C1 or ESC byte on stderr'

# UTF-8 that is not a control character is kept.
cp "$T/glibc-dyn" "$T/café"
run_ec "$T/café"
is "$(head -n 1 "$T/out")" "$T/café" 'printable UTF-8 (é) is kept'

run_ec --json "$name" "$T/needed"
python3 - "$T/out" "$T" > "$T/py" 2>&1 <<'EOP'
import json, sys
raw = open(sys.argv[1], 'rb').read()
assert b'\\u009b' in raw and b'\\u0085' in raw and b'\\u001b' in raw, raw[:300]
assert not any(0x80 <= c <= 0x9f for c in raw.decode('utf-8').encode('latin-1', 'replace')), 'C1 in JSON'
d = json.loads(raw)
assert d[0]['file'] == sys.argv[2] + '/a\u009bb\ufffdc\u0085d\x1be', d[0]['file']
assert d[1]['needed'] == ['\u009bbc.so.6'], d[1]['needed']
EOP
ok $? 'JSON: C1 escaped as \u009b/\u0085, the raw byte as U+FFFD'
[ -s "$T/py" ] && diag "$(tail -n 5 "$T/py")"

done_testing
