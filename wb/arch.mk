# What the guest makefiles (wb/guest.mk, wb/bench.mk) need of the
# architecture, as wb/common.sh says it for the scripts: the suffix of
# its build directories, its compiler and its busybox. x86_64 is the
# host's own; the others are cross-built, with the busybox (and, for
# riscv64, the libcap) that wb/setup.sh unpacks into build/deb-ARCH: they
# cannot be installed beside the amd64 ones.
ARCH ?= x86_64
CROSS_arm64   := aarch64-linux-gnu-
CROSS_s390x   := s390x-linux-gnu-
CROSS_riscv64 := riscv64-linux-gnu-
ifeq ($(ARCH),x86_64)
SUFFIX  :=
TCC     := $(CC)
BUSYBOX := /bin/busybox
else ifneq ($(CROSS_$(ARCH)),)
SUFFIX  := -$(ARCH)
TCC     := $(CROSS_$(ARCH))gcc
BUSYBOX := $(CURDIR)/build/deb-$(ARCH)/bin/busybox
else
$(error unknown ARCH '$(ARCH)' (x86_64, arm64, s390x or riscv64))
endif
