#!/bin/bash
# A recipe with <name>_TESTS_BUILD builds its test programs in a unit of its
# own: `make <name>` (and so `make`) does not build them; `make lib-tests`
# (which make test needs) builds them in the recipe's build tree, without
# building the recipe again when it was just built, or after a restore by
# building it first; the unit is cached like a recipe.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
write_recipe fa 1.0 "" "fa_TESTS_BUILD = echo fa-tests >> $T/builds.log; echo 'cat \$(SYSROOT_DIR)/share/fa.txt' > fa-test; chmod +x fa-test
fa_TESTS_INSTALL = cp fa-test \$(TESTS_DIR)/"
S=$T/out/testsuites/$FIX_TRIPLE/fa

mf fa; is "$?" 0 "make fa"
is "$(cat "$T/builds.log")" "fa" "it builds the library, not its tests"
ok "$([ ! -e "$S" ]; echo $?)" "no test programs are installed"

: > "$T/builds.log"
mf lib-tests; is "$?" 0 "make lib-tests"
is "$(cat "$T/builds.log")" "fa-tests" "it builds fa's tests only, in fa's build tree"
is "$(grep -cE '^  (UNPACK|CONFIG) ' "$T/make.out")" 0 "without unpacking or configuring again"
like "$("$S/fa-test")" "hello from fa 1.0" "the test program is in out/testsuites and runs"
mf lib-tests
is "$(grep -cE '^  (BUILD|CACHED|MERGE) ' "$T/make.out")" 0 "a second make lib-tests does nothing"

# A second clone with the same cache: both units restored, nothing built.
: > "$T/builds.log"
FIX_OUT=$T/out2 mf lib-tests
is "$(grep -c '^  CACHED ' "$T/make.out"):$(wc -l < "$T/builds.log" | tr -d ' ')" "2:0" "a second clone restores fa and its tests, builds nothing"
ok "$([ -x "$T/out2/testsuites/$FIX_TRIPLE/fa/fa-test" ]; echo $?)" "and installs the test program"

# The tests' entry is gone: fa is restored, then built again for its tests.
rm -f "$T"/cache/bin/$FIX_TRIPLE/fa-tests-*.tar.zst
: > "$T/builds.log"
FIX_OUT=$T/out3 mf lib-tests
is "$(sort "$T/builds.log" | tr '\n' ' ')" "fa fa-tests " "without the tests' entry, fa's build tree is made again, then its tests"
ok "$([ -x "$T/out3/testsuites/$FIX_TRIPLE/fa/fa-test" ]; echo $?)" "and the test program is installed"
is "$(ls "$T"/cache/bin/$FIX_TRIPLE/fa-tests-*.tar.zst | wc -l | tr -d ' ')" 1 "the tests' unit is stored again"

mf fa-clean
ok "$([ ! -e "$S" ] && ! ls "$T"/out/stamps/$FIX_TRIPLE/fa.tests-*.done > /dev/null 2>&1; echo $?)" "make fa-clean removes the tests' stamp and programs too"
mf lib-tests
ok "$([ -x "$S/fa-test" ]; echo $?)" "and make lib-tests brings them back"
done_testing
