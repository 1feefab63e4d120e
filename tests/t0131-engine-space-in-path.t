#!/bin/bash
# A clone in a path with a space stops with one line saying so, before
# anything is written (make splits words at spaces: it cannot work there).
. "$(dirname "$0")/lib.sh"
d="$T/with space/muslforge"
mkdir -p "$d" && git -C "$TOP" archive HEAD | tar -x -C "$d"
out=$(cd "$d" && make --no-print-directory keys 2>&1); rc=$?
ok $([ "$rc" != 0 ]; echo $?) "make stops (exit $rc)"
like "$out" "path with a space" "the message says why"
is "$(echo "$out" | grep -c .)" 1 "in one line"
ok $([ ! -e "$d/out" ]; echo $?) "nothing was written (no out/)"
out=$(make --no-print-directory -C "$d" keys 2>&1); rc=$?
ok $([ "$rc" != 0 ]; echo $?) "make -C into it stops too"
like "$out" "path with a space" "... with the same message"
done_testing
