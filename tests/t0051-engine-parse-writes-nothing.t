#!/bin/bash
# A make that changes nothing writes nothing: the key texts and keys in
# out/keys and the CMake toolchain files are compared in make and written
# only when they differ, so a no-op make starts no hashing process. The
# musl recipes' keys were hashed and written again on every make (make 4.3
# kept their text's final newline when reading it back at parse time).
. "$(dirname "$0")/lib.sh"
mk() { make --no-print-directory -s -C "$TOP" OUT="$OUT" "$@"; }
mk keys > "$T/keys.1"
ok $? "make keys"
touch "$T/stamp"
mk keys > "$T/keys.2"
is "$(cat "$T/keys.2")" "$(cat "$T/keys.1")" "a second parse gives the same keys"
is "$(find "$OUT/keys" "$OUT/cmake" -type f -newer "$T/stamp" | sort | tr '\n' ' ')" "" \
	"... and writes no key text, key or CMake toolchain file"
ok $(grep -q '^x86_64-linux-musl musl [0-9a-f]\{16\}$' "$T/keys.2"; echo $?) "the musl recipe's key is among them"
make --no-print-directory -C "$TOP" OUT="$T/fresh-out" help > "$T/help.out" 2>&1
like "$(cat "$T/help.out")" "^make help +this list" "make help prints its list"
ok "$([ ! -e "$T/fresh-out" ]; echo $?)" "and writes nothing: a fresh clone's make help leaves no out/"
done_testing
