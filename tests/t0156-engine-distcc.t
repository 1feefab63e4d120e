#!/bin/bash
# DISTCC_HOSTS= sends a recipe's compiles to a distcc farm: two distccd on
# loopback, one slot each, both receive compile jobs; the job count follows
# the hosts; the result is the same as a local build.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/engine-fixture.sh"
command -v distccd > /dev/null || skip_all "distcc is not installed (make test-deps installs it)"
make_fixture
mkdir -p "$T/src/many-1.0"
objs=
for i in 1 2 3 4 5 6 7 8; do
	printf 'int f%d(void) { return %d; }\n' "$i" "$i" > "$T/src/many-1.0/f$i.c"
	objs="$objs f$i.o"
done
# main.c is slow to compile (a large table): while one host compiles it, the
# other host is the free one, so both receive work whatever the timing.
printf '#include <stdio.h>\nstatic const int table[] = {\n' > "$T/src/many-1.0/main.c"
seq 0 150000 | sed 's/$/,/' >> "$T/src/many-1.0/main.c"
printf '};\nint table_first(void) { return table[0]; }\n' >> "$T/src/many-1.0/main.c"
for i in 1 2 3 4 5 6 7 8; do printf 'int f%d(void);\n' "$i"; done >> "$T/src/many-1.0/main.c"
printf 'int main(void) { printf("%%d\\n", table_first()+f1()+f2()+f3()+f4()+f5()+f6()+f7()+f8()); return 0; }\n' >> "$T/src/many-1.0/main.c"
printf 'VPATH = $(SRC)\nmany: main.o%s\n\tcc -o $@ $^\n%%.o: %%.c\n\tcc -O2 -c $< -o $@\n' "$objs" > "$T/src/many-1.0/Makefile"
pack_recipe many main.c
cat >> "$T/recipes/many.mk" <<EOR
many_CONFIGURE = echo jobs \$(JOBS) > jobs.txt
many_BUILD = make -f \$(SRC_DIR)/Makefile SRC=\$(SRC_DIR) -j\$(JOBS) many
many_INSTALL = mkdir -p \$(DEST_DIR)/bin && cp many \$(DEST_DIR)/bin/ && cp jobs.txt \$(DEST_DIR)/
EOR

# Started by root, distccd runs as its own user: its logs go where it may write.
chmod 711 "$T" && mkdir -m 1777 "$T/distccd" && mkdir -p "$T/distcc-state"
ports= pids=
for n in 1 2; do
	p=$(free_port)
	distccd --daemon --no-detach --listen 127.0.0.1 --port "$p" --allow 127.0.0.1 --jobs 1 \
		--log-level info --log-file "$T/distccd/$n.log" > /dev/null 2>&1 &
	pids="$pids $!" ports="$ports $p"
done
trap 'kill $pids 2> /dev/null; cleanup_test' EXIT
for p in $ports; do for i in $(seq 50); do (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null && break; sleep 0.1; done; done
hosts=$(for p in $ports; do printf '127.0.0.1:%s/1 ' "$p"; done)

mf many DISTCC_HOSTS="$hosts" DISTCC_DIR="$T/distcc-state"
is "$?" 0 "the recipe builds through distcc"
is "$(cat "$T/out/sysroot/$FIX_TRIPLE/jobs.txt")" "jobs 2" "the job count is the farm's slots (two hosts, one each)"
is "$("$T/out/sysroot/$FIX_TRIPLE/bin/many")" 36 "the program built from the farm's objects is right"
for n in 1 2; do
	c=$(grep -c 'COMPILE_OK' "$T/distccd/$n.log")
	ok "$([ "${c:-0}" -ge 1 ]; echo $?)" "distccd $n compiled some of the nine files ($c)"
done
total=$(cat "$T"/distccd/*.log | grep -c 'COMPILE_OK')
is "$total" 9 "every compile went to the farm"
done_testing
