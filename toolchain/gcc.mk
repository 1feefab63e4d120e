gcc_VERSION    := 14.2.0
gcc_LICENSE    := GPL-3.0-or-later WITH GCC-exception-3.1
gcc_LICENSE_FILES := COPYING3 COPYING.RUNTIME
# Debian's orig wraps the DFSG tarball (manuals removed) next to newlib's.
gcc_SOURCES    := gcc-14_$(gcc_VERSION).orig.tar.gz:e162a5ef3f0077ecae598c6556908d2ab80841532df3398072a96a6df6e6aa29
gcc_DEBIAN     := gcc-14
gcc_INNER      := gcc-*-dfsg.tar.xz
gcc_DEPS       := binutils linux-headers
# libgcc and libstdc++ are built against musl, so gcc builds a private musl
# in its build sysroot (the order musl-cross-make uses); the musl recipe then
# installs the real one with the finished compiler.
gcc_SRC_DEPS   := musl
gcc_INSTALL_TO := toolchain

define gcc_CONFIGURE
mkdir -p $(WORK_DIR)/sysroot/include $(WORK_DIR)/sysroot/lib
ln -sfn . $(WORK_DIR)/sysroot/usr
ln -sfn lib $(WORK_DIR)/sysroot/lib64
cp -R $(TOOLCHAIN_DIR)/$(TRIPLE)/include/. $(WORK_DIR)/sysroot/include/
$(SRC_DIR)/configure --target=$(TRIPLE) --prefix= --libdir=/lib \
	--with-sysroot=/$(TRIPLE) --with-build-sysroot=$(WORK_DIR)/sysroot \
	--enable-languages=c,c++ --disable-multilib --disable-bootstrap --disable-nls \
	--disable-werror --disable-libsanitizer --disable-libitm --disable-libssp --disable-libvtv \
	--enable-tls --disable-gnu-indirect-function \
	--enable-libstdcxx-time --enable-default-pie $(HOST_OPT)
endef

# Each phase's end goes to the log with the seconds since the start, to show
# where a cold build's time goes (docs/performance.md).
gcc_phase = echo "muslforge: $(1) done at $$(( $$(date +%s) - t0 )) s"
define gcc_BUILD
t0=$$(date +%s)
$(GNU_MAKE) -j$(JOBS) MAKE="$(GNU_MAKE)" all-gcc
$(call gcc_phase,all-gcc)
mkdir -p $(WORK_DIR)/musl-build
cd $(WORK_DIR)/musl-build
$(WORK_DIR)/src-musl/configure --prefix= --host=$(TRIPLE) \
	CC="$(BUILD_DIR)/gcc/xgcc -B $(BUILD_DIR)/gcc" \
	LIBCC=$(BUILD_DIR)/$(TRIPLE)/libgcc/libgcc.a
make DESTDIR=$(WORK_DIR)/sysroot install-headers
cd $(BUILD_DIR)
$(GNU_MAKE) -j$(JOBS) MAKE="$(GNU_MAKE) enable_shared=no" all-target-libgcc
$(call gcc_phase,libgcc without libc)
cd $(WORK_DIR)/musl-build
make -j$(JOBS)
make DESTDIR=$(WORK_DIR)/sysroot install
$(call gcc_phase,build-sysroot musl)
cd $(BUILD_DIR)
$(GNU_MAKE) -j$(JOBS) MAKE="$(GNU_MAKE)" all-target-libgcc
$(call gcc_phase,libgcc)
$(GNU_MAKE) -j$(JOBS) MAKE="$(GNU_MAKE)" all-target-libstdc++-v3
$(call gcc_phase,libstdc++)
$(GNU_MAKE) -j$(JOBS) MAKE="$(GNU_MAKE)"
$(call gcc_phase,the other target libraries)
endef

define gcc_INSTALL
$(GNU_MAKE) MAKE="$(GNU_MAKE)" DESTDIR=$(DEST_DIR) install
ln -sf $(TRIPLE)-gcc $(DEST_DIR)/bin/$(TRIPLE)-cc
endef
