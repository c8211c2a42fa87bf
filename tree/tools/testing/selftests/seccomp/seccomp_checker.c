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

#define REFUSED(name, ...)						\
	FIXTURE_VARIANT_ADD(refused, name) {				\
		.insns = { __VA_ARGS__ },				\
		.len = ARRAY_SIZE(((struct sock_filter[]){ __VA_ARGS__ })), \
	}

#define ALLOW RET_K(SECCOMP_RET_ALLOW)

/* Loads that are not aligned 32-bit words inside struct seccomp_data. */
REFUSED(ld_h_abs, INSN(BPF_LD | BPF_H | BPF_ABS, 0), ALLOW);
REFUSED(ld_b_abs, INSN(BPF_LD | BPF_B | BPF_ABS, 0), ALLOW);
REFUSED(ld_w_ind, INSN(BPF_LD | BPF_W | BPF_IND, 0), ALLOW);
REFUSED(ld_h_ind, INSN(BPF_LD | BPF_H | BPF_IND, 0), ALLOW);
REFUSED(ld_b_ind, INSN(BPF_LD | BPF_B | BPF_IND, 0), ALLOW);
REFUSED(ldx_b_msh, INSN(BPF_LDX | BPF_B | BPF_MSH, 0), ALLOW);
REFUSED(ld_w_abs_64, INSN(BPF_LD | BPF_W | BPF_ABS, 64), ALLOW);
REFUSED(ld_w_abs_68, INSN(BPF_LD | BPF_W | BPF_ABS, 68), ALLOW);
REFUSED(ld_w_abs_2, INSN(BPF_LD | BPF_W | BPF_ABS, 2), ALLOW);
REFUSED(ld_w_abs_61, INSN(BPF_LD | BPF_W | BPF_ABS, 61), ALLOW);
REFUSED(ld_w_abs_63, INSN(BPF_LD | BPF_W | BPF_ABS, 63), ALLOW);
REFUSED(ld_w_abs_huge, INSN(BPF_LD | BPF_W | BPF_ABS, 0xfffffffc), ALLOW);
REFUSED(ld_w_ancillary_protocol,
	INSN(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PROTOCOL), ALLOW);
REFUSED(ld_w_ancillary_cpu,
	INSN(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_CPU), ALLOW);
REFUSED(ld_h_ancillary_random,
	INSN(BPF_LD | BPF_H | BPF_ABS, SKF_AD_OFF + SKF_AD_RANDOM), ALLOW);
REFUSED(ld_w_net_offset, INSN(BPF_LD | BPF_W | BPF_ABS, SKF_NET_OFF), ALLOW);
/* Jumps must land inside the program. */
REFUSED(ja_past_end, INSN(BPF_JMP | BPF_JA, 1), ALLOW);
REFUSED(ja_far_past_end, INSN(BPF_JMP | BPF_JA, 0xffffffff), ALLOW);
REFUSED(jt_past_end, JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), ALLOW);
REFUSED(jf_past_end, JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), ALLOW);
REFUSED(jgt_jt_past_end, JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 2, 0), ALLOW);
/* Every path ends in a return of K or A. */
REFUSED(last_not_ret, ALLOW, INSN(BPF_LD | BPF_IMM, 0));
REFUSED(only_a_load, INSN(BPF_LD | BPF_IMM, 0));
REFUSED(ret_x, INSN(BPF_RET | BPF_X, 0));
REFUSED(ret_x_after_ldx, INSN(BPF_LDX | BPF_IMM, SECCOMP_RET_ALLOW),
	INSN(BPF_RET | BPF_X, 0));
/* ALU operations that are not allowed or cannot be right. */
REFUSED(div_k_zero, INSN(BPF_LD | BPF_IMM, 1),
	INSN(BPF_ALU | BPF_DIV | BPF_K, 0), INSN(BPF_RET | BPF_A, 0));
REFUSED(mod_k, INSN(BPF_LD | BPF_IMM, 5), INSN(BPF_ALU | BPF_MOD | BPF_K, 3),
	ALLOW);
REFUSED(mod_x, INSN(BPF_LDX | BPF_IMM, 3), INSN(BPF_ALU | BPF_MOD | BPF_X, 0),
	ALLOW);
REFUSED(lsh_k_32, INSN(BPF_ALU | BPF_LSH | BPF_K, 32), ALLOW);
REFUSED(rsh_k_32, INSN(BPF_ALU | BPF_RSH | BPF_K, 32), ALLOW);
REFUSED(lsh_k_huge, INSN(BPF_ALU | BPF_LSH | BPF_K, 0xffffffff), ALLOW);
/* Scratch memory has 16 slots, and a slot is read only once written. */
REFUSED(st_slot_16, INSN(BPF_ST, 16), ALLOW);
REFUSED(stx_slot_16, INSN(BPF_STX, 16), ALLOW);
REFUSED(ld_mem_slot_16, INSN(BPF_ST, 0), INSN(BPF_LD | BPF_MEM, 16), ALLOW);
REFUSED(ldx_mem_slot_16, INSN(BPF_ST, 0), INSN(BPF_LDX | BPF_MEM, 16), ALLOW);
REFUSED(ld_mem_unwritten, INSN(BPF_LD | BPF_MEM, 0), ALLOW);
REFUSED(ld_mem_other_slot, INSN(BPF_ST, 1), INSN(BPF_LD | BPF_MEM, 0), ALLOW);
REFUSED(ld_mem_written_on_one_path,
	JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), INSN(BPF_ST, 0),
	INSN(BPF_LD | BPF_MEM, 0), INSN(BPF_RET | BPF_A, 0));
/* Opcodes that classic BPF does not have at all. */
REFUSED(bogus_opcode, INSN(0xffff, 0), ALLOW);
REFUSED(ldx_w_abs, INSN(BPF_LDX | BPF_W | BPF_ABS, 0), ALLOW);
REFUSED(ld_w_msh, INSN(BPF_LD | BPF_W | BPF_MSH, 0), ALLOW);

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
	struct sock_filter body[MAX_BODY];
	unsigned int len;
	int expect;	/* errno of getppid() */
	__u64 args[6];	/* passed to getppid(), which ignores them */
};

FIXTURE_SETUP(accepted) {}
FIXTURE_TEARDOWN(accepted) {}

#define ACCEPTED(name, result, ...)					\
	FIXTURE_VARIANT_ADD(accepted, name) {				\
		.body = { __VA_ARGS__ },				\
		.len = ARRAY_SIZE(((struct sock_filter[]){ __VA_ARGS__ })), \
		.expect = (result),					\
	}

#define LD_IMM(v)	INSN(BPF_LD | BPF_IMM, (v))
#define LDX_IMM(v)	INSN(BPF_LDX | BPF_IMM, (v))
#define ALU_K(op, v)	INSN(BPF_ALU | (op) | BPF_K, (v))
#define ALU_X(op)	INSN(BPF_ALU | (op) | BPF_X, 0)
#define TXA		INSN(BPF_MISC | BPF_TXA, 0)
#define TAX		INSN(BPF_MISC | BPF_TAX, 0)
/* A = condition ? 1 : 2, for a conditional jump with jt = 0, jf = 2. */
#define PICK		LD_IMM(1), INSN(BPF_JMP | BPF_JA, 1), LD_IMM(2)

ACCEPTED(ld_len, 64, INSN(BPF_LD | BPF_W | BPF_LEN, 0));
ACCEPTED(ldx_len, 64, INSN(BPF_LDX | BPF_W | BPF_LEN, 0), TXA);
ACCEPTED(ld_imm, 42, LD_IMM(42));
ACCEPTED(ldx_imm_txa, 43, LDX_IMM(43), TXA);
ACCEPTED(tax, 19, LD_IMM(19), TAX, LD_IMM(0), TXA);
ACCEPTED(ld_abs_nr, __NR_getppid, LD_ABS(SD_NR));
ACCEPTED(ld_abs_arch_low_byte, AUDIT_ARCH_X86_64 & 0xff, LD_ABS(SD_ARCH),
	 ALU_K(BPF_AND, 0xff));
ACCEPTED(st_ld_mem, 17, LD_IMM(17), INSN(BPF_ST, 3), LD_IMM(0),
	 INSN(BPF_LD | BPF_MEM, 3));
ACCEPTED(stx_ldx_mem_slot_15, 18, LDX_IMM(18), INSN(BPF_STX, 15), LDX_IMM(0),
	 INSN(BPF_LDX | BPF_MEM, 15), TXA);
ACCEPTED(add_k, 23, LD_IMM(20), ALU_K(BPF_ADD, 3));
ACCEPTED(add_x, 24, LD_IMM(20), LDX_IMM(4), ALU_X(BPF_ADD));
ACCEPTED(sub_k, 25, LD_IMM(30), ALU_K(BPF_SUB, 5));
ACCEPTED(sub_x, 26, LD_IMM(30), LDX_IMM(4), ALU_X(BPF_SUB));
ACCEPTED(mul_k, 42, LD_IMM(6), ALU_K(BPF_MUL, 7));
ACCEPTED(mul_x, 48, LD_IMM(6), LDX_IMM(8), ALU_X(BPF_MUL));
ACCEPTED(div_k, 25, LD_IMM(100), ALU_K(BPF_DIV, 4));
ACCEPTED(div_x, 33, LD_IMM(100), LDX_IMM(3), ALU_X(BPF_DIV));
ACCEPTED(and_k, 0x3c, LD_IMM(0xff), ALU_K(BPF_AND, 0x3c));
ACCEPTED(and_x, 0x0c, LD_IMM(0x0f), LDX_IMM(0x3c), ALU_X(BPF_AND));
ACCEPTED(or_k, 0x13, LD_IMM(0x10), ALU_K(BPF_OR, 0x03));
ACCEPTED(or_x, 0x15, LD_IMM(0x10), LDX_IMM(0x05), ALU_X(BPF_OR));
ACCEPTED(xor_k, 0x0a, LD_IMM(0x0f), ALU_K(BPF_XOR, 0x05));
ACCEPTED(xor_x, 0x06, LD_IMM(0x0f), LDX_IMM(0x09), ALU_X(BPF_XOR));
ACCEPTED(lsh_k, 48, LD_IMM(3), ALU_K(BPF_LSH, 4));
ACCEPTED(lsh_x, 40, LD_IMM(5), LDX_IMM(3), ALU_X(BPF_LSH));
ACCEPTED(lsh_k_31, 1, LD_IMM(1), ALU_K(BPF_LSH, 31), ALU_K(BPF_RSH, 31));
ACCEPTED(rsh_k, 32, LD_IMM(256), ALU_K(BPF_RSH, 3));
ACCEPTED(rsh_x, 16, LD_IMM(256), LDX_IMM(4), ALU_X(BPF_RSH));
ACCEPTED(neg, 5, LD_IMM(-5), INSN(BPF_ALU | BPF_NEG, 0));
ACCEPTED(ja, 5, INSN(BPF_JMP | BPF_JA, 1), LD_IMM(99), LD_IMM(5));
ACCEPTED(jeq_k_true, 1, LD_IMM(7), JUMP(BPF_JMP | BPF_JEQ | BPF_K, 7, 0, 2),
	 PICK);
ACCEPTED(jeq_k_false, 2, LD_IMM(8), JUMP(BPF_JMP | BPF_JEQ | BPF_K, 7, 0, 2),
	 PICK);
ACCEPTED(jgt_k_true, 1, LD_IMM(8), JUMP(BPF_JMP | BPF_JGT | BPF_K, 7, 0, 2),
	 PICK);
ACCEPTED(jgt_k_equal, 2, LD_IMM(7), JUMP(BPF_JMP | BPF_JGT | BPF_K, 7, 0, 2),
	 PICK);
ACCEPTED(jge_k_equal, 1, LD_IMM(7), JUMP(BPF_JMP | BPF_JGE | BPF_K, 7, 0, 2),
	 PICK);
ACCEPTED(jge_k_false, 2, LD_IMM(6), JUMP(BPF_JMP | BPF_JGE | BPF_K, 7, 0, 2),
	 PICK);
ACCEPTED(jgt_k_unsigned, 1, LD_IMM(-1),
	 JUMP(BPF_JMP | BPF_JGT | BPF_K, 7, 0, 2), PICK);
ACCEPTED(jset_k_true, 1, LD_IMM(6), JUMP(BPF_JMP | BPF_JSET | BPF_K, 2, 0, 2),
	 PICK);
ACCEPTED(jset_k_false, 2, LD_IMM(4),
	 JUMP(BPF_JMP | BPF_JSET | BPF_K, 2, 0, 2), PICK);
ACCEPTED(jeq_x_true, 1, LD_IMM(9), LDX_IMM(9),
	 JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 2), PICK);
ACCEPTED(jeq_x_false, 2, LD_IMM(9), LDX_IMM(8),
	 JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 2), PICK);
ACCEPTED(jgt_x_true, 1, LD_IMM(9), LDX_IMM(8),
	 JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 2), PICK);
ACCEPTED(jgt_x_false, 2, LD_IMM(8), LDX_IMM(8),
	 JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 2), PICK);
ACCEPTED(jge_x_true, 1, LD_IMM(8), LDX_IMM(8),
	 JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 2), PICK);
ACCEPTED(jge_x_false, 2, LD_IMM(7), LDX_IMM(8),
	 JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 2), PICK);
ACCEPTED(jset_x_true, 1, LD_IMM(12), LDX_IMM(4),
	 JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 2), PICK);
ACCEPTED(jset_x_false, 2, LD_IMM(12), LDX_IMM(3),
	 JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 2), PICK);
ACCEPTED(ld_mem_written_on_both_paths, 3,
	 JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), LD_IMM(4), INSN(BPF_ST, 0),
	 INSN(BPF_JMP | BPF_JA, 2), LD_IMM(3), INSN(BPF_ST, 0),
	 INSN(BPF_LD | BPF_MEM, 0));

/* The checker allows the last aligned word, the top half of args[5]. */
FIXTURE_VARIANT_ADD(accepted, ld_abs_offset_60) {
	.body = { LD_ABS(SD_ARG(5) + 4) },
	.len = 1,
	.expect = 9,
	.args = { 0, 0, 0, 0, 0, 0x900000000ULL },
};

FIXTURE_VARIANT_ADD(accepted, ld_abs_arg0_both_halves) {
	.body = { LD_ABS(SD_ARG(0)), TAX, LD_ABS(SD_ARG(0) + 4),
		  ALU_X(BPF_ADD) },
	.len = 4,
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

	memcpy(insns + len, variant->body,
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

TEST_HARNESS_MAIN
