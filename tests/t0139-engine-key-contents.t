#!/bin/bash
# A key hashes what shapes the output and nothing else: a recipe's license,
# where its sources may be downloaded from (_URLS, _DEBIAN) and another
# accepted name for the same file change no key, so nothing is rebuilt or
# reinstalled; a build variable does. And the host is identified by its
# machine, distribution, C library, compiler and the libraries cc1 loads.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mf fa fb; is "$?" 0 "fixture built"
key() { ls "$T/out/stamps/$FIX_TRIPLE/" | sed -n "s/^$1-\(.*\)\.done$/\1/p"; }
fa_key=$(key fa) fb_key=$(key fb)
h=$(sha "$T/mirror/fa-1.0.tar.gz")
for change in "fa_LICENSE := GPL-2.0-only" "fa_LICENSE_FILES := hello.txt COPYING" \
	"fa_URLS := http://127.0.0.1:9/fa-1.0.tar.gz" "fa_DEBIAN := fa" \
	"fa_SOURCES := fa-1.0.tar.gz:$h fa_1.0.orig.tar.gz:$h"; do
	echo "$change" >> "$T/recipes/fa.mk"
	: > "$T/builds.log"
	mf fa fb; is "$?" 0 "make after '${change%% :=*}' changed"
	is "$(key fa) $(key fb)" "$fa_key $fb_key" "... no key changed"
	is "$(wc -l < "$T/builds.log" | tr -d ' ')$(grep -c '^  MERGE' "$T/make.out")" 00 "... nothing rebuilt or reinstalled"
done
echo 'fa_BUILD = cat $(SRC_DIR)/hello.txt > out.txt; echo fa >> '"$T"'/builds.log' >> "$T/recipes/fa.mk"
mf fa fb; is "$(builds fa)$(builds fb)" 11 "a changed build variable rebuilds fa and its dependent fb"
host=$(sed -n 's/^host //p' "$T/out/keys/$FIX_TRIPLE/fa.txt")
like "$host" "^$(uname -m) " "the key's host line names the machine"
like "$host" " $(. /etc/os-release && echo "$ID $VERSION_ID") " "... the distribution"
like "$host" " $(getconf GNU_LIBC_VERSION | tr ' ' ' ') " "... the C library"
like "$host" " cc $(cc -dumpfullversion) " "... the compiler"
like "$host" "libmpfr\.so\.[0-9.]+ " "... and the libraries cc1 loads, with their versions"
like "$(cat "$T/out/keys/$FIX_TRIPLE/fa.txt")" "^sources $h$" "the source is in the key by its hash"
done_testing
