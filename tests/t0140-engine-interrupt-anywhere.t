#!/bin/bash
# A build stopped at any moment resumes (issue 27). The fixture recipe fl
# configures its subdirectory lazily, in its build step, as binutils does:
# the top-level make runs sub/configure, which writes sub/Makefile first and
# the dependency file it includes after. It is stopped with SIGINT (to the
# whole process group, as Ctrl-C), SIGTERM (to make alone, as a CI runner)
# and SIGKILL (to the whole group, as a power cut) at each of: the top-level
# configure, a half-written sub-configure, a compile in sub/, the install,
# the cache store and the merge. Each point is reached for certain: the
# fixture (or a cp or zstd wrapper, for the merge and the store) blocks on a
# FIFO there, and the test sends the signal once it has read the blocked
# process's pid from another FIFO. After it nothing of the build runs on,
# no stamp or cache entry is left for what did not finish, and the next make
# succeeds and installs the same files as an uninterrupted build.
# POINTS="subconf merge" SIGNALS=TERM runs some of them only.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
mkdir -p "$T/recipes" "$T/patches" "$T/mirror" "$T/bin" "$T/src/fl-1.0/sub"
mkfifo "$T/arrived" "$T/hold"

# hook POINT: if the test stops at POINT, give it this pid and block for good.
cat > "$T/hook" <<EOS
#!/bin/sh
[ "\$(cat "$T/stop-at" 2>/dev/null)" = "\$1" ] || exit 0
echo \$\$ > "$T/arrived"
exec cat "$T/hold" > /dev/null
EOS
# The store and the merge are stopped in the commands they run: zstd packing
# (not unpacking) the entry, and cp once it has copied into the prefix.
cat > "$T/bin/zstd" <<EOS
#!/bin/sh
case " \$* " in *" -d"*) ;; *) "$T/hook" cache ;; esac
exec $(command -v zstd) "\$@"
EOS
cat > "$T/bin/cp" <<EOS
#!/bin/sh
case "\$*" in *" -t "*/sysroot/*) $(command -v cp) "\$@" && exec "$T/hook" merge ;; esac
exec $(command -v cp) "\$@"
EOS
chmod +x "$T/hook" "$T/bin/zstd" "$T/bin/cp"

# The package. Its configure writes a Makefile that configures sub/ when it
# builds, unless sub/Makefile is there (binutils' configure-<subdir> rules).
s=$T/src/fl-1.0
cat > "$s/configure" <<'EOS'
#!/bin/sh
src=$(cd "$(dirname "$0")" && pwd)
echo "configure of fl" > config.log
"$HOOK" configure
cat > Makefile <<EOF
export HOOK = $HOOK
all: configure-sub
	\$(MAKE) -C sub
configure-sub:
	test -r sub/Makefile || { mkdir -p sub && cd sub && $src/sub/configure; }
.PHONY: configure-sub
install: all
	\$(MAKE) -C sub install
EOF
EOS
# Like config.status: the Makefile, then the dependency file it includes.
cat > "$s/sub/configure" <<'EOS'
#!/bin/sh
src=$(cd "$(dirname "$0")" && pwd)
cat > Makefile <<EOF
include .deps/hello.Po
all: hello
hello: hello.o
	$src/link hello.o > hello.tmp && mv hello.tmp hello
hello.o: $src/hello.c
	$src/compile $src/hello.c hello.o
install: all
	mkdir -p \$(DESTDIR)/bin \$(DESTDIR)/share/fl
	cp hello \$(DESTDIR)/bin/fl-hello
	"\$(HOOK)" install
	cp $src/hello.c \$(DESTDIR)/share/fl/hello.c
EOF
"$HOOK" subconf
mkdir -p .deps
echo '# dummy' > .deps/hello.Po
EOS
# An object is written in place, a piece at a time, as a compiler writes
# one; the linker refuses a truncated one, as ld does.
cat > "$s/sub/compile" <<'EOS'
#!/bin/sh
{ echo OBJECT; tr a-z A-Z < "$1"; } > "$2"
"$HOOK" compile
echo END >> "$2"
EOS
cat > "$s/sub/link" <<'EOS'
#!/bin/sh
[ "$(tail -n 1 "$1")" = END ] || { echo "link: $1: file truncated" >&2; exit 1; }
sed '1d;$d' "$1"
EOS
echo 'hello from fl' > "$s/sub/hello.c"
chmod +x "$s/configure" "$s/sub/configure" "$s/sub/compile" "$s/sub/link"
tar -C "$T/src" --sort=name --mtime=@0 --owner=0 --group=0 -czf "$T/mirror/fl-1.0.tar.gz" fl-1.0
cat > "$T/recipes/fl.mk" <<EOR
fl_VERSION := 1.0
fl_LICENSE := MIT
fl_LICENSE_FILES := sub/hello.c
fl_SOURCES := fl-1.0.tar.gz:$(sha "$T/mirror/fl-1.0.tar.gz")
fl_CONFIGURE = HOOK=$T/hook \$(SRC_DIR)/configure
fl_BUILD = make -j2
fl_INSTALL = make install DESTDIR=\$(DEST_DIR)
EOR

# engine OUT CACHE_DIR MAKE-ARGS...: the engine on fl, the wrappers first in PATH.
cat > "$T/engine" <<EOS
#!/bin/sh
o=\$1 c=\$2; shift 2
PATH="$T/bin:\$PATH" exec make --no-print-directory -C "$TOP" RECIPE_DIRS="$T/recipes" PATCH_DIR="$T/patches" \\
	OUT="\$o" CACHE_DIR="\$c" SOURCES="$T/mirror" ARCH=x86_64 "\$@"
EOS
chmod +x "$T/engine"
installed() { (cd "$1/sysroot/$FIX_TRIPLE" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
running() { [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }

"$T/engine" "$T/ref" "$T/ref-cache" fl > "$T/ref.out" 2>&1
is "$?" 0 "an uninterrupted build of fl"
want=$(installed "$T/ref")
like "$want" 'bin/fl-hello' "it installs the program it built in its subdirectory"

W=$T/out/build/$FIX_TRIPLE/fl
stop_at() { # stop_at POINT SIGNAL [MAKE-ARGS...]
	point=$1 sig=$2; shift 2
	at="$point, $sig${1:+ ($*)}"
	o=$T/out c=$T/cache
	rm -rf "$o" "$c"
	echo "$point" > "$T/stop-at"
	# env: a background job of a script starts with SIGINT ignored.
	setsid env --default-signal=INT,QUIT "$T/engine" "$o" "$c" "$@" fl > "$T/stopped.out" 2>&1 &
	pid=$!
	blocked=$(timeout 60 cat "$T/arrived")
	ok $([ -n "$blocked" ]; echo $?) "$at: the build reaches the point"
	exec 3>&2 2>/dev/null
	case $sig in
	INT) kill -INT -- -"$pid" ;;
	TERM) kill -TERM "$pid" ;;
	KILL) kill -KILL -- -"$pid" ;;
	esac
	wait "$pid"
	exec 2>&3 3>&-
	rm -f "$T/stop-at"
	left=$(pgrep -f -- "$T/" | tr '\n' ' ')
	ok $(! running "$blocked" && [ -z "$left" ]; echo $?) "$at: nothing of the build runs on"
	[ -z "$left" ] || diag "still running:" "$(ps -o pid,args -p "${left// /,}" 2>&1)"
	[ -z "$left" ] || kill -KILL $left 2>/dev/null
	ok $(ls "$o/stamps/$FIX_TRIPLE/" 2>/dev/null | grep -q '^fl-'; [ $? = 1 ]; echo $?) "$at: no done stamp"
	case $point in
	configure) st=.configured ;; subconf|compile) st=.built ;; install) st=.installed ;; *) st= ;;
	esac
	[ -z "$st" ] || ok $([ ! -e "$W/$st" ]; echo $?) "$at: no $st stamp"
	[ "$point" = merge ] || ok $([ -z "$(find "$c" -name '*.tar.zst' 2>/dev/null)" ]; echo $?) "$at: no cache entry"
	[ "$point" != subconf ] ||
		ok $([ -e "$W/build/sub/Makefile" ] && [ ! -e "$W/build/sub/.deps/hello.Po" ]; echo $?) \
			"$at: sub/Makefile is written, its dependency file is not (as binutils' libsframe was)"
	"$T/engine" "$o" "$c" "$@" fl > "$T/rerun.out" 2>&1
	rc=$?
	is "$rc" 0 "$at: the next make succeeds"
	[ "$rc" = 0 ] || diag "$(tail -n 15 "$T/rerun.out")"
	[ "$point" != subconf ] ||
		like "$(cat "$T/rerun.out")" "RETRY +fl-1.0" "$at: the resumed build fails, and is built again from a clean directory"
	is "$(installed "$o" 2>&1)" "$want" "$at: it installs the same files as an uninterrupted build"
}
for point in ${POINTS:-configure subconf compile install cache merge}; do
	for sig in ${SIGNALS:-INT TERM KILL}; do stop_at "$point" "$sig"; done
done
# A top-level make -j2 (fl's own make -j2 takes its jobs from it), and V=1
# (the step's output goes through tee), are stopped the same way.
if [ -z "${POINTS:-}" ]; then
	stop_at compile INT -j2
	stop_at compile TERM -j2
	stop_at subconf TERM V=1
fi
done_testing
