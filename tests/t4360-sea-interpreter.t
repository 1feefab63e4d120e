#!/bin/bash
# The runtime without a payload is a plain interpreter, fuse intact:
# sea-runtime script.js [args], modules with relative imports, std and os,
# exceptions and usage errors as exit statuses; and QuickJS's own language,
# closure, loop, BigInt and std tests pass on each arch (the recipe installs
# them in out/testsuites/<triple>/quickjs/).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sea-lib.sh"

cat > "$T/lib.js" <<'JS'
export const twice = x => 2 * x;
JS
cat > "$T/main.js" <<'JS'
import { twice } from "./lib.js";
import * as std from "std";
import * as os from "os";
console.log("main", twice(21), scriptArgs.slice(1).join("|"), typeof os.getpid());
std.exit(5);
JS
echo 'throw new Error("boom")' > "$T/throw.js"

while read -r name runner rt arch prefix; do
	[ -x "$rt" ] || { ok 1 "$name: runtime built ($rt)"; continue; }
	out=$(cd "$T" && run_sea "$runner" "$rt" main.js "a b" c 2>&1); rc=$?
	is "$out:$rc" "main 42 a b|c number:5" "$name: runs a module with a relative import, std and os, and its arguments"
	out=$(run_sea "$runner" "$rt" "$T/throw.js" 2>&1); rc=$?
	is "$rc" 1 "$name: an uncaught exception exits 1"
	like "$out" "Error: boom" "$name: and is printed"
	out=$(run_sea "$runner" "$rt" 2>&1); rc=$?
	is "$rc" 2 "$name: no script is a usage error"
	out=$(run_sea "$runner" "$rt" "$T/missing.js" 2>&1); rc=$?
	like "$rc:$out" "^1:.*missing.js" "$name: a missing script is named"
	like "$(run_sea "$runner" "$rt" --version)" "fuse intact" "$name: the fuse is intact"
	suite=$OUT/testsuites/$arch-linux-musl/quickjs
	[ -n "${SEA_VARIANTS:-}" ] && suite=${SEA_QJS_TESTS:-$suite}
	for t in test_language test_closure test_loop test_bigint test_std; do
		if [ ! -f "$suite/$t.js" ]; then
			ok 1 "$name: QuickJS $t.js installed ($suite)"
			continue
		fi
		out=$(cd "$T" && run_sea "$runner" "$rt" "$suite/$t.js" 2>&1); rc=$?  # it writes files in the cwd
		ok $rc "$name: QuickJS's $t.js passes"
		[ $rc = 0 ] || diag "$(printf '%s\n' "$out" | tail -n 5)"
	done
done <<EOF2
$(sea_variants)
EOF2
done_testing
