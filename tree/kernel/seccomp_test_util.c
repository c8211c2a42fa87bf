// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the KUnit suites of seccomp (seccomp_*_test.c): the random
 * programs and calls of their differential tests, filters made for the
 * cache without the BPF core, and the registers of a call where
 * seccomp_regs.c found them.
 */

#include <kunit/test.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "seccomp_cache.h"
#include "seccomp_emulate.h"
#include "seccomp_filter.h"
#include "seccomp_regs.h"
#include "seccomp_test_util.h"

static const u16 random_alu_ops[] = {
	BPF_ADD, BPF_SUB, BPF_MUL, BPF_AND, BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH,
};

static const u16 random_jumps[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET };

static const u32 random_actions[] = {
	SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | 1, SECCOMP_RET_TRAP,
	SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_LOG | 7,
};

/* Small values, so that branches on nr, arch and arguments go both ways. */
static u32 random_k(struct rnd_state *rnd)
{
	return seccomp_test_pick(rnd, 4) ? seccomp_test_pick(rnd, 8) :
					   prandom_u32_state(rnd);
}

/*
 * With @memory, scratch memory too: the checker refuses many such
 * programs (a word read before it is written), and the callers skip them.
 */
static struct sock_filter random_insn(struct rnd_state *rnd, unsigned int pc,
				      unsigned int len, bool memory)
{
	unsigned int after = len - pc - 1;
	u16 op, src;

	switch (seccomp_test_pick(rnd, memory ? 10 : 8)) {
	case 8:
		return seccomp_test_insn(seccomp_test_pick(rnd, 2) ?
					 BPF_ST : BPF_STX,
					 seccomp_test_pick(rnd, 2), 0, 0);
	case 9:
		return seccomp_test_insn((seccomp_test_pick(rnd, 2) ?
					  BPF_LD : BPF_LDX) | BPF_MEM,
					 seccomp_test_pick(rnd, 2), 0, 0);
	case 0:
	case 1:
		return seccomp_test_insn(BPF_LD | BPF_W | BPF_ABS,
					 4 * seccomp_test_pick(rnd, 16), 0, 0);
	case 2:
		return seccomp_test_insn(BPF_LDX | BPF_IMM, random_k(rnd),
					 0, 0);
	case 3:
		op = seccomp_test_pick(rnd, 2) ? BPF_TAX : BPF_TXA;
		return seccomp_test_insn(BPF_MISC | op, 0, 0, 0);
	case 4:
		op = random_alu_ops[seccomp_test_pick(rnd,
					ARRAY_SIZE(random_alu_ops))];
		/* Shifts by X of 32 or more are left to BPF: K only. */
		if (op != BPF_LSH && op != BPF_RSH && seccomp_test_pick(rnd, 2))
			return seccomp_test_insn(BPF_ALU | op | BPF_X, 0, 0, 0);
		return seccomp_test_insn(BPF_ALU | op | BPF_K,
					 seccomp_test_pick(rnd, 32), 0, 0);
	case 5:
		return seccomp_test_insn(BPF_RET | BPF_K,
					 random_actions[seccomp_test_pick(rnd,
						ARRAY_SIZE(random_actions))],
					 0, 0);
	default:
		op = random_jumps[seccomp_test_pick(rnd,
						    ARRAY_SIZE(random_jumps))];
		src = seccomp_test_pick(rnd, 2) ? BPF_K : BPF_X;
		return seccomp_test_insn(BPF_JMP | op | src, random_k(rnd),
					 seccomp_test_pick(rnd, after),
					 seccomp_test_pick(rnd, after));
	}
}

/**
 * seccomp_test_random_program() - draw a random classic program
 * @rnd: the random state, seeded by the test
 * @insns: filled with the program
 * @len: its number of instructions, at least 2
 * @memory: whether it may use scratch memory
 *
 * Jumps stay inside the program and the last instruction returns A, but
 * with @memory the checker refuses many of them (a word read before it
 * is written): the callers check and skip those.
 */
void seccomp_test_random_program(struct rnd_state *rnd,
				 struct sock_filter *insns, unsigned int len,
				 bool memory)
{
	unsigned int pc;

	for (pc = 0; pc < len - 1; pc++)
		insns[pc] = random_insn(rnd, pc, len, memory);
	insns[len - 1] = seccomp_test_insn(BPF_RET | BPF_A, 0, 0, 0);
}

/**
 * seccomp_test_random_call() - draw a random system call
 * @rnd: the random state, seeded by the test
 * @sd: filled with the call
 *
 * A small number, x86_64 or i386, and small words more often than not,
 * so that the branches of random programs go both ways.
 */
void seccomp_test_random_call(struct rnd_state *rnd, struct seccomp_data *sd)
{
	unsigned int i;

	sd->nr = seccomp_test_pick(rnd, 8);
	sd->arch = seccomp_test_pick(rnd, 2) ? AUDIT_ARCH_X86_64 :
					       AUDIT_ARCH_I386;
	sd->instruction_pointer = random_k(rnd) | (u64)random_k(rnd) << 32;
	for (i = 0; i < ARRAY_SIZE(sd->args); i++)
		sd->args[i] = random_k(rnd) | (u64)random_k(rnd) << 32;
}

/**
 * seccomp_test_emulate() - a program's result without the arguments
 * @insns: the program
 * @len: its number of instructions
 * @arch: the call's architecture
 * @nr: the call's number
 * @ret: set to the result, if known
 *
 * Return: whether the abstract machine knows the result from @arch and
 * @nr alone.
 */
bool seccomp_test_emulate(const struct sock_filter *insns, unsigned int len,
			  u32 arch, int nr, u32 *ret)
{
	return seccomp_emulate(insns, len, arch, nr, NULL, ret, NULL);
}

/**
 * seccomp_test_fake_filter() - a filter as the cache sees it
 * @test: the test, which owns the memory
 * @insns: the filter's program, already checked
 * @len: its number of instructions
 * @prev: the filter below it, or NULL
 *
 * Analysed and linked over @prev as on attach, without the BPF core: the
 * filter has only its original program, and is never run whole.  The test
 * fails at once if the analysis does.
 *
 * Return: the filter, to free with seccomp_test_fake_chain_free().
 */
struct seccomp_filter *
seccomp_test_fake_filter(struct kunit *test, const struct sock_filter *insns,
			 unsigned int len, struct seccomp_filter *prev)
{
	struct sock_fprog_kern *orig;
	struct seccomp_filter *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->prog = kunit_kzalloc(test, sizeof(*f->prog), GFP_KERNEL);
	orig = kunit_kzalloc(test, sizeof(*orig), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->prog);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	orig->filter = kunit_kmalloc_array(test, len, sizeof(*insns),
					   GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig->filter);
	memcpy(orig->filter, insns, len * sizeof(*insns));
	orig->len = len;
	f->prog->orig_prog = orig;
	f->prev = prev;
	KUNIT_ASSERT_EQ(test, seccomp_cache_analyse(f, prev), 0);
	KUNIT_ASSERT_EQ(test, seccomp_cache_link(f), 0);
	return f;
}

static const struct sock_filter allow_all[] = {
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

/**
 * seccomp_test_fake_allow_all() - a fake filter that allows every call
 * @test: the test, which owns the memory
 * @prev: the filter below it, or NULL
 *
 * Return: the filter, as seccomp_test_fake_filter() makes it.
 */
struct seccomp_filter *
seccomp_test_fake_allow_all(struct kunit *test, struct seccomp_filter *prev)
{
	return seccomp_test_fake_filter(test, allow_all, ARRAY_SIZE(allow_all),
					prev);
}

/**
 * seccomp_test_fake_chain_free() - free a chain of fake filters
 * @test: the test that made them
 * @top: the last one made, or NULL
 */
void seccomp_test_fake_chain_free(struct kunit *test,
				  struct seccomp_filter *top)
{
	struct seccomp_filter *prev;

	for (; top; top = prev) {
		prev = top->prev;
		seccomp_cache_free(top);
		kunit_kfree(test, top->prog->orig_prog->filter);
		kunit_kfree(test, top->prog->orig_prog);
		kunit_kfree(test, top->prog);
		kunit_kfree(test, top);
	}
}

/**
 * seccomp_test_slot_of() - where a call stands in a cache
 * @cache: a filter's cache
 * @arch: the call's architecture
 * @nr: the call's number
 * @index: set to the call's index in its table
 * @t: set to that table
 *
 * Return: false for a call the cache does not cover.
 */
bool seccomp_test_slot_of(const struct seccomp_cache *cache, u32 arch, int nr,
			  unsigned int *index,
			  const struct seccomp_cache_table **t)
{
	struct seccomp_cache_pos pos;

	if (!seccomp_cache_pos(arch, nr, &pos))
		return false;
	*index = pos.index;
	*t = seccomp_cache_table(cache, pos.compat);
	return true;
}

/**
 * seccomp_test_regs_of() - the registers of a native call
 * @sd: the call
 * @regs: set to registers holding @sd's arguments where seccomp_regs.c
 *        found them, and its instruction pointer
 */
void seccomp_test_regs_of(const struct seccomp_data *sd, struct pt_regs *regs)
{
	unsigned int i, at;

	memset(regs, 0, sizeof(*regs));
	for (i = 0; i < SECCOMP_NR_ARGS; i++) {
		at = seccomp_regs_word_at[ARG_OFF(i) / sizeof(u32)];
		*(u64 *)((u8 *)regs + at) = sd->args[i];
	}
	instruction_pointer_set(regs, sd->instruction_pointer);
}
