#!/bin/bash
# --static fails what execve refuses with ENOEXEC before mapping anything:
# no program headers, or e_phnum = PN_XNUM (the kernel never reads the
# extended count from section header 0, set or not). Each file is run
# and the kernel's verdict compared with elfcheck's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/elfcheck-lib.sh"

need_tool musl-gcc "apt-get install musl-tools"
need_tool python3
[ "$(uname -m)" = x86_64 ] || skip_all 'runs x86_64 binaries'
build_elfcheck
fixture musl-static || { echo 'Bail out! cannot build fixture musl-static'; exit 1; }

# make NAME E_PHNUM SH0_INFO: a copy of the static binary
make_case() {
	python3 - "$T/musl-static" "$T/$1" "$2" "$3" <<-'EOP'
	import struct, sys
	src, dst, phnum, info = sys.argv[1], sys.argv[2], int(sys.argv[3], 0), sys.argv[4]
	b = bytearray(open(src, 'rb').read())
	real, = struct.unpack_from('<H', b, 56)
	shoff, = struct.unpack_from('<Q', b, 40)
	assert shoff
	struct.pack_into('<H', b, 56, phnum)
	struct.pack_into('<I', b, shoff + 44, real if info == 'real' else int(info, 0))
	open(dst, 'wb').write(b)
	EOP
	chmod +x "$T/$1"
}

is "$(kernel_verdict "$T/musl-static")" 'exit 0' 'fixture: the static binary runs'
run_ec --static "$T/musl-static"
is "$rc" 0 'fixture: and passes --static'

make_case no-phdrs 0 0
make_case xnum-unset 0xffff 0
make_case xnum-set 0xffff real
for f in no-phdrs xnum-unset xnum-set; do
	is "$(kernel_verdict "$T/$f")" ENOEXEC "$f: execve refuses it with ENOEXEC"
	run_ec --static "$T/$f"
	is "$rc" 1 "$f: --static fails it"
	like "$(cat "$T/out")" 'static +FAIL:.*execve refuses it \(ENOEXEC\)' "$f: and says execve refuses it"
done
like "$(cat "$T/out")" 'PN_XNUM' 'the reason names PN_XNUM'

done_testing
