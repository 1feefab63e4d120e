# muslforge: pinned sources in, fully static musl release artifacts out.
# `make help` lists the targets.

TOP := $(patsubst %/,%,$(dir $(abspath $(firstword $(MAKEFILE_LIST)))))

all: toolchain

include $(TOP)/mk/config.mk
include $(TOP)/mk/host.mk
include $(TOP)/mk/engine.mk

TOOLCHAIN_PACKAGES := binutils linux-headers gcc musl

toolchain: $(call done_stamps,$(TOOLCHAIN_PACKAGES)) ; @:

clean:
	rm -rf $(OUT)

distclean: clean
	@echo "removing the download and binary cache: $(CACHE_DIR)"
	rm -rf $(CACHE_DIR)

.PHONY: all toolchain clean distclean
