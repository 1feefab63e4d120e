#!/bin/bash
# The templates for autotools, Meson and plain Make (mk/infra.mk) make a
# recipe of each a few lines, from a tree outside the repository
# (EXTERNAL=): three tiny programs that link the sysroot's mbedTLS through
# pkg-config (autotools, Meson) or by name (Make), built for both musl
# arches. configure runs with --host and --build, so it cross-compiles and
# never runs a target program; Meson runs the project's own test through the
# cross file's exe_wrapper (qemu on aarch64); every program is fully static
# for its arch and runs. The output and binary cache are the test's own; the
# toolchain and mbedTLS entries are hard links to the real cache's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hello-lib.sh"
for tool in autoreconf meson ninja; do
	command -v $tool > /dev/null || skip_all "$tool not installed (make test-deps)"
done
private_cache x86_64-linux-musl aarch64-linux-musl x86_64-linux-gnu
tree=$T/tree
mkdir -p "$tree/recipes" "$T/mirror" "$T/src"


# pack NAME: $T/src/NAME-1.0 into the mirror, and the start of its recipe.
pack() {
	tar -C "$T/src" --sort=name --mtime=@0 --owner=0 --group=0 -czf "$T/mirror/$1-1.0.tar.gz" "$1-1.0"
	printf '%s_VERSION := 1.0\n%s_LICENSE := MIT\n%s_LICENSE_FILES := hello.c\n%s_SOURCES := %s-1.0.tar.gz:%s\n%s_DEPS := musl mbedtls\n' \
		"$1" "$1" "$1" "$1" "$1" "$(sha256sum "$T/mirror/$1-1.0.tar.gz" | cut -d' ' -f1)" "$1" > "$tree/recipes/$1.mk"
}

# autotools: a configure.ac with PKG_CHECK_MODULES and a hand-written Makefile.in.
d=$T/src/hello-at-1.0
hello_autotools "$d"
pack hello-at
cat >> "$tree/recipes/hello-at.mk" <<'R'
hello-at_CONFIGURE = $(AUTOTOOLS_CONFIGURE)
hello-at_BUILD     = $(AUTOTOOLS_BUILD)
hello-at_INSTALL   = $(AUTOTOOLS_INSTALL)
R

# Meson: a program and its own test, which meson test runs.
d=$T/src/hello-meson-1.0
mkdir -p "$d"
printf '%s\n' "$hello_c" | sed 's/NAME/"hello-meson"/' > "$d/hello.c"
cat > "$d/meson.build" <<'M'
project('hello-meson', 'c', version: '1.0')
exe = executable('hello-meson', 'hello.c', dependencies: dependency('mbedtls'), install: true)
test('runs', exe)
M
pack hello-meson
cat >> "$tree/recipes/hello-meson.mk" <<'R'
hello-meson_CONFIGURE = $(MESON_CONFIGURE)
hello-meson_BUILD     = $(MESON_BUILD) && meson test -C $(BUILD_DIR) --no-rebuild
hello-meson_INSTALL   = $(MESON_INSTALL)
R

# A plain Makefile, built out of tree with -f.
d=$T/src/hello-make-1.0
mkdir -p "$d"
printf '%s\n' "$hello_c" | sed 's/NAME/"hello-make"/' > "$d/hello.c"
printf 'VPATH = %s\nhello-make: hello.c\n\t$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -lmbedtls -lmbedx509 -lmbedcrypto\ninstall: hello-make\n\tmkdir -p $(DESTDIR)$(PREFIX)/bin && cp hello-make $(DESTDIR)$(PREFIX)/bin/\n' \
	'$(dir $(firstword $(MAKEFILE_LIST)))' > "$d/Makefile"
pack hello-make
cat >> "$tree/recipes/hello-make.mk" <<'R'
hello-make_BUILD   = make -f $(SRC_DIR)/Makefile $(MAKE_VARS) hello-make
hello-make_INSTALL = make -f $(SRC_DIR)/Makefile $(MAKE_VARS) install
R

make --no-print-directory -C "$TOP" OUT="$T/out" CACHE_DIR="$T/cache" SOURCES="$T/mirror" EXTERNAL="$tree" \
	ARCH="x86_64 aarch64" hello-at hello-meson hello-make > "$T/make.out" 2>&1
rc=$?
is "$rc" 0 "the three recipes build for both arches"
[ $rc = 0 ] || diag "$(tail -n 30 "$T/make.out")"
like "$(cat "$T/make.out")" "CACHED +gcc-" "the toolchain came from the binary cache"
for a in x86_64 aarch64; do
	t=$a-linux-musl
	run=
	[ $a = aarch64 ] && run=qemu-aarch64
	log=$T/out/build/$t/hello-at/build/config.log
	like "$(cat "$log" 2> /dev/null)" "--host=$t --build=$(gcc -dumpmachine)" "$t: configure was given --host and --build"
	is "$(sed -n '/checking whether we are cross compiling/{n;s/.*result: //p;}' "$log" 2> /dev/null)" yes \
		"$t: so it cross-compiled (no target program run)"
	like "$(cat "$T/out/logs/$t/hello-meson-build.log" 2> /dev/null)" "Ok: +1" "$t: meson test ran the project's test$([ $a = aarch64 ] && echo ' under qemu')"
	for p in hello-at hello-meson hello-make; do
		b=$T/out/sysroot/$t/usr/bin/$p
		"$ELFCHECK" --static --arch "$a" "$b" > "$T/elfcheck.out" 2>&1
		is "$?" 0 "$t: $p is fully static for $a"
		is "$($run "$b" 2>&1)" "$p mbedtls $(sed -n 's/^mbedtls_VERSION *:= *//p' "$TOP/recipes/mbedtls.mk")" \
			"$t: $p runs, linked with the sysroot's mbedTLS"
	done
done

# The same recipes against glibc (make <name>-glibc), as a release's glibc build would be.
make --no-print-directory -C "$TOP" OUT="$T/out" CACHE_DIR="$T/cache" SOURCES="$T/mirror" EXTERNAL="$tree" \
	GLIBC_ARCH=x86_64 hello-at-glibc hello-meson-glibc hello-make-glibc > "$T/make-glibc.out" 2>&1
rc=$?
is "$rc" 0 "the same three recipes build against glibc"
[ $rc = 0 ] || diag "$(tail -n 30 "$T/make-glibc.out")"
for p in hello-at hello-meson hello-make; do
	b=$T/out/sysroot/x86_64-linux-gnu/usr/bin/$p
	like "$(readelf -l "$b" 2> /dev/null)" "Requesting program interpreter: /lib64/ld-linux-x86-64\.so\.2" \
		"x86_64-linux-gnu: $p is a glibc program"
	is "$("$b" 2>&1)" "$p mbedtls $(sed -n 's/^mbedtls_VERSION *:= *//p' "$TOP/recipes/mbedtls.mk")" \
		"x86_64-linux-gnu: $p runs, with the glibc build's mbedTLS"
done
done_testing
