// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp cache: system calls a chain allows whatever their arguments.
 *
 * When a filter is attached, it is run once per (architecture, system
 * call number) on an abstract machine that knows the number and the
 * architecture but not the arguments nor the instruction pointer.  Where
 * every path it takes ends in ALLOW without looking at what it does not
 * know, the call is marked, and at run time it skips the filters.
 */

#include <linux/bitmap.h>
#include <linux/filter.h>
#include <linux/stddef.h>

#include "seccomp_internal.h"

const struct seccomp_cache_arch seccomp_cache_arches[] = {
	{
		.arch = SECCOMP_ARCH_NATIVE,
		.nr_syscalls = SECCOMP_ARCH_NATIVE_NR,
		.name = SECCOMP_ARCH_NATIVE_NAME,
		.bitmap = offsetof(struct seccomp_cache, allow_native),
	},
#ifdef SECCOMP_ARCH_COMPAT
	{
		.arch = SECCOMP_ARCH_COMPAT,
		.nr_syscalls = SECCOMP_ARCH_COMPAT_NR,
		.name = SECCOMP_ARCH_COMPAT_NAME,
		.bitmap = offsetof(struct seccomp_cache, allow_compat),
	},
#endif
};

const unsigned int seccomp_cache_nr_arches = ARRAY_SIZE(seccomp_cache_arches);

/* A 32-bit register of the abstract machine: a value, if it is known. */
struct reg {
	u32 val;
	bool known;
};

static struct reg known(u32 val)
{
	return (struct reg){ .val = val, .known = true };
}

static const struct reg unknown = { };

static struct reg load_data(u32 offset, u32 arch, int nr)
{
	switch (offset) {
	case offsetof(struct seccomp_data, nr):
		return known(nr);
	case offsetof(struct seccomp_data, arch):
		return known(arch);
	default:
		return unknown;	/* arguments and instruction pointer */
	}
}

/*
 * The operand of an ALU or jump instruction; the checker has made sure
 * that constant divisors are not zero and constant shifts below 32.
 */
static struct reg operand(const struct sock_filter *insn, struct reg x)
{
	return BPF_SRC(insn->code) == BPF_K ? known(insn->k) : x;
}

/* A op= b, for the ALU instructions the checker accepts. */
static bool alu(u16 op, struct reg *a, struct reg b)
{
	if (op == BPF_NEG) {
		if (a->known)
			a->val = -a->val;
		return true;
	}
	if (!a->known || !b.known) {
		*a = unknown;
		return true;
	}
	switch (op) {
	case BPF_ADD:
		a->val += b.val;
		break;
	case BPF_SUB:
		a->val -= b.val;
		break;
	case BPF_MUL:
		a->val *= b.val;
		break;
	case BPF_AND:
		a->val &= b.val;
		break;
	case BPF_OR:
		a->val |= b.val;
		break;
	case BPF_XOR:
		a->val ^= b.val;
		break;
	case BPF_DIV:
		/* A division by a zero X ends the program: leave it to BPF. */
		if (!b.val)
			return false;
		a->val /= b.val;
		break;
	case BPF_LSH:
	case BPF_RSH:
		if (b.val >= 32)
			return false;
		a->val = op == BPF_LSH ? a->val << b.val : a->val >> b.val;
		break;
	default:
		return false;
	}
	return true;
}

static bool branch_taken(u16 op, u32 a, u32 b)
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
 * seccomp_emulate_constant() - the result of a program if it is constant
 * @insns: a program seccomp_check_program() accepted, unconverted
 * @len: its number of instructions
 * @arch: the ``AUDIT_ARCH_*`` value to run it with
 * @nr: the system call number to run it with
 * @ret: where the result goes
 *
 * Follows the one path the program takes for @arch and @nr, as long as
 * every decision on it depends only on them.
 *
 * Return: true and *@ret set if the program returns the same value for
 * every argument and instruction pointer; false if that cannot be told.
 */
bool seccomp_emulate_constant(const struct sock_filter *insns,
			      unsigned int len, u32 arch, int nr, u32 *ret)
{
	struct reg a = known(0), x = known(0), mem[BPF_MEMWORDS] = { };
	unsigned int pc = 0;

	while (pc < len) {
		const struct sock_filter *insn = &insns[pc++];
		struct reg b;

		switch (BPF_CLASS(insn->code)) {
		case BPF_LD:
		case BPF_LDX: {
			struct reg *dst = BPF_CLASS(insn->code) == BPF_LD ? &a : &x;

			switch (BPF_MODE(insn->code)) {
			case BPF_ABS:
				*dst = load_data(insn->k, arch, nr);
				break;
			case BPF_LEN:
				*dst = known(sizeof(struct seccomp_data));
				break;
			case BPF_IMM:
				*dst = known(insn->k);
				break;
			case BPF_MEM:
				*dst = mem[insn->k];
				break;
			default:
				return false;
			}
			break;
		}
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
			pc += branch_taken(BPF_OP(insn->code), a.val, b.val) ?
				insn->jt : insn->jf;
			break;
		case BPF_RET:
			b = BPF_RVAL(insn->code) == BPF_K ? known(insn->k) : a;
			if (!b.known)
				return false;
			*ret = b.val;
			return true;
		default:
			return false;
		}
	}
	return false;
}

static void prepare_arch(struct seccomp_filter *filter,
			 const struct seccomp_cache_arch *ca)
{
	const struct sock_fprog_kern *prog = filter->prog->orig_prog;
	unsigned long *bitmap = seccomp_cache_bitmap(&filter->cache, ca);
	unsigned int nr;
	u32 ret;

	if (filter->prev)
		bitmap_copy(bitmap, seccomp_cache_bitmap(&filter->prev->cache, ca),
			    ca->nr_syscalls);
	else
		bitmap_fill(bitmap, ca->nr_syscalls);

	for_each_set_bit(nr, bitmap, ca->nr_syscalls) {
		if (!seccomp_emulate_constant(prog->filter, prog->len,
					      ca->arch, nr, &ret) ||
		    (ret & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ALLOW)
			__clear_bit(nr, bitmap);
	}
}

/**
 * seccomp_cache_prepare() - compute what a new filter's chain always allows
 * @filter: the filter, its @prev set, not yet visible to any task
 */
void seccomp_cache_prepare(struct seccomp_filter *filter)
{
	unsigned int i;

	if (WARN_ON_ONCE(!filter->prog->orig_prog))
		return;	/* the cache stays empty: always run the filters */

	for (i = 0; i < seccomp_cache_nr_arches; i++)
		prepare_arch(filter, &seccomp_cache_arches[i]);
}
