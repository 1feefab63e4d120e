# Shared by the in-tree programs' Makefiles (apps/*, tools/*, the probes):
# kbuild's quiet output, one line per step (V=1: the commands; make -s:
# nothing), and the two steps they all have, written under a temporary name
# and renamed so a stopped make never leaves a half-written object or program.
#
#   $(call compile,COMMAND)      COMMAND -c -o $@ $<   (COMMAND: compiler and flags)
#   $(call link,COMMAND,INPUTS)  COMMAND -o $@ INPUTS, and the linker's map in $@.map
#
# The map says which archives gave the program a member: the release's SBOM
# and licenses are read from it (mk/scripts/link-components).

ifeq ($(V),1)
Q   :=
msg  = @:
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
Q   := @
msg  = @:
else
Q   := @
msg  = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif

define compile
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(1) -c -o $@.tmp $< && mv -f $@.tmp $@
endef

define link
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(1) -o $@.tmp $(2) -Wl,-Map=$@.map.tmp && mv -f $@.map.tmp $@.map && mv -f $@.tmp $@
endef
