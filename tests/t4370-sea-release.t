#!/bin/bash
# What `make sea` and `make sea-glibc` ship: the empty runtime and doctor per
# musl triple, fully static static-pie, audited (the report kept beside
# them), doctor's payload the bundled doctor.js compiled by sea-inject; the
# glibc builds dynamic against glibc, with their payload checked the same way.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
. "$TOP/tests/sea-lib.sh"
need_sea_inject

sea_inject --compile "$TOP/apps/sea/doctor.js" -o "$T/doctor.qbc"
for t in $TEST_TRIPLES; do
	for b in sea-runtime doctor; do
		d=$OUT/dist/$t/bin/$b
		ok $([ -x "$d" ]; echo $?) "$t: $b shipped to out/dist"
		[ -x "$d" ] || continue
		like "$(cat "$d.audit" 2>&1)" "result +PASS" "$t: $b's audit report is kept beside it"
		ok $(no_interp_no_needed "$d"; echo $?) "$t: $b is fully static (readelf)"
		ok $(is_static_pie "$d"; echo $?) "$t: $b is static-pie"
		is "$(machine_of "$d")" "$(readelf_machine "$t")" "$t: $b is built for its arch"
	done
	d=$OUT/dist/$t/bin/doctor
	[ -x "$d" ] || continue
	sea_inject --extract "$d" -o "$T/$t.qbc"
	check "$t: doctor's payload is doctor.js compiled by this sea-inject" cmp "$T/$t.qbc" "$T/doctor.qbc"
	like "$(run_target "$t" "$OUT/dist/$t/bin/sea-runtime" --version)" "QuickJS 2025-04-26, payload format 1, musl 1\.2\.6, fuse intact" \
		"$t: the runtime reports QuickJS, the payload format and musl"
	d=$OUT/dist/$t/bin/doctor   # (check above reuses d)
	out=$(unset SSL_CERT_DIR; export SSL_CERT_FILE=/nonexistent; run_target "$t" "$d" 2>&1)
	like "$out" '"libc": "musl 1\.2\.6"' "$t: doctor runs and reports musl"
done

for t in x86_64-linux-gnu; do
	d=$OUT/dist/$t/bin/doctor
	ok $([ -x "$d" ] && [ -x "$OUT/dist/$t/bin/sea-runtime" ]; echo $?) "$t: glibc runtime and doctor shipped"
	[ -x "$d" ] || continue
	like "$(cat "$d.audit" 2>&1)" "result +PASS" "$t: doctor passed the glibc-floor audit"
	like "$(readelf -lW "$d")" "INTERP" "$t: the glibc doctor is dynamic, as a glibc release is"
	like "$("$d" 2>&1)" '"libc": "glibc ' "$t: it runs and reports glibc"
done
done_testing
