// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp cache: system calls a chain allows whatever their arguments.
 *
 * When a filter is attached, it is run once per (architecture, system
 * call number) on an abstract machine that knows the number and the
 * architecture but not the arguments nor the instruction pointer.  Where
 * every path it takes ends in ALLOW without looking at what it does not
 * know, the call is marked, and at run time it skips the filters.
 */

#include <linux/bitmap.h>
#include <linux/filter.h>
#include <linux/stddef.h>

#include "seccomp_internal.h"

const struct seccomp_cache_arch seccomp_cache_arches[] = {
	{
		.arch = SECCOMP_ARCH_NATIVE,
		.nr_syscalls = SECCOMP_ARCH_NATIVE_NR,
		.name = SECCOMP_ARCH_NATIVE_NAME,
		.bitmap = offsetof(struct seccomp_cache, allow_native),
	},
#ifdef SECCOMP_ARCH_COMPAT
	{
		.arch = SECCOMP_ARCH_COMPAT,
		.nr_syscalls = SECCOMP_ARCH_COMPAT_NR,
		.name = SECCOMP_ARCH_COMPAT_NAME,
		.bitmap = offsetof(struct seccomp_cache, allow_compat),
	},
#endif
};

const unsigned int seccomp_cache_nr_arches = ARRAY_SIZE(seccomp_cache_arches);

static void prepare_arch(struct seccomp_filter *filter,
			 const struct seccomp_cache_arch *ca)
{
	const struct sock_fprog_kern *prog = filter->prog->orig_prog;
	unsigned long *bitmap = seccomp_cache_bitmap(&filter->cache, ca);
	unsigned int nr;
	u32 ret;

	if (filter->prev)
		bitmap_copy(bitmap, seccomp_cache_bitmap(&filter->prev->cache, ca),
			    ca->nr_syscalls);
	else
		bitmap_fill(bitmap, ca->nr_syscalls);

	for_each_set_bit(nr, bitmap, ca->nr_syscalls) {
		if (!seccomp_emulate(prog->filter, prog->len, ca->arch, nr,
				     NULL, &ret, NULL) ||
		    (ret & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ALLOW)
			__clear_bit(nr, bitmap);
	}
}

/**
 * seccomp_cache_prepare() - compute what a new filter's chain always allows
 * @filter: the filter, its @prev set, not yet visible to any task
 */
void seccomp_cache_prepare(struct seccomp_filter *filter)
{
	unsigned int i;

	if (WARN_ON_ONCE(!filter->prog->orig_prog))
		return;	/* the cache stays empty: always run the filters */

	for (i = 0; i < seccomp_cache_nr_arches; i++)
		prepare_arch(filter, &seccomp_cache_arches[i]);
}
