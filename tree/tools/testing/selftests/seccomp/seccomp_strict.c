// SPDX-License-Identifier: GPL-2.0
/*
 * Strict mode (SECCOMP_MODE_STRICT): read(), write(), exit() and
 * rt_sigreturn() only; any other call kills the calling thread with
 * SIGKILL.  exit_group() is not among them, so the children here leave
 * with a raw exit().
 *
 * The 32-bit and x32 calls are in seccomp_abi_ia32.c and seccomp_abi_x32.c.
 */
#include "seccomp_common.h"

#include <pthread.h>

/* The raw calls that strict mode allows; nothing else after entering it. */
#define sread(fd, buf, n)	syscall(__NR_read, (fd), (buf), (n))
#define swrite(fd, buf, n)	syscall(__NR_write, (fd), (buf), (n))
#define sexit(code)		syscall(__NR_exit, (code))

enum entry { VIA_PRCTL, VIA_PRCTL_WITH_JUNK, VIA_SECCOMP };

static int enter_strict(enum entry how)
{
	switch (how) {
	case VIA_PRCTL:
		return prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);
	case VIA_PRCTL_WITH_JUNK:
		/* The third argument means nothing for strict mode. */
		return prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT,
			     (void *)1, 0, 0);
	case VIA_SECCOMP:
		return sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL);
	}
	return -1;
}

FIXTURE(strict) {
	int in[2];	/* parent -> child */
	int out[2];	/* child -> parent */
	pid_t pid;
};

FIXTURE_VARIANT(strict) {
	enum entry how;
};

FIXTURE_VARIANT_ADD(strict, prctl) { .how = VIA_PRCTL };
FIXTURE_VARIANT_ADD(strict, prctl_junk_arg) { .how = VIA_PRCTL_WITH_JUNK };
FIXTURE_VARIANT_ADD(strict, seccomp) { .how = VIA_SECCOMP };

FIXTURE_SETUP(strict)
{
	ASSERT_EQ(0, pipe(self->in));
	ASSERT_EQ(0, pipe(self->out));
}

FIXTURE_TEARDOWN(strict) {}

/*
 * Fork a child that enters strict mode, writes 'S', then runs @body with
 * the pipes; @body must end in sexit().
 */
static pid_t strict_child(FIXTURE_DATA(strict) *self, enum entry how,
			  void (*body)(int in, int out))
{
	pid_t pid = fork();

	if (pid)
		return pid;
	no_core_dumps();
	close(self->in[1]);
	close(self->out[0]);
	if (enter_strict(how))
		_exit(100 + errno);
	swrite(self->out[1], "S", 1);
	body(self->in[0], self->out[1]);
	sexit(99);
	return 0;
}

/* Parent side: wait for the child's 'S'. */
static char next_byte(FIXTURE_DATA(strict) *self)
{
	char c = 0;

	close(self->in[0]);
	close(self->out[1]);
	self->in[0] = -1;
	self->out[1] = -1;
	if (read(self->out[0], &c, 1) != 1)
		return 0;
	return c;
}

static char read_byte(int fd)
{
	char c = 0;

	return read(fd, &c, 1) == 1 ? c : 0;
}

static void echo_then_exit(int in, int out)
{
	char c = 0;

	if (sread(in, &c, 1) == 1)
		swrite(out, &c, 1);
	sexit(7);
}

TEST_F(strict, read_write_exit_are_allowed)
{
	int status;

	self->pid = strict_child(self, variant->how, echo_then_exit);
	ASSERT_LT(0, self->pid);
	ASSERT_EQ('S', next_byte(self));

	/* While it waits in read(), the mode shows in its status. */
	EXPECT_EQ(SECCOMP_MODE_STRICT, proc_status_field(self->pid, "Seccomp"));
	EXPECT_EQ(0, proc_status_field(self->pid, "Seccomp_filters"));

	ASSERT_EQ(1, write(self->in[1], "x", 1));
	EXPECT_EQ('x', read_byte(self->out[0]));
	status = wait_status(self->pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(7, WEXITSTATUS(status));
}

static void call_getpid(int in, int out)
{
	syscall(__NR_getpid);
	swrite(out, "!", 1);
	sexit(0);
}

static void call_pr_get_seccomp(int in, int out)
{
	prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	swrite(out, "!", 1);
	sexit(0);
}

static void call_exit_group(int in, int out)
{
	syscall(__NR_exit_group, 3);
	swrite(out, "!", 1);
	sexit(0);
}

static void call_seccomp_again(int in, int out)
{
	sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL);
	swrite(out, "!", 1);
	sexit(0);
}

static void call_attach_filter(int in, int out)
{
	install_const(0, SECCOMP_RET_ALLOW);
	swrite(out, "!", 1);
	sexit(0);
}

static void call_pread(int in, int out)
{
	char c;

	syscall(__NR_pread64, in, &c, 1, 0);
	swrite(out, "!", 1);
	sexit(0);
}

static void expect_killed(struct __test_metadata *_metadata,
			  FIXTURE_DATA(strict) *self, enum entry how,
			  void (*body)(int in, int out))
{
	int status;

	self->pid = strict_child(self, how, body);
	ASSERT_LT(0, self->pid);
	ASSERT_EQ('S', next_byte(self));
	status = wait_status(self->pid);
	EXPECT_TRUE(WIFSIGNALED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	/* Nothing after the call ran. */
	EXPECT_EQ(0, read_byte(self->out[0]));
}

TEST_F(strict, getpid_kills)
{
	expect_killed(_metadata, self, variant->how, call_getpid);
}

TEST_F(strict, pr_get_seccomp_kills)
{
	expect_killed(_metadata, self, variant->how, call_pr_get_seccomp);
}

TEST_F(strict, exit_group_kills)
{
	expect_killed(_metadata, self, variant->how, call_exit_group);
}

TEST_F(strict, entering_again_kills)
{
	expect_killed(_metadata, self, variant->how, call_seccomp_again);
}

TEST_F(strict, attaching_a_filter_kills)
{
	expect_killed(_metadata, self, variant->how, call_attach_filter);
}

TEST_F(strict, pread_kills)
{
	expect_killed(_metadata, self, variant->how, call_pread);
}

/* A signal handler can run and return (rt_sigreturn) in strict mode. */
static int handler_out = -1;

static void on_usr1(int sig)
{
	swrite(handler_out, "h", 1);
}

static void wait_for_signal(int in, int out)
{
	char c;

	sread(in, &c, 1);
	swrite(out, "d", 1);
	sexit(5);
}

TEST_F(strict, signal_handler_returns)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int status;

	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	handler_out = self->out[1];
	self->pid = strict_child(self, variant->how, wait_for_signal);
	ASSERT_LT(0, self->pid);
	ASSERT_EQ('S', next_byte(self));

	ASSERT_EQ(0, kill(self->pid, SIGUSR1));
	EXPECT_EQ('h', read_byte(self->out[0]));
	/*
	 * In case the signal came before read(), release it; if read() was
	 * interrupted, the child may be gone already.
	 */
	signal(SIGPIPE, SIG_IGN);
	write(self->in[1], "g", 1);
	EXPECT_EQ('d', read_byte(self->out[0]));
	status = wait_status(self->pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(5, WEXITSTATUS(status));
}

TEST_F(strict, needs_no_privilege)
{
	int status;

	ASSERT_EQ(0, drop_cap(CAP_SYS_ADMIN));
	ASSERT_EQ(0, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	self->pid = strict_child(self, variant->how, echo_then_exit);
	ASSERT_LT(0, self->pid);
	ASSERT_EQ('S', next_byte(self));
	ASSERT_EQ(1, write(self->in[1], "y", 1));
	EXPECT_EQ('y', read_byte(self->out[0]));
	status = wait_status(self->pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(7, WEXITSTATUS(status));
}

/* Strict mode is per thread, and so is its kill. */

static int thread_pipe[2];
static int thread_survived;

static void *strict_thread(void *arg)
{
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
		return NULL;
	swrite(thread_pipe[1], "S", 1);
	syscall(__NR_getpid);
	thread_survived = 1;
	sexit(0);
	return NULL;
}

TEST(kill_takes_only_the_strict_thread)
{
	pthread_t thread;
	char c = 0;

	ASSERT_EQ(0, pipe(thread_pipe));
	ASSERT_EQ(0, pthread_create(&thread, NULL, strict_thread, NULL));
	ASSERT_EQ(1, read(thread_pipe[0], &c, 1));
	EXPECT_EQ('S', c);
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(0, thread_survived);
	/* This thread never entered strict mode. */
	EXPECT_EQ(SECCOMP_MODE_DISABLED, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	EXPECT_EQ(getpid(), syscall(__NR_getpid));
}

TEST(strict_mode_is_inherited_by_no_one_else)
{
	int p[2], status;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
			_exit(1);
		sread(p[0], &c, 1);
		sexit(0);
	}
	/* The parent is unaffected by its child's strict mode. */
	EXPECT_EQ(SECCOMP_MODE_DISABLED, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	ASSERT_EQ(1, write(p[1], "x", 1));
	status = wait_status(pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
