# Bench-only builds for make bench (bench/bench.py, docs/performance.md): the
# x86_64 musl gateway and SEA runtime linked with musl's own malloc (mallocng)
# instead of mimalloc, so the allocator's share of the difference to glibc is
# measured rather than guessed. Same sources, compiler, flags and libraries as
# the shipped builds (their make arguments, with the output directory and the
# malloc object replaced); they go to out/bench/, never through the release
# gate, and building them changes nothing that is shipped.
#
#   make gateway-musl-malloc   out/bench/x86_64-linux-musl/gateway-mallocng
#   make sea-musl-malloc       out/bench/x86_64-linux-musl/sea-runtime-mallocng

BENCH_TRIPLE := x86_64-linux-musl
BENCH_DIR    := $(OUT)/bench/$(BENCH_TRIPLE)

# Later assignments on make's command line win, so these replace the shipped
# build's O, MALLOC_OBJ and DEPS_STAMP. The objects still depend on the
# shipped build's inputs.txt: a new toolchain, library or flag rebuilds them.
bench_overrides = O=$(BENCH_DIR)/$(1)-mallocng.build MALLOC_OBJ= DEPS_STAMP=$(OUT)/target/$(BENCH_TRIPLE)/$(1)/inputs.txt

$(BENCH_DIR)/gateway-mallocng: $(call app_deps,$(BENCH_TRIPLE)) FORCE
	@$(MAKE) --no-print-directory -C $(TOP)/apps/gateway $(call app_make_args,$(BENCH_TRIPLE)) \
		$(call bench_overrides,gateway) $(app_version_arg)
	@cmp -s $(BENCH_DIR)/gateway-mallocng.build/bin/gateway $@ || cp $(BENCH_DIR)/gateway-mallocng.build/bin/gateway $@

$(BENCH_DIR)/sea-runtime-mallocng: $(call sea_deps,$(BENCH_TRIPLE)) FORCE
	@$(MAKE) --no-print-directory -C $(TOP)/apps/sea $(call sea_make_args,$(BENCH_TRIPLE)) \
		$(call bench_overrides,sea)
	@cmp -s $(BENCH_DIR)/sea-mallocng.build/bin/sea-runtime $@ || cp $(BENCH_DIR)/sea-mallocng.build/bin/sea-runtime $@

gateway-musl-malloc: $(BENCH_DIR)/gateway-mallocng ; @:
sea-musl-malloc: $(BENCH_DIR)/sea-runtime-mallocng ; @:

.PHONY: gateway-musl-malloc sea-musl-malloc

# bench/firstbyte.c: exec to first byte of output, for the start-up figures.
BENCH_HOSTCC ?= cc
$(OUT)/bench/host/firstbyte: $(TOP)/bench/firstbyte.c
	@mkdir -p $(@D)
	@$(BENCH_HOSTCC) -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o $@ $<

BENCH_PREREQS := $(foreach p,gateway sea-runtime doctor,$(DIST)/$(BENCH_TRIPLE)/bin/$(p) $(DIST)/x86_64-linux-gnu/bin/$(p)) \
	$(BENCH_DIR)/gateway-mallocng $(BENCH_DIR)/sea-runtime-mallocng $(SEA_INJECT) $(OUT)/bench/host/firstbyte
