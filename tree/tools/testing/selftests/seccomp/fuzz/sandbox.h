/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sandbox (sandbox.c): the process that the supervisor forks for
 * each iteration.
 */
#ifndef FUZZ_SANDBOX_H
#define FUZZ_SANDBOX_H

#include <linux/types.h>

void sandbox(__u64 seed);

#endif /* FUZZ_SANDBOX_H */
