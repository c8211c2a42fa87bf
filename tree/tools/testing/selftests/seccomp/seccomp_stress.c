// SPDX-License-Identifier: GPL-2.0
/*
 * Stress: many processes under one chain, TSYNC racing itself and thread
 * exit and threads entering system calls, a listener closed and replaced
 * under hundreds of waiting calls, and filter dumps racing the death of
 * the tracee.
 *
 * Each test ends by checking that no filter outlived its users, two ways:
 * where a chain has a listener, its supervisor must see POLLHUP once the
 * last task using the chain is gone (an exact count of the references);
 * and where the kernel keeps filters in a slab cache of their own
 * ("seccomp_filter" in /proc/slabinfo, unmerged with slab_nomerge), the
 * number of live objects must come back to where it was.  Filters go on
 * exit and after an RCU grace period, so both are polled for a while.
 *
 * The work happens in child processes: the test process itself never
 * has a filter, so that its own do not count.
 */
#include "seccomp_common.h"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER	0x420c
#endif
#ifndef PTRACE_SECCOMP_GET_METADATA
#define PTRACE_SECCOMP_GET_METADATA	0x420d
#endif

/* struct seccomp_metadata of <linux/ptrace.h>, which clashes with libc's. */
struct filter_metadata {
	__u64 filter_off;
	__u64 flags;
};

#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ADD(x, v)	__atomic_add_fetch(&(x), (v), __ATOMIC_SEQ_CST)

#define SETTLE_MS	2000

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *shared_mem(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Without a shrink, the per-CPU slabs may hide a few dozen objects. */
static long filter_slack(void)
{
	return access("/sys/kernel/slab/seccomp_filter/shrink", W_OK) ? 128 : 4;
}

/*
 * Wait up to SETTLE_MS for the live filters to come back to @before (at
 * most); the last count seen.
 */
static long settle_filters(long before)
{
	long now = live_filters();
	int waited;

	for (waited = 0; now > before && waited < SETTLE_MS; waited += 20) {
		msleep(20);
		now = live_filters();
	}
	return now;
}

/* The live filters must come back to @before, counted at the start. */
static void check_no_leak(struct __test_metadata *_metadata, long before)
{
	long after;

	if (before < 0) {
		TH_LOG("no seccomp_filter slab cache (merged?): not counted");
		return;
	}
	after = settle_filters(before);
	EXPECT_GE(before + filter_slack(), after)
		TH_LOG("live filters: %ld before, %ld after", before, after);
}

/* Wait up to @ms for POLLHUP on @fd: the filter behind it has no user. */
static int wait_hangup(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int waited;

	for (waited = 0; waited <= ms; waited += 20) {
		pfd.revents = 0;
		if (poll(&pfd, 1, 20) > 0 && (pfd.revents & POLLHUP))
			return 0;
	}
	return -1;
}

/* Take file descriptor @fd of process @pid. */
static int steal_fd(pid_t pid, int fd)
{
	int pidfd = syscall(__NR_pidfd_open, pid, 0), ret;

	if (pidfd < 0)
		return -1;
	ret = syscall(__NR_pidfd_getfd, pidfd, fd, 0);
	close(pidfd);
	return ret;
}

/* A filter that answers getppid() with errno @err and allows the rest. */
static long deny_getppid(unsigned int flags, int err)
{
	return install_action(flags, __NR_getppid, SECCOMP_RET_ERRNO | err);
}

static int getppid_errno(void)
{
	errno = 0;
	return syscall(__NR_getppid) == -1 ? errno : 0;
}

/* ---------------------------------------------------------------------- */

#define CHAIN_DEPTH	10
#define STORM_PROCS	2000
#define STORM_WIDTH	32	/* processes alive at once, at most */

/*
 * One process of the storm: it must see the whole chain (the newest
 * filter's errno), then leaves in one of several ways.
 */
static void storm_child(unsigned int i)
{
	if (getppid_errno() != CHAIN_DEPTH)
		_exit(1);
	switch (i % 5) {
	case 0:
		/* A filter of its own on top, gone with it. */
		if (deny_getppid(0, 77) || getppid_errno() != 77)
			_exit(1);
		_exit(0);
	case 1: {
		/* A grandchild, that outlives nothing. */
		pid_t pid = fork();

		if (pid < 0)
			_exit(1);
		if (pid == 0)
			_exit(getppid_errno() == CHAIN_DEPTH ? 0 : 1);
		_exit(wait_status(pid) == 0 ? 0 : 1);
	}
	case 2:
		/* Killed by its own filter. */
		install_action(0, __NR_getpid, SECCOMP_RET_KILL_PROCESS);
		syscall(__NR_getpid);
		_exit(1);
	case 3:
		/* Killed from outside: the parent sends SIGKILL. */
		for (;;)
			pause();
	default:
		_exit(0);
	}
}

/* Expected end of storm child @i. */
static bool storm_status_ok(unsigned int i, int status)
{
	switch (i % 5) {
	case 2:
		return WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS;
	case 3:
		return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	default:
		return WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
}

/*
 * The root of the storm: attaches a 10-deep chain (the oldest with a
 * listener, for the supervisor's hang-up check), then forks the storm,
 * STORM_WIDTH processes at a time.  Exits with the number of processes
 * that ended wrongly.
 */
static void storm_root(int *listener_out)
{
	struct { pid_t pid; unsigned int n; } live[STORM_WIDTH];
	unsigned int started = 0, nlive = 0, bad = 0, i;
	int fd, d;

	if (set_no_new_privs())
		_exit(255);
	fd = install_action(SECCOMP_FILTER_FLAG_NEW_LISTENER, __NR_getppid,
			    SECCOMP_RET_ERRNO | 1);
	if (fd < 0)
		_exit(255);
	for (d = 2; d <= CHAIN_DEPTH; d++)
		if (deny_getppid(0, d))
			_exit(255);
	STORE(*listener_out, fd);

	while (started < STORM_PROCS || nlive) {
		int status;
		pid_t pid;

		while (nlive < STORM_WIDTH && started < STORM_PROCS) {
			pid = fork();
			if (pid < 0)
				_exit(254);
			if (pid == 0)
				storm_child(started);
			if (started % 5 == 3)
				kill(pid, SIGKILL);
			live[nlive].pid = pid;
			live[nlive++].n = started++;
		}
		pid = waitpid(-1, &status, 0);
		if (pid < 0)
			_exit(253);
		for (i = 0; i < nlive && live[i].pid != pid; i++)
			;
		if (i == nlive)
			continue;
		if (!storm_status_ok(live[i].n, status))
			bad++;
		live[i] = live[--nlive];
	}
	_exit(bad > 250 ? 250 : bad);
}

FIXTURE(stress) {};
FIXTURE_SETUP(stress) {}
FIXTURE_TEARDOWN(stress) {}

TEST_F_TIMEOUT(stress, fork_storm_under_shared_chain, 120)
{
	int *listener = shared_mem(sizeof(int));
	long before = live_filters(), start = now_ms();
	int fd, status, i;
	pid_t pid;

	ASSERT_NE(NULL, listener);
	STORE(*listener, -1);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		storm_root(listener);

	for (i = 0; i < 10000 && LOAD(*listener) < 0; i++)
		usleep(1000);
	ASSERT_LE(0, LOAD(*listener)) TH_LOG("the root attached no chain");
	fd = steal_fd(pid, LOAD(*listener));
	ASSERT_LE(0, fd);
	/* The chain is in use: no hang-up yet. */
	EXPECT_NE(0, wait_hangup(fd, 0));

	status = wait_status(pid);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("storm root: status %#x (exit code: processes that ended wrongly)",
		       status);
	/* Every process that held the chain is gone: so must be the chain. */
	EXPECT_EQ(0, wait_hangup(fd, SETTLE_MS))
		TH_LOG("the shared chain outlived its %d users", STORM_PROCS);
	TH_LOG("%d processes in %ld ms", STORM_PROCS, now_ms() - start);
	close(fd);
	munmap(listener, sizeof(int));
	check_no_leak(_metadata, before);
}

/* ---------------------------------------------------------------------- */

#define TSYNC_THREADS	64
#define TSYNC_ROUNDS	8

struct tsync_state {
	pthread_barrier_t start;
	int attached;		/* successful attaches, all threads */
	int failures;		/* results out of the expected set */
	int spawned;		/* threads that came and went meanwhile */
	int stop;
	pid_t odd_tid;		/* the thread with a filter of its own */
	int odd_alive;		/* it has not started to exit */
};

static struct tsync_state *ts;

/*
 * Race TSYNC attaches with the other threads' own.  Every thread shares
 * one chain, so every one must succeed; each adds one filter to all.
 */
static void *tsync_racer(void *arg)
{
	long i = (long)arg;
	int r;

	pthread_barrier_wait(&ts->start);
	for (r = 0; r < TSYNC_ROUNDS; r++) {
		long ret = deny_getppid(SECCOMP_FILTER_FLAG_TSYNC, 1 + i);

		if (ret == 0)
			ADD(ts->attached, 1);
		else
			ADD(ts->failures, 1);
	}
	/* Leaving while others still sync: TSYNC races thread exit. */
	return NULL;
}

/* Threads that start and exit during the race: clone and exit vs TSYNC. */
static void *short_lived(void *arg)
{
	return NULL;
}

static void *spawner(void *arg)
{
	while (!LOAD(ts->stop)) {
		pthread_t t;

		if (pthread_create(&t, NULL, short_lived, NULL) == 0) {
			pthread_join(t, NULL);
			ADD(ts->spawned, 1);
		}
	}
	return NULL;
}

/* The filters a thread has, from its own /proc/.../status. */
static long task_filters(pid_t tid)
{
	char path[64], line[256];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Seccomp_filters:", 16))
			n = strtol(line + 16, NULL, 10);
	fclose(f);
	return n;
}

/* Returns 0 if every check passed; a distinct code otherwise. */
static int tsync_process(void)
{
	pthread_t racers[TSYNC_THREADS], spawners[2];
	pid_t tid = gettid();
	long i, base;

	if (set_no_new_privs() || deny_getppid(0, 200))
		return 10;
	base = task_filters(tid);
	if (pthread_barrier_init(&ts->start, NULL, TSYNC_THREADS))
		return 11;
	for (i = 0; i < 2; i++)
		if (pthread_create(&spawners[i], NULL, spawner, NULL))
			return 12;
	for (i = 0; i < TSYNC_THREADS; i++)
		if (pthread_create(&racers[i], NULL, tsync_racer, (void *)i))
			return 13;
	for (i = 0; i < TSYNC_THREADS; i++)
		pthread_join(racers[i], NULL);
	STORE(ts->stop, 1);
	for (i = 0; i < 2; i++)
		pthread_join(spawners[i], NULL);

	if (LOAD(ts->failures) ||
	    LOAD(ts->attached) != TSYNC_THREADS * TSYNC_ROUNDS)
		return 14;
	/* All synced: this thread has every filter. */
	if (task_filters(tid) != base + TSYNC_THREADS * TSYNC_ROUNDS)
		return 15;
	/* The newest wins, whoever attached it: an errno of 1..64. */
	i = getppid_errno();
	if (i < 1 || i > TSYNC_THREADS)
		return 16;
	return 0;
}

TEST_F_TIMEOUT(stress, tsync_races_itself_and_thread_exit, 120)
{
	long before = live_filters();
	int status;
	pid_t pid;

	ts = shared_mem(sizeof(*ts));
	ASSERT_NE(NULL, ts);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(tsync_process());
	status = wait_status(pid);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("status %#x; %d attached of %d, %d failed, %d threads came and went",
		       status, ts->attached, TSYNC_THREADS * TSYNC_ROUNDS,
		       ts->failures, ts->spawned);
	EXPECT_LT(0, ts->spawned) TH_LOG("no thread exit raced the syncs");
	munmap(ts, sizeof(*ts));
	check_no_leak(_metadata, before);
}

/*
 * One thread has a filter of its own: while it lives, every TSYNC must
 * fail and name it (or fail with ESRCH, asked for); once it has exited,
 * every TSYNC must succeed.  Its exit races the attempts.
 */
static void *tsync_odd(void *arg)
{
	/* Named only once its chain differs, so that it blocks from then. */
	if (deny_getppid(0, 99))
		ADD(ts->failures, 1000);
	STORE(ts->odd_tid, gettid());
	while (!LOAD(ts->stop))
		usleep(500);
	STORE(ts->odd_alive, 0);
	return NULL;
}

static void *tsync_blocked(void *arg)
{
	long i = (long)arg;
	int r;

	pthread_barrier_wait(&ts->start);
	for (r = 0; r < TSYNC_ROUNDS * 4; r++) {
		bool esrch = r % 2;
		long ret = deny_getppid(SECCOMP_FILTER_FLAG_TSYNC |
					(esrch ? SECCOMP_FILTER_FLAG_TSYNC_ESRCH : 0),
					1 + i);

		if (ret == 0) {
			ADD(ts->attached, 1);
			/*
			 * Not yet exiting after the call: it was not
			 * during the call either, and blocked it.
			 */
			if (LOAD(ts->odd_alive))
				ADD(ts->failures, 1);
		} else if (esrch ? !(ret == -1 && errno == ESRCH) :
			   ret != LOAD(ts->odd_tid)) {
			ADD(ts->failures, 100);
		}
	}
	return NULL;
}

static int tsync_odd_process(void)
{
	pthread_t racers[TSYNC_THREADS - 1], odd;
	long i, after;

	if (set_no_new_privs())
		return 10;
	STORE(ts->odd_alive, 1);
	if (pthread_barrier_init(&ts->start, NULL, TSYNC_THREADS - 1) ||
	    pthread_create(&odd, NULL, tsync_odd, NULL))
		return 11;
	while (!LOAD(ts->odd_tid))
		usleep(100);
	for (i = 0; i < TSYNC_THREADS - 1; i++)
		if (pthread_create(&racers[i], NULL, tsync_blocked, (void *)i))
			return 12;
	msleep(20);
	STORE(ts->stop, 1);	/* the odd thread exits during the race */
	pthread_join(odd, NULL);
	/* Gone: now any TSYNC must succeed. */
	after = deny_getppid(SECCOMP_FILTER_FLAG_TSYNC, 123);
	for (i = 0; i < TSYNC_THREADS - 1; i++)
		pthread_join(racers[i], NULL);
	if (after != 0)
		return 13;
	return LOAD(ts->failures) ? 14 : 0;
}

TEST_F_TIMEOUT(stress, tsync_blocked_by_a_thread_that_exits, 120)
{
	long before = live_filters();
	int status;
	pid_t pid;

	ts = shared_mem(sizeof(*ts));
	ASSERT_NE(NULL, ts);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(tsync_odd_process());
	status = wait_status(pid);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("status %#x; failures %d, %d attached", status,
		       ts->failures, ts->attached);
	munmap(ts, sizeof(*ts));
	check_no_leak(_metadata, before);
}

/* ---------------------------------------------------------------------- */

#define NOTIFIERS	256
#define LISTENER_ROUNDS	4
#define ANSWER_BASE	1000

struct notify_state {
	int listener;		/* the sandbox's fd of this round's listener */
	int round;		/* bumped by the sandbox: a new listener */
	int fetched;		/* round whose listener the supervisor took */
	int closing;		/* round whose listener the supervisor closes */
	int closed;		/* round whose listener it has closed */
	int ended[NOTIFIERS];	/* last round in which each saw ENOSYS */
	int answered;
	int bad;		/* results neither an answer nor ENOSYS */
	long bad_value;
	int bad_errno;
};

static struct notify_state *ns;

/*
 * A notifier: calls getppid() until the listener of this round is closed
 * (ENOSYS), then waits for the next round's filter.
 */
static void *notifier(void *arg)
{
	long i = (long)arg;
	int round;

	for (round = 1; round <= LISTENER_ROUNDS; round++) {
		/*
		 * Not sooner: 256 threads polling faster than this starve
		 * the sandbox and the supervisor on a debug kernel.
		 */
		while (LOAD(ns->round) < round)
			usleep(50000);
		for (;;) {
			long ret;

			errno = 0;
			ret = syscall(__NR_getppid, i);
			if (ret == ANSWER_BASE + i) {
				ADD(ns->answered, 1);
				continue;
			}
			if (ret == -1 && errno == ENOSYS) {
				/* Once the round's listener is gone. */
				if (LOAD(ns->closing) < round) {
					STORE(ns->bad_value, ret);
					ADD(ns->bad, 1);
				}
				STORE(ns->ended[i], round);
				break;
			}
			STORE(ns->bad_value, ret);
			STORE(ns->bad_errno, errno);
			ADD(ns->bad, 1);
			break;
		}
	}
	return NULL;
}

/*
 * The sandbox: each round attaches a new getppid() listener filter to
 * every thread (TSYNC; the previous listener is closed by then), hands
 * its fd to the supervisor and closes its own copy.
 */
static void notify_sandbox(void)
{
	pthread_t threads[NOTIFIERS];
	long i;
	int round;

	if (set_no_new_privs())
		_exit(10);
	for (i = 0; i < NOTIFIERS; i++)
		if (pthread_create(&threads[i], NULL, notifier, (void *)i))
			_exit(11);
	for (round = 1; round <= LISTENER_ROUNDS; round++) {
		long fd;

		/*
		 * The previous round's listener must be released first, and
		 * every notifier done with it: a late call would otherwise
		 * wait on this round's listener while the supervisor waits
		 * for its ENOSYS.
		 */
		while (LOAD(ns->closed) < round - 1)
			usleep(500);
		for (i = 0; i < NOTIFIERS; i++)
			while (LOAD(ns->ended[i]) < round - 1 && !LOAD(ns->bad))
				usleep(500);
		fd = install_action(SECCOMP_FILTER_FLAG_NEW_LISTENER |
				    SECCOMP_FILTER_FLAG_TSYNC |
				    SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
				    __NR_getppid, SECCOMP_RET_USER_NOTIF);
		if (fd < 0)
			_exit(20 + round);
		STORE(ns->listener, fd);
		STORE(ns->round, round);
		while (LOAD(ns->fetched) < round)
			usleep(200);
		close(fd);
	}
	for (i = 0; i < NOTIFIERS; i++)
		pthread_join(threads[i], NULL);
	_exit(0);
}

/*
 * Threads outside seccomp, in a tight loop of system calls, are put in
 * filter mode by a sibling's TSYNC.  The entry code sees the work bit
 * appear under a running thread; on a weakly ordered CPU it must still
 * see the chain published before it, and never filter mode without one
 * (which kills the process).  Each thread stops once the filter answers
 * it, so every round also checks that the chain reached every thread.
 */
#define ENTRY_ROUNDS	200
#define ENTRY_THREADS	3
#define ENTRY_ERRNO	77

static void *enter_calls(void *arg)
{
	long *calls = arg;

	while (syscall(__NR_getppid) >= 0)
		__atomic_add_fetch(calls, 1, __ATOMIC_RELAXED);
	return errno == ENTRY_ERRNO ? NULL : (void *)1L;
}

static int tsync_under_entry_process(void)
{
	long calls[ENTRY_THREADS] = { 0 };
	pthread_t threads[ENTRY_THREADS];
	void *failed;
	int i;

	if (set_no_new_privs())
		return 10;
	for (i = 0; i < ENTRY_THREADS; i++)
		if (pthread_create(&threads[i], NULL, enter_calls, &calls[i]))
			return 11;
	/* Let them all be in their loops. */
	for (i = 0; i < ENTRY_THREADS; i++)
		while (!__atomic_load_n(&calls[i], __ATOMIC_RELAXED))
			sched_yield();
	if (deny_getppid(SECCOMP_FILTER_FLAG_TSYNC, ENTRY_ERRNO))
		return 12;
	for (i = 0; i < ENTRY_THREADS; i++) {
		if (pthread_join(threads[i], &failed) || failed)
			return 13;
	}
	return 0;
}

TEST_F_TIMEOUT(stress, tsync_while_threads_enter_calls, 300)
{
	long before = live_filters();
	int round, status;
	pid_t pid;

	for (round = 0; round < ENTRY_ROUNDS; round++) {
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0)
			_exit(tsync_under_entry_process());
		status = wait_status(pid);
		ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("round %d: status %#x", round, status);
	}
	check_no_leak(_metadata, before);
}

/* Answer notifications on @fd for about @ms; how many were answered. */
static int serve_for(struct __test_metadata *_metadata, int fd, int ms)
{
	struct timespec t0, t;
	int served = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct seccomp_notif req;
		struct seccomp_notif_resp resp = { 0 };

		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000 >= ms)
			break;
		if (poll(&pfd, 1, 5) <= 0)
			continue;
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req))
			continue;
		resp.id = req.id;
		resp.val = ANSWER_BASE + req.data.args[0];
		EXPECT_EQ(0, ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp))
			TH_LOG("SEND: %s", strerror(errno));
		served++;
	}
	return served;
}

TEST_F_TIMEOUT(stress, listener_closed_under_256_notifiers, 300)
{
	long before = live_filters();
	int round, i, status, served = 0;
	pid_t pid;

	ns = shared_mem(sizeof(*ns));
	ASSERT_NE(NULL, ns);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		notify_sandbox();

	for (round = 1; round <= LISTENER_ROUNDS; round++) {
		int fd, waited;

		for (waited = 0; LOAD(ns->round) < round && waited < 10000;
		     waited++)
			usleep(1000);
		ASSERT_EQ(round, LOAD(ns->round)) TH_LOG("no listener %d", round);
		fd = steal_fd(pid, LOAD(ns->listener));
		ASSERT_LE(0, fd) TH_LOG("pidfd_getfd: %s", strerror(errno));
		STORE(ns->fetched, round);

		/* Answer for a while, then close with calls in flight. */
		served += serve_for(_metadata, fd, 150 + 100 * round);
		STORE(ns->closing, round);
		close(fd);
		STORE(ns->closed, round);

		/* Every notifier must get ENOSYS: none may hang. */
		for (i = 0, waited = 0; i < NOTIFIERS && waited < 10000; ) {
			if (LOAD(ns->ended[i]) >= round || LOAD(ns->bad)) {
				i++;
				continue;
			}
			usleep(1000);
			waited++;
		}
		ASSERT_EQ(NOTIFIERS, i)
			TH_LOG("round %d: notifier %d never got ENOSYS", round, i);
		ASSERT_EQ(0, LOAD(ns->bad))
			TH_LOG("round %d: %d bad results (%ld, errno %d)",
			       round, ns->bad, ns->bad_value, ns->bad_errno);
	}
	status = wait_status(pid);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("sandbox status %#x", status);
	EXPECT_LT(0, served);
	EXPECT_EQ(served, LOAD(ns->answered))
		TH_LOG("%d answers sent, %d received", served, ns->answered);
	munmap(ns, sizeof(*ns));
	check_no_leak(_metadata, before);
}

/*
 * And the other way to lose the listener: the sandbox killed with 256
 * calls waiting.  The supervisor sees POLLHUP, its requests ENOENT.
 */
TEST_F_TIMEOUT(stress, sandbox_killed_under_256_notifiers, 300)
{
	long before = live_filters();
	struct seccomp_notif_resp resp = { 0 };
	struct seccomp_notif req;
	int fd, i, waited;
	pid_t pid;

	ns = shared_mem(sizeof(*ns));
	ASSERT_NE(NULL, ns);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		notify_sandbox();
	for (waited = 0; LOAD(ns->round) < 1 && waited < 10000; waited++)
		usleep(1000);
	ASSERT_EQ(1, LOAD(ns->round));
	fd = steal_fd(pid, LOAD(ns->listener));
	ASSERT_LE(0, fd);
	STORE(ns->fetched, 1);

	/* Take some notifications, and leave them unanswered. */
	for (i = 0; i < 16; i++) {
		memset(&req, 0, sizeof(req));
		ASSERT_EQ(0, ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req));
	}
	kill(pid, SIGKILL);
	EXPECT_TRUE(WIFSIGNALED(wait_status(pid)));
	EXPECT_EQ(0, wait_hangup(fd, SETTLE_MS))
		TH_LOG("no POLLHUP after the sandbox died");
	/* The last one received, never answered: gone with its caller. */
	resp.id = req.id;
	EXPECT_EQ(-1, ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp));
	EXPECT_EQ(ENOENT, errno);
	close(fd);
	munmap(ns, sizeof(*ns));
	check_no_leak(_metadata, before);
}

/* ---------------------------------------------------------------------- */

#define DUMP_FILTERS	5
#define DUMP_ROUNDS	150

/* Filter k of the tracee: k + 3 instructions, recognisable. */
static int dump_filter(unsigned int k, struct sock_filter *insns)
{
	unsigned int n = 0, j;

	insns[n++] = (struct sock_filter)LD_ABS(SD_NR);
	for (j = 0; j < k + 1; j++)
		insns[n++] = (struct sock_filter)JEQ_K(1000 + 10 * k + j, 0, 0);
	insns[n++] = (struct sock_filter)RET_K(SECCOMP_RET_ALLOW | k);
	return n;
}

static void dump_tracee(void)
{
	struct sock_filter insns[16];
	unsigned int k;

	/* Gone with the test, should it stop half-way. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) ||
	    ptrace(PTRACE_TRACEME, 0, 0, 0) || set_no_new_privs())
		_exit(1);
	for (k = 0; k < DUMP_FILTERS; k++) {
		unsigned int len = dump_filter(k, insns);

		if (install_prog(k % 2 ? SECCOMP_FILTER_FLAG_LOG : 0, insns,
				 len))
			_exit(2);
	}
	raise(SIGSTOP);
	for (;;)
		pause();
}

struct killer {
	pid_t pid;
	int delay_us;
};

static void *killer(void *arg)
{
	struct killer *k = arg;

	usleep(k->delay_us);
	kill(k->pid, SIGKILL);
	return NULL;
}

/*
 * One dump, checked: the whole program as attached, or ESRCH once the
 * tracee is going.  Returns 1 if it got a program, 0 if ESRCH, -1 if
 * wrong.
 */
static int check_dump(pid_t pid, unsigned int index, bool meta)
{
	struct sock_filter got[16], want[16];
	long ret;

	if (meta) {
		struct filter_metadata md = { .filter_off = index };
		/* Index 0 is the oldest filter, the tracee's first. */
		unsigned int k = index;

		ret = ptrace(PTRACE_SECCOMP_GET_METADATA, pid, sizeof(md), &md);
		if (ret == -1)
			return errno == ESRCH ? 0 : -1;
		return ret == sizeof(md) &&
		       md.flags == (k % 2 ? SECCOMP_FILTER_FLAG_LOG : 0) ? 1 : -1;
	}
	memset(got, 0, sizeof(got));
	ret = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, index, got);
	if (ret == -1)
		return errno == ESRCH ? 0 : -1;
	if (ret != dump_filter(index, want) ||
	    memcmp(got, want, ret * sizeof(want[0]))) {
		fprintf(stderr, "# filter %u: %ld instructions, first %#x/%#x\n",
			index, ret, got[0].code, got[0].k);
		return -1;
	}
	return 1;
}

TEST_F_TIMEOUT(stress, get_filter_races_tracee_exit, 120)
{
	long before = live_filters();
	int round, dumped = 0, refused = 0;

	for (round = 0; round < DUMP_ROUNDS; round++) {
		struct killer k;
		pthread_t t;
		int status, i, r = 1;
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0)
			dump_tracee();
		status = wait_status(pid);
		ASSERT_TRUE(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP)
			TH_LOG("tracee status %#x", status);
		/* While it is stopped, everything is there. */
		ASSERT_EQ(1, check_dump(pid, round % DUMP_FILTERS, false));
		errno = 0;
		ASSERT_EQ(-1, ptrace(PTRACE_SECCOMP_GET_FILTER, pid,
				     DUMP_FILTERS, NULL));
		ASSERT_EQ(ENOENT, errno);

		k.pid = pid;
		k.delay_us = (round * 37) % 2000;
		ASSERT_EQ(0, pthread_create(&t, NULL, killer, &k));
		for (i = 0; r != 0; i++) {
			r = check_dump(pid, i % DUMP_FILTERS, i % 3 == 2);
			ASSERT_LE(0, r) TH_LOG("round %d, dump %d: wrong result (errno %d)",
					       round, i, errno);
			dumped += r;
		}
		refused++;
		pthread_join(t, NULL);
		status = wait_status(pid);
		ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			TH_LOG("tracee status %#x", status);
		/* Reaped: still ESRCH, nothing read from freed filters. */
		ASSERT_EQ(0, check_dump(pid, 0, false));
	}
	EXPECT_LT(0, dumped);
	EXPECT_EQ(DUMP_ROUNDS, refused);
	check_no_leak(_metadata, before);
}

TEST_HARNESS_MAIN
