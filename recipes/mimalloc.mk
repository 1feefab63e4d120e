mimalloc_VERSION       := 2.0.9
mimalloc_LICENSE       := MIT
mimalloc_LICENSE_FILES := LICENSE
# Debian's +ds repack (bin/ and docs removed); 2.0.9 is the newest served here.
mimalloc_SOURCES       := mimalloc_$(mimalloc_VERSION)+ds.orig.tar.xz:cbc9d207ff105ad1f0cb739c378076143a6452b8d0624309cea0abfb040e972b
mimalloc_DEBIAN        := mimalloc
mimalloc_DEPS          := musl

# mimalloc.o is the override object artifacts link first, replacing musl's malloc.
# What differs from mimalloc's defaults (the engine's CMake line says the rest).
mimalloc_CONFIGURE = $(CMAKE_CONFIGURE) -DMI_BUILD_SHARED=OFF -DMI_INSTALL_TOPLEVEL=ON
mimalloc_BUILD     = $(CMAKE_BUILD)
define mimalloc_INSTALL
$(CMAKE_INSTALL)
mkdir -p $(TESTS_DIR)
cp $(BUILD_DIR)/mimalloc-test-api $(BUILD_DIR)/mimalloc-test-api-fill $(BUILD_DIR)/mimalloc-test-stress $(TESTS_DIR)/
endef
