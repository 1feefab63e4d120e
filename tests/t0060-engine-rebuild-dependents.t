#!/bin/bash
# Changing a recipe rebuilds it and its dependents, nothing else.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
# Which recipes the last mf merged into the prefix (a needless reinstall
# counts as much as a needless build).
installed() { sed -n 's/^  MERGE *\([^ ]*\)-[0-9.]* .*/\1/p' "$T/make.out" | sort | tr '\n' ' '; }
make_fixture
mf fa fb fc; is "$?" 0 "first build succeeds"

echo 'fb_CONFIGURE = echo configured with a new flag > configured.txt' >> "$T/recipes/fb.mk"
: > "$T/builds.log"
mf fa fb fc; is "$?" 0 "build after changing fb succeeds"
is "$(sort "$T/builds.log" | tr '\n' ' ')" "fb " "changing fb rebuilds fb only"
is "$(installed)" "fb " "... and installs fb only"

make_tarball fa 1.1
sed -i "s/^fa_VERSION.*/fa_VERSION := 1.1/; s/^fa_SOURCES.*/fa_SOURCES := fa-1.1.tar.gz:$(sha "$T/mirror/fa-1.1.tar.gz")/" "$T/recipes/fa.mk"
: > "$T/builds.log"
mf fa fb fc; is "$?" 0 "build after a new fa version succeeds"
is "$(sort "$T/builds.log" | tr '\n' ' ')" "fa fb " "a new fa version rebuilds fa and its dependent fb, not fc"
is "$(installed)" "fa fb " "... and installs fa and fb only"
like "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fb.txt")" "hello from fa 1.1" "fb was rebuilt against the new fa"

mkdir -p "$T/patches/fc/1.0"
printf -- '--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-hello from fc 1.0\n+hello from patched fc\n' > "$T/patches/fc/1.0/0001-greeting.patch"
: > "$T/builds.log"
mf fa fb fc; is "$?" 0 "build after adding a patch to fc succeeds"
is "$(sort "$T/builds.log" | tr '\n' ' ')" "fc " "a new patch rebuilds only the patched recipe"
is "$(installed)" "fc " "... and installs only it"
is "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fc.txt")" "hello from patched fc" "the patch is in the result"
echo '# a comment changes no variable' >> "$T/recipes/fa.mk"
: > "$T/builds.log"
mf fa fb fc; is "$?" 0 "build after a comment-only change succeeds"
is "$(wc -l < "$T/builds.log" | tr -d ' ')" 0 "a comment-only change rebuilds nothing"
is "$(installed)" "" "... and installs nothing"
done_testing
