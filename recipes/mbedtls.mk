mbedtls_VERSION       := 3.6.7
mbedtls_LICENSE       := Apache-2.0 OR GPL-2.0-or-later
mbedtls_LICENSE_FILES := LICENSE
# Debian's orig is upstream's release asset, byte for byte.
mbedtls_SOURCES       := mbedtls_3.6.7.orig.tar.bz2:a7e8bcbec0e6f761b4af24f25677626b35f762f68eef79c08677a363212d11f6 \
	mbedtls-3.6.7.tar.bz2:a7e8bcbec0e6f761b4af24f25677626b35f762f68eef79c08677a363212d11f6
mbedtls_URLS          := https://github.com/Mbed-TLS/mbedtls/releases/download/mbedtls-3.6.7/mbedtls-3.6.7.tar.bz2
mbedtls_DEBIAN        := mbedtls
mbedtls_DEPS          := musl

mbedtls_CONFIGURE = $(CMAKE_CONFIGURE) -DENABLE_PROGRAMS=OFF -DENABLE_TESTING=ON \
	-DUSE_STATIC_MBEDTLS_LIBRARY=ON -DUSE_SHARED_MBEDTLS_LIBRARY=OFF -DMBEDTLS_FATAL_WARNINGS=OFF
mbedtls_BUILD     = $(CMAKE_BUILD)
# The test suites run from a directory holding their .datax files and data_files/.
define mbedtls_INSTALL
$(CMAKE_INSTALL)
mkdir -p $(TESTS_DIR)
cp $(BUILD_DIR)/tests/test_suite_* $(TESTS_DIR)/
cp -RL $(SRC_DIR)/tests/data_files $(TESTS_DIR)/
endef
