// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the classic BPF checker (seccomp_check.c): its verdict
 * and the instruction it names on a table of programs, its conversion of
 * loads for the BPF core, and the names of the reasons for a refusal.
 */

#include <kunit/test.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "seccomp_check.h"
#include "seccomp_test_util.h"

/* A program of up to five instructions and what the checker must say. */
struct check_case {
	const char *name;
	struct sock_filter insns[5];
	unsigned int len;
	enum seccomp_check_reason reason;
	unsigned int pc;
};

static const struct check_case check_cases[] = {
	/* Accepted: every instruction class of the seccomp language. */
	{ "ret_k", { RET_ALLOW }, 1, SECCOMP_CHECK_OK },
	{ "ret_a", { BPF_STMT(BPF_RET | BPF_A, 0) }, 1, SECCOMP_CHECK_OK },
	{ "load_nr", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF), RET_ALLOW },
	  2, SECCOMP_CHECK_OK },
	{ "load_last_word", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 60),
			      RET_ALLOW }, 2, SECCOMP_CHECK_OK },
	{ "load_len", { BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_OK },
	{ "loadx_len", { BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_OK },
	{ "imm", { BPF_STMT(BPF_LD | BPF_IMM, 1),
		   BPF_STMT(BPF_LDX | BPF_IMM, 2), RET_ALLOW },
	  3, SECCOMP_CHECK_OK },
	{ "scratch", { BPF_STMT(BPF_ST, 15), BPF_STMT(BPF_STX, 0),
		       BPF_STMT(BPF_LD | BPF_MEM, 15),
		       BPF_STMT(BPF_LDX | BPF_MEM, 0), RET_ALLOW },
	  5, SECCOMP_CHECK_OK },
	{ "tax_txa", { BPF_STMT(BPF_MISC | BPF_TAX, 0),
		       BPF_STMT(BPF_MISC | BPF_TXA, 0), RET_ALLOW },
	  3, SECCOMP_CHECK_OK },
	{ "alu", { BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 3),
		   BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 31),
		   BPF_STMT(BPF_ALU | BPF_NEG, 0), RET_ALLOW },
	  4, SECCOMP_CHECK_OK },
	{ "alu_x", { BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		     BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0), RET_ALLOW },
	  3, SECCOMP_CHECK_OK },
	{ "jumps", { BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 1, 0),
		     BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0),
		     RET_ALLOW, RET_ALLOW },
	  4, SECCOMP_CHECK_OK },
	{ "jump_x", { BPF_JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_OK },

	/* Refused. */
	{ "empty", { }, 0, SECCOMP_CHECK_LENGTH, 0 },
	{ "too_long", { RET_ALLOW }, BPF_MAXINSNS + 1, SECCOMP_CHECK_LENGTH },
	{ "load_half", { BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_OPCODE, 0 },
	{ "load_byte", { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_OPCODE, 0 },
	{ "load_ind", { BPF_STMT(BPF_LD | BPF_W | BPF_IND, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_OPCODE, 0 },
	{ "loadx_msh", { BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_OPCODE, 0 },
	{ "internal_ctx_load", { BPF_STMT(BPF_LDX | BPF_W | BPF_ABS, 0),
				 RET_ALLOW }, 2, SECCOMP_CHECK_OPCODE, 0 },
	{ "ancillary", { RET_ALLOW,
			 BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF),
			 RET_ALLOW }, 3, SECCOMP_CHECK_LOAD_RANGE, 1 },
	{ "ret_x", { BPF_STMT(BPF_RET | BPF_X, 0) }, 1,
	  SECCOMP_CHECK_OPCODE, 0 },
	{ "past_data", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), RET_ALLOW },
	  2, SECCOMP_CHECK_LOAD_RANGE, 0 },
	{ "misaligned", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2), RET_ALLOW },
	  2, SECCOMP_CHECK_LOAD_ALIGN, 0 },
	{ "misaligned_end", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 61),
			      RET_ALLOW }, 2, SECCOMP_CHECK_LOAD_ALIGN, 0 },
	{ "scratch_slot", { BPF_STMT(BPF_ST, BPF_MEMWORDS), RET_ALLOW },
	  2, SECCOMP_CHECK_SCRATCH, 0 },
	{ "scratch_unset", { BPF_STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_SCRATCH_UNSET, 0 },
	{ "scratch_one_path", { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
				BPF_STMT(BPF_ST, 2),
				BPF_STMT(BPF_LDX | BPF_MEM, 2), RET_ALLOW },
	  4, SECCOMP_CHECK_SCRATCH_UNSET, 2 },
	{ "scratch_both_paths", { BPF_STMT(BPF_ST, 2),
				  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
				  BPF_STMT(BPF_STX, 2),
				  BPF_STMT(BPF_LD | BPF_MEM, 2), RET_ALLOW },
	  5, SECCOMP_CHECK_OK },
	{ "div_zero", { BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_OPERAND, 0 },
	{ "mod_k", { BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3), RET_ALLOW },
	  2, SECCOMP_CHECK_OPCODE, 0 },
	{ "mod_x", { BPF_STMT(BPF_ALU | BPF_MOD | BPF_X, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_OPCODE, 0 },
	{ "shift_32", { RET_ALLOW, BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32),
			RET_ALLOW }, 3, SECCOMP_CHECK_OPERAND, 1 },
	{ "ja_past_end", { BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0), RET_ALLOW },
	  2, SECCOMP_CHECK_JUMP_RANGE, 0 },
	{ "jt_past_end", { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
			   RET_ALLOW }, 2, SECCOMP_CHECK_JUMP_RANGE, 0 },
	{ "jf_past_end", { BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0, 0, 2),
			   RET_ALLOW, RET_ALLOW }, 3,
	  SECCOMP_CHECK_JUMP_RANGE, 0 },
	{ "last_not_ret", { BPF_STMT(BPF_LD | BPF_IMM, 0) }, 1,
	  SECCOMP_CHECK_NO_RETURN, 0 },
	{ "unknown_class_bits", { { 0xffff, 0, 0, 0 }, RET_ALLOW }, 2,
	  SECCOMP_CHECK_OPCODE, 0 },
	{ "first_offender", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 3),
			      BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0),
			      RET_ALLOW }, 3, SECCOMP_CHECK_LOAD_ALIGN, 0 },
};

static void check_case_desc(const struct check_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(check, check_cases, check_case_desc);

static void checker_verdict(struct kunit *test)
{
	const struct check_case *c = test->param_value;
	struct seccomp_check_result result = { .reason = -1 };
	struct sock_filter *insns;
	unsigned int i;
	int err;

	/* Long programs repeat their first instruction. */
	insns = kunit_kcalloc(test, max(c->len, 1U), sizeof(*insns),
			      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, insns);
	for (i = 0; i < c->len; i++)
		insns[i] = c->insns[i < ARRAY_SIZE(c->insns) ? i : 0];

	err = seccomp_check_program(insns, c->len, &result);

	KUNIT_EXPECT_EQ(test, result.reason, c->reason);
	KUNIT_EXPECT_EQ(test, err, c->reason == SECCOMP_CHECK_OK ? 0 : -EINVAL);
	if (c->reason != SECCOMP_CHECK_OK &&
	    c->reason != SECCOMP_CHECK_LENGTH) {
		KUNIT_EXPECT_EQ(test, result.pc, c->pc);
		KUNIT_EXPECT_EQ(test, result.code, insns[c->pc].code);
	}
}

/* The conversion hands the BPF core its own seccomp_data loads. */
static void checker_converts(struct kunit *test)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(1)),
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
		BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),
		RET_ALLOW,
	};

	KUNIT_ASSERT_EQ(test, seccomp_check_and_convert(insns, 4), 0);
	KUNIT_EXPECT_EQ(test, insns[0].code, BPF_LDX | BPF_W | BPF_ABS);
	KUNIT_EXPECT_EQ(test, insns[0].k, ARG_OFF(1));
	KUNIT_EXPECT_EQ(test, insns[1].code, BPF_LD | BPF_IMM);
	KUNIT_EXPECT_EQ(test, insns[1].k, sizeof(struct seccomp_data));
	KUNIT_EXPECT_EQ(test, insns[2].code, BPF_LDX | BPF_IMM);
	KUNIT_EXPECT_EQ(test, insns[3].code, BPF_RET | BPF_K);
}

/* Instructions of other classes share the mode bits: left alone. */
static void checker_converts_loads_only(struct kunit *test)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_MISC | BPF_TXA, 0),
		BPF_STMT(BPF_ALU | BPF_NEG, 0),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct sock_filter orig[ARRAY_SIZE(insns)];

	memcpy(orig, insns, sizeof(insns));
	KUNIT_ASSERT_EQ(test, seccomp_check_and_convert(insns, 4), 0);
	KUNIT_EXPECT_EQ(test, memcmp(insns, orig, sizeof(insns)), 0);
}

/* A refused program is left as it was. */
static void checker_refusal_converts_nothing(struct kunit *test)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0),
		RET_ALLOW,
	};

	KUNIT_EXPECT_EQ(test, seccomp_check_and_convert(insns, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, insns[0].code, BPF_LD | BPF_W | BPF_ABS);
}

/* Every reason has a name of its own, for the reject event. */
static void reject_reasons_named(struct kunit *test)
{
	unsigned int i, j;

	for (i = 0; i < SECCOMP_REJECT_NR; i++) {
		const char *name = seccomp_reject_reason_name(i);

		KUNIT_ASSERT_NOT_NULL(test, name);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_STRNEQ(test, name,
					    seccomp_reject_reason_name(j));
	}
	KUNIT_EXPECT_STREQ(test, seccomp_reject_reason_name(SECCOMP_REJECT_NR),
			   "unknown");
}

static struct kunit_case seccomp_check_test_cases[] = {
	KUNIT_CASE_PARAM(checker_verdict, check_gen_params),
	KUNIT_CASE(checker_converts),
	KUNIT_CASE(checker_converts_loads_only),
	KUNIT_CASE(checker_refusal_converts_nothing),
	KUNIT_CASE(reject_reasons_named),
	{}
};

static struct kunit_suite seccomp_check_test_suite = {
	.name = "seccomp_check",
	.test_cases = seccomp_check_test_cases,
};

kunit_test_suite(seccomp_check_test_suite);
