# In-tree programs built for a target: today the gateway (apps/gateway/), for
# every musl triple (fully static, mimalloc) and every glibc triple (libraries
# static, glibc dynamic), shipped through the release gate.
#
# apps/gateway/Makefile keeps one object per source file, so a one-file change
# recompiles one file per triple. What shapes every object besides its source
# (the keys of the toolchain and libraries, the compiler and the flags) is
# written to inputs.txt, rewritten only when it changes; every object depends
# on it, so a new gcc, musl, library or flag rebuilds the program.

GATEWAY_LIBS    := z3 mbedtls c-ares libyaml cjson mimalloc
# The floor a glibc build's report is written against (the gate itself
# checks GLIBC_FLOOR, by default this host's glibc).
GLIBC_REPORT_FLOOR ?= 2.28
GLIBC_FLOOR     ?= $(glibc_VERSION)

app_cc        = $(OUT)/toolchain/$(1)/bin/$(1)-gcc
app_deps      = $(foreach p,$(GATEWAY_LIBS) $(if $(call is_glibc,$(1)),glibc,gcc musl),$(DONE.$(p).$(1)))
app_cflags    = $(TARGET_CFLAGS) -ffile-prefix-map=$(TOP)/=
app_ldflags   = $(if $(call is_glibc,$(1)),$(GLIBC_LDFLAGS) -static-libstdc++ -static-libgcc,$(TARGET_LDFLAGS))
define app_make_args
O=$(OUT)/target/$(1)/gateway CC=$(call app_cc,$(1)) CXX=$(OUT)/toolchain/$(1)/bin/$(1)-g++ \
	SYSROOT=$(OUT)/sysroot/$(1) CFLAGS="$(call app_cflags,$(1))" LDFLAGS="$(call app_ldflags,$(1))" \
	MALLOC_OBJ=$(if $(call is_glibc,$(1)),,$(call malloc_obj,$(1))) STATIC_LIBS=$(if $(call is_glibc,$(1)),1) \
	LIBC_VERSION=$(if $(call is_glibc,$(1)),,$(musl_VERSION)) DEPS_STAMP=$(OUT)/target/$(1)/gateway/inputs.txt
endef
# Not among the inputs of every object: only main.o carries the version.
app_version_arg = VERSION=$(VERSION)

define app_rules
$(shell mkdir -p $(OUT)/target/$(1)/gateway)
$(if $(filter-out $(file <$(OUT)/target/$(1)/gateway/inputs.txt),$(strip $(call app_deps,$(1)) $(call app_make_args,$(1)))),\
	$(file >$(OUT)/target/$(1)/gateway/inputs.txt,$(strip $(call app_deps,$(1)) $(call app_make_args,$(1)))))

$(OUT)/target/$(1)/gateway/bin/gateway: $(call app_deps,$(1)) FORCE
	@$(MAKE) --no-print-directory -C $(TOP)/apps/gateway $(call app_make_args,$(1)) $$(app_version_arg)

$(DIST)/$(1)/bin/gateway: $(OUT)/target/$(1)/gateway/bin/gateway $(ELFCHECK)
	@$(TOP)/mk/ship $(ELFCHECK) $(call target_arch,$(1)) $$< $$@ $(if $(call is_glibc,$(1)),--glibc-floor $(GLIBC_FLOOR))
	$(if $(call is_glibc,$(1)),@$(ELFCHECK) --glibc-floor $(GLIBC_REPORT_FLOOR) $$@ > $$@.glibc-floor.tmp; \
		mv $$@.glibc-floor.tmp $$@.glibc-floor)
endef
$(foreach t,$(ALL_TRIPLES),$(eval $(call app_rules,$(t))))

gateway: $(foreach t,$(TRIPLES),$(DIST)/$(t)/bin/gateway) ; @:
gateway-glibc: $(foreach t,$(GLIBC_TRIPLES),$(DIST)/$(t)/bin/gateway) ; @:

# Fuzz targets (clang, libFuzzer) built against the host's libyaml.
GATEWAY_FUZZ := $(OUT)/host/gateway/bin/fuzz-http $(OUT)/host/gateway/bin/fuzz-policy
$(GATEWAY_FUZZ): $(wildcard $(TOP)/apps/gateway/*.c $(TOP)/apps/gateway/*.h) | test-deps
	@$(MAKE) --no-print-directory -C $(TOP)/apps/gateway O=$(OUT)/host/gateway fuzz
gateway-fuzz: $(GATEWAY_FUZZ) ; @:

.PHONY: gateway gateway-glibc gateway-fuzz
