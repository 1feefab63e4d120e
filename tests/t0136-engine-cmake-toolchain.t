#!/bin/bash
# The CMake toolchain file is rewritten when its text differs in any way
# (flags in another order too), and left alone (same mtime) when it does not.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mf keys; is "$?" 0 "make keys writes the toolchain files"
f=$T/out/cmake/$FIX_TRIPLE.cmake
cp "$f" "$T/good.cmake"
touch -d '2000-01-01' "$f"
mf keys
is "$(stat -c %Y "$f")" "$(date -d 2000-01-01 +%s)" "unchanged text: the file is not rewritten"
sed -i 's/^set(CMAKE_C_FLAGS_INIT "\([^ ]*\) \([^ ]*\) /set(CMAKE_C_FLAGS_INIT "\2 \1 /' "$f"
ok $(! cmp -s "$f" "$T/good.cmake"; echo $?) "two flags swapped in the file"
mf keys
cmp -s "$f" "$T/good.cmake"; ok $? "the reordered file is rewritten with the right text"
done_testing
