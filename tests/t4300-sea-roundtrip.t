#!/bin/bash
# Inject an application into the SEA runtime, run it, extract it and compare,
# then replace it with another: for each arch (aarch64 through qemu).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sea-lib.sh"
need_sea_inject

cat > "$T/app.js" <<'JS'
import * as std from "std";
import * as native from "native";
const p = native.platform();
console.log("app1", scriptArgs.slice(1).join(","), [1, 2, 3].map(x => x * x).join(" "), p.quickjs);
std.exit(7);
JS
cat > "$T/app2.js" <<'JS'
console.log("app2 is a script", typeof scriptArgs);
JS
sea_inject --compile "$T/app.js" -o "$T/app.qbc"
ok $? "sea-inject compiles the app to bytecode on its own"

while read -r name runner rt arch prefix; do
	ok $([ -x "$rt" ]; echo $?) "$name: runtime built ($rt)"
	[ -x "$rt" ] || continue
	like "$(run_sea "$runner" "$rt" --version)" "QuickJS 2025-04-26.*fuse intact" "$name: the empty runtime's fuse is intact"
	before=$(sha256sum < "$rt")
	sea_inject --arch "$arch" "$rt" "$T/app.js" -o "$T/$name-app"
	ok $? "$name: injected"
	is "$(sha256sum < "$rt")" "$before" "$name: the runtime itself is untouched"
	out=$(run_sea "$runner" "$T/$name-app" a b 2>&1); rc=$?
	is "$out" "app1 a,b 1 4 9 2025-04-26" "$name: the app runs, with its arguments and the native module"
	is "$rc" 7 "$name: its exit status is the app's"
	out=$(run_sea "$runner" "$T/$name-app" --version 2>&1)
	like "$out" "^app1 --version" "$name: runtime options go to the app once injected"
	info=$(sea_inject --info "$T/$name-app")
	like "$info" "name: app" "$name: --info names the app"
	like "$info" "quickjs: 2025-04-26" "$name: --info shows the QuickJS version"
	like "$info" "module: yes" "$name: --info says it is a module"
	sum=$(python3 -c 'import hashlib, sys
d = open(sys.argv[1], "rb").read(); i = d.rfind(b"MFSEAPL\0"); n = int.from_bytes(d[i + 24:i + 32], "little")
print(hashlib.sha256(d[i:i + 96] + d[i + 128:i + 128 + n]).hexdigest(), d[i + 96:i + 128].hex())' "$T/$name-app")
	is "${sum% *}" "${sum#* }" "$name: the header's sha256 is what Python's hashlib computes"
	like "$info" "sha256: ${sum% *}" "$name: and what --info shows"
	sea_inject --extract "$T/$name-app" -o "$T/$name-app.qbc"
	ok $? "$name: --extract"
	check "$name: the extracted payload is the compiled bytecode" cmp "$T/$name-app.qbc" "$T/app.qbc"

	mkdir -p "$T/elsewhere" && cp "$T/app.js" "$T/elsewhere/app.js"
	(cd "$T/elsewhere" && sea_inject --arch "$arch" "$rt" app.js -o "$T/$name-again")
	check "$name: injection is reproducible (same bytes from another directory)" cmp "$T/$name-app" "$T/$name-again"
	sea_inject --arch "$arch" "$T/$name-app" "$T/app2.js" -o "$T/$name-app2"
	ok $? "$name: re-injected into the injected binary"
	is "$(run_sea "$runner" "$T/$name-app2" 2>&1)" "app2 is a script object" "$name: the new payload replaced the old"
	ok $(grep -c app1 "$T/$name-app2" > /dev/null; [ $? = 1 ]; echo $?) "$name: nothing of the old payload is left"
	size_rt=$(stat -c %s "$rt") size2=$(stat -c %s "$T/$name-app2")
	ok $((size2 - size_rt > 8192)) "$name: re-injection does not grow the file ($size_rt -> $size2 bytes)"
	cp "$T/$name-app2" "$T/$name-self"
	sea_inject --arch "$arch" "$T/$name-self" "$T/app.js" -o "$T/$name-self"
	is "$(run_sea "$runner" "$T/$name-self" x 2>&1)" "app1 x 1 4 9 2025-04-26" "$name: injecting in place (output = input) works"
	ok $(ls "$T" | grep -c '\.tmp\.' > /dev/null; [ $? = 1 ]; echo $?) "$name: no temporary files are left"
done <<EOF2
$(sea_variants)
EOF2
done_testing
