# Command templates for recipes that build with autotools, Meson or a plain
# Makefile (CMake's are in mk/cmake.mk): a recipe of either kind is a dozen
# lines, `<name>_CONFIGURE = $(AUTOTOOLS_CONFIGURE) --without-foo` and so on
# (docs/recipes.md). Every one builds out of tree in $(BUILD_DIR), static,
# with the target flags, the sysroot and a pkg-config that sees only it, and
# installs under /usr into $(DEST_DIR).

# The machine the build runs on, for configure's --build: with --host it
# makes configure cross-compile, so it never runs a target program by
# accident (a test that must run one fails instead of probing the host).
BUILD_TRIPLE := $(shell gcc -dumpmachine 2>/dev/null || echo $(HOST_MACHINE)-linux-gnu)

# Every link the templates run writes a GNU ld map beside its output
# (prog -> prog.map): a release reads from the program's map what it linked,
# for its SBOM and LICENSES (mk/scripts/keep-maps, mk/scripts/link-components).
# A CMake recipe that releases a program adds it to CMAKE_EXE_LINKER_FLAGS.
LINK_MAP_LDFLAGS := -Wl,-Map=%.map

# The pkg-config wrapper and the Meson cross file make env writes, for the
# step's triple (mk/scripts/env-files), written before configuring into the
# recipe's own directory (with the link map flag, which make env's lack).
INFRA_ENV      = $(WORK_DIR)/env
infra_env_files = $(MK)/scripts/env-files '$(INFRA_ENV)' '$(TRIPLE)' '$(TOOLCHAIN_DIR)' '$(SYSROOT_DIR)' \
	'$(call emulator,$(TRIPLE))' '$(TARGET_CFLAGS) $(PREFIX_MAP)' '$(TARGET_LDFLAGS) $(LINK_MAP_LDFLAGS)'
# The compilers by name: a musl triple's from its toolchain (on PATH in every
# step), a glibc triple's the host's (x86_64-linux-gnu-gcc, aarch64-linux-gnu-gcc).
INFRA_TOOLS    = CC=$(TRIPLE)-gcc CXX=$(TRIPLE)-g++ AR=$(TRIPLE)-ar RANLIB=$(TRIPLE)-ranlib STRIP=$(TRIPLE)-strip

AUTOTOOLS_CONFIGURE = $(infra_env_files) && $(SRC_DIR)/configure --host=$(TRIPLE) --build=$(BUILD_TRIPLE) \
	--prefix=/usr --libdir=/usr/lib --disable-shared --enable-static \
	$(INFRA_TOOLS) PKG_CONFIG=$(INFRA_ENV)/bin/$(TRIPLE)-pkg-config \
	CFLAGS="$(TARGET_CFLAGS) $(PREFIX_MAP)" CXXFLAGS="$(TARGET_CFLAGS) $(PREFIX_MAP)" \
	CPPFLAGS="-I$(SYSROOT_DIR)/usr/include" LDFLAGS="$(TARGET_LDFLAGS) $(LINK_MAP_LDFLAGS) -L$(SYSROOT_DIR)/usr/lib"
AUTOTOOLS_BUILD   = make -j$(JOBS)
AUTOTOOLS_INSTALL = make DESTDIR=$(DEST_DIR) install

# Meson: the cross file (static, no wrap downloads, qemu as exe_wrapper for
# aarch64 on x86_64), so `meson test` runs the target's programs. A project
# whose meson.build is not at the top says where: <name>_MESON_DIR.
MESON_CONFIGURE = $(infra_env_files) && meson setup --cross-file $(INFRA_ENV)/meson-cross.ini \
	--prefix=/usr --libdir=lib --buildtype=release $(BUILD_DIR) $(SRC_DIR)/$($(PKG)_MESON_DIR)
MESON_BUILD     = ninja -C $(BUILD_DIR) -j$(JOBS)
MESON_INSTALL   = DESTDIR=$(DEST_DIR) meson install -C $(BUILD_DIR) --no-rebuild --quiet

# A plain Makefile: the tools and flags as make variables, both spellings
# of the prefix; the recipe adds its own targets (and -C/-f for out of tree).
MAKE_VARS = $(INFRA_TOOLS) CFLAGS="$(TARGET_CFLAGS) $(PREFIX_MAP) -I$(SYSROOT_DIR)/usr/include" \
	LDFLAGS="$(TARGET_LDFLAGS) $(LINK_MAP_LDFLAGS) -L$(SYSROOT_DIR)/usr/lib" PREFIX=/usr prefix=/usr DESTDIR=$(DEST_DIR)

# mimalloc for an outside program (musl's malloc is slow under allocation-
# heavy and threaded load; muslforge's own artifacts link it the same way):
# the override object on a musl triple, nothing on glibc. A recipe adds
# mimalloc to its _DEPS and the object to its link, e.g. with autotools
# `$(AUTOTOOLS_CONFIGURE) LIBS=$(MIMALLOC_OBJ)`. An object is linked whole
# wherever it stands, so its malloc is the one the program gets, and the
# release's SBOM lists mimalloc (the link map loads it). Not malloc_obj
# (mk/target.mk): MALLOC=musl is no part of a recipe's key, so it must not
# change what a cached recipe links.
MIMALLOC_OBJ = $(if $(call is_glibc,$(TRIPLE)),,$(SYSROOT_DIR)/usr/lib/mimalloc.o)

# A test suite that runs the target's programs by path: $(EMULATE_IN_PLACE)
# '$(call emulator,$(TRIPLE))' FILE... makes each go through qemu on
# aarch64 (binfmt is not available), and changes nothing on x86_64.
EMULATE_IN_PLACE = $(MK)/scripts/emulate-in-place

# A recipe's key holds these templates' text only when it uses one (by
# name), so adding a template here re-keys no recipe that does not.
INFRA_KEY_GLOBALS := AUTOTOOLS_CONFIGURE AUTOTOOLS_BUILD AUTOTOOLS_INSTALL MESON_CONFIGURE MESON_BUILD \
	MESON_INSTALL MAKE_VARS INFRA_TOOLS infra_env_files BUILD_TRIPLE LINK_MAP_LDFLAGS
INFRA_TEMPLATES := AUTOTOOLS_CONFIGURE AUTOTOOLS_BUILD AUTOTOOLS_INSTALL MESON_CONFIGURE MESON_BUILD MESON_INSTALL MAKE_VARS
infra_used = $(if $(strip $(foreach m,$(INFRA_TEMPLATES),$(findstring $(m),$(foreach v,$(filter $(1)_%,$(.VARIABLES)),$(value $(v)))))),$(INFRA_KEY_GLOBALS))
