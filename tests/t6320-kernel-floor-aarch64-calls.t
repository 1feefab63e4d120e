#!/bin/bash
# The aarch64 artifacts' system calls, dated: a seccomp filter would see
# qemu's own calls, so each row runs under `qemu-aarch64 -strace` and the
# guest's calls are dated against the asm-generic table
# (tools/kernel-floor/syscalls-aarch64.tsv). arm64 exists from Linux 3.7:
# every call the artifacts make that is newer than 3.7 must be listed, with
# the fallback that runs without it, in tests/validation/aarch64-calls.expected
# (a new call fails until it is reviewed; KERNEL_FLOOR_RECORD=1 rewrites the
# list, keeping the fallbacks already written).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"
TABLE=$TOP/tools/kernel-floor/syscalls-aarch64.tsv
EXPECT=$TOP/tests/validation/aarch64-calls.expected
D=$OUT/dist/aarch64-linux-musl/bin
command -v qemu-aarch64 > /dev/null || skip_all "qemu-aarch64 not installed"
for b in gateway doctor elfcheck; do
	[ -x "$D/$b" ] || { ok 1 "$D/$b is built (make artifacts gateway sea)"; done_testing; }
done
CASE=$TOP/tests/gateway/verify/12-link-local-literal.case
awk -v d="$T" '/^--- /{f=d"/case-"$2; printf "" > f; next} /^#/ && !f {next} f{print > f}' "$CASE"

# calls ROW LOG: "ROW name version" for each distinct guest call newer than 3.7.
calls() {
	sed -n 's/^[0-9]* \([a-z0-9_]*\)(.*/\1/p' "$2" | sort -u | python3 -c '
import sys
def v(s): return tuple(int(x) for x in s.lstrip(">").split("."))
dated = {}
for line in open(sys.argv[1]):
    if line.startswith("#"): continue
    nr, name, version = line.split("\t")[:3]
    dated[name] = version
for name in sys.stdin.read().split():
    version = dated.get(name, "unknown")
    if version == "unknown" or version == "never" or version.startswith(">") or v(version) > (3, 7):
        print(sys.argv[2], name, version)' "$TABLE" "$1"
}

run_row() { # ROW ARGS...: under qemu -strace, the guest calls in $T/$ROW.log
	local row=$1
	shift
	qemu-aarch64 -strace -D "$T/$row.log" "$@" > "$T/$row.out" 2>&1
	echo $?
}
is "$(run_row version "$D/gateway" --version)" 0 "gateway --version runs under qemu -strace"
is "$(run_row verify "$D/gateway" verify --baseline "$T/case-baseline" --proposal "$T/case-proposal" \
	--credentials "$TOP/tests/gateway/verify/credentials.yaml")" 1 "gateway verify (one finding) runs"
make_certs
start_s_server
trap 'kill $SSERVER 2> /dev/null; cleanup_test' EXIT
is "$(SSL_CERT_FILE=$T/pki/ca.crt run_row doctor "$D/doctor" --name localhost \
	--https "https://localhost:$TLS_PORT/" --timeout 20000)" 0 "doctor runs (a lookup and an HTTPS GET)"
like "$(cat "$T/doctor.out")" '"status": ?200' "... and its HTTPS GET got 200"
write_policy "$T/policy.yaml" localhost
GW_CMD=(qemu-aarch64 -strace -D "$T/serve.log" "$D/gateway")
start_gateway --policy "$T/policy.yaml"
ok $? "gateway serve starts under qemu -strace"
is "$(gw_curl --tlsv1.3 /healthz)" ok "... and answers /healthz over TLS 1.3"
stop_gateway
is "$GW_RC" 0 "... and exits 0 on SIGTERM"
is "$(run_row elfcheck "$D/elfcheck" "$D/elfcheck")" 0 "elfcheck runs on itself"
ok $([ -s "$T/version.log" ] && grep -q '^[0-9]* exit_group(' "$T/version.log"; echo $?) "qemu's strace log holds the guest's calls"

for row in version verify doctor serve elfcheck; do calls "$row" "$T/$row.log"; done > "$T/calls"
if [ "${KERNEL_FLOOR_RECORD:-0}" = 1 ]; then
	# Keep the reviewed fallback of each call already listed.
	while read -r row name version; do
		fallback=$(awk -v n="$name" '$2 == n { sub(/^[^:]*: /, ""); print; exit }' "$EXPECT" 2> /dev/null)
		printf '%s %s %s: %s\n' "$row" "$name" "$version" "${fallback:-REVIEW: name the fallback}"
	done < "$T/calls" > "$EXPECT.tmp"
	{ echo "# tests/t6320: aarch64 guest calls newer than arm64's first kernel (3.7): ROW CALL VERSION: fallback"
	  cat "$EXPECT.tmp"; } > "$EXPECT.new" && rm "$EXPECT.tmp" && mv "$EXPECT.new" "$EXPECT"
	diag "recorded $EXPECT"
fi
diff <(grep -v '^#' "$EXPECT" 2> /dev/null | sed 's/:.*//') "$T/calls" > "$T/diff"
ok $? "the calls newer than 3.7 are the reviewed ones in $(basename "$EXPECT")"
[ -s "$T/diff" ] && diag "$(cat "$T/diff")"
ok $(grep -q 'REVIEW' "$EXPECT" 2> /dev/null; [ $? = 1 ]; echo $?) "every listed call names its fallback"
done_testing
