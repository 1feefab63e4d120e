#!/bin/bash
# A failed step says which make target starts its recipe again from a clean
# directory and which also ignores the binary cache, for that recipe and
# triple, and those targets work; a failed fetch names none.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
write_recipe fc 1.0 "" "fc_BUILD = test ! -e $T/broken; cat \$(SRC_DIR)/hello.txt > out.txt"
touch "$T/broken"
mf fc; rc=$?
out=$(cat "$T/make.out")
ok $([ "$rc" != 0 ]; echo $?) "fc's build fails"
like "$out" "muslforge: BUILD fc-1.0 \[$FIX_TRIPLE\] failed \(exit 1\); full log: " "the failure is named"
like "$out" "^muslforge: to start it again from a clean directory: make fc-clean ARCH=x86_64; to ignore the binary cache too: make fc-rebuild ARCH=x86_64$" \
	"then what to run, naming the recipe and its arch"
rm "$T/broken"
mf fc-clean ARCH=x86_64; is "$?" 0 "make fc-clean ARCH=x86_64 succeeds"
ok $([ ! -e "$T/out/build/$FIX_TRIPLE/fc" ]; echo $?) "... and removes fc's work directory"
mf fc-rebuild ARCH=x86_64; is "$?" 0 "make fc-rebuild ARCH=x86_64 builds fc"

sed -i "s/^fa_SOURCES := \(.*\):[0-9a-f]*$/fa_SOURCES := \1:$(printf '0%.0s' $(seq 64))/" "$T/recipes/fa.mk"
mf fa
out=$(cat "$T/make.out")
like "$out" "muslforge: FETCH fa-1.0 failed" "a failed fetch is named"
ok $(echo "$out" | grep -q -e '-clean' -e '-rebuild'; [ $? = 1 ]; echo $?) "with no clean or rebuild to run"
done_testing
