// SPDX-License-Identifier: GPL-2.0
/*
 * The driver's model of seccomp: a checker of seccomp's dialect of
 * classic BPF (program_ok()), what 6.1 counts for a program against the
 * chain's limit (counted_len()), an interpreter (run_program()), the
 * precedence of actions, with which a chain's verdict on a call is
 * found (chain_verdict()); and the driver's model of its own state.
 *
 * This is the fuzzer's oracle, and it is deliberately independent of the
 * kernel's checker (kernel/seccomp_check.c) and of its interpreters
 * (kernel/seccomp_run.c, kernel/seccomp_emulate.c): written apart from
 * them, from the dialect as documented and from 6.1's behaviour as user
 * space sees it.  Keep it so: include, copy or share no kernel code here,
 * so that a mistake in one is not repeated in the other.  Nor does it
 * depend on the rest of the fuzzer (but the macros of sys.h).
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include "model.h"
#include "sys.h"

struct model model;

const __u32 actions[N_ACTIONS] = {
	SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP,
	SECCOMP_RET_ERRNO, SECCOMP_RET_USER_NOTIF, SECCOMP_RET_TRACE,
	SECCOMP_RET_LOG, SECCOMP_RET_ALLOW,
};

/* Is @f in seccomp's dialect, with @after instructions after it? */
static bool insn_ok(const struct sock_filter *f, __u32 after)
{
	__u32 k = f->k;

	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		return k < sizeof(struct seccomp_data) && !(k % 4);
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
	case BPF_ST: case BPF_STX:
		return k < BPF_MEMWORDS;
	case BPF_ALU | BPF_DIV | BPF_K:
		return k != 0;
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_K:
		return k < 32;
	case BPF_JMP | BPF_JA:
		return k < after;
	case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
		return f->jt < after && f->jf < after;
	case BPF_LD | BPF_W | BPF_LEN: case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
	case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_X: case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_RET | BPF_K: case BPF_RET | BPF_A:
		return true;
	default:
		return false;
	}
}

/*
 * Scratch reads: a slot is known written at an instruction if every
 * way into it wrote it.  The instruction after a return counts as a
 * way in too, as the BPF core has it.
 */
static bool scratch_reads_ok(const struct sock_filter *p, unsigned int len)
{
	__u16 mask[BPF_MAXINSNS], valid = 0;
	unsigned int pc;

	memset(mask, 0xff, len * sizeof(mask[0]));
	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &p[pc];

		valid &= mask[pc];
		if (f->code == BPF_ST || f->code == BPF_STX) {
			valid |= BIT(f->k);
		} else if (f->code == (BPF_LD | BPF_MEM) ||
			   f->code == (BPF_LDX | BPF_MEM)) {
			if (!(valid & (BIT(f->k))))
				return false;
		} else if (f->code == (BPF_JMP | BPF_JA)) {
			mask[pc + 1 + f->k] &= valid;
			valid = 0xffff;
		} else if (BPF_CLASS(f->code) == BPF_JMP) {
			mask[pc + 1 + f->jt] &= valid;
			mask[pc + 1 + f->jf] &= valid;
			valid = 0xffff;
		}
	}
	return true;
}

/* Does seccomp accept this program? */
bool program_ok(const struct sock_filter *p, unsigned int len)
{
	unsigned int pc;

	if (!len || len > BPF_MAXINSNS)
		return false;
	for (pc = 0; pc < len; pc++)
		if (!insn_ok(&p[pc], len - pc - 1))
			return false;
	if (p[len - 1].code != (BPF_RET | BPF_K) &&
	    p[len - 1].code != (BPF_RET | BPF_A))
		return false;
	return scratch_reads_ok(p, len);
}

/*
 * What 6.1 counts for an accepted program against the chain's limit: not
 * its length but that of the program the BPF core translates it into.
 * Learnt from the outside, on 6.1.192, by attaching probes next to
 * fillers up to ENOMEM (every opcode, both sources, jump targets near and
 * far, K with and without bit 31, and random programs): 3 for the
 * program; a RET K 2; a DIV X 5; a conditional jump 1, one more if its K
 * operand has bit 31 set, and one more if it needs a second jump (for
 * JSET, a false target that is not the next instruction; for the others,
 * neither target the next one); anything else 1.
 */
unsigned int counted_len(const struct sock_filter *p, unsigned int len)
{
	unsigned int n = 3, pc;

	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &p[pc];

		switch (BPF_CLASS(f->code)) {
		case BPF_RET:
			n += BPF_RVAL(f->code) == BPF_K ? 2 : 1;
			break;
		case BPF_ALU:
			n += f->code == (BPF_ALU | BPF_DIV | BPF_X) ? 5 : 1;
			break;
		case BPF_JMP:
			n++;
			if (BPF_OP(f->code) == BPF_JA)
				break;
			if (BPF_SRC(f->code) == BPF_K && (f->k & 0x80000000U))
				n++;
			if (BPF_OP(f->code) == BPF_JSET ? f->jf : f->jt && f->jf)
				n++;
			break;
		default:
			n++;
			break;
		}
	}
	return n;
}

/* What a load (LD or LDX) of @f reads. */
static __u32 load(const struct sock_filter *f, const __u32 *words,
		  const __u32 *mem)
{
	switch (BPF_MODE(f->code)) {
	case BPF_ABS:
		return words[f->k / 4];
	case BPF_LEN:
		return sizeof(struct seccomp_data);
	case BPF_MEM:
		return mem[f->k];
	default:
		return f->k;
	}
}

/* A = A op @src; false for a zero divisor, which ends the program with 0. */
static bool alu(__u16 code, __u32 *a, __u32 src)
{
	switch (BPF_OP(code)) {
	case BPF_ADD:
		*a += src;
		break;
	case BPF_SUB:
		*a -= src;
		break;
	case BPF_MUL:
		*a *= src;
		break;
	case BPF_DIV:
		if (!src)
			return false;
		*a /= src;
		break;
	case BPF_AND:
		*a &= src;
		break;
	case BPF_OR:
		*a |= src;
		break;
	case BPF_XOR:
		*a ^= src;
		break;
	/* As the JIT's 32-bit shifts: the count modulo 32. */
	case BPF_LSH:
		*a <<= (src & 31);
		break;
	case BPF_RSH:
		*a >>= (src & 31);
		break;
	case BPF_NEG:
		*a = -*a;
		break;
	}
	return true;
}

/* Is the conditional jump @code taken? */
static bool taken(__u16 code, __u32 a, __u32 src)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ:
		return a == src;
	case BPF_JGT:
		return a > src;
	case BPF_JGE:
		return a >= src;
	default:
		return a & src;
	}
}

/* Run an accepted program over @sd. */
static __u32 run_program(const struct sock_filter *p, unsigned int len,
			 const struct seccomp_data *sd)
{
	const __u32 *words = (const __u32 *)sd;
	__u32 a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	unsigned int pc = 0;

	while (pc < len) {
		const struct sock_filter *f = &p[pc++];
		__u32 src = BPF_SRC(f->code) == BPF_X ? x : f->k;

		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
			a = load(f, words, mem);
			break;
		case BPF_LDX:
			x = load(f, words, mem);
			break;
		case BPF_ST:
			mem[f->k] = a;
			break;
		case BPF_STX:
			mem[f->k] = x;
			break;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		case BPF_ALU:
			if (!alu(f->code, &a, src))
				return 0;
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA)
				pc += f->k;
			else
				pc += taken(f->code, a, src) ? f->jt : f->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(f->code) == BPF_A ? a : f->k;
		}
	}
	return 0;	/* not reached for an accepted program */
}

bool known_action(__u32 action)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(actions); i++)
		if (action == actions[i])
			return true;
	return false;
}

/*
 * Precedence: a smaller key wins, and among equals the newest filter.
 * An unknown action ranks by its value, as a known one does (and acts
 * as KILL_PROCESS once it wins).
 */
static __s64 action_key(__u32 ret)
{
	return (__s32)(ret & SECCOMP_RET_ACTION_FULL);
}

/*
 * Which filter's verdict stands for @sd in a chain of @depth filters
 * (@chain, oldest first): its index, its return value in *@ret (-1 and
 * ALLOW while there is no filter).
 */
int chain_verdict(struct filter *const *chain, unsigned int depth,
		  const struct seccomp_data *sd, __u32 *ret)
{
	int i, match = -1;
	__s64 best = 0;

	*ret = SECCOMP_RET_ALLOW;
	for (i = depth - 1; i >= 0; i--) {
		__u32 r = run_program(chain[i]->insns, chain[i]->len, sd);
		__s64 key = action_key(r);

		if (match < 0 || key < best) {
			best = key;
			match = i;
			*ret = r;
		}
	}
	return match;
}
