#!/bin/bash
# An outside project's -musl release (make release EXTERNAL=tree
# PROGRAMS="..."): two small programs of a tree outside the repository (an
# autotools one and a plain-Make one, both linking mbedTLS) are built for
# both musl arches and packaged, and nothing else is built. Per program and
# arch one tarball named with the recipe's version, through the gate, its
# SBOM's components and LICENSES/ equal to what its link map says it linked
# (the map kept by the install step, so it survives the binary cache), its
# own license from its source; a SHA256SUMS of these alone and its
# signature. A second output directory restoring from the cache gives the
# same bytes; a recipe linking what it does not depend on is refused; a
# release from a checkout (<name>_SRCDIR) records the commit and that the
# tree had changes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hello-lib.sh"
command -v autoreconf > /dev/null || skip_all "autoreconf not installed (make test-deps)"
command -v minisign > /dev/null || skip_all "minisign not installed (make test-deps)"
private_cache x86_64-linux-musl aarch64-linux-musl
tree=$T/tree
mkdir -p "$tree/recipes" "$T/mirror" "$T/src"
mbedtls_version=$(sed -n 's/^mbedtls_VERSION *:= *//p' "$TOP/recipes/mbedtls.mk")


# pack NAME DEPS: $T/src/NAME-1.0 into the mirror, and the start of its recipe.
pack() {
	tar -C "$T/src" --sort=name --mtime=@0 --owner=0 --group=0 -czf "$T/mirror/$1-1.0.tar.gz" "$1-1.0"
	printf '%s_VERSION := 1.0\n%s_LICENSE := BSD-2-Clause\n%s_LICENSE_FILES := COPYING\n%s_SOURCES := %s-1.0.tar.gz:%s\n%s_DEPS := %s\n%s_PROGRAM := usr/bin/%s\n' \
		"$1" "$1" "$1" "$1" "$1" "$(sha256sum "$T/mirror/$1-1.0.tar.gz" | cut -d' ' -f1)" "$1" "$2" "$1" "$1" > "$tree/recipes/$1.mk"
}
# make_tree NAME LIBS: a plain-Make program linking LIBS, built out of tree.
make_tree() {
	d=$T/src/$1-1.0
	mkdir -p "$d"
	printf '%s\n' "$hello_c" | sed "s/NAME/\"$1\"/" > "$d/hello.c"
	printf 'Copyright (c) %s authors. Redistribution and use permitted (BSD-2-Clause).\n' "$1" > "$d/COPYING"
	printf 'VPATH = %s\n%s: hello.c\n\t$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< %s\ninstall: %s\n\tmkdir -p $(DESTDIR)$(PREFIX)/bin && cp %s $(DESTDIR)$(PREFIX)/bin/\n' \
		'$(dir $(firstword $(MAKEFILE_LIST)))' "$1" "$2" "$1" "$1" > "$d/Makefile"
}

# autotools, linking mbedTLS through pkg-config.
d=$T/src/hello-at-1.0
hello_autotools "$d"
printf 'Copyright (c) hello-at authors. Redistribution and use permitted (BSD-2-Clause).\n' > "$d/COPYING"
pack hello-at "musl mbedtls"
cat >> "$tree/recipes/hello-at.mk" <<'R'
hello-at_CONFIGURE = $(AUTOTOOLS_CONFIGURE)
hello-at_BUILD     = $(AUTOTOOLS_BUILD)
hello-at_INSTALL   = $(AUTOTOOLS_INSTALL)
R

make_tree hello-make '-lmbedtls -lmbedx509 -lmbedcrypto'
pack hello-make "musl mbedtls"
# The same program, but its recipe does not say it needs mbedTLS: it links
# the sysroot's anyway (the others put it there).
make_tree hello-sneaky '-lmbedtls -lmbedx509 -lmbedcrypto'
pack hello-sneaky musl
# A recipe without a program to release.
printf 'hello-lib_VERSION := 1.0\nhello-lib_DEPS := musl\nhello-lib_INSTALL = mkdir -p $(DEST_DIR)/usr/share/hello-lib\n' > "$tree/recipes/hello-lib.mk"
for p in hello-make hello-sneaky; do
	printf '%s_BUILD   = make -f $(SRC_DIR)/Makefile $(MAKE_VARS) %s\n%s_INSTALL = make -f $(SRC_DIR)/Makefile $(MAKE_VARS) install\n' \
		"$p" "$p" "$p" >> "$tree/recipes/$p.mk"
done
minisign -G -W -p "$T/test.pub" -s "$T/test.key" > /dev/null 2>&1 || { echo "Bail out! minisign -G failed"; exit 1; }

# release OUTDIR ARGS...: make release in OUTDIR with the tree, output in $T/make.out.
release() {
	o=$1; shift
	make --no-print-directory -C "$TOP" OUT="$o" CACHE_DIR="$T/cache" SOURCES="$T/mirror" EXTERNAL="$tree" \
		ARCH="x86_64 aarch64" SOURCE_DATE_EPOCH=1700000000 release "$@" > "$T/make.out" 2>&1
}

release "$T/out0"
is "$?" 2 "make release without PROGRAMS is a usage error"
like "$(cat "$T/make.out")" "needs PROGRAMS=" "saying what it needs"
release "$T/out0" PROGRAMS=hello-none
is "$?" 2 "PROGRAMS naming no recipe stops make"
like "$(cat "$T/make.out")" "PROGRAMS names hello-none, which no recipe defines" "naming it"
release "$T/out0" PROGRAMS=hello-lib
is "$?" 2 "a recipe without <name>_PROGRAM cannot be released"
like "$(cat "$T/make.out")" "sets no hello-lib_PROGRAM" "saying which variable to set"

release "$T/out" PROGRAMS="hello-at hello-make" SIGNING_KEY="$T/test.key"
rc=$?
is "$rc" 0 "make release PROGRAMS=\"hello-at hello-make\" succeeds"
[ $rc = 0 ] || diag "$(tail -n 30 "$T/make.out")"
cp "$T/make.out" "$T/release.out"
like "$(cat "$T/release.out")" "CACHED +mbedtls-$mbedtls_version \[aarch64-linux-musl\]" "mbedTLS came from the binary cache"
is "$(grep -E '^ +(CACHED|BUILD|STORE) ' "$T/release.out" | grep -Ev ' (binutils|linux-headers|gcc|musl|mbedtls|hello-at|hello-make)-' | wc -l)" 0 \
	"nothing but the two programs and what they link was built or restored (no Z3, no gateway, no SEA)"
rel=$T/out/release
is "$(cd "$rel" 2> /dev/null && ls | tr '\n' ' ')" \
	"SHA256SUMS SHA256SUMS.minisig hello-at-1.0-aarch64-unknown-linux-musl.tar.gz hello-at-1.0-aarch64-unknown-linux-musl.tar.gz.sha256 hello-at-1.0-x86_64-unknown-linux-musl.tar.gz hello-at-1.0-x86_64-unknown-linux-musl.tar.gz.sha256 hello-make-1.0-aarch64-unknown-linux-musl.tar.gz hello-make-1.0-aarch64-unknown-linux-musl.tar.gz.sha256 hello-make-1.0-x86_64-unknown-linux-musl.tar.gz hello-make-1.0-x86_64-unknown-linux-musl.tar.gz.sha256 " \
	"the release directory holds a tarball per program and arch, named with the recipe's version, and the sums"
is "$(awk '{ print $2 }' "$rel/SHA256SUMS" 2> /dev/null | tr '\n' ' ')" \
	"hello-at-1.0-aarch64-unknown-linux-musl.tar.gz hello-at-1.0-x86_64-unknown-linux-musl.tar.gz hello-make-1.0-aarch64-unknown-linux-musl.tar.gz hello-make-1.0-x86_64-unknown-linux-musl.tar.gz " \
	"SHA256SUMS lists these four and nothing of muslforge's own"
check "every tarball matches SHA256SUMS" sh -c "cd '$rel' && sha256sum -c --quiet SHA256SUMS"
check "the signature verifies with the public key" minisign -Vm "$rel/SHA256SUMS" -p "$T/test.pub"
is "$(ls "$T/out/dist" 2> /dev/null | wc -l)" 0 "nothing went into muslforge's own out/dist"

for p in hello-at hello-make; do
	for a in x86_64 aarch64; do
		t=$a-linux-musl
		base=$p-1.0-$a-unknown-linux-musl
		x=$T/x/$base
		rm -rf "$T/x" && mkdir -p "$T/x" && tar -xzf "$rel/$base.tar.gz" -C "$T/x" 2> /dev/null
		run=
		[ $a = aarch64 ] && run=qemu-aarch64
		is "$($run "$x/bin/$p" 2>&1)" "$p mbedtls $mbedtls_version" "$p [$t]: bin/$p runs"
		check "$p [$t]: it passes the gate (fully static, $a)" "$ELFCHECK" --static --arch "$a" "$x/bin/$p"
		map=$T/out/sysroot/$t/usr/share/muslforge/link-maps/usr/bin/$p.map
		linked=$("$TOP/mk/scripts/link-components" "$map" "$t" "$T/out" 2> /dev/null | tr '\n' ' ')
		is "$linked" "gcc mbedtls musl " "$p [$t]: its kept link map says it linked gcc, mbedTLS and musl"
		is "$(python3 -c 'import json,sys; print(" ".join(sorted(c["name"] for c in json.load(open(sys.argv[1]))["components"])))' "$x/sbom.cdx.json" 2>&1) " \
			"$linked" "$p [$t]: the SBOM's components are what the link took"
		is "$(ls "$x/LICENSES" 2> /dev/null | grep -vx "$p" | tr '\n' ' ')" "$linked" "$p [$t]: so are LICENSES/"
		check "$p [$t]: LICENSES/$p is the program's own license, from its source" cmp "$x/LICENSES/$p/COPYING" "$T/src/$p-1.0/COPYING"
		is "$(python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))["metadata"]["component"]
r = m["externalReferences"][0]
print(m["name"], m["version"], m["licenses"][0]["expression"], r["url"], r["hashes"][0]["content"])' "$x/sbom.cdx.json" 2>&1)" \
			"$p 1.0 BSD-2-Clause $p-1.0.tar.gz $(sha256sum "$T/mirror/$p-1.0.tar.gz" | cut -d' ' -f1)" \
			"$p [$t]: the SBOM names the program, its version, license and pinned source"
	done
done

# A second output directory: every recipe restored from the binary cache
# (the maps inside name the first one's paths); the same bytes.
release "$T/out2" PROGRAMS="hello-at hello-make"
rc=$?
is "$rc" 0 "a second output directory releases from the binary cache"
[ $rc = 0 ] || diag "$(tail -n 30 "$T/make.out")"
is "$(grep -cE '^ +BUILD ' "$T/make.out")" 0 "compiling nothing"
is "$(cd "$T/out2/release" 2> /dev/null && cat SHA256SUMS)" "$(cat "$rel/SHA256SUMS")" "its tarballs are byte for byte the first one's"

# A link that takes a recipe its recipe does not depend on is refused.
release "$T/out" PROGRAMS=hello-sneaky ARCH=x86_64
is "$?" 2 "releasing a program whose link took an undeclared recipe fails"
like "$(cat "$T/make.out")" "hello-sneaky \[x86_64-linux-musl\] links mbedtls .*add it to hello-sneaky_DEPS" \
	"naming the recipe, the map and the fix"

# A program that embeds the directory it was built in (as jq's configure
# line did) is not packaged: the error names the path.
make_tree hello-leaky '-lmbedcrypto -DBUILT_IN=\"$(CURDIR)\"'
printf '#include <stdio.h>\nint main(void) { puts(BUILT_IN); return 0; }\n' > "$T/src/hello-leaky-1.0/hello.c"
pack hello-leaky "musl mbedtls"
printf 'hello-leaky_BUILD   = make -f $(SRC_DIR)/Makefile $(MAKE_VARS) hello-leaky\nhello-leaky_INSTALL = make -f $(SRC_DIR)/Makefile $(MAKE_VARS) install\n' \
	>> "$tree/recipes/hello-leaky.mk"
release "$T/out" PROGRAMS=hello-leaky ARCH=x86_64
is "$?" 2 "releasing a program that holds its build directory fails"
like "$(cat "$T/make.out")" "bin/hello-leaky for x86_64-unknown-linux-musl holds a path of the machine that built it \($T/out/\), not packaged:
  $T/out/build/x86_64-linux-musl/hello-leaky" "naming the path and showing the string"

# From a checkout with an uncommitted change: the SBOM says so.
co=$T/checkout
cp -R "$T/src/hello-make-1.0" "$co"
git -C "$co" init -q && git -C "$co" add . && git -C "$co" -c user.name=t -c user.email=t@t commit -qm one
commit=$(git -C "$co" rev-parse HEAD)
sed -i 's/hello-make/hello-make-edited/' "$co/hello.c"
release "$T/out" PROGRAMS=hello-make ARCH=x86_64 hello-make_SRCDIR="$co"
rc=$?
is "$rc" 0 "a program built from a checkout (hello-make_SRCDIR) is released"
[ $rc = 0 ] || diag "$(tail -n 30 "$T/make.out")"
rm -rf "$T/x" && mkdir -p "$T/x" && tar -xzf "$rel/hello-make-1.0-x86_64-unknown-linux-musl.tar.gz" -C "$T/x" 2> /dev/null
x=$T/x/hello-make-1.0-x86_64-unknown-linux-musl
is "$("$x/bin/hello-make" 2>&1)" "hello-make-edited mbedtls $mbedtls_version" "it is the checkout's program, with the edit"
is "$(python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))["metadata"]["component"]
p = {q["name"]: q["value"] for q in m["properties"]}
print(m["externalReferences"][0]["type"], m["externalReferences"][0]["url"], p["muslforge:commit"], p["muslforge:dirty"])' "$x/sbom.cdx.json" 2>&1)" \
	"vcs git:$commit $commit true" "its SBOM records the checkout's commit and that the tree had changes"
is "$(ls "$rel" | grep -c 'hello-at-')" 0 "the release directory holds this release only"
done_testing
