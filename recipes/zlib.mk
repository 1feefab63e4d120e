zlib_VERSION       := 1.3.1
zlib_LICENSE       := Zlib
zlib_LICENSE_FILES := LICENSE
# Debian's orig is upstream's 1.3.1 with contrib/ files removed (DFSG).
zlib_SOURCES       := zlib_1.3.dfsg+really$(zlib_VERSION).orig.tar.gz:60dd315c07f616887caa029408308a018ace66e3d142726a97db164b3b8f69fb
zlib_DEBIAN        := zlib
zlib_DEPS          := musl

# zlib's configure is its own (not autoconf): the compiler comes from CHOST
# and CC, the flags from the environment; --static builds libz.a only.
zlib_CONFIGURE = CHOST=$(TRIPLE) $(INFRA_TOOLS) CFLAGS="$(TARGET_CFLAGS) $(PREFIX_MAP)" \
	$(SRC_DIR)/configure --prefix=/usr --libdir=/usr/lib --static
zlib_BUILD     = make -j$(JOBS) libz.a
zlib_INSTALL   = make DESTDIR=$(DEST_DIR) install
