#!/bin/bash
# make -n is a dry run: it says what it would build, and builds, stores and
# installs nothing (the one line make always runs only reports).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mf -n fa fb fc; rc=$?
is "$rc" 0 "make -n succeeds"
like "$(cat "$T/make.out")" "BUILD +fb-1.0 \[x86_64-linux-musl\] \(dry run\)" "it says what it would build"
is "$(wc -l < "$T/builds.log" | tr -d ' ')" 0 "no build step ran"
is "$(find "$T/cache" -name '*.tar.zst' 2>/dev/null | wc -l)" 0 "nothing was stored in the binary cache"
is "$(find "$T/out/stamps" "$T/out/sysroot" -type f 2>/dev/null | wc -l)" 0 "nothing was installed or stamped"
mf fa fb fc; is "$?" 0 "a real build afterwards succeeds"
is "$(sort "$T/builds.log" | tr '\n' ' ')" "fa fb fc " "... and builds everything once"
done_testing
