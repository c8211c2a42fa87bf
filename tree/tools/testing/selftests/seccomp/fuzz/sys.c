// SPDX-License-Identifier: GPL-2.0
/*
 * Raw system calls, so that a filter sees exactly what the model sees:
 * the instruction that traps, the address after it (the filters'
 * instruction_pointer), and the SIGSYS of a RET_TRAP caught without a
 * return through the signal frame.
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include <setjmp.h>

#include "sys.h"

#if defined(__x86_64__)
/*
 * Each has a label after its trapping instruction: the address that the
 * filters see as instruction_pointer.  Only issue() calls them, and a
 * function that calls sigsetjmp() is never inlined (nor is issue() seen
 * from the other files): each label exists once (or the assembler would
 * refuse a second).
 */
static long fuzz_syscall(long nr, const unsigned long *args)
{
	register unsigned long r10 asm("r10") = args[3];
	register unsigned long r8 asm("r8") = args[4];
	register unsigned long r9 asm("r9") = args[5];
	long ret;

	asm volatile("syscall\n"
		     ".globl fuzz_syscall_ip\n"
		     "fuzz_syscall_ip:"
		     : "=a" (ret)
		     : "a" (nr), "D" (args[0]), "S" (args[1]), "d" (args[2]),
		       "r" (r10), "r" (r8), "r" (r9)
		     : "rcx", "r11", "memory");
	return ret;
}

/* ia32's sixth argument goes in ebp, which the compiler may not give. */
static long fuzz_int80(long nr, const unsigned long *args)
{
	long ret;

	asm volatile("sub $128, %%rsp\n"	/* keep off the red zone */
		     "push %%rbp\n"
		     "mov 40(%[args]), %%rbp\n"
		     "int $0x80\n"
		     ".globl fuzz_int80_ip\n"
		     "fuzz_int80_ip:\n"
		     "pop %%rbp\n"
		     "add $128, %%rsp"
		     : "=a" (ret)
		     : "a" (nr), "b" (args[0]), "c" (args[1]), "d" (args[2]),
		       "S" (args[3]), "D" (args[4]), [args] "r" (args)
		     : "r8", "r9", "r10", "r11", "memory");
	return ret;
}

unsigned long syscall_ip(void)
{
	unsigned long ip;

	asm("lea fuzz_syscall_ip(%%rip), %0" : "=r" (ip));
	return ip;
}

static unsigned long int80_ip(void)
{
	unsigned long ip;

	asm("lea fuzz_int80_ip(%%rip), %0" : "=r" (ip));
	return ip;
}
#else
static long fuzz_syscall(long nr, const unsigned long *args)
{
	register unsigned long x8 asm("x8") = nr;
	register unsigned long x0 asm("x0") = args[0];
	register unsigned long x1 asm("x1") = args[1];
	register unsigned long x2 asm("x2") = args[2];
	register unsigned long x3 asm("x3") = args[3];
	register unsigned long x4 asm("x4") = args[4];
	register unsigned long x5 asm("x5") = args[5];

	asm volatile("svc #0\n"
		     ".globl fuzz_syscall_ip\n"
		     "fuzz_syscall_ip:"
		     : "+r" (x0)
		     : "r" (x8), "r" (x1), "r" (x2), "r" (x3), "r" (x4),
		       "r" (x5)
		     : "memory");
	return x0;
}

/* Never called: there are no ABI_32 calls here. */
static long fuzz_int80(long nr, const unsigned long *args)
{
	abort();
}

unsigned long syscall_ip(void)
{
	unsigned long ip;

	asm("adrp %0, fuzz_syscall_ip\n"
	    "add %0, %0, :lo12:fuzz_syscall_ip" : "=r" (ip));
	return ip;
}

static unsigned long int80_ip(void)
{
	return syscall_ip();
}
#endif

static __thread sigjmp_buf trap_env;
static __thread int trap_armed;	/* read by the SIGSYS handler */
__thread siginfo_t trap_info;

/*
 * RET_TRAP: leave the call without returning through the signal frame,
 * so that no rt_sigreturn (which a filter may deny) is needed.
 */
static void on_sigsys(int sig, siginfo_t *info, void *uc)
{
	if (!LOAD(trap_armed))
		return;
	trap_info = *info;
	STORE(trap_armed, 0);
	siglongjmp(trap_env, 1);
}

/* Take the SIGSYS of RET_TRAP for issue(). */
int catch_sigsys(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigsys };

	/* SA_NODEFER: the handler leaves by siglongjmp, mask unchanged. */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	return sigaction(SIGSYS, &sa, NULL);
}

/* What the filters see of call @c. */
void fill_data(const struct callrec *c, struct seccomp_data *sd)
{
	unsigned int i;

	memset(sd, 0, sizeof(*sd));
	sd->nr = (int)c->nr;
	sd->arch = c->abi == ABI_32 ? COMPAT_ARCH : NATIVE_ARCH;
	sd->instruction_pointer = c->abi == ABI_32 ?
		int80_ip() : syscall_ip();
	for (i = 0; i < 6; i++)
		sd->args[i] = c->abi == ABI_32 ? (__u32)c->args[i] : c->args[i];
}

/* The raw call; TRAPPED if a SIGSYS took it over. */
enum result issue(struct callrec *c)
{
	STORE(trap_armed, 1);
	if (sigsetjmp(trap_env, 0))
		return TRAPPED;
	if (c->abi == ABI_32)
		c->ret = (int)fuzz_int80(c->nr, c->args);
	else
		c->ret = fuzz_syscall(c->nr, c->args);
	STORE(trap_armed, 0);
	return RAN;
}

