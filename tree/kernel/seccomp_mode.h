/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A task's seccomp mode, which only grows stricter, changed under its
 * siglock (seccomp.c).
 */
#ifndef _KERNEL_SECCOMP_MODE_H
#define _KERNEL_SECCOMP_MODE_H

#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/seccomp.h>

/*
 * A task whose kill did not take (SIGSYS blocked, or a thread that must
 * not survive) is left in this mode: its next system call ends it.
 */
#define SECCOMP_MODE_DEAD	(SECCOMP_MODE_FILTER + 1)

/*
 * The siglock of @task, which is current or one of its threads.  Only
 * current itself (in exec) replaces its group's sighand, so the pointer
 * is stable here without RCU.
 */
static inline spinlock_t *seccomp_siglock(struct task_struct *task)
{
	return &rcu_dereference_protected(task->sighand,
					  same_thread_group(task, current))->siglock;
}

void seccomp_assign_mode(struct task_struct *task, unsigned long mode,
			 unsigned long flags);
bool seccomp_may_assign_mode(unsigned long mode);

#endif /* _KERNEL_SECCOMP_MODE_H */
