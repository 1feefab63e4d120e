#!/bin/bash
# make mirror DIR= keeps every verified source in a directory (with its
# SHA256SUMS) that SOURCES= builds from when nothing else has them; make
# fetch names the recipes whose sources have one place only.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mf fetch; is "$?" 0 "make fetch"
like "$(cat "$T/make.out")" "ONEPLACE fa-1\.0: only from SOURCES= or the download cache \(no remote place\)" \
	"it names a recipe with no remote place"
mf mirror
like "$(cat "$T/make.out")" "mirror needs DIR=directory" "make mirror without DIR= says what it needs"
mf mirror DIR="$T/kept"; is "$?" 0 "make mirror DIR="
like "$(cat "$T/make.out")" "MIRROR  3 source files in $T/kept \(3 copied\)" "it copies the three sources"
is "$(cd "$T/kept" && sha256sum -c SHA256SUMS 2>&1 | grep -c ': OK$')" 3 "its SHA256SUMS checks"
mf mirror DIR="$T/kept"
like "$(cat "$T/make.out")" "\(0 copied\)" "a second run copies nothing"

# The original place and the download cache are gone: the mirror alone builds.
rm -rf "$T/mirror.gone" && mv "$T/mirror" "$T/mirror.gone" && rm -rf "$T/cache/sources"
make --no-print-directory -C "$TOP" RECIPE_DIRS="$T/recipes" PATCH_DIR="$T/patches" OUT="$T/out2" \
	CACHE_DIR="$T/cache2" SOURCES="$T/kept" ARCH=x86_64 fb > "$T/make.out" 2>&1
is "$?" 0 "with SOURCES= the mirror, a fresh build succeeds"
like "$(cat "$T/out2/logs/sources/fb-1.0.log")" "using $T/kept/fb-1\.0\.tar\.gz" "from the mirror"

printf 'X' | dd of="$T/kept/fa-1.0.tar.gz" bs=1 seek=10 conv=notrunc 2> /dev/null
mv "$T/mirror.gone" "$T/mirror"
mf mirror DIR="$T/kept"
is "$?" 0 "a damaged file in the mirror is replaced by the verified one"
is "$(cd "$T/kept" && sha256sum -c SHA256SUMS 2>&1 | grep -c ': OK$')" 3 "and SHA256SUMS checks again"
done_testing
