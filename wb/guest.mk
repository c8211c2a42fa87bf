# Guest image: static test programs and the initramfs that runs them.
# Run from the top Makefile once the ours kernel and its uapi headers exist:
#   make -f wb/guest.mk [ARCH=x86_64|arm64|s390x|riscv64] [KERNEL=series]
# Programs land in build/guest/tests/<suite>/ (build/guest-ARCH/ for
# another architecture), one suite per directory. They come from build/src-ours and the
# ours kernel's headers; with KERNEL=series (make check-series), from
# build/src-series and the series kernel's, into build/guest-series/.
#   compat  upstream's seccomp_bpf.c from build/base, unmodified
#   ours    every tools/testing/selftests/seccomp/*.c that the series adds
#           to the base, against the kselftest harness of the same tree
#           (so "../kselftest_harness.h" works too). Files named for
#           another ABI of the architecture:
#           on x86_64 *_ia32.c is built with -m32, *_x32.c with -mx32; on
#           arm64 *_arm32.c with the 32-bit ARM compiler; on s390x *_s390.c
#           with -m31; each is left out on the other architectures.
#   demo    wb/demo.c, for `make run`
#   fuzz    tools/testing/selftests/seccomp/fuzz/*.c, one plain program
#           (seccomp_fuzz.c has its main()): its arguments come from
#           wb.fuzz= (see wb/init); none where the series does not have it
#           (yet)
#   kmemleak  wb/kmemleak.sh, the leak report after the others (debug kernel)

B      := build
SELFTESTS := tools/testing/selftests/seccomp
K      := $(if $(filter series,$(KERNEL)),series,ours)
S      := $(B)/src-$(K)
include wb/arch.mk
G      := $(B)/guest$(if $(filter series,$(K)),-series)$(SUFFIX)
HDR    := $(B)/obj-$(K)$(SUFFIX)/usr/include
# The tests of another ABI, each built on the architecture that has it.
ABI_TESTS := %_ia32 %_x32 %_arm32 %_s390
ABIS_x86_64 := %_ia32 %_x32
ABIS_arm64 := %_arm32
ABIS_s390x := %_s390
OTHER_ABIS := $(filter-out $(ABIS_$(ARCH)),$(ABI_TESTS))
# trixie's libcap for riscv64, unpacked by wb/setup.sh beside its busybox
ifeq ($(ARCH),riscv64)
LIBCAP := -idirafter $(B)/deb-riscv64/usr/include \
	  -L $(B)/deb-riscv64/usr/lib/riscv64-linux-gnu
endif
CFLAGS := -static -Wall -Wl,-no-as-needed -O2 -MD -MP $(LIBCAP)

UPSTREAM := $(notdir $(wildcard $(B)/base/$(SELFTESTS)/*.c))
OURS   := $(filter-out $(OTHER_ABIS:%=$(G)/tests/ours/%), \
	  $(patsubst %.c,$(G)/tests/ours/%, \
	  $(filter-out $(UPSTREAM),$(notdir $(wildcard $(S)/$(SELFTESTS)/*.c)))))
PROGS  := $(G)/tests/compat/seccomp_bpf $(G)/tests/demo/demo $(OURS) \
	  $(if $(wildcard $(S)/$(SELFTESTS)/fuzz/seccomp_fuzz.c),$(G)/tests/fuzz/seccomp_fuzz) \
	  $(G)/tests/kmemleak/scan

# The compiler, its flags and the uapi headers for a test of another ABI.
# 32-bit ARM takes asm/ from its cross compiler's own (Debian's 6.1) headers:
# the arm64 ones number the calls as arm64 does. linux/ is ours.
abi = $(if $(filter %_ia32,$1),-m32,$(if $(filter %_x32,$1),-mx32,$(if $(filter %_s390,$1),-m31)))
cc  = $(if $(filter %_arm32,$1),arm-linux-gnueabihf-gcc,$(TCC))
hdr = $(if $(filter %_arm32,$1),$(G)/hdr-arm32,$(HDR))
# No 32-bit, x32, armhf or 31-bit libcap in the packages we install.
libs = -lpthread $(if $(filter %_ia32 %_x32 %_arm32 %_s390,$1),,-lcap)

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
	$(TCC) $(CFLAGS) -isystem $(HDR) -o $@ $< -lpthread -lcap

$(G)/tests/ours/%: $(S)/$(SELFTESTS)/%.c wb/guest.mk
	@mkdir -p $(@D)
	$(call cc,$*) $(CFLAGS) $(call abi,$*) -isystem $(call hdr,$*) \
		-I $(S)/$(SELFTESTS) -I $(S)/tools/testing/selftests \
		-o $@ $< $(call libs,$*)

$(G)/tests/kmemleak/scan: wb/kmemleak.sh
	@mkdir -p $(@D)
	cp $< $@

$(filter %_arm32,$(OURS)): | $(G)/hdr-arm32/linux
$(G)/hdr-arm32/linux:
	@mkdir -p $(@D)
	ln -sfn $(abspath $(HDR))/linux $@

# Several files, one program: gcc -MD would write the dependencies of the
# last file only, so they are listed here instead.
FUZZ   := $(S)/$(SELFTESTS)/fuzz
$(G)/tests/fuzz/seccomp_fuzz: $(wildcard $(FUZZ)/*.c $(FUZZ)/*.h) \
			      $(S)/$(SELFTESTS)/seccomp_common.h wb/guest.mk
	@mkdir -p $(@D)
	@rm -f $@.d	# from when it was one file
	$(TCC) $(filter-out -MD -MP,$(CFLAGS)) -isystem $(HDR) \
		-o $@ $(filter %.c,$^) -lpthread

$(G)/tests/demo/demo: wb/demo.c wb/guest.mk
	@mkdir -p $(@D)
	$(TCC) $(CFLAGS) -isystem $(HDR) -o $@ $<

.PHONY: FORCE
.DELETE_ON_ERROR:
-include $(PROGS:=.d)
