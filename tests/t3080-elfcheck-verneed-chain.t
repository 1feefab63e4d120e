#!/bin/bash
# Version needs are walked as glibc's loader walks them: vn_next and
# vna_next until 0, whatever vn_cnt and DT_VERNEEDNUM say. A requirement
# hidden behind vn_cnt 0 or 1, or behind DT_VERNEEDNUM 1, fails the floor,
# and the loader refuses the same file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool cc
need_tool python3
need_tool getconf
[ "$(uname -m)" = x86_64 ] || skip_all 'runs x86_64 binaries'
build_elfcheck
write_elfpy
host=$(getconf GNU_LIBC_VERSION 2> /dev/null | sed -n 's/^glibc //p')
[ -n "$host" ] || skip_all 'not a glibc host'

# Two libraries with GLIBC_ versions: exp@GLIBC_2.29 (libm) and
# pthread_create@GLIBC_2.34 (libc).
cat > "$T/two.c" <<'EOC'
#include <math.h>
#include <pthread.h>
#include <stdio.h>
static void *run(void *a) { return a; }
int main(int argc, char **argv)
{
	volatile double x = argc;
	pthread_t t;
	(void)argv;
	if (pthread_create(&t, 0, run, 0) || pthread_join(t, 0))
		return 1;
	printf("%f\n", exp(x));
	return 0;
}
EOC
$NICE cc -O1 -pthread -o "$T/two" "$T/two.c" -lm 2> "$T/cc.log" ||
	{ diag "$(cat "$T/cc.log")"; echo 'Bail out! cannot build the fixture'; exit 1; }

# hide MODE: renames one GLIBC_ requirement no other entry shares to a
# version no glibc has (digits turned to 9: GLIBC_2.34 -> GLIBC_9.99, same
# length), then hides it from a walk that trusts the counts. Prints the
# new name.
hide() {
	python3 - "$T" "$1" "$T/two" "$T/$1" <<-'EOP'
	import re, sys
	sys.path.insert(0, sys.argv[1])
	from elfpy import Elf
	mode, src, dst = sys.argv[2:5]
	e = Elf(src)
	vn = e.verneed()
	names = [n for _, _, aux in vn for _, n in aux]
	c = [(i, j) for i, (_, _, aux) in enumerate(vn) for j, (_, n) in enumerate(aux)
	     if re.match(r'GLIBC_[0-9.]+$', n) and names.count(n) == 1]
	if mode == 'verneednum':
	    c = [x for x in c if x[0] >= 1]
	if mode == 'vn_cnt1':
	    c = [x for x in c if len(vn[x[0]][2]) >= 2]
	i, j = c[-1]
	vo, lib, aux = vn[i]
	ao, name = aux[j]
	if mode == 'vn_cnt1' and j == 0:
	    # the order of Vernaux entries does not matter: swap with the
	    # second, keeping the links (vna_next)
	    o1 = aux[1][0]
	    a, b = bytes(e.b[ao:ao + 12]), bytes(e.b[o1:o1 + 12])
	    e.b[ao:ao + 12], e.b[o1:o1 + 12] = b, a
	    ao = o1
	new = 'GLIBC_' + re.sub('[0-9]', '9', name[6:])
	so = e.stroff(e.u('I', ao + 8))
	e.b[so:so + len(new)] = new.encode()
	if mode == 'vn_cnt0':
	    e.put('H', vo + 2, 0)
	elif mode == 'vn_cnt1':
	    e.put('H', vo + 2, 1)
	else:
	    e.put('Q', e.dentry(0x6fffffff) + 8, 1)
	e.save(dst)
	print(new)
	EOP
}

is "$(kernel_verdict "$T/two")" 'exit 0' 'fixture: the unpatched binary runs'
run_ec --glibc-floor "$host" "$T/two"
is "$rc" 0 "fixture: it passes the host glibc $host as floor"

for mode in vn_cnt0 vn_cnt1 verneednum; do
	new=$(hide $mode) || { ok 1 "$mode: patch the fixture"; continue; }
	chmod +x "$T/$mode"
	verdict=$(kernel_verdict "$T/$mode")
	ok $([ "$verdict" != 'exit 0' ]; echo $?) "$mode: the loader refuses it ($verdict)"
	like "$(cat "$T/run.err")" "version .$new' not found" "$mode: for $new"
	run_ec --glibc-floor "$host" "$T/$mode"
	is "$rc" 1 "$mode: elfcheck fails it at floor $host, as the loader does"
	like "$(cat "$T/out")" "\(no symbol\) +$new|[a-z_]+ +$new" "$mode: and lists $new"
	run_ec "$T/$mode"
	like "$(cat "$T/out")" "glibc-max +$new" "$mode: glibc-max is $new"
done

done_testing
