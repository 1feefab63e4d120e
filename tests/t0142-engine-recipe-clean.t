#!/bin/bash
# make <recipe>-clean removes that recipe's work directory, its done stamp,
# its files in the prefix (by its manifest), its test programs and the
# manifest; nothing of other recipes, not even one whose name starts the same.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
make_tarball fb-x 1.0
write_recipe fb-x 1.0 ""
write_recipe fb 1.0 "fa" "fb_INSTALL = mkdir -p \$(DEST_DIR)/share \$(TESTS_DIR) && cp out.txt \$(DEST_DIR)/share/fb.txt && echo t > \$(TESTS_DIR)/fb-test"
P=$T/out/sysroot/$FIX_TRIPLE
mf fb fb-x; is "$?" 0 "fa, fb and fb-x build"
ok $([ -e "$P/share/fb.txt" ] && [ -e "$T/out/testsuites/$FIX_TRIPLE/fb/fb-test" ]; echo $?) "fb is installed, with its test program"

mf fb-clean; rc=$?
is "$rc" 0 "make fb-clean succeeds"
like "$(cat "$T/make.out")" "^  CLEAN   fb-1.0 \[$FIX_TRIPLE\]$" "it says what it cleans"
ok $([ ! -e "$T/out/build/$FIX_TRIPLE/fb" ]; echo $?) "fb's work directory is gone"
is "$(ls "$T/out/stamps/$FIX_TRIPLE/" | grep -c '^fb-[0-9a-f]*\.done$')" 0 "fb's done stamp is gone"
ok $([ ! -e "$P/share/fb.txt" ]; echo $?) "fb's file is gone from the prefix"
ok $([ ! -e "$T/out/manifests/$FIX_TRIPLE/fb" ] && [ ! -e "$T/out/manifests/$FIX_TRIPLE/fb.prefix" ]; echo $?) "and its manifest"
ok $([ ! -e "$T/out/testsuites/$FIX_TRIPLE/fb" ]; echo $?) "and its test programs"
ok $([ -e "$P/share/fa.txt" ] && [ -e "$P/share/fb-x.txt" ]; echo $?) "fa's and fb-x's files stay"
is "$(ls "$T/out/stamps/$FIX_TRIPLE/" | grep -c -e '^fa-' -e '^fb-x-')" 2 "their done stamps stay"
ok $([ -d "$T/out/build/$FIX_TRIPLE/fb-x" ]; echo $?) "fb-x's work directory stays"

mf fb-clean; is "$?" 0 "cleaning what is clean succeeds"
: > "$T/builds.log"
mf fb; is "$?" 0 "make fb afterwards succeeds"
like "$(cat "$T/make.out")" "CACHED +fb-1.0" "it restores fb from the binary cache (the key is the same)"
is "$(cat "$P/share/fb.txt")" "$(printf 'hello from fb 1.0\nhello from fa 1.0')" "and installs it again"
done_testing
