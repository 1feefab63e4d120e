#!/bin/bash
# A recipe may accept several files (upstream's and Debian's); any verified one will do.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mv "$T/mirror/fa-1.0.tar.gz" "$T/mirror/fa_1.0.orig.tar.gz"
sed -i "s/^fa_SOURCES := \(.*\):\(.*\)/fa_SOURCES := fa-1.0.tar.gz:0000000000000000000000000000000000000000000000000000000000000000 fa_1.0.orig.tar.gz:\2/" "$T/recipes/fa.mk"
mf fa; is "$?" 0 "the second accepted file is used when the first is absent"
is "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fa.txt")" "hello from fa 1.0" "and unpacked"
like "$(cat "$T/out/logs/sources/fa-1.0.log")" "using $T/mirror/fa_1.0.orig.tar.gz" "the fetch log says which file was used"
done_testing
