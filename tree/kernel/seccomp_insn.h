/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the emulator, the specialiser, the residual interpreter and the
 * JIT agree on about seccomp's classic instructions: the words they
 * load, the arithmetic and the branches.
 */
#ifndef _KERNEL_SECCOMP_INSN_H
#define _KERNEL_SECCOMP_INSN_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/types.h>

/*
 * The word of seccomp_data that a load at offset @k reads, @k being one
 * the checker let through: an aligned word inside the structure.  The
 * mask keeps even a speculated offset inside it.
 */
static __always_inline unsigned int seccomp_data_word(u32 k)
{
	BUILD_BUG_ON_NOT_POWER_OF_2(sizeof(struct seccomp_data));
	return (k & (sizeof(struct seccomp_data) - sizeof(u32))) / sizeof(u32);
}

/*
 * Does A op @b, for an ALU operation @op, have one meaning?  Not for a
 * division by zero, where a classic program ends and returns 0, nor for
 * a shift by 32 or more, which the JITs do not all treat alike.
 */
static __always_inline bool seccomp_alu_defined(u16 op, u32 b)
{
	switch (op) {
	case BPF_DIV:
	case BPF_MOD:
		return b;
	case BPF_LSH:
	case BPF_RSH:
		return b < 32;
	default:
		return true;
	}
}

/* May A op X, for an ALU operation @op, have no one meaning for some X? */
static __always_inline bool seccomp_alu_partial(u16 op)
{
	return !seccomp_alu_defined(op, 0) || !seccomp_alu_defined(op, 32);
}

/*
 * A op B, for the two-operand ALU instructions the checker accepts: the
 * semantics the emulator, the specialiser and the residual interpreter
 * share.  Return: false where seccomp_alu_defined() says no, and for an
 * operation it does not know: outcomes the callers do not follow.
 */
static __always_inline bool seccomp_alu(u16 op, u32 a, u32 b, u32 *res)
{
	if (!seccomp_alu_defined(op, b))
		return false;
	switch (op) {
	case BPF_ADD:
		*res = a + b;
		return true;
	case BPF_SUB:
		*res = a - b;
		return true;
	case BPF_MUL:
		*res = a * b;
		return true;
	case BPF_AND:
		*res = a & b;
		return true;
	case BPF_OR:
		*res = a | b;
		return true;
	case BPF_XOR:
		*res = a ^ b;
		return true;
	case BPF_DIV:
		*res = a / b;
		return true;
	case BPF_LSH:
		*res = a << b;
		return true;
	case BPF_RSH:
		*res = a >> b;
		return true;
	default:
		return false;
	}
}

/* Does a conditional jump of operation @op take its true side? */
static __always_inline bool seccomp_branch_taken(u16 op, u32 a, u32 b)
{
	switch (op) {
	case BPF_JEQ:
		return a == b;
	case BPF_JGT:
		return a > b;
	case BPF_JGE:
		return a >= b;
	default:	/* BPF_JSET */
		return a & b;
	}
}

/**
 * struct seccomp_word - a 32-bit value of an abstract machine
 * @val: the value, if @known
 * @known: whether the value is known when the program is analysed, rather
 *         than only when it runs
 *
 * The emulator's and the specialiser's registers and scratch words.
 */
struct seccomp_word {
	u32 val;
	bool known;
};

static inline struct seccomp_word seccomp_known(u32 val)
{
	return (struct seccomp_word){ .val = val, .known = true };
}

#endif /* _KERNEL_SECCOMP_INSN_H */
