# The validation suite (docs/validation.md): host tools and what its cases run.

# testdns: the scriptable DNS server the cases answer lookups with.
TESTDNS      := $(OUT)/host/bin/testdns
TESTDNS_SRCS := $(wildcard $(TOP)/tools/testdns/*.c $(TOP)/tools/testdns/*.h $(TOP)/tools/testdns/Makefile $(TOP)/mk/quiet.mk)

$(TESTDNS): $(TESTDNS_SRCS)
	@$(MAKE) --no-print-directory -C $(TOP)/tools/testdns O=$(OUT)/host
$(OUT)/host/bin/testdns-asan: $(TESTDNS_SRCS)
	@$(MAKE) --no-print-directory -C $(TOP)/tools/testdns O=$(OUT)/host asan

# kernel-floor: the old-kernel simulation (a seccomp filter from the pinned
# kernel's system call table) and its probe, syscall-sweep (x86_64 hosts).
KERNEL_FLOOR      := $(OUT)/host/bin/kernel-floor $(OUT)/host/bin/syscall-sweep
KERNEL_FLOOR_SRCS := $(wildcard $(TOP)/tools/kernel-floor/*.c $(TOP)/tools/kernel-floor/Makefile $(TOP)/mk/quiet.mk)
$(KERNEL_FLOOR) &: $(KERNEL_FLOOR_SRCS)
	@$(MAKE) --no-print-directory -C $(TOP)/tools/kernel-floor O=$(OUT)/host
kernel-floor: $(KERNEL_FLOOR) ; @:
.PHONY: kernel-floor

testdns: $(TESTDNS) ; @:
testdns-asan: $(OUT)/host/bin/testdns-asan ; @:
.PHONY: testdns testdns-asan

# The probes (tests/validation/probes/): one small program per libc
# interface, built for each musl triple (fully static, the target flags)
# and each glibc triple (glibc dynamic, mbedTLS and c-ares static), into
# out/validate/<triple>/bin/probe-<name>, through mk/program.mk as every
# in-tree program is: a new toolchain, library or flag rebuilds them.
#   make probes                    all four triples
#   make probes-<triple>           one
PROBE_TRIPLES := $(filter %-linux-musl,$(TRIPLES)) $(GLIBC_ALL_TRIPLES)
PROBE_NAMES   := gai hostent reverse cares tls locale errtext libc
probes_DIR     = $(OUT)/validate/$(1)

# Built through mk/program.mk, as the artifacts are (on musl with mimalloc).
define probe_rules
$(call target_program,probes,$(1),$(TOP)/tests/validation/probes,bin/probe-tls,mbedtls c-ares)
probes-$(1): $(call probes_DIR,$(1))/bin/probe-tls ; @:
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
# needs the network. Needs root (unshare, chroot). validate-roots also
# unpacks bookworm's libc6:arm64 (tests/validation/hosts/bookworm.lock, cached
# in $(CACHE_DIR)/debian/bookworm) into out/validate/roots/bookworm-arm64: the
# harness gives its gconv modules to the glibc-aarch64 runs (GCONV_PATH), as
# the cross libc has none.
#   make validate-roots            only the roots
#   make validate-hosts            the roots, what runs in them, the matrix
VALIDATE_HOSTS_BUILD ?= elfcheck gateway gateway-glibc sea sea-glibc probes examples
validate-roots: test-deps
	@CACHE_DIR=$(CACHE_DIR) OUT=$(OUT) $(TOP)/tests/validation/hosts/mkroot amd64 arm64
	@CACHE_DIR=$(CACHE_DIR) OUT=$(OUT) $(TOP)/tests/validation/hosts/mkroot --suite bookworm arm64
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
#   make validate                  the host matrix, then this with it (--hosts)
# make validate runs the matrix first so report.html shows cases and hosts in
# one page. A failing matrix does not stop it: the harness, given --hosts,
# shows the matrix and fails on its unexpected results, or on no hosts.json
# (removed first, so a matrix run that stopped early leaves no old one).
# The glibc aarch64 doctor too: the harness compares each build's rows with
# the other arch's, and without it 50 rows were skipped unseen.
# And the examples: their curl, built against both libcs, runs through the TLS cases.
VALIDATE_BUILD ?= probes testdns gateway gateway-glibc sea sea-glibc $(DIST)/aarch64-linux-gnu/bin/doctor examples
VALIDATE_RUN = $(CLEAN_ENV) OUT=$(OUT) TESTDNS=$(TESTDNS) $(TOP)/tests/validation/run --out $(OUT)/validate
validate-behaviour: test-deps $(VALIDATE_BUILD)
	@$(VALIDATE_RUN)
validate: test-deps validate-roots $(VALIDATE_BUILD) $(VALIDATE_HOSTS_BUILD)
	@rm -f $(OUT)/validate/hosts.json
	-@$(CLEAN_ENV) $(TOP)/tests/validation/hosts/run
	@$(VALIDATE_RUN) --hosts $(OUT)/validate/hosts.json
.PHONY: validate validate-behaviour
