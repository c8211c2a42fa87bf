// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp cache: what a filter does with each system call number.
 *
 * When a filter is attached, it is specialised once per (architecture,
 * system call number), with the number and the architecture known but
 * not the arguments nor the instruction pointer.  Where its answer does
 * not depend on what is unknown, the answer is recorded, and at run time
 * the filter does not run for that call; where it does, the residual
 * program specialisation leaves (see seccomp_residual.c) runs instead of
 * the whole filter.  Calls that the whole chain allows whatever their
 * arguments skip the chain altogether.
 */

#include <linux/bitmap.h>
#include <linux/filter.h>
#include <linux/slab.h>
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
		.residual = offsetof(struct seccomp_cache, table.residual), \
		.decided = offsetof(struct seccomp_cache, table.decided), \
		.result = offsetof(struct seccomp_cache, table.result),	\
		.chain = offsetof(struct seccomp_cache, table.chain),	\
		.depth = offsetof(struct seccomp_cache, table.depth),	\
		.next = offsetof(struct seccomp_cache, table.next),	\
		.quick = offsetof(struct seccomp_cache, table.quick),	\
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
 * Room for the residuals of one filter, all calls of all architectures
 * together: past it, the remaining calls run the whole filter.
 */
#define RESIDUALS_MAX_INSNS	8192
static_assert(RESIDUALS_MAX_INSNS <= SECCOMP_CACHE_AT);

#ifdef SECCOMP_ARCH_COMPAT
#define MAX_CACHED_CALLS	(SECCOMP_ARCH_NATIVE_NR + SECCOMP_ARCH_COMPAT_NR)
#else
#define MAX_CACHED_CALLS	SECCOMP_ARCH_NATIVE_NR
#endif

/*
 * Specialise the filter to every call of @ca: record the answers that do
 * not depend on the arguments, and point the others to their residual.
 */
static void analyse_arch(struct seccomp_filter *filter,
			 const struct seccomp_cache_arch *ca,
			 struct seccomp_specialiser *s)
{
	struct seccomp_cache *cache = &filter->cache;

	seccomp_specialise_calls(s, ca->arch, ca->nr_syscalls,
				 seccomp_cache_part(cache, ca->known),
				 seccomp_cache_part(cache, ca->residual),
				 seccomp_cache_part(cache, ca->result));
}

/* The result table of the architecture the cache knows as @arch. */
static u32 *result_of(struct seccomp_cache *cache, u32 arch)
{
	unsigned int i;

	for (i = 0; i < seccomp_cache_nr_arches; i++)
		if (seccomp_cache_arches[i].arch == arch)
			break;
	if (WARN_ON_ONCE(i == seccomp_cache_nr_arches))
		i = 0;
	return seccomp_cache_part(cache, seccomp_cache_arches[i].result);
}

/*
 * The most residual instructions of a filter that go to the JIT, per
 * instruction of the filter: a filter that checks arguments without
 * looking at the number has a residual for every call, and an
 * unprivileged task must not turn a short filter into much more JIT
 * memory (charged against the system-wide bpf_jit_limit) than a run of
 * the whole filter would take.
 */
#define JIT_INSNS_PER_INSN	2

/*
 * Sort the residuals by how they run: mark the short ones that
 * seccomp_args_allow() may interpret over the registers, and have the
 * JIT compile those long enough to gain from it (without the JIT they
 * all stay interpreted).  One pass, as both need each one's length.
 */
static void sort_residuals(struct seccomp_cache *cache,
			   unsigned int filter_len)
{
	unsigned int budget = JIT_INSNS_PER_INSN * filter_len;
	const struct seccomp_cache_arch *ca;
	struct seccomp_jit_call *calls;
	unsigned int i, nr, n = 0, len;
	u32 *result;

	calls = kvmalloc_array(MAX_CACHED_CALLS, sizeof(*calls), GFP_KERNEL);
	if (!calls)
		return;
	for (i = 0; i < seccomp_cache_nr_arches; i++) {
		ca = &seccomp_cache_arches[i];
		result = seccomp_cache_part(cache, ca->result);
		for_each_set_bit(nr, seccomp_cache_part(cache, ca->residual),
				 ca->nr_syscalls) {
			len = seccomp_residual_len(cache->residuals,
						   result[nr]);
			if (len <= SECCOMP_QUICK_MAX_INSNS &&
			    seccomp_regs_usable() &&
			    seccomp_residual_reads_args_only(cache->residuals,
							     result[nr], len))
				result[nr] |= SECCOMP_CACHE_QUICK;
			/*
			 * Shorter ones cost less interpreted; past the
			 * budget, the rest stay interpreted.
			 */
			if (len < SECCOMP_JIT_MIN_INSNS || len > budget)
				continue;
			budget -= len;
			calls[n++] = (struct seccomp_jit_call){
				.arch = ca->arch, .nr = nr,
				.start = result[nr] & SECCOMP_CACHE_AT,
			};
		}
	}
	cache->jit = seccomp_jit_compile(cache->residuals,
					 cache->nr_residual_insns, calls, n);
	for (i = 0; cache->jit && i < n; i++)
		result_of(cache, calls[i].arch)[calls[i].nr] |=
			SECCOMP_CACHE_JITED;
	kvfree(calls);
}

/**
 * seccomp_cache_analyse() - find what a new filter does with each call
 * @filter: the filter, not yet part of any chain
 *
 * The expensive half of the cache, done before any lock is taken.
 *
 * Return: 0, or %-ENOMEM.
 */
int seccomp_cache_analyse(struct seccomp_filter *filter)
{
	const struct sock_fprog_kern *prog = filter->prog->orig_prog;
	struct seccomp_cache *cache = &filter->cache;
	struct seccomp_specialiser *s;
	const struct sock_filter *insns;
	unsigned int i, len;
	int err = 0;

	might_sleep();
	if (WARN_ON_ONCE(!prog))
		return 0;	/* the cache stays empty: always run the filter */

	s = seccomp_specialiser_create(prog->filter, prog->len,
				       RESIDUALS_MAX_INSNS);
	if (!s)
		return -ENOMEM;
	for (i = 0; i < seccomp_cache_nr_arches; i++)
		analyse_arch(filter, &seccomp_cache_arches[i], s);

	insns = seccomp_specialiser_insns(s, &len);
	if (len) {
		cache->residuals = kmemdup(insns, len * sizeof(*insns),
					   GFP_KERNEL_ACCOUNT);
		cache->nr_residual_insns = len;
		if (!cache->residuals)
			err = -ENOMEM;
		else
			sort_residuals(cache, prog->len);
	}
	seccomp_specialiser_destroy(s);
	return err;
}

/**
 * seccomp_cache_free() - free what the analysis allocated
 * @filter: the filter being freed, or one whose analysis failed
 */
void seccomp_cache_free(struct seccomp_filter *filter)
{
	if (filter->cache.jit)
		bpf_prog_free(filter->cache.jit);
	kfree(filter->cache.residuals);
}

/*
 * How many filters below @filter the next one whose result for call @nr
 * is not known stands (0: none above where the chain is decided), from
 * what the filter below knows; SECCOMP_CACHE_NO_SUMMARY if too far.
 */
static unsigned int next_to_run(const struct seccomp_cache *below,
				const struct seccomp_cache_arch *ca,
				unsigned int nr)
{
	const u8 *next_below;

	if (!below || test_bit(nr, seccomp_cache_cpart(below, ca->decided)))
		return 0;
	next_below = seccomp_cache_cpart(below, ca->next);
	if (next_below[nr] == SECCOMP_CACHE_NO_SUMMARY)
		return SECCOMP_CACHE_NO_SUMMARY;
	if (!test_bit(nr, seccomp_cache_cpart(below, ca->known)))
		return 1;
	if (!next_below[nr])
		return 0;
	return min_t(unsigned int, next_below[nr] + 1U,
		     SECCOMP_CACHE_NO_SUMMARY);
}

/*
 * For each call of @ca: whether the chain from @filter down is decided,
 * and its result, or the summary of its known results and the next
 * filter to run (see SECCOMP_CACHE_TABLE), from @filter's own and what
 * the filter below holds, as seccomp_run_chain() would weigh them.
 */
static void link_arch(struct seccomp_filter *filter,
		      const struct seccomp_cache_arch *ca)
{
	struct seccomp_cache *cache = &filter->cache;
	const struct seccomp_cache *below =
		filter->prev ? &filter->prev->cache : NULL;
	const unsigned long *known = seccomp_cache_cpart(cache, ca->known);
	const unsigned long *residual = seccomp_cache_cpart(cache,
							    ca->residual);
	const u32 *result = seccomp_cache_cpart(cache, ca->result);
	unsigned long *decided = seccomp_cache_part(cache, ca->decided);
	unsigned long *allow = seccomp_cache_part(cache, ca->allow);
	u32 *chain = seccomp_cache_part(cache, ca->chain);
	u8 *depth = seccomp_cache_part(cache, ca->depth);
	u8 *next = seccomp_cache_part(cache, ca->next);
	unsigned long *quick = seccomp_cache_part(cache, ca->quick);
	const unsigned long *decided_below = NULL;
	const unsigned long *quick_below = NULL;
	const u32 *chain_below = NULL;
	const u8 *depth_below = NULL;
	unsigned int nr;

	if (below) {
		decided_below = seccomp_cache_cpart(below, ca->decided);
		chain_below = seccomp_cache_cpart(below, ca->chain);
		depth_below = seccomp_cache_cpart(below, ca->depth);
		quick_below = seccomp_cache_cpart(below, ca->quick);
	}
	for (nr = 0; nr < ca->nr_syscalls; nr++) {
		bool own = test_bit(nr, known);
		u32 ret = own ? result[nr] : SECCOMP_RET_ALLOW;
		unsigned int from = 0;
		bool is_decided = own;

		/* Nothing below can win over KILL_PROCESS: no need to know. */
		if (below && !(own && (ret & SECCOMP_RET_ACTION_FULL) ==
					  SECCOMP_RET_KILL_PROCESS)) {
			is_decided = own && test_bit(nr, decided_below);
			if (seccomp_action_stricter(chain_below[nr], ret)) {
				ret = chain_below[nr];
				from = depth_below[nr] + 1;
			}
		}
		next[nr] = is_decided ? 0 : next_to_run(below, ca, nr);
		if (from >= SECCOMP_CACHE_NO_SUMMARY ||
		    next[nr] == SECCOMP_CACHE_NO_SUMMARY) {
			/* Too deep to say: the walk weighs each filter. */
			chain[nr] = SECCOMP_RET_ALLOW;
			depth[nr] = SECCOMP_CACHE_NO_SUMMARY;
			next[nr] = SECCOMP_CACHE_NO_SUMMARY;
			continue;
		}
		if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW) {
			/* As a run of the chain: no filter won, no data. */
			ret = SECCOMP_RET_ALLOW;
			from = 0;
			if (is_decided)
				__set_bit(nr, allow);
		}
		if (is_decided)
			__set_bit(nr, decided);
		else if (ret == SECCOMP_RET_ALLOW &&
			 (own ? next[nr] && test_bit(nr, quick_below) :
			  !next[nr] && test_bit(nr, residual) &&
			  (result[nr] & (SECCOMP_CACHE_QUICK |
					 SECCOMP_CACHE_JITED))))
			/* The one filter to run is below, or this one. */
			__set_bit(nr, quick);
		chain[nr] = ret;
		depth[nr] = from;
	}
}

/**
 * seccomp_cache_link() - find what the chain from a new filter down decides
 * @filter: the analysed filter, its @prev just set, not yet visible to any
 *          task; the caller holds current's siglock
 */
void seccomp_cache_link(struct seccomp_filter *filter)
{
	unsigned int i;

	for (i = 0; i < seccomp_cache_nr_arches; i++)
		link_arch(filter, &seccomp_cache_arches[i]);
}
