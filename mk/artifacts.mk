# Artifacts: what ships, each passing the release gate (mk/scripts/ship: elfcheck
# --static --arch) on its way into out/dist/<triple>/. Today that is elfcheck
# itself, built fully static with each target's toolchain.

DIST           := $(OUT)/dist
ELFCHECK_SRCS  := $(wildcard $(TOP)/tools/elfcheck/*.c $(TOP)/tools/elfcheck/*.h $(TOP)/tools/elfcheck/Makefile $(TOP)/mk/quiet.mk)

$(ELFCHECK): $(ELFCHECK_SRCS)
	@$(MAKE) --no-print-directory -C $(TOP)/tools/elfcheck O=$(OUT)/host

# Built through mk/program.mk like every in-tree program: rebuilt when the
# toolchain, mimalloc or the target flags change, not only its sources.
define artifact_rules
$(call target_program,elfcheck,$(1),$(TOP)/tools/elfcheck,bin/elfcheck,)
$(DIST)/$(1)/bin/elfcheck: $(OUT)/target/$(1)/elfcheck/bin/elfcheck $(ELFCHECK)
	@$(TOP)/mk/scripts/ship $(ELFCHECK) $(call target_arch,$(1)) $$< $$@
endef
$(foreach t,$(TRIPLES),$(eval $(call artifact_rules,$(t))))

# Every release artifact, each audited by elfcheck when it is shipped.
artifacts: $(foreach t,$(TRIPLES),$(DIST)/$(t)/bin/elfcheck) gateway sea ; @:
.PHONY: artifacts
