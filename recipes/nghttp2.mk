nghttp2_VERSION       := 1.64.0
nghttp2_LICENSE       := MIT
nghttp2_LICENSE_FILES := COPYING
# Debian's orig is the release's git tree (no configure script): CMake then.
nghttp2_SOURCES       := nghttp2_$(nghttp2_VERSION).orig.tar.gz:b452dc69a1fcbc9375389b8b154175d8b7b125cdd713fc426774c2b79a1ebd77
nghttp2_DEBIAN        := nghttp2
nghttp2_DEPS          := musl

# The HTTP/2 library alone (curl's HTTP/2), static; not its tools, tests or docs.
nghttp2_CONFIGURE = $(CMAKE_CONFIGURE) -DENABLE_LIB_ONLY=ON -DBUILD_STATIC_LIBS=ON -DBUILD_TESTING=OFF -DENABLE_DOC=OFF
nghttp2_BUILD     = $(CMAKE_BUILD)
nghttp2_INSTALL   = $(CMAKE_INSTALL)
