/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The actions a filter can return, their precedence, their names and
 * their logging (seccomp_actions.c).
 */
#ifndef _KERNEL_SECCOMP_ACTIONS_H
#define _KERNEL_SECCOMP_ACTIONS_H

#include <uapi/linux/seccomp.h>
#include <linux/types.h>

/*
 * Does return value @a win over @b?  The ABI orders actions as signed
 * numbers, the strictest smallest, whatever the data; values that are no
 * action take their place in that order too (the table of actions in
 * seccomp_actions.c is checked against it).
 */
static inline bool seccomp_action_stricter(u32 a, u32 b)
{
	return (s32)(a & SECCOMP_RET_ACTION_FULL) <
	       (s32)(b & SECCOMP_RET_ACTION_FULL);
}

unsigned int seccomp_action_rank(u32 ret);
const char *seccomp_action_name(u32 ret);
void seccomp_log(unsigned long syscall, long signr, u32 action,
		 bool requested);
long seccomp_get_action_avail(const void __user *uaction);

#endif /* _KERNEL_SECCOMP_ACTIONS_H */
