#!/bin/bash
# The fixture and malformed-input runs again under elfcheck-asan
# (AddressSanitizer + UndefinedBehaviorSanitizer, no recovery): same exit
# codes and output as the plain build, and no sanitizer report.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool musl-gcc "apt-get install musl-tools"
need_tool python3
build_elfcheck all asan
ASAN=$OUT/host/bin/elfcheck-asan
# Leak checking needs ptrace, which some containers forbid.
if ASAN_OPTIONS=detect_leaks=1 "$ASAN" --help > /dev/null 2>&1; then leaks=1; else leaks=0; fi
export ASAN_OPTIONS="detect_leaks=$leaks:abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=98"
diag "leak detection: $leaks"

fixtures="glibc-dyn glibc-static glibc-static-pie glibc-thread musl-static musl-static-pie musl-textrel-pie textrel.so cxx v217.so v234.so"
for f in $fixtures; do
	fixture "$f" || { echo "Bail out! cannot build fixture $f"; exit 1; }
done
cp "$T/musl-static-pie" "$T/nopie" && elfpatch "$T/nopie" clear-dyn-bits 0x6ffffffb 0x08000000
cp "$T/cxx" "$T/cxx-nosections" && elfpatch "$T/cxx-nosections" set-ehdr e_shoff 0 &&
	elfpatch "$T/cxx-nosections" set-ehdr e_shnum 0
make_malformed "$T/bad" > "$T/list" || { echo 'Bail out! cannot make malformed files'; exit 1; }

same() { # same DESCRIPTION ARGS...: plain and sanitized runs agree
	d=$1; shift
	"$ELFCHECK" "$@" > "$T/plain.out" 2> "$T/plain.err"
	prc=$?
	"$ASAN" "$@" > "$T/asan.out" 2> "$T/asan.err"
	arc=$?
	if grep -Eq 'Sanitizer|runtime error' "$T/asan.err"; then
		ok 1 "$d: sanitizer report"
		diag "$(head -n 30 "$T/asan.err")"
	elif [ "$prc" != "$arc" ] || ! cmp -s "$T/plain.out" "$T/asan.out"; then
		ok 1 "$d: plain exit $prc, asan exit $arc or output differs"
		diag "$(diff "$T/plain.out" "$T/asan.out" | head -n 20)"
	else
		ok 0 "$d: clean, exit $arc"
	fi
}

for f in $fixtures nopie cxx-nosections; do
	same "$f" --static --arch x86_64 --glibc-floor 2.17 "$T/$f"
	same "$f (json)" --json --static --arch aarch64 --glibc-floor 2.28 "$T/$f"
done
while read -r f; do
	same "malformed $f" --static --arch x86_64 --glibc-floor 2.28 "$T/bad/$f"
done < "$T/list"
cd "$T/bad" && same 'all malformed at once (json)' --json --glibc-floor 2.3 $(cat "$T/list")

# Real-world breadth: a slice of the system's own binaries and libraries.
sys=$(find /usr/bin /usr/lib/x86_64-linux-gnu -maxdepth 1 -type f -size -4M 2> /dev/null |
	head -n 400)
same 'system files (text)' --glibc-floor 2.28 --static $sys
same 'system files (json)' --json --arch aarch64 $sys

done_testing
