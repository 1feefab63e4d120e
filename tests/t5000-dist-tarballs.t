#!/bin/bash
# make dist: one tarball per artifact and musl target, named
# <name>-<version>-<arch>-unknown-linux-musl.tar.gz, with a .sha256 beside it
# and one SHA256SUMS; inside, the stripped binary (audited again), the license
# texts of every component, a CycloneDX 1.5 SBOM that validates against the
# official schema and agrees with the recipes, the audit report and a README.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/toolchain-lib.sh"
DIST=$OUT/dist
SCHEMA=$OUT/host/cyclonedx-schema
ELFCHECK=$OUT/host/bin/elfcheck
version=$(git -C "$TOP" describe --tags --always --dirty)
sde=$(git -C "$TOP" log -1 --format=%ct)

pin() { sed -n "s/^$1_$2 *:= *//p" "$TOP"/recipes/$1.mk "$TOP"/toolchain/$1.mk 2>/dev/null; }

(cd "$DIST" && sha256sum -c --quiet SHA256SUMS) > "$T/sums.out" 2>&1
is "$?" 0 "sha256sum -c SHA256SUMS passes"

for art in gateway elfcheck sea-runtime doctor; do
	for t in $TEST_TRIPLES; do
		base=$art-$version-${t%%-*}-unknown-linux-musl
		tgz=$DIST/$base.tar.gz
		ok $([ -f "$tgz" ]; echo $?) "$base.tar.gz exists"
		[ -f "$tgz" ] || continue
		is "$(cut -d' ' -f1 "$tgz.sha256")" "$(sha256sum "$tgz" | cut -d' ' -f1)" "$base: its .sha256 matches"
		grep -q " $base.tar.gz\$" "$DIST/SHA256SUMS"; ok $? "$base: listed in SHA256SUMS"
		d=$T/$base && mkdir -p "$d" && tar -xzf "$tgz" -C "$d"
		b=$d/$base/bin/$art
		"$ELFCHECK" --static --arch "${t%%-*}" "$b" > /dev/null; is "$?" 0 "$base: the binary inside is static and for ${t%%-*}"
		is "$(readelf -S "$b" | grep -c '\.symtab')" 0 "$base: ... and stripped"
		like "$(cat "$d/$base/$art.elfcheck.txt")" "result +PASS" "$base: its audit report is inside"
		ok $([ -s "$d/$base/README" ]; echo $?) "$base: a README is inside"
		case $base in *x86_64*) floor='Linux 3.2 or newer' ;; *) floor='Linux 3.7 or newer' ;; esac
		like "$(cat "$d/$base/README" 2> /dev/null)" "$floor" "$base: its README states the kernel floor ($floor)"
		"$TOP/tests/sbom-validate.py" "$SCHEMA" "$d/$base/sbom.cdx.json" > "$T/validate.out" 2>&1
		rc=$?; is "$rc" 0 "$base: sbom.cdx.json validates against the CycloneDX 1.5 schema"
		[ "$rc" = 0 ] || diag "$(head -5 "$T/validate.out")"
		# Every component: version, license and source hash as the recipe pins them, its license texts present.
		bad=
		while IFS=$'\t' read -r name ver lic sha; do
			[ "$ver" = "$(pin "$name" VERSION)" ] || bad="$bad $name:version"
			[ "$lic" = "$(pin "$name" LICENSE)" ] || bad="$bad $name:license"
			pin "$name" SOURCES | grep -q ":$sha" || bad="$bad $name:source-sha256"
			for f in $(pin "$name" LICENSE_FILES); do
				[ -s "$d/$base/LICENSES/$name/$f" ] || bad="$bad $name:$f"
			done
		done < <(python3 -c 'import json,sys
b=json.load(open(sys.argv[1]))
for c in b["components"]:
    print(c["name"], c["version"], c["licenses"][0]["expression"], c["externalReferences"][0]["hashes"][0]["content"], sep="\t")' "$d/$base/sbom.cdx.json")
		is "${bad:-none}" none "$base: every SBOM component matches its recipe and has its license texts"
		own=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["metadata"]["component"]["licenses"][0]["expression"])' "$d/$base/sbom.cdx.json" 2>&1)
		is "$own" MIT "$base: the SBOM gives the artifact's own license (the project's LICENSE)"
		cmp -s "$d/$base/LICENSES/$art/LICENSE" "$TOP/LICENSE"; ok $? "$base: ... and its text is in LICENSES/$art/"
		comps=$(python3 -c 'import json,sys; print(" ".join(sorted(c["name"] for c in json.load(open(sys.argv[1]))["components"])))' "$d/$base/sbom.cdx.json")
		case $art in
		gateway) is "$comps" "c-ares cjson gcc libyaml mbedtls mimalloc musl z3" "$base: the SBOM lists what is linked in" ;;
		elfcheck) is "$comps" "gcc mimalloc musl" "$base: the SBOM lists what is linked in (mimalloc's object too)" ;;
		sea-runtime|doctor) is "$comps" "c-ares gcc mbedtls mimalloc musl quickjs" "$base: the SBOM lists what is linked in" ;;
		esac
		# Deterministic archive: owner 0, every mtime the last commit's, names sorted, no gzip name or time.
		meta=$(tar --numeric-owner -tvzf "$tgz" | awk '{print $2}' | sort -u | tr '\n' ' ')
		is "$meta" "0/0 " "$base: every entry is owned by 0/0"
		mt=$(python3 -c 'import tarfile,sys; print(sorted({m.mtime for m in tarfile.open(sys.argv[1])}))' "$tgz")
		is "$mt" "[$sde]" "$base: every mtime is the last commit's"
		names=$(tar -tzf "$tgz"); is "$names" "$(printf '%s\n' "$names" | LC_ALL=C sort)" "$base: names are sorted"
		is "$(od -An -tx1 -j4 -N4 "$tgz" | tr -d ' \n')" 00000000 "$base: gzip header carries no time (gzip -n)"
	done
done
done_testing
