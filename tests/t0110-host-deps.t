#!/bin/bash
# Missing host packages: as another user, make stops and prints the exact
# apt-get line; installed ones pass silently.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root to switch to an unprivileged user"
missing=$(for p in cowsay sl fortune-mod; do dpkg-query -W -f='${db:Status-Status}' $p 2>/dev/null | grep -q '^installed$' || echo $p; done | head -1)
[ -n "$missing" ] || skip_all "no known-uninstalled package to test with"
chmod 755 "$T"; mkdir -p "$T/out"; chmod 777 "$T/out"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$T" \
	make --no-print-directory -C "$TOP" OUT="$T/out" deps HOST_PACKAGES="make $missing" 2>&1); rc=$?
ok $((rc == 0)) "make deps fails for a user who cannot install"
like "$out" "^  apt-get install -y --no-install-recommends $missing\$" "it prints the exact apt-get line with only the missing package"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$T" \
	make --no-print-directory -C "$TOP" OUT="$T/out" deps HOST_PACKAGES="make coreutils" 2>&1); rc=$?
is "$rc:$out" "0:" "with everything installed it passes silently"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$T" \
	make --no-print-directory -C "$TOP" OUT="$T/out" toolchain HOST_PACKAGES="$missing" 2>&1); rc=$?
ok $((rc == 0)) "make toolchain stops too, before fetching anything"
like "$out" "apt-get install -y --no-install-recommends $missing" "and prints the line"
done_testing
