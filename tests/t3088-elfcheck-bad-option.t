#!/bin/bash
# A bad option is named in the usage error: -xy names -x (not argv[0]),
# a long option is named up to any '='.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

build_elfcheck
echo x > "$T/f"

for args in '-xy|-x' '-x|-x' '-q f|-q' 'f -zq|-z' '--nope|--nope' '--nope=1|--nope' '--arch|--arch'; do
	a=${args%|*} want=${args#*|}
	run_ec $a
	is "$rc" 2 "'$a': usage error"
	is "$(head -n 1 "$T/err")" "elfcheck: unknown option or missing argument: $want" "'$a': names $want"
done
run_ec -xy
! grep -q "$ELFCHECK" "$T/err"
ok $? '-xy: the program path is not taken for the option'

done_testing
