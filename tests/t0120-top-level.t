#!/bin/bash
# The top-level interface: make help lists the targets one per line; make env
# needs one ARCH and prints variables a shell can eval; make cache-prune keeps
# what current recipes use and drops the rest.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
help=$(make --no-print-directory -C "$TOP" OUT="$T/out" help 2>&1)
for target in toolchain libs test check-full fetch elfcheck artifacts env bench fuzz deps clean distclean keys cache-prune help; do
	like "$help" "^make $target( |$)" "make help lists $target"
done

out=$(make --no-print-directory -C "$TOP" OUT="$T/out" env 2>&1); rc=$?
ok $((rc == 0)) "make env without a single ARCH fails"
like "$out" "needs exactly one ARCH" "and says why"
vars=$(env -i PATH="$PATH" bash -c "eval \"\$(make -s --no-print-directory -C '$TOP' OUT='$T/out' env ARCH=aarch64)\"; echo \$MUSLFORGE_TRIPLE \$PKG_CONFIG_SYSROOT_DIR")
is "$vars" "aarch64-linux-musl $T/out/sysroot/aarch64-linux-musl" "make env ARCH=aarch64 evaluates in a shell"

make_fixture
mf fa; is "$?" 0 "fixture built"
keep=$(ls "$T/cache/bin/$FIX_TRIPLE/")
# A leftover of a store whose process is gone (a pid that no longer runs).
sh -c 'exit 0' & dead=$!; wait $dead
touch "$T/cache/bin/$FIX_TRIPLE/fa-0.9-0123456789abcdef.tar.zst" "$T/cache/bin/$FIX_TRIPLE/$keep.tmp.$dead"
mf cache-prune
like "$(cat "$T/make.out")" "PRUNE .*fa-0.9-0123456789abcdef.tar.zst" "an entry of an old key is pruned"
is "$(ls "$T/cache/bin/$FIX_TRIPLE/")" "$keep" "the current entry stays, the leftover temporary goes"
done_testing
