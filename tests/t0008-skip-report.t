#!/bin/bash
# make test's skip report (tests/skip-report): every skip a script wrote is
# listed; under CI=true one that tests/skips.allowed does not match fails,
# a matching one does not; skips written by skip and skip_all reach the log.
. "$(dirname "$0")/lib.sh"
R=$TOP/tests/skip-report

printf 't1020-ns: unshare -mn not permitted here\nt4350-fuzz: clang 15 is not clang 14\n' > "$T/log"
printf '# comment\nt1020-ns: ^unshare .* not permitted\n' > "$T/allowed"
out=$(CI= "$R" "$T/log" "$T/allowed"); rc=$?
is "$rc" 0 "outside CI a skip is reported, not failed"
like "$out" '^skips: 2$' "the count"
like "$out" 't4350-fuzz: clang 15 is not clang 14 +<- not in allowed' "the one not allowed is marked"
out=$(CI=true "$R" "$T/log" "$T/allowed" 2>&1); rc=$?
is "$rc" 1 "under CI=true a skip not allowed fails"
printf 't4350-fuzz: ^clang\n' >> "$T/allowed"
CI=true "$R" "$T/log" "$T/allowed" > /dev/null 2>&1
is "$?" 0 "... and passes once the allow-list has it"
printf 't4350-fuzz: ^gcc\n' > "$T/other"
CI=true "$R" "$T/log" "$T/other" > /dev/null 2>&1
is "$?" 1 "a rule for the script with another reason does not allow it"
: > "$T/empty"
is "$(CI=true "$R" "$T/empty" "$T/allowed")" "skips: none" "no skips: said so, exit 0"

printf '#!/bin/bash\n. "%s/tests/lib.sh"\nskip "no widget here"\ndone_testing\n' "$TOP" > "$T/t9001-a.t"
printf '#!/bin/bash\n. "%s/tests/lib.sh"\nskip_all "needs a widget"\n' "$TOP" > "$T/t9002-b.t"
rm -f "$T/skips"
SKIP_LOG=$T/skips PLAN_LOG= bash "$T/t9001-a.t" > /dev/null
SKIP_LOG=$T/skips PLAN_LOG= bash "$T/t9002-b.t" > /dev/null
is "$(cat "$T/skips")" "t9001-a: no widget here
t9002-b: needs a widget" "skip and skip_all write the script and the reason to SKIP_LOG"
done_testing
