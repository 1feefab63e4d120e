#!/bin/bash
# A build that resumes in a directory a stopped step left behind (its
# <step>.started marker is there) and fails is built once more from a
# clean work directory; a build that just fails is not retried, and a retry
# that fails too is not retried again.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
# fc's build fails where a file "poison" is in its build directory, or
# whenever $T/broken exists.
write_recipe fc 1.0 "" "fc_BUILD = echo fc >> $T/builds.log; test ! -e poison; test ! -e $T/broken; cat \$(SRC_DIR)/hello.txt > out.txt"
W=$T/out/build/$FIX_TRIPLE/fc
# As a build stopped in fc's build step leaves it: configured, built half-way.
stopped_in_build() {
	rm -rf "$T/cache/bin" "$T/out/stamps" "$W/.built" "$W/.installed" "$W/dest"
	touch "$W/build/poison" "$W/.built.started"
	: > "$T/builds.log"
}
mf fc; is "$?" 0 "fc builds"

stopped_in_build
mf fc; rc=$?
out=$(cat "$T/make.out")
is "$rc" 0 "resumed in a directory a stopped build left, fc fails, is retried and builds"
like "$out" "RETRY +fc-1.0 \[$FIX_TRIPLE\]: the resumed build failed; once more from a clean directory" "the retry is said on one line"
is "$(builds fc)" 2 "its build step ran twice"
like "$out" "UNPACK +fc-1.0" "the retry starts from the unpack, in a clean work directory"
is "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fc.txt")" "hello from fc 1.0" "and installs fc"
is "$(ls -a "$W" | grep -c '\.started$')" 0 "no step is left marked as started"

touch "$T/broken"; : > "$T/builds.log"
rm -rf "$T/cache/bin" "$T/out/stamps" "$W/.built" "$W/.installed"
mf fc; rc=$?
ok $([ "$rc" != 0 ]; echo $?) "a build that just fails fails"
is "$(builds fc)" 1 "... and is not retried"
ok $(grep -q RETRY "$T/make.out"; [ $? = 1 ]; echo $?) "... and says no RETRY"
is "$(ls -a "$W" | grep -c '\.started$')" 0 "a step that failed by itself is not marked as started"
mf fc; is "$(builds fc)" 2 "the next make is not a resumed build either: no retry"

stopped_in_build
mf fc; rc=$?
ok $([ "$rc" != 0 ]; echo $?) "resumed and broken, fc fails"
is "$(builds fc)" 2 "it is retried once, not more"
is "$(grep -c RETRY "$T/make.out")" 1 "one RETRY line"
done_testing
