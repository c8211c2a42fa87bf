// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp for 32-bit processes (built with -m32, run on an x86_64 kernel
 * with IA32_EMULATION): filters see AUDIT_ARCH_I386 and the i386 call
 * numbers, with 32-bit arguments; strict mode allows i386's own read,
 * write, exit and sigreturn numbers.
 *
 * Calls are made both with "int $0x80" and through glibc, which enters
 * through the vDSO (sysenter or syscall).
 */
#include "seccomp_common.h"

#include <ucontext.h>

#ifndef __i386__
#error "build this test with -m32"
#endif

/* i386 numbers, spelled out: they are the point of the test. */
#define NR32_exit		1
#define NR32_read		3
#define NR32_write		4
#define NR32_getpid		20
#define NR32_sigreturn		119
#define NR32_rt_sigreturn	173

static long int80(long nr, long a, long b, long c)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c)
		     : "memory");
	return ret;
}

TEST(numbers_are_the_i386_ones)
{
	ASSERT_EQ(NR32_getpid, __NR_getpid);
	ASSERT_EQ(NR32_read, __NR_read);
	ASSERT_EQ(NR32_write, __NR_write);
	ASSERT_EQ(NR32_exit, __NR_exit);
}

TEST(attach_through_compat)
{
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 1U << 31, NULL));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, NULL));
	EXPECT_EQ(EFAULT, errno);
	/* The 32-bit struct sock_fprog is understood. */
	ASSERT_EQ(0, install_action(0, NR32_getpid, SECCOMP_RET_ERRNO | 11));
	EXPECT_EQ(SECCOMP_MODE_FILTER, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	EXPECT_EQ(1, proc_status_field(0, "Seccomp_filters"));
	EXPECT_EQ(-11, int80(NR32_getpid, 0, 0, 0));
}

static siginfo_t trap_info;
static greg_t trap_eax;
static int traps;

static void on_sigsys(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;

	trap_info = *info;
	trap_eax = uc->uc_mcontext.gregs[REG_EAX];
	traps++;
}

static int catch_sigsys(void)
{
	struct sigaction sa = {
		.sa_sigaction = on_sigsys,
		.sa_flags = SA_SIGINFO,
	};

	return sigaction(SIGSYS, &sa, NULL);
}

TEST(trap_reports_i386)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(NR32_getpid, 0, 1),
		RET_K(SECCOMP_RET_TRAP | 0x32),
		RET_K(SECCOMP_RET_ALLOW),
	};
	unsigned char *addr;

	ASSERT_EQ(0, catch_sigsys());
	ASSERT_EQ(0, INSTALL(0, insns));

	EXPECT_EQ(NR32_getpid, int80(NR32_getpid, 0, 0, 0));
	ASSERT_EQ(1, traps);
	EXPECT_EQ(SYS_SECCOMP, trap_info.si_code);
	EXPECT_EQ(AUDIT_ARCH_I386, trap_info.si_arch);
	EXPECT_EQ(NR32_getpid, trap_info.si_syscall);
	EXPECT_EQ(0x32, trap_info.si_errno);
	EXPECT_EQ(NR32_getpid, trap_eax);
	/* Just after "int $0x80" (cd 80). */
	addr = trap_info.si_call_addr;
	ASSERT_NE(0, (unsigned long)addr);
	EXPECT_EQ(0xcd, addr[-2]);
	EXPECT_EQ(0x80, addr[-1]);

	/* The same through glibc and the vDSO. */
	syscall(__NR_getpid);
	ASSERT_EQ(2, traps);
	EXPECT_EQ(AUDIT_ARCH_I386, trap_info.si_arch);
	EXPECT_EQ(NR32_getpid, trap_info.si_syscall);
}

TEST(filter_sees_arch_i386)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(AUDIT_ARCH_I386, 0, 4),
		LD_ABS(SD_NR),
		JEQ_K(NR32_getpid, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 11),
		RET_K(SECCOMP_RET_ALLOW),
		RET_K(SECCOMP_RET_ERRNO | 12),
	};

	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_EQ(-11, int80(NR32_getpid, 0, 0, 0));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_getpid));
	EXPECT_EQ(11, errno);
	/* Other i386 calls are allowed, so the arch matched. */
	EXPECT_EQ(getppid(), syscall(__NR_getppid));
}

TEST(filter_for_x86_64_does_not_match)
{
	/* Denies x86_64's getpid (39) and everything of arch x86_64. */
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(AUDIT_ARCH_X86_64, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 12),
		RET_K(SECCOMP_RET_ALLOW),
	};

	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_LT(0, int80(NR32_getpid, 0, 0, 0));
	EXPECT_LT(0, syscall(__NR_getpid));
}

TEST(arguments_are_32_bit_zero_extended)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(NR32_getpid, 1, 0),
		RET_K(SECCOMP_RET_ALLOW),
		LD_ABS(SD_ARG(2) + 4),
		JEQ_K(0, 1, 0),
		RET_K(SECCOMP_RET_ERRNO | 13),
		LD_ABS(SD_ARG(2)),
		JEQ_K(0xffffffff, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 14),
		RET_K(SECCOMP_RET_ERRNO | 15),
	};

	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_EQ(-14, int80(NR32_getpid, 0, 0, 0xffffffff));
	EXPECT_EQ(-15, int80(NR32_getpid, 0, 0, 0x7fffffff));
}

/*
 * Strict mode.  After entering it, a child uses int $0x80 only, and
 * leaves with exit(1), as exit_group() is not allowed.
 */

static pid_t strict_child(int in, int out, void (*body)(int in, int out))
{
	pid_t pid = fork();

	if (pid)
		return pid;
	no_core_dumps();
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
		_exit(100);
	int80(NR32_write, out, (long)"S", 1);
	body(in, out);
	int80(NR32_exit, 99, 0, 0);
	return 0;
}

static char read_byte(int fd)
{
	char c = 0;

	return read(fd, &c, 1) == 1 ? c : 0;
}

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

static int run_strict(FIXTURE_DATA(strict) *self,
		      void (*body)(int in, int out), char *first)
{
	self->pid = strict_child(self->in[0], self->out[1], body);
	if (self->pid < 0)
		return -1;
	close(self->out[1]);
	*first = read_byte(self->out[0]);
	return 0;
}

static void echo_then_exit(int in, int out)
{
	char c = 0;

	if (int80(NR32_read, in, (long)&c, 1) == 1)
		int80(NR32_write, out, (long)&c, 1);
	/* glibc's write goes through the vDSO: allowed too. */
	syscall(__NR_write, out, "v", 1);
	int80(NR32_exit, 7, 0, 0);
}

TEST_F(strict, int80_read_write_exit_are_allowed)
{
	char first;
	int status;

	ASSERT_EQ(0, run_strict(self, echo_then_exit, &first));
	ASSERT_EQ('S', first);
	EXPECT_EQ(SECCOMP_MODE_STRICT, proc_status_field(self->pid, "Seccomp"));
	ASSERT_EQ(1, write(self->in[1], "x", 1));
	EXPECT_EQ('x', read_byte(self->out[0]));
	EXPECT_EQ('v', read_byte(self->out[0]));
	status = wait_status(self->pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(7, WEXITSTATUS(status));
}

static void int80_getpid(int in, int out)
{
	int80(NR32_getpid, 0, 0, 0);
	int80(NR32_write, out, (long)"!", 1);
	int80(NR32_exit, 0, 0, 0);
}

static void glibc_getpid(int in, int out)
{
	syscall(__NR_getpid);
	int80(NR32_write, out, (long)"!", 1);
	int80(NR32_exit, 0, 0, 0);
}

static void int80_rt_sigreturn(int in, int out)
{
	/* Killed before it could look at the (missing) signal frame. */
	int80(NR32_rt_sigreturn, 0, 0, 0);
	int80(NR32_write, out, (long)"!", 1);
	int80(NR32_exit, 0, 0, 0);
}

static void int80_exit_group(int in, int out)
{
	int80(__NR_exit_group, 3, 0, 0);
	int80(NR32_write, out, (long)"!", 1);
	int80(NR32_exit, 0, 0, 0);
}

static void expect_strict_kill(struct __test_metadata *_metadata,
			       FIXTURE_DATA(strict) *self,
			       void (*body)(int in, int out))
{
	char first;
	int status;

	ASSERT_EQ(0, run_strict(self, body, &first));
	ASSERT_EQ('S', first);
	status = wait_status(self->pid);
	EXPECT_TRUE(WIFSIGNALED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	EXPECT_EQ(0, read_byte(self->out[0]));
}

TEST_F(strict, int80_getpid_kills)
{
	expect_strict_kill(_metadata, self, int80_getpid);
}

TEST_F(strict, vdso_getpid_kills)
{
	expect_strict_kill(_metadata, self, glibc_getpid);
}

TEST_F(strict, exit_group_kills)
{
	expect_strict_kill(_metadata, self, int80_exit_group);
}

/* i386 strict mode allows sigreturn (119), not rt_sigreturn (173). */
TEST_F(strict, rt_sigreturn_kills)
{
	expect_strict_kill(_metadata, self, int80_rt_sigreturn);
}

static int handler_out = -1;

static void on_usr1(int sig)
{
	int80(NR32_write, handler_out, (long)"h", 1);
}

static void wait_for_signal(int in, int out)
{
	char c;

	int80(NR32_read, in, (long)&c, 1);
	int80(NR32_write, out, (long)"d", 1);
	int80(NR32_exit, 5, 0, 0);
}

/* A handler without SA_SIGINFO returns with sigreturn (119). */
TEST_F(strict, signal_handler_returns_with_sigreturn)
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
