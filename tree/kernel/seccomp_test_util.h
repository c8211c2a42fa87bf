/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KUnit suites of seccomp share: offsets into seccomp_data,
 * random programs and calls drawn from a fixed seed, filters as the cache
 * sees them without the BPF core, and the registers that carry a call.
 * Test code only: built with CONFIG_SECCOMP_KUNIT_TEST.
 */
#ifndef _KERNEL_SECCOMP_TEST_UTIL_H
#define _KERNEL_SECCOMP_TEST_UTIL_H

#include <kunit/test.h>
#include <linux/filter.h>
#include <linux/prandom.h>
#include <linux/seccomp.h>
#include <linux/types.h>

struct pt_regs;
struct seccomp_cache;
struct seccomp_cache_table;
struct seccomp_filter;

#define NR_OFF		offsetof(struct seccomp_data, nr)
#define ARCH_OFF	offsetof(struct seccomp_data, arch)
#define IP_OFF		offsetof(struct seccomp_data, instruction_pointer)
#define ARG_OFF(n)	offsetof(struct seccomp_data, args[n])

#define RET_ALLOW	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/* The differential tests: programs, calls of each, longest program. */
#define RANDOM_PROGRAMS		2000
#define CALLS_PER_PROGRAM	50
#define RANDOM_LEN		24

/* A number below @n, from @rnd. */
static inline u32 seccomp_test_pick(struct rnd_state *rnd, u32 n)
{
	return prandom_u32_state(rnd) % n;
}

static inline struct sock_filter
seccomp_test_insn(u16 code, u32 k, u8 jt, u8 jf)
{
	return (struct sock_filter){ .code = code, .jt = jt, .jf = jf, .k = k };
}

void seccomp_test_random_program(struct rnd_state *rnd,
				 struct sock_filter *insns, unsigned int len,
				 bool memory);
void seccomp_test_random_call(struct rnd_state *rnd, struct seccomp_data *sd);

bool seccomp_test_emulate(const struct sock_filter *insns, unsigned int len,
			  u32 arch, int nr, u32 *ret);

struct seccomp_filter *
seccomp_test_fake_filter(struct kunit *test, const struct sock_filter *insns,
			 unsigned int len, struct seccomp_filter *prev);
struct seccomp_filter *
seccomp_test_fake_allow_all(struct kunit *test, struct seccomp_filter *prev);
void seccomp_test_fake_chain_free(struct kunit *test,
				  struct seccomp_filter *top);
bool seccomp_test_slot_of(const struct seccomp_cache *cache, u32 arch, int nr,
			  unsigned int *index,
			  const struct seccomp_cache_table **t);

void seccomp_test_regs_of(const struct seccomp_data *sd, struct pt_regs *regs);

#endif /* _KERNEL_SECCOMP_TEST_UTIL_H */
