# Release packaging: `make dist` writes, for every artifact and musl target,
#   out/dist/<name>-<version>-<arch>-unknown-linux-musl.tar.gz (+ .sha256),
# the toolchains out/dist/muslforge-toolchain-<version>-<triple>.tar.xz,
# and one SHA256SUMS (signed with minisign when SIGNING_KEY= names a secret
# key). `make legal-info` collects every pinned source, its patches and its
# license texts with a manifest, for a redistributor's source obligations.
# mk/scripts/package builds one tarball; mk/scripts/sbom.py writes its SBOM from the recipes.

# Asked of git once per make (?= would run git at every use: seconds).
ifeq ($(origin VERSION),undefined)
VERSION           := $(shell git -C $(TOP) describe --tags --always --dirty 2>/dev/null || echo 0.0.0)
# The artifacts' own code: the project's LICENSE, in every SBOM and tarball.
PROJECT_LICENSE   := MIT
PROJECT_LICENSE_FILE := $(TOP)/LICENSE
endif
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git -C $(TOP) log -1 --format=%ct 2>/dev/null || echo 0)
endif
SIGNING_KEY       ?=
LICENSES          := $(OUT)/licenses
LEGAL             := $(OUT)/legal-info

rust_target  = $(call target_arch,$(1))-unknown-linux-musl
tarball      = $(DIST)/$(1)-$(VERSION)-$(call rust_target,$(2)).tar.gz
# Both are asked once per make (the templates below use them at parse time).
# name:sha256 of each patch, from the engine's "sha256 name" pairs.
hash_pairs   = $(if $(1),$(word 2,$(1)):$(word 1,$(1)) $(call hash_pairs,$(wordlist 3,$(words $(1)),$(1))))
patch_list   = $(strip $(call hash_pairs,$(call patch_text,$(1))))
sde_iso      := $(shell date -u -d @$(SOURCE_DATE_EPOCH) +%Y-%m-%dT%H:%M:%SZ)

# License texts of a recipe, read out of its verified source.
define license_rules
$(LICENSES)/$(1)/.done: $(FETCHED.$(1))
	@printf '  %-7s %s\n' LICENSE '$(call label,$(1))'
	@$(TOP)/mk/scripts/licenses $(FETCHED.$(1)) '$($(1)_INNER)' $(LICENSES)/$(1) $($(1)_LICENSE_FILES)
	@touch $$@
endef
$(foreach p,$(PACKAGES),$(if $($(p)_SRCDIR),,$(if $($(p)_SOURCES),$(eval $(call license_rules,$(p))))))
# A recipe built from a checkout (<name>_SRCDIR): its license files are read
# from the checkout, and its SBOM record names the commit (and whether the
# tree had changes) instead of a source file.
define srcdir_license_rules
$(LICENSES)/$(1)/.done: FORCE
	@printf '  %-7s %s\n' LICENSE '$(call label,$(1)) (checkout)'
	@rm -rf $(LICENSES)/$(1).tmp && mkdir -p $(LICENSES)/$(1).tmp
	@cd '$($(1)_SRCDIR)' && for f in $($(1)_LICENSE_FILES); do [ -f "$$$$f" ] || \
		{ echo "muslforge: $(1)_LICENSE_FILES names $$$$f, which $($(1)_SRCDIR) does not have" >&2; exit 1; }; \
		mkdir -p "$(LICENSES)/$(1).tmp/$$$$(dirname "$$$$f")" && cp "$$$$f" "$(LICENSES)/$(1).tmp/$$$$f"; done
	@touch $(LICENSES)/$(1).tmp/.done && rm -rf $(LICENSES)/$(1) && mv $(LICENSES)/$(1).tmp $(LICENSES)/$(1)
endef
$(foreach p,$(PACKAGES),$(if $($(p)_SRCDIR),$(eval $(call srcdir_license_rules,$(p)))))

# A record's source fields: the pinned file and its sha256, or for a checkout
# "checkout" and the hash of its content (the key's); and last, for a
# checkout only, "<commit> clean|dirty" (asked of git when the record is written).
define source_args
$(if $($(1)_SRCDIR),checkout '$(call srcdir_hash,$(1))',"$$$$(basename "$$$$(cut -d' ' -f1 $(FETCHED.$(1)))")" "$$$$(cut -d' ' -f2 $(FETCHED.$(1)))")
endef
define checkout_state
$(if $($(1)_SRCDIR),"$$$$(git -C '$($(1)_SRCDIR)' rev-parse HEAD 2>/dev/null || echo none) $$$$(if [ -n "$$$$(git -C '$($(1)_SRCDIR)' status --porcelain 2>/dev/null | head -n 1)" ]; then echo dirty; else echo clean; fi)",'')
endef

# One manifest record per component (see mk/scripts/sbom.py).
# (expanded twice before the shell sees it: by $(call) in a rule template, and
# in the recipe; hence $$$$ for the shell's own substitutions)
define component_record
printf 'component\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' '$(1)' '$($(1)_VERSION)' '$($(1)_LICENSE)' \
	$(call source_args,$(1)) '$(strip $(call patch_list,$(1)))' '$(filter $(2),$($(1)_DEPS))' $(call checkout_state,$(1));
endef

# $(call dist_artifact,NAME,COMPONENTS,MAP): package $(DIST)/<triple>/bin/NAME
# for every musl triple. The SBOM's components and LICENSES are what the
# link took (MAP, a function of the triple: the program's linker map, read by
# mk/scripts/link-components), never a list: COMPONENTS only says which
# recipes' license texts make prepares, and a link that took something not
# in it stops the packaging, naming it.
define dist_artifact_rules
DIST_TARBALLS += $(call tarball,$(1),$(3))
$(DIST)/SHA256SUMS: $(call tarball,$(1),$(3))
$(call tarball,$(1),$(3)): $(DIST)/$(3)/bin/$(1) $(foreach c,$(2),$(LICENSES)/$(c)/.done) $(ELFCHECK) \
		$(TOP)/mk/scripts/package $(TOP)/mk/scripts/sbom.py $(TOP)/mk/scripts/link-components $(PROJECT_LICENSE_FILE)
	@mkdir -p $(OUT)/manifests/dist
	@linked=$$$$($(TOP)/mk/scripts/link-components $(call $(4),$(3)) $(3) $(OUT)) || exit 1; linked=$$$$(echo $$$$linked); \
		for c in $$$$linked; do case ' $(2) ' in (*" $$$$c "*) ;; (*) \
			echo "muslforge: $(1) [$(3)] links $$$$c (its link map, $(call $(4),$(3)), says so), which mk/dist.mk does not list for it" >&2; \
			exit 1 ;; esac; done; \
		{ printf 'artifact\t%s\t%s\t%s\t\t%s\t%s\n' '$(1)' '$(VERSION)' '$(call rust_target,$(3))' '$(sde_iso)' '$(PROJECT_LICENSE)'; \
		$(foreach c,$(2),case " $$$$linked " in (*" $(c) "*) $(call component_record,$(c),$(2)) ;; esac;) } \
		> $(OUT)/manifests/dist/$(1)-$(3).tsv
	@BUILD_PATHS='$(OUT) $(CACHE_DIR)' $(TOP)/mk/scripts/package $(DIST) $(1) $(VERSION) $(call rust_target,$(3)) $$< \
		$(OUT)/toolchain/$(3)/bin/$(3)-strip $(ELFCHECK) $(OUT)/manifests/dist/$(1)-$(3).tsv $(LICENSES) \
		$(SOURCE_DATE_EPOCH)
endef
dist_artifact = $(foreach t,$(TRIPLES),$(eval $(call dist_artifact_rules,$(1),$(2),$(t),$(3))))

gateway_map  = $(OUT)/target/$(1)/gateway/bin/gateway.map
elfcheck_map = $(OUT)/target/$(1)/elfcheck/bin/elfcheck.map
# doctor is the runtime with a payload injected: the runtime's link.
sea_map      = $(OUT)/target/$(1)/sea/bin/sea-runtime.map
$(call dist_artifact,gateway,musl gcc z3 mbedtls c-ares libyaml cjson mimalloc,gateway_map)
$(call dist_artifact,elfcheck,musl gcc mimalloc,elfcheck_map)
$(call dist_artifact,sea-runtime,musl gcc quickjs mbedtls c-ares mimalloc,sea_map)
$(call dist_artifact,doctor,musl gcc quickjs mbedtls c-ares mimalloc,sea_map)

# The toolchains, with the sysroot of libraries, are release artifacts too.
TOOLCHAIN_DIST_PACKAGES = $(filter-out glibc,$(PACKAGES))
define dist_toolchain_rules
DIST_TARBALLS += $(DIST)/muslforge-toolchain-$(VERSION)-$(1).tar.xz
$(DIST)/SHA256SUMS: $(DIST)/muslforge-toolchain-$(VERSION)-$(1).tar.xz
$(DIST)/muslforge-toolchain-$(VERSION)-$(1).tar.xz: $(foreach p,$(TOOLCHAIN_DIST_PACKAGES),$(DONE.$(p).$(1)) $(LICENSES)/$(p)/.done) \
		$(TOP)/mk/scripts/package-toolchain $(TOP)/mk/scripts/sbom.py
	@mkdir -p $(OUT)/manifests/dist
	@{ printf 'artifact\t%s\t%s\t%s\t\t%s\n' muslforge-toolchain '$(VERSION)' '$(1)' '$(sde_iso)'; \
		$(foreach c,$(TOOLCHAIN_DIST_PACKAGES),$(call component_record,$(c),$(TOOLCHAIN_DIST_PACKAGES))) } > $(OUT)/manifests/dist/toolchain-$(1).tsv
	@printf '%s %s %s %s\n' $(foreach p,$(TOOLCHAIN_DIST_PACKAGES),$(p) $($(p)_VERSION) $(call key,$(p),$(1)) $(or $($(p)_INSTALL_TO),sysroot)) \
		> $(OUT)/manifests/dist/toolchain-$(1).keys
	@$(TOP)/mk/scripts/package-toolchain $(DIST) $(VERSION) $(1) $(OUT) $(OUT)/manifests/dist/toolchain-$(1).tsv $(LICENSES) $(SOURCE_DATE_EPOCH) \
		$(OUT)/manifests/dist/toolchain-$(1).keys
endef
$(foreach t,$(TRIPLES),$(eval $(call dist_toolchain_rules,$(t))))

# SHA256SUMS of a release directory's tarballs (every registration adds its
# tarball as a prerequisite and to the list named by $(2)), and its
# signature. Other tarballs there (another version's) are removed, so the
# directory holds one release.
define sums_rules
$(1)/SHA256SUMS:
	@for f in $(1)/*.tar.gz $(1)/*.tar.xz; do \
		case " $$($(2)) " in *" $$$$f "*) ;; *) rm -f "$$$$f" "$$$$f.sha256" ;; esac; done
	@cd $(1) && sha256sum $$(notdir $$(sort $$($(2)))) > SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS
	@rm -f $$@.minisig
	@printf '  %-7s %s\n' SUMS $$@

# With SIGNING_KEY= a minisign secret key (made with minisign -G -W for
# unattended use): SHA256SUMS.minisig, checked with minisign -Vm SHA256SUMS -p KEY.pub.
$(1)/SHA256SUMS.minisig: $(1)/SHA256SUMS $(SIGNING_KEY)
	@minisign -S -s $(SIGNING_KEY) -m $$< -x $$@.tmp -t '$(3)' > /dev/null
	@mv $$@.tmp $$@
	@printf '  %-7s %s\n' SIGN $$@
endef
$(eval $(call sums_rules,$(DIST),DIST_TARBALLS,muslforge $(VERSION)))

dist: $(DIST)/SHA256SUMS $(if $(SIGNING_KEY),$(DIST)/SHA256SUMS.minisig) ; @:

# `make release PROGRAMS="curl jq"` (recipes of an EXTERNAL= tree, or any
# recipe with <name>_PROGRAM): an outside project's -musl release, in
# RELEASE_DIR. Per program and musl triple one tarball named with the
# recipe's _VERSION, through the same package step as muslforge's own (the
# gate, LICENSES, the SBOM), and a SHA256SUMS (and signature) of these alone.
# Only those recipes and what they depend on are built. The program is the
# file <name>_PROGRAM names under the prefix; its link map, kept by the
# install step (mk/scripts/keep-maps), says what it linked: those recipes are
# the SBOM's components and LICENSES's entries, the program's own license
# comes from its source.
PROGRAMS    ?=
RELEASE_DIR ?= $(OUT)/release
closure = $(sort $(1) $(foreach d,$($(1)_DEPS),$(call closure,$(d))))
# What a program can link: its recipe's closure but the toolchain recipes
# that install no library (binutils, the kernel headers), whose license
# texts would cost reading their whole sources.
release_closure = $(filter-out $(filter-out gcc musl,$(MUSL_TOOLCHAIN)),$(call closure,$(1)))
release_tarball = $(RELEASE_DIR)/$(1)-$($(1)_VERSION)-$(call rust_target,$(2)).tar.gz
release_map     = $(PREFIX.$(1).$(2))/usr/share/muslforge/link-maps/$($(1)_PROGRAM).map
$(foreach p,$(PROGRAMS),$(if $(filter $(p),$(PACKAGES)),,$(error muslforge: PROGRAMS names $(p), which no recipe defines (EXTERNAL=$(EXTERNAL))))\
	$(if $($(p)_PROGRAM),,$(error muslforge: PROGRAMS names $(p), whose recipe sets no $(p)_PROGRAM (the installed program to release, as usr/bin/$(p)))))

define release_rules
RELEASE_TARBALLS += $(call release_tarball,$(1),$(2))
$(RELEASE_DIR)/SHA256SUMS: $(call release_tarball,$(1),$(2))
$(call release_tarball,$(1),$(2)): $(DONE.$(1).$(2)) $(foreach c,$(call release_closure,$(1)),$(LICENSES)/$(c)/.done) $(ELFCHECK) \
		$(TOP)/mk/scripts/package $(TOP)/mk/scripts/sbom.py $(TOP)/mk/scripts/link-components
	@mkdir -p $(OUT)/manifests/release
	@linked=$$$$($(TOP)/mk/scripts/link-components $(call release_map,$(1),$(2)) $(2) $(OUT)) || exit 1; linked=$$$$(echo $$$$linked); \
		for c in $$$$linked; do case ' $(call release_closure,$(1)) ' in (*" $$$$c "*) ;; (*) \
			echo "muslforge: $(1) [$(2)] links $$$$c (its link map, $(call release_map,$(1),$(2)), says so), which is not among its dependencies: add it to $(1)_DEPS" >&2; \
			exit 1 ;; esac; done; \
		{ printf 'artifact\t%s\t%s\t%s\t\t%s\t%s\t%s\t%s\t%s\n' '$(1)' '$($(1)_VERSION)' '$(call rust_target,$(2))' '$(sde_iso)' '$($(1)_LICENSE)' \
			$(call source_args,$(1)) $(call checkout_state,$(1)); \
		$(foreach c,$(filter-out $(1),$(call release_closure,$(1))),case " $$$$linked " in (*" $(c) "*) $(call component_record,$(c),$(call release_closure,$(1))) ;; esac;) } \
		> $(OUT)/manifests/release/$(1)-$(2).tsv
	@mkdir -p $(RELEASE_DIR)
	@BUILD_PATHS='$(OUT) $(CACHE_DIR) $($(1)_SRCDIR)' $(TOP)/mk/scripts/package $(RELEASE_DIR) $(1) $($(1)_VERSION) $(call rust_target,$(2)) $(PREFIX.$(1).$(2))/$($(1)_PROGRAM) \
		$(OUT)/toolchain/$(2)/bin/$(2)-strip $(ELFCHECK) $(OUT)/manifests/release/$(1)-$(2).tsv $(LICENSES) \
		$(SOURCE_DATE_EPOCH) $(LICENSES)/$(1)
endef
$(foreach p,$(PROGRAMS),$(foreach t,$(TRIPLES),$(eval $(call release_rules,$(p),$(t)))))
$(if $(PROGRAMS),$(eval $(call sums_rules,$(RELEASE_DIR),RELEASE_TARBALLS,$(PROGRAMS) $(foreach p,$(PROGRAMS),$($(p)_VERSION)))))

release:
	@$(if $(PROGRAMS),,echo 'muslforge: make release needs PROGRAMS="<recipe> ..." (an outside project: EXTERNAL=<tree>; muslforge itself: make dist)' >&2; exit 2;):
release: $(if $(PROGRAMS),$(RELEASE_DIR)/SHA256SUMS $(if $(SIGNING_KEY),$(RELEASE_DIR)/SHA256SUMS.minisig))
.PHONY: release

# Sources, patches and license texts of every recipe, as Buildroot's legal-info.
# (A recipe built from a checkout has no source file to collect.)
LEGAL_PACKAGES = $(foreach p,$(PACKAGES),$(if $($(p)_SRCDIR),,$(if $($(p)_SOURCES),$(p))))
define legal_rules
$(LEGAL)/manifest.csv: $(foreach p,$(LEGAL_PACKAGES),$(FETCHED.$(p)) $(LICENSES)/$(p)/.done) $(TOP)/mk/scripts/legal-info
	@mkdir -p $(OUT)/manifests/dist
	@{ $(foreach p,$(LEGAL_PACKAGES),$(call component_record,$(p),)) } > $(OUT)/manifests/dist/legal-info.tsv
	@$(TOP)/mk/scripts/legal-info $(OUT)/manifests/dist/legal-info.tsv $(LICENSES) $(PATCH_DIR) $(CACHE_DIR)/sources $(LEGAL)
endef
$(eval $(legal_rules))

legal-info: $(LEGAL)/manifest.csv ; @:

.PHONY: dist legal-info

# The official CycloneDX JSON schemas, for validating SBOMs in the tests:
# the CycloneDX library from the npm registry ships them; pinned by sha256.
CYCLONEDX_NPM    := @cyclonedx/cyclonedx-library@10.3.0
CYCLONEDX_TGZ    := cyclonedx-cyclonedx-library-10.3.0.tgz
CYCLONEDX_SHA256 := 9833bd949052eb18218dd64b13ad62d9246f7395eef01c66dad08fcbacf74f01
SBOM_SCHEMA      := $(OUT)/host/cyclonedx-schema
$(SBOM_SCHEMA)/.done:
	@mkdir -p $(CACHE_DIR)/sources $(dir $@)
	@[ -f $(CACHE_DIR)/sources/$(CYCLONEDX_TGZ) ] || \
		(cd $(CACHE_DIR)/sources && npm pack --silent $(CYCLONEDX_NPM) > /dev/null) || \
		{ echo "muslforge: npm pack $(CYCLONEDX_NPM) failed" >&2; exit 1; }
	@actual=$$(sha256sum $(CACHE_DIR)/sources/$(CYCLONEDX_TGZ) | cut -d' ' -f1); [ "$$actual" = $(CYCLONEDX_SHA256) ] || \
		{ echo "muslforge: checksum mismatch for $(CACHE_DIR)/sources/$(CYCLONEDX_TGZ)" >&2; \
		  echo "  expected sha256: $(CYCLONEDX_SHA256)" >&2; echo "  actual sha256:   $$actual" >&2; exit 1; }
	@rm -rf $(SBOM_SCHEMA).tmp && mkdir -p $(SBOM_SCHEMA).tmp
	@tar -xzf $(CACHE_DIR)/sources/$(CYCLONEDX_TGZ) -C $(SBOM_SCHEMA).tmp --strip-components=3 package/res/schema
	@rm -rf $(SBOM_SCHEMA) && mv $(SBOM_SCHEMA).tmp $(SBOM_SCHEMA) && touch $@
sbom-schema: $(SBOM_SCHEMA)/.done ; @:
.PHONY: sbom-schema

# Build the release twice in two clones with different umask, TZ, locale and
# -j, and compare every tarball (mk/scripts/check-repro).
check-repro:
	@$(TOP)/mk/scripts/check-repro $(TOP) $(OUT)/repro
.PHONY: check-repro
