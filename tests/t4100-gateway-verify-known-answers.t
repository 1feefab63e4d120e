#!/bin/bash
# The verifier's known answers: each case in tests/gateway/verify/ holds a
# baseline, a proposal (and credentials, else the shared ones) and the exact
# shorthand output it must give; every build of the gateway gives exactly
# that and exits 1 when there are findings and 0 when not; on every native
# build every witness is a request the proposal allows and the baseline does
# not, checked again with `gateway check` outside the verifier.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
CASES=$TOP/tests/gateway/verify

# split CASE DIR: the case's sections into files
split_case() {
	awk -v d="$2" '/^--- /{f=d"/"$2; printf "" > f; next} /^#/ && !f {next} f{print > f}' "$1"
	[ -s "$2/credentials" ] || cp "$CASES/credentials.yaml" "$2/credentials"
}

# One line per witness: binary host addr port method, from the JSON output.
witnesses() {
	python3 -c 'import json,sys
for f in json.load(sys.stdin)["findings"]:
    w=f.get("witness")
    if w: print(w["binary"], w["host"], w["addr"], w["port"], w["method"], int(w["rechecked"]))' < "$1"
}

recheck_witnesses() { # name runner bin dir case
	local n=0 bad=0 binary host addr port method rechecked m
	while read -r binary host addr port method rechecked; do
		n=$((n + 1))
		m=; [ "$method" = ANY ] || m="--method $method"
		[ "$rechecked" = 1 ] || { bad=1; diag "$5: witness $host $addr:$port not re-checked by the verifier"; }
		run_gateway "$2" "$3" check --policy "$4/proposal" --registry "$GATEWAY_REGISTRY" --binary "$binary" \
			--host "$host" --addr "$addr" --port "$port" $m > /dev/null ||
			{ bad=1; diag "$5: the proposal does not allow the witness $binary $host $addr:$port $method"; }
		run_gateway "$2" "$3" check --policy "$4/baseline" --registry "$GATEWAY_REGISTRY" --binary "$binary" \
			--host "$host" --addr "$addr" --port "$port" $m > /dev/null &&
			{ bad=1; diag "$5: the baseline already allows the witness $binary $host $addr:$port $method"; }
	done < <(witnesses "$4/json")
	ok $bad "$1: $5: $n witness(es) allowed by the proposal, denied by the baseline"
}

ncases=$(ls "$CASES"/*.case | wc -l)
[ "$ncases" -ge 30 ] && ok 0 "$ncases known-answer cases" || ok 1 "at least 30 known-answer cases (have $ncases)"

while read -r name runner bin; do
	for c in "$CASES"/*.case; do
		case_name=$(basename "$c" .case)
		d=$T/$name/$case_name
		mkdir -p "$d"
		split_case "$c" "$d"
		args=(--baseline "$d/baseline" --proposal "$d/proposal" --credentials "$d/credentials" --registry "$GATEWAY_REGISTRY")
		got=$(run_gateway "$runner" "$bin" verify "${args[@]}" 2>"$d/err")
		rc=$?
		is "$got" "$(cat "$d/expect")" "$name: $case_name: $(sed -n '1s/^# //p' "$c")"
		want_rc=1; grep -q '^prover: no new findings$' "$d/expect" && want_rc=0
		is "$rc" "$want_rc" "$name: $case_name: exit status"
		# Witnesses are re-checked on the native builds; under qemu (the same
		# solver code, five times slower) the exact answers are what is compared.
		if [ "$want_rc" = 1 ] && [ "$runner" = - ]; then
			run_gateway "$runner" "$bin" verify "${args[@]}" --json > "$d/json" 2>>"$d/err"
			recheck_witnesses "$name" "$runner" "$bin" "$d" "$case_name"
		fi
	done
done < <(gateway_variants)
done_testing
