#!/bin/bash
# A download that arrives truncated is refused and leaves nothing in the cache.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
full=$(sha "$T/mirror/fa-1.0.tar.gz")
mkdir -p "$T/www"
head -c 100 "$T/mirror/fa-1.0.tar.gz" > "$T/www/fa-1.0.tar.gz"
rm "$T/mirror/fa-1.0.tar.gz"
port=$(free_port)
python3 -m http.server -b 127.0.0.1 -d "$T/www" "$port" > "$T/http.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; cleanup_test' EXIT
for i in $(seq 50); do curl -s "http://127.0.0.1:$port/" > /dev/null && break; sleep 0.1; done
echo "fa_URLS := http://127.0.0.1:$port/fa-1.0.tar.gz" >> "$T/recipes/fa.mk"

mf fa; rc=$?
out=$(cat "$T/make.out")
ok $((rc == 0)) "make fails on a truncated download"
like "$out" "checksum mismatch for fa-1.0.tar.gz \(downloaded from http://127.0.0.1:$port/fa-1.0.tar.gz\)" "the error names the file and where it came from"
like "$out" "expected sha256: $full" "the error gives the expected hash"
like "$out" "actual sha256: +$(sha "$T/www/fa-1.0.tar.gz")" "the error gives the hash of what arrived"
is "$(ls -A "$T/cache/sources" 2>/dev/null)" "" "nothing (not even a partial file) is left in the download cache"
ok $([ ! -e "$T/out/build/$FIX_TRIPLE/fa/src" ]; echo $?) "nothing was unpacked"
done_testing
