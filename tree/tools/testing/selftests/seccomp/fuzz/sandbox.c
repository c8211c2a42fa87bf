// SPDX-License-Identifier: GPL-2.0
/*
 * The sandbox: a process of a few threads, forked for each iteration.
 * Its driver thread attaches filters and makes calls, each judged against
 * the model; sleepers wait in read() from before the first filter to the
 * end, as targets of TSYNC; a divergent thread has a filter of its own,
 * so that TSYNC must fail; workers make random calls alongside the
 * driver, unjudged.
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include <pthread.h>
#include <stdint.h>

#include "attach.h"
#include "calls.h"
#include "model.h"
#include "rng.h"
#include "sandbox.h"
#include "shapes.h"
#include "shared.h"
#include "sys.h"

#define MAX_STEPS	48	/* of the driver's script */

static __thread pid_t my_tid;

/*
 * A fault in the sandbox (which may be the kernel's doing, e.g. a bad
 * register after a call) is noted for the supervisor; the reset handler
 * then lets the fault kill the process.
 */
static void on_fault(int sig, siginfo_t *info, void *uc)
{
	const ucontext_t *ctx = uc;

	snprintf(shm->fault, sizeof(shm->fault),
		 "signal %d code %d addr %p at ip %#llx in thread %d", sig,
		 info->si_code, info->si_addr,
		 (unsigned long long)UC_IP(ctx), my_tid);
}

static int thread_slot(void)
{
	static int next = 1;

	return __atomic_fetch_add(&next, 1, __ATOMIC_SEQ_CST) % MAX_THREADS;
}

/*
 * Threads that sleep in read() from before the first filter to the end:
 * targets for TSYNC that never make another call.
 */
static pid_t sleeper_tids[MAX_THREADS];
static int n_sleepers;

static void sleep_forever(void)
{
	char c;

	for (;;)
		if (read(fd_pipe[0], &c, 1) <= 0)
			for (;;)
				cpu_relax();
}

static void *sleeper(void *arg)
{
	pid_t tid = gettid();
	int slot;

	my_tid = tid;

	slot = thread_slot();
	shm->tids[slot] = tid;
	shm->roles[slot] = 's';
	STORE(sleeper_tids[(uintptr_t)arg], tid);
	sleep_forever();
	return NULL;
}

/*
 * A thread with a filter of its own (which no other thread has): every
 * TSYNC must then fail, naming it.
 */
static int divergent_ok;

static void *divergent(void *arg)
{
	pid_t tid = gettid();
	int slot;

	my_tid = tid;

	slot = thread_slot();
	shm->tids[slot] = tid;
	shm->roles[slot] = 'd';
	STORE(sleeper_tids[(uintptr_t)arg], tid);
	if (install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | EXDEV) == 0)
		STORE(divergent_ok, 1);
	else
		STORE(divergent_ok, 2);
	sleep_forever();
	return NULL;
}

/* Threads making random calls alongside the driver, unjudged. */
static int workers_go, workers_ready;

static void *worker(void *arg)
{
	pid_t tid = gettid();
	int slot;

	my_tid = tid;

	slot = thread_slot();
	shm->tids[slot] = tid;
	shm->roles[slot] = 'w';
	rng = (uintptr_t)arg;
	ADD(workers_ready, 1);
	while (!LOAD(workers_go))
		cpu_relax();
	while (!LOAD(shm->done)) {
		const struct sysc *s = pick_call();
		struct callrec c = { .nr = s->nr, .abi = s->abi };
		unsigned int i;

		/*
		 * Nothing that makes an fd: a worker calls without a pause
		 * for as long as the iteration lasts, a deep stack seconds,
		 * and a full table would fail a listener with EMFILE.
		 */
		if (c.abi == ABI_64 && (c.nr == __NR_dup || c.nr == __NR_openat ||
					c.nr == __NR_pidfd_open))
			continue;
		if (c.nr == -1)
			c.nr = unassigned_nr();
		for (i = 0; i < 6; i++)
			c.args[i] = gen_arg(s->arg[i], tid);
		/* Writes would race with the driver's use of the scratch. */
		for (i = 0; i < 6; i++)
			if (s->arg[i] == A_PTR)
				c.args[i] = (unsigned long)unmapped;
		issue(&c);
	}
	for (;;)
		cpu_relax();
	return NULL;
}

/* Whether thread @tid sleeps in read(). */
static bool in_read(pid_t tid)
{
	char path[64], buf[64], want[16];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	snprintf(want, sizeof(want), "%d ", __NR_read);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > (ssize_t)strlen(want) && !strncmp(buf, want, strlen(want));
}

/*
 * Before its first filter, the driver waits until the other threads are
 * where they stay: the sleepers in read(), the workers at their start.
 */
static void wait_for_threads(int workers)
{
	int i;

	for (i = 0; i < n_sleepers; i++) {
		while (!LOAD(sleeper_tids[i]))
			usleep(100);
		while (!in_read(LOAD(sleeper_tids[i])))
			usleep(100);
	}
	while (LOAD(workers_ready) < workers)
		usleep(100);
}

static int setup_sandbox(void)
{
	struct sigaction sa = {
		.sa_sigaction = on_fault,
		.sa_flags = SA_SIGINFO | SA_RESETHAND,
	};

	if (setup_resources() || catch_sigsys())
		return -1;
	return sigaction(SIGSEGV, &sa, NULL) || sigaction(SIGILL, &sa, NULL) ||
	       sigaction(SIGBUS, &sa, NULL);
}

/* One random call from the list; its own result is not judged. */
static void random_call(void)
{
	const struct sysc *s = pick_call();
	struct callrec c = { .nr = s->nr, .abi = s->abi };
	unsigned int i;

	if (c.nr == -1)
		c.nr = unassigned_nr();
	for (i = 0; i < 6; i++)
		c.args[i] = gen_arg(s->arg[i], shm->tids[0]);
	if (s->arg[0] == A_SECCOMP_OP && c.args[0] == SECCOMP_GET_ACTION_AVAIL)
		*(__u32 *)scratch = chance(50) ? pool_pick() :
						   actions[below(N_ACTIONS)];
	set_step("call %s/%ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)", s->name,
		 c.nr, c.args[0], c.args[1], c.args[2], c.args[3], c.args[4],
		 c.args[5]);
	driver_call(&c);
}

/*
 * Strict mode instead of filters: after it, one call, which strict mode
 * must kill unless it is read() (of /dev/zero, here), write(), exit()
 * or rt_sigreturn().
 */
static void strict_script(void)
{
	struct callrec c = { .nr = __NR_seccomp, .abi = ABI_64 };
	const struct sysc *s;
	unsigned int i;

	set_step("enter strict mode");
	c.args[0] = SECCOMP_SET_MODE_STRICT;
	if (driver_call(&c) != RAN)
		return;
	if (c.ret) {
		fail("strict mode refused: %ld", c.ret);
		return;
	}
	model.strict = true;
	s = pick_call();
	memset(&c, 0, sizeof(c));
	/* 400: no call, as those of unassigned_nr(). */
	c.nr = chance(30) ? __NR_read : s->nr == -1 ? 400 : s->nr;
	c.abi = c.nr == __NR_read ? ABI_64 : s->abi;
	for (i = 0; i < 6; i++)
		c.args[i] = gen_arg(s->arg[i], shm->tids[0]);
	if (c.nr == __NR_read) {
		c.args[0] = fd_zero;
		c.args[1] = (unsigned long)scratch;
		c.args[2] = 16;
	}
	set_step("strict mode: call %ld", c.nr);
	if (driver_call(&c) == RAN && c.nr == __NR_read && c.ret != 16)
		fail("read() in strict mode returned %ld", c.ret);
}

static int n_workers;

/*
 * The driver: strict mode one time in 25; otherwise no_new_privs (or
 * CAP_SYS_ADMIN) and a script of random steps: attaches, a deep stack
 * now and then, other seccomp() operations, the listener closed, calls.
 */
static void *driver(void *arg)
{
	unsigned int steps, stack_at, i;

	rng = (uintptr_t)arg;
	my_tid = gettid();
	shm->tids[0] = my_tid;
	shm->roles[0] = 'D';
	wait_for_threads(n_workers);
	if (!model.priv && drop_cap(CAP_SYS_ADMIN)) {
		fail("cannot drop CAP_SYS_ADMIN");
		goto out;
	}
	if (chance(4)) {
		strict_script();
		goto out;
	}
	if (!model.priv) {
		/* Without either, an attach must fail with EACCES. */
		if (chance(50))
			attach_step();
		set_no_new_privs();
		model.nnp = true;
	} else if (chance(50)) {
		set_no_new_privs();
		model.nnp = true;
	}
	STORE(workers_go, 1);

	steps = 4 + below(MAX_STEPS - 4);
	/* Mostly first: filters attached before could refuse the attaches. */
	stack_at = !chance(STACK_PERCENT) ? steps : chance(60) ? 0 : below(steps);
	for (i = 0; i < steps && !LOAD(shm->done); i++) {
		unsigned int r = below(100);

		ADD(shm->beat, 1);
		if (i == stack_at)
			stack_step();
		else if (r < 30 && model.depth < MAX_CHAIN)
			attach_step();
		else if (r < 35)
			misc_seccomp_step();
		else if (r < 38)
			close_listener_step();
		else
			random_call();
	}
	set_step("finished");
out:
	if (!LOAD(shm->done))
		STORE(shm->done, 1);
	/* No more calls: the supervisor kills the sandbox. */
	for (;;)
		cpu_relax();
	return NULL;
}

/* The sandbox of an iteration: the driver's choices depend on @seed only. */
void sandbox(__u64 seed)
{
	pthread_t t;
	int i, sleepers;

	rng = seed;
	if (setup_sandbox()) {
		fail("set-up: errno %d", errno);
		_exit(1);
	}
	fill_pool();
	memset(&model, 0, sizeof(model));
	model.c_listener = -1;
	model.listener_at = -1;
	model.priv = !chance(8);
	model.divergent = chance(20);
	sleepers = below(3);
	n_workers = chance(25) ? 1 + below(2) : 0;
	STORE(shm->may_die, n_workers > 0);

	/* Slot 0 of sleeper_tids is this thread, which sleeps too. */
	my_tid = gettid();
	sleeper_tids[0] = my_tid;
	n_sleepers = 1;
	for (i = 0; i < sleepers + model.divergent; i++) {
		bool odd = model.divergent && i == sleepers;

		if (pthread_create(&t, NULL, odd ? divergent : sleeper,
				   (void *)(uintptr_t)n_sleepers++)) {
			fail("pthread_create: errno %d", errno);
			_exit(1);
		}
	}
	if (model.divergent) {
		while (!LOAD(divergent_ok))
			cpu_relax();
		if (LOAD(divergent_ok) != 1) {
			fail("the divergent thread could not attach its filter");
			_exit(1);
		}
		model.divergent_tid = LOAD(sleeper_tids[n_sleepers - 1]);
	}
	for (i = 0; i < n_workers; i++)
		if (pthread_create(&t, NULL, worker, (void *)(uintptr_t)rnd())) {
			fail("pthread_create: errno %d", errno);
			_exit(1);
		}
	if (pthread_create(&t, NULL, driver, (void *)(uintptr_t)rnd())) {
		fail("pthread_create: errno %d", errno);
		_exit(1);
	}
	/* This thread sleeps too, so that the driver is never the last. */
	sleep_forever();
}
