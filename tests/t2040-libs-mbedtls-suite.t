#!/bin/bash
# mbedTLS's own test suites, built with the musl toolchain, pass on each
# target. x86_64 runs every suite; aarch64 (under qemu) runs MBEDTLS_SUITES
# (a documented subset) unless FULL=1 (make check-full).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/libs-lib.sh"
AARCH64_SUITES=${MBEDTLS_SUITES:-"aes.cbc aes.ecb ccm gcm.aes128_en chachapoly shax md ecp ecdh ecdsa rsa bignum.generated x509parse pkparse ctr_drbg entropy psa_crypto_hash ssl_decrypt.misc platform_threading"}
for t in $TEST_TRIPLES; do
	d=$OUT/testsuites/$t/mbedtls/tests
	if [ ! -d "$d" ]; then ok 1 "$t: mbedTLS test suites are built"; continue; fi
	suites=$(cd "$d" && ls test_suite_* | grep -v '\.datax$' | sed 's/^test_suite_//')
	if [ "${t%%-*}" = aarch64 ] && [ "${FULL:-0}" != 1 ]; then
		suites=$AARCH64_SUITES
	fi
	passed=0 failed=0 cases=0 skipped=0
	for s in $suites; do
		out=$(cd "$d" && run_target "$t" "./test_suite_$s" 2>&1); rc=$?
		summary=$(printf '%s\n' "$out" | grep -E '^(PASSED|FAILED) ' | tail -1)
		n=$(printf '%s' "$summary" | sed -n 's/.*(\([0-9]*\) \/ \([0-9]*\) tests (\([0-9]*\) skipped).*/\2 \3/p')
		cases=$((cases + ${n%% *})); skipped=$((skipped + ${n##* }))
		if [ $rc = 0 ] && [ "${summary%% *}" = PASSED ]; then passed=$((passed + 1))
		else failed=$((failed + 1)); diag "$t test_suite_$s: exit $rc: $(printf '%s\n' "$out" | grep -v '\.\.\.\. PASS$' | tail -5)"; fi
	done
	diag "$t: $passed suites passed, $failed failed; $cases test cases, $skipped skipped by configuration"
	ok $([ $failed = 0 ] && [ $passed -gt 0 ]; echo $?) "$t: every mbedTLS suite run passes ($passed suites, $cases cases)"
done
done_testing
