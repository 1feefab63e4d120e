#!/bin/bash
# make <recipe>-rebuild builds the recipe again even though the binary cache
# holds its key (a restore is not a rebuild), and stores the new build.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mf fb; is "$?" 0 "fa and fb build"
entry=$(ls "$T/cache/bin/$FIX_TRIPLE/"fb-1.0-*.tar.zst)
ok $([ -f "$entry" ]; echo $?) "the cache holds fb's key"
touch -d @0 "$entry"
: > "$T/builds.log"
mf fb-rebuild; rc=$?
out=$(cat "$T/make.out")
is "$rc" 0 "make fb-rebuild succeeds"
like "$out" "CLEAN +fb-1.0" "it cleans fb first"
is "$(grep -c '^  BUILD   fb-1.0' "$T/make.out")" 1 "one BUILD line for fb"
is "$(builds fb)" 1 "fb's build step ran"
ok $(echo "$out" | grep -q 'CACHED'; [ $? = 1 ]; echo $?) "nothing is restored from the cache"
is "$(builds fa)" 0 "fa, which fb needs, is not rebuilt"
like "$out" "STORE +fb-1.0" "the new build is stored"
ok $([ "$(stat -c %Y "$entry")" != 0 ]; echo $?) "... over the cache entry"
is "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fb.txt")" "$(printf 'hello from fb 1.0\nhello from fa 1.0')" "fb is installed"

mf fb-clean; : > "$T/builds.log"
mf fb
is "$(grep -c '^  BUILD' "$T/make.out")" 0 "whereas clean and make restore fb from the cache: no BUILD line"
done_testing
