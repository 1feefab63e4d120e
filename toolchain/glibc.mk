# The glibc "toolchain": no sources, the host's own compilers and C library
# (Debian's gcc for x86_64-linux-gnu, its cross gcc for aarch64-linux-gnu),
# under the names the other recipes use. Only glibc triples build it.
glibc_VERSION    := $(HOST_GLIBC)
glibc_LICENSE    := LGPL-2.1-or-later
glibc_INSTALL_TO := toolchain
glibc_TOOLS      := gcc g++ ar ranlib strip nm objcopy objdump readelf

define glibc_INSTALL
mkdir -p $(DEST_DIR)/bin
for t in $(glibc_TOOLS); do \
	p=$$(command -v $(TRIPLE)-$$t) || { echo "no $(TRIPLE)-$$t on this host (Debian: gcc, or gcc-$(TRIPLE))" >&2; exit 1; }; \
	ln -s "$$p" $(DEST_DIR)/bin/$(TRIPLE)-$$t; done
endef
