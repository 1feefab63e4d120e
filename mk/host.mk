# Debian packages the build needs (HOST_PACKAGES) and the tests need
# (TEST_PACKAGES). Missing ones are installed when run as root; otherwise the
# exact apt-get line is printed and make stops.
HOST_PACKAGES := build-essential bison flex libgmp-dev libmpfr-dev libmpc-dev \
	rsync xz-utils bzip2 zstd patch curl bc file python3 perl cmake pkg-config
TEST_PACKAGES := qemu-user musl-tools clang llvm libclang-rt-14-dev dnsmasq-base \
	gnutls-bin openssl iproute2 util-linux libyaml-dev python3-jsonschema minisign \
	g++-aarch64-linux-gnu libc6-dev-arm64-cross
# make bench: the chart, the load generator, instruction counts (cachegrind).
TEST_PACKAGES += gnuplot-nox wrk valgrind
# The validation suite: dig, the client of the testdns tests.
TEST_PACKAGES += bind9-dnsutils
# The host matrix: a static qemu to run inside the arm64 root, the bullseye archive keys.
TEST_PACKAGES += qemu-user-static debian-archive-keyring
# The validation harness: its case files (YAML), and the glibc locale sources localedef compiles.
TEST_PACKAGES += python3-yaml locales
# The gateway's API fuzzer links the host's Z3 (Debian's is the pinned 4.8.12) and cJSON.
TEST_PACKAGES += libz3-dev libcjson-dev
# The remote binary cache tests: a WebDAV server (nginx's DAV module) on loopback.
TEST_PACKAGES += nginx-light
# CCACHE=1 and DISTCC_HOSTS=, and their tests.
TEST_PACKAGES += ccache distcc
# make env's Meson cross file, and its test.
TEST_PACKAGES += meson ninja-build
# The build-system templates' test generates a configure script; the
# examples' jq is a git tree with no configure (autoreconf with libtool).
TEST_PACKAGES += autoconf automake libtool
# curl's own test suite (examples/): its HTTPS, FTPS and other TLS tests run
# their servers behind stunnel, its HTTP/2 tests behind nghttpx.
TEST_PACKAGES += stunnel4 nghttp2-proxy

# Every fetch and build first checks the host (order-only: it never rebuilds anything).
HOST_CHECK := deps

deps:
	@$(TOP)/mk/scripts/host-deps $(HOST_PACKAGES)
test-deps:
	@$(TOP)/mk/scripts/host-deps $(TEST_PACKAGES)
.PHONY: deps test-deps
