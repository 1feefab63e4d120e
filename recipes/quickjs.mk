quickjs_VERSION       := 2025.04.26
quickjs_LICENSE       := MIT
quickjs_LICENSE_FILES := LICENSE
# The pristine upstream release as Debian serves it (the sha256 matches the
# archive's signed Sources index); docs/sea.md.
quickjs_SOURCES       := quickjs_$(quickjs_VERSION).orig.tar.xz:ec81da5b3249ed648dbc7df4a1654988910e66a118d9b71cb63534216efcfbbe
quickjs_DEBIAN        := quickjs
quickjs_DEPS          := musl

# The library the SEA runtime (apps/sea) links, and, built for the glibc
# triple with the host's compiler, the one sea-inject compiles payloads with:
# one source, one version, so the bytecode agrees. Upstream's Makefile builds
# programs and shared libraries we do not want, so the six library files are
# compiled here with our flags; without HAVE_CLOSEFROM, as upstream's own
# build of this release (its Makefile probes compat/, which the release
# lacks). quickjs-version.h carries the version that payload headers record
# and the runtime checks.
quickjs_OBJS := quickjs dtoa libregexp libunicode cutils quickjs-libc

define quickjs_BUILD
defs="-D_GNU_SOURCE -DCONFIG_VERSION=\"$$(cat $(SRC_DIR)/VERSION)\""
for f in $(quickjs_OBJS); do \
	$(TRIPLE)-gcc $(TARGET_CFLAGS) $(PREFIX_MAP) $$defs -c -o $$f.o $(SRC_DIR)/$$f.c; done
rm -f libquickjs.a
$(TRIPLE)-ar rcD libquickjs.a $(addsuffix .o,$(quickjs_OBJS))
printf '/* Written by recipes/quickjs.mk from the source tree'"'"'s VERSION. */\n#define QJS_VERSION "%s"\n' \
	"$$(cat $(SRC_DIR)/VERSION)" > quickjs-version.h
endef

define quickjs_INSTALL
mkdir -p $(DEST_DIR)/usr/lib $(DEST_DIR)/usr/include/quickjs $(TESTS_DIR)
cp libquickjs.a $(DEST_DIR)/usr/lib/
cp $(SRC_DIR)/quickjs.h $(SRC_DIR)/quickjs-libc.h quickjs-version.h $(DEST_DIR)/usr/include/quickjs/
cd $(SRC_DIR)/tests && cp test_language.js test_closure.js test_loop.js test_bigint.js test_std.js $(TESTS_DIR)/
endef
