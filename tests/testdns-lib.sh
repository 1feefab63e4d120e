# Helpers for the testdns tests (t600x): build the server, start it on a free
# port, wait for its ready file, ask it with dig. Source after lib.sh.
# TESTDNS=out/host/bin/testdns-asan runs the tests against the sanitizer build.
TESTDNS=${TESTDNS:-$OUT/host/bin/testdns}
export PYTHONPATH="$TOP/tools/testdns${PYTHONPATH:+:$PYTHONPATH}"
DNS_PID=

command -v dig > /dev/null 2>&1 || skip_all "dig not installed: apt-get install bind9-dnsutils"
command -v python3 > /dev/null 2>&1 || skip_all "python3 not installed"

# The lock keeps tests run in parallel (prove -j) from racing on one build.
build_testdns() {
	mkdir -p "$OUT/host"
	lock=
	command -v flock > /dev/null 2>&1 && lock="flock $OUT/host/.testdns-build.lock"
	if ! $lock make -s -C "$TOP/tools/testdns" O="$OUT/host" > "$T/.build.log" 2>&1; then
		diag "$(tail -n 30 "$T/.build.log")"
		echo "Bail out! cannot build testdns"
		exit 1
	fi
}

# A port free for TCP (free_port checks that) and for UDP as well.
dns_port() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		p=$(free_port)
		python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",int(sys.argv[1])))' "$p" \
			2> /dev/null && { echo "$p"; return 0; }
	done
	echo "Bail out! no free port"
	exit 1
}

# start_testdns ZONE [ADDR...]: runs the server on 127.0.0.1:$DNS_PORT (or the
# addresses given), query log $T/query.log, and returns once it is ready.
start_testdns() {
	zone=$1; shift
	DNS_PORT=${DNS_PORT:-$(dns_port)}
	[ $# = 0 ] && set -- "127.0.0.1:$DNS_PORT"
	rm -f "$T/ready"
	"$TESTDNS" -z "$zone" -q "$T/query.log" -r "$T/ready" "$@" 2> "$T/testdns.err" &
	DNS_PID=$!
	for _ in $(seq 400); do
		[ -s "$T/ready" ] && return 0
		kill -0 "$DNS_PID" 2> /dev/null || break
		sleep 0.025
	done
	diag "$(cat "$T/testdns.err")"
	echo "Bail out! testdns did not become ready"
	exit 1
}

# stop_testdns: SIGTERM, then the exit status in $DNS_RC.
stop_testdns() {
	kill -TERM "$DNS_PID" 2> /dev/null
	wait "$DNS_PID"
	DNS_RC=$?
	DNS_PID=
}
trap '[ -n "$DNS_PID" ] && kill -9 "$DNS_PID" 2> /dev/null; cleanup_test' EXIT

# dq ARGS...: dig at the server, one try of one second.
dq() { dig @127.0.0.1 -p "$DNS_PORT" +time=1 +tries=1 "$@" 2>&1; }
# Fields of dig's full output.
status_of() { printf '%s\n' "$1" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p'; }
flags_of() { printf '%s\n' "$1" | sed -n 's/^;; flags: \([a-z ]*\);.*/\1/p'; }
count_of() { printf '%s\n' "$1" | sed -n "s/^;; flags:.* $2: \([0-9]*\).*/\1/p"; }
# The answer section, as "NAME TYPE DATA" lines.
answers() { dq +noall +answer "$@" | awk '{ d = $5; for (i = 6; i <= NF; i++) d = d " " $i; print $1, $4, d }'; }
