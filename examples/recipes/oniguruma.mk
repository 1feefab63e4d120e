oniguruma_VERSION       := 6.9.9
oniguruma_LICENSE       := BSD-2-Clause
oniguruma_LICENSE_FILES := COPYING
oniguruma_SOURCES       := libonig_$(oniguruma_VERSION).orig.tar.gz:001aa1202e78448f4c0bf1a48c76e556876b36f16d92ce3207eccfd61d99f2a0
oniguruma_DEBIAN        := libonig
oniguruma_DEPS          := musl

# jq's regular expressions: the static library (Debian's orig has no
# configure script, so its CMake build).
oniguruma_CONFIGURE = $(CMAKE_CONFIGURE) -DBUILD_TEST=OFF -DINSTALL_DOCUMENTATION=OFF
oniguruma_BUILD     = $(CMAKE_BUILD)
oniguruma_INSTALL   = $(CMAKE_INSTALL)
