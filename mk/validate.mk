# The validation suite (docs/validation.md): host tools and what its cases run.

# testdns: the scriptable DNS server the cases answer lookups with.
TESTDNS      := $(OUT)/host/bin/testdns
TESTDNS_SRCS := $(wildcard $(TOP)/tools/testdns/*.c $(TOP)/tools/testdns/*.h $(TOP)/tools/testdns/Makefile)

$(TESTDNS): $(TESTDNS_SRCS)
	@$(MAKE) --no-print-directory -C $(TOP)/tools/testdns O=$(OUT)/host
$(OUT)/host/bin/testdns-asan: $(TESTDNS_SRCS)
	@$(MAKE) --no-print-directory -C $(TOP)/tools/testdns O=$(OUT)/host asan

testdns: $(TESTDNS) ; @:
testdns-asan: $(OUT)/host/bin/testdns-asan ; @:
.PHONY: testdns testdns-asan

# The probes (tests/validation/probes/): one small program per libc
# interface, built for each musl triple (fully static, the target flags)
# and each glibc triple (glibc dynamic, mbedTLS and c-ares static), into
# out/validate/<triple>/bin/probe-<name>. As for the gateway (mk/apps.mk),
# what shapes every object besides its source (the toolchain and library
# keys, the compiler and flags) is in inputs.txt, rewritten only when it
# changes, so a new toolchain or library rebuilds the probes.
#   make probes                    all four triples
#   make probes-<triple>           one
PROBE_TRIPLES := $(filter %-linux-musl,$(TRIPLES)) $(GLIBC_ALL_TRIPLES)
PROBE_NAMES   := gai hostent reverse cares tls locale
probe_dir      = $(OUT)/validate/$(1)
probe_deps     = $(foreach p,mbedtls c-ares $(if $(call is_glibc,$(1)),glibc,gcc musl),$(DONE.$(p).$(1)))
define probe_make_args
O=$(call probe_dir,$(1)) CC=$(OUT)/toolchain/$(1)/bin/$(1)-gcc SYSROOT=$(OUT)/sysroot/$(1) \
	CFLAGS="$(TARGET_CFLAGS) -ffile-prefix-map=$(TOP)/=" \
	LDFLAGS="$(if $(call is_glibc,$(1)),$(GLIBC_LDFLAGS) -static-libgcc,$(TARGET_LDFLAGS))" \
	STATIC_LIBS=$(if $(call is_glibc,$(1)),1) DEPS_STAMP=$(call probe_dir,$(1))/inputs.txt
endef

define probe_rules
$(shell mkdir -p $(call probe_dir,$(1)))
$(if $(filter-out $(file <$(call probe_dir,$(1))/inputs.txt),$(strip $(call probe_deps,$(1)) $(call probe_make_args,$(1)))),\
	$(file >$(call probe_dir,$(1))/inputs.txt,$(strip $(call probe_deps,$(1)) $(call probe_make_args,$(1)))))

probes-$(1): $(call probe_deps,$(1)) FORCE
	@$(MAKE) --no-print-directory -C $(TOP)/tests/validation/probes $(call probe_make_args,$(1))
.PHONY: probes-$(1)
endef
$(foreach t,$(PROBE_TRIPLES),$(eval $(call probe_rules,$(t))))

probes: $(foreach t,$(PROBE_TRIPLES),probes-$(t)) ; @:
.PHONY: probes

# The host matrix (tests/validation/hosts/, docs/validation.md "Hosts"): each
# artifact on this host, in an empty root and in a Debian 11 root (glibc 2.31)
# per arch, into out/validate/hosts.json. The roots' .debs are pinned in
# tests/validation/hosts/bullseye.lock and fetched once, through apt with a
# private state, into $(CACHE_DIR)/debian/bullseye; after that nothing here
# needs the network. Needs root (unshare, chroot).
#   make validate-roots            only the roots
#   make validate-hosts            the roots, what runs in them, the matrix
VALIDATE_HOSTS_BUILD ?= elfcheck gateway gateway-glibc sea sea-glibc probes
validate-roots: test-deps
	@CACHE_DIR=$(CACHE_DIR) OUT=$(OUT) $(TOP)/tests/validation/hosts/mkroot amd64 arm64
validate-hosts: validate-roots $(VALIDATE_HOSTS_BUILD)
	@$(CLEAN_ENV) $(TOP)/tests/validation/hosts/run
.PHONY: validate-roots validate-hosts

# The behaviour comparison (tests/validation/run, docs/validation.md
# "Harness"): every case of tests/validation/cases/ for the four builds of the
# probes and the shipped gateway and doctor, in private namespaces, judged
# against tests/validation/expected.yaml, into out/validate/report.json and
# report.html. Fails on an unexpected difference, an aarch64 result that
# differs from x86_64, or a stale expectation. Needs root (unshare).
#   make validate-behaviour        only this
#   make validate                  this and the host matrix
VALIDATE_BUILD ?= probes testdns gateway gateway-glibc sea sea-glibc
validate-behaviour: test-deps $(VALIDATE_BUILD)
	@$(CLEAN_ENV) OUT=$(OUT) TESTDNS=$(TESTDNS) $(TOP)/tests/validation/run --out $(OUT)/validate
validate: validate-behaviour validate-hosts ; @:
.PHONY: validate validate-behaviour
