#!/bin/bash
# Signed checksums: with SIGNING_KEY= (a throwaway minisign key here) make dist
# writes SHA256SUMS.minisig, which minisign verifies; a tampered tarball fails
# sha256sum -c, and a tampered SHA256SUMS fails the signature.
. "$(dirname "$0")/lib.sh"
command -v minisign > /dev/null || skip_all "minisign is not installed (apt-get install minisign)"
minisign -G -W -p "$T/test.pub" -s "$T/test.key" > /dev/null 2>&1
ok $? "a throwaway key pair"
make --no-print-directory -C "$TOP" dist SIGNING_KEY="$T/test.key" > "$T/make.out" 2>&1
is "$?" 0 "make dist SIGNING_KEY=... succeeds"
sig=$OUT/dist/SHA256SUMS.minisig
ok $([ -s "$sig" ]; echo $?) "SHA256SUMS.minisig is written"
minisign -Vm "$OUT/dist/SHA256SUMS" -p "$T/test.pub" > /dev/null 2>&1
is "$?" 0 "minisign verifies SHA256SUMS with the public key"

mkdir -p "$T/copy" && cp "$OUT"/dist/*.tar.gz "$OUT/dist/SHA256SUMS" "$sig" "$T/copy/"
victim=$(ls "$T"/copy/*.tar.gz | head -n 1)
printf 'x' | dd of="$victim" bs=1 seek=100 conv=notrunc status=none
(cd "$T/copy" && sha256sum -c --quiet SHA256SUMS) > "$T/c.out" 2>&1
is "$?" 1 "a tampered tarball fails sha256sum -c"
like "$(cat "$T/c.out")" "$(basename "$victim"): FAILED" "... naming it"
sed -i '1s/^./0/' "$T/copy/SHA256SUMS"
minisign -Vm "$T/copy/SHA256SUMS" -p "$T/test.pub" > /dev/null 2>&1
is "$?" 1 "a tampered SHA256SUMS fails the signature"
# Leave no signature by a throwaway key behind.
rm -f "$sig"
done_testing
