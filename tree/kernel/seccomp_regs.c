// SPDX-License-Identifier: GPL-2.0
/*
 * Where a native call's arguments sit in struct pt_regs.
 *
 * A filter sees the arguments in a seccomp_data that
 * syscall_get_arguments() fills.  For the native ABI of a 64-bit kernel
 * that function copies six whole registers, so the quick path of
 * seccomp_run.c can read the one word a residual asks for straight from
 * pt_regs, and gather nothing.  Which registers those are is each
 * architecture's business: rather than keep a table per architecture,
 * ask syscall_get_arguments() once at boot, over registers that each
 * hold a value of their own, and use the answer only if every argument
 * came out as exactly one whole register.  Where it does not, no
 * residual is marked for interpreting over the registers, and nothing
 * else changes.
 */

#include <linux/init.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <asm/syscall.h>

#include "seccomp_regs.h"

bool seccomp_regs_known __ro_after_init;
u16 seccomp_regs_word_at[sizeof(struct seccomp_data) / sizeof(u32)]
	__ro_after_init;

#define WORDS	(sizeof(struct pt_regs) / sizeof(unsigned long))

/*
 * What register @word holds during the probe: no argument holds it.
 * Written for 64 bits, and only used there, but built everywhere.
 */
static unsigned long marker(unsigned int word)
{
	return (unsigned long)(0x5ecc0bad00000000ULL | (u64)word << 8 | 0xa5);
}

/* The register holding @value, or WORDS if none does. */
static unsigned int register_of(const unsigned long *regs,
				unsigned long value)
{
	unsigned int word;

	for (word = 0; word < WORDS; word++)
		if (regs[word] == value)
			return word;
	return WORDS;
}

static int __init seccomp_regs_probe(void)
{
	u16 at[ARRAY_SIZE(seccomp_regs_word_at)];
	unsigned long args[SECCOMP_NR_ARGS];
	unsigned int i, word, half;
	struct pt_regs *regs;
	unsigned long *words;

	/* A 32-bit register is half an argument: nothing to read whole. */
	if (sizeof(unsigned long) != sizeof(u64))
		return 0;

	regs = kmalloc(sizeof(*regs), GFP_KERNEL);
	if (!regs)
		return -ENOMEM;
	words = (unsigned long *)regs;
	for (word = 0; word < WORDS; word++)
		words[word] = marker(word);

	/*
	 * The architecture picks the registers by the task's ABI, which
	 * syscall_get_arch() reports too; init has not left the native one.
	 */
	syscall_get_arguments(current, regs, args);
	for (i = 0; i < ARRAY_SIZE(at); i++)
		at[i] = SECCOMP_REGS_NOWHERE;
	for (i = 0; i < SECCOMP_NR_ARGS; i++) {
		word = register_of(words, args[i]);
		if (word == WORDS)
			goto out_free;
		/* Both halves of a u64 lie in memory as in the register. */
		for (half = 0; half < 2; half++)
			at[offsetof(struct seccomp_data, args[i]) / sizeof(u32) +
			   half] = word * sizeof(unsigned long) +
				   half * sizeof(u32);
	}
	memcpy(seccomp_regs_word_at, at, sizeof(at));
	seccomp_regs_known = true;
out_free:
	kfree(regs);
	return 0;
}
core_initcall(seccomp_regs_probe);
