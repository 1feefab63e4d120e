# muslforge: pinned sources in, fully static musl release artifacts out.
# `make help` lists the targets.

TOP := $(patsubst %/,%,$(dir $(abspath $(firstword $(MAKEFILE_LIST)))))
# Make splits words at spaces, so a clone in a path with one cannot work: say so.
space := $(subst ,, )
ifneq ($(or $(findstring $(space),$(CURDIR)),$(if $(wildcard $(TOP)/mk/config.mk),,x)),)
$(error muslforge: this clone is in a path with a space ($(CURDIR)); make cannot build there: move it)
endif
ELFCHECK = $(OUT)/host/bin/elfcheck

all: deps dist

include $(TOP)/mk/config.mk
# A read-only goal (make help) parses no recipe: nothing is written into
# out/ (parsing a recipe writes its key text, and CMake toolchain files).
READ_ONLY_GOALS := help
READ_ONLY := $(if $(MAKECMDGOALS),$(if $(filter-out $(READ_ONLY_GOALS),$(MAKECMDGOALS)),,1))
ifeq ($(READ_ONLY),)
include $(TOP)/mk/host.mk
include $(TOP)/mk/target.mk
include $(TOP)/mk/cmake.mk
include $(TOP)/mk/infra.mk
include $(TOP)/mk/env.mk
include $(TOP)/mk/engine.mk
include $(TOP)/mk/program.mk
include $(TOP)/mk/artifacts.mk
include $(TOP)/mk/apps.mk
include $(TOP)/mk/sea.mk
include $(TOP)/mk/bench.mk
include $(TOP)/mk/dist.mk
include $(TOP)/mk/validate.mk
endif

TOOLCHAIN_PACKAGES := binutils linux-headers gcc musl
LIB_PACKAGES       := mimalloc mbedtls c-ares z3 libyaml cjson
TESTS     ?= $(sort $(wildcard $(TOP)/tests/t[0-9]*.t))

help:
	@echo 'make                 everything a release ships (same as make dist), installing host packages first'
	@echo 'make toolchain       x86_64 and aarch64 musl cross toolchains in out/toolchain/<triple>/'
	@echo 'make <recipe>        one recipe and what it needs, e.g. make musl ARCH=aarch64'
	@echo 'make <recipe>-clean  remove one recipe: its build directory, stamps and files in the prefix'
	@echo 'make <recipe>-rebuild clean it, then build it again, not from the binary cache'
	@echo '                     (<recipe>-glibc-clean, <recipe>-glibc-rebuild: its glibc builds)'
	@echo 'make fetch           fetch and verify every source (fetch-<recipe> for one); names sources with one place only'
	@echo 'make mirror DIR=d    every verified source and a SHA256SUMS in d, for SOURCES=d (offline, or for good)'
	@echo 'make elfcheck        the ELF audit tool, out/host/bin/elfcheck'
	@echo 'make artifacts       static artifacts, each audited by elfcheck, into out/dist/<triple>/'
	@echo 'make libs            static Z3, mbedTLS, c-ares, mimalloc, libyaml, cJSON in out/sysroot/<triple>/'
	@echo 'make gateway         the policy gateway, fully static, into out/dist/<musl triple>/bin/ (docs/gateway.md)'
	@echo 'make gateway-glibc   the gateway built against glibc (x86_64-linux-gnu) the way a glibc release is'
	@echo 'make dist            release tarballs with licenses, SBOM and SHA256SUMS in out/dist/ (SIGNING_KEY= signs)'
	@echo 'make legal-info      every pinned source, its patches and license texts, with a manifest, in out/legal-info/'
	@echo 'make libs-glibc      the same libraries built with the host compiler for the glibc triples'
	@echo 'make sea             the SEA runtime and doctor, fully static, into out/dist/<musl triple>/bin/ (docs/sea.md)'
	@echo 'make sea APP=a.js NAME=n   any one-file JS application injected into the SEA runtime'
	@echo 'make sea-glibc       the SEA runtime and doctor against glibc, for comparison'
	@echo 'make kernel-floor    the old-kernel simulation (seccomp) and its probe, out/host/bin/ (docs/support-matrix.md)'
	@echo 'make test            install test packages, build what the tests need, run them under prove'
	@echo 'make check-full      whole test suites of the libraries (make test runs a subset on aarch64)'
	@echo 'make lib-tests       the test programs of the libraries (built apart from make; make test needs them)'
	@echo 'make release EXTERNAL=<tree> PROGRAMS="<recipe> ..."  an outside project'"'"'s -musl tarballs in out/release/ (docs/external.md)'
	@echo 'make examples        the example tree (curl, jq, zstd) released and its test suites run, out/examples/'
	@echo 'make env ARCH=<a>    shell variables (CC, CFLAGS, PKG_CONFIG_*, CMAKE_TOOLCHAIN_FILE) for other build systems'
	@echo 'make keys            the cache key of each recipe'
	@echo 'make cache-prune     remove binary cache entries no current recipe uses'
	@echo 'make cache-export DIR=d / cache-import DIR=d   the current entries, with an index, for a CI cache (docs/ci.md)'
	@echo 'make -s cache-key    one hash of every current key (a CI cache key)'
	@echo 'make cache-push      send the current local entries to CACHE_URL (CACHE_SIGNING_KEY=)'
	@echo 'make bench           benchmarks: musl builds against glibc, out/bench/ (BENCH_QUICK=1: short run)'
	@echo 'make interrupt-demo-binutils  stop a real binutils build in its libsframe configure, make it again'
	@echo 'make fuzz            longer elfcheck and gateway API fuzzing runs (FUZZ_SECONDS=$(FUZZ_SECONDS) each)'
	@echo 'make deps            only install the missing Debian host packages (root), or print the command'
	@echo 'make clean           remove out/ (keeps the download and binary cache)'
	@echo 'make distclean       clean, and remove the cache in $(CACHE_DIR)'
	@echo 'make help            this list'
	@echo 'variables: ARCH="x86_64 aarch64"  SOURCES=<mirror dir>  CACHE_DIR=<dir>  JOBS=<n>  V=1  TESTS=<t files>  EXTERNAL=<tree>[:<tree>] (docs/recipes.md)'
	@echo '           CACHE_URL=<remote cache> CACHE_PUSH=1 CACHE_PUBKEY= CACHE_SIGNING_KEY= CACHE_TIMEOUT=<s>  CCACHE=1 (docs/ci.md)'

toolchain: $(call done_stamps,$(TOOLCHAIN_PACKAGES)) ; @:
libs: $(call done_stamps,$(LIB_PACKAGES)) ; @:
libs-glibc: $(foreach t,$(GLIBC_TRIPLES),$(foreach p,$(LIB_PACKAGES),$(DONE.$(p).$(t)))) ; @:

elfcheck: $(ELFCHECK) ; @:

# Tests and benchmarks run outside this make: they start make themselves, and
# must not inherit this invocation's flags and variables.
CLEAN_ENV := env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $(foreach v,MUSLFORGE_RUN CACHE_STATE CACHE_URL CACHE_PUSH CACHE_PUBKEY CACHE_SIGNING_KEY CACHE_TOKEN,-u $(v)) TOP=$(TOP) OUT=$(OUT) TEST_TRIPLES="$(TRIPLES)"

test: deps test-deps toolchain libs lib-tests elfcheck artifacts gateway gateway-glibc gateway-fuzz dist sbom-schema sea sea-glibc sea-fuzz \
	probes testdns testdns-asan validate-roots kernel-floor $(DIST)/aarch64-linux-gnu/bin/doctor examples
	@rm -f $(OUT)/test-skips.txt $(OUT)/test-plans.txt
	@$(CLEAN_ENV) SKIP_LOG=$(OUT)/test-skips.txt PLAN_LOG=$(OUT)/test-plans.txt prove --timer $(PROVE_FLAGS) $(TESTS); rc=$$?; \
		$(TOP)/tests/skip-report $(OUT)/test-skips.txt $(TOP)/tests/skips.allowed || rc=1; \
		$(TOP)/tests/plan-check $(OUT)/test-plans.txt $(TOP)/tests/plans "$(TRIPLES)" || rc=1; exit $$rc

# `make test-plans`: record the check counts of the last make test in
# tests/plans (review the diff: a count that went down is a lost check).
test-plans:
	@[ -s $(OUT)/test-plans.txt ] || { echo 'muslforge: no counts yet: run make test first' >&2; exit 1; }
	@{ [ ! -f $(TOP)/tests/plans ] || cat $(TOP)/tests/plans; cat $(OUT)/test-plans.txt; } | \
		awk '{ n[$$1] = $$2 } END { for (s in n) print s, n[s] }' | LC_ALL=C sort > $(TOP)/tests/plans.tmp
	@mv $(TOP)/tests/plans.tmp $(TOP)/tests/plans
	@echo "tests/plans: $$(wc -l < $(TOP)/tests/plans) scripts"

# The example tree (examples/: curl, jq, zstd), released the way an outside
# project is, into its own output directory (so nothing of it reaches
# muslforge's sysroot or toolchain tarballs), with the projects' own test
# suites (each a cached unit). From the binary cache this takes seconds.
# curl is also built against glibc on both arches (not released): the
# validation suite compares its rows across the C libraries (docs/validation.md).
EXAMPLES          := curl jq zstd
EXAMPLES_OUT      := $(OUT)/examples
examples:
	@$(MAKE) --no-print-directory -f $(TOP)/Makefile OUT=$(EXAMPLES_OUT) EXTERNAL=$(TOP)/examples \
		PROGRAMS="$(EXAMPLES)" GLIBC_ARCH="$(GLIBC_ALL_TRIPLES:-linux-gnu=)" \
		release $(foreach p,$(EXAMPLES),$(p)-tests) curl-glibc
.PHONY: examples

# The libraries' whole test suites (make test runs a documented subset of the slow ones).
check-full: lib-tests deps test-deps toolchain libs
	@$(CLEAN_ENV) FULL=1 prove --timer $(PROVE_FLAGS) $(TOP)/tests/t20*.t

# Figures, never pass/fail (docs/performance.md): musl against glibc builds,
# then engine overhead and elfcheck. BENCH_QUICK=1: the short run t7000 does.
bench: test-deps toolchain libs $(BENCH_PREREQS)
	@$(CLEAN_ENV) $(TOP)/bench/run

# Issue 27 on the real thing, outside make test: binutils stopped with TERM
# inside libsframe's configure, then made again, then rebuilt for the time
# an uninterrupted build takes (bench/interrupt-build): up to three
# binutils builds, 6.3 min each here.
interrupt-demo-binutils:
	@$(CLEAN_ENV) CACHE_DIR=$(CACHE_DIR) ARCH=$(firstword $(ARCH)) $(TOP)/bench/interrupt-build binutils libsframe

FUZZ_SECONDS ?= 300
fuzz: elfcheck gateway-fuzz
	@$(MAKE) --no-print-directory -C $(TOP)/tools/elfcheck O=$(OUT)/host fuzz
	@$(TOP)/tools/elfcheck/fuzz.sh $(FUZZ_SECONDS)
	@$(TOP)/apps/gateway/fuzz.sh $(OUT) $(FUZZ_SECONDS)

clean:
	rm -rf $(OUT)

distclean: clean
	@echo "removing the download and binary cache: $(CACHE_DIR)"
	rm -rf $(CACHE_DIR)

.PHONY: all help toolchain libs libs-glibc test test-plans check-full bench interrupt-demo-binutils fuzz clean distclean
