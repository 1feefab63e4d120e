c-ares_VERSION       := 1.34.5
c-ares_LICENSE       := MIT
c-ares_LICENSE_FILES := LICENSE.md
# Debian ships upstream's signed release tarball unchanged.
c-ares_SOURCES       := c-ares_$(c-ares_VERSION).orig.tar.gz:7d935790e9af081c25c495fd13c2cfcda4792983418e96358ef6e7320ee06346 \
	c-ares-$(c-ares_VERSION).tar.gz:7d935790e9af081c25c495fd13c2cfcda4792983418e96358ef6e7320ee06346
c-ares_URLS          := https://github.com/c-ares/c-ares/releases/download/v$(c-ares_VERSION)/c-ares-$(c-ares_VERSION).tar.gz
c-ares_DEBIAN        := c-ares
c-ares_DEPS          := musl googletest

# What differs from c-ares' defaults (the engine's CMake line says the rest).
c-ares_CONFIGURE = $(CMAKE_CONFIGURE) -DCARES_STATIC=ON -DCARES_SHARED=OFF -DCARES_BUILD_TOOLS=OFF \
	-DCARES_BUILD_TESTS=ON -DCARES_STATIC_PIC=ON
c-ares_BUILD     = $(CMAKE_BUILD)
define c-ares_INSTALL
$(CMAKE_INSTALL)
mkdir -p $(TESTS_DIR)
cp $(BUILD_DIR)/bin/arestest $(TESTS_DIR)/
endef
