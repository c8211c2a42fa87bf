/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user-space listener (seccomp_notify.c): what the filter object and
 * the system call path ask of it.
 */
#ifndef _KERNEL_SECCOMP_NOTIFY_H
#define _KERNEL_SECCOMP_NOTIFY_H

#include <uapi/linux/seccomp.h>
#include <linux/errno.h>
#include <linux/types.h>

struct file;
struct seccomp_filter;

/*
 * What a call gets when the action hands it to a tracer or a listener
 * and there is none: the ABI's way of saying "not handled".
 */
#define SECCOMP_NO_HANDLER	(-ENOSYS)

int seccomp_notify_syscall(struct seccomp_filter *match, int this_syscall,
			   const struct seccomp_data *sd);
struct file *seccomp_listener_create(struct seccomp_filter *filter);
bool seccomp_chain_has_listener(const struct seccomp_filter *filter);
void seccomp_notify_orphaned(struct seccomp_filter *filter);

#ifdef CONFIG_SECCOMP_FILTER
long seccomp_get_notif_sizes(void __user *usizes);
#else
static inline long seccomp_get_notif_sizes(void __user *usizes)
{
	return -EINVAL;
}
#endif

#endif /* _KERNEL_SECCOMP_NOTIFY_H */
