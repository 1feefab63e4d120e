# A remote binary cache for the tests: Debian's nginx with its WebDAV module
# on a loopback port, serving $T/remote, and two minisign key pairs (the
# cache's, and another one). Sets CACHE_URL, PUB, KEY, OTHER_PUB, OTHER_KEY.

command -v nginx > /dev/null || skip_all "nginx is not installed (make test-deps installs it)"
command -v minisign > /dev/null || skip_all "minisign is not installed (make test-deps installs it)"

start_dav_server() {
	mkdir -p "$T/remote" "$T/nginx/tmp"
	DAV_PORT=$(free_port)
	cat > "$T/nginx/nginx.conf" <<EOC
daemon on;
user $(id -un);
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
worker_processes 1;
events { worker_connections 64; }
http {
	access_log $T/nginx/access.log;
	client_body_temp_path $T/nginx/tmp;
	server {
		listen 127.0.0.1:$DAV_PORT;
		root $T/remote;
		client_max_body_size 0;
		location / {
			dav_methods PUT DELETE;
			create_full_put_path on;
			dav_access user:rw group:r all:r;
		}
	}
}
EOC
	nginx -e "$T/nginx/error.log" -p "$T/nginx" -c "$T/nginx/nginx.conf" ||
		{ echo "Bail out! nginx did not start: $(tail -n 3 "$T/nginx/error.log")"; exit 1; }
	CACHE_URL=http://127.0.0.1:$DAV_PORT/muslforge-cache
	trap 'stop_dav_server; cleanup_test' EXIT
}

stop_dav_server() {
	[ -f "$T/nginx/nginx.pid" ] && kill "$(cat "$T/nginx/nginx.pid")" 2> /dev/null
	true
}

make_keys() {
	minisign -G -W -p "$T/cache.pub" -s "$T/cache.key" > /dev/null
	minisign -G -W -p "$T/other.pub" -s "$T/other.key" > /dev/null
	PUB=$T/cache.pub KEY=$T/cache.key OTHER_PUB=$T/other.pub OTHER_KEY=$T/other.key
}

# Step lines that mean something was built here, not restored.
built_steps() { grep -cE '^  (UNPACK|CONFIG|BUILD|INSTALL) ' "$1"; }
