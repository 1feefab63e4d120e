# `make env`: the target's compilers, flags and sysroot for other build systems.

# `eval "$(make -s env ARCH=aarch64)"` sets up a shell to build against the sysroot.
env:
	@$(if $(filter 1,$(words $(TRIPLES))),,echo 'muslforge: make env needs exactly one ARCH, e.g. make env ARCH=x86_64' >&2; exit 2)
	@printf "export %s='%s'\n" \
		MUSLFORGE_TRIPLE '$(TRIPLES)' \
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
