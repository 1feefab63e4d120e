libyaml_VERSION       := 0.2.5
libyaml_LICENSE       := MIT
libyaml_LICENSE_FILES := License
libyaml_SOURCES       := libyaml_$(libyaml_VERSION).orig.tar.gz:fa240dbf262be053f3898006d502d514936c818e422afdcf33921c63bed9bf2e
libyaml_DEBIAN        := libyaml
libyaml_DEPS          := musl

# The gateway's policy loader. Its two unit tests are kept for the test suite.
# libyaml's defaults (its tests included) are what the tests need.
libyaml_CONFIGURE = $(CMAKE_CONFIGURE)
libyaml_BUILD     = $(CMAKE_BUILD)
define libyaml_INSTALL
$(CMAKE_INSTALL)
mkdir -p $(TESTS_DIR)
cp $(BUILD_DIR)/test-version $(BUILD_DIR)/test-reader $(TESTS_DIR)/
endef
