#!/bin/bash
# docs/external.md, run as a new user would: every ```sh block of the page,
# in order, unchanged, in an empty directory beside a fresh clone of this
# repository (muslforge/). Then what the page promises: the program built for
# both musl arches and against glibc, the checkout left as it was, the
# release directory with a tarball per arch named with the recipe's version,
# SHA256SUMS and its signature, each program running and reporting the
# mbedTLS it linked, the SBOM listing what the link took. The binary cache is
# a hard-linked copy of the shared one: the toolchains come from it, and
# nothing new is written into the shared one.
. "$(dirname "$0")/lib.sh"
PAGE=$TOP/docs/external.md
command -v minisign > /dev/null || skip_all "minisign not installed (make test-deps)"
git -C "$TOP" rev-parse --git-dir > /dev/null 2>&1 || skip_all "$TOP is not a git checkout (the page starts from a clone)"
private_cache x86_64-linux-musl aarch64-linux-musl x86_64-linux-gnu
mbedtls_version=$(sed -n 's/^mbedtls_VERSION *:= *//p' "$TOP/recipes/mbedtls.mk")

# The page's sh blocks, each announcing itself, stopping at its first failure.
awk -v q='```' '
	$0 == q "sh" { n++; inside = 1; printf "echo \"### block %d (line %d)\"\n", n, NR; next }
	inside && $0 == q { inside = 0; next }
	inside { print }
' "$PAGE" > "$T/walkthrough.sh"
blocks=$(grep -c '^echo "### block' "$T/walkthrough.sh")
ok "$([ "$blocks" -ge 6 ]; echo $?)" "the page has its sh blocks ($blocks)"

mkdir -p "$T/work"
git clone -q "$TOP" "$T/work/muslforge" || { echo "Bail out! cannot clone $TOP"; exit 1; }
# As a user's shell: none of make test's variables; the copied cache.
(cd "$T/work" && env -u OUT -u TOP -u TEST_TRIPLES -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SKIP_LOG -u PLAN_LOG \
	CACHE_DIR="$T/cache" bash -e "$T/walkthrough.sh") > "$T/walkthrough.out" 2>&1
rc=$?
is "$rc" 0 "every command of the page succeeds, in order"
[ "$rc" = 0 ] || diag "$(grep '^### block' "$T/walkthrough.out" | tail -n 1)" "$(tail -n 25 "$T/walkthrough.out")"
is "$(grep -c '^### block' "$T/walkthrough.out")" "$blocks" "all $blocks blocks ran"

w=$T/work
o=$w/muslforge/out
is "$("$o/sysroot/x86_64-linux-musl/usr/bin/hello" 2>&1)" "hello, linked with mbedTLS $mbedtls_version" \
	"section 2: the x86_64 musl build runs"
is "$(qemu-aarch64 "$o/sysroot/aarch64-linux-musl/usr/bin/hello" 2>&1)" "hello, linked with mbedTLS $mbedtls_version" \
	"section 2: the aarch64 musl build runs (qemu)"
is "$("$o/sysroot/x86_64-linux-gnu/usr/bin/hello" 2>&1)" "hello, linked with mbedTLS $mbedtls_version" \
	"section 2: the glibc build runs"
like "$(file -L "$o/sysroot/x86_64-linux-gnu/usr/bin/hello")" "dynamically linked" "section 2: and is a glibc (dynamic) program"
is "$(cd "$w/hello-1.0" && ls -A | tr '\n' ' ')" "COPYING Makefile hello.c " \
	"section 3: building from the checkout wrote nothing into it"
like "$(cat "$T/walkthrough.out")" "BUILD +hello-1\.0 \[aarch64-linux-musl\]" "the build shows a one-line step per recipe and arch"

rel=$w/release
is "$(cd "$rel" 2> /dev/null && ls | tr '\n' ' ')" \
	"SHA256SUMS SHA256SUMS.minisig hello-1.0-aarch64-unknown-linux-musl.tar.gz hello-1.0-aarch64-unknown-linux-musl.tar.gz.sha256 hello-1.0-x86_64-unknown-linux-musl.tar.gz hello-1.0-x86_64-unknown-linux-musl.tar.gz.sha256 " \
	"section 6: release/ holds a tarball per arch, named with the recipe's version, and the sums"
check "section 6: the signature verifies" minisign -Vm "$rel/SHA256SUMS" -p "$w/my.pub"
for a in x86_64 aarch64; do
	base=hello-1.0-$a-unknown-linux-musl
	rm -rf "$T/x" && mkdir -p "$T/x" && tar -xzf "$rel/$base.tar.gz" -C "$T/x" 2> /dev/null
	run=
	[ $a = aarch64 ] && run=qemu-aarch64
	is "$($run "$T/x/$base/bin/hello" 2>&1)" "hello, linked with mbedTLS $mbedtls_version" "$a: the released program runs"
	is "$(python3 -c 'import json,sys; print(" ".join(sorted(c["name"] for c in json.load(open(sys.argv[1]))["components"])))' \
		"$T/x/$base/sbom.cdx.json" 2>&1)" "gcc mbedtls musl" "$a: its SBOM lists what the link took, as the page says"
	is "$(ls "$T/x/$base/LICENSES" | tr '\n' ' ')" "gcc hello mbedtls musl " "$a: LICENSES/ has those and the program's own"
done
done_testing
