#!/bin/bash
# A bounded libFuzzer run of the runtime's payload reader (apps/sea/payload.c:
# note walk, header, digest) from seeds cut out of a real injected binary;
# any crash, leak or sanitizer report fails.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sea-lib.sh"

command -v clang > /dev/null || skip_all "clang not installed"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' > "$T/probe.c"
clang -fsanitize=fuzzer -o "$T/probe" "$T/probe.c" > /dev/null 2>&1 ||
	skip_all 'clang cannot link -fsanitize=fuzzer (apt-get install libclang-rt-14-dev)'
FUZZ_TIME=${FUZZ_TIME:-20}
# `make sea-fuzz` (a dependency of `make test`) builds it; a run outside
# make builds its own copy from the sources.
FUZZER=$OUT/host/sea/bin/fuzz-payload
if [ ! -x "$FUZZER" ]; then
	B=$T/build
	nice -n 19 make -s -C "$TOP/apps/sea" O="$B" "$B/bin/fuzz-payload" > "$T/build.log" 2>&1 ||
		diag "$(tail -n 20 "$T/build.log")"
	FUZZER=$B/bin/fuzz-payload
fi
[ -x "$FUZZER" ]
ok $? "fuzz-payload is built ($FUZZER)"
[ -x "$FUZZER" ] || done_testing

# Seeds: the whole note and the bare descriptor of a real payload, and a
# note list with the payload note second.
mkdir -p "$T/corpus" "$T/artifacts"
read -r _ _ rt _ _ <<EOF2
$(sea_variants)
EOF2
echo 'console.log("seed", [1, 2].map(x => x + 1))' > "$T/app.js"
if [ -x "$rt" ] && [ -x "$SEA_INJECT" ] && sea_inject "$rt" "$T/app.js" -o "$T/app" 2> /dev/null; then
	python3 - "$T/app" "$T/corpus" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
i = d.rfind(b"MFSEAPL\0")
namesz, descsz, typ = struct.unpack("<III", d[i - 24:i - 12])
note = d[i - 24:i + ((descsz + 3) & ~3)]
other = struct.pack("<III", 4, 4, 3) + b"GNU\0" + b"\1\2\3\4"
for name, data in (("note", note), ("desc", d[i:i + descsz]), ("two-notes", other + note)):
    open(sys.argv[2] + "/" + name, "wb").write(data)
PY
	ok $? "seeds cut out of an injected binary"
else
	ok 1 "seeds cut out of an injected binary (runtime $rt, sea-inject $SEA_INJECT)"
fi

nice -n 19 "$FUZZER" -max_total_time="$FUZZ_TIME" -runs=3000000 -seed=4350 -timeout=10 -max_len=8192 \
	-rss_limit_mb=2048 -artifact_prefix="$T/artifacts/" "$T/corpus" > "$T/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T/fuzz.log" | tail -n 1)
crashes=$(ls "$T/artifacts" | wc -l)
diag "fuzz-payload: ${runs:-0} executions, $crashes crashes"
is "$rc" 0 'fuzzer exit status 0'
is "$crashes" 0 'no crash, leak, timeout or sanitizer report'
ok $(( ${runs:-0} < 1000 )) "the fuzzer really ran (${runs:-0} executions)"
[ "$rc" = 0 ] || diag "$(grep -A 25 -E 'ERROR|SUMMARY|deadly' "$T/fuzz.log" | head -n 40)"
done_testing
