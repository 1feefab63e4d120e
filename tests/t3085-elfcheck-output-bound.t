#!/bin/bash
# Output is bounded by the input: version needs that share one 2 MB name
# (over 65,535 of them, chained past vn_cnt) would print that name once per
# entry. Lists end with "... N more" instead, and a report stays within
# 64 KiB plus twice the file size, text and JSON alike.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool python3
need_tool timeout
build_elfcheck
python3 "$TOP/tools/elfcheck/hostile.py" verneed $((6 << 20)) "$T/f" ||
	{ echo 'Bail out! cannot generate the input'; exit 1; }
size=$(stat -c %s "$T/f")
max=$((65536 + 2 * size))

# At most max + 1 bytes are kept, so an unbounded report cannot fill the disk.
report() { timeout 60 "$ELFCHECK" "$@" "$T/f" 2> "$T/err" | head -c $((max + 1)) > "$T/out"; }

report --static --glibc-floor 2.17
n=$(wc -c < "$T/out")
diag "input $size bytes, text report $n bytes"
ok $((n > max)) "text report within 64 KiB + 2 x input ($n <= $max)"
like "$(grep -c '' "$T/out")" '^[0-9]{1,4}$' 'fewer than 10,000 lines'
like "$(cat "$T/out")" '^      \.\.\. [0-9]+ more$' 'the floor list ends with "... N more"'
like "$(cat "$T/out")" '^  \.\.\. [0-9]+ more warnings$' 'the warnings end with "... N more warnings"'
like "$(tail -n 1 "$T/out")" '^  result +FAIL$' 'the report is complete: it ends with the result'

report --json --static --glibc-floor 2.17
n=$(wc -c < "$T/out")
diag "JSON report $n bytes"
ok $((n > max)) "JSON report within 64 KiB + 2 x input ($n <= $max)"
python3 - "$T/out" > "$T/py" 2>&1 <<'EOP'
import json, sys
d = json.load(open(sys.argv[1]))[0]
g = d['checks']['glibc_floor']
assert d['version_requirements_more'] > 0, d.keys()
assert len(d['version_requirements']) + d['version_requirements_more'] > 65535
assert g['above_more'] > 0 and not g['ok'], g.keys()
EOP
ok $? 'JSON is valid and says how many entries it left out (*_more)'
[ -s "$T/py" ] && diag "$(tail -n 5 "$T/py")"

done_testing
