#!/bin/bash
# A CI system's cache directory: make cache-export DIR= writes the current
# entries and an index of their hashes, make cache-import DIR= checks them
# and fills an empty binary cache (a damaged entry is refused by name), and
# make -s cache-key prints one hash that changes with any recipe's key.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mf fb fc CACHE_DIR="$T/cache-a"; is "$?" 0 "the fixture builds"

mf -s cache-key CACHE_DIR="$T/cache-a"
key1=$(cat "$T/make.out")
like "$key1" '^[0-9a-f]{16}$' "make -s cache-key prints one hash, and nothing else"
mf -s cache-key CACHE_DIR="$T/elsewhere" OUT="$T/out-other"
is "$(cat "$T/make.out")" "$key1" "the same recipes give the same hash, whatever the cache and out directories"
sed -i 's/^fc_CONFIGURE = .*/fc_CONFIGURE = echo configured again > configured.txt/' "$T/recipes/fc.mk"
mf -s cache-key CACHE_DIR="$T/cache-a"
ok "$([ "$(cat "$T/make.out")" != "$key1" ]; echo $?)" "a changed recipe changes it"
write_recipe fc 1.0 ""

mf cache-export CACHE_DIR="$T/cache-a"
like "$(cat "$T/make.out")" "needs DIR=directory" "cache-export without DIR= says what it needs"
mf cache-export DIR="$T/ci-cache" CACHE_DIR="$T/cache-a"
is "$?" 0 "cache-export succeeds"
like "$(cat "$T/make.out")" "EXPORT  3 of [0-9]+ entries to $T/ci-cache" "it exports the three entries there are"
is "$(wc -l < "$T/ci-cache/index" | tr -d ' ')" 3 "the index lists them"
is "$(cd "$T/ci-cache" && sha256sum -c index 2>&1 | grep -c ': OK$')" 3 "with their sha256"

mf cache-import DIR="$T/ci-cache" CACHE_DIR="$T/cache-b"
like "$(cat "$T/make.out")" "IMPORT  3 entries from $T/ci-cache$" "cache-import fills an empty cache"
: > "$T/builds.log"
FIX_OUT=$T/out-b mf fb fc CACHE_DIR="$T/cache-b"
is "$(grep -c '^  CACHED ' "$T/make.out"):$(wc -l < "$T/builds.log" | tr -d ' ')" "3:0" "a build on the imported cache restores all three and builds nothing"

f=$(ls "$T/ci-cache/$FIX_TRIPLE"/fb-*.tar.zst)
printf 'X' | dd of="$f" bs=1 seek=20 conv=notrunc 2> /dev/null
mf cache-import DIR="$T/ci-cache" CACHE_DIR="$T/cache-c"
like "$(cat "$T/make.out")" "cache-import: $FIX_TRIPLE/$(basename "$f"): refused: sha256 [0-9a-f]{64}, the index says [0-9a-f]{64}" "a damaged entry is refused by name"
like "$(cat "$T/make.out")" "IMPORT  2 entries from $T/ci-cache \(1 refused\)" "and the others are imported"
ok "$(ls "$T/cache-c/bin/$FIX_TRIPLE" | grep -q '^fb-'; [ $? = 1 ]; echo $?)" "the damaged entry is not in the cache, under any name"
done_testing
