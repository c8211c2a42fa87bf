/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory shared by the supervisor and the sandbox (mapped once, before
 * the first fork), the run's options, and how the sandbox reports what
 * it is doing and why it failed.
 */
#ifndef FUZZ_SHARED_H
#define FUZZ_SHARED_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "model.h"

#define MAX_THREADS	8	/* slots for the sandbox's threads */

enum expect {
	EXPECT_NONE,
	EXPECT_SIGSYS,		/* the whole process dies of SIGSYS */
	EXPECT_THREAD,		/* the driver thread alone dies */
};

enum answer_kind {
	ANSWER_VALUE,		/* the call returns @ret */
	ANSWER_CONTINUE,	/* the call runs */
	ANSWER_FD,		/* ADDFD with SEND: some fd number */
};

struct answer {
	int seq;		/* bumped on each answer to this thread */
	int kind;
	long ret;
};

struct shared {
	/* The sandbox's side. */
	pid_t tids[MAX_THREADS];	/* slot 0: the driver */
	char roles[MAX_THREADS];	/* of each: driver, sleeper, worker... */
	int listener_fd;		/* the sandbox's fd, for pidfd_getfd() */
	int listener_seq;		/* bumped at each new listener */
	int c_open;			/* the sandbox holds its listener fd */
	int expect;
	int may_die;			/* threads other than the driver call */
	int must_die;			/* a worker TSYNC named (-1: some) */
	int done;			/* 1: finished, 2: failed */
	char step[160];			/* what the driver is doing */
	char msg[640];			/* why it failed */
	char fault[160];		/* a fault signal that came */
	char note[160];			/* for -v: what the driver did */
	/* The supervisor's side. */
	int fetched_seq;		/* listener_seq it has taken */
	int r_open;			/* it holds a listener */
	int r_closing;			/* it is closing it */
	struct answer answers[MAX_THREADS];
	int beat;			/* bumped by the driver as it goes on */
	/*
	 * The driver's chain, oldest first, and its last call: shown on
	 * failure.  The filters' instructions follow one another in @insns;
	 * the model runs them from there.
	 */
	unsigned int depth;
	struct seccomp_data last;
	/* Not cleared between iterations from here on. */
	/* Counters, added up over iterations by the supervisor. */
	long programs, accepted, refused, calls, notifs, answers_sent;
	long adversarial;		/* programs of the hostile shapes */
	long stacks, stacked;		/* deep stacks, their programs */
	long stacks_full;		/* deep stacks that reached ENOMEM */
	unsigned int lens[MAX_CHAIN];
	struct sock_filter insns[MAX_PATH_INSNS];
};

extern struct shared *shm;

/* Options, set before the first fork. */
extern bool upstream_mode;	/* -U: model 6.1 as upstream has it */
extern bool no_ia32;		/* int $0x80 does not work here */
extern int verbose;		/* -v */

void fail(const char *fmt, ...);
void set_step(const char *fmt, ...);

#endif /* FUZZ_SHARED_H */
