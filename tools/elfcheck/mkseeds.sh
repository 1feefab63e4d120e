#!/bin/sh
# mkseeds.sh DIR: writes a fuzz seed corpus into DIR, built at run time
# from tiny programs (no binaries are kept in the tree). Uses whichever of
# cc, musl-gcc and strip are installed; prints how many seeds it wrote.
set -u
dir=${1:?usage: mkseeds.sh DIR}
mkdir -p "$dir" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/elfcheck-seeds.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/hello.c" <<'EOC'
#include <stdio.h>
int main(void) { puts("hello"); return 0; }
EOC
cat > "$tmp/lib.c" <<'EOC'
#include <stdio.h>
#include <time.h>
int now(struct timespec *ts) { return clock_gettime(CLOCK_MONOTONIC, ts); }
void say(const char *s) { printf("%s\n", s); }
EOC

try() { # try NAME COMMAND...: keeps $tmp/NAME as a seed if it builds
	n=$1; shift
	"$@" -o "$tmp/$n" > /dev/null 2>&1 || return 0
	cp "$tmp/$n" "$dir/$n"
	if command -v strip > /dev/null 2>&1; then
		strip -o "$dir/$n.stripped" "$tmp/$n" 2> /dev/null
	fi
}

if command -v cc > /dev/null 2>&1; then
	try cc-pie cc -Os "$tmp/hello.c"
	try cc-nopie-now cc -Os -no-pie -Wl,-z,now "$tmp/hello.c"
	try cc-sysv-hash cc -Os -Wl,--hash-style=sysv "$tmp/hello.c"
	try cc-shared cc -Os -shared -fPIC -D_FORTIFY_SOURCE=2 "$tmp/lib.c"
fi
if command -v musl-gcc > /dev/null 2>&1; then
	try musl-static musl-gcc -Os -static "$tmp/hello.c"
	try musl-dyn musl-gcc -Os "$tmp/hello.c"
fi
# Small hand-made edge cases: a bare ELF64 header and a few bytes of one.
for f in "$dir"/cc-pie "$dir"/musl-static; do
	[ -f "$f" ] || continue
	head -c 64 "$f" > "$dir/header-only"
	head -c 1024 "$f" > "$dir/first-kb"
	break
done
# Inputs that repeat one region (hostile.py), large enough for the
# size-dependent paths and well under the fuzzer's 4 MiB -max_len.
if command -v python3 > /dev/null 2>&1; then
	for k in symtab notes verneed dynsym; do
		python3 "$(dirname "$0")/hostile.py" $k 262144 "$dir/hostile-$k" || exit 1
	done
fi
n=$(ls "$dir" | wc -l)
echo "seeds: $n in $dir"
[ "$n" -gt 0 ]
