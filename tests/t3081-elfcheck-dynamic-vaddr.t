#!/bin/bash
# PT_DYNAMIC is read where the loader reads it: at p_vaddr through the
# PT_LOAD segments, up to DT_NULL. A p_filesz of 0 or a p_offset pointing
# at a decoy does not hide DT_NEEDED: the loader still loads libc.so.6,
# and elfcheck still reports it and fails --static.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool python3
[ "$(uname -m)" = x86_64 ] || skip_all 'runs x86_64 binaries'
build_elfcheck
write_elfpy
fixture glibc-dyn || { echo 'Bail out! cannot build fixture glibc-dyn'; exit 1; }

# patch MODE: filesz0 (p_filesz 0), decoy (p_offset at section header 0,
# 64 zero bytes that read as DT_NULL), both.
patch() {
	python3 - "$T" "$1" "$T/glibc-dyn" "$T/$1" <<-'EOP'
	import sys
	sys.path.insert(0, sys.argv[1])
	from elfpy import Elf
	mode, src, dst = sys.argv[2:5]
	e = Elf(src)
	ph = e.phdr(2)
	shoff = e.u('Q', 40)
	assert shoff and not any(e.b[shoff:shoff + 64])
	if mode in ('filesz0', 'both'):
	    e.put('Q', ph + 32, 0)
	if mode in ('decoy', 'both'):
	    e.put('Q', ph + 8, shoff)
	e.save(dst)
	EOP
}

want_max=$("$ELFCHECK" "$T/glibc-dyn" | sed -n 's/^  glibc-max *//p')
for mode in filesz0 decoy both; do
	patch $mode || { ok 1 "$mode: patch the fixture"; continue; }
	chmod +x "$T/$mode"
	is "$(kernel_verdict "$T/$mode")" 'exit 0' "$mode: the loader runs it"
	LD_TRACE_LOADED_OBJECTS=1 "$T/$mode" > "$T/trace" 2>&1
	like "$(cat "$T/trace")" 'libc\.so\.6 =>' "$mode: and loads libc.so.6 for it"
	run_ec --static "$T/$mode"
	is "$rc" 1 "$mode: --static fails it"
	like "$(cat "$T/out")" 'needed +libc\.so\.6$' "$mode: needed libc.so.6, as the loader says"
	like "$(cat "$T/out")" 'static +FAIL:.*DT_NEEDED libc\.so\.6' "$mode: --static names DT_NEEDED libc.so.6"
	like "$(cat "$T/out")" "glibc-max +$want_max\$" "$mode: same glibc-max as the unpatched file ($want_max)"
done

done_testing
