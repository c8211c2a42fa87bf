/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver's model of seccomp (model.c): which programs it accepts,
 * what they count against the chain's limit, what a chain returns for a
 * call, and the driver's own chain and state.
 */
#ifndef FUZZ_MODEL_H
#define FUZZ_MODEL_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/*
 * A chain holds at most 32768 instructions as 6.1 counts them (see
 * counted_len()), each filter below the new one counting 4 more: an
 * attach past that fails with ENOMEM.  A filter counts at least its
 * length and 3, so no chain that the kernel accepts is deeper than
 * MAX_CHAIN, and the instructions of all its filters fit in
 * MAX_PATH_INSNS.
 */
#define MAX_PATH_INSNS	32768
#define MAX_CHAIN	(MAX_PATH_INSNS / 4)

struct filter {
	const struct sock_filter *insns;	/* in shm->insns */
	unsigned int len;
	bool listener;		/* attached with NEW_LISTENER, still open */
};

struct model {
	struct filter *chain[MAX_CHAIN];	/* oldest first */
	unsigned int depth;
	unsigned long total;		/* as counted against the limit */
	unsigned long used;		/* of shm->insns */
	bool strict;
	bool priv;			/* may attach without no_new_privs */
	bool nnp;
	bool divergent;			/* a thread has a filter of its own */
	pid_t divergent_tid;
	int c_listener;			/* the driver's listener fd, or -1 */
	int listener_at;		/* chain index of its filter, or -1 */
};

extern struct model model;

/* The actions that 6.1 knows, as SECCOMP_GET_ACTION_AVAIL does. */
#define N_ACTIONS	8
extern const __u32 actions[N_ACTIONS];

bool known_action(__u32 action);
bool program_ok(const struct sock_filter *p, unsigned int len);
unsigned int counted_len(const struct sock_filter *p, unsigned int len);
int chain_verdict(struct filter *const *chain, unsigned int depth,
		  const struct seccomp_data *sd, __u32 *ret);

#endif /* FUZZ_MODEL_H */
