#!/bin/bash
# kernel-floor, the old-kernel simulation: under each floor, every x86_64
# system call number from 0 to the table's highest plus 16 is called once
# (syscall-sweep) and ENOSYS must come back exactly where the table denies
# the call (or where this host's own kernel lacks it, read from a sweep
# without the filter); the report must list exactly the denied numbers; x32
# and i386 entries are denied. A calibration row: getrandom at floor 3.10 is
# denied and reported, at 3.17 it runs; with --deny-errno EPERM the answer
# is EPERM, not ENOSYS.
. "$(dirname "$0")/lib.sh"
KF=$OUT/host/bin/kernel-floor
SWEEP=$OUT/host/bin/syscall-sweep
TABLE=$TOP/tools/kernel-floor/syscalls-x86_64.tsv
[ "$(uname -m)" = x86_64 ] || skip_all "kernel-floor simulates x86_64 kernels; this host is $(uname -m)"
[ -x "$KF" ] && [ -x "$SWEEP" ] || { ok 1 "kernel-floor and syscall-sweep are built (make kernel-floor)"; done_testing; }

last=$(( $(awk -F'\t' '!/^#/ { n = $1 } END { print n }' "$TABLE") + 16 ))
# Calls Linux runs past every seccomp filter, left out of both comparisons:
# uretprobe (335), "our single exception to filtering" in the pinned
# kernel/seccomp.c, and uprobe (336), the same exception in newer kernels.
# Only uprobe trampolines call them; a real old kernel answers ENOSYS.
EXEMPT='^(335|336)$'
# denied FLOOR: the numbers 0..last the table does not allow at FLOOR, one per line.
denied() {
	python3 - "$TABLE" "$1" "$last" <<-'PY'
	import sys
	def v(s): return tuple(int(x) for x in s.split('.'))
	table, floor, last = sys.argv[1], v(sys.argv[2]), int(sys.argv[3])
	allowed = set()
	for line in open(table):
	    if line.startswith('#'): continue
	    nr, name, version = line.split('\t')[:3]
	    if version == 'never': continue
	    if version.startswith('>') and floor > v(version[1:]) or not version.startswith('>') and v(version) <= floor:
	        allowed.add(int(nr))
	print('\n'.join(str(n) for n in range(last + 1) if n not in allowed))
	PY
}

"$SWEEP" 0 "$last" > "$T/host" 2> "$T/host.err"
is "$?" 0 "sweep of 0..$last without a filter (this kernel's own answers)"
awk '$2 == "enosys" && $1 ~ /^[0-9]+$/ { print $1 }' "$T/host" > "$T/host-enosys"

for floor in 3.2 3.10 4.4 4.14 4.18 5.0; do
	"$KF" --table "$TABLE" --floor "$floor" --report "$T/report" -- "$SWEEP" 0 "$last" > "$T/got" 2> "$T/err"
	is "$?" 0 "floor $floor: the sweep ran to the end"
	denied "$floor" | grep -Ev "$EXEMPT" > "$T/denied"
	sort -n -u "$T/denied" "$T/host-enosys" | grep -Ev "$EXEMPT" > "$T/want"
	awk '$2 == "enosys" && $1 ~ /^[0-9]+$/ { print $1 }' "$T/got" | sort -n | grep -Ev "$EXEMPT" > "$T/got-enosys"
	diff "$T/want" "$T/got-enosys" > "$T/diff"
	ok $? "floor $floor: ENOSYS exactly where the table denies ($(wc -l < "$T/denied") numbers) or this kernel lacks the call"
	[ -s "$T/diff" ] && diag "$(head -n 20 "$T/diff")"
	awk '{ print $2 }' "$T/report" | sort -n | grep -Ev "$EXEMPT" > "$T/reported"
	diff "$T/denied" "$T/reported" > "$T/diff"
	ok $? "floor $floor: the report names exactly the denied numbers"
	[ -s "$T/diff" ] && diag "$(head -n 20 "$T/diff")"
	is "$(grep -E '^(x32|i386) ' "$T/got" | tr '\n' ' ')" "x32 enosys i386 enosys " "floor $floor: x32 and i386 entries denied"
done

"$KF" --table "$TABLE" --floor 3.10 --report "$T/cal" -- "$SWEEP" 318 318 > "$T/got"
is "$(head -n 1 "$T/got")" "318 enosys" "calibration: getrandom (318) at floor 3.10 answers ENOSYS"
like "$(cat "$T/cal")" '^getrandom 318 [0-9]+$' "calibration: the report shows getrandom"
"$KF" --table "$TABLE" --floor 3.17 --report "$T/cal" -- "$SWEEP" 318 318 > "$T/got"
is "$(head -n 1 "$T/got"):$(grep -c getrandom "$T/cal")" "318 ran:0" "getrandom at floor 3.17 runs and is not reported"
"$KF" --table "$TABLE" --floor 3.10 --deny-errno EPERM --report "$T/cal" -- "$SWEEP" 318 318 > "$T/got"
is "$(head -n 1 "$T/got"):$(grep -c '^getrandom 318' "$T/cal")" "318 ran:1" "--deny-errno EPERM: getrandom fails, not with ENOSYS, and is reported"
"$KF" --table "$TABLE" --floor 3.10 -- sh -c 'kill -TERM $$' ; is "$?" 143 "the program's death by a signal is the exit status (128 + 15)"
done_testing
