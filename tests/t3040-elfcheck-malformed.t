#!/bin/bash
# Malformed, unsupported and unreadable input: exit 3 and one line on
# stderr naming the file, never a crash.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool python3
build_elfcheck
make_malformed "$T/bad" > "$T/list" || { echo 'Bail out! cannot make malformed files'; exit 1; }

expect() { # expect NAME PATTERN: the stderr message for that file
	f=$T/bad/$1
	run_ec --static --arch x86_64 --glibc-floor 2.28 "$f"
	ok $((rc != 3)) "$1: exit 3 (got $rc)"
	[ "$rc" -ge 128 ] && diag "$1: killed by signal $((rc - 128))"
	is "$(wc -l < "$T/err")" 1 "$1: one line on stderr"
	like "$(cat "$T/err")" "^elfcheck: $f: .*$2" "$1: message says: $2"
	is "$(wc -c < "$T/out")" 0 "$1: nothing on stdout"
}

expect empty 'empty file'
expect three-bytes 'truncated ELF header'
expect text 'not an ELF file'
expect elf32 'unsupported: 32-bit ELF'
expect big-endian 'unsupported: big-endian'
expect header-only 'program header table .* past end of file'
expect truncated-half 'past end of file'
expect phoff-past-eof 'program header table .* past end of file'
expect phnum-65535 'PN_XNUM|past end of file'
expect phnum-65534 'program header table .* past end of file'
expect phentsize-wrong 'e_phentsize is 32, expected 56'
expect shentsize-wrong 'e_shentsize is 40, expected 64'
expect shoff-past-eof 'section header .* past end of file'
expect shstrndx-range 'section header string table index 999 out of range'
expect dynamic-unmapped 'PT_DYNAMIC address 0x7ffffff000 is not in any PT_LOAD'
expect interp-past-eof 'PT_INTERP .* past end of file'
expect strtab-unmapped 'DT_STRTAB address 0x7ffffff000 is not in .* PT_LOAD'
expect strsz-huge 'DT_STRTAB .* past end of file'
expect needed-past-strtab 'DT_NEEDED name offset 0xffffff is outside'
expect verneed-unmapped 'DT_VERNEED address'
expect a-directory 'is a directory'
expect a-fifo 'not a regular file'

run_ec "$T/bad/does-not-exist"
is "$rc" 3 'nonexistent file: exit 3'
like "$(cat "$T/err")" "^elfcheck: $T/bad/does-not-exist: cannot open: No such file" 'nonexistent: message'

# Unreadable: root reads anything, so drop to nobody for this one.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	mkdir "$T/pub" && chmod 755 "$T" "$T/pub"
	cp "$T/bad/text" "$T/pub/secret" && chmod 000 "$T/pub/secret"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$ELFCHECK" "$T/pub/secret" > "$T/out" 2> "$T/err"
	rc=$?
	is "$rc" 3 'unreadable file: exit 3'
	like "$(cat "$T/err")" 'cannot open: Permission denied' 'unreadable: message'
elif [ "$(id -u)" != 0 ]; then
	cp "$T/bad/text" "$T/secret" && chmod 000 "$T/secret"
	run_ec "$T/secret"
	is "$rc" 3 'unreadable file: exit 3'
	like "$(cat "$T/err")" 'cannot open: Permission denied' 'unreadable: message'
else
	skip 'root without setpriv: cannot make an unreadable file'
	skip 'root without setpriv: cannot make an unreadable file'
fi

# All at once, plus a good file: exit 3, one error line per bad file, and
# the good file is still reported.
fixture musl-static
cd "$T/bad" || exit 1
set -- $(cat "$T/list")
run_ec "$@" "$T/musl-static"
is "$rc" 3 'many bad files and a good one: exit 3 (the worst)'
is "$(wc -l < "$T/err")" "$#" "one stderr line for each of the $# bad files"
like "$(cat "$T/out")" "^$T/musl-static\$" 'the good file is reported'
run_ec --static "$T/musl-static" "$T/bad/text"
is "$rc" 3 'a passing file and a bad one: exit 3'
run_ec --json "$@" "$T/musl-static"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==int(sys.argv[2])+1; assert all(o["exit"]==3 and o["error"] for o in d[:-1]); assert d[-1]["exit"]==0' "$T/out" "$#"
ok $? 'JSON: an error object for every bad file, valid JSON'

done_testing
