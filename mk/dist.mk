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
# A recipe built from a checkout has no verified source to read licenses
# from or to name in an SBOM: releasing it is refused, with the reason.
define srcdir_license_rules
$(LICENSES)/$(1)/.done:
	@echo 'muslforge: $(1) is built from $(1)_SRCDIR=$($(1)_SRCDIR): a release names the verified source of every component it links, so build it from its sources to release (drop $(1)_SRCDIR)' >&2; exit 1
endef
$(foreach p,$(PACKAGES),$(if $($(p)_SRCDIR),$(eval $(call srcdir_license_rules,$(p)))))

# One manifest record per component (see mk/scripts/sbom.py).
# (expanded twice before the shell sees it: by $(call) in a rule template, and
# in the recipe; hence $$$$ for the shell's own substitutions)
define component_record
printf 'component\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' '$(1)' '$($(1)_VERSION)' '$($(1)_LICENSE)' \
	"$$$$(basename "$$$$(cut -d' ' -f1 $(FETCHED.$(1)))")" "$$$$(cut -d' ' -f2 $(FETCHED.$(1)))" \
	'$(strip $(call patch_list,$(1)))' '$(filter $(2),$($(1)_DEPS))';
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
	@$(TOP)/mk/scripts/package $(DIST) $(1) $(VERSION) $(call rust_target,$(3)) $$< \
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

# SHA256SUMS of every tarball of this version (each registration above adds
# its tarball as a prerequisite), and its signature. Tarballs of other
# versions are removed from out/dist, so it holds one release.
$(DIST)/SHA256SUMS:
	@for f in $(DIST)/*.tar.gz $(DIST)/*.tar.xz; do \
		case " $(DIST_TARBALLS) " in *" $$f "*) ;; *) rm -f "$$f" "$$f.sha256" ;; esac; done
	@cd $(DIST) && sha256sum $(notdir $(sort $(DIST_TARBALLS))) > SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS
	@rm -f $@.minisig
	@printf '  %-7s %s\n' SUMS $@

# With SIGNING_KEY= a minisign secret key (made with minisign -G -W for
# unattended use): SHA256SUMS.minisig, checked with minisign -Vm SHA256SUMS -p KEY.pub.
$(DIST)/SHA256SUMS.minisig: $(DIST)/SHA256SUMS $(SIGNING_KEY)
	@minisign -S -s $(SIGNING_KEY) -m $< -x $@.tmp -t 'muslforge $(VERSION)' > /dev/null
	@mv $@.tmp $@
	@printf '  %-7s %s\n' SIGN $@

dist: $(DIST)/SHA256SUMS $(if $(SIGNING_KEY),$(DIST)/SHA256SUMS.minisig) ; @:

# Sources, patches and license texts of every recipe, as Buildroot's legal-info.
LEGAL_PACKAGES = $(foreach p,$(PACKAGES),$(if $($(p)_SOURCES),$(p)))
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
