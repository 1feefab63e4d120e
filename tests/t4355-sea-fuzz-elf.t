#!/bin/bash
# A bounded libFuzzer run of sea-inject's ELF side (tools/sea-inject/elf.c):
# any bytes as a runtime; whatever the scan accepts must take a payload and
# scan again with it. Seeds: small static runtimes built here with the note
# and the linker script of apps/sea (musl-gcc, and the injected copy).
# tests/sea/elf-*: inputs it found crashing once (a section whose offset
# wrapped past 2^64 and landed on the payload when the tail moved; two
# section headers for the payload note, of which injection resized one).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sea-lib.sh"

command -v clang > /dev/null || skip_all "clang not installed"
command -v musl-gcc > /dev/null || skip_all "musl-gcc not installed (musl-tools)"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' > "$T/probe.c"
clang -fsanitize=fuzzer -o "$T/probe" "$T/probe.c" > /dev/null 2>&1 ||
	skip_all 'clang cannot link -fsanitize=fuzzer (apt-get install libclang-rt-14-dev)'
FUZZ_TIME=${FUZZ_TIME:-20}
FUZZER=$OUT/host/sea/bin/fuzz-elf
if [ ! -x "$FUZZER" ]; then
	B=$T/build
	nice -n 19 make -s -C "$TOP/tools/sea-inject" O="$B" "$B/bin/fuzz-elf" > "$T/build.log" 2>&1 ||
		diag "$(tail -n 20 "$T/build.log")"
	FUZZER=$B/bin/fuzz-elf
fi
[ -x "$FUZZER" ]
ok $? "fuzz-elf is built ($FUZZER)"
[ -x "$FUZZER" ] || done_testing

# Inputs the fuzzer once found crashing, run first, every time.
for f in "$TOP"/tests/sea/elf-*; do
	"$FUZZER" "$f" > "$T/regress.log" 2>&1
	rc=$?
	ok $rc "regression input $(basename "$f") passes"
	[ $rc = 0 ] || diag "$(grep -A 8 -E 'ERROR|deadly' "$T/regress.log" | head -n 12)"
done

mkdir -p "$T/corpus" "$T/artifacts"
cat > "$T/mini.c" <<'C'
static const volatile char fuse[] = "MUSLFORGE_SEA_FUSE_5f0c9a1e7d3b4826:0";
int main(void) { return fuse[0] == 'M' ? 0 : 1; }
C
musl-gcc -static -Os -o "$T/mini" "$T/mini.c" "$TOP/apps/sea/note.S" -Wl,-T,"$TOP/apps/sea/sea.ld" &&
	strip -o "$T/corpus/mini" "$T/mini"
ok $? "a small static runtime as a seed"
if [ -x "$SEA_INJECT" ]; then
	printf 'console.log(1)\n' > "$T/app.js"
	"$SEA_INJECT" "$T/corpus/mini" "$T/app.js" -o "$T/corpus/mini-injected"
	ok $? "and an injected copy"
fi

# Seeded, and with address randomisation off where setarch can, so that a
# run that finds something can be run again the same way by hand.
norand=; setarch "$(uname -m)" -R true 2> /dev/null && norand="setarch $(uname -m) -R"
nice -n 19 $norand "$FUZZER" -max_total_time="$FUZZ_TIME" -runs=2000000 -seed=4355 -timeout=60 -max_len=65536 \
	-rss_limit_mb=2048 -artifact_prefix="$T/artifacts/" "$T/corpus" > "$T/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T/fuzz.log" | tail -n 1)
crashes=$(ls "$T/artifacts" | wc -l)
diag "fuzz-elf: ${runs:-0} executions, $crashes crashes" $(ls "$T/artifacts")
is "$rc" 0 'fuzzer exit status 0'
is "$crashes" 0 'no crash, leak, timeout or sanitizer report'
ok $(( ${runs:-0} < 1000 )) "the fuzzer really ran (${runs:-0} executions)"
# On failure the report goes to stderr too (prove shows it without -v), and
# the inputs are kept in $OUT/fuzz-artifacts/ to become regression inputs.
if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
	diag "$(grep -A 25 -E 'ERROR|SUMMARY|deadly' "$T/fuzz.log" | head -n 40)"
	tail -n 40 "$T/fuzz.log" >&2
	mkdir -p "$OUT/fuzz-artifacts/t4355" && cp "$T"/artifacts/* "$OUT/fuzz-artifacts/t4355/" 2> /dev/null
	echo "t4355: fuzzer exit $rc, inputs kept in $OUT/fuzz-artifacts/t4355/" >&2
fi
done_testing
