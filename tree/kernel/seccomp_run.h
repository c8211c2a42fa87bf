/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Filter mode on the system call path (seccomp_run.c): run the chain
 * over the current call and carry out the action that wins.
 */
#ifndef _KERNEL_SECCOMP_RUN_H
#define _KERNEL_SECCOMP_RUN_H

#include <linux/filter.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <linux/types.h>

#include <asm/syscall.h>

#include "seccomp_chain.h"

u32 seccomp_residual_run(const struct sock_filter *insns,
			 const struct seccomp_data *sd);
u32 seccomp_chain_result(struct seccomp_filter *top,
			 const struct seccomp_data *sd,
			 struct seccomp_filter **match);
bool seccomp_quick_allows(struct seccomp_filter *top, unsigned int index,
			  u32 arch, struct pt_regs *regs);

#ifdef CONFIG_SECCOMP_FILTER
int seccomp_judge(int this_syscall, u32 arch, const struct seccomp_data *sd,
		  struct seccomp_filter *top, bool after_tracer);

/*
 * Filter mode on the system call path.  The common case, a call that the
 * whole chain allows whatever its arguments, is answered here, inline,
 * from the number and the architecture alone.  A native call that one
 * filter decides by its arguments is first put to seccomp_quick_allows(),
 * over its registers as they are; but an architecture that hands over
 * the call already gathered into @sd gets @sd read, as it asks.  The
 * rest is judged.
 */
static __always_inline int seccomp_decide(int this_syscall,
					  const struct seccomp_data *sd,
					  bool after_tracer)
{
	/* Pairs with the release that published a (TSYNC'd) chain. */
	struct seccomp_filter *top = smp_load_acquire(&current->seccomp.filter);
	u32 arch = sd ? sd->arch : syscall_get_arch(current);
	struct seccomp_cache_pos pos;

	if (likely(top) && seccomp_cache_pos(arch, this_syscall, &pos)) {
		if (seccomp_chain_allows_at(top, &pos))
			return 0;
		if (!sd && seccomp_chain_quick_at(top, &pos) &&
		    seccomp_quick_allows(top, pos.index, arch,
					 current_pt_regs()))
			return 0;
	}
	return seccomp_judge(this_syscall, arch, sd, top, after_tracer);
}

/*
 * The filter mode part of __secure_computing(): @this_syscall is the
 * number of the current call, @sd the call as the architecture gathered
 * it, or NULL.  Return: 0 to run the call, -1 to skip it.
 */
static __always_inline int
seccomp_run_filter_mode(int this_syscall, const struct seccomp_data *sd)
{
	return seccomp_decide(this_syscall, sd, false);
}
#else
static inline int seccomp_run_filter_mode(int this_syscall,
					  const struct seccomp_data *sd)
{
	WARN_ON_ONCE(1);	/* no task can be in filter mode */
	return -1;
}
#endif

#endif /* _KERNEL_SECCOMP_RUN_H */
