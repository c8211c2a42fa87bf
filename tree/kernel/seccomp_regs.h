/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the native ABI keeps a call's arguments in its pt_regs, found at
 * boot (seccomp_regs.c), so that a residual can read them there.
 */
#ifndef _KERNEL_SECCOMP_REGS_H
#define _KERNEL_SECCOMP_REGS_H

#include <linux/ptrace.h>
#include <linux/seccomp.h>
#include <linux/types.h>

#include "seccomp_insn.h"

#ifdef SECCOMP_ARCH_NATIVE
#define SECCOMP_NR_ARGS	6
static_assert(sizeof_field(struct seccomp_data, args) ==
	      SECCOMP_NR_ARGS * sizeof(u64));

#define SECCOMP_REGS_NOWHERE	U16_MAX

extern bool seccomp_regs_known;
extern u16 seccomp_regs_word_at[sizeof(struct seccomp_data) / sizeof(u32)];

/*
 * Does seccomp_regs_word() know where the native ABI keeps arguments?
 * Asked when a filter is attached, never on a system call.
 */
static inline bool seccomp_regs_usable(void)
{
	return seccomp_regs_known;
}

/*
 * Word @k of a native call's seccomp_data, @k a load offset the checker
 * let through, read from the call's registers @regs into *@word.  Only
 * the arguments are there as such: false for the number, the
 * architecture and the instruction pointer.  The table has a slot for
 * every word, so that no offset indexes past it, even speculatively.
 */
static __always_inline bool seccomp_regs_word(const struct pt_regs *regs,
					      u32 k, u32 *word)
{
	u16 at = seccomp_regs_word_at[seccomp_data_word(k)];

	if (at == SECCOMP_REGS_NOWHERE)
		return false;
	*word = *(const u32 *)((const u8 *)regs + at);
	return true;
}
#else
static inline bool seccomp_regs_usable(void)
{
	return false;
}

static inline bool seccomp_regs_word(const struct pt_regs *regs, u32 k,
				     u32 *word)
{
	return false;
}
#endif /* SECCOMP_ARCH_NATIVE */

#endif /* _KERNEL_SECCOMP_REGS_H */
