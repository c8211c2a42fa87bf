/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random numbers: splitmix64, one stream per thread.  Each thread of an
 * iteration seeds its own @rng, from the seed and the iteration number
 * (stream_seed()) or from a number drawn by the thread that started it,
 * so that what it draws does not depend on the other threads' timing.
 */
#ifndef FUZZ_RNG_H
#define FUZZ_RNG_H

#include <stdbool.h>
#include <linux/types.h>

extern __thread __u64 rng;

__u64 rnd(void);
__u32 below(__u32 n);
bool chance(unsigned int percent);
__u64 stream_seed(__u64 seed, __u64 iter, __u64 stream);

#endif /* FUZZ_RNG_H */
