#!/bin/bash
# A remote cache that is down, that never answers, or that stalls half-way
# through an entry costs a bounded wait and one warning for the whole run;
# every recipe is built here and the build succeeds, pushes included.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
. "$TOP/tests/remote-cache-lib.sh"
make_fixture
make_keys

# run NAME URL [make args]: build fa, fb and fc (timeout: a safety net only).
run() {
	name=$1 url=$2; shift 2
	: > "$T/builds.log"
	FIX_OUT=$T/out-$name timeout 300 make --no-print-directory -C "$TOP" RECIPE_DIRS="$T/recipes" PATCH_DIR="$T/patches" \
		OUT="$T/out-$name" CACHE_DIR="$T/cache-$name" SOURCES="$T/mirror" ARCH=x86_64 \
		CACHE_URL="$url" CACHE_PUBKEY="$PUB" CACHE_TIMEOUT=2 fb fc "$@" > "$T/make.out" 2>&1
	rc=$?
	is "$rc" 0 "$name: the build succeeds"
	is "$(sort "$T/builds.log" | tr '\n' ' ')" "fa fb fc " "$name: every recipe is built here"
	is "$(grep -c 'remote cache' "$T/make.out")" 1 "$name: one warning for the run, not one per recipe"
}

port=$(free_port)
run down "http://127.0.0.1:$port/c"
like "$(grep 'remote cache' "$T/make.out")" "^muslforge: remote cache: cannot reach 127\.0\.0\.1:$port \(GET .*: connection failed\); building without the remote cache in this run$" \
	"down: the warning says the server cannot be reached"

run down-push "http://127.0.0.1:$port/c" CACHE_PUSH=1 CACHE_SIGNING_KEY="$KEY"
is "$(grep -c '^  STORE ' "$T/make.out")" 3 "down-push: each build is still stored in the local cache"

# start_stall MODE ROOT: tests/stall-server.py on a new $port, once it listens.
start_stall() {
	port=$(free_port)
	python3 "$TOP/tests/stall-server.py" "$port" "$2" "$1" > "$T/stall.log" 2>&1 & stall_pid=$!
	trap 'kill $stall_pid 2> /dev/null; stop_dav_server; cleanup_test' EXIT
	for i in $(seq 50); do (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break; sleep 0.1; done
}

start_stall silent "$T"
run silent "http://127.0.0.1:$port/c"
like "$(grep 'remote cache' "$T/make.out")" "127\.0\.0\.1:$port did not answer within 2 s \(GET .*\); building without the remote cache in this run$" \
	"silent: the warning says the server did not answer in CACHE_TIMEOUT"
kill $stall_pid

# A server that sends half of an entry and stalls: the transfer is abandoned.
start_dav_server
FIX_OUT=$T/out-fill mf fb fc CACHE_DIR="$T/cache-fill" CACHE_URL="$CACHE_URL" CACHE_PUSH=1 CACHE_PUBKEY="$PUB" CACHE_SIGNING_KEY="$KEY"
is "$(grep -c '^  PUSH ' "$T/make.out")" 3 "the remote is filled for the half-way server to serve"
start_stall midway "$T/remote"
run midway "http://127.0.0.1:$port/muslforge-cache"
like "$(grep 'remote cache' "$T/make.out")" "did not answer within 2 s \(GET blobs/[0-9a-f]{64}\.tar\.zst\)" \
	"midway: the stalled blob download is abandoned after CACHE_TIMEOUT without data"
ok "$(find "$T/cache-midway" -name '.remote.*' | grep -q .; [ $? = 1 ]; echo $?)" "midway: the partial download is not left in the local cache"
done_testing
