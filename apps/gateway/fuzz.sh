#!/bin/sh
# fuzz.sh OUT [SECONDS]: runs the gateway's API fuzzer (fuzz-api: both JSON
# routes, the verifier included) for SECONDS (default 300) on a corpus kept
# in OUT/host/gateway/fuzz/corpus, seeded with the known-answer cases and the
# inputs kept in tests/gateway/fuzz-api/. Exits 1 on any crash or internal
# error, naming the log and the artifacts. make fuzz builds and runs it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
OUT=${1:?usage: fuzz.sh OUT [SECONDS]}
secs=${2:-300}
fuzzer=$OUT/host/gateway/bin/fuzz-api
work=$OUT/host/gateway/fuzz
corpus=$work/corpus
crashes=$work/crashes

[ -x "$fuzzer" ] || { echo "fuzz.sh: $fuzzer not built (make gateway-fuzz)" >&2; exit 2; }
mkdir -p "$corpus" "$crashes" || exit 2
for c in "$top"/tests/gateway/verify/*.case; do
	name=$(basename "$c" .case)
	creds=$(awk '/^--- credentials/{f=1; next} /^--- /{f=0} f' "$c")
	[ -n "$creds" ] || creds=$(cat "$top/tests/gateway/verify/credentials.yaml")
	{ awk '/^--- baseline/{f=1; next} /^--- /{f=0} f' "$c"; printf '\0'
	  awk '/^--- proposal/{f=1; next} /^--- /{f=0} f' "$c"; printf '\0'
	  printf '%s\n' "$creds"; } > "$corpus/kat-$name"
done
cp "$top"/tests/gateway/fuzz-api/* "$corpus/"
before=$(ls "$crashes" | wc -l)

FUZZ_REGISTRY=$here/registry "$fuzzer" -max_total_time="$secs" -max_len=4096 -timeout=60 \
	-rss_limit_mb=4096 -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" > "$work/fuzz.log" 2>&1
rc=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -n 1)
found=$(( $(ls "$crashes" | wc -l) - before ))
echo "fuzz-api executions: ${runs:-0}, crashes: $found, corpus: $(ls "$corpus" | wc -l) inputs in $corpus"
if [ "$found" -gt 0 ] || [ "$rc" != 0 ]; then
	echo "fuzz.sh: fuzzer exit $rc; log: $work/fuzz.log; artifacts: $crashes" >&2
	tail -n 40 "$work/fuzz.log" >&2
	exit 1
fi
