#!/bin/bash
# The host matrix (tests/validation/hosts/): the Debian 11 roots are made
# from the pinned .debs only (a changed .deb is refused before anything is
# unpacked), and on every host each musl artifact passes its smoke checks while
# each glibc build fails in the bullseye root naming exactly the GLIBC_x.y
# versions elfcheck finds above 2.31. No network: the .debs must be cached
# (make validate-hosts or make validate-roots fetches them once). The example
# tree's released programs (make examples) are rows of the matrix too.
. "$(dirname "$0")/lib.sh"
need_root
H=$TOP/tests/validation/hosts
CACHE_DIR=${CACHE_DIR:-$HOME/.cache/muslforge}
debs=$CACHE_DIR/debian/bullseye
for f in $(awk '/^[a-z]/ { print $4 }' "$H/bullseye.lock"); do
	[ -f "$debs/$f" ] || skip_all "the bullseye .debs are not cached ($debs/$f): run make validate-roots once (it fetches them)"
done
command -v qemu-aarch64-static > /dev/null || skip_all "no qemu-aarch64-static (make test-deps)"

# A changed .deb: the error names the file and both hashes; no root appears.
mkdir -p "$T/cache/debian/bullseye"
cp "$debs"/*_amd64.deb "$T/cache/debian/bullseye/"
libc=$(awk '$1 == "amd64" && $2 == "libc6" { print $4 }' "$H/bullseye.lock")
pin=$(awk '$1 == "amd64" && $2 == "libc6" { print $5 }' "$H/bullseye.lock")
printf 'x' | dd of="$T/cache/debian/bullseye/$libc" bs=1 seek=4096 conv=notrunc status=none
actual=$(sha256sum "$T/cache/debian/bullseye/$libc" | cut -d' ' -f1)
err=$(CACHE_DIR=$T/cache OUT=$T/out "$H/mkroot" amd64 2>&1); rc=$?
is "$rc" 1 "mkroot refuses a .deb that differs from its pin"
like "$err" "checksum mismatch for $T/cache/debian/bullseye/${libc//+/\\+}\$" "the error names the file"
like "$err" "expected sha256 .*$pin" "the error gives the pinned hash"
like "$err" "actual sha256: +$actual" "the error gives the actual hash"
is "$(ls -A "$T/out/validate/roots" 2>/dev/null)" "" "nothing was unpacked"

# The real roots, from the cache.
check "mkroot makes both roots from the cached .debs" env CACHE_DIR="$CACHE_DIR" OUT="$OUT" "$H/mkroot" amd64 arm64
for a in amd64:x86_64 arm64:aarch64; do
	ok "$([ -f "$OUT/validate/roots/bullseye-${a%:*}/lib/${a#*:}-linux-gnu/libc-2.31.so" ]; echo $?)" \
		"bullseye-${a%:*} has glibc 2.31"
done

"$H/run" --out "$T/hosts.json" > "$T/run.out" 2>&1; rc=$?
is "$rc" 0 "the matrix has no unexpected result"
[ "$rc" = 0 ] || diag "$(grep -v '^ok ' "$T/run.out" | head -40)"

summary() {
	python3 - "$T/hosts.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    if r["result"] in ("missing", "absent"):
        continue
    key = "%s %s %s" % (r["artifact"], r["triple"], r["host"])
    if r["libc"] == "musl":
        print(key, r["result"])
    elif r["host"] == "bullseye":
        print(key, r["result"], r["detail"])
        print(key, "floor", " ".join(r["glibc_floor"]["above"]))
print("probe identical", d["probe_identical_across_hosts"])
EOF
}
summary > "$T/summary"
for t in x86_64-linux-musl aarch64-linux-musl; do
	for a in gateway doctor; do
		for h in host empty bullseye; do
			like "$(cat "$T/summary")" "^$a $t $h pass$" "$a ($t) passes its smoke checks on $h"
		done
	done
done
# The example tree's programs, from their release tarballs: curl over HTTPS
# (its check trusts only the CA SSL_CERT_FILE names), jq, zstd.
for t in x86_64-linux-musl aarch64-linux-musl; do
	for a in curl jq zstd; do
		for h in host empty bullseye; do
			like "$(cat "$T/summary")" "^$a $t $h pass$" "$a ($t, released) passes its smoke checks on $h"
		done
	done
done
for a in gateway doctor; do
	line=$(grep "^$a x86_64-linux-gnu bullseye fail" "$T/summary")
	like "$line" "loader names (GLIBC_2\.[0-9]+ ?)+; elfcheck above 2\.31: " "$a (glibc) fails in bullseye naming GLIBC versions"
	names=${line#*loader names }; names=${names%%;*}
	above=$(sed -n "s/^$a x86_64-linux-gnu bullseye floor //p" "$T/summary")
	is "$names" "$above" "$a (glibc): the loader's missing versions are elfcheck's versions above 2.31"
done
like "$(cat "$T/summary")" '^probe-locale ' "the summary has the locale probe's rows"
is "$(grep '^probe identical' "$T/summary")" "probe identical True" \
	"the musl probe prints the same on every host and arch"
done_testing
