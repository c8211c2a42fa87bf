/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What strict mode (seccomp.c) needs of the ABIs: the numbers of its four
 * calls in each, and the time stamp counter it takes away where it can.
 */
#ifndef _KERNEL_SECCOMP_STRICT_H
#define _KERNEL_SECCOMP_STRICT_H

#include <linux/compat.h>
#include <linux/seccomp.h>

#include <asm/syscall.h>
#include <asm/unistd.h>

/* Strict mode's calls in ABIs other than the native and compat ones. */
#ifdef CONFIG_X86_X32_ABI
static inline const int *seccomp_strict_arch_syscalls(void)
{
	/* x32 numbers are the native ones plus a bit, but for rt_sigreturn. */
	static const int x32[] = {
		__X32_SYSCALL_BIT | __NR_read,
		__X32_SYSCALL_BIT | __NR_write,
		__X32_SYSCALL_BIT | __NR_exit,
		__X32_SYSCALL_BIT | __NR_x32_rt_sigreturn,
		-1,
	};

	return in_x32_syscall() ? x32 : NULL;
}
#else
static inline const int *seccomp_strict_arch_syscalls(void)
{
	return NULL;
}
#endif

#ifdef CONFIG_COMPAT
static inline const int *seccomp_strict_compat(void)
{
	return get_compat_mode1_syscalls();
}
#else
static inline const int *seccomp_strict_compat(void)
{
	return NULL;
}
#endif

/* Strict mode also takes the time stamp counter away where it can. */
#ifdef TIF_NOTSC
#include <asm/tsc.h>
static inline void seccomp_strict_disable_tsc(void)
{
	disable_TSC();
}
#else
static inline void seccomp_strict_disable_tsc(void) { }
#endif

#endif /* _KERNEL_SECCOMP_STRICT_H */
