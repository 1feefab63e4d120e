#!/bin/bash
# make legal-info: every recipe's pinned source (its sha256 as pinned), its
# patches and its license texts, and a manifest naming them.
. "$(dirname "$0")/lib.sh"
L=$OUT/legal-info
make --no-print-directory -C "$TOP" legal-info > "$T/make.out" 2>&1
is "$?" 0 "make legal-info succeeds"
is "$(head -n 1 "$L/manifest.csv")" "package,version,license,source,sha256,patches" "the manifest's header"
for f in "$TOP"/toolchain/*.mk "$TOP"/recipes/*.mk; do
	p=$(basename "$f" .mk)
	grep -q "^${p}_SOURCES" "$f" || continue
	v=$(sed -n "s/^${p}_VERSION *:= *//p" "$f")
	row=$(grep "^$p,$v," "$L/manifest.csv")
	ok $([ -n "$row" ]; echo $?) "$p $v is in the manifest"
	src=$(echo "$row" | awk -F, '{print $(NF-2)}') sha=$(echo "$row" | awk -F, '{print $(NF-1)}')
	is "$(sha256sum < "$L/sources/$p-$v/$src" | cut -d' ' -f1)" "$sha" "$p: its source $src is there with the manifest's sha256"
	grep -q ":$sha" "$f"; ok $? "$p: ... which is the recipe's pin"
	for pf in "$TOP/patches/$p/$v"/*.patch; do
		[ -f "$pf" ] || continue
		cmp -s "$pf" "$L/sources/$p-$v/$(basename "$pf")"; ok $? "$p: patch $(basename "$pf") is there"
	done
	for lf in $(sed -n "s/^${p}_LICENSE_FILES *:= *//p" "$f"); do
		ok $([ -s "$L/licenses/$p/$lf" ]; echo $?) "$p: license text $lf is there"
	done
done
done_testing
