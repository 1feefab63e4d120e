# Helpers for the toolchain tests: which triples to test and how to run
# their binaries (aarch64 through qemu-aarch64, called explicitly: no binfmt).
TEST_TRIPLES=${TEST_TRIPLES:-x86_64-linux-musl aarch64-linux-musl}

run_target() { # triple binary args...
	t=$1; shift
	case $t in
	aarch64-*) qemu-aarch64 "$@" ;;
	*) "$@" ;;
	esac
}

# A static binary has no PT_INTERP and no DT_NEEDED: read with the host's readelf.
no_interp_no_needed() {
	[ -f "$1" ] || return 1
	phdrs=$(readelf -lW "$1" 2>&1) && dyn=$(readelf -dW "$1" 2>&1) || return 1
	! printf '%s\n' "$phdrs" | grep -q 'INTERP' && ! printf '%s\n' "$dyn" | grep -q '(NEEDED)'
}

# static-pie: ELF type DYN, and the dynamic section marks it PIE.
is_static_pie() {
	readelf -hW "$1" | grep -q 'Type: *DYN' && readelf -dW "$1" | grep -q 'Flags:.*PIE'
}

# The machine readelf reports for a triple's objects and binaries.
readelf_machine() {
	case $1 in
	x86_64-*) echo "Advanced Micro Devices X86-64" ;;
	aarch64-*) echo "AArch64" ;;
	esac
}

# The distinct machine types of an ELF file or archive.
machine_of() { readelf -hW "$1" | sed -n 's/ *Machine: *//p' | sort -u; }
