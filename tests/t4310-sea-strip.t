#!/bin/bash
# What release pipelines do to binaries after injection: strip,
# strip --strip-all, objcopy --strip-debug (the target's GNU binutils),
# eu-strip and llvm-strip. Each result runs, still verifies its payload
# (a flipped payload byte is still refused), and takes a new payload.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sea-lib.sh"
need_sea_inject

cat > "$T/app.js" <<'JS'
console.log("stripped and alive", 6 * 7);
JS
cat > "$T/app2.js" <<'JS'
console.log("second payload");
JS

# tool NAME COMMAND...: the command strips $1 in place.
strip_with() { # name prefix file
	case $1 in
	strip) "${2}strip" "$3" ;;
	strip-all) "${2}strip" --strip-all "$3" ;;
	objcopy-strip-debug) "${2}objcopy" --strip-debug "$3" ;;
	eu-strip) eu-strip "$3" ;;
	llvm-strip) llvm-strip "$3" ;;
	llvm-strip-all) llvm-strip --strip-all "$3" ;;
	esac
}
TOOLS="strip strip-all objcopy-strip-debug eu-strip llvm-strip llvm-strip-all"

while read -r name runner rt arch prefix; do
	[ -x "$rt" ] || { ok 1 "$name: runtime built ($rt)"; continue; }
	sea_inject --arch "$arch" "$rt" "$T/app.js" -o "$T/$name-app" || { ok 1 "$name: injected"; continue; }
	for tool in $TOOLS; do
		f=$T/$name-$tool
		cp "$T/$name-app" "$f"
		strip_with "$tool" "$prefix" "$f" > "$T/strip.log" 2>&1
		rc=$?
		ok $rc "$name: $tool ran"
		[ $rc = 0 ] || { diag "$(cat "$T/strip.log")"; continue; }
		is "$(run_sea "$runner" "$f" 2>&1)" "stripped and alive 42" "$name: after $tool the payload runs"
		like "$(sea_inject --info "$f" 2>&1)" "sha256: [0-9a-f]{64}" "$name: after $tool sea-inject still reads it"
		cp "$f" "$f-tampered"
		flip_byte "$f-tampered" $(( $(payload_offset "$f-tampered") + 140 ))
		out=$(run_sea "$runner" "$f-tampered" 2>&1); rc=$?
		is "$rc:$out" "$SEA_EXIT_PAYLOAD:$f-tampered: payload rejected: payload sha256 mismatch (tampered or damaged)" \
			"$name: after $tool a flipped payload byte is still refused"
		sea_inject --arch "$arch" "$f" "$T/app2.js" -o "$f-re"
		ok $? "$name: after $tool sea-inject writes a new payload"
		is "$(run_sea "$runner" "$f-re" 2>&1)" "second payload" "$name: after $tool a new payload replaces the old"
	done
done <<EOF2
$(sea_variants)
EOF2
done_testing
