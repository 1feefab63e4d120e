musl_VERSION    := 1.2.6
musl_LICENSE    := MIT
musl_LICENSE_FILES := COPYRIGHT
# Debian ships upstream's signed tarball unchanged (its .orig.tar.gz.asc is
# upstream's signature), so both names carry the same hash.
musl_SOURCES    := musl_$(musl_VERSION).orig.tar.gz:d585fd3b613c66151fc3249e8ed44f77020cb5e6c1e635a616d3f9f82460512a \
	musl-$(musl_VERSION).tar.gz:d585fd3b613c66151fc3249e8ed44f77020cb5e6c1e635a616d3f9f82460512a
musl_URLS       := https://musl.libc.org/releases/musl-$(musl_VERSION).tar.gz
musl_DEBIAN     := musl
musl_DEPS       := gcc
musl_INSTALL_TO := toolchain

# Static only: the artifacts never load a shared libc.
musl_CONFIGURE = $(SRC_DIR)/configure --prefix= --host=$(TRIPLE) --disable-shared \
	CFLAGS="-ffile-prefix-map=$(SRC_DIR)=musl-$(VERSION)"
musl_BUILD     = make -j$(JOBS)
musl_INSTALL   = make DESTDIR=$(DEST_DIR)/$(TRIPLE) install
