#!/bin/bash
# When no place has a source, the error lists every place that was tried.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
rm "$T/mirror/fa-1.0.tar.gz"
port=$(free_port)
echo "fa_URLS := http://127.0.0.1:$port/fa-1.0.tar.gz" >> "$T/recipes/fa.mk"
mf fa; rc=$?
out=$(cat "$T/make.out")
ok $((rc == 0)) "make fails when no source can be found"
like "$out" "no source for fa-1.0; tried:" "the error says which source is missing"
like "$out" "mirror \(SOURCES\): $T/mirror/fa-1.0.tar.gz" "it names the mirror"
like "$out" "download cache: $T/cache/sources/fa-1.0.tar.gz" "it names the download cache"
like "$out" "upstream: http://127.0.0.1:$port/fa-1.0.tar.gz" "it names the upstream URL"
done_testing
