/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_SECCOMP_H
#define _LINUX_SECCOMP_H

#include <uapi/linux/seccomp.h>

/* Every flag SECCOMP_SET_MODE_FILTER knows; any other bit is -EINVAL. */
#define SECCOMP_FILTER_FLAG_MASK	(SECCOMP_FILTER_FLAG_TSYNC | \
					 SECCOMP_FILTER_FLAG_LOG | \
					 SECCOMP_FILTER_FLAG_SPEC_ALLOW | \
					 SECCOMP_FILTER_FLAG_NEW_LISTENER | \
					 SECCOMP_FILTER_FLAG_TSYNC_ESRCH | \
					 SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)

/* Size of struct seccomp_notif_addfd as first published, and as now. */
#define SECCOMP_NOTIFY_ADDFD_SIZE_VER0 24
#define SECCOMP_NOTIFY_ADDFD_SIZE_LATEST SECCOMP_NOTIFY_ADDFD_SIZE_VER0

#ifdef CONFIG_SECCOMP

#include <linux/thread_info.h>
#include <linux/atomic.h>
#include <asm/seccomp.h>

struct seccomp_filter;

/**
 * struct seccomp - a task's seccomp state
 * @mode: %SECCOMP_MODE_DISABLED, %SECCOMP_MODE_STRICT or
 *        %SECCOMP_MODE_FILTER (and, privately, the mode of a task that was
 *        told to die).  Only ever raised, under the task's siglock.
 * @filter_count: number of filters in the task's chain, for procfs.
 * @filter: newest filter of the task's chain, or NULL.  Written under the
 *          task's siglock (by the task itself, by a thread of its group
 *          doing TSYNC, or by fork); read locklessly by the task itself on
 *          system call entry, which is why every filter it can reach stays
 *          alive until the task releases it.
 */
struct seccomp {
	int mode;
	atomic_t filter_count;
	struct seccomp_filter *filter;
};

#ifdef CONFIG_HAVE_ARCH_SECCOMP_FILTER
int __secure_computing(const struct seccomp_data *sd);

/**
 * secure_computing() - check the current system call against seccomp
 *
 * Return: 0 if the call may run, -1 if it must be skipped (its return
 * value has then been set, or the task is dying).
 */
static inline int secure_computing(void)
{
	if (unlikely(test_syscall_work(SECCOMP)))
		return  __secure_computing(NULL);
	return 0;
}
#else
void secure_computing_strict(int this_syscall);
#endif

long prctl_get_seccomp(void);
long prctl_set_seccomp(unsigned long seccomp_mode, void __user *filter);

static inline int seccomp_mode(struct seccomp *s)
{
	return s->mode;
}

#else /* CONFIG_SECCOMP */

#include <linux/errno.h>

struct seccomp { };
struct seccomp_filter { };
struct seccomp_data;

#ifdef CONFIG_HAVE_ARCH_SECCOMP_FILTER
static inline int secure_computing(void) { return 0; }
#else
static inline void secure_computing_strict(int this_syscall) { }
#endif
static inline int __secure_computing(const struct seccomp_data *sd) { return 0; }

static inline long prctl_get_seccomp(void)
{
	return -EINVAL;
}

static inline long prctl_set_seccomp(unsigned long arg2, char __user *arg3)
{
	return -EINVAL;
}

static inline int seccomp_mode(struct seccomp *s)
{
	return SECCOMP_MODE_DISABLED;
}
#endif /* CONFIG_SECCOMP */

#ifdef CONFIG_SECCOMP_FILTER
void seccomp_filter_release(struct task_struct *tsk);
void get_seccomp_filter(struct task_struct *tsk);
#else  /* CONFIG_SECCOMP_FILTER */
static inline void seccomp_filter_release(struct task_struct *tsk) { }
static inline void get_seccomp_filter(struct task_struct *tsk) { }
#endif /* CONFIG_SECCOMP_FILTER */

#if defined(CONFIG_SECCOMP_FILTER) && defined(CONFIG_CHECKPOINT_RESTORE)
long seccomp_get_filter(struct task_struct *task, unsigned long filter_off,
			void __user *data);
long seccomp_get_metadata(struct task_struct *task, unsigned long size,
			  void __user *data);
#else
static inline long seccomp_get_filter(struct task_struct *task,
				      unsigned long filter_off,
				      void __user *data)
{
	return -EINVAL;
}

static inline long seccomp_get_metadata(struct task_struct *task,
					unsigned long size,
					void __user *data)
{
	return -EINVAL;
}
#endif /* CONFIG_SECCOMP_FILTER && CONFIG_CHECKPOINT_RESTORE */

#ifdef CONFIG_SECCOMP_CACHE_DEBUG
struct seq_file;

int proc_pid_seccomp_cache(struct seq_file *m, struct pid_namespace *ns,
			   struct pid *pid, struct task_struct *task);
#endif
#endif /* _LINUX_SECCOMP_H */
