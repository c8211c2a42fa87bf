/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checker of seccomp's dialect of classic BPF (seccomp_check.c), and
 * why it refuses a program; an attach refused for another reason is
 * named with the same list.
 */
#ifndef _KERNEL_SECCOMP_CHECK_H
#define _KERNEL_SECCOMP_CHECK_H

#include <linux/filter.h>
#include <linux/types.h>

/**
 * enum seccomp_check_reason - why a filter was refused
 * @SECCOMP_CHECK_OK: it was not
 * @SECCOMP_CHECK_LENGTH: empty, or longer than %BPF_MAXINSNS
 * @SECCOMP_CHECK_OPCODE: an instruction seccomp does not accept
 * @SECCOMP_CHECK_LOAD_RANGE: a load past the end of &struct seccomp_data
 * @SECCOMP_CHECK_LOAD_ALIGN: a load not on a 4-byte boundary
 * @SECCOMP_CHECK_SCRATCH: a scratch memory slot out of range
 * @SECCOMP_CHECK_SCRATCH_UNSET: a scratch slot read before it is written
 * @SECCOMP_CHECK_OPERAND: division by constant zero, or shift by 32 or more
 * @SECCOMP_CHECK_JUMP_RANGE: a jump past the last instruction
 * @SECCOMP_CHECK_NO_RETURN: the last instruction is not a return
 * @SECCOMP_REJECT_FLAGS: unknown or contradictory flags
 * @SECCOMP_REJECT_UNREADABLE: the program could not be read
 * @SECCOMP_REJECT_PRIVILEGE: neither no_new_privs nor %CAP_SYS_ADMIN
 * @SECCOMP_REJECT_CHAIN_LENGTH: the chain would grow past its limit
 * @SECCOMP_REJECT_MODE: the caller is in strict mode
 * @SECCOMP_REJECT_LISTENER: the chain already has a listener
 * @SECCOMP_REJECT_TSYNC: a thread could not be synchronised
 * @SECCOMP_REJECT_NR: number of reasons
 *
 * The first ones are the checker's, about a program; the REJECT ones
 * are about attaching it.  seccomp_reject_reason_name() names them all.
 */
enum seccomp_check_reason {
	SECCOMP_CHECK_OK,
	SECCOMP_CHECK_LENGTH,
	SECCOMP_CHECK_OPCODE,
	SECCOMP_CHECK_LOAD_RANGE,
	SECCOMP_CHECK_LOAD_ALIGN,
	SECCOMP_CHECK_SCRATCH,
	SECCOMP_CHECK_SCRATCH_UNSET,
	SECCOMP_CHECK_OPERAND,
	SECCOMP_CHECK_JUMP_RANGE,
	SECCOMP_CHECK_NO_RETURN,
	SECCOMP_REJECT_FLAGS,
	SECCOMP_REJECT_UNREADABLE,
	SECCOMP_REJECT_PRIVILEGE,
	SECCOMP_REJECT_CHAIN_LENGTH,
	SECCOMP_REJECT_MODE,
	SECCOMP_REJECT_LISTENER,
	SECCOMP_REJECT_TSYNC,
	SECCOMP_REJECT_NR
};

/**
 * struct seccomp_check_result - the checker's verdict
 * @reason: why the program was refused, or %SECCOMP_CHECK_OK
 * @pc: index of the first offending instruction
 * @code: its opcode
 */
struct seccomp_check_result {
	enum seccomp_check_reason reason;
	unsigned int pc;
	u16 code;
};

int seccomp_check_program(const struct sock_filter *insns, unsigned int len,
			  struct seccomp_check_result *result);
const char *seccomp_reject_reason_name(enum seccomp_check_reason reason);
int seccomp_check_reported(const struct sock_filter *insns, unsigned int len);
int seccomp_check_and_convert(struct sock_filter *insns, unsigned int len);

#endif /* _KERNEL_SECCOMP_CHECK_H */
