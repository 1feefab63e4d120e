cjson_VERSION       := 1.7.19
cjson_LICENSE       := MIT
cjson_LICENSE_FILES := LICENSE
# 1.7.19 (sid): bookworm's 1.7.15 predates the 1.7.18 and 1.7.19 fixes (CVE-2024-31755, #852, #880).
cjson_SOURCES       := cjson_$(cjson_VERSION).orig.tar.gz:7fa616e3046edfa7a28a32d5f9eacfd23f92900fe1f8ccd988c1662f30454562
cjson_DEBIAN        := cjson
cjson_DEPS          := musl

# Its own warning flags include -Werror, which a newer gcc trips over; ours apply.
# What differs from cJSON's defaults (the engine's CMake line says the rest).
cjson_CONFIGURE = $(CMAKE_CONFIGURE) -DENABLE_CUSTOM_COMPILER_FLAGS=OFF
cjson_BUILD     = $(CMAKE_BUILD)
define cjson_INSTALL
$(CMAKE_INSTALL)
mkdir -p $(TESTS_DIR)
find $(BUILD_DIR)/tests -maxdepth 1 -type f -perm -u+x -exec cp {} $(TESTS_DIR)/ \;
cp -R $(SRC_DIR)/tests/inputs $(TESTS_DIR)/
endef
