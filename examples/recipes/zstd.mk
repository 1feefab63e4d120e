zstd_VERSION       := 1.5.7
zstd_LICENSE       := BSD-3-Clause OR GPL-2.0-only
zstd_LICENSE_FILES := LICENSE COPYING
# Debian's orig drops a few prebuilt test binaries (DFSG); the code is upstream's.
zstd_SOURCES       := libzstd_$(zstd_VERSION)+dfsg.orig.tar.xz:0c092ef267edce57ba7f3f2645c861f72eaf5e76273c6c3632869423464b90a5
zstd_DEBIAN        := libzstd
zstd_DEPS          := musl
zstd_PROGRAM       := usr/bin/zstd

# Through zstd's Meson build (build/meson), with its test programs; no
# zlib, lzma or lz4 formats (no such recipes).
zstd_MESON_DIR  := build/meson
zstd_CONFIGURE  = $(MESON_CONFIGURE) -Dbin_tests=true -Dzlib=disabled -Dlzma=disabled -Dlz4=disabled
zstd_BUILD      = $(MESON_BUILD)
zstd_INSTALL    = $(MESON_INSTALL)

# Its tests, in a unit make test asks for (make lib-tests): the meson tests
# this configuration defines (test-fuzzer needs zlib, test-legacy a lower
# legacy level), but valgrindTest (the host's valgrind, which cannot run an
# aarch64 program) and the CLI script, which meson starts as a host script
# that runs zstd and datagen directly: it is run here with EXE_PREFIX (its
# own hook) and a datagen that goes through the emulator, so it too runs
# under qemu on aarch64. The logs are kept in out/testsuites/<triple>/zstd/.
zstd_MESON_TESTS = test-fullbench-1 test-fullbench-2 test-zstream-1 test-zstream-3 test-longmatch \
	test-invalidDictionaries test-decodecorpus test-poolTests
define zstd_TESTS_BUILD
meson test -C $(BUILD_DIR) --no-rebuild --print-errorlogs $(zstd_MESON_TESTS)
printf '#!/bin/sh\nexec %s %s "$$@"\n' '$(call emulator,$(TRIPLE))' '$(BUILD_DIR)/tests/datagen' > $(BUILD_DIR)/datagen-run
chmod +x $(BUILD_DIR)/datagen-run
cd $(SRC_DIR)/tests && EXE_PREFIX='$(call emulator,$(TRIPLE))' ZSTD_BIN=$(BUILD_DIR)/programs/zstd \
	DATAGEN_BIN=$(BUILD_DIR)/datagen-run sh ./playTests.sh > $(BUILD_DIR)/playTests.log 2>&1 || \
	{ tail -n 40 $(BUILD_DIR)/playTests.log; exit 1; }
echo 'playTests.sh: exit status 0' >> $(BUILD_DIR)/playTests.log
endef
define zstd_TESTS_INSTALL
cp $(BUILD_DIR)/meson-logs/testlog.txt $(BUILD_DIR)/playTests.log $(TESTS_DIR)/
endef
