// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile shapes.  A filter is input from an unprivileged task, and the
 * kernel may analyse it for every call number when it is attached:
 * split the calls into sets at each comparison of the number, follow
 * each call's path to what needs the arguments, keep tables per call,
 * compile what is left.  These shapes are the worst cases for such an
 * analysis (a head of singleton sets each walking a long tail, an
 * argument checked for every call, a residual or a result of its own for
 * every call, deep stacks of them): the kernel must attach them with
 * bounded work and memory, or refuse them as 6.1 does, and give every
 * call what a plain run of the chain gives.  The model runs them as it
 * runs any other program.
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include "calls.h"
#include "model.h"
#include "prog.h"
#include "rng.h"
#include "shapes.h"
#include "sys.h"

static const __u16 cmp_ops[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET };

/* A number for a filter to single out: mostly one that calls are made with. */
static __u32 single_nr(void)
{
	const struct sysc *s;

	switch (below(6)) {
	case 0:
	case 1:
		s = pick_call();
		return s->nr == -1 ? unassigned_nr() : s->nr;
	case 2:
		return below(512);
	case 3:
		return X32_BIT | below(512);
	case 4:
		return pool_pick();
	default:
		return below(64);
	}
}

/*
 * A deep stack needs filters that let the next attach through: with
 * @lenient (a stack's filter), the shapes give spare_action() to
 * seccomp() and prctl() as an attach makes them, and mostly ALLOW or LOG
 * elsewhere too.
 */
static __u32 spare_action(void)
{
	return chance(85) ? SECCOMP_RET_ALLOW : SECCOMP_RET_LOG;
}

static __u32 adv_action(bool lenient)
{
	if (lenient && chance(60))
		return spare_action();
	return gen_action(lenient);
}

static struct sock_filter alu_k(__u16 op)
{
	__u32 k = chance(50) ? pool_pick() : (__u32)rnd();

	if (op == BPF_LSH || op == BPF_RSH)
		k &= 31;
	return stmt(BPF_ALU | op | BPF_K, k);
}

/*
 * @n instructions that change nothing of what follows: the bodies below
 * load A, X and the scratch they read before reading them.  Padding
 * never reads the number either: a padded arg-every-call still never
 * looks at it.  Its skips land inside it, or on the body's first
 * instruction.
 */
static void gen_pad(struct sock_filter *p, unsigned int n)
{
	unsigned int pc;

	for (pc = 0; pc < n; pc++) {
		unsigned int room = n - pc;	/* skips of 0 .. room - 1 */

		switch (below(6)) {
		case 0:
			p[pc] = stmt(BPF_LD | BPF_IMM, (__u32)rnd());
			break;
		case 1:
			p[pc] = stmt(BPF_LDX | BPF_IMM, below(64));
			break;
		case 2:
			p[pc] = alu_k(BPF_ADD);
			break;
		case 3:
			p[pc] = stmt(BPF_MISC | BPF_TAX, 0);
			break;
		case 4:
			p[pc] = jump(BPF_JMP | BPF_JGT | BPF_K, pool_pick(), 0, 0);
			break;
		default:
			p[pc] = jump(BPF_JMP | BPF_JSET | BPF_K, (__u32)rnd(), 0,
				     below(room < 8 ? room : 8));
			break;
		}
	}
}

/*
 * arg-every-call: one to three checks of an argument (or of the
 * instruction pointer) and a default, with no look at the number, so
 * that every call of every ABI needs the same residual.
 */
static unsigned int gen_arg_every_call(struct sock_filter *p, bool lenient)
{
	unsigned int n = 0, checks = 1 + below(3), i;

	for (i = 0; i < checks; i++) {
		__u32 off = chance(10) ? SD_IP : SD_ARG(below(6));
		__u32 k = chance(60) ? pool_pick() : below(8);
		bool skip_ret = chance(50);

		/*
		 * A stack's: a non-zero compared with an argument that an
		 * attach passes as 0, the match returning: attaches go on.
		 */
		if (lenient) {
			off = SD_ARG(3 + below(3));
			k |= 1;
			skip_ret = false;
		}
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, off + (chance(20) ? 4 : 0));
		if (chance(25) && !lenient)
			p[n++] = alu_k(chance(50) ? BPF_AND : BPF_XOR);
		p[n++] = jump(BPF_JMP | cmp_ops[below(4)] | BPF_K, k,
			      skip_ret, !skip_ret);
		p[n++] = stmt(BPF_RET | BPF_K, adv_action(lenient));
	}
	p[n++] = stmt(BPF_RET | BPF_K,
		      lenient ? spare_action() : adv_action(true));
	return n;
}

/*
 * distinct-residuals: arguments compared with a value made from the
 * number (kept in the scratch or in X), so that no two calls' residuals
 * are the same.
 */
static unsigned int gen_distinct_residuals(struct sock_filter *p,
					   bool lenient)
{
	static const __u16 mix[] = { BPF_ADD, BPF_XOR, BPF_OR, BPF_MUL, BPF_LSH };
	unsigned int n = 0, checks = 1 + below(3), slot = below(BPF_MEMWORDS);
	unsigned int i;
	bool mem = chance(70);

	p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
	for (i = below(3); i; i--)
		p[n++] = alu_k(mix[below(ARRAY_SIZE(mix))]);
	p[n++] = mem ? stmt(BPF_ST, slot) : stmt(BPF_MISC | BPF_TAX, 0);
	for (i = 0; i < checks; i++) {
		unsigned int arg = below(6);
		__u16 op = cmp_ops[below(4)];
		bool skip_ret = chance(50);

		/* A stack's: an argument that attaches pass as 0, JGT X. */
		if (lenient) {
			arg = 3 + below(3);
			op = BPF_JGT;
			skip_ret = false;
		}
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS,
			      SD_ARG(arg) + (chance(15) ? 4 : 0));
		if (mem)
			p[n++] = stmt(BPF_LDX | BPF_MEM, slot);
		p[n++] = jump(BPF_JMP | op | BPF_X, 0, skip_ret, !skip_ret);
		p[n++] = stmt(BPF_RET | BPF_K, adv_action(lenient));
	}
	p[n++] = stmt(BPF_RET | BPF_K,
		      lenient ? spare_action() : adv_action(true));
	return n;
}

/*
 * distinct-results: ld nr; some arithmetic; ret A: a result of its own
 * for every call, but for a few calls spared (in a stack, always
 * seccomp() and prctl()).  Most make an action with data from the
 * number; some make values that are no action at all, which rank by
 * value and kill the process if they win; x32 numbers carry bit 30 into
 * the action.
 */
static unsigned int gen_distinct_results(struct sock_filter *p, bool lenient)
{
	static const __u32 bases[] = {
		SECCOMP_RET_ERRNO, SECCOMP_RET_ERRNO, SECCOMP_RET_ERRNO,
		SECCOMP_RET_TRAP, SECCOMP_RET_TRAP, SECCOMP_RET_LOG,
		SECCOMP_RET_ALLOW, SECCOMP_RET_ALLOW, SECCOMP_RET_USER_NOTIF,
		SECCOMP_RET_TRACE, SECCOMP_RET_KILL_THREAD,
	};
	static const __u32 masks[] = { 0x7, 0x3f, 0xff, 0xfff, 0xffff };
	__u32 base = bases[below(ARRAY_SIZE(bases))];
	unsigned int n = 0, spared = 0, at[6], i;

	p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
	if (lenient) {
		at[spared++] = n;
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 0, 0);
		at[spared++] = n;
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 0, 0);
	}
	for (i = below(4); i; i--) {
		at[spared++] = n;
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, single_nr(), 0, 0);
	}
	switch (below(10)) {
	case 0: case 1: case 2: case 3: case 4:
		if (chance(50))
			p[n++] = stmt(BPF_ALU | BPF_ADD | BPF_K, below(4096));
		p[n++] = stmt(BPF_ALU | BPF_AND | BPF_K,
			      masks[below(ARRAY_SIZE(masks))]);
		p[n++] = stmt(BPF_ALU | BPF_OR | BPF_K, base);
		break;
	case 5: case 6:
		p[n++] = stmt(BPF_ALU | BPF_LSH | BPF_K, below(13));
		p[n++] = stmt(BPF_ALU | BPF_AND | BPF_K, 0xffff);
		p[n++] = stmt(BPF_ALU | BPF_OR | BPF_K, base);
		break;
	case 7:
		p[n++] = stmt(BPF_ALU | BPF_XOR | BPF_K, (__u32)rnd());
		p[n++] = stmt(BPF_ALU | BPF_AND | BPF_K,
			      masks[below(ARRAY_SIZE(masks))]);
		p[n++] = stmt(BPF_ALU | BPF_OR | BPF_K, base);
		break;
	case 8:
		p[n++] = stmt(BPF_ALU | BPF_ADD | BPF_K, (__u32)rnd());
		break;
	default:
		p[n++] = stmt(BPF_ALU | BPF_OR | BPF_K, base);
		break;
	}
	p[n++] = stmt(BPF_RET | BPF_A, 0);
	for (i = 0; i < spared; i++)
		p[at[i]].jt = n - at[i] - 1;
	p[n++] = stmt(BPF_RET | BPF_K,
		      lenient ? spare_action() : adv_action(true));
	return n;
}

/*
 * split-tail, exactly @len instructions (at least 24): a ladder on the
 * number singles out up to MAX_SETS sets (JEQ on chosen numbers, or JGT
 * on falling constants: one number per step, or both mixed), each match
 * jumping to one of a few entries at the top of a shared tail; the tail
 * then walks comparisons of the number (or of constants, X, arguments:
 * whatever A holds), reloads of it, constants, argument loads, ALU and
 * scratch traffic, in blocks that jumps land on, before a return.  Each
 * set walks the tail on its own, splitting further, and the argument
 * loads make its calls need residuals.
 */
#define MAX_SETS	700
#define NR_SLOT		(BPF_MEMWORDS - 1)	/* M[15]: the number, if saved */

/*
 * The split-tail being built: where its blocks start, its jumps (at
 * jpc[], to block jblk[][0] if true, jblk[][1] if false: aimed once every
 * block is placed), and the ladder's JAs, to be aimed at the tail.
 */
static struct {
	unsigned int start[BPF_MAXINSNS + 1];
	unsigned int jpc[BPF_MAXINSNS], jblk[BPF_MAXINSNS][2];
	unsigned int ladder[BPF_MAXINSNS];
	unsigned int blocks, jumps;
} tail;

/* What comes before the ladder, up to its load of the number. */
static unsigned int split_head(struct sock_filter *p, bool lenient,
			       bool saved)
{
	unsigned int n = 0;

	/* A stack's: seccomp() and prctl() allowed first of all. */
	if (lenient) {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 1, 0);
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 0, 1);
		p[n++] = stmt(BPF_RET | BPF_K, spare_action());
	}
	/* M[15] = nr before any jumps of its own: readable anywhere after. */
	if (saved) {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
		p[n++] = stmt(BPF_ST, NR_SLOT);
	}
	if (chance(30)) {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_ARCH);
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0);
		p[n++] = stmt(BPF_RET | BPF_K, adv_action(lenient));
	}
	p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
	return n;
}

/* The ladder of @sets, from @n: a comparison and a JA each. */
static unsigned int split_ladder(struct sock_filter *p, unsigned int n,
				 unsigned int sets, unsigned int style,
				 unsigned int top)
{
	unsigned int i;

	for (i = 0; i < sets; i++) {
		bool t = chance(50);

		if (style == 0)
			p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, single_nr(), 0, 1);
		else if (style == 1)
			p[n++] = jump(BPF_JMP | BPF_JGT | BPF_K,
				      top > i ? top - i : 0, 0, 1);
		else
			p[n++] = jump(BPF_JMP | cmp_ops[below(3)] | BPF_K,
				      single_nr(), !t, t);
		tail.ladder[i] = n;
		p[n++] = stmt(BPF_JMP | BPF_JA, 0);
	}
	return n;
}

/* A comparison at @n, to one of the next blocks or two of them. */
static unsigned int split_jump(struct sock_filter *p, unsigned int n)
{
	unsigned int j = tail.jumps++, next = tail.blocks + 1;

	tail.jpc[j] = n;
	if (chance(35)) {
		tail.jblk[j][0] = next;
		tail.jblk[j][1] = next;
	} else {
		tail.jblk[j][0] = next + below(8);
		tail.jblk[j][1] = next + below(8);
	}
	p[n++] = jump(BPF_JMP | cmp_ops[below(4)] |
		      (chance(10) ? BPF_X : BPF_K),
		      chance(70) ? single_nr() : pool_pick(), 0, 0);
	return n;
}

/* A block of the tail, from @n, in a program of @len. */
static unsigned int split_block(struct sock_filter *p, unsigned int n,
				unsigned int len, bool saved, bool lenient)
{
	static const __u16 alu[] = {
		BPF_ADD, BPF_SUB, BPF_AND, BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH,
	};
	unsigned int r = below(100), slot = below(BPF_MEMWORDS);
	bool x = chance(50);

	tail.start[tail.blocks] = n;
	if (r < 34) {
		n = split_jump(p, n);
	} else if (r < 48) {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
	} else if (r < 53) {
		p[n++] = stmt((x ? BPF_LDX : BPF_LD) | BPF_IMM,
			      single_nr());
	} else if (r < 62) {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS,
			      (chance(10) ? SD_IP : SD_ARG(below(6))) +
			      (chance(20) ? 4 : 0));
	} else if (r < 70) {
		p[n++] = alu_k(alu[below(ARRAY_SIZE(alu))]);
	} else if (r < 75) {
		p[n++] = stmt(BPF_MISC | (x ? BPF_TAX : BPF_TXA), 0);
	} else if (r < 80 && len - 1 - n >= 2) {
		/* A pair no jump lands between: always written. */
		p[n++] = stmt(x ? BPF_STX : BPF_ST, slot);
		p[n++] = stmt((chance(50) ? BPF_LDX : BPF_LD) | BPF_MEM,
			      slot);
	} else if (r < 83 && saved) {
		p[n++] = stmt((x ? BPF_LDX : BPF_LD) | BPF_MEM, NR_SLOT);
	} else if (r < 84) {
		p[n++] = stmt(BPF_RET | BPF_K, adv_action(lenient));
	} else {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
	}
	tail.blocks++;
	return n;
}

/*
 * The last block, the return at @n: jumps past it land there.  Then the
 * jumps and the ladder of @sets aimed at their blocks.
 */
static unsigned int split_end(struct sock_filter *p, unsigned int n,
			      unsigned int sets)
{
	unsigned int blocks = tail.blocks, entry[3], entries, i;
	__u32 final;

	tail.start[blocks] = n;
	final = below(100);
	p[n++] = final < 85 ? stmt(BPF_RET | BPF_K, adv_action(true)) :
		 final < 95 ? stmt(BPF_RET | BPF_K, gen_action(false)) :
		 stmt(BPF_RET | BPF_A, 0);
	for (i = 0; i < tail.jumps; i++) {
		unsigned int t = tail.jblk[i][0] < blocks ? tail.jblk[i][0] : blocks;
		unsigned int f = tail.jblk[i][1] < blocks ? tail.jblk[i][1] : blocks;

		p[tail.jpc[i]].jt = tail.start[t] - tail.jpc[i] - 1;
		p[tail.jpc[i]].jf = tail.start[f] - tail.jpc[i] - 1;
	}
	entries = 1 + below(3);
	for (i = 0; i < entries; i++)
		entry[i] = below(blocks / 4 + 1);
	for (i = 0; i < sets; i++)
		p[tail.ladder[i]].k = tail.start[entry[below(entries)]] -
				      tail.ladder[i] - 1;
	return n;
}

static unsigned int gen_split_tail(struct sock_filter *p, unsigned int len,
				   bool lenient)
{
	unsigned int style = below(3), top = 32 + below(480);
	bool saved = chance(50), fall = chance(40);
	unsigned int n, sets;

	if (len < 24)
		len = 24;
	n = split_head(p, lenient, saved);
	/* Two instructions a set; a third of the program at least for the tail. */
	sets = (len - n - 4) / 3;
	sets = 1 + below(sets < MAX_SETS ? sets : MAX_SETS);
	n = split_ladder(p, n, sets, style, top);
	if (!fall)
		p[n++] = stmt(BPF_RET | BPF_K, adv_action(lenient));
	tail.blocks = 0;
	tail.jumps = 0;
	while (n < len - 1)
		n = split_block(p, n, len, saved, lenient);
	return split_end(p, n, sets);
}

/*
 * A program of @shape, exactly @len instructions long if @len (short
 * shapes padded in front; shorter than the shape: padding and a return),
 * of the shape's own length otherwise.
 */
unsigned int gen_shape(struct sock_filter *p, unsigned int shape,
		       unsigned int len, bool lenient)
{
	struct sock_filter body[64];
	unsigned int n;

	if (shape == SHAPE_SPLIT_TAIL && !len)
		len = 24 + below(BPF_MAXINSNS - 24);
	if (shape == SHAPE_SPLIT_TAIL && len >= 24)
		return gen_split_tail(p, len, lenient);
	switch (shape) {
	case SHAPE_DISTINCT_RESIDUALS:
		n = gen_distinct_residuals(body, lenient);
		break;
	case SHAPE_DISTINCT_RESULTS:
		n = gen_distinct_results(body, lenient);
		break;
	default:
		n = gen_arg_every_call(body, lenient);
		break;
	}
	if (!len)
		len = n;
	if (len < n) {
		gen_pad(p, len - 1);
		p[len - 1] = stmt(BPF_RET | BPF_K,
				  lenient ? spare_action() : adv_action(true));
		return len;
	}
	gen_pad(p, len - n);
	memcpy(p + len - n, body, n * sizeof(*body));
	return len;
}

/* Instructions that count 1 each, for gen_counted(): as gen_pad(). */
static void gen_pad_one(struct sock_filter *p, unsigned int n)
{
	unsigned int pc;

	for (pc = 0; pc < n; pc++) {
		switch (below(4)) {
		case 0:
			p[pc] = stmt(BPF_LD | BPF_IMM, (__u32)rnd());
			break;
		case 1:
			p[pc] = stmt(BPF_LDX | BPF_IMM, below(64));
			break;
		case 2:
			p[pc] = alu_k(BPF_XOR);
			break;
		default:
			p[pc] = stmt(BPF_JMP | BPF_JA, 0);
			break;
		}
	}
}

/*
 * A stack's program of @shape that counts exactly @want (at least 5)
 * against the chain's limit: the shape, padded in front; or, if it
 * counts too much, padding and a return.
 */
unsigned int gen_counted(struct sock_filter *p, unsigned int shape,
			 unsigned int want)
{
	unsigned int len, have;

	len = gen_shape(p, shape,
			shape == SHAPE_SPLIT_TAIL ? want * 2 / 3 : 0, true);
	have = counted_len(p, len);
	if (have > want || len + want - have > BPF_MAXINSNS) {
		/* 3, and 1 each, and 2 for the return */
		len = want - 4;
		gen_pad_one(p, len - 1);
		p[len - 1] = stmt(BPF_RET | BPF_K, spare_action());
		return len;
	}
	memmove(p + want - have, p, len * sizeof(*p));
	gen_pad_one(p, want - have);
	return len + want - have;
}

/* One of the shapes for the mix: a split-tail is full-sized two times in five. */
unsigned int gen_adversarial(struct sock_filter *p)
{
	unsigned int shape = below(N_SHAPES), len = 0;

	if (shape == SHAPE_SPLIT_TAIL)
		len = chance(40) ? BPF_MAXINSNS - below(4) :
		      24 + below(BPF_MAXINSNS - 24);
	else if (chance(20))
		len = 20 + below(200);
	return gen_shape(p, shape, len, false);
}
