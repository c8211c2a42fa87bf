// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the action table (seccomp_actions.c): the precedence of
 * filter results, with their data and with values that are no action.
 */

#include <kunit/test.h>
#include <linux/kernel.h>

#include "seccomp_actions.h"

static const u32 actions_by_precedence[] = {
	SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP,
	SECCOMP_RET_ERRNO, SECCOMP_RET_USER_NOTIF, SECCOMP_RET_TRACE,
	SECCOMP_RET_LOG, SECCOMP_RET_ALLOW,
};

static void precedence_order(struct kunit *test)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(actions_by_precedence); i++) {
		u32 a = actions_by_precedence[i];

		KUNIT_EXPECT_EQ(test, seccomp_action_rank(a), i);
		for (j = 0; j < ARRAY_SIZE(actions_by_precedence); j++) {
			u32 b = actions_by_precedence[j];

			KUNIT_EXPECT_EQ(test, seccomp_action_stricter(a, b),
					i < j);
		}
	}
}

static void precedence_ignores_data(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, seccomp_action_rank(SECCOMP_RET_ERRNO | 0xffff),
			seccomp_action_rank(SECCOMP_RET_ERRNO));
	KUNIT_EXPECT_EQ(test, seccomp_action_rank(SECCOMP_RET_KILL_THREAD | 1),
			seccomp_action_rank(SECCOMP_RET_KILL_THREAD));
	KUNIT_EXPECT_FALSE(test, seccomp_action_stricter(SECCOMP_RET_ERRNO | 1,
							 SECCOMP_RET_ERRNO | 2));
	KUNIT_EXPECT_FALSE(test, seccomp_action_stricter(SECCOMP_RET_ERRNO | 2,
							 SECCOMP_RET_ERRNO | 1));
	KUNIT_EXPECT_TRUE(test, seccomp_action_stricter(SECCOMP_RET_TRAP | 0xffff,
							SECCOMP_RET_ERRNO));
}

/*
 * A value that is no action competes by its number, as in 6.1, and acts
 * as KILL_PROCESS only if it wins.
 */
static void precedence_unknown_by_value(struct kunit *test)
{
	const u32 between_trap_and_errno = 0x00040000;
	const u32 between_trace_and_log = 0x7ff80000;
	const u32 below_all = 0xffff0000;

	KUNIT_EXPECT_TRUE(test, seccomp_action_stricter(SECCOMP_RET_TRAP,
							between_trap_and_errno));
	KUNIT_EXPECT_TRUE(test, seccomp_action_stricter(between_trap_and_errno,
							SECCOMP_RET_ERRNO));
	KUNIT_EXPECT_TRUE(test, seccomp_action_stricter(SECCOMP_RET_ERRNO,
							between_trace_and_log));
	KUNIT_EXPECT_TRUE(test, seccomp_action_stricter(between_trace_and_log,
							SECCOMP_RET_LOG));
	KUNIT_EXPECT_TRUE(test, seccomp_action_stricter(SECCOMP_RET_KILL_PROCESS,
							below_all));
	KUNIT_EXPECT_EQ(test, seccomp_action_rank(between_trace_and_log),
			seccomp_action_rank(SECCOMP_RET_KILL_PROCESS));
	KUNIT_EXPECT_STREQ(test, seccomp_action_name(between_trap_and_errno),
			   "kill_process");
}

static struct kunit_case seccomp_actions_test_cases[] = {
	KUNIT_CASE(precedence_order),
	KUNIT_CASE(precedence_ignores_data),
	KUNIT_CASE(precedence_unknown_by_value),
	{}
};

static struct kunit_suite seccomp_actions_test_suite = {
	.name = "seccomp_actions",
	.test_cases = seccomp_actions_test_cases,
};

kunit_test_suite(seccomp_actions_test_suite);
