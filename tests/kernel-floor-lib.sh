# Helpers for the tests that run programs at simulated kernel floors
# (t6310, t6330). A test sources this first, before lib.sh: on the first
# pass it checks what it needs and runs the script again inside its own
# mount and network namespace (exec, so nothing below runs twice).
if [ "${KF_IN_NS:-}" != 1 ]; then
	. "$(dirname "$0")/lib.sh"
	[ "$(uname -m)" = x86_64 ] || skip_all "kernel-floor simulates x86_64 kernels; this host is $(uname -m)"
	need_root
	unshare -mn true 2> /dev/null || skip_all "unshare -mn not permitted here"
	rm -rf "$T"
	exec unshare -mn env KF_IN_NS=1 bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gateway-lib.sh"
. "$(dirname "$0")/gateway-server-lib.sh"
. "$(dirname "$0")/testdns-lib.sh"
KF=$OUT/host/bin/kernel-floor
TABLE=$TOP/tools/kernel-floor/syscalls-x86_64.tsv

# kf_namespace ZONE: loopback up, resolv.conf and hosts of this namespace's
# own (testdns answers ZONE on 127.0.0.1:53), and /dev/random a FIFO nobody
# writes: starved entropy for every row, as a pre-5.6 kernel with a low
# estimate gives a reader of /dev/random.
kf_namespace() {
	ip link set lo up
	printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:2\n' > "$T/resolv.conf"
	printf '127.0.0.1 localhost\n::1 localhost\n' > "$T/hosts"
	mount --bind "$T/resolv.conf" /etc/resolv.conf && mount --bind "$T/hosts" /etc/hosts
	build_testdns
	DNS_PORT=53 start_testdns "$1"
	mkfifo "$T/random" && mount --bind "$T/random" /dev/random
	ok $? "/dev/random is a FIFO nobody writes"
	: > "$T/results"
}

# kf FLOOR REPORT ARGS...: kernel-floor's arguments for one row; FLOOR
# "5.0-eperm" is the container profile (calls newer than 5.0 answer EPERM).
kf() {
	local floor=$1 report=$2
	shift 2
	case $floor in
	*-eperm) echo "$KF" --table "$TABLE" --floor "${floor%-eperm}" --deny-errno EPERM --report "$report" "$@" ;;
	*) echo "$KF" --table "$TABLE" --floor "$floor" --report "$report" "$@" ;;
	esac
}

# record BUILD ROW FLOOR OUTCOME REPORT: one line of the expectation file
# (the calls REPORT says were denied).
record() {
	printf '%s %s %s: %s %s\n' "$1" "$2" "$3" "$4" "$(awk '{ print $1 }' "$5" 2> /dev/null | sort | tr '\n' ' ')" |
		sed 's/ *$//' >> "$T/results"
}

# kf_compare EXPECT: KERNEL_FLOOR_RECORD=1 writes the rows to EXPECT; then
# they must equal it (a new denied call is reviewed, then recorded).
kf_compare() {
	if [ "${KERNEL_FLOOR_RECORD:-0}" = 1 ]; then
		{ echo "# tests/$(basename "$0" .t | cut -d- -f1)'s rows: BUILD ROW FLOOR: OUTCOME DENIED-CALLS (KERNEL_FLOOR_RECORD=1 writes it)"
			cat "$T/results"; } > "$1.tmp" && mv "$1.tmp" "$1"
		diag "recorded $1"
	fi
	diff <(grep -v '^#' "$1" 2> /dev/null) "$T/results" > "$T/diff"
	ok $? "the rows and their denied calls equal $(basename "$1") (a new call is reviewed, then recorded)"
	[ -s "$T/diff" ] && diag "$(cat "$T/diff")"
}
