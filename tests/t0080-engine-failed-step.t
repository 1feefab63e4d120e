#!/bin/bash
# A failing step prints the last 30 lines of its log and the log's path.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
echo 'fc_BUILD = for i in $$(seq 1 50); do echo "build line $$i"; done; exit 7' >> "$T/recipes/fc.mk"
mf fc; rc=$?
out=$(cat "$T/make.out")
ok $((rc == 0)) "make exits non-zero"
like "$out" "BUILD +fc-1.0 \[$FIX_TRIPLE\]" "the quiet progress line names the step"
like "$out" "build line 50" "the tail of the log is shown"
like "$out" "build line 21" "30 lines of it"
ok $(echo "$out" | grep -q 'build line 20$'; [ $? = 1 ]; echo $?) "but not more"
like "$out" "full log: $T/out/logs/$FIX_TRIPLE/fc-build.log" "the log's path is printed"
is "$(grep -c 'build line' "$T/out/logs/$FIX_TRIPLE/fc-build.log")" 50 "the log file has everything"
mf V=1 fc
like "$(cat "$T/make.out")" 'for i in .*seq 1 50' "V=1 shows the full commands"
done_testing
