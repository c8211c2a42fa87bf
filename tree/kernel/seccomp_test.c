// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of seccomp's pure logic: the checker, action precedence and
 * the cache's emulation of constant results.
 */

#include <kunit/test.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/prandom.h>

#include "seccomp_internal.h"

#define NR_OFF		offsetof(struct seccomp_data, nr)
#define ARCH_OFF	offsetof(struct seccomp_data, arch)
#define IP_OFF		offsetof(struct seccomp_data, instruction_pointer)
#define ARG_OFF(n)	offsetof(struct seccomp_data, args[n])

#define RET_ALLOW	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

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

			/* The ABI's order: stricter is a smaller s32. */
			KUNIT_EXPECT_EQ(test,
					seccomp_action_rank(a) < seccomp_action_rank(b),
					(s32)a < (s32)b);
		}
	}
}

static void precedence_ignores_data(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, seccomp_action_rank(SECCOMP_RET_ERRNO | 0xffff),
			seccomp_action_rank(SECCOMP_RET_ERRNO));
	KUNIT_EXPECT_EQ(test, seccomp_action_rank(SECCOMP_RET_KILL_THREAD | 1),
			seccomp_action_rank(SECCOMP_RET_KILL_THREAD));
}

static void precedence_unknown_is_kill_process(struct kunit *test)
{
	const u32 unknown[] = { 0x00010000, 0x7fe00000, 0x7ffe0000, 0xffff0000 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		KUNIT_EXPECT_EQ(test, seccomp_action_rank(unknown[i]),
				seccomp_action_rank(SECCOMP_RET_KILL_PROCESS));
}

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

static bool emulate(const struct sock_filter *insns, unsigned int len,
		    u32 arch, int nr, u32 *ret)
{
	return seccomp_emulate(insns, len, arch, nr, NULL, ret, NULL);
}

static void emulation_follows_nr(struct kunit *test)
{
	u32 ret = 0;

	KUNIT_EXPECT_TRUE(test, emulate(allow_39, ARRAY_SIZE(allow_39),
					AUDIT_ARCH_X86_64, 39, &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ALLOW);
	KUNIT_EXPECT_TRUE(test, emulate(allow_39, ARRAY_SIZE(allow_39),
					AUDIT_ARCH_X86_64, 40, &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ERRNO | 1);
}

static void emulation_stops_at_arguments(struct kunit *test)
{
	u32 ret = 0;

	KUNIT_EXPECT_FALSE(test, emulate(check_arg_of_9,
					 ARRAY_SIZE(check_arg_of_9),
					 AUDIT_ARCH_X86_64, 9, &ret));
	KUNIT_EXPECT_TRUE(test, emulate(check_arg_of_9,
					ARRAY_SIZE(check_arg_of_9),
					AUDIT_ARCH_X86_64, 10, &ret));
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

	KUNIT_EXPECT_TRUE(test, emulate(prog, 4, AUDIT_ARCH_I386, 0, &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_TRAP);
	KUNIT_EXPECT_TRUE(test, emulate(prog, 4, AUDIT_ARCH_X86_64, 0, &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ALLOW);
}

/* A filter that decides on the architecture alone needs one run per ABI. */
static void emulation_any_nr(struct kunit *test)
{
	const struct sock_filter *by_arch = trap_i386;
	u32 ret = 0;

	KUNIT_EXPECT_TRUE(test, seccomp_emulate_any_nr(by_arch, 4,
						       AUDIT_ARCH_I386, &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_TRAP);
	KUNIT_EXPECT_TRUE(test, seccomp_emulate_any_nr(by_arch, 4,
						       AUDIT_ARCH_X86_64, &ret));
	KUNIT_EXPECT_EQ(test, ret, SECCOMP_RET_ALLOW);
	/* Its answer depends on the number: no single answer. */
	KUNIT_EXPECT_FALSE(test, seccomp_emulate_any_nr(allow_39,
							ARRAY_SIZE(allow_39),
							AUDIT_ARCH_X86_64,
							&ret));
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

	KUNIT_EXPECT_FALSE(test, emulate(prog, 4, AUDIT_ARCH_X86_64, 0, &ret));
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

	KUNIT_EXPECT_TRUE(test, emulate(prog, ARRAY_SIZE(prog),
					AUDIT_ARCH_X86_64, 0x2f, &ret));
	KUNIT_EXPECT_EQ(test, ret, 0x20);
	KUNIT_EXPECT_TRUE(test, emulate(prog, ARRAY_SIZE(prog),
					AUDIT_ARCH_X86_64, 0x31, &ret));
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

	KUNIT_EXPECT_FALSE(test, emulate(prog, ARRAY_SIZE(prog),
					 AUDIT_ARCH_X86_64, 1, &ret));
}

static void emulation_division_by_zero_x(struct kunit *test)
{
	const struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		RET_ALLOW,
	};
	u32 ret;

	KUNIT_EXPECT_FALSE(test, emulate(prog, 3, AUDIT_ARCH_X86_64, 1, &ret));
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

	KUNIT_EXPECT_FALSE(test, emulate(by_zero, 3, AUDIT_ARCH_X86_64, 1,
					 &ret));
	KUNIT_EXPECT_FALSE(test, seccomp_emulate_any_nr(by_zero, 3,
							AUDIT_ARCH_X86_64,
							&ret));
	KUNIT_EXPECT_FALSE(test, emulate(by_unknown, 5, AUDIT_ARCH_X86_64, 1,
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

/*
 * Differential test of the cache's claims: a random valid program whose
 * result the machine says is known without the arguments must give that
 * result for every argument set.  (The BPF core runs what the checker
 * accepted; the cache decides in its stead when it claims to know.)
 */
#define RANDOM_PROGRAMS		2000
#define CALLS_PER_PROGRAM	50
#define RANDOM_LEN		24

static const u16 random_alu_ops[] = {
	BPF_ADD, BPF_SUB, BPF_MUL, BPF_AND, BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH,
};

static const u16 random_jumps[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET };

static const u32 random_actions[] = {
	SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | 1, SECCOMP_RET_TRAP,
	SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_LOG | 7,
};

static u32 pick(struct rnd_state *rnd, u32 n)
{
	return prandom_u32_state(rnd) % n;
}

/* Small values, so that branches on nr, arch and arguments go both ways. */
static u32 random_k(struct rnd_state *rnd)
{
	return pick(rnd, 4) ? pick(rnd, 8) : prandom_u32_state(rnd);
}

static struct sock_filter insn(u16 code, u32 k, u8 jt, u8 jf)
{
	return (struct sock_filter){ .code = code, .jt = jt, .jf = jf, .k = k };
}

static struct sock_filter random_insn(struct rnd_state *rnd, unsigned int pc,
				      unsigned int len)
{
	unsigned int after = len - pc - 1;
	u16 op, src;

	switch (pick(rnd, 8)) {
	case 0:
	case 1:
		return insn(BPF_LD | BPF_W | BPF_ABS, 4 * pick(rnd, 16), 0, 0);
	case 2:
		return insn(BPF_LDX | BPF_IMM, random_k(rnd), 0, 0);
	case 3:
		op = pick(rnd, 2) ? BPF_TAX : BPF_TXA;
		return insn(BPF_MISC | op, 0, 0, 0);
	case 4:
		op = random_alu_ops[pick(rnd, ARRAY_SIZE(random_alu_ops))];
		/* Shifts by X of 32 or more are left to BPF: K only. */
		if (op != BPF_LSH && op != BPF_RSH && pick(rnd, 2))
			return insn(BPF_ALU | op | BPF_X, 0, 0, 0);
		return insn(BPF_ALU | op | BPF_K, pick(rnd, 32), 0, 0);
	case 5:
		return insn(BPF_RET | BPF_K,
			    random_actions[pick(rnd, ARRAY_SIZE(random_actions))],
			    0, 0);
	default:
		op = random_jumps[pick(rnd, ARRAY_SIZE(random_jumps))];
		src = pick(rnd, 2) ? BPF_K : BPF_X;
		return insn(BPF_JMP | op | src, random_k(rnd), pick(rnd, after),
			    pick(rnd, after));
	}
}

static void random_program(struct rnd_state *rnd, struct sock_filter *insns,
			   unsigned int len)
{
	unsigned int pc;

	for (pc = 0; pc < len - 1; pc++)
		insns[pc] = random_insn(rnd, pc, len);
	insns[len - 1] = insn(BPF_RET | BPF_A, 0, 0, 0);
}

static void random_call(struct rnd_state *rnd, struct seccomp_data *sd)
{
	unsigned int i;

	sd->nr = pick(rnd, 8);
	sd->arch = pick(rnd, 2) ? AUDIT_ARCH_X86_64 : AUDIT_ARCH_I386;
	sd->instruction_pointer = random_k(rnd) | (u64)random_k(rnd) << 32;
	for (i = 0; i < ARRAY_SIZE(sd->args); i++)
		sd->args[i] = random_k(rnd) | (u64)random_k(rnd) << 32;
}

static void cache_claims_hold(struct kunit *test)
{
	struct sock_filter insns[RANDOM_LEN];
	struct seccomp_check_result result;
	unsigned int prog, call, known = 0, any = 0;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 0x5ecc0b);
	for (prog = 0; prog < RANDOM_PROGRAMS; prog++) {
		unsigned int len = 2 + pick(&rnd, RANDOM_LEN - 1);

		random_program(&rnd, insns, len);
		KUNIT_ASSERT_EQ(test, seccomp_check_program(insns, len, &result),
				0);

		for (call = 0; call < CALLS_PER_PROGRAM; call++) {
			struct seccomp_data sd;
			u32 claimed, claimed_any, actual;
			bool is_known;

			random_call(&rnd, &sd);
			is_known = seccomp_emulate(insns, len, sd.arch, sd.nr,
						   NULL, &claimed, NULL);
			/* Without division or shift by X, the call decides. */
			KUNIT_ASSERT_TRUE(test, seccomp_emulate(insns, len,
								sd.arch, sd.nr,
								&sd, &actual,
								NULL));
			if (seccomp_emulate_any_nr(insns, len, sd.arch,
						   &claimed_any)) {
				any++;
				KUNIT_ASSERT_EQ_MSG(test, claimed_any, actual,
						    "program %u, any call %u",
						    prog, call);
			}
			if (!is_known)
				continue;
			known++;
			KUNIT_ASSERT_EQ_MSG(test, claimed, actual,
					    "program %u, call %u", prog, call);
		}
	}
	/* The test means something only if claims were made. */
	KUNIT_EXPECT_GT(test, known, RANDOM_PROGRAMS * CALLS_PER_PROGRAM / 10);
	KUNIT_EXPECT_GT(test, any, 0U);
}

static struct kunit_case seccomp_test_cases[] = {
	KUNIT_CASE_PARAM(checker_verdict, check_gen_params),
	KUNIT_CASE(checker_converts),
	KUNIT_CASE(checker_converts_loads_only),
	KUNIT_CASE(checker_refusal_converts_nothing),
	KUNIT_CASE(precedence_order),
	KUNIT_CASE(precedence_ignores_data),
	KUNIT_CASE(precedence_unknown_is_kill_process),
	KUNIT_CASE(emulation_follows_nr),
	KUNIT_CASE(emulation_stops_at_arguments),
	KUNIT_CASE(emulation_knows_arch),
	KUNIT_CASE(emulation_any_nr),
	KUNIT_CASE(emulation_ip_unknown),
	KUNIT_CASE(emulation_computes),
	KUNIT_CASE(emulation_unknown_spreads),
	KUNIT_CASE(emulation_division_by_zero_x),
	KUNIT_CASE(emulation_division_of_unknown),
	KUNIT_CASE(emulation_with_arguments),
	KUNIT_CASE(reject_reasons_named),
	KUNIT_CASE(cache_claims_hold),
	{}
};

static struct kunit_suite seccomp_test_suite = {
	.name = "seccomp",
	.test_cases = seccomp_test_cases,
};

kunit_test_suite(seccomp_test_suite);
