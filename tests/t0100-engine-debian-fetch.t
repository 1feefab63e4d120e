#!/bin/bash
# With an empty cache and no mirror, a real recipe's source comes from the
# Debian archive this machine's apt is configured for, and is verified.
# The upstream URL is pointed at a closed loopback port, so the archive is
# reached the same way whether or not upstream is reachable from here.
. "$(dirname "$0")/lib.sh"
repos=$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null | sort -u)
[ -n "$repos" ] || skip_all "apt has no configured archive"
upstream=http://127.0.0.1:$(free_port)/musl-1.2.6.tar.gz
make --no-print-directory -C "$TOP" OUT="$T/out" CACHE_DIR="$T/cache" SOURCES= ARCH=x86_64 \
	musl_URLS="$upstream" fetch-musl > "$T/make.out" 2>&1
rc=$?
if [ $rc != 0 ] && ! curl -s --max-time 5 -o /dev/null "$(echo "$repos" | head -1)"; then
	skip_all "the Debian archive is unreachable"
fi
is "$rc" 0 "fetch-musl succeeds from an empty cache"
log=$(cat "$T/out/logs/sources/musl-"*.log)
like "$log" "trying $upstream" "the upstream URL was tried first"
like "$log" "trying .*/pool/main/m/musl/musl_[0-9.]+\.orig\.tar\.gz" "then the Debian archive's pool"
f=$(ls "$T/cache/sources/"musl_*.orig.tar.gz)
want=$(sed -n 's/^musl_SOURCES *:= *musl_[^:]*:\([0-9a-f]*\).*/\1/p' "$TOP/toolchain/musl.mk")
is "$(sha256sum < "$f" | cut -d' ' -f1)" "$want" "the file in the download cache has the pinned sha256"
is "$(cut -d' ' -f2 "$T/out/sources/"musl-*.src)" "$want" "the fetch result records the verified hash"
done_testing
