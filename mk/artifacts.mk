# Artifacts: what ships, each passing the release gate (mk/ship: elfcheck
# --static --arch) on its way into out/dist/<triple>/. Today that is elfcheck
# itself, built fully static with each target's toolchain.

DIST           := $(OUT)/dist
ELFCHECK_SRCS  := $(wildcard $(TOP)/tools/elfcheck/*.c $(TOP)/tools/elfcheck/*.h $(TOP)/tools/elfcheck/Makefile)

$(ELFCHECK): $(ELFCHECK_SRCS)
	@$(MAKE) --no-print-directory -C $(TOP)/tools/elfcheck O=$(OUT)/host

define artifact_rules
$(OUT)/target/$(1)/bin/elfcheck: $(DONE.musl.$(1)) $(ELFCHECK_SRCS)
	@$(MAKE) --no-print-directory -C $(TOP)/tools/elfcheck O=$(OUT)/target/$(1) \
		CC=$(OUT)/toolchain/$(1)/bin/$(1)-gcc LDFLAGS="$(TARGET_LDFLAGS)" \
		CFLAGS="$(TARGET_CFLAGS) -ffile-prefix-map=$(TOP)/="
$(DIST)/$(1)/bin/elfcheck: $(OUT)/target/$(1)/bin/elfcheck $(ELFCHECK)
	@$(TOP)/mk/ship $(ELFCHECK) $(call target_arch,$(1)) $$< $$@
endef
$(foreach t,$(TRIPLES),$(eval $(call artifact_rules,$(t))))

artifacts: $(foreach t,$(TRIPLES),$(DIST)/$(t)/bin/elfcheck) ; @:
.PHONY: artifacts
