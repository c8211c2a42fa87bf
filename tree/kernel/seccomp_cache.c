// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp cache: what a filter answers whatever a call's arguments.
 *
 * When a filter is attached, it is run once per (architecture, system
 * call number) on an abstract machine that knows the number and the
 * architecture but not the arguments nor the instruction pointer.  Where
 * its path never looks at what the machine does not know, its answer for
 * that call is recorded, and at run time the filter does not run for it.
 * Calls that the whole chain allows that way skip the chain altogether.
 */

#include <linux/bitmap.h>
#include <linux/filter.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "seccomp_internal.h"

#define CACHE_ARCH(table, audit_arch, nr, arch_name)			\
	{								\
		.arch = audit_arch,					\
		.nr_syscalls = nr,					\
		.name = arch_name,					\
		.allow = offsetof(struct seccomp_cache, table.allow),	\
		.known = offsetof(struct seccomp_cache, table.known),	\
		.result = offsetof(struct seccomp_cache, table.result),	\
	}

const struct seccomp_cache_arch seccomp_cache_arches[] = {
	CACHE_ARCH(native, SECCOMP_ARCH_NATIVE, SECCOMP_ARCH_NATIVE_NR,
		   SECCOMP_ARCH_NATIVE_NAME),
#ifdef SECCOMP_ARCH_COMPAT
	CACHE_ARCH(compat, SECCOMP_ARCH_COMPAT, SECCOMP_ARCH_COMPAT_NR,
		   SECCOMP_ARCH_COMPAT_NAME),
#endif
};

const unsigned int seccomp_cache_nr_arches = ARRAY_SIZE(seccomp_cache_arches);

/*
 * Emulate the filter for every call of @ca and record the answers that do
 * not depend on the arguments; mark in @allow the calls it allows so.  A
 * filter that answers without reading the number is emulated only once.
 */
static void analyse_arch(struct seccomp_filter *filter,
			 const struct seccomp_cache_arch *ca)
{
	const struct sock_fprog_kern *prog = filter->prog->orig_prog;
	struct seccomp_cache *cache = &filter->cache;
	unsigned long *allow = seccomp_cache_part(cache, ca->allow);
	unsigned long *known = seccomp_cache_part(cache, ca->known);
	u32 *result = seccomp_cache_part(cache, ca->result);
	unsigned int nr;
	u32 all;

	if (seccomp_emulate_any_nr(prog->filter, prog->len, ca->arch, &all)) {
		memset32(result, all, ca->nr_syscalls);
		bitmap_set(known, 0, ca->nr_syscalls);
		if ((all & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW)
			bitmap_set(allow, 0, ca->nr_syscalls);
		return;
	}

	for (nr = 0; nr < ca->nr_syscalls; nr++) {
		if (!seccomp_emulate(prog->filter, prog->len, ca->arch, nr,
				     NULL, &result[nr], NULL))
			continue;
		__set_bit(nr, known);
		if ((result[nr] & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW)
			__set_bit(nr, allow);
	}
}

/**
 * seccomp_cache_analyse() - find a new filter's answers that need no run
 * @filter: the filter, not yet part of any chain
 *
 * The expensive half of the cache, done before any lock is taken.
 */
void seccomp_cache_analyse(struct seccomp_filter *filter)
{
	unsigned int i;

	if (WARN_ON_ONCE(!filter->prog->orig_prog))
		return;	/* the cache stays empty: always run the filter */

	for (i = 0; i < seccomp_cache_nr_arches; i++)
		analyse_arch(filter, &seccomp_cache_arches[i]);
}

/**
 * seccomp_cache_link() - a call skips the chain only if every filter allows it
 * @filter: the analysed filter, its @prev just set, not yet visible to any
 *          task; the caller holds current's siglock
 */
void seccomp_cache_link(struct seccomp_filter *filter)
{
	const struct seccomp_cache_arch *ca;
	unsigned int i;

	if (!filter->prev)
		return;

	for (i = 0; i < seccomp_cache_nr_arches; i++) {
		ca = &seccomp_cache_arches[i];
		bitmap_and(seccomp_cache_part(&filter->cache, ca->allow),
			   seccomp_cache_part(&filter->cache, ca->allow),
			   seccomp_cache_part(&filter->prev->cache, ca->allow),
			   ca->nr_syscalls);
	}
}
