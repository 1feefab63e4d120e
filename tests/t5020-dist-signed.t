#!/bin/bash
# Signed checksums: with SIGNING_KEY= (a throwaway minisign key here) make dist
# writes SHA256SUMS.minisig, which minisign verifies; a tampered tarball fails
# sha256sum -c, and a tampered SHA256SUMS fails the signature.
. "$(dirname "$0")/lib.sh"
command -v minisign > /dev/null || skip_all "minisign is not installed (apt-get install minisign)"
minisign -G -W -p "$T/test.pub" -s "$T/test.key" > /dev/null 2>&1
ok $? "a throwaway key pair"
# A copy of the release (times kept, so make finds it up to date and only
# signs): the real out/dist is never signed with a throwaway key.
cp -a "$OUT/dist" "$T/dist"
make --no-print-directory -C "$TOP" dist DIST="$T/dist" SIGNING_KEY="$T/test.key" > "$T/make.out" 2>&1
is "$?" 0 "make dist SIGNING_KEY=... succeeds"
sig=$T/dist/SHA256SUMS.minisig
ok $([ -s "$sig" ]; echo $?) "SHA256SUMS.minisig is written"
minisign -Vm "$T/dist/SHA256SUMS" -p "$T/test.pub" > /dev/null 2>&1
is "$?" 0 "minisign verifies SHA256SUMS with the public key"

mkdir -p "$T/copy" && cp "$T"/dist/*.tar.gz "$T/dist/SHA256SUMS" "$sig" "$T/copy/"
victim=$(ls "$T"/copy/*.tar.gz | head -n 1)
printf 'x' | dd of="$victim" bs=1 seek=100 conv=notrunc status=none
(cd "$T/copy" && sha256sum -c --quiet SHA256SUMS) > "$T/c.out" 2>&1
is "$?" 1 "a tampered tarball fails sha256sum -c"
like "$(cat "$T/c.out")" "$(basename "$victim"): FAILED" "... naming it"
sed -i '1s/^./0/' "$T/copy/SHA256SUMS"
minisign -Vm "$T/copy/SHA256SUMS" -p "$T/test.pub" > /dev/null 2>&1
is "$?" 1 "a tampered SHA256SUMS fails the signature"
ok "$([ ! -e "$OUT/dist/SHA256SUMS.minisig" ] || [ "$OUT/dist/SHA256SUMS.minisig" -ot "$T/dist" ]; echo $?)" "the real out/dist was not signed"
done_testing
