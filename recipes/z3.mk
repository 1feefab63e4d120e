z3_VERSION       := 4.8.12
z3_LICENSE       := MIT
z3_LICENSE_FILES := LICENSE.txt
# GitHub's tag tarball; 4.8.12 is the only Z3 the archive serves here
# (4.13.3 is listed but not served).
z3_SOURCES       := z3_$(z3_VERSION).orig.tar.gz:e3aaefde68b839299cbc988178529535e66048398f7d083b40c69fe0da55f8b7
z3_DEBIAN        := z3
z3_DEPS          := musl

z3_CONFIGURE = $(CMAKE_CONFIGURE) -DZ3_BUILD_LIBZ3_SHARED=OFF -DZ3_BUILD_EXECUTABLE=OFF \
	-DZ3_BUILD_TEST_EXECUTABLES=ON -DZ3_ENABLE_EXAMPLE_TARGETS=OFF -DZ3_BUILD_PYTHON_BINDINGS=OFF \
	-DZ3_USE_LIB_GMP=OFF -DZ3_INCLUDE_GIT_HASH=OFF -DZ3_INCLUDE_GIT_DESCRIBE=OFF \
	-DZ3_LINK_TIME_OPTIMIZATION=OFF -DZ3_BUILD_DOCUMENTATION=OFF
# test-z3 (Z3's unit tests) is not part of the default target.
z3_BUILD     = $(CMAKE_BUILD) --target libz3 test-z3
define z3_INSTALL
$(CMAKE_INSTALL)
mkdir -p $(TESTS_DIR)
cp $(BUILD_DIR)/test-z3 $(TESTS_DIR)/
endef
