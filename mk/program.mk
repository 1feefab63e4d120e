# In-tree programs built for a target (the gateway, the SEA runtime, the
# elfcheck artifact, the validation probes): one keyed mechanism, as the
# engine's keys are for recipes. A program's make file (apps/gateway/Makefile
# and the like) compiles into O= and makes every object depend on
# DEPS_STAMP. Here DEPS_STAMP is O/inputs.txt: the done stamps (so the keys)
# of the toolchain and the libraries it links, and every variable passed to
# its make, rewritten exactly when that text changes. A new gcc, musl,
# library, flag or malloc then rebuilds the program; nothing else does.
#
#   $(call target_program,ID,TRIPLE,SRC_DIR,OUTPUT,LIBS[,EXTRA_ARGS[,UNKEYED_ARGS]])
#
# builds $(OUT)/target/TRIPLE/ID/OUTPUT with `make -C SRC_DIR`. Every
# program gets the target's compilers, sysroot and flags; on musl, fully
# static with mimalloc (MALLOC_OBJ, unless MALLOC says otherwise), on glibc
# the libraries static and glibc (and only glibc) dynamic. UNKEYED_ARGS
# reach the make but not the inputs (the version string: only main.o needs it).

# ID_DIR, when a program defines it, is a function of the triple giving its
# output directory (the validation probes live in out/validate/<triple>).
program_dir  = $(if $(value $(1)_DIR),$(call $(1)_DIR,$(2)),$(OUT)/target/$(2)/$(1))
program_deps = $(foreach p,$(2) $(if $(call is_glibc,$(1)),glibc,gcc musl $(if $(call malloc_obj,$(1)),mimalloc)),$(DONE.$(p).$(1)))
define program_args
CC=$(OUT)/toolchain/$(1)/bin/$(1)-gcc CXX=$(OUT)/toolchain/$(1)/bin/$(1)-g++ SYSROOT=$(OUT)/sysroot/$(1) \
	CFLAGS="$(TARGET_CFLAGS) -ffile-prefix-map=$(TOP)/=" \
	LDFLAGS="$(if $(call is_glibc,$(1)),$(GLIBC_LDFLAGS) -static-libgcc -static-libstdc++,$(PROGRAM_LDFLAGS))" \
	MALLOC_OBJ=$(if $(call is_glibc,$(1)),,$(call malloc_obj,$(1))) STATIC_LIBS=$(if $(call is_glibc,$(1)),1)
endef

# Exact string equality (make's filter compares words, so a reordering
# would pass for no change): spaces and % made part of one word first.
one_word  = $(subst %,^p,$(subst $(space),^s,$(strip $(1))))
same_text = $(if $(filter-out $(call one_word,$(1)),$(call one_word,$(2)))$(filter-out $(call one_word,$(2)),$(call one_word,$(1))),,same)

define target_program
INPUTS.$(1).$(2) := $(strip $(call program_deps,$(2),$(5)) O=$(call program_dir,$(1),$(2)) $(call program_args,$(2)) $(6))
$$(if $$(call same_text,$$(file <$(call program_dir,$(1),$(2))/inputs.txt),$$(INPUTS.$(1).$(2))),,\
	$$(shell mkdir -p $(call program_dir,$(1),$(2)))$$(file >$(call program_dir,$(1),$(2))/inputs.txt,$$(INPUTS.$(1).$(2))))

# A program linked before links wrote their map (mk/quiet.mk) is linked again.
$(call program_dir,$(1),$(2))/$(4): $(call program_deps,$(2),$(5)) FORCE
	@[ -e $$@.map ] || rm -f $$@
	@$$(MAKE) --no-print-directory -C $(3) O=$(call program_dir,$(1),$(2)) $(call program_args,$(2)) $(6) \
		DEPS_STAMP=$(call program_dir,$(1),$(2))/inputs.txt $(7)
endef

FORCE:
.PHONY: FORCE
