#!/bin/bash
# A second clone on the same machine reuses the binary cache instead of building.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mf fb; is "$?" 0 "first clone builds"
is "$(sort "$T/builds.log" | tr '\n' ' ')" "fa fb " "the first clone built fa and fb"

git clone -q "$TOP" "$T/clone" 2>/dev/null || cp -r "$TOP" "$T/clone"
cp -r "$TOP/mk" "$T/clone/"   # the engine as it is in this tree, committed or not
: > "$T/builds.log"
make --no-print-directory -C "$T/clone" RECIPE_DIRS="$T/recipes" PATCH_DIR="$T/patches" \
	OUT="$T/clone/out" CACHE_DIR="$T/cache" SOURCES="$T/mirror" ARCH=x86_64 fb > "$T/make.out" 2>&1
is "$?" 0 "second clone succeeds"
out=$(cat "$T/make.out")
like "$out" "CACHED +fa-1.0" "fa comes from the cache"
like "$out" "CACHED +fb-1.0" "fb comes from the cache"
is "$(wc -l < "$T/builds.log" | tr -d ' ')" 0 "no build step ran in the second clone"
is "$(cat "$T/clone/out/sysroot/$FIX_TRIPLE/share/fb.txt")" "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fb.txt")" "same result"

mf clean > /dev/null
ok $([ -d "$T/cache/bin" ] && [ ! -d "$T/out" ]; echo $?) "make clean removes out/ and keeps the cache"
mf distclean
like "$(cat "$T/make.out")" "removing the download and binary cache: $T/cache" "make distclean says what it removes"
ok $([ ! -d "$T/cache" ]; echo $?) "make distclean removes the cache"
done_testing
