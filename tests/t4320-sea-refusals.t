#!/bin/bash
# Bad inputs get a clear one-line error, from the injector or the runtime,
# and the input file is left untouched: a flipped payload byte, a flipped
# header byte, a truncated file, a payload from another QuickJS version, a
# non-ELF, a dynamic, a foreign or a wrong-arch runtime.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sea-lib.sh"
need_sea_inject
GLIBC_RT=${SEA_GLIBC_RUNTIME:-$OUT/dist/x86_64-linux-gnu/bin/sea-runtime}

echo 'console.log("fine")' > "$T/app.js"
sea_inject --compile "$T/app.js" -o "$T/app.qbc"

# refused DESCRIPTION PATTERN INPUT COMMAND...: the command fails with a
# one-line message matching PATTERN, INPUT is unchanged and no output appears.
refused() {
	d=$1 pat=$2 input=$3
	shift 3
	rm -f "$T/out"
	sum=$(sha256sum < "$input")
	out=$("$@" 2>&1); rc=$?
	ok $((rc == 0)) "$d: refused (exit $rc)"
	like "$out" "$pat" "$d: says why"
	is "$(printf '%s\n' "$out" | wc -l)" 1 "$d: in one line"
	is "$(sha256sum < "$input")" "$sum" "$d: the input is untouched"
	ok $([ ! -e "$T/out" ] && ! ls "$T" | grep -q '\.tmp\.'; echo $?) "$d: no output file"
}

printf 'not an ELF at all\n' > "$T/text"
refused "non-ELF runtime" "not an ELF file" "$T/text" sea_inject "$T/text" "$T/app.js" -o "$T/out"
cp /bin/true "$T/true"
refused "an ELF without a payload note" "no payload note: not a muslforge SEA runtime" "$T/true" \
	sea_inject "$T/true" "$T/app.js" -o "$T/out"
if [ -x "$GLIBC_RT" ]; then
	refused "dynamic (glibc) runtime" "dynamically linked runtime" "$GLIBC_RT" \
		"$SEA_INJECT" "$GLIBC_RT" "$T/app.js" -o "$T/out"
else
	ok 1 "glibc runtime built ($GLIBC_RT)"
fi

while read -r name runner rt arch prefix; do
	[ -x "$rt" ] || { ok 1 "$name: runtime built ($rt)"; continue; }
	other=$([ "$arch" = x86_64 ] && echo aarch64 || echo x86_64)
	refused "$name: wrong-arch runtime (--arch $other)" "not an $other runtime" "$rt" \
		sea_inject --arch "$other" "$rt" "$T/app.js" -o "$T/out"
	refused "$name: bytecode from another QuickJS" "bytecode from QuickJS 2024-01-13" "$rt" \
		sea_inject --bytecode "$T/app.qbc" --bytecode-version 2024-01-13 "$rt" -o "$T/out"
	echo 'this is not ( javascript' > "$T/bad.js"
	refused "$name: a script that does not compile" "SyntaxError" "$rt" \
		sea_inject "$rt" "$T/bad.js" -o "$T/out"

	sea_inject --arch "$arch" "$rt" "$T/app.js" -o "$T/$name-app"
	off=$(payload_offset "$T/$name-app")
	# the runtime's own refusals: exit 65 and one line
	for what in "payload byte:$((off + 130)):sha256 mismatch" "header version byte:$((off + 33)):sha256 mismatch" \
		    "header magic:$((off + 2)):no payload note|bad magic" "note size:$((off - 20)):no payload note|truncated"; do
		desc=${what%%:*} rest=${what#*:}
		cp "$T/$name-app" "$T/$name-bad"
		flip_byte "$T/$name-bad" "${rest%%:*}"
		out=$(run_sea "$runner" "$T/$name-bad" 2>&1); rc=$?
		is "$rc" "$SEA_EXIT_PAYLOAD" "$name: a flipped $desc: the runtime refuses (exit 65)"
		like "$out" "payload rejected: .*(${rest#*:})" "$name: a flipped $desc: it says why"
		is "$(printf '%s\n' "$out" | wc -l)" 1 "$name: a flipped $desc: in one line"
	done
	sea_inject --force --bytecode "$T/app.qbc" --bytecode-version 2024-01-13 "$rt" -o "$T/$name-old" 2> /dev/null
	out=$(run_sea "$runner" "$T/$name-old" 2>&1); rc=$?
	is "$rc:$out" "65:$T/$name-old: payload rejected: compiled by QuickJS 2024-01-13, this runtime is QuickJS 2025-04-26" \
		"$name: a payload from another QuickJS version is refused by the runtime"
	size=$(stat -c %s "$T/$name-app")
	head -c $((size - 100)) "$T/$name-app" > "$T/$name-cut"
	refused "$name: a truncated binary (sea-inject --info)" "out of bounds|overlaps|follows|no payload note" "$T/$name-cut" \
		sea_inject --info "$T/$name-cut"
	head -c $((off + 64)) "$T/$name-app" > "$T/$name-cut2"
	refused "$name: a binary cut inside its payload (sea-inject)" "out of bounds|no payload note|follows" "$T/$name-cut2" \
		sea_inject "$T/$name-cut2" "$T/app.js" -o "$T/out"
done <<EOF2
$(sea_variants)
EOF2
done_testing
