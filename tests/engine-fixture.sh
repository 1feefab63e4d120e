# Fixture project for the engine tests: three tiny recipes (fa; fb needs fa;
# fc stands alone) whose source tarballs the test makes itself, and `mf`,
# which runs the real engine on them in the scratch directory $T.

pack_tarball() { # name version: $T/src/name-version -> $T/mirror/name-version.tar.gz
	mkdir -p "$T/mirror"
	tar -C "$T/src" --sort=name --mtime=@0 --owner=0 --group=0 -czf "$T/mirror/$1-$2.tar.gz" "$1-$2"
}

make_tarball() { # name version -> $T/mirror/name-version.tar.gz
	mkdir -p "$T/src/$1-$2"
	echo "hello from $1 $2" > "$T/src/$1-$2/hello.txt"
	pack_tarball "$1" "$2"
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# pack_recipe NAME LICENSE_FILE: pack $T/src/NAME-1.0 into the mirror and
# start $T/recipes/NAME.mk with its version, license and source; the test
# appends the steps.
pack_recipe() {
	pack_tarball "$1" 1.0
	printf '%s_VERSION := 1.0\n%s_LICENSE := MIT\n%s_LICENSE_FILES := %s\n%s_SOURCES := %s-1.0.tar.gz:%s\n' \
		"$1" "$1" "$1" "$2" "$1" "$1" "$(sha "$T/mirror/$1-1.0.tar.gz")" > "$T/recipes/$1.mk"
}

write_recipe() { # name version deps [extra make lines]
	n=$1 v=$2 deps=$3
	cat > "$T/recipes/$n.mk" <<EOR
${n}_VERSION := $v
${n}_LICENSE := MIT
${n}_LICENSE_FILES := hello.txt
${n}_SOURCES := $n-$v.tar.gz:$(sha "$T/mirror/$n-$v.tar.gz")
${n}_DEPS := $deps
${n}_CONFIGURE = echo configured > configured.txt
${n}_BUILD = echo $n >> $T/builds.log; if [ -e $T/slow-$n ]; then touch $T/started-$n; sleep 120; fi; cat \$(SRC_DIR)/hello.txt \$(foreach d,\$(${n}_DEPS),\$(SYSROOT_DIR)/share/\$(d).txt) > out.txt
${n}_INSTALL = mkdir -p \$(DEST_DIR)/share && cp out.txt \$(DEST_DIR)/share/$n.txt
${4:-}
EOR
}

make_fixture() {
	mkdir -p "$T/recipes" "$T/patches"
	: > "$T/builds.log"
	for n in fa fb fc; do make_tarball $n 1.0; done
	write_recipe fa 1.0 ""
	write_recipe fb 1.0 "fa"
	write_recipe fc 1.0 ""
}

# mf ARGS...: the engine on the fixture recipes; output in $T/make.out.
mf() {
	make --no-print-directory -C "$TOP" RECIPE_DIRS="$T/recipes" PATCH_DIR="$T/patches" \
		OUT="${FIX_OUT:-$T/out}" CACHE_DIR="$T/cache" SOURCES="$T/mirror" ARCH=x86_64 "$@" \
		> "$T/make.out" 2>&1
}

builds() { grep -c "^$1\$" "$T/builds.log"; }
FIX_TRIPLE=x86_64-linux-musl
