#!/bin/bash
# A bounded libFuzzer run of the HTTP request parser (apps/gateway/http.c)
# from a seed corpus written here; any crash, leak or sanitizer report fails.
. "$(dirname "$0")/lib.sh"

command -v clang > /dev/null || skip_all "clang not installed"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' > "$T/probe.c"
clang -fsanitize=fuzzer -o "$T/probe" "$T/probe.c" > /dev/null 2>&1 ||
	skip_all 'clang cannot link -fsanitize=fuzzer (apt-get install libclang-rt-14-dev)'
FUZZ_TIME=${FUZZ_TIME:-20}
# `make gateway-fuzz` (a dependency of `make test`) builds it; a run outside
# make builds its own copy from the sources.
FUZZER=$OUT/host/gateway/bin/fuzz-http
if [ ! -x "$FUZZER" ]; then
	B=$OUT/host/gateway-fuzz-test
	mkdir -p "$B"
	nice -n 19 make -s -C "$TOP/apps/gateway" O="$B" "$B/bin/fuzz-http" > "$T/build.log" 2>&1 ||
		diag "$(tail -n 20 "$T/build.log")"
	FUZZER=$B/bin/fuzz-http
fi
[ -x "$FUZZER" ]
ok $? "fuzz-http is built ($FUZZER)"
[ -x "$FUZZER" ] || done_testing

# Seeds: the first byte picks the read size the target cuts the input into.
mkdir -p "$T/corpus" "$T/artifacts"
seed() { printf "$2" > "$T/corpus/$1"; }
seed get '\x07GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'
seed post '\x03POST /v1/policy/check HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}'
seed pipelined '\x1fGET / HTTP/1.1\r\nHost: a\r\n\r\nGET /b?name=x%%41 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'
seed chunked '\x05POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'
seed expect '\x02PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc'
seed lf '\x00\nGET / HTTP/1.1\nHost: a\n\n'
# a body that makes the buffer grow under the parsed head
{ printf '\x1fPOST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9000\r\n\r\n'; head -c 9000 /dev/zero | tr '\0' x; } > "$T/corpus/grow"

nice -n 19 "$FUZZER" -max_total_time="$FUZZ_TIME" -runs=2000000 -seed=4270 -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix="$T/artifacts/" "$T/corpus" > "$T/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T/fuzz.log" | tail -n 1)
crashes=$(ls "$T/artifacts" | wc -l)
diag "fuzz-http: ${runs:-0} executions, $crashes crashes"
is "$rc" 0 'fuzzer exit status 0'
is "$crashes" 0 'no crash, leak, timeout or sanitizer report'
ok $(( ${runs:-0} < 1000 )) "the fuzzer really ran (${runs:-0} executions)"
[ "$rc" = 0 ] || diag "$(grep -A 25 -E 'ERROR|SUMMARY|deadly' "$T/fuzz.log" | head -n 40)"
done_testing
