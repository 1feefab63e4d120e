#!/bin/bash
# The hardening report: kind, RELRO, NX stack, stack protector, build-id,
# stripped, interpreter, needed, highest GLIBC_; text and JSON.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool g++
need_tool readelf
need_tool strip
build_elfcheck
write_sources
for f in glibc-dyn glibc-static glibc-static-pie cxx v217.so; do
	fixture $f || { echo "Bail out! cannot build fixture $f"; exit 1; }
done
b() { # b NAME CFLAGS...: builds hello.c
	n=$1; shift
	$NICE cc -O1 "$@" -o "$T/$n" "$T/hello.c" 2> "$T/.cc.log" || diag "cc $*: $(cat "$T/.cc.log")"
}
b now -Wl,-z,now,-z,relro
b norelro -Wl,-z,norelro
b lazy -Wl,-z,lazy,-z,relro
b execstack -Wl,-z,execstack
b ssp -fstack-protector-all
b nossp -fno-stack-protector
b nopie -no-pie
b sha1 -Wl,--build-id=sha1
b noid -Wl,--build-id=none
cp "$T/glibc-dyn" "$T/stripped" && strip "$T/stripped"

field() { # field FILE KEY: the value of one report line
	"$ELFCHECK" "$1" | sed -n "s/^  $2 *//p"
}

is "$(field "$T/glibc-dyn" kind)" pie 'default cc output is a pie'
is "$(field "$T/nopie" kind)" exec '-no-pie gives a fixed-address exec'
is "$(field "$T/glibc-static" kind)" static-exec 'cc -static gives a static exec'
is "$(field "$T/glibc-static-pie" kind)" static-pie 'cc -static-pie gives a static-pie'
is "$(field "$T/v217.so" kind)" shared-library 'cc -shared gives a shared library'
is "$(field "$T/now" relro)" full '-z now -z relro: full RELRO'
is "$(field "$T/lazy" relro)" partial '-z lazy -z relro: partial RELRO'
is "$(field "$T/norelro" relro)" none '-z norelro: no RELRO'
is "$(field "$T/glibc-dyn" nx-stack)" yes 'NX stack by default'
is "$(field "$T/execstack" nx-stack)" no '-z execstack: executable stack'
cp "$T/glibc-dyn" "$T/nostack" && elfpatch "$T/nostack" set-phdr 0x6474e551 p_type 0
like "$(field "$T/nostack" nx-stack)" '^absent' 'no PT_GNU_STACK: reported absent'
is "$(field "$T/ssp" stack-protector)" yes '-fstack-protector-all: stack protector seen'
is "$(field "$T/nossp" stack-protector)" no '-fno-stack-protector: none'
want=$(readelf -n "$T/sha1" | sed -n 's/.*Build ID: *//p')
is "$(field "$T/sha1" build-id)" "$want" 'build-id in hex, as readelf -n prints it'
is "$(field "$T/noid" build-id)" none '--build-id=none: no build-id'
is "$(field "$T/glibc-dyn" stripped)" no 'cc output has .symtab: not stripped'
is "$(field "$T/stripped" stripped)" yes 'after strip: stripped'
is "$(field "$T/glibc-dyn" interpreter)" /lib64/ld-linux-x86-64.so.2 'interpreter'
is "$(field "$T/glibc-static" interpreter)" none 'static: no interpreter'

need=$(readelf -dW "$T/cxx" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | paste -sd, | sed 's/,/, /g')
is "$(field "$T/cxx" needed)" "$need" "C++ binary: needed libraries in order ($need)"
like "$(field "$T/cxx" needed)" 'libstdc\+\+\.so\.6' 'C++ binary needs libstdc++'
max=$(readelf -VW "$T/cxx" | grep -Eo 'Name: GLIBC_[0-9.]+' | sed 's/Name: GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)
is "$(field "$T/cxx" glibc-max)" "GLIBC_$max" "C++ binary: highest GLIBC_ version GLIBC_$max"

# Without section headers, everything comes through the program headers:
# DT_GNU_HASH or DT_HASH gives the symbol count.
$NICE cc -O1 -pthread -Wl,--hash-style=sysv -o "$T/sysv" "$T/thread.c"
for f in cxx sysv; do
	cp "$T/$f" "$T/$f-nosections"
	elfpatch "$T/$f-nosections" set-ehdr e_shoff 0
	elfpatch "$T/$f-nosections" set-ehdr e_shnum 0
	elfpatch "$T/$f-nosections" set-ehdr e_shstrndx 0
	"$ELFCHECK" --glibc-floor 2.0 "$T/$f" | grep -v -e '^/' -e stripped > "$T/a"
	"$ELFCHECK" --glibc-floor 2.0 "$T/$f-nosections" | grep -v -e '^/' -e stripped > "$T/b"
	cmp -s "$T/a" "$T/b"
	ok $? "$f without section headers: same report through PT_DYNAMIC"
	cmp -s "$T/a" "$T/b" || diag "$(diff "$T/a" "$T/b")"
done
like "$(cat "$T/b")" 'pthread_create +GLIBC_2\.34' 'sectionless DT_HASH file: symbol versions found'

# JSON: one object per file in an array, strings escaped correctly, even
# for a file name with quotes, backslashes, control bytes and bad UTF-8.
odd=$(printf '%s/we"ird\\na\tme\001' "$T")
cp "$T/glibc-dyn" "$odd"
bad=$(printf '%s/caf\351' "$T")
cp "$T/glibc-dyn" "$bad"
"$ELFCHECK" --json "$T/glibc-dyn" "$T/glibc-static" "$odd" "$bad" "$T/missing" > "$T/json" 2> "$T/err"
is "$?" 3 'JSON run with a missing file: exit 3'
python3 - "$T" "$odd" > "$T/py" 2>&1 <<'EOP'
import json, sys
T, odd = sys.argv[1], sys.argv[2]
d = json.load(open(T + '/json', encoding='utf-8'))
assert isinstance(d, list) and len(d) == 5, d
dyn, st, o, b, m = d
assert dyn['file'] == T + '/glibc-dyn' and dyn['exit'] == 0 and dyn['ok']
assert dyn['kind'] == 'pie' and dyn['interpreter'] == '/lib64/ld-linux-x86-64.so.2', dyn
assert dyn['needed'] == ['libc.so.6'] and dyn['glibc_max'].startswith('GLIBC_2.'), dyn
for k in ('relro', 'nx_stack', 'stack_protector', 'build_id', 'stripped', 'textrel', 'machine'):
    assert k in dyn, k
assert st['interpreter'] is None and st['needed'] == [] and st['glibc_max'] is None, st
assert o['file'] == odd, (o['file'], odd)
assert b['file'] == T + '/caf\ufffd', b['file']
assert m['exit'] == 3 and 'error' in m and 'No such file' in m['error'], m
EOP
ok $? 'JSON parses; fields, escaping and the error object are right'
[ -s "$T/py" ] && diag "$(cat "$T/py")"
is "$(wc -l < "$T/err")" 1 'the missing file gets one line on stderr'

run_ec --help
is "$rc" 0 '--help exits 0'
like "$(cat "$T/out")" '^  3  a file is unreadable, malformed' '--help documents exit code 3'
like "$(cat "$T/out")" '^  2  usage error' '--help documents exit code 2'
run_ec
is "$rc" 2 'no files: usage error'
run_ec --frobnicate "$T/glibc-dyn"
is "$rc" 2 'unknown option: usage error'
like "$(cat "$T/err")" 'unknown option' 'with a message'

done_testing
