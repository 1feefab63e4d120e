#!/bin/bash
# Two clones with their own local caches share one remote cache (nginx with
# WebDAV on loopback): the first builds and pushes, the second restores every
# recipe from the remote and builds nothing; credentials never show.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
. "$TOP/tests/remote-cache-lib.sh"
make_fixture
make_keys
start_dav_server
printf 'machine 127.0.0.1 login builder password netrc-secret-7\n' > "$T/netrc"

FIX_OUT=$T/out-a mf fb fc CACHE_DIR="$T/cache-a" CACHE_URL="$CACHE_URL" CACHE_PUSH=1 \
	CACHE_PUBKEY="$PUB" CACHE_SIGNING_KEY="$KEY" NETRC="$T/netrc"
is "$?" 0 "the first clone builds and pushes"
cp "$T/make.out" "$T/make-a.out"
is "$(grep -c '^  PUSH ' "$T/make-a.out")" 3 "fa, fb and fc are pushed"
is "$(find "$T/remote/muslforge-cache/$FIX_TRIPLE" -name '*.minisig' | wc -l | tr -d ' ')" 3 "the remote holds a signed record per entry"
is "$(find "$T/remote/muslforge-cache/blobs" -name '*.tar.zst' | wc -l | tr -d ' ')" 3 "and a blob per entry, named by its hash"
misnamed=0
for b in "$T"/remote/muslforge-cache/blobs/*.tar.zst; do
	[ "$(sha256sum < "$b" | cut -d' ' -f1).tar.zst" = "$(basename "$b")" ] || { misnamed=1; diag "blob $b is not named by its hash"; }
done
ok "$misnamed" "every blob is named by the sha256 of its bytes"
rec=$(find "$T/remote/muslforge-cache/$FIX_TRIPLE" -name 'fa-*.minisig')
like "$(sed -n 3p "$rec")" "^trusted comment: muslforge-cache $FIX_TRIPLE/fa-1\.0-[0-9a-f]{16}\.tar\.zst sha256:[0-9a-f]{64} size:[0-9]+$" \
	"the record names the entry, its sha256 and size, in the signed comment"
like "$(cat "$T/nginx/access.log")" '"PUT /muslforge-cache/blobs/' "the blobs went up with PUT"

: > "$T/builds.log"
git clone -q "$TOP" "$T/clone" 2>/dev/null || cp -r "$TOP" "$T/clone"
cp -r "$TOP/mk" "$T/clone/"
make --no-print-directory -C "$T/clone" RECIPE_DIRS="$T/recipes" PATCH_DIR="$T/patches" OUT="$T/clone/out" \
	CACHE_DIR="$T/cache-b" SOURCES="$T/mirror" ARCH=x86_64 CACHE_URL="$CACHE_URL" CACHE_PUBKEY="$PUB" \
	NETRC="$T/netrc" fb fc > "$T/make-b.out" 2>&1
is "$?" 0 "the second clone, with an empty local cache, succeeds"
is "$(grep -E '^  PULL ' "$T/make-b.out" | sed -E 's/^  PULL +(f.)-1\.0 \[.*\]$/\1/' | sort | tr '\n' ' ')" "fa fb fc " "it pulls fa, fb and fc from the remote"
is "$(grep -c '^  CACHED ' "$T/make-b.out")" 3 "and restores all three"
is "$(built_steps "$T/make-b.out")" 0 "no step ran in the second clone (counted from the step lines)"
is "$(wc -l < "$T/builds.log" | tr -d ' ')" 0 "nothing was compiled"
is "$(grep -c '^  FETCH ' "$T/make-b.out")" 0 "and no source was fetched: a restore needs none"
is "$(cat "$T/clone/out/sysroot/$FIX_TRIPLE/share/fb.txt")" "$(cat "$T/out-a/sysroot/$FIX_TRIPLE/share/fb.txt")" "the same result as the first clone"
like "$(grep -c '127.0.0.1 - builder \[.*"GET /muslforge-cache/blobs/' "$T/nginx/access.log")" '^3$' "the netrc's login reached the server with each blob GET"
is "$(ls "$T/cache-b/bin/$FIX_TRIPLE" | grep -c 'tar\.zst$')" 3 "the pulled entries are in the local cache, in front of the remote"
: > "$T/nginx/access.log"
make --no-print-directory -C "$T/clone" RECIPE_DIRS="$T/recipes" PATCH_DIR="$T/patches" OUT="$T/clone/out2" \
	CACHE_DIR="$T/cache-b" SOURCES="$T/mirror" ARCH=x86_64 CACHE_URL="$CACHE_URL" CACHE_PUBKEY="$PUB" fb fc > "$T/make-c.out" 2>&1
is "$(grep -c '^  CACHED ' "$T/make-c.out"):$(wc -c < "$T/nginx/access.log" | tr -d ' ')" "3:0" "a third build finds every entry locally and asks the remote nothing"

# The netrc's credentials were sent (Basic), and are nowhere in the output or logs.
like "$(grep -c 'Authorization' "$T/make-a.out" || true)" '^0$' "no Authorization header in the output"
everything=$(cat "$T"/make-*.out; cat "$T"/out-a/logs/*/* 2>/dev/null; cat "$T"/out-a/keys/*/* 2>/dev/null)
ok "$(printf '%s' "$everything" | grep -q 'netrc-secret-7'; [ $? = 1 ]; echo $?)" "the netrc password appears in no output, log or key"
FIX_OUT=$T/out-n mf -n fb CACHE_DIR="$T/cache-n" CACHE_URL="$CACHE_URL" CACHE_PUSH=1 CACHE_PUBKEY="$PUB" \
	CACHE_SIGNING_KEY="$KEY" CACHE_TOKEN=token-secret-9
ok "$(grep -q 'token-secret-9' "$T/make.out"; [ $? = 1 ]; echo $?)" "CACHE_TOKEN is not in make -n's output"
mf fb CACHE_URL="http://builder:pw-secret-3@127.0.0.1:$DAV_PORT/x"
ok "$([ $? != 0 ] && grep -q 'CACHE_URL holds credentials' "$T/make.out" && ! grep -q pw-secret-3 "$T/make.out"; echo $?)" \
	"a URL with credentials is refused, without repeating them"
mf fb CACHE_URL="http://cache.example.org/x" CACHE_PUBKEY="$PUB"
ok "$([ $? != 0 ] && grep -q 'CACHE_URL is http:// to another machine; use https://' "$T/make.out"; echo $?)" \
	"plain http to another machine is refused: credentials would cross the network in clear"

# make cache-push fills another remote from a warm local cache; it fails,
# saying why, when the entries cannot get there.
mf cache-push CACHE_DIR="$T/cache-a" CACHE_URL="$CACHE_URL/second" CACHE_SIGNING_KEY="$KEY"
is "$?:$(grep -c '^  PUSH ' "$T/make.out")" "0:3" "make cache-push sends the three local entries to a new remote"
is "$(find "$T/remote/muslforge-cache/second" -name '*.minisig' | wc -l | tr -d ' ')" 3 "which then holds their signed records"
mf cache-push CACHE_DIR="$T/cache-a" CACHE_URL="$CACHE_URL/third"
ok "$([ $? != 0 ] && grep -q 'needs CACHE_SIGNING_KEY' "$T/make.out"; echo $?)" "without a signing key make cache-push fails and says so"
done_testing
