// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the quick path: the words seccomp_regs.c reads from the
 * registers against the call syscall_get_arguments() gathers, and a
 * JIT-ed residual run over the registers by seccomp_quick_allows().
 */

#include <kunit/test.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/ptrace.h>
#include <linux/sched.h>

#include <asm/syscall.h>

#include "seccomp_cache.h"
#include "seccomp_chain.h"
#include "seccomp_filter.h"
#include "seccomp_regs.h"
#include "seccomp_run.h"
#include "seccomp_test_util.h"

/*
 * Each word seccomp_regs.c reads from the registers is the word a filter
 * would load from the seccomp_data that syscall_get_arguments() gathers
 * from them; the number, architecture and instruction pointer it leaves.
 */
static void regs_words_match_gathered_call(struct kunit *test)
{
	unsigned long args[SECCOMP_NR_ARGS];
	struct seccomp_data sd = { };
	struct pt_regs regs;
	unsigned int i;
	u32 k, word;

	if (!seccomp_regs_usable())
		kunit_skip(test, "arguments not found in pt_regs");
	for (i = 0; i < sizeof(regs) / sizeof(u32); i++)
		((u32 *)&regs)[i] = 0x5ecc0000 + i;
	syscall_get_arguments(current, &regs, args);
	for (i = 0; i < SECCOMP_NR_ARGS; i++)
		sd.args[i] = args[i];
	for (k = 0; k < sizeof(sd); k += sizeof(u32)) {
		if (k < offsetof(struct seccomp_data, args)) {
			KUNIT_EXPECT_FALSE(test,
					   seccomp_regs_word(&regs, k, &word));
			continue;
		}
		KUNIT_ASSERT_TRUE(test, seccomp_regs_word(&regs, k, &word));
		KUNIT_EXPECT_EQ_MSG(test, word, *(u32 *)((u8 *)&sd + k),
				    "offset %u", k);
	}
}

#define QUICK_VALUES	14
/* Leading no-ops: the JIT takes residuals up to half a filter's length. */
#define QUICK_PAD	112

/*
 * A residual too long for the interpreter on the quick path runs there
 * JIT-ed: the call is allowed exactly for the values the filter lists,
 * whatever the high half of the argument, with the filter alone and
 * under one that allows everything.
 */
static void quick_path_runs_jited_residual(struct kunit *test)
{
	struct seccomp_data sd = { .nr = 5, .arch = SECCOMP_ARCH_NATIVE };
	struct sock_filter insns[QUICK_PAD + QUICK_VALUES + 6];
	struct seccomp_filter *f, *top, *chain;
	struct seccomp_cache_pos pos;
	unsigned int i, n = 0;
	struct pt_regs regs;
	u32 at, v;

	if (!IS_ENABLED(CONFIG_BPF_JIT) || !seccomp_regs_usable())
		kunit_skip(test, "no BPF JIT, or arguments not in pt_regs");
	for (i = 0; i < QUICK_PAD; i++)
		insns[n++] = seccomp_test_insn(BPF_LD | BPF_IMM, 0, 0, 0);
	insns[n++] = seccomp_test_insn(BPF_LD | BPF_W | BPF_ABS, NR_OFF, 0, 0);
	insns[n++] = seccomp_test_insn(BPF_JMP | BPF_JEQ | BPF_K, sd.nr, 1, 0);
	insns[n++] = seccomp_test_insn(BPF_RET | BPF_K, SECCOMP_RET_ALLOW,
				       0, 0);
	insns[n++] = seccomp_test_insn(BPF_LD | BPF_W | BPF_ABS, ARG_OFF(0),
				       0, 0);
	for (i = 0; i < QUICK_VALUES; i++)
		insns[n++] = seccomp_test_insn(BPF_JMP | BPF_JEQ | BPF_K,
					       100 + i, QUICK_VALUES - i, 0);
	insns[n++] = seccomp_test_insn(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1,
				       0, 0);
	insns[n++] = seccomp_test_insn(BPF_RET | BPF_K, SECCOMP_RET_ALLOW,
				       0, 0);

	f = seccomp_test_fake_filter(test, insns, n, NULL);
	if (!f->cache.jit)
		kunit_skip(test, "the JIT did not take the residuals");
	KUNIT_ASSERT_TRUE(test, seccomp_cache_pos(sd.arch, sd.nr, &pos));
	at = seccomp_cache_own(seccomp_cache_table(&f->cache, false),
			       pos.index);
	KUNIT_ASSERT_TRUE(test, at & SECCOMP_CACHE_JITED);
	KUNIT_ASSERT_FALSE(test, at & SECCOMP_CACHE_OVER_REGS);
	top = seccomp_test_fake_allow_all(test, f);
	for (chain = f; chain; chain = chain == f ? top : NULL) {
		KUNIT_ASSERT_TRUE(test, seccomp_chain_quick_at(chain, &pos));
		for (v = 98; v < 100 + QUICK_VALUES + 2; v++) {
			sd.args[0] = (u64)0xdead << 32 | v;
			seccomp_test_regs_of(&sd, &regs);
			KUNIT_EXPECT_EQ_MSG(test,
					    seccomp_quick_allows(chain, pos.index,
								 sd.arch, &regs),
					    v >= 100 && v < 100 + QUICK_VALUES,
					    "value %u", v);
		}
	}
	seccomp_test_fake_chain_free(test, top);
}

static struct kunit_case seccomp_regs_test_cases[] = {
	KUNIT_CASE(regs_words_match_gathered_call),
	KUNIT_CASE(quick_path_runs_jited_residual),
	{}
};

static struct kunit_suite seccomp_regs_test_suite = {
	.name = "seccomp_regs",
	.test_cases = seccomp_regs_test_cases,
};

kunit_test_suite(seccomp_regs_test_suite);
