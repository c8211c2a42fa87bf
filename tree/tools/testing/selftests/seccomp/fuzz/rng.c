// SPDX-License-Identifier: GPL-2.0
/*
 * Random numbers: splitmix64, one stream per thread (see rng.h).
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include "rng.h"

__thread __u64 rng;

__u64 rnd(void)
{
	__u64 z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number below @n (0 if @n is 0). */
__u32 below(__u32 n)
{
	return n ? (__u32)(rnd() % n) : 0;
}

bool chance(unsigned int percent)
{
	return below(100) < percent;
}

/* The seed of one stream of one iteration. */
__u64 stream_seed(__u64 seed, __u64 iter, __u64 stream)
{
	__u64 saved = rng, s;

	rng = seed ^ (iter * 0x2545f4914f6cdd1dULL) ^ (stream << 56);
	rnd();
	s = rnd();
	rng = saved;
	return s;
}
