// SPDX-License-Identifier: GPL-2.0
/*
 * Programs for the mix: random ones of anything in seccomp's dialect,
 * ones shaped like real policies, and mutations of either that the
 * kernel must refuse.  Constants come from the pool (calls.c), which
 * the calls' arguments draw from too, so that filters and calls meet.
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include "calls.h"
#include "prog.h"
#include "rng.h"
#include "sys.h"

/* A random action: ALLOW four times in ten more if @lenient. */
__u32 gen_action(bool lenient)
{
	unsigned int r = below(100);
	__u32 data = chance(70) ? below(200) : (__u32)rnd() & 0xffff;

	if (lenient && r < 40)
		return SECCOMP_RET_ALLOW;
	if (r < 48)
		return SECCOMP_RET_ALLOW | (chance(10) ? data : 0);
	if (r < 64)
		return SECCOMP_RET_ERRNO | data;
	if (r < 69)
		return SECCOMP_RET_LOG;
	if (r < 84)
		return SECCOMP_RET_USER_NOTIF;
	if (r < 89)
		return SECCOMP_RET_TRAP | data;
	if (r < 92)
		return SECCOMP_RET_TRACE | data;
	if (r < 95)
		return SECCOMP_RET_KILL_THREAD | data;
	if (r < 98)
		return SECCOMP_RET_KILL_PROCESS | data;
	/* No such action: it must kill the process. */
	return chance(50) ? (__u32)rnd() : 0x00010000U | data;
}

/* A forward distance from @pc that stays inside a program of @len. */
static __u8 jump_dist(unsigned int pc, unsigned int len)
{
	unsigned int room = len - pc - 1;	/* targets pc+1 .. len-1 */

	if (chance(50) || room <= 1)
		return 0;
	return below(room < 256 ? room : 256);
}

/* The length of a program of the mix: mostly short, a few the longest. */
unsigned int gen_length(void)
{
	unsigned int r = below(100);

	if (r < 60)
		return 2 + below(24);
	if (r < 90)
		return 26 + below(100);
	if (r < 98)
		return 126 + below(500);
	return BPF_MAXINSNS - below(100);
}

/*
 * A program of anything the dialect has.  Scratch slots read after the
 * first jump are only those written before it: then every path wrote
 * them, and the program stays valid.
 */
unsigned int gen_random(struct sock_filter *p, unsigned int len)
{
	static const __u16 alu_ops[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_AND, BPF_OR, BPF_XOR,
		BPF_LSH, BPF_RSH,
	};
	static const __u16 jmp_ops[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET };
	__u16 sure = 0, written = 0;
	bool jumped = false;
	unsigned int pc;

	for (pc = 0; pc + 1 < len; pc++) {
		unsigned int r = below(100);
		__u16 readable = jumped ? sure : written;

		if (r < 25) {
			p[pc] = stmt(BPF_LD | BPF_W | BPF_ABS, 4 * below(16));
		} else if (r < 50) {
			__u16 op = jmp_ops[below(4)];
			bool x = chance(15);

			p[pc] = jump(BPF_JMP | op | (x ? BPF_X : BPF_K),
				     pool_pick(), jump_dist(pc, len),
				     jump_dist(pc, len));
			jumped = true;
		} else if (r < 60) {
			p[pc] = stmt(BPF_RET | BPF_K, gen_action(false));
		} else if (r < 72) {
			__u16 op = alu_ops[below(ARRAY_SIZE(alu_ops))];
			__u32 k = chance(50) ? pool_pick() : below(40);

			if (op == BPF_LSH || op == BPF_RSH)
				k &= 31;
			if (op == BPF_DIV && !k)
				k = 1 + below(7);
			if (chance(8))
				p[pc] = stmt(BPF_ALU | BPF_NEG, 0);
			else if (chance(20))
				p[pc] = stmt(BPF_ALU | op | BPF_X, 0);
			else
				p[pc] = stmt(BPF_ALU | op | BPF_K, k);
		} else if (r < 77) {
			p[pc] = stmt(BPF_MISC | (chance(50) ? BPF_TAX : BPF_TXA), 0);
		} else if (r < 82) {
			p[pc] = stmt((chance(50) ? BPF_LD : BPF_LDX) | BPF_IMM,
				     pool_pick());
		} else if (r < 84) {
			p[pc] = stmt((chance(50) ? BPF_LD : BPF_LDX) |
				     BPF_W | BPF_LEN, 0);
		} else if (r < 90) {
			__u32 slot = below(BPF_MEMWORDS);

			p[pc] = stmt(chance(50) ? BPF_ST : BPF_STX, slot);
			written |= BIT(slot);
			if (!jumped)
				sure |= BIT(slot);
		} else if (r < 95 && readable) {
			__u32 slot;

			do {
				slot = below(BPF_MEMWORDS);
			} while (!(readable & (BIT(slot))));
			p[pc] = stmt((chance(50) ? BPF_LD : BPF_LDX) | BPF_MEM,
				     slot);
		} else if (r < 98) {
			p[pc] = stmt(BPF_JMP | BPF_JA, jump_dist(pc, len));
			jumped = true;
		} else {
			p[pc] = stmt(BPF_RET | BPF_A, 0);
		}
	}
	p[pc] = chance(90) ? stmt(BPF_RET | BPF_K, gen_action(true)) :
			     stmt(BPF_RET | BPF_A, 0);
	return len;
}

/*
 * What real filters look like: an architecture check, then the number
 * compared with a list, some arguments checked, and a default action.
 */
unsigned int gen_policy(struct sock_filter *p, unsigned int max)
{
	unsigned int n = 0, rules = 1 + below(12), i;

	if (chance(60)) {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_ARCH);
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K,
			      chance(90) ? NATIVE_ARCH : pool_pick(), 1, 0);
		p[n++] = stmt(BPF_RET | BPF_K, gen_action(false));
	}
	p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
	for (i = 0; i < rules && n + 8 < max; i++) {
		if (chance(25)) {
			/* if (nr == k && (arg & m)) act; */
			unsigned int arg = below(6);

			p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, pool_pick(), 0, 4);
			p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS,
				      SD_ARG(arg) + (chance(80) ? 0 : 4));
			p[n++] = jump(BPF_JMP | (chance(50) ? BPF_JSET : BPF_JEQ) |
				      BPF_K, pool_pick(), 0, 1);
			p[n++] = stmt(BPF_RET | BPF_K, gen_action(false));
			p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
		} else if (chance(10)) {
			p[n++] = jump(BPF_JMP | BPF_JGE | BPF_K, pool_pick(), 0, 1);
			p[n++] = stmt(BPF_RET | BPF_K, gen_action(false));
		} else {
			p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, pool_pick(), 0, 1);
			p[n++] = stmt(BPF_RET | BPF_K, gen_action(false));
		}
	}
	if (chance(20) && n + 4 < max) {
		/* Some arithmetic through the scratch memory. */
		p[n++] = stmt(BPF_ST, 3);
		p[n++] = stmt(BPF_ALU | BPF_AND | BPF_K, pool_pick());
		p[n++] = stmt(BPF_LDX | BPF_MEM, 3);
		p[n++] = jump(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 0);
	}
	p[n++] = stmt(BPF_RET | BPF_K, gen_action(true));
	return n;
}

/* Opcodes outside seccomp's dialect. */
static const __u16 bad_opcodes[] = {
	BPF_LD | BPF_H | BPF_ABS, BPF_LD | BPF_B | BPF_ABS,
	BPF_LD | BPF_W | BPF_IND, BPF_LDX | BPF_B | BPF_MSH,
	BPF_ALU | BPF_MOD | BPF_K, BPF_ALU | BPF_MOD | BPF_X,
	BPF_ALU | BPF_NEG | BPF_X, BPF_RET | BPF_X, BPF_MISC | 0x40,
	BPF_JMP | BPF_JA | BPF_X, BPF_LDX | BPF_W | BPF_ABS, 0x120, 0xffff,
};

/* Change a valid program of @len (in a buffer of BIG_LEN) in one place. */
void mutate(struct attempt *a)
{
	struct sock_filter *p = a->insns;
	unsigned int len = a->len, pc = below(len);

	switch (below(13)) {
	case 0:
		p[pc].code = bad_opcodes[below(ARRAY_SIZE(bad_opcodes))];
		break;
	case 1:
		p[pc].code = (__u16)rnd();
		break;
	case 2:
		p[pc] = stmt(BPF_LD | BPF_W | BPF_ABS,
			     chance(50) ? 64 + 4 * below(8) : 4 * below(16) + 1 + below(3));
		break;
	case 3:
		p[pc] = stmt(BPF_ALU | BPF_DIV | BPF_K, 0);
		break;
	case 4:
		p[pc] = stmt(BPF_ALU | (chance(50) ? BPF_LSH : BPF_RSH) | BPF_K,
			     32 + below(40));
		break;
	case 5:
		p[pc] = stmt(chance(50) ? BPF_ST : BPF_LD | BPF_MEM,
			     BPF_MEMWORDS + below(20));
		break;
	case 6:
		p[pc] = stmt(BPF_JMP | BPF_JA, len - pc - 1 + below(3));
		break;
	case 7:
		p[pc] = jump(BPF_JMP | BPF_JEQ | BPF_K, 0,
			     chance(50) ? len - pc - 1 : 0, len - pc - 1);
		break;
	case 8:
		p[len - 1] = stmt(BPF_LD | BPF_IMM, 0);
		break;
	case 9:
		p[0] = stmt(BPF_LDX | BPF_MEM, below(BPF_MEMWORDS));
		break;
	case 10:
		a->len = chance(30) ? 0 : chance(50) ? BPF_MAXINSNS + 1 : 0xffff;
		break;
	case 11:
		a->insns_ptr = chance(50) ? PTR_NULL : PTR_UNMAPPED;
		break;
	default:
		a->fprog_ptr = chance(50) ? PTR_NULL : PTR_UNMAPPED;
		break;
	}
}
