#!/bin/bash
# make test's plan check (tests/plan-check): a script that ran fewer or more
# checks than tests/plans records, or one with no recorded count, fails the
# run; done_testing writes the counts; other triples only report.
. "$(dirname "$0")/lib.sh"
C=$TOP/tests/plan-check
both="x86_64-linux-musl aarch64-linux-musl"
printf 't1000-a 12\nt2000-b 7\n' > "$T/plans"

printf 't1000-a 12\nt2000-b 7\n' > "$T/log"
out=$("$C" "$T/log" "$T/plans" "$both"); rc=$?
is "$rc" 0 "counts as recorded pass"
like "$out" "^plans: 2 scripts, 0 not as recorded$" "and are summed up"

printf 't1000-a 12\nt2000-b 5\n' > "$T/log"
out=$("$C" "$T/log" "$T/plans" "$both"); rc=$?
is "$rc" 1 "a script that ran fewer checks fails the run"
like "$out" "t2000-b: ran 5 checks, tests/plans records 7" "naming it and both counts"

printf 't3000-c 4\n' > "$T/log"
out=$("$C" "$T/log" "$T/plans" "$both"); rc=$?
is "$rc" 1 "a script with no recorded count fails"
like "$out" "t3000-c: ran 4 checks; tests/plans records none" "and says how to record it"

printf 't2000-b 3\n' > "$T/log"
out=$("$C" "$T/log" "$T/plans" "x86_64-linux-musl"); rc=$?
is "$rc" 0 "with other triples a different count is reported, not failed"
like "$out" "recorded for both musl triples" "... saying why"

# done_testing writes the count; a loop whose setup failed writes a smaller one.
printf '#!/bin/bash\n. "%s/tests/lib.sh"\nfor i in 1 2 3; do ok 0 "check $i"; done\ndone_testing\n' "$TOP" > "$T/t9001-loop.t"
printf '#!/bin/bash\n. "%s/tests/lib.sh"\nfor i in $(false); do ok 0 "check $i"; done\ndone_testing\n' "$TOP" > "$T/t9002-lost.t"
rm -f "$T/counts"
PLAN_LOG=$T/counts bash "$T/t9001-loop.t" > /dev/null
PLAN_LOG=$T/counts bash "$T/t9002-lost.t" > /dev/null
is "$(cat "$T/counts")" "t9001-loop 3
t9002-lost 0" "done_testing writes each script's count"
printf 't9001-loop 3\nt9002-lost 3\n' > "$T/plans"
"$C" "$T/counts" "$T/plans" "$both" > "$T/out"
is "$?" 1 "the script whose loop ran nothing fails the check"
done_testing
