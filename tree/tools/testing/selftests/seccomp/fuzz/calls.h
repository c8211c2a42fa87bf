/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The calls a sandbox makes (calls.c): the list of them, their arguments
 * and the resources these point to, the pool of values that arguments
 * and filters share, and the driver's call judged against the model.
 */
#ifndef FUZZ_CALLS_H
#define FUZZ_CALLS_H

#include <sys/types.h>
#include <linux/types.h>

#include "sys.h"

enum arg {
	A_ANY,		/* any value: the call ignores or only reads it */
	A_ZERO,
	A_PTR,		/* scratch buffer, NULL, unmapped or kernel address */
	A_LEN,		/* at most the scratch size */
	A_FD,		/* one of the sandbox's own fds, or no fd */
	A_BADFD,	/* never an open fd */
	A_NULLFD,	/* /dev/null (writes) */
	A_SELF,		/* the sandbox's pid */
	A_TID,		/* the calling thread */
	A_PATH,		/* an existing path that open() cannot create */
	A_TS,		/* a timespec of one microsecond */
	A_IOCTL,	/* an ioctl harmless on /dev/null, /dev/zero, a pipe */
	A_FCNTL,	/* a harmless fcntl command */
	A_PRCTL,	/* a prctl() that only reads */
	A_SECCOMP_OP,	/* seccomp() operations that attach nothing */
	A_U32,		/* any 32-bit value (int $0x80) */
};

struct sysc {
	const char *name;
	long nr;		/* -1: a number with no call, unassigned_nr() */
	enum abi abi;
	unsigned char arg[6];
};

/* The sandbox's resources, at fixed addresses (setup_resources()). */
extern unsigned char *scratch;		/* calls write here */
extern unsigned char *unmapped;		/* a PROT_NONE page */
extern int fd_zero, fd_pipe[2];
extern pid_t self_pid;

int setup_resources(void);
void fill_pool(void);
__u32 pool_pick(void);
__u64 any_value(void);
__u64 gen_arg(enum arg kind, pid_t tid);
long unassigned_nr(void);
const struct sysc *pick_call(void);
enum result driver_call(struct callrec *c);

#endif /* FUZZ_CALLS_H */
