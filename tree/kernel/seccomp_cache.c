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
 *
 * A filter is input from an unprivileged task, so what the cache costs
 * is bounded by the filter's length: the specialiser's steps (see
 * seccomp_specialise_budget()), the residuals, the distinct results, and
 * the JIT-ed residuals.  Past a bound, calls run the whole filter.
 */

#include <asm/unaligned.h>
#include <linux/bitmap.h>
#include <linux/filter.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "seccomp_actions.h"
#include "seccomp_cache.h"
#include "seccomp_chain.h"
#include "seccomp_jit.h"
#include "seccomp_regs.h"
#include "seccomp_residual.h"

/*
 * A residual shorter than this runs faster in the interpreter than the
 * call into JIT-ed code costs.
 */
#define SECCOMP_JIT_MIN_INSNS	5

/*
 * A residual no longer than this, which reads only arguments, is
 * interpreted over the registers by seccomp_quick_allows(): cheaper than
 * gathering the call and entering JIT-ed code.
 */
#define SECCOMP_QUICK_MAX_INSNS	12

const struct seccomp_cache_arch seccomp_cache_arches[] = {
	{ SECCOMP_ARCH_NATIVE, SECCOMP_ARCH_NATIVE_NR,
	  SECCOMP_ARCH_NATIVE_NAME },
#ifdef SECCOMP_ARCH_COMPAT
	{ SECCOMP_ARCH_COMPAT, SECCOMP_ARCH_COMPAT_NR,
	  SECCOMP_ARCH_COMPAT_NAME },
#endif
};

static_assert(ARRAY_SIZE(seccomp_cache_arches) == SECCOMP_CACHE_NR_ARCHES);

const unsigned int seccomp_cache_nr_arches = ARRAY_SIZE(seccomp_cache_arches);

/*
 * The @own, @depth or @next of every filter where they are all zero, and
 * the @next of every filter over a chain whose next filter always runs.
 */
static u8 zeros[SECCOMP_CACHE_MAX_CALLS] __read_mostly;
static u8 ones[SECCOMP_CACHE_MAX_CALLS] __read_mostly = {
	[0 ... SECCOMP_CACHE_MAX_CALLS - 1] = 1
};

/*
 * Room for the residuals of one filter, all calls of all architectures
 * together, in instructions: past it, the remaining calls run the whole
 * filter.  Calls that follow one path share a residual, so real filters
 * need a fraction of their length; a filter that makes every call's
 * residual differ gets no more than a copy of itself of kernel memory.
 */
#define RESIDUALS_MIN_INSNS	32
#define RESIDUALS_MAX_INSNS	(BPF_MAXINSNS + RESIDUALS_MIN_INSNS)
static_assert(RESIDUALS_MAX_INSNS <= SECCOMP_CACHE_AT);

static unsigned int residuals_room(unsigned int filter_len)
{
	return filter_len + RESIDUALS_MIN_INSNS;
}

/*
 * The most distinct results and residual entries a filter keeps: a
 * distinct result takes a path of its own through the filter, but a
 * filter can return a value computed from the call's number.
 */
#define VALUES_MIN	16

static unsigned int values_room(unsigned int filter_len)
{
	return min_t(unsigned int, filter_len + VALUES_MIN, U8_MAX);
}

/*
 * What of a filter's residuals may go to the JIT: a program of its own
 * costs a page and more, which only a filter of JIT_MIN_FILTER_INSNS
 * instructions and more makes up for; and the residuals, each call also
 * counting for its place in the program's search of the call number,
 * at most JIT_INSNS_PER_INSN times the filter's length.
 */
#define JIT_MIN_FILTER_INSNS	128
#define JIT_INSNS_PER_INSN	2
#define JIT_INSNS_PER_CALL	2

/*
 * The first call of ABI @i in a table of all calls of all ABIs, as the
 * analysis lays out its scratch results and the cache its @own.
 */
static unsigned int first_call(unsigned int i)
{
	return i ? SECCOMP_ARCH_NATIVE_NR : 0;
}

/* Point each table at its part of @cache's allocations. */
static void lay_out_tables(struct seccomp_cache *cache)
{
	unsigned int i;

	for (i = 0; i < seccomp_cache_nr_arches; i++) {
		struct seccomp_cache_table *t = &cache->tables[i];
		unsigned int first = first_call(i);

		t->known = seccomp_cache_bitmap(cache, i, SECCOMP_CACHE_KNOWN);
		t->residual = seccomp_cache_bitmap(cache, i,
						   SECCOMP_CACHE_RESIDUAL);
		t->decided = seccomp_cache_bitmap(cache, i,
						  SECCOMP_CACHE_DECIDED);
		t->allow = seccomp_cache_bitmap(cache, i, SECCOMP_CACHE_ALLOW);
		t->quick = seccomp_cache_bitmap(cache, i,
						SECCOMP_CACHE_QUICK_CALLS);
		t->values = cache->values;
		t->own = cache->own ? cache->own + first : zeros;
		t->depth = cache->depths ? cache->depths + first : zeros;
		t->next = cache->nexts ? cache->nexts + first :
			  cache->next_ones ? ones : zeros;
	}
}

/*
 * Is word @w of @t full, @covered, and has every call of it the value @v
 * (in @entries as @entry) that index_values() last kept?
 */
static bool same_value(const struct seccomp_cache_table *t, unsigned int w,
		       unsigned long covered, const u32 *res, unsigned int last,
		       u32 v, bool entry)
{
	unsigned int nr, first = w * BITS_PER_LONG;
	unsigned long words = entry ? t->residual[w] : t->known[w];

	if (last == U16_MAX || ~covered || (words & covered) != covered)
		return false;
	for (nr = first; nr < first + BITS_PER_LONG; nr++)
		if (res[nr] != v)
			return false;
	return true;
}

/*
 * Keep each call's result or residual entry from @result as an index in
 * @values, which gets each distinct one once (a result and a residual
 * entry of the same number being two, told apart in @entries), found
 * through a scratch hash table: a sort would cost more than the analysis
 * of a short filter.  Past values_room(), calls whose value did not fit
 * are left to run the whole filter.  Return: how many values, or
 * -%ENOMEM.
 */
static int index_values(struct seccomp_cache *cache, const u32 *result,
			u32 *values, unsigned long *entries, unsigned int room)
{
	unsigned int bits = ilog2(roundup_pow_of_two(2 * room));
	unsigned int i, w, nr, h, n = 0, last = U16_MAX;
	unsigned long covered, mask;
	bool entry, last_entry = false;
	u32 v, last_v = 0;
	u16 *slots;

	slots = kmalloc_array(1U << bits, sizeof(*slots), GFP_KERNEL);
	if (!slots)
		return -ENOMEM;
	memset(slots, 0xff, (1U << bits) * sizeof(*slots));
	for (i = 0; i < seccomp_cache_nr_arches; i++) {
		struct seccomp_cache_table *t = &cache->tables[i];
		unsigned int nr_calls = seccomp_cache_arches[i].nr_syscalls;
		const u32 *res = result + first_call(i);
		u8 *own = cache->own + first_call(i);

		/* Word by word: most calls share their neighbour's value. */
		for (w = 0; w < BITS_TO_LONGS(nr_calls); w++) {
			covered = t->known[w] | t->residual[w];
			if (w == BITS_TO_LONGS(nr_calls) - 1)
				covered &= BITMAP_LAST_WORD_MASK(nr_calls);
			if (same_value(t, w, covered, res, last, last_v,
				       last_entry)) {
				memset(own + w * BITS_PER_LONG, last,
				       BITS_PER_LONG);
				continue;
			}
			for (; covered; covered &= covered - 1) {
				mask = covered & -covered;
				nr = w * BITS_PER_LONG + __ffs(covered);
				v = res[nr];
				entry = t->residual[w] & mask;
				if (last != U16_MAX && v == last_v &&
				    entry == last_entry) {
					own[nr] = last;
					continue;
				}
				for (h = hash_32(v, bits); slots[h] != U16_MAX &&
				     (values[slots[h]] != v ||
				      test_bit(slots[h], entries) != entry);
				     h = (h + 1) & ((1U << bits) - 1))
					;
				if (slots[h] == U16_MAX) {
					if (n == room) {
						t->known[w] &= ~mask;
						t->residual[w] &= ~mask;
						continue;
					}
					slots[h] = n;
					__assign_bit(n, entries, entry);
					values[n++] = v;
				}
				last = slots[h];
				last_v = v;
				last_entry = entry;
				own[nr] = last;
			}
		}
	}
	kfree(slots);
	return n;
}

/*
 * Mark the residuals short enough, and reading only arguments, for
 * seccomp_quick_allows() to interpret over a call's registers: once
 * each, however many calls share it.  The JIT's part is jit_residuals().
 */
static void mark_regs_residuals(struct seccomp_cache *cache, u32 *values,
				const unsigned long *entries,
				unsigned int nr_values)
{
	unsigned int v, start, len;

	if (!seccomp_regs_usable())
		return;
	for_each_set_bit(v, entries, nr_values) {
		start = values[v] & SECCOMP_CACHE_AT;
		len = seccomp_residual_len(cache->residuals, start,
					   cache->nr_residual_insns);
		if (len <= SECCOMP_QUICK_MAX_INSNS &&
		    seccomp_residual_reads_args_only(cache->residuals, start,
						     len))
			values[v] |= SECCOMP_CACHE_OVER_REGS;
	}
}

/*
 * Have the JIT compile the residuals long enough to gain from it, within
 * the filter's budget (without the JIT they all stay interpreted).  A
 * residual goes whole, for every call that has it, or not at all.
 */
static void jit_residuals(struct seccomp_cache *cache, u32 *values,
			  const unsigned long *entries, unsigned int nr_values,
			  unsigned int filter_len)
{
	unsigned int budget = JIT_INSNS_PER_INSN * filter_len;
	unsigned int i, nr, v, n = 0, len, *cost;
	struct seccomp_jit_call *calls = NULL;
	unsigned long *take;

	if (filter_len < JIT_MIN_FILTER_INSNS || !cache->residuals)
		return;
	cost = kcalloc(nr_values, sizeof(*cost), GFP_KERNEL);
	take = bitmap_zalloc(nr_values, GFP_KERNEL);
	if (!cost || !take)
		goto out;
	/* What each residual costs: itself, and each call's search. */
	for (i = 0; i < seccomp_cache_nr_arches; i++)
		for_each_set_bit(nr, cache->tables[i].residual,
				 seccomp_cache_arches[i].nr_syscalls)
			cost[cache->tables[i].own[nr]] += JIT_INSNS_PER_CALL;
	for_each_set_bit(v, entries, nr_values) {
		len = seccomp_residual_len(cache->residuals,
					   values[v] & SECCOMP_CACHE_AT,
					   cache->nr_residual_insns);
		/*
		 * Shorter ones cost less interpreted, and the quick path
		 * interprets those it can over the registers anyway.
		 */
		if (len < SECCOMP_JIT_MIN_INSNS ||
		    (values[v] & SECCOMP_CACHE_OVER_REGS) ||
		    len + cost[v] > budget)
			continue;
		budget -= len + cost[v];
		__set_bit(v, take);
	}

	calls = kvmalloc_array(SECCOMP_CACHE_MAX_CALLS, sizeof(*calls),
			       GFP_KERNEL);
	if (!calls)
		goto out;
	for (i = 0; i < seccomp_cache_nr_arches; i++)
		for_each_set_bit(nr, cache->tables[i].residual,
				 seccomp_cache_arches[i].nr_syscalls) {
			v = cache->tables[i].own[nr];
			if (!test_bit(v, take))
				continue;
			calls[n++] = (struct seccomp_jit_call){
				.arch = seccomp_cache_arches[i].arch, .nr = nr,
				.start = values[v] & SECCOMP_CACHE_AT,
			};
		}
	cache->jit = seccomp_jit_compile(cache->residuals,
					 cache->nr_residual_insns, calls, n);
	for (v = 0; cache->jit && v < nr_values; v++)
		if (test_bit(v, take))
			values[v] |= SECCOMP_CACHE_JITED;
out:
	kvfree(calls);
	bitmap_free(take);
	kfree(cost);
}

/*
 * Keep each call's value in the cache's tables and @values (see
 * index_values()), and sort the residuals.  Where every call has the
 * same value, the tables share a table of zeros for @own.
 */
static int keep_values(struct seccomp_cache *cache, const u32 *result,
		       unsigned int filter_len)
{
	unsigned int room = values_room(filter_len);
	DECLARE_BITMAP(entries, U8_MAX);
	u32 *values;
	int n;

	values = kmalloc_array(room, sizeof(*values), GFP_KERNEL);
	if (!values)
		return -ENOMEM;
	n = index_values(cache, result, values, entries, room);
	if (n < 0)
		goto out;
	mark_regs_residuals(cache, values, entries, n);
	jit_residuals(cache, values, entries, n, filter_len);
	cache->values = kmemdup(values, max(n, 1) * sizeof(*values),
				GFP_KERNEL_ACCOUNT);
	if (!cache->values) {
		n = -ENOMEM;
		goto out;
	}
	if (n <= 1) {
		kfree(cache->own);
		cache->own = NULL;
	}
	lay_out_tables(cache);
out:
	kfree(values);
	return n < 0 ? n : 0;
}

/*
 * Specialise the filter to every call of every ABI into @result, laid
 * out as first_call() says, and keep the residuals.
 */
static int specialise(struct seccomp_cache *cache,
		      const struct sock_fprog_kern *prog, u32 *result)
{
	const struct sock_filter *insns;
	struct seccomp_specialiser *s;
	unsigned int i, len;
	int err = 0;

	s = seccomp_specialiser_create(prog->filter, prog->len,
				       residuals_room(prog->len));
	if (!s)
		return -ENOMEM;
	for (i = 0; i < seccomp_cache_nr_arches; i++)
		seccomp_specialise_calls(s, seccomp_cache_arches[i].arch,
					 seccomp_cache_arches[i].nr_syscalls,
					 cache->tables[i].known,
					 cache->tables[i].residual,
					 result + first_call(i));

	insns = seccomp_specialiser_insns(s, &len);
	if (len) {
		/* No high-order allocation for what can be had in pages. */
		cache->residuals = kvmalloc_array(len, sizeof(*insns),
						  GFP_KERNEL_ACCOUNT);
		if (cache->residuals) {
			memcpy(cache->residuals, insns, len * sizeof(*insns));
			cache->nr_residual_insns = len;
		} else {
			err = -ENOMEM;
		}
	}
	seccomp_specialiser_destroy(s);
	return err;
}

/**
 * seccomp_cache_analyse() - find what a new filter does with each call
 * @filter: the filter, not yet part of any chain
 * @summaries: whether the filter may have others below it: room for the
 *             summaries of the chain (see seccomp_cache_can_link())
 *
 * The expensive half of the cache, done before any lock is taken, and
 * bounded by the filter's length.  Sleeps.
 *
 * Return: 0, or %-ENOMEM.
 */
int seccomp_cache_analyse(struct seccomp_filter *filter, bool summaries)
{
	const struct sock_fprog_kern *prog = filter->prog->orig_prog;
	struct seccomp_cache *cache = &filter->cache;
	u32 *result;
	int err;

	might_sleep();
	/* Under a page each, on every architecture with a cache. */
	cache->own = kmalloc_array(SECCOMP_CACHE_MAX_CALLS,
				   sizeof(*cache->own), GFP_KERNEL_ACCOUNT);
	if (!cache->own)
		return -ENOMEM;
	if (summaries) {
		cache->depths = kzalloc(SECCOMP_CACHE_MAX_CALLS,
					GFP_KERNEL_ACCOUNT);
		cache->nexts = kzalloc(SECCOMP_CACHE_MAX_CALLS,
				       GFP_KERNEL_ACCOUNT);
		if (!cache->depths || !cache->nexts)
			return -ENOMEM;
	}
	lay_out_tables(cache);
	/* The cache stays empty: always run the filter. */
	if (WARN_ON_ONCE(!prog))
		return keep_values(cache, NULL, 0);

	result = kvmalloc_array(SECCOMP_CACHE_MAX_CALLS, sizeof(*result),
				GFP_KERNEL);
	if (!result)
		return -ENOMEM;
	err = specialise(cache, prog, result);
	if (!err)
		err = keep_values(cache, result, prog->len);
	kvfree(result);
	return err;
}

/**
 * seccomp_cache_free() - free what the analysis allocated
 * @filter: the filter being freed, or one whose analysis failed or is to
 *          be done again; its cache is left empty
 */
void seccomp_cache_free(struct seccomp_filter *filter)
{
	struct seccomp_cache *cache = &filter->cache;

	if (cache->jit)
		bpf_prog_free(cache->jit);
	kvfree(cache->residuals);
	kfree(cache->values);
	kfree(cache->own);
	kfree(cache->depths);
	kfree(cache->nexts);
	memset(cache, 0, sizeof(*cache));
}

/**
 * seccomp_cache_can_link() - has the analysis room for a chain below?
 * @filter: the analysed filter
 * @below: what would be its @prev
 *
 * Return: false if @filter was analysed with nothing below it and
 * @below is a filter: it must be analysed again, with room for the
 * summaries of the chain.
 */
bool seccomp_cache_can_link(const struct seccomp_filter *filter,
			    const struct seccomp_filter *below)
{
	return !below || filter->cache.depths;
}

/* Is residual entry @v one seccomp_quick_allows() can run? */
static bool quick_entry(u32 v)
{
	return v & (SECCOMP_CACHE_OVER_REGS | SECCOMP_CACHE_JITED);
}

/*
 * A table's parts, read into locals once per table: the link's byte
 * stores could alias any pointer read through the table itself.
 */
struct link_view {
	const unsigned long *known;
	const unsigned long *residual;
	unsigned long *decided;
	unsigned long *allow;
	unsigned long *quick;
	const u32 *values;
	const u8 *own;
	u8 *depth;
	u8 *next;
};

static struct link_view view_of(const struct seccomp_cache_table *t)
{
	return (struct link_view){
		.known = t->known, .residual = t->residual,
		.decided = t->decided, .allow = t->allow, .quick = t->quick,
		.values = t->values, .own = t->own,
		.depth = t->depth, .next = t->next,
	};
}

/*
 * How many filters below the new one the next whose result for call @nr
 * is not known stands (0: none above where the chain is decided), from
 * what the filter below, @b, knows; SECCOMP_CACHE_NO_SUMMARY if too far.
 */
static unsigned int next_to_run(const struct link_view *b, unsigned int nr)
{
	if (test_bit(nr, b->decided))
		return 0;
	if (b->next[nr] == SECCOMP_CACHE_NO_SUMMARY)
		return SECCOMP_CACHE_NO_SUMMARY;
	if (!test_bit(nr, b->known))
		return 1;
	if (!b->next[nr])
		return 0;
	return min_t(unsigned int, b->next[nr] + 1U, SECCOMP_CACHE_NO_SUMMARY);
}

/*
 * Would the one filter whose result for call @nr is not known be cheap
 * enough for seccomp_quick_allows()?  It is the new filter itself if its
 * own result is not known, else the one @next points to, whose table
 * @b has said so already.
 */
static bool one_quick_runner(const struct link_view *t,
			     const struct link_view *b, unsigned int nr)
{
	if (test_bit(nr, t->known))
		return t->next[nr] && test_bit(nr, b->quick);
	return !t->next[nr] && test_bit(nr, t->residual) &&
	       quick_entry(t->values[t->own[nr]]);
}

/*
 * For call @nr of table @i: whether the chain from the new filter down is
 * decided, and its summary (see &struct seccomp_cache_table), from the
 * filter's own result, in @t, and what the filter below, @below, holds in
 * @b, as a run of the chain would weigh them.
 */
static void link_call(const struct link_view *t, const struct link_view *b,
		      struct seccomp_filter *below, unsigned int i,
		      unsigned int nr)
{
	bool own = test_bit(nr, t->known), is_decided = own;
	u32 ret = own ? t->values[t->own[nr]] : SECCOMP_RET_ALLOW;
	unsigned int depth = 0, next;
	struct seccomp_filter *from;
	u32 ret_below;

	/* Nothing below can win over KILL_PROCESS: no need to know. */
	if (!(own && (ret & SECCOMP_RET_ACTION_FULL) ==
		     SECCOMP_RET_KILL_PROCESS)) {
		is_decided = own && test_bit(nr, b->decided);
		if (b->depth[nr] == SECCOMP_CACHE_NO_SUMMARY)
			goto no_summary;
		ret_below = seccomp_chain_summary(below, i, nr, &from);
		if (seccomp_action_stricter(ret_below, ret)) {
			ret = ret_below;
			depth = b->depth[nr] + 1;
		}
	}
	next = is_decided ? 0 : next_to_run(b, nr);
	if (depth >= SECCOMP_CACHE_NO_SUMMARY ||
	    next == SECCOMP_CACHE_NO_SUMMARY)
		goto no_summary;
	/* As a run of the chain: no filter won an ALLOW. */
	if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW) {
		depth = 0;
		if (is_decided)
			__set_bit(nr, t->allow);
	}
	if (is_decided)
		__set_bit(nr, t->decided);
	t->depth[nr] = depth;
	t->next[nr] = next;
	if (!is_decided && ret == SECCOMP_RET_ALLOW &&
	    one_quick_runner(t, b, nr))
		__set_bit(nr, t->quick);
	return;
no_summary:
	/* Too deep to say: the walk weighs each filter. */
	t->depth[nr] = SECCOMP_CACHE_NO_SUMMARY;
	t->next[nr] = SECCOMP_CACHE_NO_SUMMARY;
}

/* Are the bits of @mask in @word all set or all clear? */
static bool word_uniform(unsigned long word, unsigned long mask)
{
	return !(word & mask) || (word & mask) == mask;
}

/*
 * Have the @n calls from @first the same byte in @bytes?  A long at a
 * time: the runs are short, and memchr_inv() costs more to set up.
 */
static bool bytes_uniform(const u8 *bytes, unsigned int first, unsigned int n)
{
	unsigned long all = REPEAT_BYTE(bytes[first]);
	unsigned int i;

	for (i = 0; i + sizeof(all) <= n; i += sizeof(all))
		if (get_unaligned((const unsigned long *)(bytes + first + i)) !=
		    all)
			return false;
	for (; i < n; i++)
		if (bytes[first + i] != bytes[first])
			return false;
	return true;
}

/*
 * Calls @first to @first + @n - 1, all in word @w of the bitmaps, where
 * they are @mask.
 */
struct call_run {
	unsigned int w;
	unsigned int first;
	unsigned int n;
	unsigned long mask;
};

static struct call_run run_of(unsigned int first, unsigned int n)
{
	unsigned int bit = first % BITS_PER_LONG;

	return (struct call_run){
		.w = first / BITS_PER_LONG, .first = first, .n = n,
		.mask = GENMASK(bit + n - 1, bit),
	};
}

/* Has @v the same own value for the calls of @r, if any? */
static bool own_uniform(const struct link_view *v, const struct call_run *r)
{
	return word_uniform(v->known[r->w], r->mask) &&
	       word_uniform(v->residual[r->w], r->mask) &&
	       (!((v->known[r->w] | v->residual[r->w]) & r->mask) ||
		bytes_uniform(v->own, r->first, r->n));
}

/*
 * Would link_call() do the same for the calls of @r?  So it would if
 * everything it reads of the two filters, and of the one that gives the
 * summary below, is the same for them, as it is across most of the calls
 * of the stacks that say little about each call.
 */
static bool link_uniform(const struct link_view *t, const struct link_view *b,
			 struct seccomp_filter *below, unsigned int i,
			 const struct call_run *r)
{
	unsigned int depth = b->depth[r->first];
	struct link_view d;

	if (!own_uniform(t, r) || !own_uniform(b, r) ||
	    !word_uniform(b->decided[r->w], r->mask) ||
	    !word_uniform(b->quick[r->w], r->mask) ||
	    !bytes_uniform(b->depth, r->first, r->n) ||
	    !bytes_uniform(b->next, r->first, r->n))
		return false;
	if (!depth || depth == SECCOMP_CACHE_NO_SUMMARY)
		return true;
	d = view_of(&seccomp_filter_below(below, depth)->cache.tables[i]);
	return own_uniform(&d, r);
}

/* Give all the calls of @r what link_call() gave the first. */
static void spread_first(const struct link_view *t, const struct call_run *r)
{
	if (test_bit(r->first, t->decided))
		t->decided[r->w] |= r->mask;
	if (test_bit(r->first, t->allow))
		t->allow[r->w] |= r->mask;
	if (test_bit(r->first, t->quick))
		t->quick[r->w] |= r->mask;
	memset(t->depth + r->first, t->depth[r->first], r->n);
	memset(t->next + r->first, t->next[r->first], r->n);
}

/*
 * Calls of a word that are not all alike are tried again in runs of
 * RUN_CALLS: the calls a stack's filters single out are few and far
 * between.
 */
#define RUN_CALLS	8

/* link_call() for the calls of @r at once, if link_uniform() says so. */
static bool link_alike(const struct link_view *t, const struct link_view *b,
		       struct seccomp_filter *below, unsigned int i,
		       const struct call_run *r)
{
	if (!link_uniform(t, b, below, i, r))
		return false;
	link_call(t, b, below, i, r->first);
	spread_first(t, r);
	return true;
}

/*
 * link_call() for every call of table @i of @filter: a word of calls at
 * once where link_alike() can, else runs of RUN_CALLS, else one by one.
 */
static void link_table(struct seccomp_filter *filter, unsigned int i,
		       unsigned int nr_calls)
{
	struct seccomp_filter *below = filter->prev;
	const struct link_view t = view_of(&filter->cache.tables[i]);
	const struct link_view b = view_of(&below->cache.tables[i]);
	unsigned int nr, run, end;
	struct call_run r;

	for (nr = 0; nr < nr_calls; nr = end) {
		end = min_t(unsigned int, nr + BITS_PER_LONG, nr_calls);
		r = run_of(nr, end - nr);
		if (link_alike(&t, &b, below, i, &r))
			continue;
		for (run = nr; run < end; run += RUN_CALLS) {
			r = run_of(run, min_t(unsigned int, RUN_CALLS,
					      end - run));
			if (link_alike(&t, &b, below, i, &r))
				continue;
			for (; r.n; r.n--)
				link_call(&t, &b, below, i, r.first++);
		}
	}
}

/*
 * A chain whose summaries are all zero, as in most stacks of filters that
 * decide each call by its number, needs no table of its own: the filter
 * is not yet visible to any task, so its tables can still change.
 */
static void trim_summaries(struct seccomp_cache *cache)
{
	if (cache->depths &&
	    !memchr_inv(cache->depths, 0, SECCOMP_CACHE_MAX_CALLS)) {
		kfree(cache->depths);
		cache->depths = NULL;
	}
	if (cache->nexts &&
	    !memchr_inv(cache->nexts, 0, SECCOMP_CACHE_MAX_CALLS)) {
		kfree(cache->nexts);
		cache->nexts = NULL;
	} else if (cache->nexts &&
		   !memchr_inv(cache->nexts, 1, SECCOMP_CACHE_MAX_CALLS)) {
		kfree(cache->nexts);
		cache->nexts = NULL;
		cache->next_ones = true;
	}
	lay_out_tables(cache);
}

/* Does the filter's own result allow call @nr, which it knows? */
static bool allows_alone(const struct seccomp_cache_table *t, unsigned int nr)
{
	return (seccomp_cache_own(t, nr) & SECCOMP_RET_ACTION_FULL) ==
	       SECCOMP_RET_ALLOW;
}

/* May seccomp_quick_allows() run the residual of call @nr? */
static bool runs_quick(const struct seccomp_cache_table *t, unsigned int nr)
{
	return quick_entry(seccomp_cache_own(t, nr));
}

/* Is word @w of @t all known or all residual, with one value? */
static bool one_own_value(const struct seccomp_cache_table *t, unsigned int w)
{
	return (t->known[w] == ~0UL || t->residual[w] == ~0UL) &&
	       bytes_uniform(t->own, w * BITS_PER_LONG, BITS_PER_LONG);
}

/*
 * seccomp_cache_link() for a filter with nothing below it: the chain is
 * the filter, and no call needs a walk.  With @one_value, all its calls
 * that have a value have the same, which bitmap operations spread; else
 * word by word, since find_next_bit() per call costs more than the rest.
 */
static void link_alone(struct seccomp_cache_table *t, unsigned int nr_calls,
		       bool one_value)
{
	unsigned int w, nr;
	unsigned long bits;

	bitmap_copy(t->decided, t->known, nr_calls);
	if (one_value) {
		nr = find_first_bit(t->known, nr_calls);
		if (nr < nr_calls && allows_alone(t, nr))
			bitmap_copy(t->allow, t->known, nr_calls);
		nr = find_first_bit(t->residual, nr_calls);
		if (nr < nr_calls && runs_quick(t, nr))
			bitmap_copy(t->quick, t->residual, nr_calls);
		return;
	}
	for (w = 0; w < BITS_TO_LONGS(nr_calls); w++) {
		if (one_own_value(t, w)) {
			nr = w * BITS_PER_LONG;
			if (t->known[w] && allows_alone(t, nr))
				t->allow[w] = ~0UL;
			if (t->residual[w] && runs_quick(t, nr))
				t->quick[w] = ~0UL;
			continue;
		}
		for (bits = t->known[w]; bits; bits &= bits - 1) {
			nr = w * BITS_PER_LONG + __ffs(bits);
			if (allows_alone(t, nr))
				__set_bit(nr, t->allow);
		}
		for (bits = t->residual[w]; bits; bits &= bits - 1) {
			nr = w * BITS_PER_LONG + __ffs(bits);
			if (runs_quick(t, nr))
				__set_bit(nr, t->quick);
		}
	}
}

/**
 * seccomp_cache_link() - find what the chain from a new filter down decides
 * @filter: the analysed filter, its @prev just set, not yet visible to any
 *          task; the caller holds current's siglock
 *
 * Return: 0; %-EINVAL if seccomp_cache_can_link() says no, which the
 * caller made sure of (it warns).
 */
int seccomp_cache_link(struct seccomp_filter *filter)
{
	unsigned int i;

	if (WARN_ON_ONCE(!seccomp_cache_can_link(filter, filter->prev)))
		return -EINVAL;
	for (i = 0; i < seccomp_cache_nr_arches; i++) {
		unsigned int nr_calls = seccomp_cache_arches[i].nr_syscalls;

		if (filter->prev)
			link_table(filter, i, nr_calls);
		else
			link_alone(&filter->cache.tables[i], nr_calls,
				   !filter->cache.own);
	}
	trim_summaries(&filter->cache);
	return 0;
}
