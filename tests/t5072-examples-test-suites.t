#!/bin/bash
# The example projects' own test suites ran and passed on both musl arches
# (aarch64 under qemu): each is a tests unit of its recipe (make examples
# builds them, or restores them from the binary cache), whose logs are kept
# in out/examples/testsuites/<triple>/<name>/. This reads them: jq's
# `make check` (every script passed, none skipped), zstd's `meson test` and
# its CLI script, and curl's runtests.pl (the summary line, its TLS tests
# run behind stunnel and its HTTP/2 tests behind nghttpx; every skipped
# test's reason is printed here as a diagnostic). A unit whose suite failed
# was never stored, so make examples would have stopped before this runs;
# this checks that what was kept says so too.
. "$(dirname "$0")/lib.sh"
suites=$OUT/examples/testsuites
[ -d "$suites" ] || { echo "Bail out! no $suites (make examples)"; exit 1; }
for a in x86_64 aarch64; do
	t=$a-linux-musl
	how=
	[ $a = aarch64 ] && how=" under qemu"

	log=$suites/$t/jq/test-suite.log
	is "$(sed -n 's/^# \(TOTAL\|PASS\|SKIP\|FAIL\|ERROR\): *//p' "$log" 2> /dev/null | tr '\n' ' ')" "8 8 0 0 0 " \
		"jq [$t]: make check$how: 8 scripts, 8 passed, none skipped, failed or in error"
	like "$(cat "$suites/$t/jq/jqtest.log" 2> /dev/null)" "^([0-9]+) of \1 tests passed \(0 malformed, 0 skipped\)" \
		"jq [$t]: its main script passed every one of its tests$how"
	diag "jq [$t]: $(grep -h 'tests passed' "$suites/$t/jq/"*.log 2> /dev/null | tr '\n' ';')"

	log=$suites/$t/zstd/testlog.txt
	summary=$(grep -E '^(Ok|Fail|Expected Fail|Unexpected Pass|Skipped|Timeout): ' "$log" 2> /dev/null | awk '{ $1 = $1; print }' | tr '\n' ' ')
	like "$summary" "^Ok: 8 Expected Fail: 0 Fail: 0 Unexpected Pass: 0 Skipped: 0 Timeout: 0 $" \
		"zstd [$t]: meson test$how: every test passed, none skipped ($summary)"
	is "$(tail -n 1 "$suites/$t/zstd/playTests.log" 2> /dev/null)" "playTests.sh: exit status 0" \
		"zstd [$t]: its CLI script (playTests.sh) passed$how"

	log=$suites/$t/curl/runtests.log
	done_line=$(grep -E '^TESTDONE: [0-9]+ tests out of [0-9]+ reported OK' "$log" 2> /dev/null)
	like "$done_line" "reported OK: 100%" "curl [$t]: runtests.pl$how: every test it ran passed ($done_line)"
	like "$(grep -E '^TESTDONE: [0-9]+ tests were considered' "$log" 2> /dev/null)" "considered" \
		"curl [$t]: and it says how many it considered"
	is "$(grep -c 'no stunnel' "$log" 2> /dev/null)" 0 \
		"curl [$t]: its TLS tests ran: none was skipped for want of stunnel"
	is "$(grep -c 'failed starting HTTP/2 server' "$log" 2> /dev/null)" 0 \
		"curl [$t]: its HTTP/2 tests ran: none was skipped for want of nghttpx"
	diag "curl [$t]: $(grep -E '^TESTDONE' "$log" 2> /dev/null | tr '\n' ';')"
	grep -E '^TESTINFO: "' "$log" 2> /dev/null | sed "s/^/curl [$t] skipped: /" | while read -r line; do diag "$line"; done
done
done_testing
