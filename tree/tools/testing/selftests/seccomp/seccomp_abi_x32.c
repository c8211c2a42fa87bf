// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp for x32 processes (built with -mx32, run on a kernel with
 * CONFIG_X86_X32_ABI): filters see AUDIT_ARCH_X86_64 and the call number
 * with __X32_SYSCALL_BIT set, so a filter can tell x32 calls from the
 * x86_64 ones that the same process can also make.  In strict mode our
 * kernel allows x32's own read, write, exit and rt_sigreturn.
 *
 * glibc's syscall() makes x32 calls (its __NR_* have the bit); x86_64
 * calls are made with a raw "syscall" instruction.
 */
#include "seccomp_common.h"

#ifndef __ILP32__
#error "build this test with -mx32"
#endif

#define X32(nr)		(__X32_SYSCALL_BIT | (nr))
/* x86_64 numbers, used with and without the x32 bit. */
#define NR64_read	0
#define NR64_write	1
#define NR64_getpid	39
#define NR64_exit	60
#define NR64_rt_sigreturn_x32	513

static long long raw_syscall(long long nr, long long a, long long b,
			     long long c)
{
	long long ret;

	asm volatile("syscall"
		     : "=a"(ret)
		     : "a"(nr), "D"(a), "S"(b), "d"(c)
		     : "rcx", "r11", "memory");
	return ret;
}

#define ptr(p) ((long long)(unsigned long)(p))

TEST(numbers_are_the_x32_ones)
{
	ASSERT_EQ(X32(NR64_getpid), __NR_getpid);
	ASSERT_EQ(X32(NR64_read), __NR_read);
	ASSERT_EQ(X32(NR64_write), __NR_write);
	ASSERT_EQ(X32(NR64_exit), __NR_exit);
	ASSERT_EQ(X32(NR64_rt_sigreturn_x32), __NR_rt_sigreturn);
	/* Both kinds of getpid work without a filter. */
	EXPECT_EQ(getpid(), raw_syscall(X32(NR64_getpid), 0, 0, 0));
	EXPECT_EQ(getpid(), raw_syscall(NR64_getpid, 0, 0, 0));
}

static siginfo_t trap_info;
static int traps;

static void on_sigsys(int sig, siginfo_t *info, void *context)
{
	trap_info = *info;
	traps++;
}

TEST(trap_reports_x86_64_with_the_x32_bit)
{
	struct sigaction sa = {
		.sa_sigaction = on_sigsys,
		.sa_flags = SA_SIGINFO,
	};
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(X32(NR64_getpid), 0, 1),
		RET_K(SECCOMP_RET_TRAP | 0x32),
		RET_K(SECCOMP_RET_ALLOW),
	};
	pid_t pid = getpid();

	ASSERT_EQ(0, sigaction(SIGSYS, &sa, NULL));
	ASSERT_EQ(0, INSTALL(0, insns));
	syscall(__NR_getpid);
	ASSERT_EQ(1, traps);
	EXPECT_EQ(SYS_SECCOMP, trap_info.si_code);
	EXPECT_EQ(AUDIT_ARCH_X86_64, trap_info.si_arch);
	EXPECT_EQ(X32(NR64_getpid), trap_info.si_syscall);
	EXPECT_EQ(0x32, trap_info.si_errno);
	EXPECT_NE(0, (unsigned long)trap_info.si_call_addr);
	/* The x86_64 getpid is another call. */
	EXPECT_EQ(pid, raw_syscall(NR64_getpid, 0, 0, 0));
	EXPECT_EQ(1, traps);
}

TEST(filter_tells_x32_from_x86_64)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(AUDIT_ARCH_X86_64, 1, 0),
		RET_K(SECCOMP_RET_KILL_PROCESS),
		LD_ABS(SD_NR),
		JEQ_K(X32(NR64_getpid), 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 11),
		JEQ_K(NR64_getpid, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 12),
		RET_K(SECCOMP_RET_ALLOW),
	};

	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_EQ(SECCOMP_MODE_FILTER, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_getpid));
	EXPECT_EQ(11, errno);
	EXPECT_EQ(-11, raw_syscall(X32(NR64_getpid), 0, 0, 0));
	EXPECT_EQ(-12, raw_syscall(NR64_getpid, 0, 0, 0));
}

TEST(native_number_filter_misses_x32_calls)
{
	ASSERT_EQ(0, install_action(0, NR64_getpid, SECCOMP_RET_ERRNO | 12));
	EXPECT_EQ(-12, raw_syscall(NR64_getpid, 0, 0, 0));
	EXPECT_LT(0, raw_syscall(X32(NR64_getpid), 0, 0, 0));
}

/*
 * A filter that kills every call with the x32 bit: the process can go on
 * with x86_64 calls only.
 */
TEST(filter_killing_x32_calls)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, __X32_SYSCALL_BIT, 0, 1),
		RET_K(SECCOMP_RET_KILL_PROCESS),
		RET_K(SECCOMP_RET_ALLOW),
	};
	int p[2], status;
	char c = 0;
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		no_core_dumps();
		if (INSTALL(0, insns))
			_exit(1);
		/* From here on, x86_64 calls only, until the x32 one. */
		if (raw_syscall(NR64_getpid, 0, 0, 0) > 0)
			raw_syscall(NR64_write, p[1], ptr("6"), 1);
		raw_syscall(X32(NR64_getpid), 0, 0, 0);
		raw_syscall(NR64_write, p[1], ptr("!"), 1);
		raw_syscall(NR64_exit, 0, 0, 0);
	}
	close(p[1]);
	status = wait_status(pid);
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(SIGSYS, WTERMSIG(status));
	EXPECT_EQ(1, read(p[0], &c, 1));
	EXPECT_EQ('6', c);
	EXPECT_EQ(0, read(p[0], &c, 1));
}

/* Strict mode for x32: after entering it, raw calls only. */

FIXTURE(strict) {
	int in[2], out[2];
	pid_t pid;
};

FIXTURE_SETUP(strict)
{
	ASSERT_EQ(0, pipe(self->in));
	ASSERT_EQ(0, pipe(self->out));
}

FIXTURE_TEARDOWN(strict) {}

static char read_byte(int fd)
{
	char c = 0;

	return read(fd, &c, 1) == 1 ? c : 0;
}

/* Fork a child that enters strict mode, writes 'S' (x32), runs @body. */
static int run_strict(FIXTURE_DATA(strict) *self,
		      void (*body)(int in, int out), char *first)
{
	self->pid = fork();
	if (self->pid < 0)
		return -1;
	if (self->pid == 0) {
		no_core_dumps();
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
			_exit(100);
		raw_syscall(X32(NR64_write), self->out[1], ptr("S"), 1);
		body(self->in[0], self->out[1]);
		raw_syscall(NR64_exit, 99, 0, 0);
	}
	close(self->out[1]);
	*first = read_byte(self->out[0]);
	if (*first != 'S') {
		int status = wait_status(self->pid);

		fprintf(stderr, "# strict child: %s %d\n",
			WIFSIGNALED(status) ? "killed by signal" : "exit",
			WIFSIGNALED(status) ? WTERMSIG(status) :
			WEXITSTATUS(status));
	}
	return 0;
}

static void x32_echo_then_exit(int in, int out)
{
	char c = 0;

	if (raw_syscall(X32(NR64_read), in, ptr(&c), 1) == 1)
		raw_syscall(X32(NR64_write), out, ptr(&c), 1);
	raw_syscall(X32(NR64_exit), 7, 0, 0);
}

static void native_echo_then_exit(int in, int out)
{
	char c = 0;

	if (raw_syscall(NR64_read, in, ptr(&c), 1) == 1)
		raw_syscall(NR64_write, out, ptr(&c), 1);
	raw_syscall(NR64_exit, 8, 0, 0);
}

static void x32_getpid(int in, int out)
{
	raw_syscall(X32(NR64_getpid), 0, 0, 0);
	raw_syscall(NR64_write, out, ptr("!"), 1);
	raw_syscall(NR64_exit, 0, 0, 0);
}

static void native_getpid(int in, int out)
{
	raw_syscall(NR64_getpid, 0, 0, 0);
	raw_syscall(NR64_write, out, ptr("!"), 1);
	raw_syscall(NR64_exit, 0, 0, 0);
}

static void expect_strict_exit(struct __test_metadata *_metadata,
			       FIXTURE_DATA(strict) *self,
			       void (*body)(int in, int out), int code)
{
	char first;
	int status;

	ASSERT_EQ(0, run_strict(self, body, &first));
	ASSERT_EQ('S', first) TH_LOG("x32 write in strict mode");
	EXPECT_EQ(SECCOMP_MODE_STRICT, proc_status_field(self->pid, "Seccomp"));
	ASSERT_EQ(1, write(self->in[1], "x", 1));
	EXPECT_EQ('x', read_byte(self->out[0]));
	status = wait_status(self->pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(code, WEXITSTATUS(status));
}

static void expect_strict_kill(struct __test_metadata *_metadata,
			       FIXTURE_DATA(strict) *self,
			       void (*body)(int in, int out))
{
	char first;
	int status;

	ASSERT_EQ(0, run_strict(self, body, &first));
	ASSERT_EQ('S', first) TH_LOG("x32 write in strict mode");
	status = wait_status(self->pid);
	EXPECT_TRUE(WIFSIGNALED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	EXPECT_EQ(0, read_byte(self->out[0]));
}

TEST_F(strict, x32_read_write_exit_are_allowed)
{
	expect_strict_exit(_metadata, self, x32_echo_then_exit, 7);
}

TEST_F(strict, x86_64_read_write_exit_are_allowed)
{
	expect_strict_exit(_metadata, self, native_echo_then_exit, 8);
}

TEST_F(strict, x32_getpid_kills)
{
	expect_strict_kill(_metadata, self, x32_getpid);
}

TEST_F(strict, x86_64_getpid_kills)
{
	expect_strict_kill(_metadata, self, native_getpid);
}

static int handler_out = -1;

static void on_usr1(int sig)
{
	raw_syscall(X32(NR64_write), handler_out, ptr("h"), 1);
}

static void wait_for_signal(int in, int out)
{
	char c;

	raw_syscall(X32(NR64_read), in, ptr(&c), 1);
	raw_syscall(X32(NR64_write), out, ptr("d"), 1);
	raw_syscall(X32(NR64_exit), 5, 0, 0);
}

/* glibc returns from x32 handlers with x32's rt_sigreturn. */
TEST_F(strict, signal_handler_returns)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	char first;
	int status;

	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	handler_out = self->out[1];
	ASSERT_EQ(0, run_strict(self, wait_for_signal, &first));
	ASSERT_EQ('S', first);
	ASSERT_EQ(0, kill(self->pid, SIGUSR1));
	EXPECT_EQ('h', read_byte(self->out[0]));
	/* Release it if read() was not interrupted; it may be gone. */
	signal(SIGPIPE, SIG_IGN);
	write(self->in[1], "g", 1);
	EXPECT_EQ('d', read_byte(self->out[0]));
	status = wait_status(self->pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(5, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
