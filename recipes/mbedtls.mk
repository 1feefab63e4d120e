mbedtls_VERSION       := 3.6.7
mbedtls_LICENSE       := Apache-2.0 OR GPL-2.0-or-later
mbedtls_LICENSE_FILES := LICENSE
# Debian's orig is upstream's release asset, byte for byte.
mbedtls_SOURCES       := mbedtls_$(mbedtls_VERSION).orig.tar.bz2:a7e8bcbec0e6f761b4af24f25677626b35f762f68eef79c08677a363212d11f6 \
	mbedtls-$(mbedtls_VERSION).tar.bz2:a7e8bcbec0e6f761b4af24f25677626b35f762f68eef79c08677a363212d11f6
mbedtls_URLS          := https://github.com/Mbed-TLS/mbedtls/releases/download/mbedtls-$(mbedtls_VERSION)/mbedtls-$(mbedtls_VERSION).tar.bz2
mbedtls_DEBIAN        := mbedtls
mbedtls_DEPS          := musl

# What differs from mbedTLS's defaults (the engine's CMake line says the rest).
mbedtls_CONFIGURE = $(CMAKE_CONFIGURE) -DENABLE_PROGRAMS=OFF -DMBEDTLS_FATAL_WARNINGS=OFF
# The libraries only: the test suites (most of the build) are a unit of
# their own, which make test asks for (make lib-tests), not make.
mbedtls_BUILD     = $(CMAKE_BUILD) --target mbedcrypto mbedx509 mbedtls
mbedtls_INSTALL   = $(CMAKE_INSTALL)
mbedtls_TESTS_BUILD = $(CMAKE_BUILD)
# The test suites find their data as ../framework/data_files from the
# directory they run in; keep that layout (and leave the generated .c out).
define mbedtls_TESTS_INSTALL
mkdir -p $(TESTS_DIR)/tests $(TESTS_DIR)/framework
find $(BUILD_DIR)/tests -maxdepth 1 -name 'test_suite_*' ! -name '*.c' -exec cp {} $(TESTS_DIR)/tests/ \;
cp -RL $(SRC_DIR)/framework/data_files $(TESTS_DIR)/framework/
endef
