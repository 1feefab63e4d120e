#!/bin/bash
# <name>_SRCDIR=/path builds a recipe from a local checkout instead of its
# sources: out of tree, never writing into the checkout. Its key holds the
# checkout's content (the files git shows: tracked, and untracked unless
# ignored; each by path, type and sha256), not its path: an edit rebuilds it
# and its dependents only, an ignored file nothing, the same content in
# another directory nothing. Patches cannot apply to a checkout: an error.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
command -v git > /dev/null || skip_all "git not installed"
make_fixture
make_tarball fx 1.0
write_recipe fx 1.0 fa
make_tarball fy 1.0
write_recipe fy 1.0 fx

co=$T/checkout
mkdir -p "$co"
echo "hello from the checkout" > "$co/hello.txt"
echo '*.o' > "$co/.gitignore"
git -C "$co" init -q && git -C "$co" add -A && git -C "$co" -c user.name=t -c user.email=t@t commit -qm one
chmod -R a-w "$co"    # a write into it would fail the build
rebuilt() { sort "$T/builds.log" | tr '\n' ' '; }
go() { : > "$T/builds.log"; mf fx_SRCDIR="$1" fy; }

go "$co"
is "$?" 0 "a recipe builds from a read-only checkout"
like "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fx.txt")" "^hello from the checkout" "from the checkout's files, not its tarball"
ok $(grep -q 'FETCH *fx' "$T/make.out"; echo $((! $?))) "its sources are not fetched"
is "$(git -C "$co" status --porcelain --ignored)" "" "nothing was written into the checkout"
is "$(rebuilt)" "fa fx fy " "with what it depends on and what depends on it"

go "$co"
is "$(rebuilt)" "" "nothing changed: nothing is built"

chmod -R u+w "$co"
echo "an edit" >> "$co/hello.txt"
go "$co"
is "$(rebuilt)" "fx fy " "an edit to a tracked file rebuilds it and its dependents only"
like "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fy.txt")" "an edit" "the dependent was built against the edit"

touch "$co/build.o"
go "$co"
is "$(rebuilt)" "" "an ignored file changes nothing"

echo new > "$co/untracked.txt"
go "$co"
is "$(rebuilt)" "fx fy " "an untracked file that is not ignored counts"

chmod +x "$co/untracked.txt"
go "$co"
is "$(rebuilt)" "fx fy " "so does its permission"

cp -a "$co" "$T/elsewhere"
go "$T/elsewhere"
is "$(rebuilt)" "" "the same content in another directory: the same key, nothing built"

mf fy
is "$?" 0 "without _SRCDIR the recipe's own sources are used again"
like "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fx.txt")" "^hello from fx 1.0" "its tarball's files"

mf fx_SRCDIR="$T/no-such-dir" fx
ok $(( $? == 0 )) "a _SRCDIR that is not a directory fails"
like "$(cat "$T/make.out")" "fx_SRCDIR=$T/no-such-dir: not a directory" "and says so"

mkdir -p "$T/patches/fx/1.0"
printf -- '--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-x\n+y\n' > "$T/patches/fx/1.0/0001-x.patch"
mf fx_SRCDIR="$co" fx
ok $(( $? == 0 )) "a recipe with patches cannot build from a checkout"
like "$(cat "$T/make.out")" "fx_SRCDIR is never written into, so $T/patches/fx/1\.0 cannot be applied" "the error says why"
done_testing
