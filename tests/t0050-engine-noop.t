#!/bin/bash
# A second run with nothing changed does nothing. How long it takes is a
# figure for `make bench`, not a pass/fail test: on a loaded machine it varies.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mf fa fb fc; is "$?" 0 "first build succeeds"
before=$(wc -l < "$T/builds.log")
start=$(date +%s%N)
mf fa fb fc; rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$rc" 0 "second run succeeds"
is "$(cat "$T/make.out")" "" "second run prints nothing: no step ran"
is "$(wc -l < "$T/builds.log")" "$before" "no build step ran again"
diag "no-op run took $ms ms"
done_testing
