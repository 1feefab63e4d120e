# What everything built for a target shares: hardened, reproducible flags
# and the malloc. The CMake toolchain files and command templates are in
# mk/cmake.mk, `make env` for other build systems in mk/env.mk.

# static-pie artifacts: position-independent code everywhere.
TARGET_CFLAGS  := -O2 -fPIE -fstack-protector-strong -fstack-clash-protection \
	-ffunction-sections -fdata-sections
# musl takes the default thread stack size from PT_GNU_STACK (up to 8 MiB);
# its own default, 128 KiB, is too small for Z3's recursion.
THREAD_STACK   := 8388608
TARGET_LDFLAGS := -static-pie -Wl,--gc-sections -Wl,-z,relro,-z,now \
	-Wl,-z,stack-size=$(THREAD_STACK)
# Shipped programs (mk/program.mk) also pack their relative relocations
# (DT_RELR, which musl's static-pie start-up reads since 1.2.4): a static-pie
# program relocates itself before main, and the gateway's table shrinks from
# 489 KB of RELA to 3 KB of RELR (docs/performance.md). Not in TARGET_LDFLAGS,
# so no library is re-keyed; not for glibc builds, where the loader would
# need glibc 2.36 (GLIBC_ABI_DT_RELR) and raise their floor.
PROGRAM_LDFLAGS := $(TARGET_LDFLAGS) -Wl,-z,pack-relative-relocs
# glibc builds link the libraries statically and glibc dynamically, as a
# glibc release build does: a PIE with the same hardening.
GLIBC_LDFLAGS  := -pie -Wl,--gc-sections -Wl,-z,relro,-z,now
# Artifacts replace musl's malloc (slow under threaded, allocation-heavy
# load such as Z3's) with mimalloc's override object, linked first.
# MALLOC=musl keeps musl's own, for comparison.
MALLOC ?= mimalloc
malloc_obj = $(if $(filter mimalloc,$(MALLOC)),$(OUT)/sysroot/$(1)/usr/lib/mimalloc.o)

# Where a recipe's sources sit leaks into objects (__FILE__); map it away.
PREFIX_MAP      = -ffile-prefix-map=$(WORK_DIR)=/usr/src/$(PKG)-$(VERSION)

TARGET_KEY_GLOBALS := TARGET_CFLAGS TARGET_LDFLAGS THREAD_STACK PREFIX_MAP CMAKE_CONFIGURE \
	CMAKE_BUILD CMAKE_INSTALL cmake_toolchain

target_arch  = $(firstword $(subst -, ,$(1)))
emulator     = $(if $(filter aarch64,$(call target_arch,$(1))),$(if $(filter aarch64 arm64,$(HOST_MACHINE)),,qemu-aarch64))
