# The SEA artifact (docs/sea.md): the QuickJS runtime of apps/sea/ for every
# triple (musl: fully static, mimalloc; glibc: libraries static, glibc
# dynamic, for comparison), sea-inject (tools/sea-inject/) built for this
# host against the glibc triple's QuickJS (same recipe, same version), and
# applications injected into the runtime, shipped through the release gate.
#
#   make sea                          the example, doctor, for every musl triple
#   make sea APP=my.js NAME=my        any single-file application
#   make sea-glibc                    runtime and doctor for the glibc triples
#   make sea-fuzz                     libFuzzer targets: the payload reader, sea-inject's ELF side
#
# Like the gateway (mk/apps.mk), the runtime is built through mk/program.mk.

SEA_LIBS        := quickjs mbedtls c-ares
SEA_HOST_TRIPLE := x86_64-linux-gnu
SEA_INJECT      := $(OUT)/host/bin/sea-inject
SEA_APP         := $(abspath $(or $(APP),$(TOP)/apps/sea/doctor.js))
SEA_NAME        := $(or $(NAME),$(basename $(notdir $(SEA_APP))))
SEA_SRCS        := $(wildcard $(TOP)/apps/sea/*.c $(TOP)/apps/sea/*.h $(TOP)/apps/sea/*.S \
	$(TOP)/apps/sea/sea.ld $(TOP)/apps/sea/Makefile $(TOP)/mk/quiet.mk)
SEA_INJECT_SRCS := $(wildcard $(TOP)/tools/sea-inject/*.c $(TOP)/tools/sea-inject/*.h \
	$(TOP)/tools/sea-inject/Makefile $(TOP)/mk/quiet.mk) $(TOP)/apps/sea/payload.c $(TOP)/apps/sea/payload.h \
	$(TOP)/apps/sea/sha256.c $(TOP)/apps/sea/sha256.h

# eu-strip, for the strip tests.
TEST_PACKAGES   += elfutils

sea_gate      = $(if $(call is_glibc,$(1)),--glibc-floor $(GLIBC_FLOOR))

# The runtime is built through mk/program.mk (keyed inputs, mimalloc on musl).
define sea_rules
$(call target_program,sea,$(1),$(TOP)/apps/sea,bin/sea-runtime,$(SEA_LIBS),LIBC_NAME="$(if $(call is_glibc,$(1)),glibc,musl $(musl_VERSION))")

$(DIST)/$(1)/bin/sea-runtime: $(OUT)/target/$(1)/sea/bin/sea-runtime $(ELFCHECK)
	@$(TOP)/mk/scripts/ship $(ELFCHECK) $(call target_arch,$(1)) $$< $$@ $(call sea_gate,$(1))

$(OUT)/target/$(1)/sea/apps/$(SEA_NAME): $(OUT)/target/$(1)/sea/bin/sea-runtime $(SEA_INJECT) $(SEA_APP)
	@printf '  %-7s %s\n' INJECT '$$@'
	@mkdir -p $$(@D)
	@$(SEA_INJECT) --arch $(call target_arch,$(1)) $(if $(call is_glibc,$(1)),--allow-dynamic) \
		--name $(SEA_NAME) $$< $(SEA_APP) -o $$@

$(DIST)/$(1)/bin/$(SEA_NAME): $(OUT)/target/$(1)/sea/apps/$(SEA_NAME) $(ELFCHECK)
	@$(TOP)/mk/scripts/ship $(ELFCHECK) $(call target_arch,$(1)) $$< $$@ $(call sea_gate,$(1))
endef
$(foreach t,$(ALL_TRIPLES),$(eval $(call sea_rules,$(t))))

$(SEA_INJECT): $(SEA_INJECT_SRCS) $(DONE.quickjs.$(SEA_HOST_TRIPLE))
	@$(MAKE) --no-print-directory -C $(TOP)/tools/sea-inject O=$(OUT)/host \
		QJS_SYSROOT=$(OUT)/sysroot/$(SEA_HOST_TRIPLE) DEPS_STAMP=$(DONE.quickjs.$(SEA_HOST_TRIPLE))

sea-inject: $(SEA_INJECT) ; @:
sea: $(foreach t,$(TRIPLES),$(DIST)/$(t)/bin/sea-runtime $(DIST)/$(t)/bin/$(SEA_NAME)) ; @:
sea-glibc: $(foreach t,$(GLIBC_TRIPLES),$(DIST)/$(t)/bin/sea-runtime $(DIST)/$(t)/bin/$(SEA_NAME)) ; @:

# The payload reader and sea-inject's ELF side under libFuzzer (clang), host builds.
SEA_FUZZ := $(OUT)/host/sea/bin/fuzz-payload
$(SEA_FUZZ): $(SEA_SRCS) | test-deps
	@$(MAKE) --no-print-directory -C $(TOP)/apps/sea O=$(OUT)/host/sea fuzz
SEA_FUZZ_ELF := $(OUT)/host/sea/bin/fuzz-elf
$(SEA_FUZZ_ELF): $(SEA_INJECT_SRCS) | test-deps
	@$(MAKE) --no-print-directory -C $(TOP)/tools/sea-inject O=$(OUT)/host/sea fuzz
sea-fuzz: $(SEA_FUZZ) $(SEA_FUZZ_ELF) ; @:

.PHONY: sea sea-glibc sea-inject sea-fuzz
