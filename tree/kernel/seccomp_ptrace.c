// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a stopped tracee's filters back, so that checkpoint/restore
 * can rebuild its chain: PTRACE_SECCOMP_GET_FILTER and
 * PTRACE_SECCOMP_GET_METADATA.
 */

#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/minmax.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "seccomp_filter.h"

/*
 * Filters are numbered from the oldest, 0, so that a filter keeps its
 * number while newer ones are attached.
 */
static struct seccomp_filter *nth_filter(struct seccomp_filter *top,
					 unsigned long index)
{
	struct seccomp_filter *filter;
	unsigned long depth = 0;

	for (filter = top; filter; filter = filter->prev)
		depth++;
	if (index >= depth)
		return NULL;

	for (filter = top; --depth > index; )
		filter = filter->prev;
	return filter;
}

/*
 * The filter @index of a stopped tracee, referenced, for a tracer that
 * may read it: one with CAP_SYS_ADMIN and not itself in seccomp (so that
 * no sandboxed task can learn, or copy elsewhere, filters it was not
 * meant to see).
 */
static struct seccomp_filter *readable_filter(struct task_struct *task,
					      unsigned long index)
{
	struct seccomp_filter *top, *filter;

	if (!capable(CAP_SYS_ADMIN) ||
	    current->seccomp.mode != SECCOMP_MODE_DISABLED)
		return ERR_PTR(-EACCES);

	top = seccomp_task_filter_get(task);
	if (IS_ERR_OR_NULL(top))
		return top ?: ERR_PTR(-EINVAL);

	filter = nth_filter(top, index);
	if (filter)
		seccomp_filter_get(filter);
	seccomp_filter_put(top);
	return filter ?: ERR_PTR(-ENOENT);
}

/**
 * seccomp_get_filter() - PTRACE_SECCOMP_GET_FILTER
 * @task: the stopped tracee
 * @filter_off: index of the filter, 0 for the oldest
 * @data: user buffer for the instructions, or NULL to ask for the length
 *
 * Return: the number of instructions of the filter, copied to @data if
 * it is not NULL; %-EACCES if the caller lacks %CAP_SYS_ADMIN or is in
 * seccomp itself; %-EINVAL if @task is not in filter mode; %-ENOENT if it
 * has no such filter; %-EFAULT if @data cannot be written; %-ESRCH if
 * @task is gone.
 */
long seccomp_get_filter(struct task_struct *task, unsigned long filter_off,
			void __user *data)
{
	struct seccomp_filter *filter = readable_filter(task, filter_off);
	const struct sock_fprog_kern *orig;
	long len;

	if (IS_ERR(filter))
		return PTR_ERR(filter);

	orig = filter->prog->orig_prog;
	len = orig->len;
	if (data && copy_to_user(data, orig->filter, bpf_classic_proglen(orig)))
		len = -EFAULT;

	seccomp_filter_put(filter);
	return len;
}

/**
 * seccomp_get_metadata() - PTRACE_SECCOMP_GET_METADATA
 * @task: the stopped tracee
 * @size: size of the user's &struct seccomp_metadata
 * @data: the user's &struct seccomp_metadata: filter_off in, flags out
 *
 * Return: the number of bytes written; %-EINVAL if @size cannot hold
 * filter_off or @task is not in filter mode; %-EFAULT on a bad @data;
 * %-EACCES, %-ENOENT and %-ESRCH as for seccomp_get_filter().
 */
long seccomp_get_metadata(struct task_struct *task, unsigned long size,
			  void __user *data)
{
	struct seccomp_metadata md = { };
	struct seccomp_filter *filter;
	u64 index;

	if (size < sizeof(md.filter_off))
		return -EINVAL;
	if (get_user(index, (u64 __user *)data))
		return -EFAULT;

	filter = readable_filter(task, index);
	if (IS_ERR(filter))
		return PTR_ERR(filter);
	md.filter_off = index;
	md.flags = filter->log ? SECCOMP_FILTER_FLAG_LOG : 0;
	seccomp_filter_put(filter);

	size = min_t(unsigned long, size, sizeof(md));
	return copy_to_user(data, &md, size) ? -EFAULT : size;
}
