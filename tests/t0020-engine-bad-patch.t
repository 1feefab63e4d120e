#!/bin/bash
# A patch that does not apply is named, and no half-patched tree is kept.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mkdir -p "$T/patches/fa/1.0"
cat > "$T/patches/fa/1.0/0001-good.patch" <<'P'
--- a/hello.txt
+++ b/hello.txt
@@ -1 +1 @@
-hello from fa 1.0
+hello from patched fa 1.0
P
cat > "$T/patches/fa/1.0/0002-stale.patch" <<'P'
--- a/hello.txt
+++ b/hello.txt
@@ -1 +1 @@
-this line is not in the file
+neither is this one
P
mf fa; rc=$?
out=$(cat "$T/make.out")
ok $((rc == 0)) "make fails when a patch does not apply"
like "$out" "patch $T/patches/fa/1.0/0002-stale.patch does not apply" "the error names the patch"
like "$out" "log: $T/out/logs/$FIX_TRIPLE/fa-unpack.log" "the error gives the log's path"
ok $([ ! -e "$T/out/build/$FIX_TRIPLE/fa/src" ]; echo $?) "no half-patched source tree is left in place"

rm "$T/patches/fa/1.0/0002-stale.patch"
mf fa; rc=$?
is "$rc" 0 "with the stale patch removed the build completes"
is "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fa.txt")" "hello from patched fa 1.0" "the good patch was applied"
done_testing
