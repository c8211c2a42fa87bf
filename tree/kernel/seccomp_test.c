// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of seccomp's pure logic: the checker, action precedence,
 * the cache's emulation of constant results, the residual programs and
 * the evaluation of whole chains through the cache.
 */

#include <kunit/test.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include <asm/syscall.h>

#include "seccomp_actions.h"
#include "seccomp_cache.h"
#include "seccomp_chain.h"
#include "seccomp_check.h"
#include "seccomp_emulate.h"
#include "seccomp_filter.h"
#include "seccomp_insn.h"
#include "seccomp_jit.h"
#include "seccomp_regs.h"
#include "seccomp_residual.h"
#include "seccomp_run.h"

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

/*
 * With @memory, scratch memory too: the checker refuses many such
 * programs (a word read before it is written), and the callers skip them.
 */
static struct sock_filter random_insn(struct rnd_state *rnd, unsigned int pc,
				      unsigned int len, bool memory)
{
	unsigned int after = len - pc - 1;
	u16 op, src;

	switch (pick(rnd, memory ? 10 : 8)) {
	case 8:
		return insn(pick(rnd, 2) ? BPF_ST : BPF_STX, pick(rnd, 2), 0, 0);
	case 9:
		return insn((pick(rnd, 2) ? BPF_LD : BPF_LDX) | BPF_MEM,
			    pick(rnd, 2), 0, 0);
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
			   unsigned int len, bool memory)
{
	unsigned int pc;

	for (pc = 0; pc < len - 1; pc++)
		insns[pc] = random_insn(rnd, pc, len, memory);
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
	unsigned int prog, call, known = 0;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 0x5ecc0b);
	for (prog = 0; prog < RANDOM_PROGRAMS; prog++) {
		unsigned int len = 2 + pick(&rnd, RANDOM_LEN - 1);

		random_program(&rnd, insns, len, false);
		KUNIT_ASSERT_EQ(test, seccomp_check_program(insns, len, &result),
				0);

		for (call = 0; call < CALLS_PER_PROGRAM; call++) {
			struct seccomp_data sd;
			u32 claimed, actual;
			bool is_known;

			random_call(&rnd, &sd);
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
		unsigned int len = 2 + pick(&rnd, RANDOM_LEN - 1);
		struct seccomp_specialiser *s;

		random_program(&rnd, insns, len, true);
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

			random_call(&rnd, &sd);
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
		unsigned int len = 2 + pick(&rnd, RANDOM_LEN - 1);
		u32 arch = pick(&rnd, 2) ? AUDIT_ARCH_X86_64 : AUDIT_ARCH_I386;
		struct seccomp_specialiser *all, *each;
		const struct sock_filter *all_out, *each_out;
		unsigned int all_len, each_len;

		random_program(&rnd, insns, len, true);
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

				random_call(&rnd, &sd);
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

	insns[pc++] = insn(BPF_LD | BPF_W | BPF_ABS, NR_OFF, 0, 0);
	for (nr = 0; nr < HOSTILE_CALLS; nr++) {
		insns[pc] = insn(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1);
		pc++;
		insns[pc] = insn(BPF_JMP | BPF_JA, tail - pc - 1, 0, 0);
		pc++;
	}
	while (pc < HOSTILE_LEN - 1) {
		insns[pc++] = on_path ?
			insn(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0), 0, 0) :
			insn(BPF_JMP | BPF_JEQ | BPF_K, U32_MAX, 0, 0);
	}
	insns[pc] = insn(BPF_RET | BPF_A, 0, 0, 0);
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
			KUNIT_ASSERT_TRUE(test, emulate(insns, HOSTILE_LEN,
							AUDIT_ARCH_X86_64, nr,
							&want));
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

/* A filter as the cache sees it, without the BPF core: never run whole. */
static struct seccomp_filter *fake_filter(struct kunit *test,
					  const struct sock_filter *insns,
					  unsigned int len,
					  struct seccomp_filter *prev)
{
	struct sock_fprog_kern *orig;
	struct seccomp_filter *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->prog = kunit_kzalloc(test, sizeof(*f->prog), GFP_KERNEL);
	orig = kunit_kzalloc(test, sizeof(*orig), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->prog);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	orig->filter = kunit_kmalloc_array(test, len, sizeof(*insns),
					   GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig->filter);
	memcpy(orig->filter, insns, len * sizeof(*insns));
	orig->len = len;
	f->prog->orig_prog = orig;
	f->prev = prev;
	KUNIT_ASSERT_EQ(test, seccomp_cache_analyse(f, prev), 0);
	KUNIT_ASSERT_EQ(test, seccomp_cache_link(f), 0);
	return f;
}

static void fake_chain_free(struct kunit *test, struct seccomp_filter *top)
{
	struct seccomp_filter *prev;

	for (; top; top = prev) {
		prev = top->prev;
		seccomp_cache_free(top);
		kunit_kfree(test, top->prog->orig_prog->filter);
		kunit_kfree(test, top->prog->orig_prog);
		kunit_kfree(test, top->prog);
		kunit_kfree(test, top);
	}
}

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

	f = fake_filter(test, distinct_results, ARRAY_SIZE(distinct_results),
			NULL);
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
	fake_chain_free(test, f);

	f = fake_filter(test, distinct_residuals,
			ARRAY_SIZE(distinct_residuals), NULL);
	t = seccomp_cache_table(&f->cache, false);
	for (nr = 0; nr < SECCOMP_ARCH_NATIVE_NR; nr++)
		residual += test_bit(nr, t->residual);
	KUNIT_EXPECT_GT(test, residual, 0U);
	KUNIT_EXPECT_LT(test, residual, (unsigned int)SECCOMP_ARCH_NATIVE_NR);
	KUNIT_EXPECT_LE(test, f->cache.nr_residual_insns,
			2 * ARRAY_SIZE(distinct_residuals) + 64);
	fake_chain_free(test, f);
}

/*
 * Where call @nr of @arch stands in @cache: its index in *@index, its
 * table in *@t; false for a call the cache does not cover.
 */
static bool slot_of(const struct seccomp_cache *cache, u32 arch, int nr,
		    unsigned int *index, const struct seccomp_cache_table **t)
{
	struct seccomp_cache_pos pos;

	if (!seccomp_cache_pos(arch, nr, &pos))
		return false;
	*index = pos.index;
	*t = seccomp_cache_table(cache, pos.compat);
	return true;
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
		if (!slot_of(&top->cache, sd->arch, sd->nr, &nr, &t) ||
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
 * Registers holding @sd's arguments where seccomp_regs.c found them, and
 * its instruction pointer.
 */
static void regs_of(const struct seccomp_data *sd, struct pt_regs *regs)
{
	unsigned int i, at;

	memset(regs, 0, sizeof(*regs));
	for (i = 0; i < SECCOMP_NR_ARGS; i++) {
		at = seccomp_regs_word_at[ARG_OFF(i) / sizeof(u32)];
		*(u64 *)((u8 *)regs + at) = sd->args[i];
	}
	instruction_pointer_set(regs, sd->instruction_pointer);
}

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
	regs_of(sd, &regs);
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
		random_call(rnd, &sd);
		sd.arch = seccomp_cache_arches[pick(rnd,
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
			len = 2 + pick(rnd, RANDOM_LEN - 1);
			random_program(rnd, insns, len, true);
		} while (seccomp_check_program(insns, len, &result));
		top = fake_filter(test, insns, len, top);
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
		top = random_chain(test, &rnd, 1 + pick(&rnd, CHAIN_MAX));
		check_chain(test, top, &rnd, CALLS_PER_CHAIN, &counts);
		fake_chain_free(test, top);
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
	insns[0] = insn(BPF_LD | BPF_W | BPF_ABS, NR_OFF, 0, 0);
	insns[1] = insn(BPF_JMP | BPF_JEQ | BPF_K, k, 0, 1);
	insns[2] = insn(BPF_RET | BPF_K, ret, 0, 0);
	if (!arg) {
		insns[3] = insn(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
		return 4;
	}
	insns[3] = insn(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0), 0, 0);
	insns[4] = insn(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1);
	insns[5] = insn(BPF_RET | BPF_K, SECCOMP_RET_TRAP, 0, 0);
	insns[6] = insn(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
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
		for (n = 1 + pick(&rnd, 6), i = 0; i < n; i++) {
			len = single_out(insns,
					 singled[pick(&rnd, ARRAY_SIZE(singled))],
					 rets[pick(&rnd, ARRAY_SIZE(rets))],
					 !pick(&rnd, 3));
			top = fake_filter(test, insns, len, top);
		}
		for (a = 0; a < seccomp_cache_nr_arches; a++) {
			sd.arch = seccomp_cache_arches[a].arch;
			for (sd.nr = 0;
			     sd.nr < seccomp_cache_arches[a].nr_syscalls;
			     sd.nr++) {
				sd.args[0] = pick(&rnd, 2);
				check_call(test, top, &sd, &counts);
			}
		}
		fake_chain_free(test, top);
	}
	/* Not vacuous: both decided calls and calls the filters weigh. */
	KUNIT_EXPECT_GT(test, counts.decided, counts.pairs / 10);
	KUNIT_EXPECT_LT(test, counts.decided, counts.pairs);
}

static const struct sock_filter errno_5[] = {
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 5),
};

static const struct sock_filter allow_all[] = {
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
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
		top = fake_filter(test, errno_5, ARRAY_SIZE(errno_5), NULL);
		for (j = 2; j < lengths[i]; j++)
			top = fake_filter(test, allow_all,
					  ARRAY_SIZE(allow_all), top);
		top = fake_filter(test, trap_arg0_1, ARRAY_SIZE(trap_arg0_1),
				  top);
		check_chain(test, top, &rnd, DEEP_CALLS, &counts);
		fake_chain_free(test, top);
	}
	KUNIT_EXPECT_EQ(test, counts.pairs, DEEP_CALLS * ARRAY_SIZE(lengths));
	KUNIT_EXPECT_EQ(test, counts.decided, 0U);
}

#define JIT_PAIRS	3000
/*
 * Leading no-ops (A is zero at the start anyway): the JIT takes only the
 * residuals of filters long enough to make up for a program of their own.
 */
#define JIT_PAD		128

/*
 * The JIT-ed residuals against the interpreter: random programs analysed
 * as the cache does, and random calls whose residual the JIT took, run
 * both ways.
 */
static void jit_matches_interpreter(struct kunit *test)
{
	struct sock_filter insns[JIT_PAD + RANDOM_LEN];
	struct seccomp_check_result result;
	unsigned int prog, call, pairs = 0, i;
	struct rnd_state rnd;

	if (!IS_ENABLED(CONFIG_BPF_JIT))
		kunit_skip(test, "no BPF JIT");
	for (i = 0; i < JIT_PAD; i++)
		insns[i] = insn(BPF_LD | BPF_IMM, 0, 0, 0);
	prandom_seed_state(&rnd, 0x717);
	for (prog = 0; pairs < JIT_PAIRS && prog < 20 * RANDOM_PROGRAMS; prog++) {
		unsigned int len = 2 + pick(&rnd, RANDOM_LEN - 1);
		const struct bpf_prog *jit;
		struct seccomp_filter *f;

		random_program(&rnd, insns + JIT_PAD, len, true);
		if (seccomp_check_program(insns, JIT_PAD + len, &result))
			continue;
		f = fake_filter(test, insns, JIT_PAD + len, NULL);
		jit = f->cache.jit;
		for (call = 0; jit && call < CALLS_PER_PROGRAM; call++) {
			const struct seccomp_cache_table *t;
			struct seccomp_data sd;
			unsigned int nr;
			u32 at, want, got;

			random_call(&rnd, &sd);
			sd.arch = seccomp_cache_arches[pick(&rnd,
					seccomp_cache_nr_arches)].arch;
			if (!slot_of(&f->cache, sd.arch, sd.nr, &nr, &t) ||
			    !test_bit(nr, t->residual) ||
			    !(seccomp_cache_own(t, nr) & SECCOMP_CACHE_JITED))
				continue;
			at = seccomp_cache_own(t, nr) & SECCOMP_CACHE_AT;
			want = seccomp_residual_run(f->cache.residuals + at, &sd);
			got = bpf_dispatcher_nop_func(&sd, jit->insnsi,
						      jit->bpf_func);
			pairs++;
			KUNIT_ASSERT_EQ_MSG(test, got, want, "program %u, call %u",
					    prog, call);
		}
		fake_chain_free(test, f);
	}
	KUNIT_EXPECT_GE(test, pairs, JIT_PAIRS);
}

/*
 * Each word seccomp_regs.c reads from the registers is the word a filter
 * would load from the seccomp_data that syscall_get_arguments() gathers
 * from them; the number, architecture and instruction pointer it leaves.
 */
static void regs_words_match_gathered_call(struct kunit *test)
{
	unsigned long args[SECCOMP_NR_ARGS];
	struct seccomp_data sd = { };
	struct pt_regs regs;
	unsigned int i;
	u32 k, word;

	if (!seccomp_regs_usable())
		kunit_skip(test, "arguments not found in pt_regs");
	for (i = 0; i < sizeof(regs) / sizeof(u32); i++)
		((u32 *)&regs)[i] = 0x5ecc0000 + i;
	syscall_get_arguments(current, &regs, args);
	for (i = 0; i < SECCOMP_NR_ARGS; i++)
		sd.args[i] = args[i];
	for (k = 0; k < sizeof(sd); k += sizeof(u32)) {
		if (k < offsetof(struct seccomp_data, args)) {
			KUNIT_EXPECT_FALSE(test,
					   seccomp_regs_word(&regs, k, &word));
			continue;
		}
		KUNIT_ASSERT_TRUE(test, seccomp_regs_word(&regs, k, &word));
		KUNIT_EXPECT_EQ_MSG(test, word, *(u32 *)((u8 *)&sd + k),
				    "offset %u", k);
	}
}

#define QUICK_VALUES	14
/* Leading no-ops: the JIT takes residuals up to half a filter's length. */
#define QUICK_PAD	112

/*
 * A residual too long for the interpreter on the quick path runs there
 * JIT-ed: the call is allowed exactly for the values the filter lists,
 * whatever the high half of the argument, with the filter alone and
 * under one that allows everything.
 */
static void quick_path_runs_jited_residual(struct kunit *test)
{
	struct seccomp_data sd = { .nr = 5, .arch = SECCOMP_ARCH_NATIVE };
	struct sock_filter insns[QUICK_PAD + QUICK_VALUES + 6];
	struct seccomp_filter *f, *top, *chain;
	struct seccomp_cache_pos pos;
	unsigned int i, n = 0;
	struct pt_regs regs;
	u32 at, v;

	if (!IS_ENABLED(CONFIG_BPF_JIT) || !seccomp_regs_usable())
		kunit_skip(test, "no BPF JIT, or arguments not in pt_regs");
	for (i = 0; i < QUICK_PAD; i++)
		insns[n++] = insn(BPF_LD | BPF_IMM, 0, 0, 0);
	insns[n++] = insn(BPF_LD | BPF_W | BPF_ABS, NR_OFF, 0, 0);
	insns[n++] = insn(BPF_JMP | BPF_JEQ | BPF_K, sd.nr, 1, 0);
	insns[n++] = insn(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	insns[n++] = insn(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0), 0, 0);
	for (i = 0; i < QUICK_VALUES; i++)
		insns[n++] = insn(BPF_JMP | BPF_JEQ | BPF_K, 100 + i,
				  QUICK_VALUES - i, 0);
	insns[n++] = insn(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1, 0, 0);
	insns[n++] = insn(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);

	f = fake_filter(test, insns, n, NULL);
	if (!f->cache.jit)
		kunit_skip(test, "the JIT did not take the residuals");
	KUNIT_ASSERT_TRUE(test, seccomp_cache_pos(sd.arch, sd.nr, &pos));
	at = seccomp_cache_own(seccomp_cache_table(&f->cache, false),
			       pos.index);
	KUNIT_ASSERT_TRUE(test, at & SECCOMP_CACHE_JITED);
	KUNIT_ASSERT_FALSE(test, at & SECCOMP_CACHE_OVER_REGS);
	top = fake_filter(test, allow_all, ARRAY_SIZE(allow_all), f);
	for (chain = f; chain; chain = chain == f ? top : NULL) {
		KUNIT_ASSERT_TRUE(test, seccomp_chain_quick_at(chain, &pos));
		for (v = 98; v < 100 + QUICK_VALUES + 2; v++) {
			sd.args[0] = (u64)0xdead << 32 | v;
			regs_of(&sd, &regs);
			KUNIT_EXPECT_EQ_MSG(test,
					    seccomp_quick_allows(chain, pos.index,
								 sd.arch, &regs),
					    v >= 100 && v < 100 + QUICK_VALUES,
					    "value %u", v);
		}
	}
	fake_chain_free(test, top);
}

static struct kunit_case seccomp_test_cases[] = {
	KUNIT_CASE_PARAM(checker_verdict, check_gen_params),
	KUNIT_CASE(checker_converts),
	KUNIT_CASE(checker_converts_loads_only),
	KUNIT_CASE(checker_refusal_converts_nothing),
	KUNIT_CASE(precedence_order),
	KUNIT_CASE(precedence_ignores_data),
	KUNIT_CASE(precedence_unknown_by_value),
	KUNIT_CASE(emulation_follows_nr),
	KUNIT_CASE(emulation_stops_at_arguments),
	KUNIT_CASE(emulation_knows_arch),
	KUNIT_CASE(emulation_ip_unknown),
	KUNIT_CASE(emulation_computes),
	KUNIT_CASE(emulation_unknown_spreads),
	KUNIT_CASE(emulation_division_by_zero_x),
	KUNIT_CASE(emulation_division_of_unknown),
	KUNIT_CASE(emulation_with_arguments),
	KUNIT_CASE(reject_reasons_named),
	KUNIT_CASE(cache_claims_hold),
	KUNIT_CASE(residual_keeps_only_the_argument_check),
	KUNIT_CASE(residual_gives_up_on_shift_by_unknown),
	KUNIT_CASE(residuals_match_programs),
	KUNIT_CASE(specialise_calls_matches_each_call),
	KUNIT_CASE(specialise_work_is_bounded),
	KUNIT_CASE(specialise_shares_residuals),
	KUNIT_CASE(specialise_stops_at_computed_results),
	KUNIT_CASE(chain_engine_matches_reference),
	KUNIT_CASE(deep_chain_matches_reference),
	KUNIT_CASE(link_runs_match_reference),
	KUNIT_CASE(cache_memory_is_bounded),
	KUNIT_CASE(jit_matches_interpreter),
	KUNIT_CASE(regs_words_match_gathered_call),
	KUNIT_CASE(quick_path_runs_jited_residual),
	{}
};

static struct kunit_suite seccomp_test_suite = {
	.name = "seccomp",
	.test_cases = seccomp_test_cases,
};

kunit_test_suite(seccomp_test_suite);
