# Benchmark guest image, for `make bench` (wb/bench.sh):
#   make -f wb/bench.mk [ARCH=x86_64|arm64|s390x|riscv64]
# The initramfs holds wb/init, busybox, the static wb/bench/bench.c as the
# only program of suite "bench", and real profiles compiled to classic BPF
# on the host with Debian's libseccomp (wb/bench/profile.c) in /bench/, for
# the architecture's own ABIs.

B        := build
PROFILES ?= ../shared/profiles
include wb/arch.mk
G        := $(B)/guest$(SUFFIX)/bench
HDR      := $(B)/obj-ours$(SUFFIX)/usr/include
# profile.c compiles the profiles for the architecture's own ABIs
ARCHOPT  := $(if $(SUFFIX),--$(ARCH))
CFLAGS   := -static -Wall -O2 -isystem $(HDR)

# name=source profile (OCI JSON), compiled linear and as a binary tree
OCI := docker=docker-20.10.24-default \
       containers=containers-common-0.50.1-seccomp \
       systemd=systemd252-system-service.oci \
       fc-vcpu=firecracker-vcpu.oci \
       fc-vmm=firecracker-vmm.oci \
       fc-api=firecracker-api.oci
OCI_NAMES := $(foreach o,$(OCI),$(firstword $(subst =, ,$(o))))
BPF := $(foreach n,$(OCI_NAMES),$(G)/bench/$(n).bpf $(G)/bench/$(n)-bintree.bpf)
ALL := $(G)/tests/bench/bench $(BPF)

$(G)/initramfs.cpio.gz: $(G)/initramfs.list $(G)/gen_init_cpio $(ALL) wb/init $(BUSYBOX)
	$(G)/gen_init_cpio $< | gzip -1n >$@.tmp && mv $@.tmp $@

$(G)/initramfs.list: wb/bench.mk
	@mkdir -p $(@D)
	@{ for d in dev bin sbin usr usr/bin usr/sbin proc sys tmp tests tests/bench bench; do \
	       echo "dir /$$d 0755 0 0"; done; \
	   echo 'nod /dev/console 0600 0 0 c 5 1'; \
	   echo "file /init $(CURDIR)/wb/init 0755 0 0"; \
	   echo "file /bin/busybox $(BUSYBOX) 0755 0 0"; \
	   for p in $(ALL:$(G)/%=%); do echo "file /$$p $(CURDIR)/$(G)/$$p 0755 0 0"; done; \
	 } >$@

$(G)/gen_init_cpio: $(B)/base/usr/gen_init_cpio.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $<

$(G)/tests/bench/bench: wb/bench/bench.c wb/bench.mk
	@mkdir -p $(@D)
	$(TCC) $(CFLAGS) -o $@ $< -lpthread

$(G)/profile: wb/bench/profile.c
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -o $@ $< -lseccomp

define oci_rules
$(G)/$(1).txt: $(PROFILES)/$(2).json wb/bench/oci.py
	@mkdir -p $$(@D)
	wb/bench/oci.py $(ARCHOPT) $$< >$$@
endef
$(foreach o,$(OCI),$(eval $(call oci_rules,$(firstword $(subst =, ,$(o))),$(lastword $(subst =, ,$(o))))))

$(G)/bench/%-bintree.bpf: $(G)/%.txt $(G)/profile
	@mkdir -p $(@D)
	$(G)/profile --bintree $(ARCHOPT) <$< >$@

$(G)/bench/%.bpf: $(G)/%.txt $(G)/profile
	@mkdir -p $(@D)
	$(G)/profile $(ARCHOPT) <$< >$@

.DELETE_ON_ERROR:
