#!/bin/bash
# Version order is monotonic: a GLIBC_ version out of range (a part above
# 999999 such as GLIBC_2.4294967297, more than four parts, a name over 64
# bytes) is above every real version and fails any floor, where it used to
# be an unnumbered warning that passed while GLIBC_2.100001 failed. The
# loader agrees: glibc refuses such a requirement against libc.so.6.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool python3
need_tool getconf
[ "$(uname -m)" = x86_64 ] || skip_all 'runs x86_64 binaries'
build_elfcheck
write_elfpy
host=$(getconf GNU_LIBC_VERSION 2> /dev/null | sed -n 's/^glibc //p')
[ -n "$host" ] || skip_all 'not a glibc host'

# use VERSION: an executable needing fake@VERSION from libfake.so, which
# provides it under that name.
echo 'int fake(void) { return 42; }' > "$T/fake.c"
echo 'int fake(void); int main(void) { return fake() != 42; }' > "$T/main.c"
use() {
	d=$T/$1; mkdir -p "$d"
	printf '%s { global: fake; local: *; };\n' "$1" > "$d/map"
	$NICE cc -shared -fPIC -Wl,--version-script="$d/map" -Wl,-soname,libfake.so \
		-o "$d/libfake.so" "$T/fake.c" &&
	$NICE cc -o "$d/use" "$T/main.c" -L"$d" -lfake -Wl,-rpath,"$d"
} > "$T/cc.log" 2>&1

# Numeric order, smallest first; the last four are out of range.
versions="GLIBC_2.99999 GLIBC_2.999999 GLIBC_2.1000000 GLIBC_2.4294967297
GLIBC_2.18446744073709551617 GLIBC_2.1.2.3.4 GLIBC_2.$(printf '%070d' 1)"
floors="2.17 $host 2.999999 3.0 999999.999999"
for v in $versions; do
	use "$v" || { diag "$(cat "$T/cc.log")"; echo "Bail out! cannot build for $v"; exit 1; }
done

# Expected exit codes per floor: the in-range ones by their number, the
# out-of-range ones fail everywhere.
expect() { # expect VERSION FLOOR
	case $1 in
	GLIBC_2.99999|GLIBC_2.999999)
		python3 -c 'import sys; a=[int(x) for x in sys.argv[1].split(".")]; b=[int(x) for x in sys.argv[2].split(".")]; print(1 if a > b else 0)' "${1#GLIBC_}" "$2" ;;
	*) echo 1 ;;
	esac
}
for v in $versions; do
	for fl in $floors; do
		run_ec --glibc-floor "$fl" "$T/$v/use"
		is "$rc" "$(expect "$v" "$fl")" "$(printf '%.40s' "$v") at floor $fl"
	done
done

# Monotonic: a higher version never passes a floor a lower one fails.
prev=
for v in $versions; do
	for fl in $floors; do
		run_ec --glibc-floor "$fl" "$T/$v/use"; echo "$fl $rc"
	done > "$T/$v.rc"
	if [ -n "$prev" ]; then
		bad=$(paste "$T/$prev.rc" "$T/$v.rc" | awk '$2 == 1 && $4 == 0')
		is "$bad" '' "$(printf '%.40s' "$v") fails every floor $(printf '%.40s' "$prev") fails"
	fi
	prev=$v
done

# The loader: point the requirement at libc.so.6 and glibc refuses it.
v=GLIBC_2.4294967297
python3 - "$T" "$T/$v/use" "$T/to-libc" <<'EOP'
import sys
sys.path.insert(0, sys.argv[1])
from elfpy import Elf
e = Elf(sys.argv[2])
libc = [v for _, t, v in e.dyn() if t == 1 and e.str(v) == 'libc.so.6'][0]
for vo, lib, _ in e.verneed():
    if lib == 'libfake.so':
        e.put('I', vo + 4, libc)
e.save(sys.argv[3])
EOP
ok $? 'point its requirement at libc.so.6'
chmod +x "$T/to-libc"
is "$(kernel_verdict "$T/$v/use")" 'exit 0' "the loader runs it against libfake.so, which provides $v"
verdict=$(kernel_verdict "$T/to-libc")
like "$(cat "$T/run.err")" "version .$v' not found" "against libc.so.6 the loader refuses it ($verdict)"
run_ec --glibc-floor "$host" "$T/to-libc"
is "$rc" 1 "and elfcheck fails it at the host floor $host"
like "$(cat "$T/out")" "fake +$v +libc\\.so\\.6" 'listing fake, the version and libc.so.6'

for bad in 2.1000000 2.4294967297 1.2.3.4.5; do
	run_ec --glibc-floor "$bad" "$T/$v/use"
	is "$rc" 2 "floor $bad (out of range) is a usage error"
done

done_testing
