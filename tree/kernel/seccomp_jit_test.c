// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the JIT-compiled residuals (seccomp_jit.c): for random
 * programs analysed as the cache does, the program the JIT made against
 * the interpreter, call by call.
 */

#include <kunit/test.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/prandom.h>

#include "seccomp_cache.h"
#include "seccomp_check.h"
#include "seccomp_filter.h"
#include "seccomp_run.h"
#include "seccomp_test_util.h"

#define JIT_PAIRS	3000
/*
 * Leading no-ops (A is zero at the start anyway): the JIT takes only the
 * residuals of filters long enough to make up for a program of their own.
 */
#define JIT_PAD		128

/*
 * The JIT-ed residuals against the interpreter: random programs analysed
 * as the cache does, and random calls whose residual the JIT took, run
 * both ways.
 */
static void jit_matches_interpreter(struct kunit *test)
{
	struct sock_filter insns[JIT_PAD + RANDOM_LEN];
	struct seccomp_check_result result;
	unsigned int prog, call, pairs = 0, i;
	struct rnd_state rnd;

	if (!IS_ENABLED(CONFIG_BPF_JIT))
		kunit_skip(test, "no BPF JIT");
	for (i = 0; i < JIT_PAD; i++)
		insns[i] = seccomp_test_insn(BPF_LD | BPF_IMM, 0, 0, 0);
	prandom_seed_state(&rnd, 0x717);
	for (prog = 0; pairs < JIT_PAIRS && prog < 20 * RANDOM_PROGRAMS;
	     prog++) {
		unsigned int len = 2 + seccomp_test_pick(&rnd, RANDOM_LEN - 1);
		const struct bpf_prog *jit;
		struct seccomp_filter *f;

		seccomp_test_random_program(&rnd, insns + JIT_PAD, len, true);
		if (seccomp_check_program(insns, JIT_PAD + len, &result))
			continue;
		f = seccomp_test_fake_filter(test, insns, JIT_PAD + len, NULL);
		jit = f->cache.jit;
		for (call = 0; jit && call < CALLS_PER_PROGRAM; call++) {
			const struct seccomp_cache_table *t;
			struct seccomp_data sd;
			unsigned int nr;
			u32 at, want, got;

			seccomp_test_random_call(&rnd, &sd);
			sd.arch = seccomp_cache_arches[seccomp_test_pick(&rnd,
					seccomp_cache_nr_arches)].arch;
			if (!seccomp_test_slot_of(&f->cache, sd.arch, sd.nr,
						  &nr, &t) ||
			    !test_bit(nr, t->residual) ||
			    !(seccomp_cache_own(t, nr) & SECCOMP_CACHE_JITED))
				continue;
			at = seccomp_cache_own(t, nr) & SECCOMP_CACHE_AT;
			want = seccomp_residual_run(f->cache.residuals + at,
						    &sd);
			got = bpf_dispatcher_nop_func(&sd, jit->insnsi,
						      jit->bpf_func);
			pairs++;
			KUNIT_ASSERT_EQ_MSG(test, got, want,
					    "program %u, call %u", prog, call);
		}
		seccomp_test_fake_chain_free(test, f);
	}
	KUNIT_EXPECT_GE(test, pairs, JIT_PAIRS);
}

static struct kunit_case seccomp_jit_test_cases[] = {
	KUNIT_CASE(jit_matches_interpreter),
	{}
};

static struct kunit_suite seccomp_jit_test_suite = {
	.name = "seccomp_jit",
	.test_cases = seccomp_jit_test_cases,
};

kunit_test_suite(seccomp_jit_test_suite);
