#!/bin/bash
# Packaging is deterministic: the same binary and manifest packaged again by
# mk/scripts/package, with another umask, time zone, locale and directory, gives a
# tarball with the same sha256 as the one in out/dist.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
version=$(git -C "$TOP" describe --tags --always --dirty)
sde=$(git -C "$TOP" log -1 --format=%ct)
for t in $TEST_TRIPLES; do
	for art in gateway elfcheck sea-runtime doctor; do
		base=$art-$version-${t%%-*}-unknown-linux-musl
		mkdir -p "$T/again/$t"
		(umask 077; cd "$T" && TZ=Asia/Kathmandu LC_ALL=C.UTF-8 "$TOP/mk/scripts/package" "$T/again/$t" "$art" "$version" \
			"${t%%-*}-unknown-linux-musl" "$OUT/dist/$t/bin/$art" "$OUT/toolchain/$t/bin/$t-strip" \
			"$OUT/host/bin/elfcheck" "$OUT/manifests/dist/$art-$t.tsv" "$OUT/licenses" "$sde") > "$T/pkg.out" 2>&1
		is "$?" 0 "$base: packaged again under umask 077, another TZ and locale"
		is "$(sha256sum < "$T/again/$t/$base.tar.gz")" "$(sha256sum < "$OUT/dist/$base.tar.gz")" \
			"$base: bit for bit the same tarball"
	done
done
left=$(find "$T/again" -mindepth 2 ! -name '*.tar.gz' ! -name '*.tar.gz.sha256' | sort)
is "$left" "" "nothing but tarballs and their .sha256 left behind"
done_testing
