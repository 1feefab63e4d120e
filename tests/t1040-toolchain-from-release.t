#!/bin/bash
# TOOLCHAIN_FROM= restores a released toolchain tarball (a path or a URL,
# checked against the SHA256SUMS beside it) into an empty binary cache, so
# `make toolchain` compiles nothing; a tarball whose sum is wrong, or that
# was built from other recipes, is refused before anything is built.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/remote-cache-lib.sh"
t=x86_64-linux-musl
tarball=$(ls "$OUT"/dist/muslforge-toolchain-*-$t.tar.xz 2>/dev/null | head -n 1)
[ -n "$tarball" ] || skip_all "no released toolchain in $OUT/dist (make dist builds it)"
name=$(basename "$tarball")
mkdir -p "$T/rel"
ln -s "$tarball" "$T/rel/$name"
(cd "$OUT/dist" && sha256sum "$name") > "$T/rel/SHA256SUMS"

# mt NAME ARGS: make toolchain for x86_64 in a scratch out/ and cache.
mt() {
	n=$1; shift
	make --no-print-directory -C "$TOP" OUT="$T/out-$n" CACHE_DIR="$T/cache-$n" ARCH=x86_64 toolchain "$@" > "$T/$n.out" 2>&1
}

mt path TOOLCHAIN_FROM="$T/rel/$name"
is "$?" 0 "make toolchain with TOOLCHAIN_FROM=<path> succeeds"
is "$(grep -cE '^  IMPORT  (binutils|linux-headers|gcc|musl)-' "$T/path.out")" 4 "the four toolchain recipes are imported from the tarball"
is "$(grep -cE '^  CACHED  (binutils|linux-headers|gcc|musl)-' "$T/path.out")" 4 "and restored"
is "$(grep -cE '^  (FETCH|UNPACK|CONFIG|BUILD) ' "$T/path.out")" 0 "nothing is fetched or compiled"
gcc=$T/out-path/toolchain/$t/bin/$t-gcc
check "the restored gcc links a static C program" "$gcc" -static -o "$T/hello" "$TOP/tests/src/hello.c"
is "$("$T/hello" 2>&1)" "hello from main, 1 args, strerror(ENOENT)=No such file or directory" "and it runs"
mt path TOOLCHAIN_FROM="$T/rel/$name"
is "$(grep -c '^  IMPORT ' "$T/path.out")" 0 "a second make has nothing to import"

start_dav_server
mkdir -p "$T/remote/rel"
cp "$tarball" "$T/rel/SHA256SUMS" "$T/remote/rel/"
mt url TOOLCHAIN_FROM="${CACHE_URL%/*}/rel/$name"
is "$?:$(grep -cE '^  CACHED  (binutils|linux-headers|gcc|musl)-' "$T/url.out")" "0:4" "from a URL, the toolchain is restored too"

printf '%064d  %s\n' 0 "$name" > "$T/rel/SHA256SUMS"
mt badsum TOOLCHAIN_FROM="$T/rel/$name"
ok "$([ $? != 0 ]; echo $?)" "a tarball whose sha256 is not the one in SHA256SUMS stops make"
like "$(cat "$T/badsum.out")" "TOOLCHAIN_FROM: checksum mismatch for $T/rel/$name" "the message names the file"
like "$(cat "$T/badsum.out")" "expected sha256: 0{64}" "and the expected hash"
ok "$(ls "$T/cache-badsum/bin/$t" 2> /dev/null | grep -q .; [ $? = 1 ]; echo $?)" "nothing was imported"
is "$(grep -cE '^  (UNPACK|CONFIG|BUILD) ' "$T/badsum.out")" 0 "and nothing was built"
(cd "$OUT/dist" && sha256sum "$name") > "$T/rel/SHA256SUMS"

# Other recipes: a copy of this tree's whose gcc recipe says one thing more.
mkdir -p "$T/recipes"
cp "$TOP"/toolchain/*.mk "$TOP"/recipes/*.mk "$T/recipes/"
echo 'gcc_LOCAL_NOTE := built elsewhere' >> "$T/recipes/gcc.mk"
mt other TOOLCHAIN_FROM="$T/rel/$name" RECIPE_DIRS="$T/recipes"
ok "$([ $? != 0 ]; echo $?)" "a tarball built from other recipes stops make"
like "$(cat "$T/other.out")" "TOOLCHAIN_FROM: ${name%.tar.xz} was not built from these recipes: its gcc is 14\.2\.0 [0-9a-f]{16} \(version key\), these recipes want 14\.2\.0 [0-9a-f]{16}" \
	"the message names the recipe and both keys"
is "$(grep -cE '^  (UNPACK|CONFIG|BUILD) ' "$T/other.out")" 0 "before anything is built"
done_testing
