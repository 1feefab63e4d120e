# Helpers for the elfcheck tests (tests/t3*.t). Source after lib.sh.
# Fixtures are compiled into $T by each test; no binary is committed.

MUSL_LIB=/usr/lib/x86_64-linux-musl
NICE="nice -n 19"

# build_elfcheck [TARGET...]: builds into $OUT/host, bails out on failure.
# The lock keeps tests run in parallel (prove -j) from racing on one build.
build_elfcheck() {
	mkdir -p "$OUT/host"
	lock=
	command -v flock > /dev/null 2>&1 && lock="flock $OUT/host/.elfcheck-build.lock"
	if ! $lock $NICE make -s -C "$TOP/tools/elfcheck" O="$OUT/host" "$@" \
			> "$T/.build.log" 2>&1; then
		diag "$(tail -n 30 "$T/.build.log")"
		echo "Bail out! cannot build elfcheck ${*:-all}"
		exit 1
	fi
}

need_tool() { # need_tool NAME [WHY]
	command -v "$1" > /dev/null 2>&1 || skip_all "$1 not installed${2:+: $2}"
}

# run_ec ARGS...: runs $ELFCHECK (or $EC_BIN), stdout in $T/out, stderr in
# $T/err, exit status in $rc.
run_ec() {
	"${EC_BIN:-$ELFCHECK}" "$@" > "$T/out" 2> "$T/err"
	rc=$?
}

write_sources() {
	cat > "$T/hello.c" <<-'EOF'
	#include <stdio.h>
	int main(void) { puts("hello"); return 0; }
	EOF
	cat > "$T/thread.c" <<-'EOF'
	#include <pthread.h>
	static void *run(void *arg) { return arg; }
	int main(void)
	{
		pthread_t t;
		void *r;
		if (pthread_create(&t, 0, run, 0)) return 1;
		return pthread_join(t, &r);
	}
	EOF
	cat > "$T/hello.cc" <<-'EOF'
	#include <iostream>
	#include <string>
	int main() { std::string s("hello"); std::cout << s << std::endl; }
	EOF
	# Non-PIC code: an absolute address in .text forces a text relocation.
	cat > "$T/textrel.s" <<-'EOF'
	.text
	.globl f
	f:	movabsq $data, %rax
		ret
	.data
	data:	.quad 0
	.section .note.GNU-stack,"",@progbits
	EOF
	cat > "$T/textrel-main.c" <<-'EOF'
	long f(void);
	int main(void) { return f() == 0; }
	EOF
	# clock_gettime moved into libc at GLIBC_2.17; __printf_chk is 2.3.4.
	cat > "$T/v217.c" <<-'EOF'
	#include <time.h>
	int now(struct timespec *ts) { return clock_gettime(CLOCK_MONOTONIC, ts); }
	EOF
	cat > "$T/v234.c" <<-'EOF'
	#include <stdio.h>
	void say(const char *s, int n) { printf("%s %d\n", s, n); }
	EOF
}

# Debian's musl-gcc specs do not handle -static-pie (the result has an
# interpreter and DT_NEEDED libc.so), so link with rcrt1.o by hand.
musl_static_pie() { # OUT LDFLAGS-AND-SOURCES...
	out=$1; shift
	$NICE musl-gcc -fPIE -static-pie -nostartfiles \
		-Wl,-static,-pie,--no-dynamic-linker -o "$out" \
		"$MUSL_LIB/rcrt1.o" "$MUSL_LIB/crti.o" \
		"$(gcc -print-file-name=crtbeginS.o)" "$@" \
		"$(gcc -print-file-name=crtendS.o)" "$MUSL_LIB/crtn.o"
}

# fixture NAME: builds $T/NAME once; returns non-zero if it cannot.
fixture() {
	[ -e "$T/$1" ] && return 0
	[ -e "$T/hello.c" ] || write_sources
	case $1 in
	glibc-dyn) $NICE cc -O1 -o "$T/$1" "$T/hello.c" ;;
	glibc-static) $NICE cc -O1 -static -o "$T/$1" "$T/hello.c" ;;
	glibc-static-pie) $NICE cc -O1 -static-pie -o "$T/$1" "$T/hello.c" ;;
	glibc-thread) $NICE cc -O1 -pthread -o "$T/$1" "$T/thread.c" ;;
	musl-static) $NICE musl-gcc -O1 -static -o "$T/$1" "$T/hello.c" ;;
	musl-static-pie) musl_static_pie "$T/$1" "$T/hello.c" ;;
	musl-textrel-pie)
		musl_static_pie "$T/$1" -Wl,-z,notext "$T/textrel-main.c" \
			"$T/textrel.s" ;;
	textrel.so) $NICE cc -shared -Wl,-z,notext -o "$T/$1" "$T/textrel.s" ;;
	cxx) $NICE g++ -O1 -o "$T/$1" "$T/hello.cc" ;;
	v217.so) $NICE cc -O1 -shared -fPIC -o "$T/$1" "$T/v217.c" ;;
	v234.so)
		$NICE cc -O2 -D_FORTIFY_SOURCE=2 -shared -fPIC -o "$T/$1" \
			"$T/v234.c" ;;
	*) echo "unknown fixture $1" >&2; return 1 ;;
	esac > "$T/.fixture.log" 2>&1 || { diag "fixture $1:" "$(cat "$T/.fixture.log")"; return 1; }
}

# elfpatch FILE OP ARGS: edits a copy of a real binary in place.
#   set-ehdr FIELD VALUE      e_phoff, e_shoff, e_phnum, e_shnum, ...
#   set-byte OFFSET VALUE
#   set-phdr PTYPE FIELD VALUE   first program header of type PTYPE
#   set-dyn TAG VALUE         first dynamic entry with tag TAG
#   clear-dyn-bits TAG MASK
elfpatch() {
	python3 - "$@" <<-'EOF'
	import struct, sys
	path, op, args = sys.argv[1], sys.argv[2], sys.argv[3:]
	b = bytearray(open(path, 'rb').read())
	EH = {'e_type': (16, 'H'), 'e_machine': (18, 'H'), 'e_phoff': (32, 'Q'),
	      'e_shoff': (40, 'Q'), 'e_phentsize': (54, 'H'), 'e_phnum': (56, 'H'),
	      'e_shentsize': (58, 'H'), 'e_shnum': (60, 'H'), 'e_shstrndx': (62, 'H')}
	PH = {'p_type': (0, 'I'), 'p_flags': (4, 'I'), 'p_offset': (8, 'Q'),
	      'p_vaddr': (16, 'Q'), 'p_filesz': (32, 'Q')}
	def num(s): return int(s, 0)
	def phdrs():
	    phoff, = struct.unpack_from('<Q', b, 32)
	    phnum, = struct.unpack_from('<H', b, 56)
	    return [phoff + 56 * i for i in range(phnum)]
	def phdr(ptype):
	    for o in phdrs():
	        if struct.unpack_from('<I', b, o)[0] == ptype:
	            return o
	    sys.exit('no program header of type %#x' % ptype)
	def dyn(tag):
	    o = phdr(2)
	    off, size = struct.unpack_from('<Q', b, o + 8)[0], struct.unpack_from('<Q', b, o + 32)[0]
	    for e in range(off, off + size, 16):
	        if struct.unpack_from('<q', b, e)[0] == tag:
	            return e
	    sys.exit('no dynamic tag %d' % tag)
	if op == 'set-ehdr':
	    o, f = EH[args[0]]
	    struct.pack_into('<' + f, b, o, num(args[1]))
	elif op == 'set-byte':
	    b[num(args[0])] = num(args[1])
	elif op == 'set-phdr':
	    o = phdr(num(args[0]))
	    po, f = PH[args[1]]
	    struct.pack_into('<' + f, b, o + po, num(args[2]))
	elif op == 'set-dyn':
	    struct.pack_into('<Q', b, dyn(num(args[0])) + 8, num(args[1]))
	elif op == 'clear-dyn-bits':
	    e = dyn(num(args[0]))
	    v, = struct.unpack_from('<Q', b, e + 8)
	    struct.pack_into('<Q', b, e + 8, v & ~num(args[1]))
	else:
	    sys.exit('bad op ' + op)
	open(path, 'wb').write(b)
	EOF
}

# make_malformed DIR: one file per kind of damage; prints their names.
# Every one of them must give exit 3 and a one-line message.
make_malformed() {
	d=$1
	mkdir -p "$d"
	fixture glibc-dyn || return 1
	src=$T/glibc-dyn
	size=$(stat -c %s "$src")
	: > "$d/empty"
	printf '\177EL' > "$d/three-bytes"
	printf 'hello, this is not an ELF file\n' > "$d/text"
	# A 52-byte ELF32 header, the kind a 32-bit toolchain writes.
	python3 -c 'import struct,sys; sys.stdout.buffer.write(b"\x7fELF\x01\x01\x01" + bytes(9) + struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, 0x8048000, 52, 0, 0, 52, 32, 0, 40, 0, 0))' > "$d/elf32"
	cp "$src" "$d/big-endian" && elfpatch "$d/big-endian" set-byte 5 2
	head -c 64 "$src" > "$d/header-only"
	head -c $((size / 2)) "$src" > "$d/truncated-half"
	cp "$src" "$d/phoff-past-eof" && elfpatch "$d/phoff-past-eof" set-ehdr e_phoff $((size + 100))
	head -c 4096 "$src" > "$d/phnum-65535" && elfpatch "$d/phnum-65535" set-ehdr e_phnum 65535
	head -c 4096 "$src" > "$d/phnum-65534" && elfpatch "$d/phnum-65534" set-ehdr e_phnum 65534
	cp "$src" "$d/phentsize-wrong" && elfpatch "$d/phentsize-wrong" set-ehdr e_phentsize 32
	cp "$src" "$d/shentsize-wrong" && elfpatch "$d/shentsize-wrong" set-ehdr e_shentsize 40
	cp "$src" "$d/shoff-past-eof" && elfpatch "$d/shoff-past-eof" set-ehdr e_shoff $((size - 10))
	cp "$src" "$d/shstrndx-range" && elfpatch "$d/shstrndx-range" set-ehdr e_shstrndx 999
	# The loader reads PT_DYNAMIC at p_vaddr; p_offset plays no part.
	cp "$src" "$d/dynamic-unmapped" && elfpatch "$d/dynamic-unmapped" set-phdr 2 p_vaddr 0x7ffffff000
	cp "$src" "$d/interp-past-eof" && elfpatch "$d/interp-past-eof" set-phdr 3 p_filesz 0x7fffffffffff
	cp "$src" "$d/strtab-unmapped" && elfpatch "$d/strtab-unmapped" set-dyn 5 0x7ffffff000
	cp "$src" "$d/strsz-huge" && elfpatch "$d/strsz-huge" set-dyn 10 0x10000000000
	cp "$src" "$d/needed-past-strtab" && elfpatch "$d/needed-past-strtab" set-dyn 1 0xffffff
	cp "$src" "$d/verneed-unmapped" && elfpatch "$d/verneed-unmapped" set-dyn 0x6ffffffe 0x7ffffff000
	mkdir -p "$d/a-directory"
	mkfifo "$d/a-fifo"
	ls "$d"
	echo does-not-exist
}

# kernel_verdict FILE [ENV=VALUE...]: runs FILE with no arguments (the host
# kernel and, for a dynamic file, the host loader decide) and prints one
# word: ENOEXEC (or another errno name) when execve refuses it, "exit N"
# or "signal N" otherwise. stderr of the run goes to $T/run.err.
kernel_verdict() {
	RUN_ERR=$T/run.err python3 - "$@" <<-'EOF'
	import errno, os, subprocess, sys
	f, env = sys.argv[1], dict(os.environ)
	for kv in sys.argv[2:]:
	    k, v = kv.split('=', 1)
	    env[k] = v
	try:
	    p = subprocess.run([f], env=env, stdin=subprocess.DEVNULL,
	                       stdout=subprocess.DEVNULL, stderr=open(os.environ['RUN_ERR'], 'wb'),
	                       timeout=20)
	except OSError as e:
	    print(errno.errorcode.get(e.errno, 'errno %d' % e.errno))
	    sys.exit(0)
	print('signal %d' % -p.returncode if p.returncode < 0 else 'exit %d' % p.returncode)
	EOF
}

# write_elfpy: $T/elfpy.py, the ELF64 reader the test generators share.
# It reads what the loader reads: PT_DYNAMIC at p_vaddr through PT_LOAD.
write_elfpy() {
	cat > "$T/elfpy.py" <<-'EOF'
	import struct
	class Elf:
	    def __init__(self, path):
	        self.b = bytearray(open(path, 'rb').read())
	    def u(self, fmt, off):
	        return struct.unpack_from('<' + fmt, self.b, off)[0]
	    def put(self, fmt, off, v):
	        struct.pack_into('<' + fmt, self.b, off, v)
	    def save(self, path):
	        open(path, 'wb').write(self.b)
	    def phdrs(self):
	        phoff, n = self.u('Q', 32), self.u('H', 56)
	        return [phoff + 56 * i for i in range(n)]
	    def phdr(self, ptype):
	        return [o for o in self.phdrs() if self.u('I', o) == ptype][0]
	    def v2o(self, a):
	        for o in self.phdrs():
	            va, fs = self.u('Q', o + 16), self.u('Q', o + 32)
	            if self.u('I', o) == 1 and va <= a < va + fs:
	                return self.u('Q', o + 8) + a - va
	        raise KeyError(hex(a))
	    def dyn(self):
	        # [(offset of the entry, tag, value)] up to DT_NULL
	        o, out = self.v2o(self.u('Q', self.phdr(2) + 16)), []
	        while self.u('q', o):
	            out.append((o, self.u('q', o), self.u('Q', o + 8)))
	            o += 16
	        return out
	    def dval(self, tag):
	        return [v for _, t, v in self.dyn() if t == tag][0]
	    def dentry(self, tag):
	        return [o for o, t, _ in self.dyn() if t == tag][0]
	    def stroff(self, idx):
	        return self.v2o(self.dval(5)) + idx
	    def str(self, idx):
	        o = self.stroff(idx)
	        return bytes(self.b[o:self.b.index(0, o)]).decode()
	    def verneed(self):
	        # [(offset of Verneed, file, [(offset of Vernaux, name)])], the
	        # chains followed as the loader does
	        o, out = self.v2o(self.dval(0x6ffffffe)), []
	        while True:
	            aux, a = [], o + self.u('I', o + 8)
	            while True:
	                aux.append((a, self.str(self.u('I', a + 8))))
	                if not self.u('I', a + 12):
	                    break
	                a += self.u('I', a + 12)
	            out.append((o, self.str(self.u('I', o + 4)), aux))
	            if not self.u('I', o + 12):
	                return out
	            o += self.u('I', o + 12)
	EOF
}
