#!/bin/bash
# A bounded libFuzzer run of the JSON routes end to end (api_verify with the
# Z3 verifier and its witness re-check, api_check with the evaluator) on
# small generated policy pairs and on the known-answer cases as seeds; the
# crash of issue 22 (a proposal host "a.b.") is a kept seed and runs first.
# Any crash, leak, sanitizer report or internal error fails. A fixed number
# of runs and seed keep it repeatable; `make fuzz` runs longer.
. "$(dirname "$0")/lib.sh"
FUZZER=$OUT/host/gateway/bin/fuzz-api
FUZZ_RUNS=${FUZZ_RUNS:-1500}
SEEDS=$TOP/tests/gateway/fuzz-api
[ -x "$FUZZER" ] || { ok 1 "fuzz-api is built (make gateway-fuzz)"; done_testing; }
export FUZZ_REGISTRY=$TOP/apps/gateway/registry

mkdir -p "$T/corpus" "$T/artifacts"
# Each case as baseline NUL proposal NUL credentials.
for c in "$TOP"/tests/gateway/verify/*.case; do
	d=$T/split/$(basename "$c" .case)
	mkdir -p "$d"
	awk -v d="$d" '/^--- /{f=d"/"$2; printf "" > f; next} /^#/ && !f {next} f{print > f}' "$c"
	[ -s "$d/credentials" ] || cp "$TOP/tests/gateway/verify/credentials.yaml" "$d/credentials"
	{ cat "$d/baseline"; printf '\0'; cat "$d/proposal"; printf '\0'; cat "$d/credentials"; } > "$T/corpus/$(basename "$c" .case)"
done

for s in "$SEEDS"/*; do
	"$FUZZER" -runs=1 "$s" > "$T/seed.log" 2>&1
	is "$?" 0 "kept input $(basename "$s") runs clean"
	[ -s "$T/seed.log" ] && grep -q ERROR "$T/seed.log" && diag "$(grep -A 15 ERROR "$T/seed.log" | head -n 20)"
done

ASAN_OPTIONS=${ASAN_OPTIONS:-}:disable_coredump=1 "$FUZZER" -runs="$FUZZ_RUNS" -seed=1 -max_len=4096 -timeout=60 \
	-rss_limit_mb=4096 -artifact_prefix="$T/artifacts/" "$T/corpus" "$SEEDS" > "$T/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T/fuzz.log" | tail -n 1)
is "$rc" 0 "fuzzer exit status 0 after ${runs:-0} runs"
is "$(ls "$T/artifacts" | wc -l)" 0 "no crash, leak, timeout, sanitizer report or internal error"
is "${runs:-0}" "$FUZZ_RUNS" "the fuzzer ran all $FUZZ_RUNS inputs"
if [ "$rc" != 0 ]; then
	mkdir -p "$OUT/fuzz-artifacts"
	cp "$T"/artifacts/* "$OUT/fuzz-artifacts/" 2> /dev/null
	diag "$(grep -B 2 -A 25 -E 'ERROR|SUMMARY|deadly|answered' "$T/fuzz.log" | head -n 40)" \
		"inputs kept in $OUT/fuzz-artifacts/"
fi
done_testing
