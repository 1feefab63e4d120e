#!/bin/bash
# Clones share the download cache: a download another clone has under way
# (its partial file names a live process) is left alone; one whose process
# is gone is cleaned up.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
write_recipe fa 1.0 "" "fa_URLS := file://$T/mirror/fa-1.0.tar.gz"
mkdir -p "$T/cache/sources"
sleep 300 & live=$!
( exit 0 ) & dead=$!; wait $dead
echo partial > "$T/cache/sources/.fa-1.0.tar.gz.part.$live"
echo partial > "$T/cache/sources/.fa-1.0.tar.gz.part.$dead"
make --no-print-directory -C "$TOP" RECIPE_DIRS="$T/recipes" PATCH_DIR="$T/patches" OUT="$T/out" \
	CACHE_DIR="$T/cache" ARCH=x86_64 fetch-fa > "$T/make.out" 2>&1
is "$?" 0 "fa is fetched from its URL"
ok $([ -f "$T/cache/sources/fa-1.0.tar.gz" ]; echo $?) "into the shared download cache"
ok $([ -f "$T/cache/sources/.fa-1.0.tar.gz.part.$live" ]; echo $?) "another clone's download in progress is untouched"
ok $([ ! -e "$T/cache/sources/.fa-1.0.tar.gz.part.$dead" ]; echo $?) "a dead download's leftover is removed"
kill $live 2>/dev/null; wait $live 2>/dev/null
done_testing
