// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/PID/seccomp_cache: which system calls a task's chain lets through
 * without running it, for those who debug the cache.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/seq_file.h>

#include "seccomp_cache.h"
#include "seccomp_filter.h"

/**
 * proc_pid_seccomp_cache() - show a task's cache, one call a line
 * @m: the seq_file of /proc/PID/seccomp_cache
 * @ns: the pid namespace of the procfs instance
 * @pid: the task's pid
 * @task: the task
 *
 * Each line reads "ARCH NR ALLOW" when call NR skips the filters, or
 * "ARCH NR FILTER" when it runs them.  Nothing is shown for a task
 * outside filter mode.
 *
 * Return: 0; %-EACCES unless the opener has %CAP_SYS_ADMIN in the initial
 * user namespace (the cache tells much about a sandbox); %-ESRCH if the
 * task has been released.
 */
int proc_pid_seccomp_cache(struct seq_file *m, struct pid_namespace *ns,
			   struct pid *pid, struct task_struct *task)
{
	struct seccomp_filter *filter;
	unsigned int i, nr;

	if (!file_ns_capable(m->file, &init_user_ns, CAP_SYS_ADMIN))
		return -EACCES;

	filter = seccomp_task_filter_get(task);
	if (IS_ERR_OR_NULL(filter))
		return PTR_ERR_OR_ZERO(filter);

	for (i = 0; i < seccomp_cache_nr_arches; i++) {
		const struct seccomp_cache_arch *ca = &seccomp_cache_arches[i];
		const unsigned long *bitmap = filter->cache.tables[i].allow;

		for (nr = 0; nr < ca->nr_syscalls; nr++)
			seq_printf(m, "%s %u %s\n", ca->name, nr,
				   test_bit(nr, bitmap) ? "ALLOW" : "FILTER");
	}

	seccomp_filter_put(filter);
	return 0;
}
