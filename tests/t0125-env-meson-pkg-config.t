#!/bin/bash
# make env alone is enough for other build systems: it puts the toolchain's
# bin/ and a <triple>-pkg-config on PATH (what autoconf looks for with
# --host=<triple>), and writes a Meson cross file. The wrapper sees the
# sysroot's static libraries and never the host's; `meson setup` of a tiny
# project that links mbedTLS through pkg-config gives a fully static binary
# for each arch that passes elfcheck and runs (aarch64 under qemu, which the
# cross file names as its exe_wrapper).
. "$(dirname "$0")/lib.sh"
command -v meson > /dev/null && command -v ninja > /dev/null || skip_all "meson and ninja not installed (make test-deps)"
for a in x86_64 aarch64; do
	[ -f "$OUT/sysroot/$a-linux-musl/usr/lib/libmbedtls.a" ] || { echo "Bail out! no mbedTLS in the $a sysroot (make libs)"; exit 1; }
done

mkdir -p "$T/project"
cat > "$T/project/meson.build" <<'M'
project('hello', 'c')
executable('hello', 'hello.c', dependencies: dependency('mbedtls'))
M
cat > "$T/project/hello.c" <<'C'
#include <stdio.h>
#include <mbedtls/version.h>
int main(void) { char v[32]; mbedtls_version_get_string(v); printf("mbedtls %s\n", v); return 0; }
C
want_version=$(sed -n 's/^mbedtls_VERSION *:= *//p' "$TOP/recipes/mbedtls.mk")

for a in x86_64 aarch64; do
	t=$a-linux-musl sysroot=$OUT/sysroot/$a-linux-musl
	env=$(make -s --no-print-directory -C "$TOP" OUT="$OUT" env ARCH=$a 2>&1)
	is "$?" 0 "$t: make env succeeds"
	# A shell with only make env's view of the world.
	run() { env -i HOME="$HOME" PATH=/usr/bin:/bin bash -c "eval \"\$1\"; shift; \"\$@\"" sh "$env" "$@"; }
	is "$(run sh -c 'command -v $MUSLFORGE_TRIPLE-pkg-config')" "$OUT/env/$t/bin/$t-pkg-config" \
		"$t: $t-pkg-config is on PATH (autoconf finds it from --host)"
	is "$(run sh -c 'command -v $MUSLFORGE_TRIPLE-gcc')" "$OUT/toolchain/$t/bin/$t-gcc" "$t: so is $t-gcc"
	libs=$(run "$t-pkg-config" --static --libs mbedtls)
	like "$libs" "^-L$sysroot/usr/lib .*-lmbedtls.*-lmbedx509.*-lmbedcrypto" \
		"$t: $t-pkg-config --static --libs mbedtls lists the sysroot's static libraries"
	run "$t-pkg-config" --exists gmp
	ok $(( $? == 0 )) "$t: the host's packages are not visible (gmp)"
	cross=$OUT/env/$t/meson-cross.ini
	like "$(cat "$cross")" "^default_library = 'static'$" "$t: the cross file makes static libraries the default"
	like "$(cat "$cross")" "^wrap_mode = 'nodownload'$" "$t: and never downloads a wrap"

	run meson setup --cross-file "$cross" "$T/build-$a" "$T/project" > "$T/setup-$a.log" 2>&1
	rc=$?
	is "$rc" 0 "$t: meson setup with the cross file"
	[ $rc = 0 ] || diag "$(tail -n 20 "$T/setup-$a.log")"
	run ninja -C "$T/build-$a" > "$T/ninja-$a.log" 2>&1
	rc=$?
	is "$rc" 0 "$t: ninja builds it"
	[ $rc = 0 ] || diag "$(tail -n 20 "$T/ninja-$a.log")"
	"$ELFCHECK" --static --arch "$a" "$T/build-$a/hello" > "$T/elfcheck-$a.out" 2>&1
	is "$?" 0 "$t: the binary is fully static for $a (elfcheck --static --arch)"
	emulator=$(sed -n "s/^exe_wrapper = '\(.*\)'$/\1/p" "$cross")
	if [ $a = aarch64 ]; then is "$emulator" qemu-aarch64 "$t: the cross file names qemu-aarch64 as its exe_wrapper"
	else is "$emulator" "" "$t: no exe_wrapper for the host's own arch"; fi
	is "$($emulator "$T/build-$a/hello" 2>&1)" "mbedtls $want_version" "$t: it runs and links the sysroot's mbedTLS"
done
done_testing
