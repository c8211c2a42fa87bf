/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by our seccomp selftests.
 *
 * Every test program includes this header first.  It works for the ABIs
 * that the tests are built for: x86_64, i386 (-m32) and x32 (-mx32) on
 * x86_64; arm64 and 32-bit ARM (the compat ABI) on arm64.  No libcap:
 * capabilities are dropped with capset(2) directly, so that the 32-bit
 * builds need no extra library.
 */
#ifndef SECCOMP_COMMON_H
#define SECCOMP_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/* A plain program (the fuzzer) defines this: no test harness, no main(). */
#ifndef SECCOMP_COMMON_NO_HARNESS
#include "../kselftest_harness.h"
#elif !defined(ARRAY_SIZE)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/*
 * The audit arch that the filters see for this binary's own calls (x32
 * calls are seen as x86_64 ones, with a high bit in the number).
 */
#if defined(__i386__)
#define NATIVE_ARCH AUDIT_ARCH_I386
#elif defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#elif defined(__arm__)
#define NATIVE_ARCH AUDIT_ARCH_ARM
#else
#error "no AUDIT_ARCH_* known for this architecture"
#endif

/* si_code of a SIGSYS sent by RET_TRAP (asm-generic/siginfo.h). */
#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

/* Offsets inside struct seccomp_data, for BPF_ABS loads. */
#define SD_NR		offsetof(struct seccomp_data, nr)
#define SD_ARCH		offsetof(struct seccomp_data, arch)
#define SD_IP		offsetof(struct seccomp_data, instruction_pointer)
#define SD_ARG(n)	(offsetof(struct seccomp_data, args) + 8 * (n))

/* Short forms for the instructions that most filters are made of. */
#define LD_ABS(off)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define RET_K(val)	BPF_STMT(BPF_RET | BPF_K, (val))
#define JEQ_K(val, jt, jf) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (val), (jt), (jf))

static inline long sys_seccomp(unsigned int op, unsigned int flags, void *args)
{
	return syscall(__NR_seccomp, op, flags, args);
}

/* Attach a program of @len instructions; the syscall's own return value. */
static inline long install_prog(unsigned int flags,
				struct sock_filter *insns, unsigned int len)
{
	struct sock_fprog prog = {
		.len = (unsigned short)len,
		.filter = insns,
	};

	return sys_seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog);
}

#define INSTALL(flags, insns) install_prog((flags), (insns), ARRAY_SIZE(insns))

/* Attach a filter that returns @ret for every call. */
static inline long install_const(unsigned int flags, __u32 ret)
{
	struct sock_filter insns[] = { RET_K(ret) };

	return INSTALL(flags, insns);
}

/*
 * Attach a filter that returns @ret for system call @nr of this binary's
 * own ABI and allows everything else.
 */
static inline long install_action(unsigned int flags, __u32 nr, __u32 ret)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(NATIVE_ARCH, 0, 3),
		LD_ABS(SD_NR),
		JEQ_K(nr, 0, 1),
		RET_K(ret),
		RET_K(SECCOMP_RET_ALLOW),
	};

	return INSTALL(flags, insns);
}

/* Remove capability @cap from the effective, permitted and inheritable sets. */
static inline int drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	__u32 bit = 1U << (cap % 32);
	int i = cap / 32;

	if (syscall(__NR_capget, &hdr, data))
		return -1;
	data[i].effective &= ~bit;
	data[i].permitted &= ~bit;
	data[i].inheritable &= ~bit;
	return syscall(__NR_capset, &hdr, data);
}

static inline int set_no_new_privs(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* Wait for @pid; its wait status, or -1 if waitpid() failed. */
static inline int wait_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/*
 * The number after "@field:" in /proc/@pid/status (@pid 0: the calling
 * thread's own), or -1 if absent.
 */
static inline long proc_status_field(pid_t pid, const char *field)
{
	char path[64], line[256];
	size_t n = strlen(field);
	long value = -1;
	FILE *f;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
	else
		snprintf(path, sizeof(path), "/proc/thread-self/status");
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, field, n) && line[n] == ':') {
			value = strtol(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return value;
}

/* No core files from the processes that the tests kill on purpose. */
/*
 * Live filter objects, or -1 if the kernel has no slab cache of its own
 * for them ("seccomp_filter"; boot with slab_nomerge where it could be
 * merged).  Shrinking the cache first empties the per-CPU slabs, whose
 * free objects /proc/slabinfo would otherwise count as in use.
 */
static inline long live_filters(void)
{
	char line[512];
	long active = -1;
	FILE *f;
	int fd;

	fd = open("/sys/kernel/slab/seccomp_filter/shrink", O_WRONLY);
	if (fd >= 0) {
		/* Should it fail, the count is read all the same. */
		(void)!write(fd, "1", 1);
		close(fd);
	}
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		long n;

		if (sscanf(line, "%63s %ld", name, &n) == 2 &&
		    !strcmp(name, "seccomp_filter")) {
			active = n;
			break;
		}
	}
	fclose(f);
	return active;
}

static inline void no_core_dumps(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl);
}

#endif /* SECCOMP_COMMON_H */
