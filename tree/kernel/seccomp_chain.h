/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A chain of filters, read through the caches of its filters: what the
 * chain from a filter down does with a call, as seccomp_cache_link()
 * summed it up, and the filters below a filter.
 */
#ifndef _KERNEL_SECCOMP_CHAIN_H
#define _KERNEL_SECCOMP_CHAIN_H

#include "seccomp_cache.h"
#include "seccomp_filter.h"

/* The filter @depth filters below @f. */
static __always_inline struct seccomp_filter *
seccomp_filter_below(struct seccomp_filter *f, unsigned int depth)
{
	for (; depth; depth--)
		f = f->prev;
	return f;
}

#ifdef SECCOMP_ARCH_NATIVE
/*
 * The summary of the chain from @f down for the call at @index of the
 * tables @compat picks (see &struct seccomp_cache_table): its result,
 * and in *@from the filter that gave it, left alone for ALLOW.  @f's
 * @depth must not be %SECCOMP_CACHE_NO_SUMMARY.
 */
static __always_inline u32
seccomp_chain_summary(struct seccomp_filter *f, bool compat,
		      unsigned int index, struct seccomp_filter **from)
{
	const struct seccomp_cache_table *t = seccomp_cache_table(&f->cache,
								  compat);
	unsigned int depth = t->depth[index];
	u32 ret;

	if (depth) {
		f = seccomp_filter_below(f, depth);
		t = seccomp_cache_table(&f->cache, compat);
	}
	if (!test_bit(index, t->known))
		return SECCOMP_RET_ALLOW;
	ret = seccomp_cache_own(t, index);
	if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW)
		return SECCOMP_RET_ALLOW;
	*from = f;
	return ret;
}

/*
 * May the call at @pos run without looking at any filter of the chain?
 * It takes no more than the number and architecture, which are cheap to
 * read, so that the common case reads nothing else.
 */
static __always_inline bool
seccomp_chain_allows_at(const struct seccomp_filter *top,
			const struct seccomp_cache_pos *pos)
{
	return test_bit(pos->index,
			seccomp_cache_bitmap(&top->cache, pos->compat,
					     SECCOMP_CACHE_ALLOW));
}

/* Is the call at @pos one for seccomp_quick_allows()?  Only native ones are. */
static __always_inline bool
seccomp_chain_quick_at(const struct seccomp_filter *top,
		       const struct seccomp_cache_pos *pos)
{
	return !pos->compat &&
	       test_bit(pos->index,
			seccomp_cache_bitmap(&top->cache, false,
					     SECCOMP_CACHE_QUICK_CALLS));
}
#else
static inline bool
seccomp_chain_allows_at(const struct seccomp_filter *top,
			const struct seccomp_cache_pos *pos)
{
	return false;
}

static inline bool
seccomp_chain_quick_at(const struct seccomp_filter *top,
		       const struct seccomp_cache_pos *pos)
{
	return false;
}

static inline u32 seccomp_chain_summary(struct seccomp_filter *f, bool compat,
					unsigned int index,
					struct seccomp_filter **from)
{
	return SECCOMP_RET_KILL_PROCESS;
}
#endif /* SECCOMP_ARCH_NATIVE */

#endif /* _KERNEL_SECCOMP_CHAIN_H */
