# Host packages the build and the tests need. `make deps` installs the
# missing ones when run as root, and prints the apt-get line otherwise.
HOST_PACKAGES := build-essential bison flex libgmp-dev libmpfr-dev libmpc-dev \
	rsync xz-utils bzip2 zstd patch curl bc file python3 perl cmake pkg-config
deps:
	@$(TOP)/mk/host-deps $(HOST_PACKAGES)
.PHONY: deps
