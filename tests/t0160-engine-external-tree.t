#!/bin/bash
# EXTERNAL=dir[:dir...] adds recipe trees from outside the repository: their
# recipes name in-tree recipes as dependencies and are built, keyed and
# cached like in-tree ones; each tree's patches come from its own patches/,
# never from the repository's; a recipe name defined twice, or a tree
# without recipes/, stops make before anything runs, naming the files.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture

# ext_recipe TREE NAME DEPS: a recipe in TREE/recipes like the fixture's,
# its source packed into the fixture's mirror.
ext_recipe() {
	local tree=$1 n=$2 deps=$3
	mkdir -p "$tree/recipes"
	make_tarball "$n" 1.0
	write_recipe "$n" 1.0 "$deps"
	mv "$T/recipes/$n.mk" "$tree/recipes/$n.mk"
}
ext_recipe "$T/tree-a" fx fb
mkdir -p "$T/tree-a/patches/fx/1.0"
printf -- '--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-hello from fx 1.0\n+hello from the tree'"'"'s patch\n' \
	> "$T/tree-a/patches/fx/1.0/0001-greeting.patch"
# A patch for fx in the repository's patch directory that would not apply:
# were it used, the build would fail.
mkdir -p "$T/patches/fx/1.0"
printf -- '--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-no such line\n+never\n' > "$T/patches/fx/1.0/0001-wrong.patch"

mf EXTERNAL="$T/tree-a" fx
is "$?" 0 "a recipe from an outside tree builds"
is "$(sort "$T/builds.log" | tr '\n' ' ')" "fa fb fx " "with the in-tree recipes it depends on"
is "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fx.txt")" "$(printf "hello from the tree's patch\nhello from fb 1.0\nhello from fa 1.0")" \
	"its tree's patch applied (not the repository's), and its dependency's files seen"
like "$(cat "$T/make.out")" "STORE +fx-1\.0 \[$FIX_TRIPLE\]" "it is stored in the binary cache"

# A second output directory with the same cache: restored, nothing built.
: > "$T/builds.log"
FIX_OUT=$T/out2 mf EXTERNAL="$T/tree-a" fx
is "$?" 0 "a second tree of output restores it"
is "$(wc -l < "$T/builds.log" | tr -d ' ')" 0 "from the cache: nothing is built"
like "$(cat "$T/make.out")" "CACHED +fx-1\.0 \[$FIX_TRIPLE\]" "fx came from the binary cache"

# A change to the tree's patch rebuilds fx and nothing else.
sed -i "s/the tree's patch/the tree's second patch/" "$T/tree-a/patches/fx/1.0/0001-greeting.patch"
: > "$T/builds.log"
mf EXTERNAL="$T/tree-a" fx
is "$?" 0 "the build after changing the tree's patch succeeds"
is "$(sort "$T/builds.log" | tr '\n' ' ')" "fx " "only the patched outside recipe is rebuilt"

# Two trees, the second's recipe depending on the first's.
ext_recipe "$T/tree-b" fy fx
: > "$T/builds.log"
mf EXTERNAL="$T/tree-a:$T/tree-b" fy
is "$?" 0 "two trees separated by ':'"
is "$(sort "$T/builds.log" | tr '\n' ' ')" "fy " "a recipe of one tree depends on another tree's"

# The in-tree key of a recipe does not change with EXTERNAL set.
mf fb
k1=$(cat "$T/out/keys/$FIX_TRIPLE/fb.key")
mf EXTERNAL="$T/tree-a" fb
is "$(cat "$T/out/keys/$FIX_TRIPLE/fb.key")" "$k1" "an in-tree recipe keeps its key when trees are added"

# A name defined twice, and a tree without recipes/: stopped, named.
mkdir -p "$T/tree-c/recipes"
cp "$T/recipes/fa.mk" "$T/tree-c/recipes/fa.mk"
: > "$T/builds.log"
mf EXTERNAL="$T/tree-c" fa
ok $(( $? == 0 )) "a recipe name in two trees fails"
like "$(cat "$T/make.out")" "recipe 'fa' is defined twice: $T/recipes/fa\.mk $T/tree-c/recipes/fa\.mk" "naming both files"
is "$(wc -l < "$T/builds.log" | tr -d ' ')" 0 "before anything is built"
mf EXTERNAL="$T/no-such-tree" fa
ok $(( $? == 0 )) "a tree without recipes/ fails"
like "$(cat "$T/make.out")" "EXTERNAL: $T/no-such-tree has no recipes/ directory" "naming it"
done_testing
