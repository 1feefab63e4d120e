jq_VERSION       := 1.7.1
jq_LICENSE       := MIT
jq_LICENSE_FILES := COPYING
jq_SOURCES       := jq_$(jq_VERSION).orig.tar.gz:fc75b1824aba7a954ef0886371d951c3bf4b6e0a921d1aefc553f309702d6ed1
jq_DEBIAN        := jq
jq_DEPS          := musl oniguruma mimalloc
jq_PROGRAM       := usr/bin/jq

# Debian's orig is jq's git tree: configure is generated first (into the
# recipe's own copy of the source; so jq_SRCDIR, which must never be written
# into, is not for this recipe as it stands). Oniguruma is the sysroot's. jq allocates
# a value per JSON node: mimalloc instead of musl's malloc (on musl).
jq_CONFIGURE = cd $(SRC_DIR) && autoreconf -fi > /dev/null && cd $(BUILD_DIR) && \
	$(AUTOTOOLS_CONFIGURE) --with-oniguruma=$(SYSROOT_DIR)/usr --disable-docs --disable-valgrind --disable-maintainer-mode \
	LIBS=$(MIMALLOC_OBJ)
# jq --build-configuration prints configure's arguments, which name this
# machine's output directory: written first (make keeps it) with that
# directory as <muslforge-out>, so no path of the build host is in the program.
define jq_BUILD
mkdir -p src
./config.status --config | sed -e 's#$(OUT)/#<muslforge-out>/#g' -e 's/\\/\\\\/g' -e 's/"/\\"/g' \
	-e 's/^/"/' -e 's/$$/"/' -e 's/^/#define JQ_CONFIG /' > src/config_opts.inc
$(AUTOTOOLS_BUILD)
endef
jq_INSTALL   = $(AUTOTOOLS_INSTALL)

# Its test suite (make check), in a unit make test asks for (make lib-tests).
# The scripts run the build tree's jq: on aarch64 through qemu ($(EMULATE_IN_PLACE):
# binfmt is not there to do it). Valgrind is the host's: off.
define jq_TESTS_BUILD
$(EMULATE_IN_PLACE) '$(call emulator,$(TRIPLE))' jq
make check NO_VALGRIND=1 || { cat test-suite.log; exit 1; }
endef
define jq_TESTS_INSTALL
cp $(BUILD_DIR)/test-suite.log $(BUILD_DIR)/tests/*.log $(TESTS_DIR)/
endef
