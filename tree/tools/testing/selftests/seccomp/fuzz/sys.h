/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine: what differs between the architectures the fuzzer runs
 * on, the few macros that every part uses, and the raw system call
 * (sys.c) through which the sandbox makes its calls, so that a filter
 * sees exactly what the model sees.
 */
#ifndef FUZZ_SYS_H
#define FUZZ_SYS_H

#include <signal.h>
#include <linux/seccomp.h>

#define BIT(n)		(1U << (n))

/* For what threads and processes share. */
#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ADD(x, v)	__atomic_add_fetch(&(x), (v), __ATOMIC_SEQ_CST)

/* The bit that makes a number on x86_64 an x32 call. */
#define X32_BIT		((__u32)__X32_SYSCALL_BIT)

/*
 * ia32 numbers of the calls made through int $0x80 (asm/unistd_32.h,
 * which cannot be included beside the 64-bit numbers).
 */
#define NR32_GETPID	20
#define NR32_GETUID	24
#define NR32_GETPPID	64
#define NR32_SCHED_YIELD 158
#define NR32_GETUID32	199
#define NR32_GETTID	224

/*
 * What differs between the architectures the fuzzer runs on.  On x86_64
 * a process also makes x32 calls (the number with X32_BIT) and i386 calls
 * (int $0x80); on arm64 a 64-bit process has no way to make a 32-bit ARM
 * call, so all its calls are arm64 ones.
 */
#if defined(__x86_64__)
#define HAVE_OTHER_ABIS	1
#define COMPAT_ARCH	AUDIT_ARCH_I386
#define UC_IP(uc)	((uc)->uc_mcontext.gregs[REG_RIP])
#elif defined(__aarch64__)
#define HAVE_OTHER_ABIS	0
#define COMPAT_ARCH	AUDIT_ARCH_ARM
#define UC_IP(uc)	((uc)->uc_mcontext.pc)
#else
#error "seccomp_fuzz is written for x86_64 and arm64"
#endif

static inline void cpu_relax(void)
{
#if defined(__x86_64__)
	__builtin_ia32_pause();
#else
	asm volatile("yield" ::: "memory");
#endif
}

enum abi { ABI_64, ABI_X32, ABI_32 };

/* A call as the sandbox makes it. */
struct callrec {
	long nr;		/* as passed, x32 bit included */
	enum abi abi;
	unsigned long args[6];
	long ret;
};

/*
 * How a call went.  issue() says RAN or TRAPPED; driver_call() judges
 * what RAN did: RAN (the kernel ran the call), FILTERED (seccomp answered
 * as the model said) or FAILED.
 */
enum result { RAN, FILTERED, FAILED, TRAPPED };

/* The SIGSYS that took the calling thread's last TRAPPED call over. */
extern __thread siginfo_t trap_info;

int catch_sigsys(void);
enum result issue(struct callrec *c);
void fill_data(const struct callrec *c, struct seccomp_data *sd);
unsigned long syscall_ip(void);

#endif /* FUZZ_SYS_H */
