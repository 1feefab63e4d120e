#!/bin/bash
# A bounded libFuzzer run of the policy and credentials loaders with the
# evaluator, seeded with the known-answer policies; any crash, leak or
# sanitizer report fails. A fixed number of runs and seed keep it repeatable;
# `make fuzz` runs longer.
. "$(dirname "$0")/lib.sh"
FUZZER=$OUT/host/gateway/bin/fuzz-policy
FUZZ_RUNS=${FUZZ_RUNS:-60000}
[ -x "$FUZZER" ] || { ok 1 "fuzz-policy is built (make gateway-fuzz)"; done_testing; }

mkdir -p "$T/corpus" "$T/artifacts"
for c in "$TOP"/tests/gateway/verify/*.case; do
	awk '/^--- proposal/{f=1; next} /^--- /{f=0} f' "$c" > "$T/corpus/$(basename "$c" .case)"
done
cp "$TOP/tests/gateway/verify/credentials.yaml" "$T/corpus/"
"$FUZZER" -runs="$FUZZ_RUNS" -seed=1 -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$T/artifacts/" "$T/corpus" > "$T/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T/fuzz.log" | tail -n 1)
is "$rc" 0 "fuzzer exit status 0 after ${runs:-0} runs"
is "$(ls "$T/artifacts" | wc -l)" 0 "no crash, leak, timeout or sanitizer report"
is "${runs:-0}" "$FUZZ_RUNS" "the fuzzer ran all $FUZZ_RUNS inputs"
[ "$rc" = 0 ] || diag "$(grep -A 25 -E 'ERROR|SUMMARY|deadly' "$T/fuzz.log" | head -n 40)"
done_testing
