#!/bin/sh
# fuzz.sh [SECONDS]: runs the elfcheck libFuzzer target for SECONDS
# (default 60) on a corpus kept in $OUT/host/fuzz/corpus, seeded by
# mkseeds.sh. Prints the executions and crashes; exits 1 on any crash.
# Build first: make -C tools/elfcheck O=$OUT/host fuzz (make fuzz does both).
set -u
here=$(cd "$(dirname "$0")" && pwd)
secs=${1:-60}
OUT=${OUT:-$here/../../out}
fuzzer=$OUT/host/bin/elfcheck-fuzz
work=$OUT/host/fuzz
corpus=$work/corpus
crashes=$work/crashes

[ -x "$fuzzer" ] || { echo "fuzz.sh: $fuzzer not built (make -C tools/elfcheck O=$OUT/host fuzz)" >&2; exit 2; }
mkdir -p "$corpus" "$crashes" || exit 2
"$here/mkseeds.sh" "$corpus" || exit 2
before=$(ls "$crashes" | wc -l)

# -max_len (4 MiB) lets inputs grow to where size-dependent costs show
# (repeated headers, shared names); the timeout turns hangs and quadratic
# walks into failures; one job keeps a shared build machine usable.
"$fuzzer" -max_total_time="$secs" -max_len=4194304 -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix="$crashes/" -print_final_stats=1 \
	"$corpus" > "$work/fuzz.log" 2>&1
rc=$?

runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$work/fuzz.log" | tail -n 1)
[ -n "$runs" ] || runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -n 1)
found=$(( $(ls "$crashes" | wc -l) - before ))
echo "executions: ${runs:-0}"
echo "crashes: $found"
echo "corpus: $(ls "$corpus" | wc -l) inputs in $corpus"
if [ "$found" -gt 0 ] || [ "$rc" != 0 ]; then
	echo "fuzz.sh: fuzzer exit $rc; log: $work/fuzz.log; artifacts: $crashes" >&2
	tail -n 40 "$work/fuzz.log" >&2
	exit 1
fi
