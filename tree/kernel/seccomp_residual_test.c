// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the specialiser (seccomp_residual.c): the residual
 * programs it leaves for a call, checked and run against the whole
 * program, specialising every call at once against each call alone, and
 * the bounds on its work on hostile filters.
 */

#include <kunit/test.h>
#include <linux/audit.h>
#include <linux/bitmap.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/prandom.h>

#include "seccomp_check.h"
#include "seccomp_emulate.h"
#include "seccomp_residual.h"
#include "seccomp_run.h"
#include "seccomp_test_util.h"

/* A libseccomp-like filter: call 9 checks its first argument. */
static const struct sock_filter linear_9[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARCH_OFF),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 6, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 5, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 9, 0, 3),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0)),
	BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xf),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 5, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
	RET_ALLOW,
};

/* Room for residuals in the tests: the most a call can take, many times. */
#define RESIDUAL_ROOM	(96 * 128)

static void residual_keeps_only_the_argument_check(struct kunit *test)
{
	struct seccomp_specialiser *s;
	const struct sock_filter *out;
	struct seccomp_data sd = { .nr = 9, .arch = AUDIT_ARCH_X86_64 };
	unsigned int len;
	u32 ret;
	int start;

	s = seccomp_specialiser_create(linear_9, ARRAY_SIZE(linear_9),
				       RESIDUAL_ROOM);
	KUNIT_ASSERT_NOT_NULL(test, s);

	KUNIT_EXPECT_EQ(test, seccomp_specialise(s, AUDIT_ARCH_X86_64, 2, &ret),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ALLOW);
	KUNIT_EXPECT_EQ(test, seccomp_specialise(s, AUDIT_ARCH_I386, 9, &ret),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_KILL_PROCESS);

	start = seccomp_specialise(s, AUDIT_ARCH_X86_64, 9, &ret);
	KUNIT_ASSERT_GE(test, start, 0);
	out = seccomp_specialiser_insns(s, &len);
	/* Load, mask, compare and two returns: nothing of the number. */
	KUNIT_EXPECT_EQ(test, len - start, 5U);
	KUNIT_EXPECT_EQ(test, out[start].code, BPF_LD | BPF_W | BPF_ABS);
	KUNIT_EXPECT_EQ(test, out[start].k, ARG_OFF(0));

	sd.args[0] = 0x35;
	KUNIT_EXPECT_EQ(test, seccomp_residual_run(out + start, &sd),
			SECCOMP_RET_ALLOW);
	sd.args[0] = 0x36;
	KUNIT_EXPECT_EQ(test, seccomp_residual_run(out + start, &sd),
			SECCOMP_RET_ERRNO | 1);
	seccomp_specialiser_destroy(s);
}

/* What the JITs may not agree on is left to the whole program. */
static void residual_gives_up_on_shift_by_unknown(struct kunit *test)
{
	static const struct sock_filter shift[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0)),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_IMM, 1),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct seccomp_specialiser *s;
	u32 ret;

	s = seccomp_specialiser_create(shift, ARRAY_SIZE(shift), RESIDUAL_ROOM);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, seccomp_specialise(s, AUDIT_ARCH_X86_64, 0, &ret),
			-E2BIG);
	seccomp_specialiser_destroy(s);
}

/*
 * Differential test of the residuals: for random valid programs (scratch
 * memory included) and random calls, what a residual returns must be
 * what the program returns, on the emulator with the whole call known;
 * and every residual must itself be a program the checker accepts.
 */
static void residuals_match_programs(struct kunit *test)
{
	struct sock_filter insns[RANDOM_LEN];
	struct seccomp_check_result result;
	unsigned int prog, call, residuals = 0, pairs = 0, gave_up = 0;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 0x5e51d);
	for (prog = 0; pairs < 100000 && prog < 20 * RANDOM_PROGRAMS; prog++) {
		unsigned int len = 2 + seccomp_test_pick(&rnd, RANDOM_LEN - 1);
		struct seccomp_specialiser *s;

		seccomp_test_random_program(&rnd, insns, len, true);
		if (seccomp_check_program(insns, len, &result))
			continue;
		s = seccomp_specialiser_create(insns, len, RESIDUAL_ROOM);
		KUNIT_ASSERT_NOT_NULL(test, s);

		for (call = 0; call < CALLS_PER_PROGRAM; call++) {
			const struct sock_filter *out;
			struct seccomp_data sd;
			unsigned int end;
			u32 got, actual;
			int start;

			seccomp_test_random_call(&rnd, &sd);
			KUNIT_ASSERT_TRUE(test, seccomp_emulate(insns, len,
								sd.arch, sd.nr,
								&sd, &actual,
								NULL));
			start = seccomp_specialise(s, sd.arch, sd.nr, &got);
			if (start == -E2BIG) {
				gave_up++;
				continue;
			}
			if (start >= 0) {
				int err;

				out = seccomp_specialiser_insns(s, &end);
				err = seccomp_check_program(out + start,
							    end - start,
							    &result);
				KUNIT_ASSERT_EQ_MSG(test, err, 0,
						    "program %u, call %u, pc %u",
						    prog, call, result.pc);
				got = seccomp_residual_run(out + start, &sd);
				residuals++;
			}
			pairs++;
			KUNIT_ASSERT_EQ_MSG(test, got, actual,
					    "program %u, call %u", prog, call);
		}
		seccomp_specialiser_destroy(s);
	}
	KUNIT_EXPECT_GE(test, pairs, 100000U);
	KUNIT_EXPECT_GT(test, residuals, pairs / 4);
	/* Only paths that multiply past the bound: rare at this length. */
	KUNIT_EXPECT_LT(test, gave_up, pairs / 100);
}

#define SHARED_CALLS	64

/*
 * Specialising to every call at once shares the head of the filter
 * between calls: it must find what specialising to each call alone
 * finds, for random programs, on both kinds of head (those that read
 * the number and those that do not).
 */
static void specialise_calls_matches_each_call(struct kunit *test)
{
	DECLARE_BITMAP(known, SHARED_CALLS);
	DECLARE_BITMAP(residual, SHARED_CALLS);
	struct sock_filter insns[RANDOM_LEN];
	struct seccomp_check_result check;
	u32 result[SHARED_CALLS], ret, got, want;
	unsigned int prog, nr, shared = 0, given_up = 0, i;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 0x5a3ed);
	for (prog = 0; prog < RANDOM_PROGRAMS; prog++) {
		unsigned int len = 2 + seccomp_test_pick(&rnd, RANDOM_LEN - 1);
		u32 arch = seccomp_test_pick(&rnd, 2) ? AUDIT_ARCH_X86_64 :
							 AUDIT_ARCH_I386;
		struct seccomp_specialiser *all, *each;
		const struct sock_filter *all_out, *each_out;
		unsigned int all_len, each_len;

		seccomp_test_random_program(&rnd, insns, len, true);
		if (seccomp_check_program(insns, len, &check))
			continue;
		all = seccomp_specialiser_create(insns, len, 96 * SHARED_CALLS);
		each = seccomp_specialiser_create(insns, len, 96 * SHARED_CALLS);
		KUNIT_ASSERT_NOT_NULL(test, all);
		KUNIT_ASSERT_NOT_NULL(test, each);
		bitmap_zero(known, SHARED_CALLS);
		bitmap_zero(residual, SHARED_CALLS);
		seccomp_specialise_calls(all, arch, SHARED_CALLS, known,
					 residual, result);
		all_out = seccomp_specialiser_insns(all, &all_len);

		for (nr = 0; nr < SHARED_CALLS; nr++) {
			int start = seccomp_specialise(each, arch, nr, &ret);

			/* Past the budget of the filter, all runs it whole. */
			if (!test_bit(nr, known) && !test_bit(nr, residual) &&
			    start != -E2BIG) {
				given_up++;
				continue;
			}
			if (start == -EEXIST) {
				KUNIT_ASSERT_TRUE(test, test_bit(nr, known));
				KUNIT_ASSERT_EQ(test, result[nr], ret);
				continue;
			}
			KUNIT_ASSERT_FALSE(test, test_bit(nr, known));
			KUNIT_ASSERT_EQ(test, start >= 0,
					(bool)test_bit(nr, residual));
			if (start < 0)
				continue;
			shared++;
			each_out = seccomp_specialiser_insns(each, &each_len);
			for (i = 0; i < 4; i++) {
				struct seccomp_data sd;

				seccomp_test_random_call(&rnd, &sd);
				sd.nr = nr;
				sd.arch = arch;
				want = seccomp_residual_run(each_out + start,
							    &sd);
				got = seccomp_residual_run(all_out + result[nr],
							   &sd);
				KUNIT_ASSERT_EQ_MSG(test, got, want,
						    "program %u, call %u",
						    prog, nr);
			}
		}
		seccomp_specialiser_destroy(each);
		seccomp_specialiser_destroy(all);
	}
	KUNIT_EXPECT_GT(test, shared, 0U);
	kunit_info(test, "%u calls shared, %u past the budget", shared,
		   given_up);
	KUNIT_EXPECT_LT(test, given_up, shared / 10);
}

#define HOSTILE_LEN	BPF_MAXINSNS
#define HOSTILE_CALLS	400

/*
 * A filter made to cost the specialiser the most: its head splits off
 * each call into a set of its own (a JEQ, and a JA to the tail), and
 * every one of those sets then walks a tail as long as the rest of the
 * filter, of comparisons of the number (@on_path false: the head goes
 * on) or of loads of an argument (@on_path: a residual is built).
 */
static void hostile_filter(struct sock_filter *insns, bool on_path)
{
	unsigned int pc = 0, nr, tail = 1 + 2 * HOSTILE_CALLS;

	insns[pc++] = seccomp_test_insn(BPF_LD | BPF_W | BPF_ABS, NR_OFF, 0, 0);
	for (nr = 0; nr < HOSTILE_CALLS; nr++) {
		insns[pc] = seccomp_test_insn(BPF_JMP | BPF_JEQ | BPF_K, nr,
					      0, 1);
		pc++;
		insns[pc] = seccomp_test_insn(BPF_JMP | BPF_JA, tail - pc - 1,
					      0, 0);
		pc++;
	}
	while (pc < HOSTILE_LEN - 1) {
		insns[pc++] = on_path ?
			seccomp_test_insn(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0),
					  0, 0) :
			seccomp_test_insn(BPF_JMP | BPF_JEQ | BPF_K, U32_MAX,
					  0, 0);
	}
	insns[pc] = seccomp_test_insn(BPF_RET | BPF_A, 0, 0, 0);
}

/*
 * The specialiser stays within its budget on the worst filters, gives
 * up on the calls it cannot afford (they run the whole filter), and
 * what it found for the others is right.
 */
static void specialise_work_is_bounded(struct kunit *test)
{
	DECLARE_BITMAP(known, HOSTILE_CALLS);
	DECLARE_BITMAP(residual, HOSTILE_CALLS);
	struct seccomp_check_result check;
	struct sock_filter *insns;
	unsigned int nr, given_up;
	u32 *result, want;
	int on_path;

	insns = kunit_kmalloc_array(test, HOSTILE_LEN, sizeof(*insns),
				    GFP_KERNEL);
	result = kunit_kmalloc_array(test, HOSTILE_CALLS, sizeof(*result),
				     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, insns);
	KUNIT_ASSERT_NOT_NULL(test, result);
	for (on_path = 0; on_path < 2; on_path++) {
		struct seccomp_specialiser *s;

		hostile_filter(insns, on_path);
		KUNIT_ASSERT_EQ(test, seccomp_check_program(insns, HOSTILE_LEN,
							    &check), 0);
		s = seccomp_specialiser_create(insns, HOSTILE_LEN,
					       RESIDUAL_ROOM);
		KUNIT_ASSERT_NOT_NULL(test, s);
		bitmap_zero(known, HOSTILE_CALLS);
		bitmap_zero(residual, HOSTILE_CALLS);
		seccomp_specialise_calls(s, AUDIT_ARCH_X86_64, HOSTILE_CALLS,
					 known, residual, result);
		seccomp_specialise_calls(s, AUDIT_ARCH_I386, HOSTILE_CALLS,
					 known, residual, result);
		KUNIT_EXPECT_LE(test, seccomp_specialiser_work(s),
				seccomp_specialise_budget(HOSTILE_LEN));

		given_up = 0;
		for (nr = 0; nr < HOSTILE_CALLS; nr++) {
			if (!test_bit(nr, known) && !test_bit(nr, residual)) {
				given_up++;
				continue;
			}
			if (!test_bit(nr, known))
				continue;
			KUNIT_ASSERT_TRUE(test,
					  seccomp_test_emulate(insns, HOSTILE_LEN,
							       AUDIT_ARCH_X86_64,
							       nr, &want));
			KUNIT_EXPECT_EQ(test, result[nr], want);
		}
		/* Not vacuous: the budget ran out, and only then. */
		KUNIT_EXPECT_GT(test, given_up, 0U);
		KUNIT_EXPECT_LT(test, given_up, (unsigned int)HOSTILE_CALLS);
		seccomp_specialiser_destroy(s);
	}
}

/*
 * Calls whose paths do not read the number share one residual: a short
 * filter that checks an argument of every call costs one residual.
 */
static void specialise_shares_residuals(struct kunit *test)
{
	static const struct sock_filter every_call[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARCH_OFF),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(1)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 7, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 7),
		RET_ALLOW,
	};
	DECLARE_BITMAP(known, HOSTILE_CALLS);
	DECLARE_BITMAP(residual, HOSTILE_CALLS);
	struct seccomp_specialiser *s;
	unsigned int len;
	u32 *result;

	result = kunit_kmalloc_array(test, HOSTILE_CALLS, sizeof(*result),
				     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, result);
	s = seccomp_specialiser_create(every_call, ARRAY_SIZE(every_call),
				       RESIDUAL_ROOM);
	KUNIT_ASSERT_NOT_NULL(test, s);
	bitmap_zero(known, HOSTILE_CALLS);
	bitmap_zero(residual, HOSTILE_CALLS);
	seccomp_specialise_calls(s, AUDIT_ARCH_X86_64, HOSTILE_CALLS, known,
				 residual, result);
	KUNIT_EXPECT_TRUE(test, bitmap_full(residual, HOSTILE_CALLS));
	seccomp_specialiser_insns(s, &len);
	/* Load, compare, two returns: once, for all the calls. */
	KUNIT_EXPECT_EQ(test, len, 4U);
	KUNIT_EXPECT_EQ(test, result[0], result[HOSTILE_CALLS - 1]);
	seccomp_specialiser_destroy(s);
}

/*
 * Results computed from the number cannot all be kept: the specialiser
 * stops at a few of them, and the rest of the calls run the whole filter
 * rather than costing a specialisation each.
 */
static void specialise_stops_at_computed_results(struct kunit *test)
{
	static const struct sock_filter from_nr[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
		BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	DECLARE_BITMAP(known, HOSTILE_CALLS);
	DECLARE_BITMAP(residual, HOSTILE_CALLS);
	struct seccomp_specialiser *s;
	unsigned int nr, n = 0;
	u32 *result;

	result = kunit_kmalloc_array(test, HOSTILE_CALLS, sizeof(*result),
				     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, result);
	s = seccomp_specialiser_create(from_nr, ARRAY_SIZE(from_nr),
				       RESIDUAL_ROOM);
	KUNIT_ASSERT_NOT_NULL(test, s);
	bitmap_zero(known, HOSTILE_CALLS);
	bitmap_zero(residual, HOSTILE_CALLS);
	seccomp_specialise_calls(s, AUDIT_ARCH_X86_64, HOSTILE_CALLS, known,
				 residual, result);
	for_each_set_bit(nr, known, HOSTILE_CALLS) {
		KUNIT_EXPECT_EQ(test, result[nr], SECCOMP_RET_ERRNO | nr);
		n++;
	}
	KUNIT_EXPECT_TRUE(test, bitmap_empty(residual, HOSTILE_CALLS));
	KUNIT_EXPECT_GT(test, n, 0U);
	KUNIT_EXPECT_LE(test, n, 16U);
	seccomp_specialiser_destroy(s);
}

static struct kunit_case seccomp_residual_test_cases[] = {
	KUNIT_CASE(residual_keeps_only_the_argument_check),
	KUNIT_CASE(residual_gives_up_on_shift_by_unknown),
	KUNIT_CASE(residuals_match_programs),
	KUNIT_CASE(specialise_calls_matches_each_call),
	KUNIT_CASE(specialise_work_is_bounded),
	KUNIT_CASE(specialise_shares_residuals),
	KUNIT_CASE(specialise_stops_at_computed_results),
	{}
};

static struct kunit_suite seccomp_residual_test_suite = {
	.name = "seccomp_residual",
	.test_cases = seccomp_residual_test_cases,
};

kunit_test_suite(seccomp_residual_test_suite);
