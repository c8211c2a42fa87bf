/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Residual programs compiled by the BPF JIT (seccomp_jit.c).
 */
#ifndef _KERNEL_SECCOMP_JIT_H
#define _KERNEL_SECCOMP_JIT_H

#include <linux/filter.h>
#include <linux/types.h>

/**
 * struct seccomp_jit_call - a call whose residual is to be compiled
 * @arch: its ``AUDIT_ARCH_*`` value
 * @nr: its number
 * @start: the index of its residual's first instruction
 */
struct seccomp_jit_call {
	u32 arch;
	u32 nr;
	u32 start;
};

#ifdef CONFIG_BPF_JIT
struct bpf_prog *seccomp_jit_compile(const struct sock_filter *insns,
				     unsigned int len,
				     const struct seccomp_jit_call *calls,
				     unsigned int nr_calls);
#else
static inline struct bpf_prog *
seccomp_jit_compile(const struct sock_filter *insns, unsigned int len,
		    const struct seccomp_jit_call *calls, unsigned int nr_calls)
{
	return NULL;
}
#endif

#endif /* _KERNEL_SECCOMP_JIT_H */
