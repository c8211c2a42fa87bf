// SPDX-License-Identifier: GPL-2.0
/*
 * Who gets a filter: children and threads created after it is attached,
 * the same process after execve(), and with SECCOMP_FILTER_FLAG_TSYNC every
 * thread of the process, all or none.  /proc/PID/status follows.
 *
 * The filters here deny getppid() with EXDEV, so that a thread can tell
 * whether it has them.
 */
#include "seccomp_common.h"

#include <pthread.h>

#define DENIED EXDEV
#define EXEC_HELPER_ENV "SECCOMP_INHERIT_EXEC_HELPER"
#define NTHREADS 64

static long deny_getppid(unsigned int flags)
{
	return install_action(flags, __NR_getppid, SECCOMP_RET_ERRNO | DENIED);
}

/* Whether the calling thread has the filter from deny_getppid(). */
static bool denied(void)
{
	errno = 0;
	return syscall(__NR_getppid) == -1 && errno == DENIED;
}

static long task_field(pid_t tid, const char *field)
{
	char path[64], line[256];
	size_t n = strlen(field);
	long value = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, field, n) && line[n] == ':') {
			value = strtol(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return value;
}

/*
 * After execve() of /proc/self/exe with EXEC_HELPER_ENV=N in the
 * environment, this runs instead of the tests: it checks that the process
 * still has its N filters and no_new_privs, and exits 0 if so.
 */
static void __attribute__((constructor)) exec_helper(void)
{
	const char *expect = getenv(EXEC_HELPER_ENV);

	if (!expect)
		return;
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != SECCOMP_MODE_FILTER)
		_exit(10);
	if (proc_status_field(0, "Seccomp_filters") != atol(expect))
		_exit(11);
	if (!denied())
		_exit(12);
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		_exit(13);
	_exit(0);
}

TEST(status_fields)
{
	EXPECT_EQ(SECCOMP_MODE_DISABLED, proc_status_field(0, "Seccomp"));
	EXPECT_EQ(0, proc_status_field(0, "Seccomp_filters"));
	ASSERT_EQ(0, deny_getppid(0));
	EXPECT_EQ(SECCOMP_MODE_FILTER, proc_status_field(0, "Seccomp"));
	EXPECT_EQ(1, proc_status_field(0, "Seccomp_filters"));
	ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
	EXPECT_EQ(SECCOMP_MODE_FILTER, proc_status_field(0, "Seccomp"));
	EXPECT_EQ(2, proc_status_field(0, "Seccomp_filters"));
	EXPECT_EQ(2, proc_status_field(getpid(), "Seccomp_filters"));
}

TEST(fork_inherits_the_chain)
{
	int status;
	pid_t pid;

	ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
	ASSERT_EQ(0, deny_getppid(0));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (!denied())
			_exit(1);
		if (proc_status_field(0, "Seccomp_filters") != 2)
			_exit(2);
		/* The child's own filter is its own. */
		if (install_const(0, SECCOMP_RET_ALLOW))
			_exit(3);
		if (proc_status_field(0, "Seccomp_filters") != 3)
			_exit(4);
		_exit(0);
	}
	status = wait_status(pid);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(2, proc_status_field(0, "Seccomp_filters"));
}

TEST(later_filters_are_not_shared)
{
	int go[2], status;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		_exit(denied() || prctl(PR_GET_SECCOMP, 0, 0, 0, 0) ? 2 : 0);
	}
	ASSERT_EQ(0, deny_getppid(0));
	EXPECT_EQ(0, proc_status_field(pid, "Seccomp_filters"));
	EXPECT_EQ(SECCOMP_MODE_DISABLED, proc_status_field(pid, "Seccomp"));
	ASSERT_EQ(1, write(go[1], "x", 1));
	status = wait_status(pid);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

static void *report_denied(void *arg)
{
	return denied() ? (void *)1 : NULL;
}

TEST(threads_created_after_inherit)
{
	pthread_t thread;
	void *got;

	ASSERT_EQ(0, deny_getppid(0));
	ASSERT_EQ(0, pthread_create(&thread, NULL, report_denied, NULL));
	ASSERT_EQ(0, pthread_join(thread, &got));
	EXPECT_EQ((void *)1, got);
}

/* A thread parked until released, for the tests that need it alive. */
struct parked {
	pthread_t thread;
	pid_t tid;
	int go[2];		/* written by the main thread to release */
	int ready[2];		/* written by the thread when set up */
	void (*setup)(struct parked *p);
	bool denied;		/* after release: getppid() was denied */
	long no_new_privs;	/* after release */
	long store_bypass;	/* after release: its speculation control */
};

static long store_bypass_ctrl(void)
{
	return prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0);
}

static void *parked_main(void *arg)
{
	struct parked *p = arg;
	char c = 'r';

	p->tid = syscall(__NR_gettid);
	if (p->setup)
		p->setup(p);
	if (write(p->ready[1], &c, 1) != 1 || read(p->go[0], &c, 1) != 1)
		return NULL;
	p->denied = denied();
	p->no_new_privs = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	p->store_bypass = store_bypass_ctrl();
	return NULL;
}

static int park(struct parked *p, void (*setup)(struct parked *p))
{
	char c;

	memset(p, 0, sizeof(*p));
	p->setup = setup;
	if (pipe(p->go) || pipe(p->ready))
		return -1;
	if (pthread_create(&p->thread, NULL, parked_main, p))
		return -1;
	return read(p->ready[0], &c, 1) == 1 ? 0 : -1;
}

static int unpark(struct parked *p)
{
	if (write(p->go[1], "g", 1) != 1)
		return -1;
	return pthread_join(p->thread, NULL);
}

TEST(threads_created_before_are_not_affected)
{
	struct parked p;

	ASSERT_EQ(0, park(&p, NULL));
	ASSERT_EQ(0, deny_getppid(0));
	EXPECT_TRUE(denied());
	EXPECT_EQ(0, task_field(p.tid, "Seccomp_filters"));
	ASSERT_EQ(0, unpark(&p));
	EXPECT_FALSE(p.denied);
}

TEST(exec_keeps_the_chain)
{
	static char * const argv[] = { "seccomp_inherit", NULL };
	static char * const envp[] = { EXEC_HELPER_ENV "=3", NULL };
	int status;
	pid_t pid;

	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
	ASSERT_EQ(0, deny_getppid(0));
	ASSERT_EQ(0, install_const(SECCOMP_FILTER_FLAG_LOG, SECCOMP_RET_ALLOW));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		execve("/proc/self/exe", argv, envp);
		_exit(20);
	}
	status = wait_status(pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("10: mode, 11: count, 12: filter, 13: nnp, 20: exec");
}

/* The exec helper fails without the chain: a check of the check. */
TEST(exec_helper_sees_no_chain_without_filters)
{
	static char * const argv[] = { "seccomp_inherit", NULL };
	static char * const envp[] = { EXEC_HELPER_ENV "=0", NULL };
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		execve("/proc/self/exe", argv, envp);
		_exit(20);
	}
	status = wait_status(pid);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(10, WEXITSTATUS(status));
}

TEST(tsync_reaches_every_thread)
{
	struct parked *p = calloc(NTHREADS, sizeof(*p));
	int i, n = 0;

	ASSERT_NE(NULL, p);
	for (i = 0; i < NTHREADS; i++)
		ASSERT_EQ(0, park(&p[i], NULL)) TH_LOG("thread %d", i);

	ASSERT_EQ(0, deny_getppid(SECCOMP_FILTER_FLAG_TSYNC))
		TH_LOG("TSYNC: %s", strerror(errno));
	for (i = 0; i < NTHREADS; i++) {
		EXPECT_EQ(SECCOMP_MODE_FILTER, task_field(p[i].tid, "Seccomp"));
		EXPECT_EQ(1, task_field(p[i].tid, "Seccomp_filters"));
	}
	for (i = 0; i < NTHREADS; i++) {
		ASSERT_EQ(0, unpark(&p[i]));
		n += p[i].denied;
	}
	EXPECT_EQ(NTHREADS, n);
	EXPECT_TRUE(denied());
	free(p);
}

TEST(tsync_over_an_ancestor_chain)
{
	struct parked p;

	ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
	ASSERT_EQ(0, park(&p, NULL));
	ASSERT_EQ(0, install_const(0, SECCOMP_RET_LOG));
	/* The thread has the first filter, we have two: it can catch up. */
	ASSERT_EQ(0, deny_getppid(SECCOMP_FILTER_FLAG_TSYNC));
	EXPECT_EQ(3, task_field(p.tid, "Seccomp_filters"));
	ASSERT_EQ(0, unpark(&p));
	EXPECT_TRUE(p.denied);
}

static void own_filter(struct parked *p)
{
	install_const(0, SECCOMP_RET_ALLOW);
}

/*
 * TSYNC fails when a thread has a filter that the caller's chain does not
 * contain: the result is that thread's TID, and no thread changes.
 */
TEST(tsync_fails_with_the_tid_of_a_divergent_thread)
{
	struct parked bystander, rebel;
	long ret;

	ASSERT_EQ(0, park(&bystander, NULL));
	ASSERT_EQ(0, park(&rebel, own_filter));
	ASSERT_EQ(1, task_field(rebel.tid, "Seccomp_filters"));

	ret = deny_getppid(SECCOMP_FILTER_FLAG_TSYNC);
	EXPECT_EQ(rebel.tid, ret);
	EXPECT_EQ(0, proc_status_field(0, "Seccomp_filters"));
	EXPECT_EQ(SECCOMP_MODE_DISABLED, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	EXPECT_EQ(0, task_field(bystander.tid, "Seccomp_filters"));
	EXPECT_EQ(1, task_field(rebel.tid, "Seccomp_filters"));
	EXPECT_FALSE(denied());

	ASSERT_EQ(0, unpark(&bystander));
	ASSERT_EQ(0, unpark(&rebel));
	EXPECT_FALSE(bystander.denied);
	EXPECT_FALSE(rebel.denied);
}

TEST(tsync_esrch_fails_with_esrch)
{
	struct parked rebel;

	ASSERT_EQ(0, park(&rebel, own_filter));
	errno = 0;
	EXPECT_EQ(-1, deny_getppid(SECCOMP_FILTER_FLAG_TSYNC |
				   SECCOMP_FILTER_FLAG_TSYNC_ESRCH));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(0, proc_status_field(0, "Seccomp_filters"));
	EXPECT_FALSE(denied());
	ASSERT_EQ(0, unpark(&rebel));
	EXPECT_FALSE(rebel.denied);
}

/* A thread in strict mode cannot be given a filter either. */
static void *strict_thread(void *arg)
{
	struct parked *p = arg;
	char c;

	p->tid = syscall(__NR_gettid);
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
		return NULL;
	syscall(__NR_write, p->ready[1], "r", 1);
	syscall(__NR_read, p->go[0], &c, 1);
	syscall(__NR_exit, 0);
	return NULL;
}

TEST(tsync_fails_with_the_tid_of_a_strict_thread)
{
	struct parked p;
	char c;

	memset(&p, 0, sizeof(p));
	ASSERT_EQ(0, pipe(p.go));
	ASSERT_EQ(0, pipe(p.ready));
	ASSERT_EQ(0, pthread_create(&p.thread, NULL, strict_thread, &p));
	ASSERT_EQ(1, read(p.ready[0], &c, 1));
	EXPECT_EQ(SECCOMP_MODE_STRICT, task_field(p.tid, "Seccomp"));

	EXPECT_EQ(p.tid, deny_getppid(SECCOMP_FILTER_FLAG_TSYNC));
	EXPECT_EQ(SECCOMP_MODE_DISABLED, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	ASSERT_EQ(0, unpark(&p));
}

TEST(tsync_propagates_no_new_privs)
{
	struct parked p;

	ASSERT_EQ(0, park(&p, NULL));
	ASSERT_EQ(0, set_no_new_privs());
	EXPECT_EQ(0, task_field(p.tid, "NoNewPrivs"));
	ASSERT_EQ(0, deny_getppid(SECCOMP_FILTER_FLAG_TSYNC));
	EXPECT_EQ(1, task_field(p.tid, "NoNewPrivs"));
	ASSERT_EQ(0, unpark(&p));
	EXPECT_EQ(1, p.no_new_privs);
	EXPECT_TRUE(p.denied);
}

static void attach_spec_allowed_tsync(struct parked *p)
{
	install_const(SECCOMP_FILTER_FLAG_TSYNC |
		      SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_RET_ALLOW);
}

/*
 * TSYNC puts threads outside seccomp in filter mode, with the caller's
 * flags; a thread already in filter mode keeps what it chose, so a
 * TSYNC without SECCOMP_FILTER_FLAG_SPEC_ALLOW does not force the
 * speculation mitigations on a thread that attached with it (6.1).
 * Where seccomp forces no mitigation, there is nothing to see.
 */
TEST(tsync_keeps_the_speculation_choice_of_filtered_threads)
{
	long before, mine;
	struct parked p;

	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, park(&p, attach_spec_allowed_tsync));
	ASSERT_EQ(SECCOMP_MODE_FILTER, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	before = store_bypass_ctrl();
	ASSERT_EQ(0, deny_getppid(SECCOMP_FILTER_FLAG_TSYNC));
	mine = store_bypass_ctrl();
	ASSERT_EQ(0, unpark(&p));
	EXPECT_TRUE(p.denied);
	if (mine < 0 || mine == before || !(mine & PR_SPEC_FORCE_DISABLE))
		SKIP(return, "seccomp forces no store bypass mitigation here (%ld, then %ld)",
		     before, mine);
	EXPECT_EQ(before, p.store_bypass);
}

TEST(without_tsync_no_new_privs_stays_per_thread)
{
	struct parked p;

	ASSERT_EQ(0, park(&p, NULL));
	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, deny_getppid(0));
	ASSERT_EQ(0, unpark(&p));
	EXPECT_EQ(0, p.no_new_privs);
	EXPECT_FALSE(p.denied);
}

TEST_HARNESS_MAIN
