/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile shapes (shapes.c): the programs that cost an attach-time
 * analysis most, for the mix and for deep stacks.
 */
#ifndef FUZZ_SHAPES_H
#define FUZZ_SHAPES_H

#include <stdbool.h>
#include <linux/filter.h>

enum shape {
	SHAPE_ARG_EVERY_CALL,		/* short; an argument, never the number */
	SHAPE_DISTINCT_RESIDUALS,	/* an argument compared with f(nr) */
	SHAPE_DISTINCT_RESULTS,		/* ret f(nr) */
	SHAPE_SPLIT_TAIL,		/* long: singletons, then a long tail */
	N_SHAPES
};

/*
 * The share of the mix's programs, and of iterations with a deep stack.
 * A deep stack costs 0.3 to 0.5 s of guest time under TCG, one of
 * thousands of tiny filters (a tenth of them) 5 to 7 s, on 6.1 as on
 * ours: each attach is itself a call that the whole chain filters.
 */
#define ADV_PERCENT	8
#define STACK_PERCENT	3

unsigned int gen_shape(struct sock_filter *p, unsigned int shape,
		       unsigned int len, bool lenient);
unsigned int gen_counted(struct sock_filter *p, unsigned int shape,
			 unsigned int want);
unsigned int gen_adversarial(struct sock_filter *p);

#endif /* FUZZ_SHAPES_H */
