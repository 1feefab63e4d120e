#!/bin/bash
# Payloads up to the 64 MiB limit inject and run (the runtime hashes all of
# it at start); one byte of bytecode over the limit is a clear error and
# writes nothing.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sea-lib.sh"
need_sea_inject
LIMIT=$((64 << 20))

# big_app FILE LEN: a script holding a string literal of LEN bytes.
big_app() {
	python3 - "$1" "$2" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    f.write('const s = "')
    f.write("0123456789abcdef" * (n // 16) + "x" * (n % 16))
    f.write('";\nconsole.log("length", s.length, s.charCodeAt(s.length - 1));\n')
PY
}

big_app "$T/big.js" $((LIMIT - 4096))
sea_inject --compile "$T/big.js" -o "$T/big.qbc"
bc=$(stat -c %s "$T/big.qbc")
ok $((bc > LIMIT - 8192 && bc <= LIMIT ? 0 : 1)) "a payload just under the limit ($bc bytecode bytes)"
big_app "$T/over.js" $((LIMIT + 1))

while read -r name runner rt arch prefix; do
	[ -x "$rt" ] || { ok 1 "$name: runtime built ($rt)"; continue; }
	sea_inject --arch "$arch" "$rt" "$T/big.js" -o "$T/$name-big"
	ok $? "$name: injected"
	out=$(run_sea "$runner" "$T/$name-big" 2>&1)
	is "$out" "length $((LIMIT - 4096)) $(printf '%d' "'f")" "$name: the 64 MiB payload runs"
	like "$(sea_inject --info "$T/$name-big")" "bytes: $bc" "$name: and reads back whole"
	strip_tool=${prefix}strip
	out="strip failed"
	"$strip_tool" "$T/$name-big" && out=$(run_sea "$runner" "$T/$name-big" 2>&1)
	is "$out" "length $((LIMIT - 4096)) 102" "$name: and survives strip"
	rm -f "$T/$name-big"
	out=$(sea_inject --arch "$arch" "$rt" "$T/over.js" -o "$T/$name-over" 2>&1); rc=$?
	ok $((rc == 0)) "$name: a payload over the limit is refused"
	like "$out" "over the limit of $LIMIT bytes \(64 MiB\)" "$name: it says so"
	ok $([ ! -e "$T/$name-over" ]; echo $?) "$name: and writes nothing"
done <<EOF2
$(sea_variants)
EOF2
done_testing
