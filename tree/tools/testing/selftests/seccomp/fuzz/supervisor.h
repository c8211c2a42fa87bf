/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The supervisor (supervisor.c): one iteration, its sandbox forked,
 * served, watched and judged.
 */
#ifndef FUZZ_SUPERVISOR_H
#define FUZZ_SUPERVISOR_H

#include <stddef.h>
#include <linux/types.h>

long now_ms(void);
int iteration(__u64 seed, __u64 iter, char *why, size_t why_len);

#endif /* FUZZ_SUPERVISOR_H */
