/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An abstract machine for seccomp's classic programs (seccomp_emulate.c):
 * what a program returns for a call when only some of it is known.
 */
#ifndef _KERNEL_SECCOMP_EMULATE_H
#define _KERNEL_SECCOMP_EMULATE_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/types.h>

bool seccomp_emulate(const struct sock_filter *insns, unsigned int len,
		     u32 arch, int nr, const struct seccomp_data *sd,
		     u32 *ret, unsigned int *ret_pc);

#endif /* _KERNEL_SECCOMP_EMULATE_H */
