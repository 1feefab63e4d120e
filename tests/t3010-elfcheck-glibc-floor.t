#!/bin/bash
# elfcheck --glibc-floor: versioned symbol requirements above the floor.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool musl-gcc "apt-get install musl-tools"
need_tool objdump
build_elfcheck

for f in glibc-thread musl-static v217.so v234.so; do
	fixture $f || { echo "Bail out! cannot build fixture $f"; exit 1; }
done

# objdump is the judge of what the fixture really requires.
objdump -T "$T/glibc-thread" > "$T/objdump" 2>&1
grep -Eq 'GLIBC_2\.34\)? +pthread_create$' "$T/objdump"
ok $? 'fixture: pthread_create@GLIBC_2.34 per objdump -T'
n234=$(grep -Ec '\(GLIBC_2\.34\)|[^.]GLIBC_2\.34 ' "$T/objdump")
max=$(grep -Eo 'GLIBC_[0-9]+(\.[0-9]+)+' "$T/objdump" | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)
diag "fixture needs $n234 symbols at GLIBC_2.34, highest GLIBC_$max"

run_ec --glibc-floor 2.28 "$T/glibc-thread"
is "$rc" 1 'GLIBC_2.34 binary fails at floor 2.28'
like "$(cat "$T/out")" '^ +pthread_create +GLIBC_2\.34 +libc\.so\.6$' 'lists pthread_create GLIBC_2.34 libc.so.6'
like "$(cat "$T/out")" "count GLIBC_2\\.34: $n234 symbols?\$" "counts $n234 symbols at GLIBC_2.34 (as objdump does)"
like "$(cat "$T/out")" 'glibc-floor +FAIL' 'says the floor check failed'

run_ec --glibc-floor 2.36 "$T/glibc-thread"
is "$rc" 0 'passes at floor 2.36'
like "$(cat "$T/out")" 'glibc-floor +ok \(nothing above GLIBC_2\.36\)' 'says nothing is above 2.36'

run_ec --glibc-floor "$max" "$T/glibc-thread"
is "$rc" 0 "passes at a floor equal to its highest version ($max)"

run_ec --glibc-floor 2.28 "$T/musl-static"
is "$rc" 0 'musl static binary passes the floor'
like "$(cat "$T/out")" 'no GLIBC version requirements' 'and says it has no GLIBC requirements'

# Integer tuple order: 2.9 < 2.17 < 2.28, which string order gets wrong.
grep -q 'GLIBC_2.17' <(objdump -T "$T/v217.so")
ok $? 'fixture: v217.so needs GLIBC_2.17 (clock_gettime)'
run_ec --glibc-floor 2.9 "$T/v217.so"
is "$rc" 1 'GLIBC_2.17 is above floor 2.9'
like "$(cat "$T/out")" 'clock_gettime +GLIBC_2\.17 +libc\.so\.6' 'lists clock_gettime GLIBC_2.17'
run_ec --glibc-floor 2.28 "$T/v217.so"
is "$rc" 0 'GLIBC_2.17 is below floor 2.28'
run_ec --glibc-floor 2.16 "$T/v217.so"
is "$rc" 1 'GLIBC_2.17 is above floor 2.16'
run_ec --glibc-floor 2.17 "$T/v217.so"
is "$rc" 0 'GLIBC_2.17 is not above floor 2.17'

# Three-part versions: GLIBC_2.3.4 (__printf_chk under _FORTIFY_SOURCE).
grep -q 'GLIBC_2.3.4' <(objdump -T "$T/v234.so")
ok $? 'fixture: v234.so needs GLIBC_2.3.4'
run_ec --glibc-floor 2.3 "$T/v234.so"
is "$rc" 1 'GLIBC_2.3.4 is above floor 2.3'
run_ec --glibc-floor 2.3.3 "$T/v234.so"
is "$rc" 1 'GLIBC_2.3.4 is above floor 2.3.3'
run_ec --glibc-floor 2.3.4 "$T/v234.so"
is "$rc" 0 'GLIBC_2.3.4 is not above floor 2.3.4'
run_ec --glibc-floor 2.10 "$T/v234.so"
is "$rc" 0 'GLIBC_2.3.4 is below floor 2.10'
run_ec "$T/v234.so"
like "$(cat "$T/out")" 'glibc-max +GLIBC_2\.3\.4$' 'report: highest version GLIBC_2.3.4'

# The compare function itself, through a driver built from the same source.
cat > "$T/vercmp.c" <<'EOC'
#include <stdio.h>
#include "elfcheck.h"
int main(int argc, char **argv)
{
	struct ef_ver a, b;
	if (argc != 3 || ef_ver_parse(argv[1], 1, &a) || ef_ver_parse(argv[2], 1, &b))
		return 2;
	printf("%d\n", ef_ver_cmp(&a, &b));
	return 0;
}
EOC
if $NICE cc -std=c11 -I"$TOP/tools/elfcheck" -o "$T/vercmp" "$T/vercmp.c" "$TOP/tools/elfcheck/elf.c" 2> "$T/vercmp.log"; then
	for pair in '2.9 2.17 -1' '2.17 2.28 -1' '2.9 2.28 -1' '2.28 2.28 0' '2.3.4 2.3 1' \
		'2.3 2.3.0 0' 'GLIBC_2.34 2.4 1' '2.2.5 2.3 -1' '10.0 9.99 1'; do
		set -- $pair
		is "$("$T/vercmp" "$1" "$2")" "$3" "compare $1 vs $2 = $3"
	done
	for bad in GLIBC_PRIVATE 2. .2 2..3 x2.3 2.3x '' GLIBC_ABI_DT_RELR; do
		"$T/vercmp" "$bad" 2.0 > /dev/null
		is $? 2 "'$bad' is not a version"
	done
else
	ok 1 'build the compare driver'
	diag "$(cat "$T/vercmp.log")"
fi

# GLIBC_PRIVATE is listed as a warning, never compared with the floor.
libc=$(cc -print-file-name=libc.so.6)
if readelf -VW "$libc" 2> /dev/null | grep -q 'Name: GLIBC_PRIVATE'; then
	run_ec --glibc-floor 2.99 "$libc"
	is "$rc" 0 "libc.so.6 passes floor 2.99 despite GLIBC_PRIVATE"
	like "$(cat "$T/out")" 'warning +GLIBC_PRIVATE from ld-linux-x86-64\.so\.2' 'GLIBC_PRIVATE is a warning line'
else
	skip 'no GLIBC_PRIVATE requirement in libc.so.6 here'
	skip 'no GLIBC_PRIVATE requirement in libc.so.6 here'
fi

# JSON carries the same list and counts.
run_ec --json --glibc-floor 2.28 "$T/glibc-thread" "$T/musl-static"
is "$rc" 1 'JSON run: worst exit code 1'
python3 - "$T/out" "$n234" > "$T/py" 2>&1 <<'EOP'
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 2, d
g = d[0]['checks']['glibc_floor']
assert not g['ok'] and g['floor'] == '2.28', g
assert {'symbol': 'pthread_create', 'version': 'GLIBC_2.34', 'library': 'libc.so.6'} in g['above'], g
assert g['counts']['GLIBC_2.34'] == int(sys.argv[2]), g['counts']
m = d[1]['checks']['glibc_floor']
assert m['ok'] and not m['glibc_requirements'] and m['above'] == [], m
EOP
ok $? 'JSON: above list, counts and the no-requirements case'
[ -s "$T/py" ] && diag "$(cat "$T/py")"

for bad in 2.x '' 2 GLIBC_PRIVATE; do
	run_ec --glibc-floor "$bad" "$T/glibc-thread"
	if [ "$bad" = 2 ]; then is "$rc" 1 "floor '2' is accepted (2.0)"; else is "$rc" 2 "floor '$bad' is a usage error"; fi
done

done_testing
