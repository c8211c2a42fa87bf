// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the abstract machine for classic programs
 * (seccomp_emulate.c): what it knows from the number and architecture
 * alone, what it leaves unknown, and, against the machine with the whole
 * call known, the results it claims for random programs.
 */

#include <kunit/test.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/prandom.h>

#include "seccomp_check.h"
#include "seccomp_emulate.h"
#include "seccomp_test_util.h"

/* Allow call 39 and deny the rest, looking at nothing else. */
static const struct sock_filter allow_39[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 39, 0, 1),
	RET_ALLOW,
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
};

/* Call 9 checks its first argument; the rest are allowed. */
static const struct sock_filter check_arg_of_9[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 9, 0, 2),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
	RET_ALLOW,
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
};

static void emulation_follows_nr(struct kunit *test)
{
	u32 ret = 0;

	KUNIT_EXPECT_TRUE(test, seccomp_test_emulate(allow_39,
						     ARRAY_SIZE(allow_39),
						     AUDIT_ARCH_X86_64, 39,
						     &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ALLOW);
	KUNIT_EXPECT_TRUE(test, seccomp_test_emulate(allow_39,
						     ARRAY_SIZE(allow_39),
						     AUDIT_ARCH_X86_64, 40,
						     &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ERRNO | 1);
}

static void emulation_stops_at_arguments(struct kunit *test)
{
	u32 ret = 0;

	KUNIT_EXPECT_FALSE(test,
			   seccomp_test_emulate(check_arg_of_9,
						ARRAY_SIZE(check_arg_of_9),
						AUDIT_ARCH_X86_64, 9, &ret));
	KUNIT_EXPECT_TRUE(test, seccomp_test_emulate(check_arg_of_9,
						     ARRAY_SIZE(check_arg_of_9),
						     AUDIT_ARCH_X86_64, 10,
						     &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ALLOW);
}

/* Traps ia32 calls, allows the rest: it never reads the number. */
static const struct sock_filter trap_i386[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARCH_OFF),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 1, 0),
	RET_ALLOW,
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
};

static void emulation_knows_arch(struct kunit *test)
{
	const struct sock_filter *prog = trap_i386;
	u32 ret = 0;

	KUNIT_EXPECT_TRUE(test, seccomp_test_emulate(prog, 4, AUDIT_ARCH_I386,
						     0, &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_TRAP);
	KUNIT_EXPECT_TRUE(test, seccomp_test_emulate(prog, 4, AUDIT_ARCH_X86_64,
						     0, &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ALLOW);
}

static void emulation_ip_unknown(struct kunit *test)
{
	const struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, IP_OFF),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x1000, 0, 1),
		RET_ALLOW,
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD),
	};
	u32 ret;

	KUNIT_EXPECT_FALSE(test, seccomp_test_emulate(prog, 4,
						      AUDIT_ARCH_X86_64, 0,
						      &ret));
}

/* Registers, scratch memory and ALU keep known values known. */
static void emulation_computes(struct kunit *test)
{
	const struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
		BPF_STMT(BPF_ST, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(2)),
		BPF_STMT(BPF_LD | BPF_MEM, 3),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xf0),
		BPF_STMT(BPF_LDX | BPF_IMM, 0x20),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 1),
		BPF_STMT(BPF_RET | BPF_A, 0),
		RET_ALLOW,
	};
	u32 ret = 0;

	KUNIT_EXPECT_TRUE(test, seccomp_test_emulate(prog, ARRAY_SIZE(prog),
						     AUDIT_ARCH_X86_64, 0x2f,
						     &ret));
	KUNIT_EXPECT_EQ(test, ret, 0x20);
	KUNIT_EXPECT_TRUE(test, seccomp_test_emulate(prog, ARRAY_SIZE(prog),
						     AUDIT_ARCH_X86_64, 0x31,
						     &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ALLOW);
}

/* An unknown value loaded into A poisons what is computed from it. */
static void emulation_unknown_spreads(struct kunit *test)
{
	const struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0)),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	u32 ret;

	KUNIT_EXPECT_FALSE(test, seccomp_test_emulate(prog, ARRAY_SIZE(prog),
						      AUDIT_ARCH_X86_64, 1,
						      &ret));
}

static void emulation_division_by_zero_x(struct kunit *test)
{
	const struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		RET_ALLOW,
	};
	u32 ret;

	KUNIT_EXPECT_FALSE(test, seccomp_test_emulate(prog, 3,
						      AUDIT_ARCH_X86_64, 1,
						      &ret));
}

/*
 * Nor when A is unknown: a zero X still ends the program with 0, so the
 * RET after the division is not the answer (found by the fuzzer).
 */
static void emulation_division_of_unknown(struct kunit *test)
{
	const struct sock_filter by_zero[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0)),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		RET_ALLOW,
	};
	const struct sock_filter by_unknown[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(1)),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		RET_ALLOW,
	};
	u32 ret;

	KUNIT_EXPECT_FALSE(test, seccomp_test_emulate(by_zero, 3,
						      AUDIT_ARCH_X86_64, 1,
						      &ret));
	KUNIT_EXPECT_FALSE(test, seccomp_test_emulate(by_unknown, 5,
						      AUDIT_ARCH_X86_64, 1,
						      &ret));
}

/* With the whole call known, the machine names the deciding return. */
static void emulation_with_arguments(struct kunit *test)
{
	struct seccomp_data sd = {
		.nr = 9, .arch = AUDIT_ARCH_X86_64, .args = { 0 },
	};
	unsigned int pc = 0;
	u32 ret = 0;

	KUNIT_EXPECT_TRUE(test, seccomp_emulate(check_arg_of_9,
						ARRAY_SIZE(check_arg_of_9),
						sd.arch, sd.nr, &sd, &ret, &pc));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ALLOW);
	KUNIT_EXPECT_EQ(test, pc, 4U);

	sd.args[0] = 1ULL << 32;	/* only the high word is set */
	KUNIT_EXPECT_TRUE(test, seccomp_emulate(check_arg_of_9,
						ARRAY_SIZE(check_arg_of_9),
						sd.arch, sd.nr, &sd, &ret, &pc));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ALLOW);

	sd.args[0] = 7;
	KUNIT_EXPECT_TRUE(test, seccomp_emulate(check_arg_of_9,
						ARRAY_SIZE(check_arg_of_9),
						sd.arch, sd.nr, &sd, &ret, &pc));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_KILL_PROCESS);
	KUNIT_EXPECT_EQ(test, pc, 5U);
}

/*
 * Differential test of the cache's claims: a random valid program whose
 * result the machine says is known without the arguments must give that
 * result for every argument set.  (The BPF core runs what the checker
 * accepted; the cache decides in its stead when it claims to know.)
 */
static void cache_claims_hold(struct kunit *test)
{
	struct sock_filter insns[RANDOM_LEN];
	struct seccomp_check_result result;
	unsigned int prog, call, known = 0;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 0x5ecc0b);
	for (prog = 0; prog < RANDOM_PROGRAMS; prog++) {
		unsigned int len = 2 + seccomp_test_pick(&rnd, RANDOM_LEN - 1);

		seccomp_test_random_program(&rnd, insns, len, false);
		KUNIT_ASSERT_EQ(test, seccomp_check_program(insns, len, &result),
				0);

		for (call = 0; call < CALLS_PER_PROGRAM; call++) {
			struct seccomp_data sd;
			u32 claimed, actual;
			bool is_known;

			seccomp_test_random_call(&rnd, &sd);
			is_known = seccomp_emulate(insns, len, sd.arch, sd.nr,
						   NULL, &claimed, NULL);
			/* Without division or shift by X, the call decides. */
			KUNIT_ASSERT_TRUE(test, seccomp_emulate(insns, len,
								sd.arch, sd.nr,
								&sd, &actual,
								NULL));
			if (!is_known)
				continue;
			known++;
			KUNIT_ASSERT_EQ_MSG(test, claimed, actual,
					    "program %u, call %u", prog, call);
		}
	}
	/* The test means something only if claims were made. */
	KUNIT_EXPECT_GT(test, known, RANDOM_PROGRAMS * CALLS_PER_PROGRAM / 10);
}

static struct kunit_case seccomp_emulate_test_cases[] = {
	KUNIT_CASE(emulation_follows_nr),
	KUNIT_CASE(emulation_stops_at_arguments),
	KUNIT_CASE(emulation_knows_arch),
	KUNIT_CASE(emulation_ip_unknown),
	KUNIT_CASE(emulation_computes),
	KUNIT_CASE(emulation_unknown_spreads),
	KUNIT_CASE(emulation_division_by_zero_x),
	KUNIT_CASE(emulation_division_of_unknown),
	KUNIT_CASE(emulation_with_arguments),
	KUNIT_CASE(cache_claims_hold),
	{}
};

static struct kunit_suite seccomp_emulate_test_suite = {
	.name = "seccomp_emulate",
	.test_cases = seccomp_emulate_test_cases,
};

kunit_test_suite(seccomp_emulate_test_suite);
