// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the cache (seccomp_cache.c) and of the chain summaries
 * it links: random chains, chains that single out calls here and there
 * and chains deeper than the summaries, run through the cache against a
 * plain evaluation of every filter; and the bound on what a filter's
 * cache keeps.
 */

#include <kunit/test.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/ptrace.h>

#include "seccomp_cache.h"
#include "seccomp_chain.h"
#include "seccomp_check.h"
#include "seccomp_emulate.h"
#include "seccomp_filter.h"
#include "seccomp_regs.h"
#include "seccomp_run.h"
#include "seccomp_test_util.h"

/*
 * What a filter's cache keeps is bounded by the filter's length: a
 * two-instruction filter with a different result for every call, and a
 * short one with a different residual for every call, keep a few dozen
 * of them and leave the other calls to run the whole filter, whose
 * results the cache does not contradict.
 */
static void cache_memory_is_bounded(struct kunit *test)
{
	static const struct sock_filter distinct_results[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	static const struct sock_filter distinct_residuals[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
		BPF_STMT(BPF_ST, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0)),
		BPF_STMT(BPF_LDX | BPF_MEM, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 1),
		RET_ALLOW,
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
	};
	const struct seccomp_cache_table *t;
	unsigned int nr, known = 0, residual = 0, most = 0;
	struct seccomp_filter *f;

	f = seccomp_test_fake_filter(test, distinct_results,
				     ARRAY_SIZE(distinct_results), NULL);
	t = seccomp_cache_table(&f->cache, false);
	for (nr = 0; nr < SECCOMP_ARCH_NATIVE_NR; nr++) {
		if (!test_bit(nr, t->known))
			continue;
		known++;
		most = max_t(unsigned int, most, t->own[nr]);
		KUNIT_EXPECT_EQ(test, seccomp_cache_own(t, nr), nr);
	}
	KUNIT_EXPECT_GT(test, known, 0U);
	KUNIT_EXPECT_LE(test, most + 1, ARRAY_SIZE(distinct_results) + 64);
	KUNIT_EXPECT_LT(test, known, (unsigned int)SECCOMP_ARCH_NATIVE_NR);
	seccomp_test_fake_chain_free(test, f);

	f = seccomp_test_fake_filter(test, distinct_residuals,
				     ARRAY_SIZE(distinct_residuals), NULL);
	t = seccomp_cache_table(&f->cache, false);
	for (nr = 0; nr < SECCOMP_ARCH_NATIVE_NR; nr++)
		residual += test_bit(nr, t->residual);
	KUNIT_EXPECT_GT(test, residual, 0U);
	KUNIT_EXPECT_LT(test, residual, (unsigned int)SECCOMP_ARCH_NATIVE_NR);
	KUNIT_EXPECT_LE(test, f->cache.nr_residual_insns,
			2 * ARRAY_SIZE(distinct_residuals) + 64);
	seccomp_test_fake_chain_free(test, f);
}

/*
 * The chain's result for the call @sd, if the cache of @top has it with
 * no filter to run: as answer() in seccomp_run.c finds it.
 */
static bool chain_decided(struct seccomp_filter *top,
			  const struct seccomp_data *sd, u32 *ret,
			  struct seccomp_filter **match)
{
	struct seccomp_cache_pos pos;

	if (!seccomp_cache_pos(sd->arch, sd->nr, &pos) ||
	    !test_bit(pos.index,
		      seccomp_cache_table(&top->cache, pos.compat)->decided))
		return false;
	*ret = seccomp_chain_summary(top, pos.compat, pos.index, match);
	return true;
}

/* Does the cache answer for every filter of the chain, without the JIT? */
static bool chain_covered(const struct seccomp_filter *top,
			  const struct seccomp_data *sd)
{
	const struct seccomp_cache_table *t;
	unsigned int nr;

	for (; top; top = top->prev)
		if (!seccomp_test_slot_of(&top->cache, sd->arch, sd->nr, &nr,
					  &t) ||
		    !(test_bit(nr, t->known) || test_bit(nr, t->residual)))
			return false;
	return true;
}

/* The plain evaluation: every filter whole, the ABI's order between them. */
static u32 reference_chain(struct kunit *test, struct seccomp_filter *top,
			   const struct seccomp_data *sd,
			   struct seccomp_filter **match)
{
	u32 ret = SECCOMP_RET_ALLOW, cur;
	const struct sock_fprog_kern *orig;

	for (; top; top = top->prev) {
		orig = top->prog->orig_prog;
		KUNIT_ASSERT_TRUE(test, seccomp_emulate(orig->filter, orig->len,
							sd->arch, sd->nr, sd,
							&cur, NULL));
		if ((s32)(cur & SECCOMP_RET_ACTION_FULL) <
		    (s32)(ret & SECCOMP_RET_ACTION_FULL)) {
			ret = cur;
			*match = top;
		}
	}
	return ret;
}

#define CHAIN_PAIRS		100000
#define CALLS_PER_CHAIN		100
#define CHAIN_MAX		4

/* What check_chain() saw. */
struct chain_counts {
	unsigned int pairs;
	unsigned int allowed;
	unsigned int decided;
	unsigned int quick;
};

/*
 * A call the cache sends to seccomp_quick_allows() must get "allowed" from
 * it exactly when the chain allows the call.
 */
static void check_quick(struct kunit *test, struct seccomp_filter *top,
			const struct seccomp_data *sd, u32 expected,
			struct chain_counts *counts)
{
	struct seccomp_cache_pos pos;
	struct pt_regs regs;

	if (!seccomp_cache_pos(sd->arch, sd->nr, &pos) ||
	    !seccomp_chain_quick_at(top, &pos))
		return;
	counts->quick++;
	seccomp_test_regs_of(sd, &regs);
	KUNIT_ASSERT_EQ(test, seccomp_quick_allows(top, pos.index, sd->arch,
						   &regs),
			(expected & SECCOMP_RET_ACTION_FULL) ==
			SECCOMP_RET_ALLOW);
}

/*
 * Random calls of the cache's architectures through @top: the chain run
 * through the cache, and the chain's result when the cache has it, must
 * give the same value, from the same filter, as the plain evaluation.
 */
static void check_call(struct kunit *test, struct seccomp_filter *top,
		       const struct seccomp_data *sd,
		       struct chain_counts *counts)
{
	struct seccomp_filter *match = NULL, *ref_match = NULL;
	struct seccomp_cache_pos pos;
	u32 got, expected;

	if (!chain_covered(top, sd))
		return;
	counts->pairs++;
	expected = reference_chain(test, top, sd, &ref_match);
	if (seccomp_cache_pos(sd->arch, sd->nr, &pos) &&
	    seccomp_chain_allows_at(top, &pos)) {
		counts->allowed++;
		KUNIT_ASSERT_EQ(test, expected & SECCOMP_RET_ACTION_FULL,
				SECCOMP_RET_ALLOW);
	}
	got = seccomp_chain_result(top, sd, &match);
	KUNIT_ASSERT_EQ_MSG(test, got, expected, "call %d", sd->nr);
	KUNIT_ASSERT_PTR_EQ_MSG(test, match, ref_match, "call %d", sd->nr);
	check_quick(test, top, sd, expected, counts);
	match = NULL;
	if (!chain_decided(top, sd, &got, &match))
		return;
	counts->decided++;
	KUNIT_ASSERT_EQ_MSG(test, got, expected, "decided: call %d", sd->nr);
	KUNIT_ASSERT_PTR_EQ_MSG(test, match, ref_match, "decided: call %d",
				sd->nr);
}

static void check_chain(struct kunit *test, struct seccomp_filter *top,
			struct rnd_state *rnd, unsigned int calls,
			struct chain_counts *counts)
{
	struct seccomp_data sd;

	while (calls--) {
		seccomp_test_random_call(rnd, &sd);
		sd.arch = seccomp_cache_arches[seccomp_test_pick(rnd,
					seccomp_cache_nr_arches)].arch;
		check_call(test, top, &sd, counts);
	}
}

static struct seccomp_filter *random_chain(struct kunit *test,
					   struct rnd_state *rnd,
					   unsigned int n)
{
	struct sock_filter insns[RANDOM_LEN];
	struct seccomp_check_result result;
	struct seccomp_filter *top = NULL;
	unsigned int i, len;

	for (i = 0; i < n; i++) {
		do {
			len = 2 + seccomp_test_pick(rnd, RANDOM_LEN - 1);
			seccomp_test_random_program(rnd, insns, len, true);
		} while (seccomp_check_program(insns, len, &result));
		top = seccomp_test_fake_filter(test, insns, len, top);
	}
	return top;
}

/*
 * Differential test of the engine: random chains of random programs,
 * analysed as if attached one after the other, through check_chain().
 */
static void chain_engine_matches_reference(struct kunit *test)
{
	struct chain_counts counts = { };
	struct seccomp_filter *top;
	struct rnd_state rnd;
	unsigned int chain;

	prandom_seed_state(&rnd, 0xc4a1);
	for (chain = 0; counts.pairs < CHAIN_PAIRS && chain < CHAIN_PAIRS / 50;
	     chain++) {
		top = random_chain(test, &rnd,
				   1 + seccomp_test_pick(&rnd, CHAIN_MAX));
		check_chain(test, top, &rnd, CALLS_PER_CHAIN, &counts);
		seccomp_test_fake_chain_free(test, top);
	}
	KUNIT_EXPECT_GE(test, counts.pairs, CHAIN_PAIRS);
	KUNIT_EXPECT_GT(test, counts.allowed, 0U);
	KUNIT_EXPECT_GT(test, counts.decided, counts.pairs / 10);
	kunit_info(test, "%u pairs, %u through seccomp_quick_allows()\n",
		   counts.pairs, counts.quick);
	if (seccomp_regs_usable())
		KUNIT_EXPECT_GT(test, counts.quick, counts.pairs / 100);
}

/*
 * A filter that singles out call @k with @ret, lets the others through,
 * and checks the first argument of every call when @arg: the chains of
 * such filters link most calls a run at a time (see link_table()), and
 * the calls they single out one by one.
 */
static unsigned int single_out(struct sock_filter *insns, u32 k, u32 ret,
			       bool arg)
{
	insns[0] = seccomp_test_insn(BPF_LD | BPF_W | BPF_ABS, NR_OFF, 0, 0);
	insns[1] = seccomp_test_insn(BPF_JMP | BPF_JEQ | BPF_K, k, 0, 1);
	insns[2] = seccomp_test_insn(BPF_RET | BPF_K, ret, 0, 0);
	if (!arg) {
		insns[3] = seccomp_test_insn(BPF_RET | BPF_K,
					     SECCOMP_RET_ALLOW, 0, 0);
		return 4;
	}
	insns[3] = seccomp_test_insn(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0),
				     0, 0);
	insns[4] = seccomp_test_insn(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1);
	insns[5] = seccomp_test_insn(BPF_RET | BPF_K, SECCOMP_RET_TRAP, 0, 0);
	insns[6] = seccomp_test_insn(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	return 7;
}

#define RUN_CHAINS	24

/*
 * Every call of every ABI through chains of filters that single out calls
 * here and there, within runs and on their edges: the calls linked a run
 * at a time must get what one by one would give them.
 */
static void link_runs_match_reference(struct kunit *test)
{
	static const u32 singled[] = { 0, 3, 7, 8, 63, 64, 70, 127, 200, 449 };
	static const u32 rets[] = {
		SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ERRNO | 1,
		SECCOMP_RET_ERRNO | 2, SECCOMP_RET_TRACE, SECCOMP_RET_LOG,
		SECCOMP_RET_ALLOW,
	};
	struct chain_counts counts = { };
	struct seccomp_filter *top;
	struct sock_filter insns[7];
	struct seccomp_data sd = { };
	unsigned int chain, i, n, a, len;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 0x1ee7);
	for (chain = 0; chain < RUN_CHAINS; chain++) {
		top = NULL;
		for (n = 1 + seccomp_test_pick(&rnd, 6), i = 0; i < n; i++) {
			len = single_out(insns,
					 singled[seccomp_test_pick(&rnd,
							ARRAY_SIZE(singled))],
					 rets[seccomp_test_pick(&rnd,
							ARRAY_SIZE(rets))],
					 !seccomp_test_pick(&rnd, 3));
			top = seccomp_test_fake_filter(test, insns, len, top);
		}
		for (a = 0; a < seccomp_cache_nr_arches; a++) {
			sd.arch = seccomp_cache_arches[a].arch;
			for (sd.nr = 0;
			     sd.nr < seccomp_cache_arches[a].nr_syscalls;
			     sd.nr++) {
				sd.args[0] = seccomp_test_pick(&rnd, 2);
				check_call(test, top, &sd, &counts);
			}
		}
		seccomp_test_fake_chain_free(test, top);
	}
	/* Not vacuous: both decided calls and calls the filters weigh. */
	KUNIT_EXPECT_GT(test, counts.decided, counts.pairs / 10);
	KUNIT_EXPECT_LT(test, counts.decided, counts.pairs);
}

static const struct sock_filter errno_5[] = {
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 5),
};

static const struct sock_filter trap_arg0_1[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

#define DEEP_CALLS	1000

/*
 * An argument check over a known ERRNO @n - 1 filters down: past
 * SECCOMP_CACHE_NO_SUMMARY filters, the cache no longer sums up the
 * known results, and the walk weighs them one by one.
 */
static void deep_chain_matches_reference(struct kunit *test)
{
	static const unsigned int lengths[] = { 200, 300 };
	struct chain_counts counts = { };
	struct seccomp_filter *top;
	struct rnd_state rnd;
	unsigned int i, j;

	prandom_seed_state(&rnd, 0xdee9);
	for (i = 0; i < ARRAY_SIZE(lengths); i++) {
		top = seccomp_test_fake_filter(test, errno_5,
					       ARRAY_SIZE(errno_5), NULL);
		for (j = 2; j < lengths[i]; j++)
			top = seccomp_test_fake_allow_all(test, top);
		top = seccomp_test_fake_filter(test, trap_arg0_1,
					       ARRAY_SIZE(trap_arg0_1), top);
		check_chain(test, top, &rnd, DEEP_CALLS, &counts);
		seccomp_test_fake_chain_free(test, top);
	}
	KUNIT_EXPECT_EQ(test, counts.pairs, DEEP_CALLS * ARRAY_SIZE(lengths));
	KUNIT_EXPECT_EQ(test, counts.decided, 0U);
}

static struct kunit_case seccomp_cache_test_cases[] = {
	KUNIT_CASE(chain_engine_matches_reference),
	KUNIT_CASE(deep_chain_matches_reference),
	KUNIT_CASE(link_runs_match_reference),
	KUNIT_CASE(cache_memory_is_bounded),
	{}
};

static struct kunit_suite seccomp_cache_test_suite = {
	.name = "seccomp_cache",
	.test_cases = seccomp_cache_test_cases,
};

kunit_test_suite(seccomp_cache_test_suite);
