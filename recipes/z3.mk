z3_VERSION       := 4.8.12
z3_LICENSE       := MIT
z3_LICENSE_FILES := LICENSE.txt
# GitHub's tag tarball; 4.8.12 is the only Z3 the archive serves here
# (4.13.3 is listed but not served).
z3_SOURCES       := z3_$(z3_VERSION).orig.tar.gz:e3aaefde68b839299cbc988178529535e66048398f7d083b40c69fe0da55f8b7
z3_DEBIAN        := z3
z3_DEPS          := musl

# What differs from Z3's defaults (the engine's CMake line says the rest): a
# static library, no z3 executable (its install rule would want it built).
# Z3 turns its git hash and describe off by itself outside a git checkout.
z3_CONFIGURE = $(CMAKE_CONFIGURE) -DZ3_BUILD_LIBZ3_SHARED=OFF -DZ3_BUILD_EXECUTABLE=OFF
# The library only: Z3's unit tests (test-z3, a fifth of the build) are a
# unit of their own, which make test asks for (make lib-tests), not make.
z3_BUILD       = $(CMAKE_BUILD) --target libz3
z3_INSTALL     = $(CMAKE_INSTALL)
z3_TESTS_BUILD = $(CMAKE_BUILD) --target test-z3
z3_TESTS_INSTALL = cp $(BUILD_DIR)/test-z3 $(TESTS_DIR)/
