/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cache: what each filter does with each system call number, found
 * when the filter is attached (seccomp_cache.c), and how the system call
 * path reads it.  What the caches of a whole chain say together is in
 * seccomp_chain.h.
 *
 * SECCOMP_ARCH_NATIVE and _COMPAT are AUDIT_ARCH_* values, and not every
 * <asm/seccomp.h> includes what defines them (arm64's does not): hence
 * <linux/audit.h>.
 */
#ifndef _KERNEL_SECCOMP_CACHE_H
#define _KERNEL_SECCOMP_CACHE_H

#include <linux/audit.h>
#include <linux/bitmap.h>
#include <linux/filter.h>
#include <linux/nospec.h>
#include <linux/seccomp.h>
#include <linux/types.h>

struct seccomp_filter;

/**
 * struct seccomp_cache_table - what a filter's cache knows of one ABI
 * @known: bit N set when the filter's result for call N does not depend
 *         on the arguments or the instruction pointer
 * @residual: bit N set when the filter specialised to call N is in the
 *            cache's @residuals
 * @decided: bit N set when the result of the chain from this filter down
 *           for call N does not depend on the arguments or the
 *           instruction pointer (see seccomp_chain_summary())
 * @allow: bit N set when that result is to allow the call
 * @quick: bit N set when the chain allows call N unless the one filter
 *         whose result is not known says otherwise, and that filter's
 *         residual is %SECCOMP_CACHE_OVER_REGS or %SECCOMP_CACHE_JITED:
 *         a call for seccomp_quick_allows().  Kept for every ABI, read
 *         for the native one only.
 * @values: the cache's @values
 * @own: for a call in @known or @residual, the index in @values of its
 *       result or of its residual's entry; calls that follow one path
 *       share an entry, and a filter keeps at most %U8_MAX of them
 * @depth: how many filters below this one is the one whose result is the
 *         chain's summary for the call: its result if the call is in
 *         @decided, else the strictest of the known results down to where
 *         the chain is decided, which the filters that run compete with;
 *         0 with the summary ALLOW; %SECCOMP_CACHE_NO_SUMMARY for an
 *         undecided call of a chain too long to say
 * @next: for the calls not in @decided, how many filters below this one
 *        is the next whose result is not known, or 0 if none is above
 *        where the chain is decided; %SECCOMP_CACHE_NO_SUMMARY if too
 *        many
 *
 * Where @own, @depth or @next is all zero, as @depth and @next are in a
 * filter with nothing below it, the filter has no table of its own.
 */
struct seccomp_cache_table {
	unsigned long *known;
	unsigned long *residual;
	unsigned long *decided;
	unsigned long *allow;
	unsigned long *quick;
	const u32 *values;
	u8 *own;
	u8 *depth;
	u8 *next;
};

#ifdef SECCOMP_ARCH_NATIVE
#ifdef SECCOMP_ARCH_COMPAT
#define SECCOMP_CACHE_NR_ARCHES	2
#define SECCOMP_CACHE_COMPAT_NR	SECCOMP_ARCH_COMPAT_NR
#else
#define SECCOMP_CACHE_NR_ARCHES	1
#define SECCOMP_CACHE_COMPAT_NR	0
#endif
#define SECCOMP_CACHE_MAX_CALLS	(SECCOMP_ARCH_NATIVE_NR + SECCOMP_CACHE_COMPAT_NR)

/*
 * The bitmaps of &struct seccomp_cache_table, in the order they lie in
 * a cache's @bits: all of the native ABI's, then all of the compat one's.
 */
enum seccomp_cache_bitmap {
	SECCOMP_CACHE_KNOWN,
	SECCOMP_CACHE_RESIDUAL,
	SECCOMP_CACHE_DECIDED,
	SECCOMP_CACHE_ALLOW,
	SECCOMP_CACHE_QUICK_CALLS,
	SECCOMP_CACHE_NR_BITMAPS
};

/*
 * A residual's entry in a cache's @values: its first instruction in
 * @residuals (SECCOMP_CACHE_AT), with SECCOMP_CACHE_JITED set if the
 * cache's @jit has it, and SECCOMP_CACHE_OVER_REGS if it can be
 * interpreted over a call's registers: it is short, reads only
 * arguments, and seccomp_regs.c found where they are.
 */
#define SECCOMP_CACHE_JITED	BIT(31)
#define SECCOMP_CACHE_OVER_REGS	BIT(30)
#define SECCOMP_CACHE_AT	GENMASK(29, 0)
#define SECCOMP_CACHE_NO_SUMMARY	U8_MAX

/**
 * struct seccomp_cache - what a filter's analysis found
 * @tables: per ABI, the native one first, then the compat one
 * @values: the distinct results and residual entries of the filter's
 *          calls, or NULL
 * @residuals: the filter's programs specialised per call, one after
 *             another (see seccomp_residual.c), or NULL
 * @nr_residual_insns: their total length
 * @jit: the longer residuals, JIT-compiled (see seccomp_jit.c), or NULL
 * @own: the allocation of every table's @own, or NULL where they share
 *       a table of zeros
 * @depths: the allocation of every table's @depth, or NULL where they
 *          share a table of zeros
 * @nexts: the same for @next, or NULL where they share a table of zeros,
 *         or with @next_ones one of ones
 * @next_ones: see @nexts
 * @bits: the tables' bitmaps
 *
 * Computed once when the filter is attached, from the filter and the
 * cache of the filter below it; read without locks afterwards, and freed
 * with the filter.  Only the bitmaps live in the filter object itself,
 * so that the common case costs no more than the filter's own lines.
 */
struct seccomp_cache {
	struct seccomp_cache_table tables[SECCOMP_CACHE_NR_ARCHES];
	u32 *values;
	struct sock_filter *residuals;
	unsigned int nr_residual_insns;
	struct bpf_prog *jit;
	u8 *own;
	u8 *depths;
	u8 *nexts;
	bool next_ones;
	unsigned long bits[SECCOMP_CACHE_NR_BITMAPS *
			   (BITS_TO_LONGS(SECCOMP_ARCH_NATIVE_NR) +
			    BITS_TO_LONGS(SECCOMP_CACHE_COMPAT_NR))];
};
#else
struct seccomp_cache { };
#endif

/**
 * struct seccomp_cache_pos - where a call stands in any filter's cache
 * @index: its index in its architecture's tables
 * @compat: whether these are the tables of %SECCOMP_ARCH_COMPAT
 *
 * Every filter's cache has the same layout, so a call's position is
 * found once per system call, whatever the length of the chain.
 */
struct seccomp_cache_pos {
	unsigned int index;
	bool compat;
};

#ifdef SECCOMP_ARCH_NATIVE
/**
 * struct seccomp_cache_arch - an architecture the cache knows
 * @arch: its ``AUDIT_ARCH_*`` value
 * @nr_syscalls: how many system call numbers it has
 * @name: its name in /proc/PID/seccomp_cache
 */
struct seccomp_cache_arch {
	u32 arch;
	unsigned int nr_syscalls;
	const char *name;
};

extern const struct seccomp_cache_arch seccomp_cache_arches[];
extern const unsigned int seccomp_cache_nr_arches;

int seccomp_cache_analyse(struct seccomp_filter *filter, bool summaries);
bool seccomp_cache_can_link(const struct seccomp_filter *filter,
			    const struct seccomp_filter *below);
int seccomp_cache_link(struct seccomp_filter *filter);
void seccomp_cache_free(struct seccomp_filter *filter);

/*
 * Where call @nr of @arch stands in every cache, or false for a call the
 * cache does not cover.  x32 calls carry a high bit and fall out of
 * range, so their filters always run whole.
 */
static __always_inline bool seccomp_cache_pos(u32 arch, int nr,
					      struct seccomp_cache_pos *pos)
{
	unsigned int bits;

	if (likely(arch == SECCOMP_ARCH_NATIVE)) {
		bits = SECCOMP_ARCH_NATIVE_NR;
		pos->compat = false;
#ifdef SECCOMP_ARCH_COMPAT
	} else if (arch == SECCOMP_ARCH_COMPAT) {
		bits = SECCOMP_ARCH_COMPAT_NR;
		pos->compat = true;
#endif
	} else {
		return false;
	}
	if (unlikely((unsigned int)nr >= bits))
		return false;
	pos->index = array_index_nospec((unsigned int)nr, bits);
	return true;
}

/*
 * Bitmap @which of the table @compat picks, found from the layout of
 * @bits rather than through the table, so that the system call path
 * reads one word less.
 */
static __always_inline unsigned long *
seccomp_cache_bitmap(const struct seccomp_cache *cache, bool compat,
		     enum seccomp_cache_bitmap which)
{
	unsigned int native = BITS_TO_LONGS(SECCOMP_ARCH_NATIVE_NR);

	if (SECCOMP_CACHE_NR_ARCHES > 1 && compat)
		return (unsigned long *)cache->bits +
		       SECCOMP_CACHE_NR_BITMAPS * native +
		       which * BITS_TO_LONGS(SECCOMP_CACHE_COMPAT_NR);
	return (unsigned long *)cache->bits + which * native;
}

/* The table of @cache that holds the calls of a seccomp_cache_pos(). */
static __always_inline const struct seccomp_cache_table *
seccomp_cache_table(const struct seccomp_cache *cache, bool compat)
{
	return &cache->tables[SECCOMP_CACHE_NR_ARCHES > 1 && compat];
}

/* The filter's own result, or residual entry, for the call at @index. */
static __always_inline u32
seccomp_cache_own(const struct seccomp_cache_table *t, unsigned int index)
{
	return t->values[t->own[index]];
}

/* The residual at @at of @cache's residuals. */
static __always_inline const struct sock_filter *
seccomp_cache_residual(const struct seccomp_cache *cache, u32 at)
{
	return cache->residuals + (at & SECCOMP_CACHE_AT);
}

static __always_inline const struct bpf_prog *
seccomp_cache_jit(const struct seccomp_cache *cache)
{
	return cache->jit;
}
#else
static inline int seccomp_cache_analyse(struct seccomp_filter *filter,
					bool summaries)
{
	return 0;
}

static inline bool seccomp_cache_can_link(const struct seccomp_filter *filter,
					  const struct seccomp_filter *below)
{
	return true;
}

static inline int seccomp_cache_link(struct seccomp_filter *filter)
{
	return 0;
}

static inline void seccomp_cache_free(struct seccomp_filter *filter) { }

static inline bool seccomp_cache_pos(u32 arch, int nr,
				     struct seccomp_cache_pos *pos)
{
	return false;
}

static inline const struct seccomp_cache_table *
seccomp_cache_table(const struct seccomp_cache *cache, bool compat)
{
	return NULL;
}

static inline u32 seccomp_cache_own(const struct seccomp_cache_table *t,
				    unsigned int index)
{
	return SECCOMP_RET_KILL_PROCESS;
}

static inline const struct sock_filter *
seccomp_cache_residual(const struct seccomp_cache *cache, u32 at)
{
	return NULL;
}

static inline const struct bpf_prog *
seccomp_cache_jit(const struct seccomp_cache *cache)
{
	return NULL;
}
#endif /* SECCOMP_ARCH_NATIVE */

#endif /* _KERNEL_SECCOMP_CACHE_H */
