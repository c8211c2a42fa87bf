/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The specialiser (seccomp_residual.c): a filter specialised to each
 * system call number, leaving the residual program that the arguments
 * still decide.
 */
#ifndef _KERNEL_SECCOMP_RESIDUAL_H
#define _KERNEL_SECCOMP_RESIDUAL_H

#include <linux/filter.h>
#include <linux/types.h>

struct seccomp_specialiser;

struct seccomp_specialiser *
seccomp_specialiser_create(const struct sock_filter *insns, unsigned int len,
			   unsigned int max);
int seccomp_specialise(struct seccomp_specialiser *s, u32 arch, int nr,
		       u32 *ret);
void seccomp_specialise_calls(struct seccomp_specialiser *s, u32 arch,
			      unsigned int nr_calls, unsigned long *known,
			      unsigned long *residual, u32 *result);
const struct sock_filter *
seccomp_specialiser_insns(const struct seccomp_specialiser *s,
			  unsigned int *len);
void seccomp_specialiser_destroy(struct seccomp_specialiser *s);
unsigned int seccomp_specialise_budget(unsigned int len);
unsigned int seccomp_specialiser_work(const struct seccomp_specialiser *s);
unsigned int seccomp_residual_len(const struct sock_filter *insns,
				  unsigned int start, unsigned int total);
bool seccomp_residual_reads_args_only(const struct sock_filter *insns,
				      unsigned int start, unsigned int len);

#endif /* _KERNEL_SECCOMP_RESIDUAL_H */
