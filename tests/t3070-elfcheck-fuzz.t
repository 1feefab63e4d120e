#!/bin/bash
# A short bounded libFuzzer run of the parser and reports on a seed corpus
# generated here from small real binaries; any crash fails.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool clang "apt-get install clang (libFuzzer comes with it)"
FUZZ_TIME=${FUZZ_TIME:-20}
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' > "$T/probe.c"
clang -fsanitize=fuzzer -o "$T/probe" "$T/probe.c" > /dev/null 2>&1 ||
	skip_all 'clang cannot link -fsanitize=fuzzer (apt-get install libclang-rt-14-dev)'
build_elfcheck fuzz
FUZZER=$OUT/host/bin/elfcheck-fuzz

"$TOP/tools/elfcheck/mkseeds.sh" "$T/corpus" > "$T/seeds.log" 2>&1
ok $? "seed corpus generated: $(cat "$T/seeds.log")"
mkdir -p "$T/artifacts"

$NICE "$FUZZER" -max_total_time="$FUZZ_TIME" -max_len=4194304 -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix="$T/artifacts/" "$T/corpus" \
	> "$T/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T/fuzz.log" | tail -n 1)
crashes=$(ls "$T/artifacts" | wc -l)
diag "fuzz: ${runs:-0} executions in ${FUZZ_TIME}s, $crashes crashes, corpus $(ls "$T/corpus" | wc -l) inputs"
is "$rc" 0 'fuzzer exit status 0'
is "$crashes" 0 'no crash, leak, timeout or sanitizer report'
ok $(( ${runs:-0} < 1000 )) "the fuzzer really ran (${runs:-0} executions)"
if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
	diag "$(grep -A 25 -E 'ERROR|SUMMARY|deadly' "$T/fuzz.log" | head -n 40)"
	mkdir -p "$OUT/host/fuzz/crashes" && cp "$T/artifacts/"* "$OUT/host/fuzz/crashes/" 2> /dev/null &&
		diag "artifacts copied to $OUT/host/fuzz/crashes"
fi

done_testing
