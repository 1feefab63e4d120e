#!/bin/bash
# An install into the prefix that fails half-way leaves no done stamp, not
# even the previous version's: reverting the recipe installs it again
# instead of trusting a stamp whose files were removed.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
make_fixture
mf fa; is "$?" 0 "fa 1.0 builds and installs"
make_tarball fa 1.1
cp "$T/recipes/fa.mk" "$T/fa-1.0.mk"
sed -i "s/^fa_VERSION.*/fa_VERSION := 1.1/; s/^fa_SOURCES.*/fa_SOURCES := fa-1.1.tar.gz:$(sha "$T/mirror/fa-1.1.tar.gz")/" "$T/recipes/fa.mk"
# A cp that fails when it copies into the prefix: the install is cut short.
mkdir -p "$T/bin"
printf '#!/bin/sh\ncase "$*" in *"%s"*) exit 1 ;; esac\nexec /bin/cp "$@"\n' "$T/out/sysroot" > "$T/bin/cp"
chmod +x "$T/bin/cp"
PATH="$T/bin:$PATH" mf fa; rc=$?
ok $([ "$rc" != 0 ]; echo $?) "the upgrade to 1.1 fails while installing"
is "$(ls "$T/out/stamps/$FIX_TRIPLE/" | grep -c '^fa-')" 0 "no done stamp of fa is left"
cp "$T/fa-1.0.mk" "$T/recipes/fa.mk"
mf fa; is "$?" 0 "reverted to 1.0, make succeeds"
is "$(cat "$T/out/sysroot/$FIX_TRIPLE/share/fa.txt" 2>&1)" "hello from fa 1.0" "fa 1.0 is installed again"
done_testing
