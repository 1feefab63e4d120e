# Shared helpers for the TAP test scripts (tests/t*.t). Source it first.
# Each script tests one behaviour; `make test` runs them all under prove.
set -u

TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=${OUT:-$TOP/out}
ELFCHECK=${ELFCHECK:-$OUT/host/bin/elfcheck}
test_count=0
test_failed=0

# A private scratch directory, removed on exit unless KEEP=1.
T=$(mktemp -d "${TMPDIR:-/tmp}/muslforge-test.XXXXXX")
trap 'cleanup_test' EXIT
cleanup_test() { [ "${KEEP:-0}" = 1 ] && echo "# kept $T" || rm -rf "$T"; }

plan() { echo "1..$1"; }
# Every skip is also written to $SKIP_LOG when make test sets it: make test
# prints them all, and under CI=true fails on one tests/skips.allowed does
# not list (tests/skip-report).
note_skip() { [ -z "${SKIP_LOG:-}" ] || printf '%s: %s\n' "$(basename "$0" .t)" "$*" >> "$SKIP_LOG"; }
skip_all() { note_skip "$*"; echo "1..0 # SKIP $*"; exit 0; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

ok() { # ok STATUS DESCRIPTION
	test_count=$((test_count + 1))
	if [ "$1" = 0 ]; then
		echo "ok $test_count - $2"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $2"
	fi
}

# check DESCRIPTION COMMAND...: ok if the command succeeds.
check() {
	d=$1; shift
	"$@" > "$T/.check.out" 2>&1
	rc=$?
	ok $rc "$d"
	[ $rc = 0 ] || diag "command: $*" "exit $rc" "$(tail -n 20 "$T/.check.out")"
}

# is GOT EXPECTED DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; diag "got:      '$1'" "expected: '$2'"; fi
}

# like TEXT PATTERN DESCRIPTION (grep -E)
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else ok 1 "$3"; diag "text: $(printf '%s' "$1" | head -c 2000)" "does not match: $2"; fi
}

skip() { note_skip "$*"; test_count=$((test_count + 1)); echo "ok $test_count # SKIP $*"; }

# The count of checks each script ran goes to $PLAN_LOG when make test sets
# it: tests/plan-check compares it with the count recorded in tests/plans,
# so a check that silently stopped running is a failure (the plan is printed
# last, so prove alone cannot tell).
done_testing() {
	echo "1..$test_count"
	[ -z "${PLAN_LOG:-}" ] || printf '%s %s\n' "$(basename "$0" .t)" "$test_count" >> "$PLAN_LOG"
	[ "$test_failed" = 0 ]; exit $?
}

# A TCP/UDP port on loopback that nothing listens on now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

need_root() { [ "$(id -u)" = 0 ] || skip_all "needs root (namespaces via unshare)"; }

# private_cache TRIPLE...: $T/cache holding the shared binary cache's entries
# for those triples (hard links where the file system allows) and its source
# files: a test's builds restore from it (CACHE_DIR=$T/cache) and store what
# they build there, never in the shared cache.
private_cache() {
	local shared=${CACHE_DIR:-$HOME/.cache/muslforge} t
	for t in "$@"; do
		[ -d "$shared/bin/$t" ] || { echo "Bail out! no binary cache for $t (make toolchain libs libs-glibc)"; exit 1; }
		mkdir -p "$T/cache/bin/$t"
		cp -l "$shared/bin/$t/"*.tar.zst "$T/cache/bin/$t/" 2> /dev/null || cp "$shared/bin/$t/"*.tar.zst "$T/cache/bin/$t/"
	done
	[ ! -d "$shared/sources" ] || cp -al "$shared/sources" "$T/cache/" 2> /dev/null || cp -a "$shared/sources" "$T/cache/"
}
