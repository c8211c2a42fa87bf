# Guest image: static test programs and the initramfs that runs them.
# Run from the top Makefile once the ours kernel and its uapi headers exist:
#   make -f wb/guest.mk
# Programs land in build/guest/tests/<suite>/, one suite per directory:
#   compat  upstream's seccomp_bpf.c from build/base, unmodified
#   ours    every tree/tools/testing/selftests/seccomp/*.c (*_ia32.c is built
#           with -m32, *_x32.c with -mx32), against the kselftest harness
#           of build/src-ours (so "../kselftest_harness.h" works too)
#   demo    wb/demo.c, for `make run`
#   fuzz    tree/tools/testing/selftests/seccomp/fuzz/seccomp_fuzz.c, a plain
#           program: its arguments come from wb.fuzz= (see wb/init)
#   kmemleak  wb/kmemleak.sh, the leak report after the others (debug kernel)

B      := build
G      := $(B)/guest
HDR    := $(B)/obj-ours/usr/include
SELFTESTS := tools/testing/selftests/seccomp
CFLAGS := -static -Wall -Wl,-no-as-needed -O2 -isystem $(HDR) -MD -MP
BUSYBOX := /bin/busybox

OURS   := $(patsubst %.c,$(G)/tests/ours/%,$(notdir $(wildcard tree/$(SELFTESTS)/*.c)))
PROGS  := $(G)/tests/compat/seccomp_bpf $(G)/tests/demo/demo $(OURS) \
	  $(G)/tests/fuzz/seccomp_fuzz \
	  $(G)/tests/kmemleak/scan

abi = $(if $(filter %_ia32,$1),-m32,$(if $(filter %_x32,$1),-mx32))
# No 32-bit or x32 libcap in Debian's multilib packages.
libs = -lpthread $(if $(call abi,$1),,-lcap)

$(G)/initramfs.cpio.gz: $(G)/initramfs.list $(G)/gen_init_cpio $(PROGS) wb/init $(BUSYBOX)
	$(G)/gen_init_cpio $< | gzip -1n >$@.tmp && mv $@.tmp $@

# Rewritten only when its content changes, e.g. when a test is removed.
$(G)/initramfs.list: FORCE
	@mkdir -p $(@D)
	@{ for d in dev bin sbin usr usr/bin usr/sbin proc sys tmp tests \
	            $(sort $(patsubst $(G)/%/,%,$(dir $(PROGS)))); do \
	       echo "dir /$$d 0755 0 0"; done; \
	   echo 'nod /dev/console 0600 0 0 c 5 1'; \
	   echo "file /init $(CURDIR)/wb/init 0755 0 0"; \
	   echo "file /bin/busybox $(BUSYBOX) 0755 0 0"; \
	   for p in $(PROGS:$(G)/%=%); do echo "file /$$p $(CURDIR)/$(G)/$$p 0755 0 0"; done; \
	 } >$@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

$(G)/gen_init_cpio: $(B)/base/usr/gen_init_cpio.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $<

$(G)/tests/compat/seccomp_bpf: $(B)/base/$(SELFTESTS)/seccomp_bpf.c wb/guest.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< -lpthread -lcap

$(G)/tests/ours/%: tree/$(SELFTESTS)/%.c wb/guest.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(call abi,$*) -I $(B)/src-ours/$(SELFTESTS) -I $(B)/src-ours/tools/testing/selftests \
		-o $@ $< $(call libs,$*)

$(G)/tests/kmemleak/scan: wb/kmemleak.sh
	@mkdir -p $(@D)
	cp $< $@

$(G)/tests/fuzz/seccomp_fuzz: tree/$(SELFTESTS)/fuzz/seccomp_fuzz.c wb/guest.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I $(B)/src-ours/$(SELFTESTS) -I $(B)/src-ours/tools/testing/selftests \
		-o $@ $< -lpthread

$(G)/tests/demo/demo: wb/demo.c wb/guest.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<

.PHONY: FORCE
.DELETE_ON_ERROR:
-include $(PROGS:=.d)
