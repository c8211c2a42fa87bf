// SPDX-License-Identifier: GPL-2.0
/*
 * SECCOMP_RET_TRACE: the call is handed to a ptrace tracer that asked for
 * PTRACE_O_TRACESECCOMP.  It stops at PTRACE_EVENT_SECCOMP with the filter's
 * data as event message and may change the call; whatever call it leaves
 * is checked by the filters again.  Without such a tracer the call fails
 * with ENOSYS.
 *
 * The test process is the tracer; the tracee is a child that attaches its
 * filters once traced, makes one call and reports its result through
 * shared memory.
 */
#include "seccomp_common.h"

#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <linux/elf.h>

struct call_result {
	int done;
	long ret;
	int err;
	int fd_created;	/* for dup(): whether a new fd appeared */
};

/* What the tracer does at the first seccomp stop. */
struct plan {
	bool set_nr;
	long nr;
	bool set_ret;
	long ret;
};

struct trace_log {
	int events;
	unsigned long msg[4];
	long nr[4];	/* the call number the tracer saw */
};

/*
 * A stopped tracee's call number and result register.  On x86_64 both are
 * in the general registers (orig_rax, rax).  On arm64 the result is x0 of
 * the NT_PRSTATUS set, and the number has a register set of its own,
 * NT_ARM_SYSTEM_CALL: writing x8 would not change the call.
 */
#if defined(__x86_64__)
static int get_call(pid_t pid, long *nr)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, pid, 0, &regs))
		return -1;
	*nr = regs.orig_rax;
	return 0;
}

static int set_call(pid_t pid, const struct plan *plan)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, pid, 0, &regs))
		return -1;
	if (plan->set_nr)
		regs.orig_rax = plan->nr;
	if (plan->set_ret)
		regs.rax = plan->ret;
	return ptrace(PTRACE_SETREGS, pid, 0, &regs);
}
#elif defined(__aarch64__)
static int get_call(pid_t pid, long *nr)
{
	int scno;
	struct iovec iov = { .iov_base = &scno, .iov_len = sizeof(scno) };

	if (ptrace(PTRACE_GETREGSET, pid, NT_ARM_SYSTEM_CALL, &iov))
		return -1;
	*nr = scno;
	return 0;
}

static int set_call(pid_t pid, const struct plan *plan)
{
	struct user_regs_struct regs;
	struct iovec iov = { .iov_base = &regs, .iov_len = sizeof(regs) };
	int scno = plan->nr;

	if (plan->set_ret) {
		if (ptrace(PTRACE_GETREGSET, pid, NT_PRSTATUS, &iov))
			return -1;
		regs.regs[0] = plan->ret;
		if (ptrace(PTRACE_SETREGSET, pid, NT_PRSTATUS, &iov))
			return -1;
	}
	if (plan->set_nr) {
		iov.iov_base = &scno;
		iov.iov_len = sizeof(scno);
		if (ptrace(PTRACE_SETREGSET, pid, NT_ARM_SYSTEM_CALL, &iov))
			return -1;
	}
	return 0;
}
#else
#error "get_call() and set_call() are written for x86_64 and arm64"
#endif

static struct call_result *result;

static struct call_result *shared_result(void)
{
	void *p = mmap(NULL, sizeof(*result), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, sizeof(*result));
	return p;
}

/*
 * A filter returning @ret1 for call @nr1 and @ret2 for call @nr2, allowing
 * everything else.
 */
static long install_two(__u32 nr1, __u32 ret1, __u32 nr2, __u32 ret2)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(nr1, 0, 1),
		RET_K(ret1),
		JEQ_K(nr2, 0, 1),
		RET_K(ret2),
		RET_K(SECCOMP_RET_ALLOW),
	};

	return INSTALL(0, insns);
}

static void call(long nr)
{
	long ret;

	errno = 0;
	ret = syscall(nr, 0);
	result->err = errno;
	result->ret = ret;
	result->done = 1;
}

/*
 * Fork a tracee that stops, runs @setup (which attaches filters and makes
 * the call), and exits 0.  Trace it, with PTRACE_O_TRACESECCOMP if
 * @tracesecomp, applying @plan at the first seccomp stop.  Returns the
 * tracee's wait status.
 */
static int run_traced(void (*setup)(void), bool tracesecomp,
		      const struct plan *plan, struct trace_log *log)
{
	int status, sig;
	pid_t pid;

	memset(log, 0, sizeof(*log));
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		no_core_dumps();
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(50);
		raise(SIGSTOP);
		setup();
		_exit(0);
	}
	status = wait_status(pid);
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
		return -1;
	if (ptrace(PTRACE_SETOPTIONS, pid, 0,
		   PTRACE_O_EXITKILL |
		   (tracesecomp ? PTRACE_O_TRACESECCOMP : 0)))
		return -1;
	sig = 0;
	for (;;) {
		if (ptrace(PTRACE_CONT, pid, 0, sig))
			return -1;
		status = wait_status(pid);
		if (status == -1 || !WIFSTOPPED(status))
			return status;
		sig = 0;
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
			unsigned long msg = 0;
			int i = log->events++;
			long nr;

			ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
			if (get_call(pid, &nr))
				return -1;
			if (i < 4) {
				log->msg[i] = msg;
				log->nr[i] = nr;
			}
			if (i == 0 && plan && (plan->set_nr || plan->set_ret) &&
			    set_call(pid, plan))
				return -1;
		} else if (WSTOPSIG(status) != SIGTRAP) {
			sig = WSTOPSIG(status);
		}
	}
}

/* Tracee set-ups. */

static __u32 trace_data;

static void trace_getppid(void)
{
	if (install_action(0, __NR_getppid, SECCOMP_RET_TRACE | trace_data))
		_exit(51);
	call(__NR_getppid);
}

/* dup(0), telling whether it made a new descriptor. */
static void trace_dup(void)
{
	int fd = dup(0);

	if (fd < 0 || close(fd))
		_exit(52);
	if (install_action(0, __NR_dup, SECCOMP_RET_TRACE))
		_exit(51);
	call(__NR_dup);
	result->fd_created = fcntl(fd, F_GETFD) != -1;
}

/* getppid() is traced; gettid() gets the action in gettid_ret. */
static __u32 gettid_ret;

static void trace_getppid_other_gettid(void)
{
	if (install_two(__NR_getppid, SECCOMP_RET_TRACE | 1,
			__NR_gettid, gettid_ret))
		_exit(51);
	call(__NR_getppid);
}

/* The event message, for a few values of the filter's data. */
FIXTURE(trace_data) {
	struct trace_log log;
};

FIXTURE_VARIANT(trace_data) {
	__u32 data;
};

FIXTURE_VARIANT_ADD(trace_data, data_0) { .data = 0 };
FIXTURE_VARIANT_ADD(trace_data, data_0x1234) { .data = 0x1234 };
FIXTURE_VARIANT_ADD(trace_data, data_0xffff) { .data = 0xffff };

FIXTURE_SETUP(trace_data)
{
	result = shared_result();
	ASSERT_NE(NULL, result);
}

FIXTURE_TEARDOWN(trace_data) {}

TEST_F(trace_data, event_carries_the_data)
{
	int status;

	trace_data = variant->data;
	status = run_traced(trace_getppid, true, NULL, &self->log);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(1, self->log.events);
	EXPECT_EQ(variant->data, self->log.msg[0]);
	EXPECT_EQ(__NR_getppid, self->log.nr[0]);
	/* Left alone by the tracer, the call runs. */
	ASSERT_TRUE(result->done);
	EXPECT_EQ(getpid(), result->ret);
}

TEST_F(trace_data, tracer_without_tracesecomp_means_enosys)
{
	int status;

	trace_data = variant->data;
	status = run_traced(trace_getppid, false, NULL, &self->log);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	ASSERT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, self->log.events);
	ASSERT_TRUE(result->done);
	EXPECT_EQ(-1, result->ret);
	EXPECT_EQ(ENOSYS, result->err);
}

TEST_F(trace_data, no_tracer_means_enosys)
{
	ASSERT_EQ(0, install_action(0, __NR_getppid,
				    SECCOMP_RET_TRACE | variant->data));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_getppid));
	EXPECT_EQ(ENOSYS, errno);
}

/* What the tracer does with the call. */
FIXTURE(trace) {
	struct trace_log log;
};

FIXTURE_SETUP(trace)
{
	result = shared_result();
	ASSERT_NE(NULL, result);
}

FIXTURE_TEARDOWN(trace) {}

TEST_F(trace, skip_with_a_return_value)
{
	const struct plan plan = {
		.set_nr = true, .nr = -1, .set_ret = true, .ret = 4242,
	};
	int status;

	status = run_traced(trace_dup, true, &plan, &self->log);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(1, self->log.events);
	EXPECT_EQ(__NR_dup, self->log.nr[0]);
	ASSERT_TRUE(result->done);
	EXPECT_EQ(4242, result->ret);
	EXPECT_FALSE(result->fd_created) TH_LOG("dup() ran");
}

TEST_F(trace, skip_with_an_error)
{
	const struct plan plan = {
		.set_nr = true, .nr = -1, .set_ret = true, .ret = -EPERM,
	};
	int status;

	status = run_traced(trace_dup, true, &plan, &self->log);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	ASSERT_EQ(1, self->log.events);
	ASSERT_TRUE(result->done);
	EXPECT_EQ(-1, result->ret);
	EXPECT_EQ(EPERM, result->err);
	EXPECT_FALSE(result->fd_created) TH_LOG("dup() ran");
}

TEST_F(trace, changed_call_that_filters_kill)
{
	const struct plan plan = { .set_nr = true, .nr = __NR_gettid };
	int status;

	gettid_ret = SECCOMP_RET_KILL_PROCESS;
	status = run_traced(trace_getppid_other_gettid, true, &plan,
			    &self->log);
	EXPECT_EQ(1, self->log.events);
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(SIGSYS, WTERMSIG(status));
	EXPECT_FALSE(result->done);
}

TEST_F(trace, changed_call_that_filters_deny)
{
	const struct plan plan = { .set_nr = true, .nr = __NR_gettid };
	int status;

	gettid_ret = SECCOMP_RET_ERRNO | EXDEV;
	status = run_traced(trace_getppid_other_gettid, true, &plan,
			    &self->log);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(1, self->log.events);
	ASSERT_TRUE(result->done);
	EXPECT_EQ(-1, result->ret);
	EXPECT_EQ(EXDEV, result->err);
}

TEST_F(trace, changed_call_that_filters_allow)
{
	const struct plan plan = { .set_nr = true, .nr = __NR_gettid };
	int status;
	pid_t pid;

	gettid_ret = SECCOMP_RET_ALLOW;
	status = run_traced(trace_getppid_other_gettid, true, &plan,
			    &self->log);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(1, self->log.events);
	ASSERT_TRUE(result->done);
	/* gettid() of a single-threaded child: its pid, not ours. */
	pid = result->ret;
	EXPECT_NE(getpid(), pid);
	EXPECT_LT(0, pid);
}

/* A call changed to another traced call is not stopped a second time. */
TEST_F(trace, changed_call_that_filters_trace_runs)
{
	const struct plan plan = { .set_nr = true, .nr = __NR_gettid };
	int status;

	gettid_ret = SECCOMP_RET_TRACE | 2;
	status = run_traced(trace_getppid_other_gettid, true, &plan,
			    &self->log);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(1, self->log.events);
	EXPECT_EQ(1, self->log.msg[0]);
	ASSERT_TRUE(result->done);
	EXPECT_LT(0, result->ret);
	EXPECT_NE(getpid(), result->ret);
}

static void trace_twice(void)
{
	if (install_action(0, __NR_getppid, SECCOMP_RET_TRACE | 0x111) ||
	    install_action(0, __NR_getppid, SECCOMP_RET_TRACE | 0x222))
		_exit(51);
	call(__NR_getppid);
}

TEST_F(trace, newest_filter_data_wins)
{
	int status = run_traced(trace_twice, true, NULL, &self->log);

	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	ASSERT_EQ(1, self->log.events);
	EXPECT_EQ(0x222, self->log.msg[0]);
}

static void trace_then_errno(void)
{
	if (install_action(0, __NR_getppid, SECCOMP_RET_TRACE) ||
	    install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | EXDEV))
		_exit(51);
	call(__NR_getppid);
}

TEST_F(trace, errno_wins_over_trace_without_a_stop)
{
	int status = run_traced(trace_then_errno, true, NULL, &self->log);

	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(0, self->log.events);
	ASSERT_TRUE(result->done);
	EXPECT_EQ(-1, result->ret);
	EXPECT_EQ(EXDEV, result->err);
}

TEST_HARNESS_MAIN
