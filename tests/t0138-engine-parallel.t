#!/bin/bash
# make -jN at the top level: recipes restored from a warm cache install into
# one prefix at the same time, 20 rounds, and every round gives the same
# prefix; and a recipe's own make -j8 takes its jobs from the top-level
# jobserver, so make -j2 never runs more than 2 jobs at once.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
# Eight recipes, each installing a wide tree under directories they share.
names="fa fb fc"
for n in fd fe ff fg fh; do make_tarball $n 1.0; names="$names $n"; done
for n in $names; do
	write_recipe $n 1.0 "" "${n}_INSTALL = for d in 1 2 3 4 5 6 7 8; do mkdir -p \$(DEST_DIR)/share/common/\$\$d/sub && \
		for f in 1 2 3 4 5 6 7 8 9 10; do echo $n > \$(DEST_DIR)/share/common/\$\$d/sub/$n-\$\$f; done; done"
done
tree_hash() { (cd "$T/out/sysroot/$FIX_TRIPLE" && find . -type f | LC_ALL=C sort | xargs cat | sha256sum); }
mf -j4 $names; is "$?" 0 "make -j4 of eight recipes builds them"
first=$(tree_hash)
is "$(find "$T/out/sysroot/$FIX_TRIPLE/share/common" -type f | wc -l)" 640 "all 640 files are installed"
failed=0 differ=0
for round in $(seq 20); do
	rm -rf "$T/out"
	mf -j4 $names || { failed=$((failed + 1)); diag "round $round: $(tail -5 "$T/make.out")"; }
	[ "$(tree_hash)" = "$first" ] || differ=$((differ + 1))
done
is "$failed" 0 "20 rounds of make -j4 from the warm cache: none fails"
is "$differ" 0 "... and every round installs the same prefix"
is "$(grep -c '^  CACHED' "$T/make.out")" 8 "... restored from the cache, not rebuilt"

# The jobserver: two recipes whose builds each ask for make -j8.
mkdir -p "$T/running"
cat > "$T/par.mk" <<EOP
JOBS8 := 1 2 3 4 5 6 7 8
all: \$(JOBS8)
\$(JOBS8):
	@mkdir "$T/running/\$(PKG)-\$@" && ls "$T/running" | wc -l >> "$T/concurrency.log" && sleep 0.3 && rmdir "$T/running/\$(PKG)-\$@"
	@echo "\$(PKG) \$@" >> "$T/jobs.log"
.PHONY: all \$(JOBS8)
EOP
for n in fa fc; do
	make_tarball $n 2.0
	write_recipe $n 2.0 "" "${n}_BUILD = make -j8 -f $T/par.mk PKG=$n && echo $n > out.txt"
done
: > "$T/concurrency.log"; : > "$T/jobs.log"
mf -j2 fa fc; is "$?" 0 "make -j2 of two recipes that each run make -j8"
is "$(wc -l < "$T/jobs.log" | tr -d ' ')" 16 "all 16 of their jobs ran"
is "$(sort -n "$T/concurrency.log" | tail -1)" 2 "never more than 2 at once: the recipes share the top-level job slots"
done_testing
