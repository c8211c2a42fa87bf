// SPDX-License-Identifier: GPL-2.0
/*
 * The program checker: which classic BPF programs a filter may be made of.
 *
 * Refused programs are a table of fixture variants, each of which must fail
 * with EINVAL through both seccomp(2) and prctl(2).  Accepted programs are
 * another table; they are not only attached but also run, so that what the
 * instruction computes is checked too: each one leaves a value in A, which
 * the filter returns as the errno of getppid().
 */
#include "seccomp_common.h"

#define MAX_BODY 8

#define INSN(code, k)			BPF_STMT((code), (k))
#define JUMP(code, k, jt, jf)		BPF_JUMP((code), (k), (jt), (jf))

/* Refused programs. */

FIXTURE(refused) {};

FIXTURE_VARIANT(refused) {
	struct sock_filter insns[MAX_BODY];
	unsigned int len;
};

FIXTURE_SETUP(refused) {}
FIXTURE_TEARDOWN(refused) {}

/* The instructions of a variant and their count. */
#define INSNS(...)							\
	.insns = { __VA_ARGS__ },					\
	.len = ARRAY_SIZE(((struct sock_filter[]){ __VA_ARGS__ }))

#define ALLOW RET_K(SECCOMP_RET_ALLOW)

/* Loads that are not aligned 32-bit words inside struct seccomp_data. */
FIXTURE_VARIANT_ADD(refused, ld_h_abs) {
	INSNS(INSN(BPF_LD | BPF_H | BPF_ABS, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_b_abs) {
	INSNS(INSN(BPF_LD | BPF_B | BPF_ABS, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_ind) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_IND, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_h_ind) {
	INSNS(INSN(BPF_LD | BPF_H | BPF_IND, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_b_ind) {
	INSNS(INSN(BPF_LD | BPF_B | BPF_IND, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ldx_b_msh) {
	INSNS(INSN(BPF_LDX | BPF_B | BPF_MSH, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_abs_64) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_ABS, 64), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_abs_68) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_ABS, 68), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_abs_2) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_ABS, 2), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_abs_61) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_ABS, 61), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_abs_63) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_ABS, 63), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_abs_huge) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_ABS, 0xfffffffc), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_ancillary_protocol) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PROTOCOL),
	      ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_ancillary_cpu) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_CPU), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_h_ancillary_random) {
	INSNS(INSN(BPF_LD | BPF_H | BPF_ABS, SKF_AD_OFF + SKF_AD_RANDOM),
	      ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_net_offset) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_ABS, SKF_NET_OFF), ALLOW),
};

/* Jumps must land inside the program. */
FIXTURE_VARIANT_ADD(refused, ja_past_end) {
	INSNS(INSN(BPF_JMP | BPF_JA, 1), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ja_far_past_end) {
	INSNS(INSN(BPF_JMP | BPF_JA, 0xffffffff), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, jt_past_end) {
	INSNS(JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, jf_past_end) {
	INSNS(JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, jgt_jt_past_end) {
	INSNS(JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 2, 0), ALLOW),
};

/* Every path ends in a return of K or A. */
FIXTURE_VARIANT_ADD(refused, last_not_ret) {
	INSNS(ALLOW, INSN(BPF_LD | BPF_IMM, 0)),
};

FIXTURE_VARIANT_ADD(refused, only_a_load) {
	INSNS(INSN(BPF_LD | BPF_IMM, 0)),
};

FIXTURE_VARIANT_ADD(refused, ret_x) {
	INSNS(INSN(BPF_RET | BPF_X, 0)),
};

FIXTURE_VARIANT_ADD(refused, ret_x_after_ldx) {
	INSNS(INSN(BPF_LDX | BPF_IMM, SECCOMP_RET_ALLOW),
	      INSN(BPF_RET | BPF_X, 0)),
};

/* ALU operations that are not allowed or cannot be right. */
FIXTURE_VARIANT_ADD(refused, div_k_zero) {
	INSNS(INSN(BPF_LD | BPF_IMM, 1), INSN(BPF_ALU | BPF_DIV | BPF_K, 0),
	      INSN(BPF_RET | BPF_A, 0)),
};

FIXTURE_VARIANT_ADD(refused, mod_k) {
	INSNS(INSN(BPF_LD | BPF_IMM, 5), INSN(BPF_ALU | BPF_MOD | BPF_K, 3),
	      ALLOW),
};

FIXTURE_VARIANT_ADD(refused, mod_x) {
	INSNS(INSN(BPF_LDX | BPF_IMM, 3), INSN(BPF_ALU | BPF_MOD | BPF_X, 0),
	      ALLOW),
};

FIXTURE_VARIANT_ADD(refused, lsh_k_32) {
	INSNS(INSN(BPF_ALU | BPF_LSH | BPF_K, 32), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, rsh_k_32) {
	INSNS(INSN(BPF_ALU | BPF_RSH | BPF_K, 32), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, lsh_k_huge) {
	INSNS(INSN(BPF_ALU | BPF_LSH | BPF_K, 0xffffffff), ALLOW),
};

/* Scratch memory has 16 slots, and a slot is read only once written. */
FIXTURE_VARIANT_ADD(refused, st_slot_16) {
	INSNS(INSN(BPF_ST, 16), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, stx_slot_16) {
	INSNS(INSN(BPF_STX, 16), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_mem_slot_16) {
	INSNS(INSN(BPF_ST, 0), INSN(BPF_LD | BPF_MEM, 16), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ldx_mem_slot_16) {
	INSNS(INSN(BPF_ST, 0), INSN(BPF_LDX | BPF_MEM, 16), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_mem_unwritten) {
	INSNS(INSN(BPF_LD | BPF_MEM, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_mem_other_slot) {
	INSNS(INSN(BPF_ST, 1), INSN(BPF_LD | BPF_MEM, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_mem_written_on_one_path) {
	INSNS(JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), INSN(BPF_ST, 0),
	      INSN(BPF_LD | BPF_MEM, 0), INSN(BPF_RET | BPF_A, 0)),
};

/* Opcodes that classic BPF does not have at all. */
FIXTURE_VARIANT_ADD(refused, bogus_opcode) {
	INSNS(INSN(0xffff, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ldx_w_abs) {
	INSNS(INSN(BPF_LDX | BPF_W | BPF_ABS, 0), ALLOW),
};

FIXTURE_VARIANT_ADD(refused, ld_w_msh) {
	INSNS(INSN(BPF_LD | BPF_W | BPF_MSH, 0), ALLOW),
};

TEST_F(refused, einval)
{
	struct sock_fprog prog = {
		.len = variant->len,
		.filter = (struct sock_filter *)variant->insns,
	};

	ASSERT_EQ(0, set_no_new_privs());
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
}

/*
 * Accepted programs.  The filter built around each body is:
 *	if (nr != getppid) return ALLOW;
 *	<body>			(leaves a value in A)
 *	return ERRNO | A;
 */

FIXTURE(accepted) {};

FIXTURE_VARIANT(accepted) {
	struct sock_filter insns[MAX_BODY];
	unsigned int len;
	int expect;	/* errno of getppid() */
	__u64 args[6];	/* passed to getppid(), which ignores them */
};

FIXTURE_SETUP(accepted) {}
FIXTURE_TEARDOWN(accepted) {}

#define LD_IMM(v)	INSN(BPF_LD | BPF_IMM, (v))
#define LDX_IMM(v)	INSN(BPF_LDX | BPF_IMM, (v))
#define ALU_K(op, v)	INSN(BPF_ALU | (op) | BPF_K, (v))
#define ALU_X(op)	INSN(BPF_ALU | (op) | BPF_X, 0)
#define TXA		INSN(BPF_MISC | BPF_TXA, 0)
#define TAX		INSN(BPF_MISC | BPF_TAX, 0)
/*
 * The jump tests end in "A = 1; goto end; A = 2; end:", so that A tells
 * whether the jump (jt = 0, jf = 2) was taken.
 */
#define JA(k)		INSN(BPF_JMP | BPF_JA, (k))

FIXTURE_VARIANT_ADD(accepted, ld_len) {
	.expect = 64,
	INSNS(INSN(BPF_LD | BPF_W | BPF_LEN, 0)),
};

FIXTURE_VARIANT_ADD(accepted, ldx_len) {
	.expect = 64,
	INSNS(INSN(BPF_LDX | BPF_W | BPF_LEN, 0), TXA),
};

FIXTURE_VARIANT_ADD(accepted, ld_imm) {
	.expect = 42,
	INSNS(LD_IMM(42)),
};

FIXTURE_VARIANT_ADD(accepted, ldx_imm_txa) {
	.expect = 43,
	INSNS(LDX_IMM(43), TXA),
};

FIXTURE_VARIANT_ADD(accepted, tax) {
	.expect = 19,
	INSNS(LD_IMM(19), TAX, LD_IMM(0), TXA),
};

FIXTURE_VARIANT_ADD(accepted, ld_abs_nr) {
	.expect = __NR_getppid,
	INSNS(LD_ABS(SD_NR)),
};

FIXTURE_VARIANT_ADD(accepted, ld_abs_arch_low_byte) {
	.expect = NATIVE_ARCH & 0xff,
	INSNS(LD_ABS(SD_ARCH), ALU_K(BPF_AND, 0xff)),
};

FIXTURE_VARIANT_ADD(accepted, st_ld_mem) {
	.expect = 17,
	INSNS(LD_IMM(17), INSN(BPF_ST, 3), LD_IMM(0),
	      INSN(BPF_LD | BPF_MEM, 3)),
};

FIXTURE_VARIANT_ADD(accepted, stx_ldx_mem_slot_15) {
	.expect = 18,
	INSNS(LDX_IMM(18), INSN(BPF_STX, 15), LDX_IMM(0),
	      INSN(BPF_LDX | BPF_MEM, 15), TXA),
};

FIXTURE_VARIANT_ADD(accepted, add_k) {
	.expect = 23,
	INSNS(LD_IMM(20), ALU_K(BPF_ADD, 3)),
};

FIXTURE_VARIANT_ADD(accepted, add_x) {
	.expect = 24,
	INSNS(LD_IMM(20), LDX_IMM(4), ALU_X(BPF_ADD)),
};

FIXTURE_VARIANT_ADD(accepted, sub_k) {
	.expect = 25,
	INSNS(LD_IMM(30), ALU_K(BPF_SUB, 5)),
};

FIXTURE_VARIANT_ADD(accepted, sub_x) {
	.expect = 26,
	INSNS(LD_IMM(30), LDX_IMM(4), ALU_X(BPF_SUB)),
};

FIXTURE_VARIANT_ADD(accepted, mul_k) {
	.expect = 42,
	INSNS(LD_IMM(6), ALU_K(BPF_MUL, 7)),
};

FIXTURE_VARIANT_ADD(accepted, mul_x) {
	.expect = 48,
	INSNS(LD_IMM(6), LDX_IMM(8), ALU_X(BPF_MUL)),
};

FIXTURE_VARIANT_ADD(accepted, div_k) {
	.expect = 25,
	INSNS(LD_IMM(100), ALU_K(BPF_DIV, 4)),
};

FIXTURE_VARIANT_ADD(accepted, div_x) {
	.expect = 33,
	INSNS(LD_IMM(100), LDX_IMM(3), ALU_X(BPF_DIV)),
};

FIXTURE_VARIANT_ADD(accepted, and_k) {
	.expect = 0x3c,
	INSNS(LD_IMM(0xff), ALU_K(BPF_AND, 0x3c)),
};

FIXTURE_VARIANT_ADD(accepted, and_x) {
	.expect = 0x0c,
	INSNS(LD_IMM(0x0f), LDX_IMM(0x3c), ALU_X(BPF_AND)),
};

FIXTURE_VARIANT_ADD(accepted, or_k) {
	.expect = 0x13,
	INSNS(LD_IMM(0x10), ALU_K(BPF_OR, 0x03)),
};

FIXTURE_VARIANT_ADD(accepted, or_x) {
	.expect = 0x15,
	INSNS(LD_IMM(0x10), LDX_IMM(0x05), ALU_X(BPF_OR)),
};

FIXTURE_VARIANT_ADD(accepted, xor_k) {
	.expect = 0x0a,
	INSNS(LD_IMM(0x0f), ALU_K(BPF_XOR, 0x05)),
};

FIXTURE_VARIANT_ADD(accepted, xor_x) {
	.expect = 0x06,
	INSNS(LD_IMM(0x0f), LDX_IMM(0x09), ALU_X(BPF_XOR)),
};

FIXTURE_VARIANT_ADD(accepted, lsh_k) {
	.expect = 48,
	INSNS(LD_IMM(3), ALU_K(BPF_LSH, 4)),
};

FIXTURE_VARIANT_ADD(accepted, lsh_x) {
	.expect = 40,
	INSNS(LD_IMM(5), LDX_IMM(3), ALU_X(BPF_LSH)),
};

FIXTURE_VARIANT_ADD(accepted, lsh_k_31) {
	.expect = 1,
	INSNS(LD_IMM(1), ALU_K(BPF_LSH, 31), ALU_K(BPF_RSH, 31)),
};

FIXTURE_VARIANT_ADD(accepted, rsh_k) {
	.expect = 32,
	INSNS(LD_IMM(256), ALU_K(BPF_RSH, 3)),
};

FIXTURE_VARIANT_ADD(accepted, rsh_x) {
	.expect = 16,
	INSNS(LD_IMM(256), LDX_IMM(4), ALU_X(BPF_RSH)),
};

FIXTURE_VARIANT_ADD(accepted, neg) {
	.expect = 5,
	INSNS(LD_IMM(-5), INSN(BPF_ALU | BPF_NEG, 0)),
};

FIXTURE_VARIANT_ADD(accepted, ja) {
	.expect = 5,
	INSNS(INSN(BPF_JMP | BPF_JA, 1), LD_IMM(99), LD_IMM(5)),
};

FIXTURE_VARIANT_ADD(accepted, jeq_k_true) {
	.expect = 1,
	INSNS(LD_IMM(7), JUMP(BPF_JMP | BPF_JEQ | BPF_K, 7, 0, 2), LD_IMM(1),
	      JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jeq_k_false) {
	.expect = 2,
	INSNS(LD_IMM(8), JUMP(BPF_JMP | BPF_JEQ | BPF_K, 7, 0, 2), LD_IMM(1),
	      JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jgt_k_true) {
	.expect = 1,
	INSNS(LD_IMM(8), JUMP(BPF_JMP | BPF_JGT | BPF_K, 7, 0, 2), LD_IMM(1),
	      JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jgt_k_equal) {
	.expect = 2,
	INSNS(LD_IMM(7), JUMP(BPF_JMP | BPF_JGT | BPF_K, 7, 0, 2), LD_IMM(1),
	      JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jge_k_equal) {
	.expect = 1,
	INSNS(LD_IMM(7), JUMP(BPF_JMP | BPF_JGE | BPF_K, 7, 0, 2), LD_IMM(1),
	      JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jge_k_false) {
	.expect = 2,
	INSNS(LD_IMM(6), JUMP(BPF_JMP | BPF_JGE | BPF_K, 7, 0, 2), LD_IMM(1),
	      JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jgt_k_unsigned) {
	.expect = 1,
	INSNS(LD_IMM(-1), JUMP(BPF_JMP | BPF_JGT | BPF_K, 7, 0, 2), LD_IMM(1),
	      JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jset_k_true) {
	.expect = 1,
	INSNS(LD_IMM(6), JUMP(BPF_JMP | BPF_JSET | BPF_K, 2, 0, 2), LD_IMM(1),
	      JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jset_k_false) {
	.expect = 2,
	INSNS(LD_IMM(4), JUMP(BPF_JMP | BPF_JSET | BPF_K, 2, 0, 2), LD_IMM(1),
	      JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jeq_x_true) {
	.expect = 1,
	INSNS(LD_IMM(9), LDX_IMM(9), JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 2),
	      LD_IMM(1), JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jeq_x_false) {
	.expect = 2,
	INSNS(LD_IMM(9), LDX_IMM(8), JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 2),
	      LD_IMM(1), JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jgt_x_true) {
	.expect = 1,
	INSNS(LD_IMM(9), LDX_IMM(8), JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 2),
	      LD_IMM(1), JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jgt_x_false) {
	.expect = 2,
	INSNS(LD_IMM(8), LDX_IMM(8), JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 2),
	      LD_IMM(1), JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jge_x_true) {
	.expect = 1,
	INSNS(LD_IMM(8), LDX_IMM(8), JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 2),
	      LD_IMM(1), JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jge_x_false) {
	.expect = 2,
	INSNS(LD_IMM(7), LDX_IMM(8), JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 2),
	      LD_IMM(1), JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jset_x_true) {
	.expect = 1,
	INSNS(LD_IMM(12), LDX_IMM(4), JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 2),
	      LD_IMM(1), JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, jset_x_false) {
	.expect = 2,
	INSNS(LD_IMM(12), LDX_IMM(3), JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 2),
	      LD_IMM(1), JA(1), LD_IMM(2)),
};

FIXTURE_VARIANT_ADD(accepted, ld_mem_written_on_both_paths) {
	.expect = 3,
	INSNS(JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), LD_IMM(4),
	      INSN(BPF_ST, 0), INSN(BPF_JMP | BPF_JA, 2), LD_IMM(3),
	      INSN(BPF_ST, 0), INSN(BPF_LD | BPF_MEM, 0)),
};

/* The checker allows the last aligned word, the top half of args[5]. */
FIXTURE_VARIANT_ADD(accepted, ld_abs_offset_60) {
	INSNS(LD_ABS(SD_ARG(5) + 4)),
	.expect = 9,
	.args = { 0, 0, 0, 0, 0, 0x900000000ULL },
};

FIXTURE_VARIANT_ADD(accepted, ld_abs_arg0_both_halves) {
	INSNS(LD_ABS(SD_ARG(0)), TAX, LD_ABS(SD_ARG(0) + 4), ALU_X(BPF_ADD)),
	.expect = 0x30 + 0x5,
	.args = { 0x0000003000000005ULL },
};

TEST_F(accepted, runs)
{
	struct sock_filter insns[3 + MAX_BODY + 2] = {
		LD_ABS(SD_NR),
		JEQ_K(__NR_getppid, 1, 0),
		RET_K(SECCOMP_RET_ALLOW),
	};
	const __u64 *a = variant->args;
	unsigned int len = 3;
	long ret;

	memcpy(insns + len, variant->insns,
	       variant->len * sizeof(struct sock_filter));
	len += variant->len;
	insns[len++] = (struct sock_filter)ALU_K(BPF_OR, SECCOMP_RET_ERRNO);
	insns[len++] = (struct sock_filter)INSN(BPF_RET | BPF_A, 0);

	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, install_prog(0, insns, len))
		TH_LOG("refused: %s", strerror(errno));

	errno = 0;
	ret = syscall(__NR_getppid, a[0], a[1], a[2], a[3], a[4], a[5]);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(variant->expect, errno);
}

/*
 * Dividing by an X of zero at run time ends the program with a return
 * value of 0, which is SECCOMP_RET_KILL_THREAD.
 */
TEST(div_by_zero_x_returns_zero)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(__NR_getppid, 1, 0),
		RET_K(SECCOMP_RET_ALLOW),
		LD_IMM(7),
		LDX_IMM(0),
		ALU_X(BPF_DIV),
		RET_K(SECCOMP_RET_ERRNO | 1),
	};
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		no_core_dumps();
		if (INSTALL(0, insns))
			_exit(1);
		syscall(__NR_getppid);
		_exit(2);
	}
	status = wait_status(pid);
	EXPECT_TRUE(WIFSIGNALED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(SIGSYS, WTERMSIG(status));
}

/*
 * The same with a dividend, or a divisor, that only the call's arguments
 * tell: a constant RET after the division must not stand for the filter's
 * answer (the fuzzer caught a cache that took it so).
 */
FIXTURE(div_by_argument) {};
FIXTURE_VARIANT(div_by_argument) {
	bool divisor_from_argument;
};
FIXTURE_VARIANT_ADD(div_by_argument, zero_x) {
	.divisor_from_argument = false,
};
FIXTURE_VARIANT_ADD(div_by_argument, x_from_args1) {
	.divisor_from_argument = true,
};
FIXTURE_SETUP(div_by_argument) {}
FIXTURE_TEARDOWN(div_by_argument) {}

TEST_F(div_by_argument, kills)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(__NR_getppid, 1, 0),
		RET_K(SECCOMP_RET_ALLOW),
		LD_IMM(0),
		TAX,
		LD_ABS(SD_ARG(0)),
		ALU_X(BPF_DIV),
		RET_K(SECCOMP_RET_ALLOW),
	};
	int status;
	pid_t pid;

	if (variant->divisor_from_argument)
		insns[3] = (struct sock_filter)LD_ABS(SD_ARG(1));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		no_core_dumps();
		if (INSTALL(0, insns))
			_exit(1);
		syscall(__NR_getppid, 5, 0);
		_exit(2);
	}
	status = wait_status(pid);
	EXPECT_TRUE(WIFSIGNALED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(SIGSYS, WTERMSIG(status));
}

TEST_HARNESS_MAIN
