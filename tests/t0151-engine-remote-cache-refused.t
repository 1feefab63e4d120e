#!/bin/bash
# Every remote entry is checked before it is unpacked: a corrupt, truncated,
# unsigned or wrongly signed one (or a record for another entry, or one whose
# blob is gone) is refused with one line naming the entry and the reason, and
# the recipe is built here instead; the build succeeds.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
. "$TOP/tests/remote-cache-lib.sh"
make_fixture
make_keys
start_dav_server

FIX_OUT=$T/out-a mf fa fc CACHE_DIR="$T/cache-a" CACHE_URL="$CACHE_URL" CACHE_PUSH=1 \
	CACHE_PUBKEY="$PUB" CACHE_SIGNING_KEY="$KEY"
is "$(grep -c '^  PUSH ' "$T/make.out")" 2 "fa and fc are pushed"
R=$T/remote/muslforge-cache
cp -a "$T/remote" "$T/remote.orig"
rec=$(ls "$R/$FIX_TRIPLE"/fa-*.minisig)
entry=$FIX_TRIPLE/$(basename "$rec" .minisig)
blob=$R/blobs/$(sed -n '3s/.*sha256:\([0-9a-f]*\) .*/\1/p' "$rec").tar.zst

# refused CASE REASON: build fa in a fresh clone's cache; one refusal line
# with REASON (a grep -E pattern), fa built here, the build a success.
n=0
refused() {
	n=$((n + 1))
	: > "$T/builds.log"
	FIX_OUT=$T/out-$n mf fa CACHE_DIR="$T/cache-$n" CACHE_URL="$CACHE_URL" CACHE_PUBKEY="$PUB"
	rc=$?
	lines=$(grep -c 'remote cache' "$T/make.out")
	ok "$([ "$rc" = 0 ] && [ "$lines" = 1 ]; echo $?)" "$1: the build succeeds with one remote cache line"
	like "$(grep 'remote cache' "$T/make.out")" "^muslforge: remote cache: $entry: refused: $2; building it here$" "$1: the line names the entry and says: $2"
	is "$(cat "$T/builds.log")" fa "$1: fa is built here instead"
	ok "$(ls "$T/cache-$n/bin/$FIX_TRIPLE"/.remote.* > /dev/null 2>&1; [ $? != 0 ]; echo $?)" "$1: nothing of the download is left in the local cache"
	rm -rf "$T/remote" && cp -a "$T/remote.orig" "$T/remote"
}

size=$(stat -c %s "$blob")
: > "$T/builds.log"
FIX_OUT=$T/out-ok mf fa CACHE_DIR="$T/cache-ok" CACHE_URL="$CACHE_URL" CACHE_PUBKEY="$PUB"
ok "$(grep -q '^  PULL ' "$T/make.out" && [ ! -s "$T/builds.log" ]; echo $?)" "untouched, the entry is pulled and nothing is built"

printf 'X' | dd of="$blob" bs=1 seek=100 conv=notrunc 2> /dev/null
refused "a corrupt blob" "corrupt \(sha256 [0-9a-f]{64}, [0-9]+ bytes; the record says [0-9a-f]{64}, [0-9]+ bytes\)"

truncate -s $((size / 2)) "$blob"
refused "a truncated blob" "truncated \($((size / 2)) of $size bytes\)"

sed -n '3s/^trusted comment: //p' "$rec" > "$rec.tmp" && mv "$rec.tmp" "$rec"
refused "an unsigned record" "unsigned \(the record is not a minisign signature\)"

sed -n '3s/^trusted comment: //p' "$rec" > "$T/msg"
minisign -S -s "$OTHER_KEY" -m "$T/msg" -x "$rec" -t "$(cat "$T/msg")" < /dev/null > /dev/null
refused "a record signed with another key" "signed by another key than cache\.pub"

sed -i '3s/size:\([0-9]*\)$/size:1\1/' "$rec"
refused "a record whose comment was changed" "bad signature \(.*\)"

cp "$(ls "$R/$FIX_TRIPLE"/fc-*.minisig)" "$rec"
refused "the record of another entry" "the signed record is for another entry \($FIX_TRIPLE/fc-1\.0-[0-9a-f]{16}\.tar\.zst\)"

rm -f "$blob"
refused "a record whose blob is gone" "the record names a blob the server does not have"
done_testing
