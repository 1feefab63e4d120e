#!/bin/bash
# The elfcheck artifact is built like every in-tree program (mk/program.mk):
# it links mimalloc, its inputs name the toolchain and mimalloc keys and the
# flags, and a change to what shapes it (here MALLOC=musl) rebuilds every
# object, while a second make rebuilds nothing. Run in a scratch OUT that
# borrows the built toolchains and libraries, so the real one is untouched.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
mkdir -p "$T/out"
for d in toolchain sysroot stamps sources manifests testsuites host; do ln -s "$OUT/$d" "$T/out/$d"; done
m() { make --no-print-directory -C "$TOP" OUT="$T/out" ARCH="${t%%-*}" "$@" "$T/out/dist/$t/bin/elfcheck" > "$T/make.out" 2>&1; }
for t in $TEST_TRIPLES; do
	[ -x "$OUT/toolchain/$t/bin/$t-gcc" ] || { ok 1 "$t: toolchain is built"; continue; }
	m; is "$?" 0 "$t: make the shipped elfcheck in a fresh OUT"
	a=$T/out/dist/$t/bin/elfcheck
	is "$(nm "$a" 2>/dev/null | grep -c ' T mi_malloc$')" 1 "$t: the shipped elfcheck links mimalloc"
	inputs=$(cat "$T/out/target/$t/elfcheck/inputs.txt")
	for p in gcc musl mimalloc; do
		like "$inputs" "/stamps/$t/$p-[0-9a-f]{16}\.done" "$t: its inputs name the key of $p"
	done
	like "$inputs" "CFLAGS=\"-O2 -fPIE" "$t: ... and the target flags"
	m; is "$(grep -cE '^  (CC|LD|SHIP) ' "$T/make.out")" 0 "$t: a second make compiles, links and ships nothing"
	m MALLOC=musl; is "$?" 0 "$t: make it again with MALLOC=musl"
	is "$(grep -c '^  CC ' "$T/make.out")" 4 "$t: every object is recompiled"
	is "$(nm "$a" 2>/dev/null | grep -c ' T mi_malloc$')" 0 "$t: the new elfcheck has musl's malloc"
	like "$(cat "$a.audit")" "result +PASS" "$t: and passed the release gate again"
done
done_testing
