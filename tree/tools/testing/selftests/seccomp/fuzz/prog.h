/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs for the mix (prog.c): random ones of anything in seccomp's
 * dialect, ones shaped like real policies, and mutations of either that
 * the kernel must refuse.
 */
#ifndef FUZZ_PROG_H
#define FUZZ_PROG_H

#include <stdbool.h>
#include <linux/filter.h>

#define BIG_LEN		0x10000	/* room for a program of length 0xffff */

static inline struct sock_filter stmt(__u16 code, __u32 k)
{
	return (struct sock_filter){ .code = code, .k = k };
}

static inline struct sock_filter jump(__u16 code, __u32 k, __u8 jt, __u8 jf)
{
	return (struct sock_filter){ .code = code, .jt = jt, .jf = jf, .k = k };
}

/* Where an attach finds its program: a good pointer, NULL or unmapped. */
enum prog_ptr { PTR_OK, PTR_NULL, PTR_UNMAPPED };

/* A program to attach, in a buffer of BIG_LEN. */
struct attempt {
	struct sock_filter *insns;
	unsigned int len;
	enum prog_ptr fprog_ptr;	/* the struct sock_fprog itself */
	enum prog_ptr insns_ptr;
};

__u32 gen_action(bool lenient);
unsigned int gen_length(void);
unsigned int gen_random(struct sock_filter *p, unsigned int len);
unsigned int gen_policy(struct sock_filter *p, unsigned int max);
void mutate(struct attempt *a);

#endif /* FUZZ_PROG_H */
