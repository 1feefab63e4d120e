#!/bin/bash
# A _DEPS entry that names no recipe stops make at once, naming it; nothing is built.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
write_recipe fb 1.0 "fx"
mf fb; rc=$?
ok $([ "$rc" != 0 ]; echo $?) "make stops (exit $rc)"
like "$(cat "$T/make.out")" "fb: unknown dependency 'fx'" "the message names the recipe and the unknown dependency"
is "$(wc -l < "$T/builds.log" | tr -d ' ')" 0 "nothing was built"
done_testing
