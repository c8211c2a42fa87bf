// SPDX-License-Identifier: GPL-2.0
/*
 * Residual programs: a filter specialised to one system call.
 *
 * Most of what a filter does for a given call does not depend on the
 * call's arguments: a libseccomp filter compares the number against
 * every number it knows before the one comparison of an argument that
 * matters, and a binary tree still walks down its levels.  At attach
 * time, with the architecture and the number known, the filter is
 * partially evaluated: every instruction whose inputs are known is done
 * then and there, and only those that need the arguments (or the
 * instruction pointer) are kept, with the constants they use folded in.
 * What is left is a short classic program, run by the small interpreter
 * at the end of this file instead of the whole JIT-ed filter.
 *
 * Each path through the filter becomes a straight line of the residual:
 * a branch on an argument is emitted with its true side right after it
 * and its false side after that.  Paths that would grow the residual
 * past a bound, and the few operations whose outcome could differ from
 * the JIT's (a shift or a division by a register that is not known),
 * make the specialisation give up, and the filter then runs whole.
 */

#include <linux/filter.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "seccomp_internal.h"

/*
 * A register, or a scratch word, during specialisation: either its value
 * is known (and the residual need not hold it), or the residual computes
 * it and it is only known when the residual runs.
 */
struct word {
	u32 val;
	bool known;
};

static struct word known(u32 val)
{
	return (struct word){ .val = val, .known = true };
}

static const struct word at_run_time = { };

struct machine {
	struct word a;
	struct word x;
	struct word mem[BPF_MEMWORDS];
};

/* A branch whose false side is still to be specialised. */
struct fork {
	unsigned int pc;	/* the false side in the filter */
	unsigned int jump;	/* the branch in the residual */
	struct machine m;
};

/**
 * struct seccomp_specialiser - scratch space to specialise one filter
 * @insns: the filter, as the checker accepted it (unconverted)
 * @len: its length
 * @out: where residuals are built, @max instructions long
 * @used: instructions of @out already taken
 * @max: size of @out
 * @forks: pending false sides of the residual being built
 * @steps: instructions of the filter visited for the current call
 */
struct seccomp_specialiser {
	const struct sock_filter *insns;
	unsigned int len;
	struct sock_filter *out;
	unsigned int used;
	unsigned int max;
	struct fork *forks;
	unsigned int steps;
};

/*
 * Bounds on one residual: its length, which also bounds the pending
 * forks, and the instructions of the filter visited to build it, which
 * bounds attach time.
 */
#define RESIDUAL_MAX_INSNS	96
#define RESIDUAL_MAX_STEPS(len)	(4 * (len) + 256)

static bool emit(struct seccomp_specialiser *s, unsigned int *end,
		 u16 code, u32 k)
{
	if (*end >= s->max)
		return false;
	s->out[(*end)++] = (struct sock_filter){ .code = code, .k = k };
	return true;
}

/* Put a known A into the register, for an instruction that reads it. */
static bool materialise_a(struct seccomp_specialiser *s, unsigned int *end,
			  struct machine *m)
{
	u32 val = m->a.val;

	if (!m->a.known)
		return true;
	m->a = at_run_time;
	return emit(s, end, BPF_LD | BPF_IMM, val);
}

static struct word load_data(u32 offset, u32 arch, int nr)
{
	switch (offset) {
	case offsetof(struct seccomp_data, nr):
		return known(nr);
	case offsetof(struct seccomp_data, arch):
		return known(arch);
	default:
		return at_run_time;
	}
}

/*
 * An ALU instruction.  Both sides known: folded.  A known and X not:
 * A is materialised.  The operand known: the K form.  Return: false to
 * give up, on a shift or division the residual could not mirror exactly.
 */
static bool specialise_alu(struct seccomp_specialiser *s, unsigned int *end,
			   struct machine *m, const struct sock_filter *insn)
{
	u16 op = BPF_OP(insn->code);
	struct word b = BPF_SRC(insn->code) == BPF_K ? known(insn->k) : m->x;

	if (op == BPF_NEG) {
		if (m->a.known) {
			m->a.val = -m->a.val;
			return true;
		}
		return emit(s, end, insn->code, 0);
	}
	if (!b.known && (op == BPF_DIV || op == BPF_LSH || op == BPF_RSH))
		return false;
	if (b.known && ((op == BPF_DIV && !b.val) ||
			((op == BPF_LSH || op == BPF_RSH) && b.val >= 32)))
		return false;
	if (m->a.known && b.known)
		return seccomp_alu(op, m->a.val, b.val, &m->a.val);
	if (!b.known)
		return materialise_a(s, end, m) &&
		       emit(s, end, BPF_ALU | op | BPF_X, 0);
	return emit(s, end, BPF_ALU | op | BPF_K, b.val);
}

/*
 * Specialise from @pc with machine @m until a return; a branch on what
 * is not known records its false side in @s->forks.  Return: false to
 * give up.
 */
static bool specialise_path(struct seccomp_specialiser *s, unsigned int *end,
			    unsigned int *nforks, unsigned int pc,
			    struct machine *m, u32 arch, int nr)
{
	while (pc < s->len) {
		const struct sock_filter *insn = &s->insns[pc++];
		struct word *w, b;

		if (++s->steps > RESIDUAL_MAX_STEPS(s->len))
			return false;

		switch (BPF_CLASS(insn->code)) {
		case BPF_LD:
		case BPF_LDX:
			w = BPF_CLASS(insn->code) == BPF_LD ? &m->a : &m->x;
			switch (BPF_MODE(insn->code)) {
			case BPF_ABS:
				*w = load_data(insn->k, arch, nr);
				if (!w->known && !emit(s, end, insn->code, insn->k))
					return false;
				break;
			case BPF_LEN:
				*w = known(sizeof(struct seccomp_data));
				break;
			case BPF_IMM:
				*w = known(insn->k);
				break;
			case BPF_MEM:
				*w = m->mem[insn->k];
				if (!w->known && !emit(s, end, insn->code, insn->k))
					return false;
				break;
			default:
				return false;
			}
			break;
		case BPF_ST:
		case BPF_STX:
			w = BPF_CLASS(insn->code) == BPF_ST ? &m->a : &m->x;
			m->mem[insn->k] = *w;
			if (!w->known && !emit(s, end, insn->code, insn->k))
				return false;
			break;
		case BPF_MISC:
			if (BPF_MISCOP(insn->code) == BPF_TAX) {
				m->x = m->a;
				if (!m->x.known && !emit(s, end, insn->code, 0))
					return false;
			} else {
				m->a = m->x;
				if (!m->a.known && !emit(s, end, insn->code, 0))
					return false;
			}
			break;
		case BPF_ALU:
			if (!specialise_alu(s, end, m, insn))
				return false;
			break;
		case BPF_JMP:
			if (BPF_OP(insn->code) == BPF_JA) {
				pc += insn->k;
				break;
			}
			b = BPF_SRC(insn->code) == BPF_K ? known(insn->k) : m->x;
			if (m->a.known && b.known) {
				pc += seccomp_branch_taken(BPF_OP(insn->code),
							   m->a.val, b.val) ?
					insn->jt : insn->jf;
				break;
			}
			if (!b.known && !materialise_a(s, end, m))
				return false;
			if (!emit(s, end, BPF_JMP | BPF_OP(insn->code) |
				  (b.known ? BPF_K : BPF_X), b.known ? b.val : 0))
				return false;
			s->forks[*nforks] = (struct fork){
				.pc = pc + insn->jf,
				.jump = *end - 1,
				.m = *m,
			};
			++*nforks;
			pc += insn->jt;
			break;
		case BPF_RET:
			if (BPF_RVAL(insn->code) == BPF_A && !m->a.known)
				return emit(s, end, BPF_RET | BPF_A, 0);
			return emit(s, end, BPF_RET | BPF_K,
				    BPF_RVAL(insn->code) == BPF_K ?
				    insn->k : m->a.val);
		default:
			return false;
		}
	}
	/* The checker lets no path run off the end. */
	WARN_ON_ONCE(1);
	return false;
}

/**
 * seccomp_specialise() - specialise a filter to one call
 * @s: the specialiser, from seccomp_specialiser_create()
 * @arch: the call's ``AUDIT_ARCH_*`` value
 * @nr: the call's number
 * @ret: where the filter's result goes, if it needs no residual
 *
 * A residual is appended to what @s already holds; it starts at the
 * index returned and is at most %RESIDUAL_MAX_INSNS long.
 *
 * Return: the residual's first index in seccomp_specialiser_insns();
 * %-EEXIST if the result is the same whatever the arguments and
 * instruction pointer (*@ret then holds it); %-E2BIG if the
 * specialisation gave up, and the filter must run whole for this call.
 */
int seccomp_specialise(struct seccomp_specialiser *s, u32 arch, int nr,
		       u32 *ret)
{
	struct machine m = { .a = known(0), .x = known(0) };
	unsigned int start = s->used, end = start, nforks = 0, pc = 0;
	unsigned int saved_max = s->max;

	s->steps = 0;
	s->max = min(s->max, start + RESIDUAL_MAX_INSNS);
	for (;;) {
		if (!specialise_path(s, &end, &nforks, pc, &m, arch, nr))
			goto give_up;
		if (!nforks)
			break;
		nforks--;
		/* The false side follows the last instruction emitted. */
		if (end - s->forks[nforks].jump - 1 > U8_MAX)
			goto give_up;
		s->out[s->forks[nforks].jump].jf =
			end - s->forks[nforks].jump - 1;
		pc = s->forks[nforks].pc;
		m = s->forks[nforks].m;
	}
	s->max = saved_max;

	if (end - start == 1 && s->out[start].code == (BPF_RET | BPF_K)) {
		*ret = s->out[start].k;
		return -EEXIST;
	}
	s->used = end;
	return start;

give_up:
	s->max = saved_max;
	return -E2BIG;
}

/**
 * seccomp_specialiser_create() - scratch space to specialise a filter
 * @insns: the filter, as seccomp_check_program() accepted it
 * @len: its length
 * @max: room for residuals, in instructions, for all its calls together
 *
 * Return: the specialiser, or NULL without memory.
 */
struct seccomp_specialiser *
seccomp_specialiser_create(const struct sock_filter *insns, unsigned int len,
			   unsigned int max)
{
	struct seccomp_specialiser *s;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	s->insns = insns;
	s->len = len;
	s->max = max;
	s->out = kvmalloc_array(max, sizeof(*s->out), GFP_KERNEL);
	/* Each fork is a branch emitted, so a residual has no more. */
	s->forks = kvmalloc_array(RESIDUAL_MAX_INSNS, sizeof(*s->forks),
				  GFP_KERNEL);
	if (!s->out || !s->forks) {
		seccomp_specialiser_destroy(s);
		return NULL;
	}
	return s;
}

/**
 * seccomp_specialiser_insns() - the residuals built so far
 * @s: the specialiser
 * @len: where their total length goes
 *
 * Return: the instructions; valid until seccomp_specialiser_destroy().
 */
const struct sock_filter *
seccomp_specialiser_insns(const struct seccomp_specialiser *s,
			  unsigned int *len)
{
	*len = s->used;
	return s->out;
}

/**
 * seccomp_specialiser_destroy() - free a specialiser
 * @s: the specialiser, or NULL
 */
void seccomp_specialiser_destroy(struct seccomp_specialiser *s)
{
	if (!s)
		return;
	kvfree(s->forks);
	kvfree(s->out);
	kfree(s);
}

static u32 load_word(const struct seccomp_data *sd, u32 offset)
{
	/* The checker allowed only aligned words inside the structure. */
	return *(const u32 *)((const u8 *)sd + (offset & 0x3c));
}

/*
 * The interpreter.  Scratch memory is set up only for the rare residual
 * that uses it, whose first use is always a store.
 */
static __always_inline u32 interpret(const struct sock_filter *insn,
				     const struct seccomp_data *sd,
				     u32 a, u32 x, u32 *mem);

static noinline u32 interpret_with_memory(const struct sock_filter *insn,
					  const struct seccomp_data *sd,
					  u32 a, u32 x)
{
	u32 mem[BPF_MEMWORDS];

	return interpret(insn, sd, a, x, mem);
}

#define JUMP(cond)	(insn += (cond) ? insn->jt : insn->jf)

static __always_inline u32 interpret(const struct sock_filter *insn,
				     const struct seccomp_data *sd,
				     u32 a, u32 x, u32 *mem)
{
	for (;; insn++) {
		switch (insn->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			a = load_word(sd, insn->k);
			break;
		case BPF_LD | BPF_IMM:
			a = insn->k;
			break;
		case BPF_ST:
		case BPF_STX:
			if (!mem)
				return interpret_with_memory(insn, sd, a, x);
			mem[insn->k & (BPF_MEMWORDS - 1)] =
				insn->code == BPF_ST ? a : x;
			break;
		case BPF_LD | BPF_MEM:
			if (WARN_ON_ONCE(!mem))
				return SECCOMP_RET_KILL_PROCESS;
			a = mem[insn->k & (BPF_MEMWORDS - 1)];
			break;
		case BPF_LDX | BPF_MEM:
			if (WARN_ON_ONCE(!mem))
				return SECCOMP_RET_KILL_PROCESS;
			x = mem[insn->k & (BPF_MEMWORDS - 1)];
			break;
		case BPF_MISC | BPF_TAX:
			x = a;
			break;
		case BPF_MISC | BPF_TXA:
			a = x;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			JUMP(a == insn->k);
			break;
		case BPF_JMP | BPF_JEQ | BPF_X:
			JUMP(a == x);
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			JUMP(a > insn->k);
			break;
		case BPF_JMP | BPF_JGT | BPF_X:
			JUMP(a > x);
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			JUMP(a >= insn->k);
			break;
		case BPF_JMP | BPF_JGE | BPF_X:
			JUMP(a >= x);
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			JUMP(a & insn->k);
			break;
		case BPF_JMP | BPF_JSET | BPF_X:
			JUMP(a & x);
			break;
		case BPF_RET | BPF_K:
			return insn->k;
		case BPF_RET | BPF_A:
			return a;
		case BPF_ALU | BPF_NEG:
			a = -a;
			break;
		default:
			/* The specialiser emits shifts and divisions as K only. */
			if (BPF_CLASS(insn->code) != BPF_ALU ||
			    !seccomp_alu(BPF_OP(insn->code), a,
					 BPF_SRC(insn->code) == BPF_K ?
					 insn->k : x, &a)) {
				WARN_ON_ONCE(1);
				return SECCOMP_RET_KILL_PROCESS;
			}
			break;
		}
	}
}

/**
 * seccomp_residual_run() - run a residual over a call
 * @insns: the residual's first instruction
 * @sd: the call
 *
 * Return: what the filter the residual came from returns for @sd.
 */
u32 seccomp_residual_run(const struct sock_filter *insns,
			 const struct seccomp_data *sd)
{
	return interpret(insns, sd, 0, 0, NULL);
}
