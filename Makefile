# Workbench for our seccomp on Linux 6.1; see README.md.
#
#   make run        build the ours kernel, boot it, run the demo
#   make check      build the ours kernel, run every suite, check the series
#   make check-debug the same on the debug kernel (KASAN, lockdep, kmemleak...)
#   make check-kcsan the same on the KCSAN kernel (data races; x86_64 only)
#   make coverage   the suites on a kernel with gcov in our seccomp objects,
#                   then line and branch coverage per file (wb/coverage.py)
#   make build-all  the build matrix: our objects on every architecture with
#                   seccomp filter that Debian cross-compiles (wb/build-all.sh)
#   make shell      interactive guest
#   make fuzz SECONDS=n [SEED=s]  the seccomp fuzzer alone for n seconds
#   make fuzz SEED=s ITERATION=i [COUNT=n]  replay iterations of a seed
#   make patch      write the series to mail into build/out/patches/
#   make patch-check  the same, git am and checkpatch --strict (in make check)
#   make edit       build/edit: the base with patches/ applied by git am on
#                   branch series, to edit with git (FORCE=1: drop what is there)
#   make export     build/edit's base..HEAD back into patches/ (then commit it)
#   make check-series [FROM=k] [TO=k]  build and boot each prefix of the series
#   make upstream   build the pristine kernel (then e.g. make check KERNEL=upstream)
#   make bench      build both kernels, benchmark seccomp on each (wb/bench.sh)
#   make clean      remove objects; make distclean: remove build/ entirely
#                   (FORCE=1: even with work in build/edit not exported)
#
# Variables: ARCH=x86_64|arm64|s390x|riscv64 (default x86_64; the others
# are cross-built and run under their qemu-system-*), KERNEL=ours|upstream|debug|kcsan|coverage (kernel to
# boot), KVM=1, TIMEOUT=s, V=1, APPEND="kernel parameters", JOBS=n
# (default 2).

KERNEL ?= ours
ARCH ?= x86_64
export ARCH

# Kernel builds use both cores; never run two at once.
.NOTPARALLEL:
.PHONY: run check check-debug check-kcsan coverage shell patch patch-check edit export \
	check-series upstream ours debug kcsan coverage-kernel build-all guest setup clean distclean \
	bench

run: $(KERNEL) guest
	wb/boot.sh run

check: patch-check $(KERNEL) guest
	wb/boot.sh check

check-debug:
	$(MAKE) --no-print-directory check KERNEL=debug

check-kcsan:
	$(MAKE) --no-print-directory check KERNEL=kcsan

# The suites' verdict first, then the coverage, even where a test failed.
include wb/arch.mk
COVERAGE_OBJ = build/obj-coverage$(SUFFIX)
COVERAGE_LOG = build/logs/console-check-coverage$(SUFFIX).log
GCOV = $(CROSS_$(ARCH))gcov
coverage: coverage-kernel guest
	KERNEL=coverage wb/boot.sh check; status=$$?; \
	wb/coverage.py $(COVERAGE_LOG) $(COVERAGE_OBJ) build/out/coverage$(SUFFIX) $(GCOV) && \
	exit $$status

coverage-kernel:
	COVERAGE=1 wb/setup.sh
	wb/kernel.sh coverage

build-all:
	BUILD_ALL=1 wb/setup.sh
	wb/build-all.sh

shell: $(KERNEL) guest
	wb/boot.sh shell

# SECONDS would become bash's own SECONDS in wb/boot.sh: renamed.
SECONDS ?= 60
.PHONY: fuzz
fuzz: $(KERNEL) guest
	FUZZ_SECONDS=$(SECONDS) FUZZ_SEED=$(SEED) FUZZ_ITERATION=$(ITERATION) \
	FUZZ_COUNT=$(COUNT) wb/boot.sh fuzz

patch: setup
	wb/series.sh

patch-check: setup
	wb/series.sh --check

edit: setup
	wb/edit.sh edit

export:
	wb/edit.sh export

check-series: setup
	wb/check-series.sh

ours: setup
	wb/kernel.sh ours

upstream: setup
	wb/kernel.sh upstream

debug: setup
	wb/kernel.sh debug

kcsan: setup
	wb/kernel.sh kcsan

# Test programs use the uapi headers of the ours kernel.
guest: ours
	flock build/.guest.lock $(MAKE) --no-print-directory -f wb/guest.mk

bench: upstream ours
	$(MAKE) --no-print-directory -f wb/bench.mk
	wb/bench.sh

setup:
	wb/setup.sh

clean:
	rm -rf build/obj-ours build/obj-upstream build/obj-debug build/obj-kcsan build/obj-coverage* \
		build/obj-matrix-* \
		build/guest build/out build/logs \
		build/obj-ours-arm64 build/obj-upstream-arm64 build/obj-debug-arm64 \
		build/guest-arm64 build/obj-series* build/guest-series* \
		build/obj-*-s390x build/guest-s390x \
		build/obj-*-riscv64 build/guest-riscv64 \
		build/series.*

# build/edit may hold commits not yet exported.
distclean:
	[ "$(FORCE)" = 1 ] || [ ! -d build/edit ] || wb/edit.sh saved
	rm -rf build
