curl_VERSION       := 8.14.1
curl_LICENSE       := curl
curl_LICENSE_FILES := COPYING
curl_SOURCES       := curl_$(curl_VERSION).orig.tar.gz:6766ada7101d292b42b8b15681120acd68effa4a9660935853cf6d61f0d984d4
curl_DEBIAN        := curl
curl_DEPS          := musl mbedtls c-ares zlib nghttp2
curl_PROGRAM       := usr/bin/curl

# TLS by mbedTLS, names by c-ares, HTTP/2 by nghttp2, gzip by zlib: all the
# sysroot's. No CA path is fixed at build time (the patch finds the host's);
# the optional libraries muslforge does not build are switched off, so
# configure never picks up the build host's.
curl_CONFIGURE = $(AUTOTOOLS_CONFIGURE) --with-mbedtls=$(SYSROOT_DIR)/usr --enable-ares=$(SYSROOT_DIR)/usr \
	--with-zlib=$(SYSROOT_DIR)/usr --with-nghttp2=$(SYSROOT_DIR)/usr --without-ca-bundle --without-ca-path \
	--without-libpsl --without-libidn2 --without-brotli --without-zstd --without-libssh2 --without-librtmp \
	--without-libgsasl --disable-ldap --disable-docs
curl_BUILD     = $(AUTOTOOLS_BUILD)
curl_INSTALL   = $(AUTOTOOLS_INSTALL)

# Its own test suite (runtests.pl, the default selection: what `make test`
# runs on a native build, which without the docs leaves out the
# "documentation" tests, as here), in a unit make test asks for (make
# lib-tests). Its Makefile refuses to run the tests of a cross build, so
# runtests.pl is started here; on aarch64 the programs it starts by path
# (curl, the test servers, the test programs) go through qemu
# ($(EMULATE_IN_PLACE)). Not under the host's valgrind (-n): valgrind keeps
# long double at double's precision, and musl's printf works in long double
# (test 557 then sees 9.0 for %.1f of 9.1). Its TLS tests put stunnel in front
# of the test servers, its HTTP/2 tests nghttpx: both required, so those
# tests are run, not skipped. The summary and every skip's
# reason are kept in out/testsuites/<triple>/curl/.
define curl_TESTS_BUILD
command -v stunnel > /dev/null || { echo 'stunnel is needed for the TLS tests (make test-deps)' >&2; exit 1; }
NGHTTPX=$$(PATH=$$PATH:/usr/sbin command -v nghttpx) || { echo 'nghttpx is needed for the HTTP/2 tests (make test-deps)' >&2; exit 1; }
export NGHTTPX
make -C tests -j$(JOBS)
$(EMULATE_IN_PLACE) '$(call emulator,$(TRIPLE))' src tests/server tests/libtest tests/unit tests/tunit
cd tests && srcdir=$(SRC_DIR)/tests perl $(SRC_DIR)/tests/runtests.pl -a -n -j$(JOBS) '!documentation' > runtests.log 2>&1 || \
	{ tail -n 80 runtests.log; exit 1; }
endef
define curl_TESTS_INSTALL
cp $(BUILD_DIR)/tests/runtests.log $(TESTS_DIR)/
endef
