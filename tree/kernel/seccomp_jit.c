// SPDX-License-Identifier: GPL-2.0
/*
 * Long residuals, compiled by the BPF JIT.
 *
 * The interpreter of seccomp_run.c spends about ten instructions on each
 * instruction of a residual; JIT-ed code spends one or two, but entering
 * it costs some thirty.  The residuals long enough to repay that are
 * translated to eBPF, one after another behind a dispatcher that finds a
 * call's residual from its architecture and number by binary search,
 * and the whole is JIT-compiled as one program per filter.  Nothing is
 * lost if the JIT will not have it (it is off, or out of memory): the
 * residuals stay with the interpreter.
 *
 * The translation covers what the specialiser emits and no more: loads
 * of the call's words, scratch memory, the two registers, arithmetic
 * that cannot fault (the specialiser keeps shifts and divisions by the
 * index register out of residuals), forward jumps and returns.
 */

#include <linux/bitmap.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/slab.h>

#include "seccomp_insn.h"
#include "seccomp_jit.h"
#include "seccomp_residual.h"

/* Classic A and X, the call, and the dispatcher's scratch register. */
#define REG_A		BPF_REG_0
#define REG_X		BPF_REG_2
#define REG_SD		BPF_REG_1
#define REG_KEY		BPF_REG_3

/* Below this many comparisons, a leaf of the dispatcher tests each. */
#define LEAF_CALLS	4

/* eBPF jump offsets are 16-bit: the program stays within their reach. */
#define MAX_PROG_INSNS	S16_MAX

#define UNPLACED	U32_MAX

/**
 * struct jit - one translation pass
 * @out: where the program goes, or NULL on the pass that only sizes it
 * @len: instructions emitted so far
 * @insns: the residuals
 * @nr_insns: their total length
 * @at: for each instruction of @insns translated, the index of its
 *      translation (both passes place them alike)
 * @placed: bit N set once residual instruction N is translated
 * @uses_memory: whether any residual uses scratch memory
 * @ok: false once something could not be translated
 */
struct jit {
	struct bpf_insn *out;
	unsigned int len;
	const struct sock_filter *insns;
	unsigned int nr_insns;
	u32 *at;
	unsigned long *placed;
	bool uses_memory;
	bool ok;
};

static void put(struct jit *j, struct bpf_insn insn)
{
	if (j->out)
		j->out[j->len] = insn;
	j->len++;
}

/* The offset from the instruction about to be emitted to @target's. */
static s16 offset_to(const struct jit *j, u32 target)
{
	return (s16)(target - (j->len + 1));
}

/*
 * The offset to residual instruction @pc's translation.  The residuals
 * are not verified as eBPF is: a target outside them, or one the second
 * pass has not placed, would make a wild jump, so it fails the whole
 * translation instead (the residuals are then interpreted).
 */
static s16 offset_to_insn(struct jit *j, unsigned int pc)
{
	if (WARN_ON_ONCE(pc >= j->nr_insns) ||
	    WARN_ON_ONCE(j->out && j->at[pc] == UNPLACED)) {
		j->ok = false;
		return 0;
	}
	return offset_to(j, j->at[pc]);
}

static void put_return(struct jit *j, u32 ret)
{
	put(j, BPF_MOV32_IMM(REG_A, ret));
	put(j, BPF_EXIT_INSN());
}

/* Scratch word @k, in the program's stack frame. */
static s16 slot(u32 k)
{
	return -(s16)((BPF_MEMWORDS - (k & (BPF_MEMWORDS - 1))) * sizeof(u32));
}

/* The eBPF jump taken exactly when @op is not, if there is one. */
static u8 inverse(u8 op)
{
	switch (op) {
	case BPF_JEQ:
		return BPF_JNE;
	case BPF_JGT:
		return BPF_JLE;
	case BPF_JGE:
		return BPF_JLT;
	default:
		return 0;	/* BPF_JSET */
	}
}

static void put_cond(struct jit *j, u16 code, u8 op, u32 k, s16 off)
{
	if (BPF_SRC(code) == BPF_X)
		put(j, BPF_JMP32_REG(op, REG_A, REG_X, off));
	else
		put(j, BPF_JMP32_IMM(op, REG_A, k, off));
}

/* A conditional jump, the residuals' true side usually next. */
static void translate_cond(struct jit *j, unsigned int pc)
{
	const struct sock_filter *insn = &j->insns[pc];
	unsigned int t = pc + 1 + insn->jt, f = pc + 1 + insn->jf;
	u8 op = BPF_OP(insn->code);

	if (t == f) {
		if (t != pc + 1)
			put(j, BPF_JMP_A(offset_to_insn(j, t)));
	} else if (t == pc + 1 && inverse(op)) {
		put_cond(j, insn->code, inverse(op), insn->k,
			 offset_to_insn(j, f));
	} else if (t == pc + 1) {
		/* Over the jump to the false side. */
		put_cond(j, insn->code, op, insn->k, 1);
		put(j, BPF_JMP_A(offset_to_insn(j, f)));
	} else {
		put_cond(j, insn->code, op, insn->k, offset_to_insn(j, t));
		if (f != pc + 1)
			put(j, BPF_JMP_A(offset_to_insn(j, f)));
	}
}

static void translate_alu(struct jit *j, const struct sock_filter *insn)
{
	u8 op = BPF_OP(insn->code);

	if (BPF_SRC(insn->code) == BPF_X) {
		/* Classic and eBPF part ways on a zero or too wide X. */
		if (WARN_ON_ONCE(seccomp_alu_partial(op)))
			j->ok = false;
		put(j, BPF_ALU32_REG(op, REG_A, REG_X));
		return;
	}
	if (WARN_ON_ONCE(!seccomp_alu_defined(op, insn->k)))
		j->ok = false;
	put(j, BPF_ALU32_IMM(op, REG_A, insn->k));
}

static void translate(struct jit *j, unsigned int pc)
{
	const struct sock_filter *insn = &j->insns[pc];
	u32 k = insn->k;

	switch (insn->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		put(j, BPF_LDX_MEM(BPF_W, REG_A, REG_SD, k));
		break;
	case BPF_LD | BPF_IMM:
		put(j, BPF_MOV32_IMM(REG_A, k));
		break;
	case BPF_LDX | BPF_IMM:
		put(j, BPF_MOV32_IMM(REG_X, k));
		break;
	case BPF_LD | BPF_MEM:
		put(j, BPF_LDX_MEM(BPF_W, REG_A, BPF_REG_FP, slot(k)));
		j->uses_memory = true;
		break;
	case BPF_LDX | BPF_MEM:
		put(j, BPF_LDX_MEM(BPF_W, REG_X, BPF_REG_FP, slot(k)));
		j->uses_memory = true;
		break;
	case BPF_ST:
		put(j, BPF_STX_MEM(BPF_W, BPF_REG_FP, REG_A, slot(k)));
		j->uses_memory = true;
		break;
	case BPF_STX:
		put(j, BPF_STX_MEM(BPF_W, BPF_REG_FP, REG_X, slot(k)));
		j->uses_memory = true;
		break;
	case BPF_MISC | BPF_TAX:
		put(j, BPF_MOV32_REG(REG_X, REG_A));
		break;
	case BPF_MISC | BPF_TXA:
		put(j, BPF_MOV32_REG(REG_A, REG_X));
		break;
	case BPF_JMP | BPF_JA:
		put(j, BPF_JMP_A(offset_to_insn(j, pc + 1 + k)));
		break;
	case BPF_RET | BPF_K:
		put_return(j, k);
		break;
	case BPF_RET | BPF_A:
		put(j, BPF_EXIT_INSN());
		break;
	default:
		if (BPF_CLASS(insn->code) == BPF_ALU)
			translate_alu(j, insn);
		else if (BPF_CLASS(insn->code) == BPF_JMP)
			translate_cond(j, pc);
		else
			j->ok = !WARN_ON_ONCE(1);	/* never emitted */
		break;
	}
}

/* The residual at @start, unless a call before it had the same one. */
static void translate_residual(struct jit *j, unsigned int start)
{
	unsigned int pc, end;

	if (test_bit(start, j->placed))
		return;
	end = start + seccomp_residual_len(j->insns, start, j->nr_insns);
	for (pc = start; pc < end; pc++) {
		j->at[pc] = j->len;
		__set_bit(pc, j->placed);
		translate(j, pc);
	}
}

/*
 * Find @calls[@lo..@hi)'s number, which is in REG_KEY, and jump to its
 * residual; the numbers are in increasing order.
 */
static void dispatch(struct jit *j, const struct seccomp_jit_call *calls,
		     unsigned int lo, unsigned int hi)
{
	unsigned int mid, branch, i;

	if (hi - lo <= LEAF_CALLS) {
		for (i = lo; i < hi; i++)
			put(j, BPF_JMP32_IMM(BPF_JEQ, REG_KEY, calls[i].nr,
					     offset_to_insn(j, calls[i].start)));
		/* Only calls that have a residual here come this way. */
		put_return(j, SECCOMP_RET_KILL_PROCESS);
		return;
	}
	mid = lo + (hi - lo) / 2;
	branch = j->len;
	put(j, BPF_JMP32_IMM(BPF_JGE, REG_KEY, calls[mid].nr, 0));
	dispatch(j, calls, lo, mid);
	if (j->out)
		j->out[branch].off = j->len - branch - 1;
	dispatch(j, calls, mid, hi);
}

/*
 * The whole program: for each architecture, a test of it and the search
 * of its calls, then the residuals.  The first pass, with nothing to
 * write to, places the residuals after a dispatcher of the same size.
 */
static void translate_all(struct jit *j, const struct seccomp_jit_call *calls,
			  unsigned int nr_calls)
{
	unsigned int first, last, skip;

	j->len = 0;
	j->ok = true;
	/*
	 * The interpreter starts residuals with A and X clear; the
	 * specialiser writes both before it reads them, but the two must
	 * not depend on that to agree.
	 */
	put(j, BPF_MOV32_IMM(REG_A, 0));
	put(j, BPF_MOV32_IMM(REG_X, 0));
	for (first = 0; first < nr_calls; first = last) {
		for (last = first; last < nr_calls &&
		     calls[last].arch == calls[first].arch; last++)
			;
		put(j, BPF_LDX_MEM(BPF_W, REG_KEY, REG_SD,
				   offsetof(struct seccomp_data, arch)));
		skip = j->len;
		put(j, BPF_JMP32_IMM(BPF_JNE, REG_KEY, calls[first].arch, 0));
		put(j, BPF_LDX_MEM(BPF_W, REG_KEY, REG_SD,
				   offsetof(struct seccomp_data, nr)));
		dispatch(j, calls, first, last);
		if (j->out)
			j->out[skip].off = j->len - skip - 1;
	}
	put_return(j, SECCOMP_RET_KILL_PROCESS);

	bitmap_zero(j->placed, j->nr_insns);
	for (first = 0; first < nr_calls; first++)
		translate_residual(j, calls[first].start);
}

/*
 * Residuals are compiled only while less than half of bpf_jit_limit is
 * in use: what they take is theirs to lose (they can be interpreted), and
 * programs that must be JIT-compiled to be attached at all get the rest.
 */
static bool jit_has_room(void)
{
	long half = READ_ONCE(bpf_jit_limit) / 2;
	u32 probe;

	if (half <= 0)
		return false;
	/* Where the limit is the whole vmalloc space (arm64), 4 GiB will do. */
	probe = min_t(unsigned long, half, U32_MAX);
	if (bpf_jit_charge_modmem(probe))
		return false;
	bpf_jit_uncharge_modmem(probe);
	return true;
}

/**
 * seccomp_jit_compile() - compile residuals into one program
 * @insns: the residuals of a filter, from seccomp_specialiser_insns()
 * @len: their total length
 * @calls: the calls whose residuals to compile, by architecture and then
 *         by increasing number
 * @nr_calls: how many
 *
 * The program takes a &struct seccomp_data of one of @calls and returns
 * what the call's residual would.
 *
 * Return: the JIT-compiled program, or NULL if it could not be had,
 * the JIT's memory is more than half used, or the translation went
 * wrong (which warns).
 */
struct bpf_prog *seccomp_jit_compile(const struct sock_filter *insns,
				     unsigned int len,
				     const struct seccomp_jit_call *calls,
				     unsigned int nr_calls)
{
	struct jit j = { .insns = insns, .nr_insns = len };
	struct bpf_prog *prog = NULL;
	int err;

	might_sleep();
	if (!nr_calls || len > U16_MAX || !jit_has_room())
		return NULL;
	j.at = kvmalloc_array(len, sizeof(*j.at), GFP_KERNEL);
	j.placed = bitmap_zalloc(len, GFP_KERNEL);
	if (!j.at || !j.placed)
		goto out_free_scratch;
	memset32(j.at, UNPLACED, len);

	translate_all(&j, calls, nr_calls);
	if (!j.ok || j.len > MAX_PROG_INSNS)
		goto out_free_scratch;

	prog = bpf_prog_alloc(bpf_prog_size(j.len), 0);
	if (!prog)
		goto out_free_scratch;
	j.out = prog->insnsi;
	translate_all(&j, calls, nr_calls);
	if (!j.ok) {
		bpf_prog_free(prog);
		prog = NULL;
		goto out_free_scratch;
	}
	prog->len = j.len;
	if (j.uses_memory)
		prog->aux->stack_depth = BPF_MEMWORDS * sizeof(u32);

	prog = bpf_prog_select_runtime(prog, &err);
	/* The kernel's eBPF interpreter would be slower than ours. */
	if (err || !prog->jited) {
		bpf_prog_free(prog);
		prog = NULL;
	}
out_free_scratch:
	bitmap_free(j.placed);
	kvfree(j.at);
	return prog;
}
