/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The filter object: its creation from a user program, its place in a
 * chain, and the references that keep it alive (seccomp_filter.c).
 */
#ifndef _KERNEL_SECCOMP_FILTER_H
#define _KERNEL_SECCOMP_FILTER_H

#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "seccomp_cache.h"

struct bpf_prog;
struct seccomp_notify;
struct task_struct;

/**
 * struct seccomp_filter - one program of a filter chain
 * @refs: references to the object.  One for each task whose chain starts
 *        here, one for the newer filter whose @prev this is, one for each
 *        open listener file, and short-lived ones of readers (ptrace,
 *        procfs).  The last seccomp_filter_put() frees the filter and
 *        then puts @prev.
 * @users: tasks that can still run this filter: one for each task whose
 *         chain starts here, one for each newer filter that has users.
 *         When it reaches zero no system call can reach the filter any
 *         more, and a listener is told so.
 * @id: a number naming the filter in trace events, unique for the boot.
 * @log: %SECCOMP_FILTER_FLAG_LOG was given at attach time.
 * @wait_killable_recv: %SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV was given.
 * @prev: the filter that was newest when this one was attached, or NULL.
 * @prog: the program, converted and JIT-compiled by the BPF core; its
 *        @orig_prog keeps the classic instructions as the user gave them.
 * @cache: what the analysis found of this filter, and of the chain from
 *         here down, when it was attached (see seccomp_cache.h).
 * @notif: the listener's state, or NULL.  Protected by @notify_lock.
 * @notify_lock: serialises the listener and the notifying tasks.
 * @wqh: where listeners poll; woken when @users reaches zero.
 *
 * Everything but @refs, @users and @notif is written before the filter
 * is published to a task and never after, so a task can run its chain
 * without locks.
 */
struct seccomp_filter {
	refcount_t refs;
	refcount_t users;
	u64 id;
	bool log;
	bool wait_killable_recv;
	struct seccomp_filter *prev;
	struct bpf_prog *prog;
	struct seccomp_cache cache;
	struct seccomp_notify *notif;
	struct mutex notify_lock;	/* see @notify_lock above */
	wait_queue_head_t wqh;
};

void seccomp_filter_get(struct seccomp_filter *filter);
void seccomp_filter_put(struct seccomp_filter *filter);
struct seccomp_filter *seccomp_task_filter_get(struct task_struct *task);

#ifdef CONFIG_SECCOMP_FILTER
long seccomp_set_mode_filter(void __user *ufprog, unsigned int flags);
#else
static inline long seccomp_set_mode_filter(void __user *ufprog,
					   unsigned int flags)
{
	return -EINVAL;
}
#endif

#endif /* _KERNEL_SECCOMP_FILTER_H */
