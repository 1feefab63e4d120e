googletest_VERSION       := 1.16.0
googletest_LICENSE       := BSD-3-Clause
googletest_LICENSE_FILES := LICENSE
googletest_SOURCES       := googletest_$(googletest_VERSION).orig.tar.gz:2f54382b5d13d6cd0be2afc524f1e510d37f8ba78c2d439c5bea64ef37e30d01
googletest_DEBIAN        := googletest
googletest_DEPS          := musl

# Only c-ares's test suite links it; no artifact does.
# GoogleTest's defaults (with gmock, installed) are what c-ares' tests need.
googletest_CONFIGURE = $(CMAKE_CONFIGURE)
googletest_BUILD     = $(CMAKE_BUILD)
googletest_INSTALL   = $(CMAKE_INSTALL)
