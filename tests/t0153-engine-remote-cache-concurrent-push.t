#!/bin/bash
# Two pushes of one key at once (two machines built the same recipe, with
# bytes that differ) leave an entry that verifies and unpacks to one of the
# two builds whole, whatever the interleaving; 20 rounds.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/remote-cache-lib.sh"
make_keys
start_dav_server
entry=x86_64-linux-musl/fx-1.0-0123456789abcdef.tar.zst

for side in a b; do
	mkdir -p "$T/dest-$side/share"
	head -c 300000 /dev/urandom > "$T/dest-$side/share/payload"   # big enough for the PUTs to overlap
	echo "$side" > "$T/dest-$side/share/who"
	CACHE_URL= "$TOP/mk/scripts/cache" put "$T/cache-$side/bin/$entry" "$T/dest-$side"
done

push() { CACHE_URL=$CACHE_URL CACHE_PUBKEY=$PUB CACHE_SIGNING_KEY=$KEY CACHE_STATE=$T/state MUSLFORGE_RUN=$1 \
	"$TOP/mk/scripts/cache" push "$T/cache-$1/bin/$entry" fx > "$T/push-$1.out" 2>&1; }
bad=0 seen=
for round in $(seq 20); do
	rm -rf "$T/remote/muslforge-cache"
	push a & push b & wait
	grep -q '^  PUSH ' "$T/push-a.out" && grep -q '^  PUSH ' "$T/push-b.out" || { bad=1; diag "round $round: a push failed" "$(cat "$T"/push-?.out)"; }
	rm -rf "$T/cache-get" "$T/got"
	if CACHE_URL=$CACHE_URL CACHE_PUBKEY=$PUB CACHE_STATE=$T/state MUSLFORGE_RUN=get$round \
		"$TOP/mk/scripts/cache" get "$T/cache-get/bin/$entry" "$T/got" fx > "$T/get.out" 2>&1; then
		who=$(cat "$T/got/share/who")
		cmp -s "$T/got/share/payload" "$T/dest-$who/share/payload" || { bad=1; diag "round $round: the payload is not $who's"; }
		seen="$seen $who"
	else
		bad=1; diag "round $round: the entry does not verify" "$(cat "$T/get.out")"
	fi
done
ok "$bad" "after each of 20 rounds of two concurrent pushes, the entry verifies and is one push's bytes whole"
diag "last pushes won:$seen"
is "$(find "$T/remote" -type f ! -name '*.minisig' ! -name '*.tar.zst' | wc -l | tr -d ' ')" 0 "no temporary file is left on the server"
is "$(find "$T/nginx/tmp" -type f | wc -l | tr -d ' ')" 0 "nor in the server's upload area"
done_testing
