# Helpers for the SEA tests (tests/t43*-sea-*.t). Source after lib.sh.
#
# sea_variants prints one line per runtime every test uses:
#   "name runner runtime arch binutils-prefix"
# runner "-" for none; binutils-prefix is prepended to strip and objcopy
# (the target toolchain's GNU tools). SEA_VARIANTS (same format, one per
# line) replaces the list, e.g. for a development build of the runtime:
#   SEA_VARIANTS="host - /tmp/rt/bin/sea-runtime x86_64 " SEA_INJECT_FLAGS=--allow-dynamic \
#   SEA_INJECT=/tmp/inj/bin/sea-inject prove tests/t43*.t
# A variant whose runtime is missing fails its tests: make test builds them.
SEA_INJECT=${SEA_INJECT:-$OUT/host/bin/sea-inject}
SEA_INJECT_FLAGS=${SEA_INJECT_FLAGS:-}
SEA_EXIT_PAYLOAD=65

sea_variants() {
	if [ -n "${SEA_VARIANTS:-}" ]; then
		printf '%s\n' "$SEA_VARIANTS"
		return
	fi
	for t in ${TEST_TRIPLES:-x86_64-linux-musl aarch64-linux-musl}; do
		arch=${t%%-*} runner=-
		[ "$arch" = "$(uname -m)" ] || runner=qemu-$arch
		printf '%s %s %s %s %s\n' "musl-$arch" "$runner" "$OUT/dist/$t/bin/sea-runtime" "$arch" \
			"$OUT/toolchain/$t/bin/$t-"
	done
}

# run_sea RUNNER BINARY ARGS...: run a binary, through qemu when needed.
run_sea() {
	runner=$1 bin=$2
	shift 2
	if [ "$runner" = - ]; then "$bin" "$@"; else "$runner" "$bin" "$@"; fi
}

# sea_inject ARGS...: sea-inject with the development flags, if any.
sea_inject() {
	"$SEA_INJECT" $SEA_INJECT_FLAGS "$@"
}

# The offset of the injected payload's header in a file (the last magic:
# the runtime's own code holds the magic string too).
payload_offset() {
	python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); print(d.rfind(b"MFSEAPL\0"))' "$1"
}

# flip_byte FILE OFFSET: xor one byte with 1, in place.
flip_byte() {
	python3 -c 'import sys
p, o = sys.argv[1], int(sys.argv[2])
d = bytearray(open(p, "rb").read()); d[o] ^= 1; open(p, "wb").write(d)' "$1" "$2"
}

need_sea_inject() {
	[ -x "$SEA_INJECT" ] || { plan 1; ok 1 "sea-inject is built ($SEA_INJECT)"; exit 1; }
}
