linux-headers_VERSION    := 6.12.38
linux-headers_LICENSE    := GPL-2.0-only WITH Linux-syscall-note
linux-headers_LICENSE_FILES := COPYING LICENSES/exceptions/Linux-syscall-note
# Debian's repack (firmware removed); headers_install is unaffected.
linux-headers_SOURCES    := linux_$(linux-headers_VERSION).orig.tar.xz:8c89ced59bbd40280ddbe51e50114e2cf7b665104e16116949bd205c17371c0d
linux-headers_DEBIAN     := linux
linux-headers_INSTALL_TO := toolchain

linux-headers_BUILD   = make -C $(SRC_DIR) O=$(BUILD_DIR) \
	ARCH=$(if $(filter aarch64%,$(TRIPLE)),arm64,x86) \
	INSTALL_HDR_PATH=$(BUILD_DIR)/staged headers_install
linux-headers_INSTALL = mkdir -p $(DEST_DIR)/$(TRIPLE) && \
	cp -R $(BUILD_DIR)/staged/include $(DEST_DIR)/$(TRIPLE)/ && \
	find $(DEST_DIR) \( -name .install -o -name ..install.cmd \) -delete
