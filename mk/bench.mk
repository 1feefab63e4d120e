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

# Built through mk/program.mk like the shipped builds, with MALLOC_OBJ emptied
# (a later assignment on make's command line wins): a new toolchain,
# library or flag rebuilds them too.
$(eval $(call target_program,gateway-mallocng,$(BENCH_TRIPLE),$(TOP)/apps/gateway,bin/gateway,$(GATEWAY_LIBS),$(call gateway_extra,$(BENCH_TRIPLE)) MALLOC_OBJ=,VERSION=$$(VERSION)))
$(eval $(call target_program,sea-mallocng,$(BENCH_TRIPLE),$(TOP)/apps/sea,bin/sea-runtime,$(SEA_LIBS),LIBC_NAME="musl $(musl_VERSION)" MALLOC_OBJ=))

$(BENCH_DIR)/gateway-mallocng: $(OUT)/target/$(BENCH_TRIPLE)/gateway-mallocng/bin/gateway
	@mkdir -p $(@D)
	@cmp -s $< $@ || cp $< $@
$(BENCH_DIR)/sea-runtime-mallocng: $(OUT)/target/$(BENCH_TRIPLE)/sea-mallocng/bin/sea-runtime
	@mkdir -p $(@D)
	@cmp -s $< $@ || cp $< $@

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
