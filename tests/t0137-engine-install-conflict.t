#!/bin/bash
# Two recipes that install the same path into one prefix: the second install
# stops with a one-line error naming both recipes and the path, before it
# touches the prefix, and the first recipe's file is left as it was.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
# fc installs share/fa.txt, a file fa owns.
write_recipe fc 1.0 "" 'fc_INSTALL = mkdir -p $(DEST_DIR)/share && echo from-fc > $(DEST_DIR)/share/fa.txt'
mf fa; is "$?" 0 "fa builds and installs share/fa.txt"
mf fc; rc=$?
ok $([ "$rc" != 0 ]; echo $?) "fc, installing the same path, fails"
like "$(grep '^muslforge: ' "$T/make.out")" "^muslforge: fc and fa both install into .*/sysroot/$FIX_TRIPLE: share/fa\.txt$" \
	"the error names both recipes, the prefix and the path"
is "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fa.txt")" "hello from fa 1.0" "fa's file is untouched"
is "$(ls "$T/out/stamps/$FIX_TRIPLE/" | grep -c '^fc-')" 0 "fc has no done stamp"
ok $([ ! -e "$T/out/manifests/$FIX_TRIPLE/fc" ]; echo $?) "fc has no manifest"
# A recipe reinstalling its own files (a rebuild) is not a conflict.
write_recipe fc 1.0 ""
mf fc; is "$?" 0 "fc installing only its own files succeeds"
sed -i 's/echo configured >/echo configured-again >/' "$T/recipes/fa.mk"
mf fa; is "$?" 0 "fa rebuilt after a recipe change is not a conflict with itself"
is "$(builds fa)" 2 "... and it was rebuilt and reinstalled"
done_testing
