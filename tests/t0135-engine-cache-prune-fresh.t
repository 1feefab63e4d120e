#!/bin/bash
# make cache-prune works on a fresh out/ with one ARCH selected (it computes
# the keys of every triple, so it must not depend on an earlier run's folders).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
FIX_OUT=$T/fresh-out mf cache-prune ARCH=x86_64; rc=$?
is "$rc" 0 "make cache-prune ARCH=x86_64 on a fresh out/ succeeds"
[ "$rc" = 0 ] || diag "$(tail -n 5 "$T/make.out")"
done_testing
