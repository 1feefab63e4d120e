#!/bin/bash
# How the gateway is built and shipped: every musl build is fully static
# with mimalloc and packed relocations (DT_RELR), the glibc build needs only glibc and records its floor, a
# second make does nothing, a one-file change recompiles one object per
# build, and the inputs that shape every object (toolchain and library keys,
# flags) rebuild all of them when they change.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
ELFCHECK=$OUT/host/bin/elfcheck
mk() { make --no-print-directory -C "$TOP" "$@" > "$T/make.out" 2>&1; }

for t in $TEST_TRIPLES; do
	g=$OUT/dist/$t/bin/gateway
	ok $([ -x "$g" ]; echo $?) "$t: gateway shipped"
	"$ELFCHECK" --static --arch "${t%%-*}" "$g" > /dev/null
	is "$?" 0 "$t: elfcheck --static --arch ${t%%-*} passes it"
	like "$(cat "$g.audit" 2>/dev/null)" "result +PASS" "$t: its audit report is kept beside it"
	like "$(nm "$g" 2>/dev/null | grep -c ' T mi_malloc$')" '^1$' "$t: mimalloc is linked in"
	dyn=$(readelf -dW "$g")
	like "$dyn" '\(RELR\)' "$t: its relative relocations are packed (DT_RELR: a smaller table to apply before main)"
	is "$(readelf -rW "$g" | grep -c 'R_[A-Z0-9_]*_RELATIVE')" 0 "$t: ... and none is left as RELA"
done
g=$OUT/dist/x86_64-linux-gnu/bin/gateway
ok $([ -x "$g" ]; echo $?) "glibc: gateway shipped"
needed=$(readelf -d "$g" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
like "$needed" '^(ld-linux-x86-64.so.2 )?libc.so.6 (libm.so.6 )?$' "glibc: it needs glibc only (libc, libm), the libraries are static: $needed"
like "$(cat "$g.glibc-floor")" "FAIL: requirements above GLIBC_2.28" "glibc: its floor report says it needs more than glibc 2.28"
like "$(cat "$g.glibc-floor")" "GLIBC_2\.(29|3[0-9])" "glibc: ... and names the symbols and versions"

mk gateway gateway-glibc
is "$?" 0 "make gateway gateway-glibc: up to date"
is "$(grep -cE '^  (CC|LD|SHIP) ' "$T/make.out")" 0 "a second make compiles, links and ships nothing"

# A one-file change, in a scratch copy of the sources built into a scratch
# directory the way apps.mk builds them (the checkout is never touched).
t=${TEST_TRIPLES%% *}
cp -R "$TOP/apps/gateway" "$T/gw"
echo one > "$T/inputs"
args=(-C "$T/gw" O="$T/o" CC="$OUT/toolchain/$t/bin/$t-gcc" CXX="$OUT/toolchain/$t/bin/$t-g++" SYSROOT="$OUT/sysroot/$t"
	DEPS_STAMP="$T/inputs" LDFLAGS=-static MUSLFORGE_MK="$TOP/mk")
make --no-print-directory "${args[@]}" "$T/o/bin/gateway" > "$T/scratch.out" 2>&1
is "$?" 0 "$t: a scratch build of a copy of the sources"
nsrc=$(ls "$T/gw"/*.c | grep -vc fuzz)
touch -d '+2 seconds' "$T/gw/match.c"
make --no-print-directory "${args[@]}" "$T/o/bin/gateway" > "$T/scratch.out" 2>&1
is "$(grep -c '^  CC .*/obj/match.o$' "$T/scratch.out")" 1 "after touching match.c: match.c is recompiled"
is "$(grep -c '^  CC ' "$T/scratch.out")" 1 "... and nothing else (of $nsrc files)"
is "$(grep -c '^  LD ' "$T/scratch.out")" 1 "the gateway is relinked"

for t in $TEST_TRIPLES; do
	inputs=$(cat "$OUT/target/$t/gateway/inputs.txt")
	for p in gcc musl z3 mbedtls c-ares libyaml cjson mimalloc; do
		like "$inputs" "/stamps/$t/$p-[0-9a-f]{16}\.done" "$t: the objects' inputs name the key of $p"
	done
done

# The contract behind it: a changed inputs file rebuilds every object.
echo two > "$T/inputs.new" && touch -d '+2 seconds' "$T/inputs.new" && mv "$T/inputs.new" "$T/inputs"
make "${args[@]}" "$T/o/obj/match.o" "$T/o/obj/api.o" > "$T/scratch.out" 2>&1
is "$(grep -c '^  CC ' "$T/scratch.out")" 2 "new inputs recompile every object"
done_testing
