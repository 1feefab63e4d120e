# Knobs a user may set on the command line (make VAR=value).

# Target architectures; each becomes a <arch>-linux-musl triple.
ARCH        ?= x86_64 aarch64
TRIPLES     := $(patsubst %,%-linux-musl,$(ARCH))
# glibc builds of the same recipes, made with the host's compilers (Debian's
# gcc, or its <arch>-linux-gnu cross gcc), for comparison with the musl ones.
GLIBC_ARCH  ?= x86_64
GLIBC_TRIPLES := $(patsubst %,%-linux-gnu,$(GLIBC_ARCH))
# The validation probes are built against glibc for both arches (Debian's
# aarch64 cross gcc, run under qemu): the engine knows every glibc triple,
# GLIBC_ARCH only picks which ones the glibc release builds are made for.
GLIBC_ALL_TRIPLES := x86_64-linux-gnu aarch64-linux-gnu
ALL_TRIPLES := $(TRIPLES) $(sort $(GLIBC_TRIPLES) $(GLIBC_ALL_TRIPLES))
is_glibc     = $(filter %-linux-gnu,$(1))

OUT         ?= $(TOP)/out
$(if $(findstring $(space),$(OUT)$(CACHE_DIR)),$(error muslforge: OUT or CACHE_DIR is a path with a space ($(OUT) $(CACHE_DIR)); make cannot work there))
# Download cache and binary cache; survives `make clean` and is shared by clones.
CACHE_DIR   ?= $(HOME)/.cache/muslforge
# Read-only directory of source files (an offline mirror); tried first.
SOURCES     ?=
# DISTCC_HOSTS=<distcc host list>: compiles go to a distcc farm, and the
# job count is the farm's (distcc -j), not this machine's.
DISTCC_HOSTS ?=
JOBS        ?= $(if $(DISTCC_HOSTS),$(shell DISTCC_HOSTS='$(DISTCC_HOSTS)' distcc -j 2>/dev/null || nproc),$(shell nproc 2>/dev/null || echo 2))
V           ?= 0
# Seconds before an upstream download gives up (the archive is tried next).
URL_TIMEOUT ?= 10

RECIPE_DIRS ?= $(TOP)/toolchain $(TOP)/recipes
PATCH_DIR   ?= $(TOP)/patches
# Recipe trees outside the repository (docs/recipes.md, "Recipe trees of your
# own"): EXTERNAL=dir[:dir...], each holding recipes/ and patches/, read after
# the in-tree ones.
EXTERNAL    ?=

# Bump when a change to mk/ alters what a recipe produces: every key changes.
ENGINE_EPOCH := 1

# The host builds the cross compilers and runs them, so it is part of every
# key: its machine, distribution, C library and compiler, and the libraries
# cc1 loads (a toolchain built against them needs the same ones to run).
HOST_ID     := $(shell uname -m; . /etc/os-release 2>/dev/null && echo "$$ID $$VERSION_ID"; \
	getconf GNU_LIBC_VERSION 2>/dev/null; echo cc $$(cc -dumpfullversion 2>/dev/null); \
	LD_TRACE_LOADED_OBJECTS=1 $$(cc -print-prog-name=cc1) 2>/dev/null | awk '$$3 ~ /^\// {print $$3}' | \
	xargs -r readlink -f | sed 's|.*/||' | LC_ALL=C sort)

export V

# This make's pid, for temporary names of what it writes at parse time.
MAKE_PID := $(shell echo $$PPID)

# The remote binary cache (docs/ci.md): entries missing locally are looked
# up at CACHE_URL and checked against CACHE_PUBKEY (minisign); with
# CACHE_PUSH=1 what this machine builds goes there too, signed with
# CACHE_SIGNING_KEY. A server down or stalled costs CACHE_TIMEOUT seconds.
# Credentials: ~/.netrc (NETRC=file) or CACHE_TOKEN, never in the URL.
# CCACHE=1: Debian's ccache in front of every recipe's compilers (speed only).
CCACHE      ?= 0
# TOOLCHAIN_FROM=<muslforge-toolchain-*.tar.xz ...>: released toolchains
# (paths or URLs, checked against the SHA256SUMS beside them) restored into
# the binary cache instead of compiling gcc (docs/ci.md).
TOOLCHAIN_FROM ?=
CACHE_URL   ?=
CACHE_PUSH  ?= 0
CACHE_PUBKEY ?= $(wildcard $(TOP)/cache.pub)
CACHE_SIGNING_KEY ?=
CACHE_TIMEOUT ?= 10
cache_authority = $(firstword $(subst /, ,$(patsubst http://%,%,$(patsubst https://%,%,$(CACHE_URL)))))
$(if $(CACHE_URL),$(if $(filter http://% https://%,$(CACHE_URL)),,$(error muslforge: CACHE_URL must start with https:// or http://)))
$(if $(findstring @,$(cache_authority)),$(error muslforge: CACHE_URL holds credentials; put them in ~/.netrc (or NETRC=file) or CACHE_TOKEN instead))
# Plain http only on this machine: credentials never cross a network in clear.
$(if $(filter http://%,$(CACHE_URL)),$(if $(filter 127.0.0.1 127.0.0.1:% localhost localhost:% [::1] [::1]:%,$(cache_authority)),,\
	$(error muslforge: CACHE_URL is http:// to another machine; use https:// (http:// is for loopback tests))))
# The tools a knob needs, said plainly rather than failing in a step.
need_tool = $(if $(shell command -v $(1) 2>/dev/null),,$(error muslforge: $(2) needs $(1): apt-get install $(3) (make test-deps installs it too)))
$(if $(filter 1,$(CCACHE)),$(call need_tool,ccache,CCACHE=1,ccache))
$(if $(DISTCC_HOSTS),$(call need_tool,distcc,DISTCC_HOSTS=,distcc))
$(if $(CACHE_URL),$(call need_tool,minisign,CACHE_URL=,minisign))
# What a run of the remote cache remembers (a server given up on): one
# directory per top-level make, whose sub-makes inherit its number.
# The pid alone repeats (make is pid 1 in every container run): add the time.
ifndef MUSLFORGE_RUN
MUSLFORGE_RUN := $(MAKE_PID)-$(shell date +%s%N)
endif
export MUSLFORGE_RUN
export CACHE_STATE := $(OUT)/cache-state
export CACHE_URL CACHE_PUSH CACHE_PUBKEY CACHE_SIGNING_KEY CACHE_TIMEOUT

# The host's machine and C library, read off HOST_ID rather than asked again.
word_after   = $(if $(2),$(if $(filter $(1),$(firstword $(2))),$(word 2,$(2)),$(call word_after,$(1),$(wordlist 2,$(words $(2)),$(2)))))
HOST_MACHINE := $(firstword $(HOST_ID))
HOST_GLIBC   := $(call word_after,glibc,$(HOST_ID))

# Does file $(1) hold exactly text $(2)? For what make writes at parse time
# (keys, CMake toolchain files): compared in make, no process started.
# $(file <) drops the final newline that the text ends with, but make 4.3
# returned some key texts with it at parse time (seen with strace: both musl
# keys were hashed again on every make). Either reading is the kept text
# exactly; what still compares unequal is hashed again (hash_key, engine.mk).
exact_eq    = $(and $(findstring x$(1)x,x$(2)x),$(findstring x$(2)x,x$(1)x))
kept_text   = $(or $(call exact_eq,$(file <$(1))$(newline),$(2)),$(call exact_eq,$(file <$(1)),$(2)))
# Write text $(2) to file $(1) when kept_text says it differs, but replace the
# file only when its bytes do (cmp): a wrong "differs" costs a process, never
# a new mtime. The temporary name carries this make's pid: under make -jN
# several sub-makes parse at once.
write_changed = $(file >$(1).$(MAKE_PID),$(2))$(shell cmp -s $(1).$(MAKE_PID) $(1) && rm -f $(1).$(MAKE_PID) || mv $(1).$(MAKE_PID) $(1))

define newline


endef

# Every make of binutils and gcc: Debian's DFSG tarballs carry no manuals, and
# a toolchain keeps its libraries in lib/, never lib64/.
GNU_MAKE    := make MULTILIB_OSDIRNAMES= INFO_DEPS= infodir= ac_cv_prog_lex_root=lex.yy.c MAKEINFO=false
# Host programs of the toolchain: optimised, no debug info (smaller, faster).
HOST_OPT    := CFLAGS="-O2 -g0" CXXFLAGS="-O2 -g0"

# Variables outside a recipe that recipes use: part of every key.
KEY_GLOBALS := GNU_MAKE HOST_OPT
