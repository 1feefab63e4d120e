# Helpers for the gateway tests. Source after lib.sh.
#
# gateway_variants prints one line per build of the gateway every test runs:
# "name runner binary", runner "-" for none. GATEWAY_VARIANTS (same format,
# newline-separated) replaces the list, e.g. for a development build:
#   GATEWAY_VARIANTS="host - /tmp/gw/bin/gateway" prove tests/t41*.t
# A variant whose binary is missing fails its tests: make test builds them all.
gateway_variants() {
	if [ -n "${GATEWAY_VARIANTS:-}" ]; then
		printf '%s\n' "$GATEWAY_VARIANTS"
		return
	fi
	printf '%s\n' \
		"musl-x86_64 - $OUT/dist/x86_64-linux-musl/bin/gateway" \
		"musl-aarch64 qemu-aarch64 $OUT/dist/aarch64-linux-musl/bin/gateway" \
		"glibc-x86_64 - $OUT/dist/x86_64-linux-gnu/bin/gateway"
}

# run_gateway RUNNER BINARY ARGS...: run one build, through qemu when needed.
run_gateway() {
	runner=$1 bin=$2
	shift 2
	if [ "$runner" = - ]; then "$bin" "$@"; else "$runner" "$bin" "$@"; fi
}

GATEWAY_REGISTRY=$TOP/apps/gateway/registry
