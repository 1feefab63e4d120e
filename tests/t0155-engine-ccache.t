#!/bin/bash
# CCACHE=1 puts ccache in front of a recipe's compilers (by name, and CMake's
# by its launcher): a one-file patch recompiles that file, the other comes
# from ccache; the keys are the same with and without it.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
command -v ccache > /dev/null || skip_all "ccache is not installed (make deps installs it)"
make_fixture
mkdir -p "$T/src/two-1.0"
for f in one two; do printf 'int %s(void) { return %d; }\n' "$f" "${#f}" > "$T/src/two-1.0/$f.c"; done
pack_recipe two one.c
cat >> "$T/recipes/two.mk" <<EOR
two_CONFIGURE = :
two_BUILD = for f in one two; do cc -O2 -c \$(SRC_DIR)/\$\$f.c; done && ar rc libtwo.a one.o two.o
two_INSTALL = mkdir -p \$(DEST_DIR)/lib && cp libtwo.a \$(DEST_DIR)/lib/
EOR
export CCACHE_DIR=$T/ccache
stats() { ccache --print-stats | awk -v k="$1" '$1 == k { print $2 }'; }

mf keys; keys_off=$(grep ' two ' "$T/make.out")
mf keys CCACHE=1; is "$(grep ' two ' "$T/make.out")" "$keys_off" "CCACHE=1 changes no key"

ccache -z > /dev/null
mf two CCACHE=1; is "$?" 0 "the recipe builds with CCACHE=1"
is "$(stats cache_miss)" 2 "ccache saw both compiles (two misses)"

mkdir -p "$T/patches/two/1.0"
cat > "$T/patches/two/1.0/0001-two.patch" <<'EOP'
--- a/two.c
+++ b/two.c
@@ -1 +1 @@
-int two(void) { return 3; }
+int two(void) { return 2; }
EOP
ccache -z > /dev/null
mf two CCACHE=1; is "$?" 0 "after a one-file patch, the recipe builds again (a new key)"
like "$(cat "$T/make.out")" "BUILD +two-1.0" "it was built, not restored"
is "$(stats direct_cache_hit)+$(stats preprocessed_cache_hit):$(stats cache_miss)" "1+0:1" "one.c came from ccache, only the patched two.c was compiled"
ok "$(objdump -d "$T/out/build/$FIX_TRIPLE/two/build/two.o" | grep -q 'mov *\$0x2,%eax'; echo $?)" "the patched file's new code is in the build"

ccache -z > /dev/null
mf two-rebuild
is "$(stats cache_miss):$(stats direct_cache_hit)" "0:0" "without CCACHE=1, ccache is not used"
done_testing
