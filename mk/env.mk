# `make env`: the target's compilers, flags and sysroot for other build systems.

# `eval "$(make -s env ARCH=aarch64)"` sets up a shell to build against the
# sysroot: the toolchain's bin/ and out/env/<triple>/bin (<triple>-pkg-config)
# on PATH, so autoconf finds both from --host=<triple>, and MESON_CROSS_FILE
# (out/env/<triple>/meson-cross.ini; mk/scripts/env-files writes both).
ENV_DIR = $(OUT)/env/$(TRIPLES)
env:
	@$(if $(filter 1,$(words $(TRIPLES))),,echo 'muslforge: make env needs exactly one ARCH, e.g. make env ARCH=x86_64' >&2; exit 2)
	@$(MK)/scripts/env-files '$(ENV_DIR)' '$(TRIPLES)' '$(OUT)/toolchain/$(TRIPLES)' '$(OUT)/sysroot/$(TRIPLES)' \
		'$(call emulator,$(TRIPLES))' '$(TARGET_CFLAGS)' '$(TARGET_LDFLAGS)'
	@printf "export PATH='%s'\":\$$PATH\"\n" '$(OUT)/toolchain/$(TRIPLES)/bin:$(ENV_DIR)/bin'
	@printf "export %s='%s'\n" \
		MUSLFORGE_TRIPLE '$(TRIPLES)' \
		PKG_CONFIG '$(ENV_DIR)/bin/$(TRIPLES)-pkg-config' \
		MESON_CROSS_FILE '$(ENV_DIR)/meson-cross.ini' \
		CC '$(OUT)/toolchain/$(TRIPLES)/bin/$(TRIPLES)-gcc' \
		CXX '$(OUT)/toolchain/$(TRIPLES)/bin/$(TRIPLES)-g++' \
		AR '$(OUT)/toolchain/$(TRIPLES)/bin/$(TRIPLES)-ar' \
		RANLIB '$(OUT)/toolchain/$(TRIPLES)/bin/$(TRIPLES)-ranlib' \
		STRIP '$(OUT)/toolchain/$(TRIPLES)/bin/$(TRIPLES)-strip' \
		CFLAGS '$(TARGET_CFLAGS)' \
		CXXFLAGS '$(TARGET_CFLAGS)' \
		CPPFLAGS '-I$(OUT)/sysroot/$(TRIPLES)/usr/include' \
		LDFLAGS '$(TARGET_LDFLAGS) -L$(OUT)/sysroot/$(TRIPLES)/usr/lib' \
		PKG_CONFIG_SYSROOT_DIR '$(OUT)/sysroot/$(TRIPLES)' \
		PKG_CONFIG_LIBDIR '$(OUT)/sysroot/$(TRIPLES)/usr/lib/pkgconfig:$(OUT)/sysroot/$(TRIPLES)/usr/share/pkgconfig' \
		CMAKE_TOOLCHAIN_FILE '$(call cmake_file,$(TRIPLES))' \
		MUSLFORGE_MALLOC_OBJ '$(call malloc_obj,$(TRIPLES))' \
		MUSLFORGE_EMULATOR '$(call emulator,$(TRIPLES))'
.PHONY: env
