binutils_VERSION    := 2.44
binutils_LICENSE    := GPL-3.0-or-later
binutils_LICENSE_FILES := COPYING3 COPYING3.LIB
# Debian's DFSG repack (manuals removed); upstream's tarball differs.
binutils_SOURCES    := binutils_$(binutils_VERSION).orig.tar.xz:c41a0272424f41bb01bf828e7ffef1b2d59d1788064fd6b5f1d971717e9320b8
binutils_DEBIAN     := binutils
binutils_INSTALL_TO := toolchain

binutils_CONFIGURE = $(SRC_DIR)/configure --target=$(TRIPLE) --prefix= --libdir=/lib \
	--with-sysroot=/$(TRIPLE) --disable-multilib --disable-werror --disable-nls \
	--disable-separate-code --enable-deterministic-archives \
	--enable-compressed-debug-sections=none --disable-gprofng --disable-gdb \
	--disable-gdbserver --disable-sim $(HOST_OPT)
binutils_BUILD     = $(GNU_MAKE) -j$(JOBS) MAKE="$(GNU_MAKE)" all
binutils_INSTALL   = $(GNU_MAKE) MAKE="$(GNU_MAKE)" DESTDIR=$(DEST_DIR) install
