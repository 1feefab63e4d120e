# The gateway (apps/gateway/, docs/gateway.md), for every musl triple (fully
# static, mimalloc) and every glibc triple (libraries static, glibc dynamic),
# shipped through the release gate. Built through mk/program.mk: one object
# per source file, so a one-file change recompiles one file per triple, and
# a new gcc, musl, library or flag (inputs.txt) rebuilds the program.

GATEWAY_LIBS    := z3 mbedtls c-ares libyaml cjson mimalloc
# The floor a glibc build's report is written against (the gate itself
# checks GLIBC_FLOOR, by default this host's glibc).
GLIBC_REPORT_FLOOR ?= 2.28
GLIBC_FLOOR     ?= $(glibc_VERSION)

# musl has no call that reports its version: the build records it.
gateway_extra = $(if $(call is_glibc,$(1)),,LIBC_VERSION=$(musl_VERSION))

# Built through mk/program.mk; only main.o carries the version, so it is
# passed outside the keyed inputs.
define app_rules
$(call target_program,gateway,$(1),$(TOP)/apps/gateway,bin/gateway,$(GATEWAY_LIBS),$(call gateway_extra,$(1)),VERSION=$$(VERSION))

$(DIST)/$(1)/bin/gateway: $(OUT)/target/$(1)/gateway/bin/gateway $(ELFCHECK)
	@$(TOP)/mk/scripts/ship $(ELFCHECK) $(call target_arch,$(1)) $$< $$@ $(if $(call is_glibc,$(1)),--glibc-floor $(GLIBC_FLOOR))
	$(if $(call is_glibc,$(1)),@$(ELFCHECK) --glibc-floor $(GLIBC_REPORT_FLOOR) $$@ > $$@.glibc-floor.tmp; \
		mv $$@.glibc-floor.tmp $$@.glibc-floor)
endef
$(foreach t,$(ALL_TRIPLES),$(eval $(call app_rules,$(t))))

gateway: $(foreach t,$(TRIPLES),$(DIST)/$(t)/bin/gateway) ; @:
gateway-glibc: $(foreach t,$(GLIBC_TRIPLES),$(DIST)/$(t)/bin/gateway) ; @:

# Fuzz targets (clang, libFuzzer) built against the host's libyaml (and for
# fuzz-api, the JSON routes with the verifier, its Z3 4.8.12 and cJSON).
GATEWAY_FUZZ := $(OUT)/host/gateway/bin/fuzz-http $(OUT)/host/gateway/bin/fuzz-policy \
	$(OUT)/host/gateway/bin/fuzz-api
$(GATEWAY_FUZZ): $(wildcard $(TOP)/apps/gateway/*.c $(TOP)/apps/gateway/*.h) | test-deps
	@$(MAKE) --no-print-directory -C $(TOP)/apps/gateway O=$(OUT)/host/gateway fuzz
gateway-fuzz: $(GATEWAY_FUZZ) ; @:

.PHONY: gateway gateway-glibc gateway-fuzz
