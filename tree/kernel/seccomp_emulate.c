// SPDX-License-Identifier: GPL-2.0
/*
 * An abstract machine for classic seccomp programs.
 *
 * It runs a program the checker accepted over a system call of which
 * some words may be unknown, and tells whether the result is known all
 * the same.  Tracing asks it with the whole call, to name the instruction
 * that decided; tests use it as the reference that the specialiser and
 * the BPF core must agree with, and check its claims with the arguments
 * unknown.
 */

#include <linux/filter.h>
#include <linux/stddef.h>

#include "seccomp_check.h"
#include "seccomp_emulate.h"
#include "seccomp_insn.h"

/* A value the machine does not know. */
static const struct seccomp_word unknown = { };

/* What the machine knows of the call it runs on. */
struct call {
	struct seccomp_word arch;
	struct seccomp_word nr;
	const struct seccomp_data *sd;	/* the rest, or NULL */
};

static struct seccomp_word load_data(u32 offset, const struct call *call)
{
	switch (offset) {
	case offsetof(struct seccomp_data, nr):
		return call->nr;
	case offsetof(struct seccomp_data, arch):
		return call->arch;
	default:
		/* A word of the arguments or of the instruction pointer. */
		if (!call->sd)
			return unknown;
		return seccomp_known(((const u32 *)call->sd)[seccomp_data_word(offset)]);
	}
}

/*
 * The operand of an ALU or jump instruction; the checker has made sure
 * that constant divisors are not zero and constant shifts below 32.
 */
static struct seccomp_word operand(const struct sock_filter *insn,
				   struct seccomp_word x)
{
	return BPF_SRC(insn->code) == BPF_K ? seccomp_known(insn->k) : x;
}

/* A op= b, for the ALU instructions the checker accepts. */
static bool alu(u16 op, struct seccomp_word *a, struct seccomp_word b)
{
	if (op == BPF_NEG) {
		if (a->known)
			a->val = -a->val;
		return true;
	}
	/*
	 * A division by zero ends the program, which then returns 0: with
	 * a divisor that is or may be zero, whatever A is, the result of
	 * the program cannot be told from the rest of it.
	 */
	if (op == BPF_DIV && (!b.known || !b.val))
		return false;
	if (!a->known || !b.known) {
		*a = unknown;
		return true;
	}
	return seccomp_alu(op, a->val, b.val, &a->val);
}

/* What a load of mode @mode and constant @k puts in A or X. */
static bool load(u16 mode, u32 k, const struct call *call,
		 const struct seccomp_word *mem, struct seccomp_word *dst)
{
	switch (mode) {
	case BPF_ABS:
		*dst = load_data(k, call);
		return true;
	case BPF_LEN:
		*dst = seccomp_known(sizeof(struct seccomp_data));
		return true;
	case BPF_IMM:
		*dst = seccomp_known(k);
		return true;
	case BPF_MEM:
		*dst = mem[k];
		return true;
	default:
		return false;
	}
}

static bool run(const struct sock_filter *insns, unsigned int len,
		const struct call *call, u32 *ret, unsigned int *ret_pc)
{
	struct seccomp_word a = seccomp_known(0), x = seccomp_known(0);
	struct seccomp_word mem[BPF_MEMWORDS] = { };
	unsigned int pc = 0;

	while (pc < len) {
		const struct sock_filter *insn = &insns[pc++];
		struct seccomp_word b;

		switch (BPF_CLASS(insn->code)) {
		case BPF_LD:
			if (!load(BPF_MODE(insn->code), insn->k, call, mem, &a))
				return false;
			break;
		case BPF_LDX:
			if (!load(BPF_MODE(insn->code), insn->k, call, mem, &x))
				return false;
			break;
		case BPF_ST:
			mem[insn->k] = a;
			break;
		case BPF_STX:
			mem[insn->k] = x;
			break;
		case BPF_MISC:
			if (BPF_MISCOP(insn->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		case BPF_ALU:
			if (!alu(BPF_OP(insn->code), &a, operand(insn, x)))
				return false;
			break;
		case BPF_JMP:
			if (BPF_OP(insn->code) == BPF_JA) {
				pc += insn->k;
				break;
			}
			b = operand(insn, x);
			if (!a.known || !b.known)
				return false;
			pc += seccomp_branch_taken(BPF_OP(insn->code), a.val,
						   b.val) ?
				insn->jt : insn->jf;
			break;
		case BPF_RET:
			b = BPF_RVAL(insn->code) == BPF_K ?
			    seccomp_known(insn->k) : a;
			if (!b.known)
				return false;
			*ret = b.val;
			if (ret_pc)
				*ret_pc = pc - 1;
			return true;
		default:
			return false;
		}
	}
	return false;
}

/**
 * seccomp_emulate() - run a classic program on what is known of a call
 * @insns: a program seccomp_check_program() accepted, unconverted
 * @len: its number of instructions
 * @arch: the call's ``AUDIT_ARCH_*`` value
 * @nr: the call's number
 * @sd: the whole call, or NULL if its arguments and instruction pointer
 *      are unknown
 * @ret: where the result goes
 * @ret_pc: where the index of the deciding return goes, or NULL
 *
 * Follows the one path the program takes, as long as every decision on
 * it depends only on what is known.  With @sd, that is always.
 *
 * Return: true and *@ret (and *@ret_pc) set if the result is known: the
 * same for every value of what is unknown; false if it cannot be told.
 */
bool seccomp_emulate(const struct sock_filter *insns, unsigned int len,
		     u32 arch, int nr, const struct seccomp_data *sd,
		     u32 *ret, unsigned int *ret_pc)
{
	const struct call call = { seccomp_known(arch), seccomp_known(nr), sd };

	return run(insns, len, &call, ret, ret_pc);
}
