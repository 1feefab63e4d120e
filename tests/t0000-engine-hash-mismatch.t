#!/bin/bash
# A source whose sha256 does not match is rejected before anything is unpacked.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
want=$(sha "$T/mirror/fa-1.0.tar.gz")
echo tampered >> "$T/src/fa-1.0/hello.txt"
tar -C "$T/src" -czf "$T/mirror/fa-1.0.tar.gz" fa-1.0
got=$(sha "$T/mirror/fa-1.0.tar.gz")

mf fa; rc=$?
out=$(cat "$T/make.out")
ok $((rc == 0)) "make fails on a checksum mismatch"
like "$out" "checksum mismatch for $T/mirror/fa-1.0.tar.gz" "the error names the file"
like "$out" "expected sha256: $want" "the error gives the expected hash"
like "$out" "actual sha256: +$got" "the error gives the actual hash"
ok $([ ! -e "$T/out/build/$FIX_TRIPLE/fa/src" ] && [ -z "$(ls -A "$T/out/build/$FIX_TRIPLE/fa" 2>/dev/null | grep -v '^\.key$')" ]; echo $?) "nothing was unpacked"
ok $([ ! -e "$T/cache/sources/fa-1.0.tar.gz" ]; echo $?) "the bad file did not enter the download cache"
is "$(builds fa)" 0 "no build step ran"
done_testing
