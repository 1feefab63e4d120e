#!/bin/bash
# kill -9 in the middle of a step leaves no stamp; the rerun completes with
# the same result as an uninterrupted build.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
touch "$T/slow-fb"
setsid make --no-print-directory -C "$TOP" RECIPE_DIRS="$T/recipes" PATCH_DIR="$T/patches" \
	OUT="$T/out" CACHE_DIR="$T/cache" SOURCES="$T/mirror" ARCH=x86_64 fb > "$T/killed.out" 2>&1 &
pid=$!
for i in $(seq 300); do [ -e "$T/started-fb" ] && break; sleep 0.1; done
ok $([ -e "$T/started-fb" ]; echo $?) "the build step of fb started"
# bash reports the killed job on stderr when it reaps it: keep that out of the TAP stream.
exec 3>&2 2>/dev/null
kill -9 -- -"$pid"
wait "$pid"
exec 2>&3 3>&-
ok $([ -z "$(ls "$T/out/stamps/$FIX_TRIPLE/" | grep '^fb-')" ]; echo $?) "no done stamp for the interrupted recipe"
ok $([ ! -e "$T/out/build/$FIX_TRIPLE/fb/.built" ]; echo $?) "no stamp for the interrupted step"
ok $([ -n "$(ls "$T/out/stamps/$FIX_TRIPLE/" | grep '^fa-')" ]; echo $?) "the dependency finished before it is kept"

rm "$T/slow-fb"
mf fb; rc=$?
is "$rc" 0 "the rerun completes"
out=$(cat "$T/make.out")
ok $(echo "$out" | grep -q "BUILD *fa-"; [ $? = 1 ]; echo $?) "the finished dependency is not rebuilt"
ok $(echo "$out" | grep -q 'UNPACK *fb-'; [ $? = 1 ]; echo $?) "the finished unpack step of fb is not redone"
first=$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fb.txt")

FIX_OUT=$T/clean; rm -rf "$T/cache/bin"
mf fb
is "$(cat "$T/clean/sysroot/$FIX_TRIPLE/share/fb.txt")" "$first" "same result as an uninterrupted build"
done_testing
