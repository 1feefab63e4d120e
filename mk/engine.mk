# The recipe engine: turns each recipe file into fetch, unpack, configure,
# build, stage, cache and install rules, once per target triple.
#
# A recipe <dir>/<name>.mk sets <name>_VERSION, <name>_SOURCES and build
# steps; docs/recipes.md lists every variable. Everything else is here.
#
# Per recipe and triple there is one key: the hash of the recipe's variables,
# its patches, its source dependencies' recipes, its dependencies' keys and
# the host compiler. The key names the done stamp and the binary cache entry,
# so a changed recipe rebuilds itself and its dependents and nothing else.

MK      := $(TOP)/mk
KEYS    := $(OUT)/keys
RUN     := $(MK)/scripts/run-step
# The shell of every rule that runs a step, a store or a merge: a signal to
# it stops all that the line started (mk/scripts/rule-shell says why).
RULE_SHELL := $(MK)/scripts/rule-shell
STAMPS  := $(OUT)/stamps
LOGS    := $(OUT)/logs
BINCACHE := $(CACHE_DIR)/bin

# EXTERNAL trees: each must hold recipes/; a recipe's patches come from its
# own tree's patches/ (PATCH_ROOT.<name>), the in-tree ones from PATCH_DIR.
EXTERNAL_DIRS := $(patsubst %/,%,$(subst :, ,$(EXTERNAL)))
$(foreach d,$(EXTERNAL_DIRS),$(if $(wildcard $(d)/recipes/.),,\
	$(error EXTERNAL: $(d) has no recipes/ directory (a tree holds recipes/*.mk and patches/<name>/<version>/))))
RECIPE_FILES := $(foreach d,$(RECIPE_DIRS) $(addsuffix /recipes,$(EXTERNAL_DIRS)),$(wildcard $(d)/*.mk))
PACKAGES     := $(basename $(notdir $(RECIPE_FILES)))
# Two files for one name would silently replace each other: stop, naming both.
$(foreach p,$(sort $(PACKAGES)),$(if $(word 2,$(filter %/$(p).mk,$(RECIPE_FILES))),\
	$(error recipe '$(p)' is defined twice: $(filter %/$(p).mk,$(RECIPE_FILES)) (rename the outside one))))
$(foreach d,$(EXTERNAL_DIRS),$(foreach f,$(wildcard $(d)/recipes/*.mk),$(eval PATCH_ROOT.$(basename $(notdir $(f))) := $(d)/patches)))
include $(RECIPE_FILES)

# A dependency that names no recipe is a typo: stop before doing anything.
$(foreach p,$(PACKAGES),$(foreach d,$($(p)_DEPS) $($(p)_SRC_DEPS),$(if $(filter $(d),$(PACKAGES)),,\
	$(error $(p): unknown dependency '$(d)' in $(p)_DEPS or $(p)_SRC_DEPS (recipes: $(PACKAGES))))))
DRY_RUN := $(findstring n,$(firstword -$(MAKEFLAGS)))

# A musl triple builds its own cross toolchain; a glibc triple takes the
# host's compilers (the glibc recipe) and builds the same libraries with them.
MUSL_TOOLCHAIN := binutils linux-headers gcc musl
packages_for = $(if $(call is_glibc,$(1)),$(filter-out $(MUSL_TOOLCHAIN),$(PACKAGES)),$(filter-out glibc,$(PACKAGES)))
# A recipe's dependencies on a triple: "musl" means that triple's C library.
deps_of      = $(if $(call is_glibc,$(2)),$(patsubst musl,glibc,$($(1)_DEPS)),$($(1)_DEPS))

# What a recipe's key hashes of it: its build variables, and of its sources
# only the verified hashes. Where a file may come from (_URLS, _DEBIAN, the
# names in _SOURCES) and what it is licensed under change nothing it builds.
KEY_IGNORED = $(1)_SOURCES $(1)_URLS $(1)_DEBIAN $(1)_LICENSE $(1)_LICENSE_FILES $(1)_SRCDIR
source_hashes = $(sort $(foreach s,$($(1)_SOURCES),$(lastword $(subst :, ,$(s)))))
recipe_text = $(foreach v,$(sort $(filter-out $(call KEY_IGNORED,$(1)),$(filter $(1)_%,$(.VARIABLES)))),$(v)=$(value $(v))$(newline))$(if $($(1)_SRCDIR),srcdir $(call srcdir_hash,$(1)),sources $(call source_hashes,$(1)))$(newline)
# <name>_SRCDIR=/path: the recipe builds from a local checkout instead of its
# sources (out of tree; nothing is written into it). Its key holds the
# checkout's content, not its path (mk/scripts/tree-hash, once per make).
srcdir_hash = $(or $(SRCDIR_HASH.$(1)),$(eval SRCDIR_HASH.$(1) := $(call srcdir_hash_now,$(1)))$(SRCDIR_HASH.$(1)))
# The system's python, not a version manager's shim on PATH: this runs at
# every parse, and a shim's start-up alone was 80 ms.
TREE_HASH_PYTHON := $(firstword $(wildcard /usr/bin/python3) python3)
srcdir_hash_now = $(or $(shell $(TREE_HASH_PYTHON) -S $(MK)/scripts/tree-hash '$($(1)_SRCDIR)' '$(OUT)/srcdirs/$(1).stat'),\
	$(error $(1)_SRCDIR=$($(1)_SRCDIR): not a directory))
patch_dir   = $(or $(PATCH_ROOT.$(1)),$(PATCH_DIR))/$(1)/$($(1)_VERSION)
# Hashed once per make: every key that names the recipe as a dependency asks.
patch_hashes = $(if $(wildcard $(call patch_dir,$(1))/*.patch),$(shell cd $(call patch_dir,$(1)) && sha256sum *.patch))
patch_text  = $(or $(PATCH_TEXT.$(1)),$(eval PATCH_TEXT.$(1) := $(call patch_hashes,$(1)))$(PATCH_TEXT.$(1)))
# A checkout is never written into, so it cannot be patched: say so.
$(foreach p,$(PACKAGES),$(if $($(p)_SRCDIR),$(if $(wildcard $(call patch_dir,$(p))/*.patch),\
	$(error $(p)_SRCDIR is never written into, so $(call patch_dir,$(p)) cannot be applied: commit the patches to the checkout))))

# The key text's lines for a source dependency, a dependency (its key) and a
# global variable; a toolchain recipe uses no target flags, a glibc build
# also the glibc link flags.
src_dep_line = source $(1) $($(1)_VERSION) $(call source_hashes,$(1)) $($(1)_INNER) patches $(call patch_text,$(1))$(newline)
dep_line     = dep $(1) $(call key,$(1),$(2))$(newline)
global_line  = $(1)=$(value $(1))$(newline)
key_globals  = $(KEY_GLOBALS) $(if $(filter toolchain,$($(1)_INSTALL_TO)),,$(TARGET_KEY_GLOBALS) $(if $(call is_glibc,$(2)),GLIBC_LDFLAGS) $(call infra_used,$(1)))

define key_text
engine $(ENGINE_EPOCH)
host $(HOST_ID)
target $(2)
$(call recipe_text,$(1))patches $(call patch_text,$(1))
$(foreach d,$($(1)_SRC_DEPS),$(call src_dep_line,$(d)))$(foreach d,$(call deps_of,$(1),$(2)),$(call dep_line,$(d),$(2)))$(foreach v,$(call key_globals,$(1),$(2)),$(call global_line,$(v)))
endef

# The text is kept in out/keys/<triple>/<name>.txt and its hash in .key; the
# hash is computed again only when the text differs from the kept one, so a
# no-op make forks no hashing process (each fork of make costs milliseconds).
kept_key    = $(if $(call kept_text,$(KEYS)/$(2)/$(1).txt,$(3)),$(file <$(KEYS)/$(2)/$(1).key))
# Hashed, the text and key are written only when they changed: make 4.3's
# $(file <) sometimes reads back a kept text that then compares unequal (one
# or two recipes, which ones depending on the paths and the environment:
# t0051), and rewriting it would make every parse look like a change.
hash_key    = $(call write_changed,$(KEYS)/$(2)/$(1).txt,$(3))$(shell cd $(KEYS)/$(2) && \
	k=$$(sha256sum < $(1).txt | cut -c1-16) && { [ "$$k" = "$$(cat $(1).key 2>/dev/null)" ] || echo $$k > $(1).key; } && echo $$k)
compute_key = $(or $(call kept_key,$(1),$(2),$(3)),$(call hash_key,$(1),$(2),$(3)))
key = $(or $(KEY.$(1).$(2)),$(eval KEY.$(1).$(2) := $(call compute_key,$(1),$(2),$(call key_text,$(1),$(2))))$(KEY.$(1).$(2)))

label = $(1)-$($(1)_VERSION)$(if $(2), [$(2)])

# The environment every step script starts from: nothing inherited from the
# user's make invocation or shell may leak into a package's own build, but
# the job slots of a top-level make -jN do (mk/scripts/jobserver/make).
define step_script
set -e
jobserver=$$(printf '%s\n' "$${MAKEFLAGS:-}" | tr ' ' '\n' | grep -E '^(-j[0-9]+|--jobserver-auth=.+)$$' | tr '\n' ' ')
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES CFLAGS CXXFLAGS CPPFLAGS LDFLAGS CC CXX AR MUSLFORGE_JOBSERVER CACHE_TOKEN CACHE_SIGNING_KEY
case $$jobserver in *--jobserver-auth=*) export MUSLFORGE_JOBSERVER="$$jobserver" ;; esac
export PATH="$(MK)/scripts/jobserver:$(TOOLCHAIN_DIR)/bin:$$PATH" LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=0
$(if $(DISTCC_HOSTS),$(distcc_setup))
$(if $(filter 1,$(CCACHE)),$(ccache_setup))
mkdir -p "$(BUILD_DIR)"
cd "$(BUILD_DIR)"
$(1)
endef

# CCACHE=1: ccache in front of every compiler a step runs by name (symbolic
# links named as the compilers, first in PATH: ccache then runs the next one
# of that name) and of CMake's, which are absolute paths (its launcher
# variables). Speed only: a key never changes with it, as ccache's results
# are the compiler's. CCACHE_DIR and ccache's remote storage settings come
# from the environment; the paths it hashes are taken relative to OUT, so
# two clones share hits.
CCACHE_COMPILERS = cc c++ gcc g++ $(foreach c,cc c++ gcc g++,$(TRIPLE)-$(c))
define ccache_setup
mkdir -p "$(OUT)/ccache-bin/$(TRIPLE)"
for c in $(CCACHE_COMPILERS); do ln -sfn "$$(command -v ccache)" "$(OUT)/ccache-bin/$(TRIPLE)/$$c"; done
export PATH="$(OUT)/ccache-bin/$(TRIPLE):$$PATH" CCACHE_DIR="$${CCACHE_DIR:-$(CACHE_DIR)/ccache}" CCACHE_BASEDIR="$(OUT)" \
	CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
endef

# DISTCC_HOSTS=: every compile of a step is sent through distcc, in the
# same way (links named as the compilers; CMake's launcher); with CCACHE=1
# ccache runs first and hands its misses to distcc. JOBS follows the hosts'
# slots (config.mk). Each host runs distccd with the same compilers on its
# PATH (docs/ci.md, "A build farm").
define distcc_setup
mkdir -p "$(OUT)/distcc-bin/$(TRIPLE)"
for c in $(CCACHE_COMPILERS); do ln -sfn "$$(command -v distcc)" "$(OUT)/distcc-bin/$(TRIPLE)/$$c"; done
export DISTCC_HOSTS='$(DISTCC_HOSTS)'
$(if $(filter 1,$(CCACHE)),export CCACHE_PREFIX=distcc,export PATH="$(OUT)/distcc-bin/$(TRIPLE):$$PATH" CMAKE_C_COMPILER_LAUNCHER=distcc CMAKE_CXX_COMPILER_LAUNCHER=distcc)
endef

# $(call step,TAG,name,commands): write the step's script next to its stamp,
# run it quietly, then stamp. `+` hands the step the jobserver: the package's
# own make shares the top-level job slots instead of adding JOBS more.
# <stamp>.started is there while the step runs, and stays only when it was
# stopped (a signal ends the rule-shell line before the rm): the next make
# knows that it resumes in a directory a stopped step left behind.
define step
	$$(shell mkdir -p $$(@D))$$(file >$$@.sh,$$(call step_script,$(3)))
	@touch $$@.started
	+@$$(RUN) $(1) '$$(LABEL)' $$(LOGS)/$$(TRIPLE)/$$(PKG)-$(2).log $$@.sh '$$(HINT)' || { rm -f $$@.started; exit 1; }
	@touch $$@ && rm -f $$@.started
endef

define fetch_rules
FETCHED.$(1) := $(if $($(1)_SRCDIR),,$(if $($(1)_SOURCES),$(OUT)/sources/$(1)-$($(1)_VERSION).src))
ifneq ($(if $($(1)_SRCDIR),,$($(1)_SOURCES)),)
# Fetched again (a cache hit costs one hash) whenever the recipe changes.
$$(FETCHED.$(1)): private SHELL := $(RULE_SHELL)
$$(FETCHED.$(1)): $(filter %/$(1).mk,$(RECIPE_FILES)) | $(HOST_CHECK)
	@mkdir -p $$(dir $$@) $(LOGS)/sources
	@printf '%s\n' '$(MK)/scripts/fetch "$(call label,$(1))" "$$@" "$$($(1)_SOURCES)" "$$($(1)_URLS)" "$$($(1)_DEBIAN)"' > $$@.sh
	@SOURCES='$(SOURCES)' CACHE_DIR='$(CACHE_DIR)' URL_TIMEOUT='$(URL_TIMEOUT)' \
		$(RUN) FETCH '$(call label,$(1))' $(LOGS)/sources/$(1)-$($(1)_VERSION).log $$@.sh
fetch-$(1): $$(FETCHED.$(1))
.PHONY: fetch-$(1)
endif
endef

# $(call unpack_cmd,package,destdir)
unpack_cmd = set -- $$$$(cat $(FETCHED.$(1))); $(MK)/scripts/unpack "$$$$1" "$$$$2" "$(2)" '$($(1)_INNER)' "$(call patch_dir,$(1))" '$($(1)_SOURCES)'$$(newline)

# WORK: the recipe's private work directory (src/, build/, dest/, step
# stamps); STEPS: its step stamps, UNPACK to INSTALL (the recipe's own
# _INSTALL into dest/); DONE: the key-named stamp written once dest/ is
# merged into the prefix (MERGE); CACHED: its binary cache entry.
define recipe_vars
WORK.$(1).$(2)     := $(OUT)/build/$(2)/$(1)
STEPS.$(1).$(2) := $(addprefix $(OUT)/build/$(2)/$(1)/,.unpacked .configured .built .installed $(if $(value $(1)_TESTS_BUILD),.tests-built .tests-installed))
DONE.$(1).$(2)  := $(STAMPS)/$(2)/$(1)-$(call key,$(1),$(2)).done
CACHED.$(1).$(2) := $(BINCACHE)/$(2)/$(1)-$($(1)_VERSION)-$(call key,$(1),$(2)).tar.zst
# A recipe with <name>_TESTS_BUILD builds its test programs in a unit of its
# own, which only make test asks for: TDONE, its stamp; TCACHED, its entry.
TDONE.$(1).$(2)  := $(if $(value $(1)_TESTS_BUILD),$(STAMPS)/$(2)/$(1).tests-$(call key,$(1),$(2)).done)
TCACHED.$(1).$(2) := $(BINCACHE)/$(2)/$(1)-tests-$($(1)_VERSION)-$(call key,$(1),$(2)).tar.zst
PREFIX.$(1).$(2) := $(OUT)/$(or $($(1)_INSTALL_TO),sysroot)/$(2)
endef

# What a failed step's message says to run: make <name>-clean ARCH=<arch>
# (or <name>-glibc-clean GLIBC_ARCH=<arch>), which clean that triple only.
redo_cmd = make $(1)$(if $(call is_glibc,$(3)),-glibc-$(2) GLIBC_ARCH,-$(2) ARCH)=$(firstword $(subst -, ,$(3)))
redo_hint = to start it again from a clean directory: $(call redo_cmd,$(1),clean,$(2)); to ignore the binary cache too: $(call redo_cmd,$(1),rebuild,$(2))

# A recipe's done stamps, whatever their key (keys are 16 hex digits, so
# c-ares' stamps never match a recipe named c).
done_glob = $(STAMPS)/$(2)/$(1)-????????????????.done

# The test programs' unit: its steps build in the recipe's work directory
# after .built (the build tree is there when the recipe was just built; after
# a restore it is built again first), into tests.tmp/, renamed tests/; the
# unit is stored in the binary cache and copied to out/testsuites/<triple>/<name>.
define tests_rules
$$(WORK.$(1).$(2))/.tests-built $$(WORK.$(1).$(2))/.tests-installed: private LABEL := $(call label,$(1),$(2)) tests
$$(WORK.$(1).$(2))/.tests-built $$(WORK.$(1).$(2))/.tests-installed: private TESTS_DIR := $$(WORK.$(1).$(2))/tests.tmp
$$(WORK.$(1).$(2))/.tests-built: $$(WORK.$(1).$(2))/.built
$(call step,BUILD,tests-build,$$($(1)_TESTS_BUILD))
$$(WORK.$(1).$(2))/.tests-installed: $$(WORK.$(1).$(2))/.tests-built
$(call step,INSTALL,tests-install,rm -rf "$$(TESTS_DIR)"$$(newline)mkdir -p "$$(TESTS_DIR)"$$(newline)$$($(1)_TESTS_INSTALL)$$(newline)rm -rf "$$(WORK_DIR)/tests"$$(newline)mv "$$(TESTS_DIR)" "$$(WORK_DIR)/tests")

$$(TDONE.$(1).$(2)): private SHELL := $(RULE_SHELL)
$$(TDONE.$(1).$(2)): $$(DONE.$(1).$(2))
	@if [ -n "$(DRY_RUN)" ]; then \
		printf '  %-7s %s\n' BUILD '$(call label,$(1),$(2)) tests (dry run)'; \
	elif [ -z '$(filter $(1),$(REBUILD))' ] && $(MK)/scripts/cache get $$(TCACHED.$(1).$(2)) $$(WORK.$(1).$(2))/tests '$(call label,$(1),$(2)) tests'; then \
		printf '  %-7s %s\n' CACHED '$(call label,$(1),$(2)) tests'; \
	else \
		$$(MAKE) --no-print-directory -f $(TOP)/Makefile $$(WORK.$(1).$(2))/.tests-installed && \
		printf '  %-7s %s\n' STORE '$(call label,$(1),$(2)) tests' && \
		$(MK)/scripts/cache put $$(TCACHED.$(1).$(2)) $$(WORK.$(1).$(2))/tests '$(call label,$(1),$(2)) tests'; \
	fi
	@rm -f $(STAMPS)/$(2)/$(1).tests-????????????????.done
	@mkdir -p $(OUT)/testsuites/$(2) && rm -rf $(OUT)/testsuites/$(2)/$(1).tmp && \
		cp -a $$(WORK.$(1).$(2))/tests $(OUT)/testsuites/$(2)/$(1).tmp && \
		rm -rf $(OUT)/testsuites/$(2)/$(1) && mv $(OUT)/testsuites/$(2)/$(1).tmp $(OUT)/testsuites/$(2)/$(1)
	@touch $$@
endef

# The rule templates below are expanded twice: by $(call), then by $(eval)
# reading the result as make text. So $(1) and $(2) are the recipe and the
# triple; $$(X) is expanded when the rule runs (target-specific variables,
# make functions of the recipe); $$$$ reaches the shell as $.
define recipe_rules
$$(STEPS.$(1).$(2)) $$(DONE.$(1).$(2)): private SHELL := $(RULE_SHELL)
$$(STEPS.$(1).$(2)): private HINT := $(call redo_hint,$(1),$(2))
# What a recipe's step commands may use (docs/recipes.md).
$$(STEPS.$(1).$(2)): private PKG := $(1)
$$(STEPS.$(1).$(2)): private LABEL := $(call label,$(1),$(2))
$$(STEPS.$(1).$(2)): private TRIPLE := $(2)
$$(STEPS.$(1).$(2)): private VERSION := $($(1)_VERSION)
$$(STEPS.$(1).$(2)): private WORK_DIR := $$(WORK.$(1).$(2))
$$(STEPS.$(1).$(2)): private SRC_DIR := $(or $($(1)_SRCDIR),$$(WORK.$(1).$(2))/src)
$$(STEPS.$(1).$(2)): private BUILD_DIR := $$(WORK.$(1).$(2))/build
$$(STEPS.$(1).$(2)): private DEST_DIR := $$(WORK.$(1).$(2))/dest.tmp
$$(STEPS.$(1).$(2)): private TESTS_DIR := $$(WORK.$(1).$(2))/dest.tmp/.tests
$$(STEPS.$(1).$(2)): private TOOLCHAIN_DIR := $(OUT)/toolchain/$(2)
$$(STEPS.$(1).$(2)): private SYSROOT_DIR := $(OUT)/sysroot/$(2)
$(if $(call is_glibc,$(2)),$$(STEPS.$(1).$(2)): private TARGET_LDFLAGS := $$(GLIBC_LDFLAGS))

# The sources are fetched only for a build: a restore from the binary cache
# (local or remote) needs none of them.
$$(WORK.$(1).$(2))/.unpacked: | $$(FETCHED.$(1)) $$(foreach d,$$($(1)_SRC_DEPS),$$(FETCHED.$$(d)))
$(call step,UNPACK,unpack,$(if $($(1)_SRCDIR),echo 'building from $($(1)_SRCDIR) as it is',$(if $($(1)_SOURCES),$(call unpack_cmd,$(1),$$(SRC_DIR)),mkdir -p "$$(SRC_DIR)"))$(foreach d,$($(1)_SRC_DEPS),$(call unpack_cmd,$(d),$$(WORK_DIR)/src-$(d))))

$$(WORK.$(1).$(2))/.configured: $$(WORK.$(1).$(2))/.unpacked
$(call step,CONFIG,configure,$$($(1)_CONFIGURE))

$$(WORK.$(1).$(2))/.built: $$(WORK.$(1).$(2))/.configured
$(call step,BUILD,build,$$($(1)_BUILD))

$$(WORK.$(1).$(2))/.installed: $$(WORK.$(1).$(2))/.built
$(call step,INSTALL,install,rm -rf "$$(DEST_DIR)"$$(newline)mkdir -p "$$(DEST_DIR)"$$(newline)$$($(1)_INSTALL)$$(newline)$(if $($(1)_PROGRAM),$(MK)/scripts/keep-maps "$$(BUILD_DIR)" "$$(DEST_DIR)" $($(1)_PROGRAM)$$(newline))rm -rf "$$(WORK_DIR)/dest"$$(newline)mv "$$(DEST_DIR)" "$$(WORK_DIR)/dest")

$(if $(value $(1)_TESTS_BUILD),$(call tests_rules,$(1),$(2)))

# The done stamp: restore from the binary cache, or build and store; then
# install into the prefix. Every stamp of the recipe goes before the prefix
# is touched and the new one comes last, so an interrupted install (even of
# an upgrade later reverted) leaves no stamp and the next run installs again.
# A build that resumes where a stopped step was (a <step>.started is left)
# and fails is tried once more from a clean work directory (its .key kept):
# a step stopped half-way can leave a directory its rerun cannot build in
# (binutils configures its subdirectories lazily: issue 27, docs/recipes.md).
# REBUILD (make <name>-rebuild) names recipes that skip the cache: a
# restore is not a rebuild.
# Under make -n the line that runs make is still run (make always runs
# those), so it only says what it would do.
$$(DONE.$(1).$(2)): $$(foreach d,$$(call deps_of,$(1),$(2)),$$(DONE.$$(d).$(2))) | $(HOST_CHECK)
	@if [ "$$$$(cat $$(WORK.$(1).$(2))/.key 2>/dev/null)" != "$(call key,$(1),$(2))" ]; then \
		rm -rf $$(WORK.$(1).$(2)) && mkdir -p $$(WORK.$(1).$(2)) && \
		echo "$(call key,$(1),$(2))" > $$(WORK.$(1).$(2))/.key; fi
	@if [ -n "$(DRY_RUN)" ]; then \
		printf '  %-7s %s (dry run)\n' BUILD '$(call label,$(1),$(2))'; \
	elif [ -z '$(filter $(1),$(REBUILD))' ] && $(MK)/scripts/cache get $$(CACHED.$(1).$(2)) $$(WORK.$(1).$(2))/dest '$(call label,$(1),$(2))'; then \
		printf '  %-7s %s\n' CACHED '$(call label,$(1),$(2))'; \
	else \
		set -- $$(WORK.$(1).$(2))/.*.started; [ -e "$$$$1" ] || set --; \
		$$(MAKE) --no-print-directory -f $(TOP)/Makefile $$(WORK.$(1).$(2))/.installed || \
		{ [ $$$$# != 0 ] && \
			printf '  %-7s %s\n' RETRY '$(call label,$(1),$(2)): the resumed build failed; once more from a clean directory' && \
			find $$(WORK.$(1).$(2)) -mindepth 1 -maxdepth 1 ! -name .key -exec rm -rf {} + && \
			$$(MAKE) --no-print-directory -f $(TOP)/Makefile $$(WORK.$(1).$(2))/.installed; } && \
		printf '  %-7s %s\n' STORE '$(call label,$(1),$(2))' && \
		$(MK)/scripts/cache put $$(CACHED.$(1).$(2)) $$(WORK.$(1).$(2))/dest '$(call label,$(1),$(2))'; \
	fi
	@printf '  %-7s %s\n' MERGE '$(call label,$(1),$(2))'
	@mkdir -p $$(dir $$@) && rm -f $(call done_glob,$(1),$(2))
	@$(MK)/scripts/merge $$(PREFIX.$(1).$(2)) $(OUT)/manifests/$(2)/$(1) $$(WORK.$(1).$(2))/dest $(if $(value $(1)_TESTS_BUILD),-,$(OUT)/testsuites/$(2)/$(1))
	@touch $$@
endef

$(foreach t,$(sort $(ALL_TRIPLES) x86_64-linux-musl aarch64-linux-musl $(GLIBC_ALL_TRIPLES)),$(if $(wildcard $(KEYS)/$(t)/.),,$(shell mkdir -p $(KEYS)/$(t))))
$(foreach p,$(PACKAGES),$(eval $(call fetch_rules,$(p))))
$(foreach t,$(ALL_TRIPLES),$(foreach p,$(call packages_for,$(t)),$(eval $(call recipe_vars,$(p),$(t)))))
$(foreach t,$(ALL_TRIPLES),$(foreach p,$(call packages_for,$(t)),$(eval $(call recipe_rules,$(p),$(t)))))

# TOOLCHAIN_FROM=<released toolchain tarballs, paths or URLs>: their recipes
# go into the binary cache before any toolchain recipe is built, so those
# are restored (mk/scripts/toolchain-from refuses a tarball of other recipes).
ifneq ($(TOOLCHAIN_FROM),)
$(foreach t,$(TRIPLES),$(foreach p,$(MUSL_TOOLCHAIN),$(eval $(DONE.$(p).$(t)): | toolchain-from)))
endif
toolchain-from:
	@$(if $(TOOLCHAIN_FROM),,echo 'muslforge: toolchain-from needs TOOLCHAIN_FROM=<muslforge-toolchain-*.tar.xz, a path or URL>' >&2; exit 2;)mkdir -p $(OUT)/toolchain-from
	@printf '%s %s %s %s %s\n' $(foreach t,$(TRIPLES),$(foreach p,$(call packages_for,$(t)),$(t) $(p) $($(p)_VERSION) $(call key,$(p),$(t)) $(if $(filter $(p),$(MUSL_TOOLCHAIN)),1,0))) \
		> $(OUT)/toolchain-from/want
	@$(MK)/scripts/toolchain-from $(BINCACHE) $(OUT)/toolchain-from $(OUT)/toolchain-from/want $(TOOLCHAIN_FROM)
.PHONY: toolchain-from

# `make keys`: each recipe's key, to see what a change will rebuild.
keys:
	@$(foreach t,$(ALL_TRIPLES),$(foreach p,$(call packages_for,$(t)),echo '$(t) $(p) $(call key,$(p),$(t))';))
.PHONY: keys

# `make <package>` builds it (and what it needs) for every selected triple.
$(foreach p,$(PACKAGES),$(eval $(p): $(foreach t,$(TRIPLES),$(DONE.$(p).$(t))) ; @:))
$(foreach p,$(PACKAGES),$(eval $(p)-glibc: $(foreach t,$(GLIBC_TRIPLES),$(DONE.$(p).$(t))) ; @:))
.PHONY: $(PACKAGES)

# `make <name>-clean`: the recipe's work directory, done stamp and files in
# the prefix (by its manifest) on each selected triple, the done stamp
# first: a clean stopped half-way still builds and installs it again. What
# depends on it keeps its stamp (its key is the same; the next make brings
# the recipe back, from the cache if it is there). `make <name>-rebuild`:
# clean, then build it without the binary cache (a restore is not a
# rebuild), storing the new build there as usual. -glibc-clean and
# -glibc-rebuild do the same for the glibc triples (GLIBC_ARCH).
clean_one = printf '  %-7s %s\n' CLEAN '$(call label,$(1),$(2))' && rm -f $(call done_glob,$(1),$(2)) $(STAMPS)/$(2)/$(1).tests-*.done && \
	$(MK)/scripts/unmerge $(OUT)/manifests/$(2)/$(1) $(OUT)/testsuites/$(2)/$(1) && rm -rf $(WORK.$(1).$(2))
define redo_rules
$(1)$(3)-clean:
	@true$(foreach t,$(2),$(if $(WORK.$(1).$(t)), && $(call clean_one,$(1),$(t))))
$(1)$(3)-rebuild: $(1)$(3)-clean
	@$$(MAKE) --no-print-directory -f $(TOP)/Makefile $(1)$(3) REBUILD=$(1)
.PHONY: $(1)$(3)-clean $(1)$(3)-rebuild
endef
$(foreach p,$(PACKAGES),$(eval $(call redo_rules,$(p),$(TRIPLES)))$(eval $(call redo_rules,$(p),$(GLIBC_TRIPLES),-glibc)))

done_stamps = $(foreach t,$(TRIPLES),$(foreach p,$(1),$(DONE.$(p).$(t))))

# `make lib-tests`: the test programs of every recipe that builds them
# apart (<name>_TESTS_BUILD), on the selected musl triples: make test's.
lib-tests: $(foreach t,$(TRIPLES),$(foreach p,$(call packages_for,$(t)),$(TDONE.$(p).$(t)))) ; @:
# `make <name>-tests`: one recipe's.
$(foreach p,$(PACKAGES),$(if $(value $(p)_TESTS_BUILD),$(eval $(p)-tests: $(foreach t,$(TRIPLES),$(TDONE.$(p).$(t))) ; @:)))
.PHONY: lib-tests $(foreach p,$(PACKAGES),$(p)-tests)

# `make fetch`: every source, verified; then the recipes whose sources have
# one remote place only (no upstream URL, or no Debian package): when that
# place drops the version, a fresh machine cannot build, unless a mirror
# (`make mirror DIR=d`, then SOURCES=d) keeps a copy.
SOURCE_PACKAGES := $(foreach p,$(PACKAGES),$(if $($(p)_SOURCES),$(p)))
one_place = $(if $($(1)_URLS),$(if $($(1)_DEBIAN),,its upstream URLs),$(if $($(1)_DEBIAN),the Debian archive,SOURCES= or the download cache (no remote place)))
fetch: $(foreach p,$(SOURCE_PACKAGES),$(FETCHED.$(p)))
	@$(foreach p,$(SOURCE_PACKAGES),$(if $(call one_place,$(p)),printf '  %-7s %s\n' ONEPLACE '$(call label,$(p)): only from $(call one_place,$(p))';))true
mirror: $(foreach p,$(SOURCE_PACKAGES),$(FETCHED.$(p)))
	@$(if $(DIR),,echo 'muslforge: mirror needs DIR=directory' >&2; exit 2;)$(MK)/scripts/mirror '$(DIR)' $^
.PHONY: fetch mirror

# Every binary cache entry the current recipes use, on every triple.
CACHE_TRIPLES := $(sort $(ALL_TRIPLES) x86_64-linux-musl aarch64-linux-musl $(GLIBC_ALL_TRIPLES))
current_entries = $(foreach t,$(CACHE_TRIPLES),$(foreach p,$(call packages_for,$(t)),$(BINCACHE)/$(t)/$(p)-$($(p)_VERSION)-$(call key,$(p),$(t)).tar.zst \
	$(if $(value $(p)_TESTS_BUILD),$(BINCACHE)/$(t)/$(p)-tests-$($(p)_VERSION)-$(call key,$(p),$(t)).tar.zst)))

# `make cache-prune`: drop binary cache entries no current recipe can use
# (every triple's entries are kept for the current keys of all recipes),
# and what an interrupted store left behind.
cache-prune:
	@printf '%s\n' $(current_entries) | sort > $(KEYS)/keep.txt
	@find $(BINCACHE) -name '*.tar.zst' 2>/dev/null | sort | comm -23 - $(KEYS)/keep.txt | \
		while read -r f; do echo "  PRUNE   $$f"; rm -f "$$f"; done
	@# What a stopped store left (its writer's pid no longer runs), and what a
	@# stopped pull or push left (an hour old: no run is still writing it).
	@find $(BINCACHE) -mindepth 2 -maxdepth 2 -name '*.tar.zst.tmp.*' 2>/dev/null | \
		while read -r f; do kill -0 "$${f##*.}" 2>/dev/null || { echo "  PRUNE   $$f"; rm -f "$$f"; }; done
	@find $(BINCACHE) -mindepth 2 -maxdepth 2 \( -name '.remote.*' -o -name '.push.*' \) -mmin +60 2>/dev/null | \
		while read -r f; do echo "  PRUNE   $$f"; rm -rf "$$f"; done

# `make -s cache-key`: one hash of every current key, for a CI cache's key
# (docs/ci.md). `make cache-export DIR=d` copies the current entries there
# with an index of their hashes; `make cache-import DIR=d` checks each
# against it and adds it to the binary cache. `make cache-push` sends the
# current local entries to CACHE_URL (to fill a remote from a warm machine).
cache-key:
	@printf '%s\n' $(notdir $(current_entries)) | sha256sum | cut -c1-16
cache-export cache-import:
	@$(if $(DIR),,echo 'muslforge: $@ needs DIR=directory' >&2; exit 2;)$(MK)/scripts/cache-dir $(patsubst cache-%,%,$@) '$(DIR)' $(BINCACHE) $(current_entries)
cache-push:
	@$(if $(CACHE_URL),,echo 'muslforge: cache-push needs CACHE_URL' >&2; exit 2;)for f in $(current_entries); do \
		[ ! -f "$$f" ] || CACHE_PUSH=1 $(MK)/scripts/cache push "$$f" "$${f#$(BINCACHE)/}" || exit 1; done
.PHONY: cache-prune cache-key cache-export cache-import cache-push
