// SPDX-License-Identifier: GPL-2.0
/*
 * What each filter return action does, as seen from user space, what the
 * filter sees of the call, and which action wins when several filters are
 * attached.  RET_TRACE with a tracer is in seccomp_trace.c.
 *
 * Calls that are meant to kill are made in a child process (or a thread of
 * one), so that the harness sees how it ended.
 */
#include "seccomp_common.h"

#include <pthread.h>
#include <ucontext.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

/*
 * long probe_syscall(long nr, long arg0): a system call made from a known
 * place; probe_ret is the address of the instruction after it, where the
 * kernel reports the call to be (instruction_pointer, si_call_addr).
 */
long probe_syscall(long nr, long arg0);
#if defined(__x86_64__)
asm(".text\n"
	".globl probe_syscall\n"
	".type probe_syscall, @function\n"
	"probe_syscall:\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	syscall\n"
	".globl probe_ret\n"
	"probe_ret:\n"
	"	ret\n"
	".size probe_syscall, . - probe_syscall\n");

static void *probe_ret_addr(void)
{
	void *addr;

	asm("lea probe_ret(%%rip), %0" : "=r"(addr));
	return addr;
}

/*
 * In a SIGSYS handler: the register that carries a call's result, and the
 * program counter.  What the result register holds when the handler runs
 * (the call is not made): x86_64 keeps the number there, arm64 the first
 * argument.
 */
/* The instruction that makes a call: "syscall". */
static const unsigned char call_insn[] = { 0x0f, 0x05 };

#define UC_RESULT(uc)		((uc)->uc_mcontext.gregs[REG_RAX])
#define UC_PC(uc)		((uc)->uc_mcontext.gregs[REG_RIP])
#define TRAPPED_RESULT(nr, arg0)	(nr)
typedef greg_t reg_t;
#elif defined(__aarch64__)
asm(".text\n"
	".globl probe_syscall\n"
	".type probe_syscall, %function\n"
	"probe_syscall:\n"
	"	mov x8, x0\n"
	"	mov x0, x1\n"
	"	svc #0\n"
	".globl probe_ret\n"
	"probe_ret:\n"
	"	ret\n"
	".size probe_syscall, . - probe_syscall\n");

static void *probe_ret_addr(void)
{
	void *addr;

	asm("adr %0, probe_ret" : "=r"(addr));
	return addr;
}

/* "svc #0", little-endian. */
static const unsigned char call_insn[] = { 0x01, 0x00, 0x00, 0xd4 };

#define UC_RESULT(uc)		((uc)->uc_mcontext.regs[0])
#define UC_PC(uc)		((uc)->uc_mcontext.pc)
#define TRAPPED_RESULT(nr, arg0)	(arg0)
typedef unsigned long long reg_t;
#else
#error "probe_syscall() is written for x86_64 and arm64"
#endif

/* The lowest free file descriptor, to tell whether a dup() happened. */
static int next_fd(void)
{
	int fd = dup(0);

	if (fd >= 0)
		close(fd);
	return fd;
}

TEST(allow_runs_the_call)
{
	pid_t ppid = getppid();

	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_ALLOW));
	EXPECT_EQ(ppid, syscall(__NR_getppid));
	EXPECT_EQ(SECCOMP_MODE_FILTER, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
}

TEST(log_runs_the_call)
{
	int fd = next_fd();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, install_action(0, __NR_dup, SECCOMP_RET_LOG | 0x55));
	EXPECT_EQ(fd, syscall(__NR_dup, 0));
	EXPECT_EQ(0, fcntl(fd, F_GETFD)) TH_LOG("dup() did not run");
}

/* RET_ERRNO: the call is not made and fails with the data as errno. */

FIXTURE(errno_data) {};

FIXTURE_VARIANT(errno_data) {
	__u32 data;
	int expect;
};

FIXTURE_SETUP(errno_data) {}
FIXTURE_TEARDOWN(errno_data) {}

FIXTURE_VARIANT_ADD(errno_data, eperm) { .data = EPERM, .expect = EPERM };
FIXTURE_VARIANT_ADD(errno_data, e42) { .data = 42, .expect = 42 };
FIXTURE_VARIANT_ADD(errno_data, max_errno) { .data = 4095, .expect = 4095 };
FIXTURE_VARIANT_ADD(errno_data, capped_4096) { .data = 4096, .expect = 4095 };
FIXTURE_VARIANT_ADD(errno_data, capped_0xffff) { .data = 0xffff,
						 .expect = 4095 };

TEST_F(errno_data, returned_as_errno)
{
	ASSERT_EQ(0, install_action(0, __NR_getppid,
				    SECCOMP_RET_ERRNO | variant->data));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_getppid));
	EXPECT_EQ(variant->expect, errno);
	/* The raw return value is the negated errno. */
	EXPECT_EQ(-variant->expect, probe_syscall(__NR_getppid, 0));
}

TEST(errno_skips_the_call)
{
	int fd = next_fd();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, install_action(0, __NR_dup, SECCOMP_RET_ERRNO | EMFILE));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_dup, 0));
	EXPECT_EQ(EMFILE, errno);
	EXPECT_EQ(-1, fcntl(fd, F_GETFD)) TH_LOG("dup() ran");
}

TEST(errno_zero_returns_zero_without_the_call)
{
	int fd = next_fd();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, install_action(0, __NR_dup, SECCOMP_RET_ERRNO | 0));
	errno = 0;
	EXPECT_EQ(0, syscall(__NR_dup, 0));
	EXPECT_EQ(0, errno);
	EXPECT_EQ(-1, fcntl(fd, F_GETFD)) TH_LOG("dup() ran");
}

TEST(user_notif_without_listener_is_enosys)
{
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_USER_NOTIF));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_getppid));
	EXPECT_EQ(ENOSYS, errno);
}

/* RET_TRAP: SIGSYS, with the call described in its siginfo. */

static siginfo_t trap_info;
static reg_t trap_result, trap_pc;
static int traps;
/* If nonzero, the handler makes it the result of the call. */
static reg_t trap_set_result;

static void on_sigsys(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;

	trap_info = *info;
	trap_result = UC_RESULT(uc);
	trap_pc = UC_PC(uc);
	if (trap_set_result)
		UC_RESULT(uc) = trap_set_result;
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

FIXTURE(trap) {};

FIXTURE_VARIANT(trap) {
	__u32 data;
};

FIXTURE_SETUP(trap) {}
FIXTURE_TEARDOWN(trap) {}

FIXTURE_VARIANT_ADD(trap, data_0) { .data = 0 };
FIXTURE_VARIANT_ADD(trap, data_0x1234) { .data = 0x1234 };
FIXTURE_VARIANT_ADD(trap, data_0xffff) { .data = 0xffff };

TEST_F(trap, siginfo)
{
	long ret;

	ASSERT_EQ(0, catch_sigsys());
	ASSERT_EQ(0, install_action(0, __NR_getppid,
				    SECCOMP_RET_TRAP | variant->data));
	ret = probe_syscall(__NR_getppid, 0x5ecc);

	ASSERT_EQ(1, traps);
	EXPECT_EQ(SIGSYS, trap_info.si_signo);
	EXPECT_EQ(SYS_SECCOMP, trap_info.si_code);
	EXPECT_EQ(variant->data, trap_info.si_errno);
	EXPECT_EQ(__NR_getppid, trap_info.si_syscall);
	EXPECT_EQ(NATIVE_ARCH, trap_info.si_arch);
	EXPECT_EQ(probe_ret_addr(), trap_info.si_call_addr);
	/* The handler sees the registers of the call, not a result. */
	EXPECT_EQ((reg_t)probe_ret_addr(), trap_pc);
	EXPECT_EQ(TRAPPED_RESULT(__NR_getppid, 0x5ecc), trap_result);
	/* Left alone by the handler, that is what the call returns. */
	EXPECT_EQ(TRAPPED_RESULT(__NR_getppid, 0x5ecc), ret);
}

TEST(trap_handler_sets_the_result)
{
	ASSERT_EQ(0, catch_sigsys());
	trap_set_result = 4242;
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_TRAP));
	EXPECT_EQ(4242, probe_syscall(__NR_getppid, 0));
	EXPECT_EQ(1, traps);
}

TEST(trap_through_glibc_syscall)
{
	ASSERT_EQ(0, catch_sigsys());
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_TRAP | 7));
	syscall(__NR_getppid);
	ASSERT_EQ(1, traps);
	EXPECT_EQ(7, trap_info.si_errno);
	EXPECT_NE(NULL, trap_info.si_call_addr);
	/* The address is just after the instruction that made the call. */
	EXPECT_EQ(0, memcmp((char *)trap_info.si_call_addr - sizeof(call_insn),
			    call_insn, sizeof(call_insn)));
}

/* Run @fn in a child process; its wait status. */
static int in_child(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		no_core_dumps();
		fn();
		_exit(0);
	}
	return wait_status(pid);
}

static void trap_sigsys_blocked(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGSYS);
	if (catch_sigsys() || sigprocmask(SIG_BLOCK, &set, NULL) ||
	    install_action(0, __NR_getppid, SECCOMP_RET_TRAP))
		_exit(10);
	syscall(__NR_getppid);
	_exit(traps ? 11 : 12);
}

static void trap_sigsys_ignored(void)
{
	if (signal(SIGSYS, SIG_IGN) == SIG_ERR ||
	    install_action(0, __NR_getppid, SECCOMP_RET_TRAP))
		_exit(10);
	syscall(__NR_getppid);
	_exit(12);
}

TEST(trap_with_sigsys_blocked_kills)
{
	int status = in_child(trap_sigsys_blocked);

	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(SIGSYS, WTERMSIG(status));
}

TEST(trap_with_sigsys_ignored_kills)
{
	int status = in_child(trap_sigsys_ignored);

	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(SIGSYS, WTERMSIG(status));
}

/*
 * Killing actions.  Unknown actions act as KILL_PROCESS.  Each test runs
 * the call in a child process that catches, blocks or ignores SIGSYS as
 * the test says: none of that saves it.
 */

FIXTURE(kill) {};

FIXTURE_VARIANT(kill) {
	__u32 ret;
	bool whole_process;
};

FIXTURE_SETUP(kill) {}
FIXTURE_TEARDOWN(kill) {}

FIXTURE_VARIANT_ADD(kill, kill_thread) {
	.ret = SECCOMP_RET_KILL_THREAD, .whole_process = false };
FIXTURE_VARIANT_ADD(kill, kill_thread_with_data) {
	.ret = SECCOMP_RET_KILL_THREAD | 0x1234, .whole_process = false };
FIXTURE_VARIANT_ADD(kill, kill_process) {
	.ret = SECCOMP_RET_KILL_PROCESS, .whole_process = true };
FIXTURE_VARIANT_ADD(kill, unknown_0x00010000) {
	.ret = 0x00010000, .whole_process = true };
FIXTURE_VARIANT_ADD(kill, unknown_0x00040000) {
	.ret = 0x00040000, .whole_process = true };
FIXTURE_VARIANT_ADD(kill, unknown_errno_plus_0x10000) {
	.ret = SECCOMP_RET_ERRNO + 0x10000 + 1, .whole_process = true };
FIXTURE_VARIANT_ADD(kill, unknown_0x7fe00000) {
	.ret = 0x7fe00000, .whole_process = true };
FIXTURE_VARIANT_ADD(kill, unknown_0x7ffe0000) {
	.ret = 0x7ffe0000, .whole_process = true };
FIXTURE_VARIANT_ADD(kill, unknown_0xc0000000) {
	.ret = 0xc0000000, .whole_process = true };

static int worker_survived;

static void *call_getppid(void *arg)
{
	syscall(__NR_getppid);
	worker_survived = 1;
	return NULL;
}

enum sigsys_setup { SIGSYS_DEFAULT, SIGSYS_CAUGHT, SIGSYS_BLOCKED,
		    SIGSYS_IGNORED };

/*
 * Child: set SIGSYS up, attach a filter returning @ret for getppid(), call
 * it from the main thread or a second one.  Exits 0 if it survived a call
 * made by the second thread, 3 if the call returned.
 */
static bool keep_core_dumps;

static void kill_child(__u32 ret, enum sigsys_setup setup, bool in_thread)
{
	pthread_t thread;
	sigset_t set;

	if (!keep_core_dumps)
		no_core_dumps();
	sigemptyset(&set);
	sigaddset(&set, SIGSYS);
	if ((setup == SIGSYS_CAUGHT && catch_sigsys()) ||
	    (setup == SIGSYS_BLOCKED && sigprocmask(SIG_BLOCK, &set, NULL)) ||
	    (setup == SIGSYS_IGNORED && signal(SIGSYS, SIG_IGN) == SIG_ERR))
		_exit(10);
	if (install_action(0, __NR_getppid, ret))
		_exit(11);
	if (!in_thread) {
		syscall(__NR_getppid);
		_exit(3);
	}
	if (pthread_create(&thread, NULL, call_getppid, NULL) ||
	    pthread_join(thread, NULL))
		_exit(12);
	_exit(worker_survived || traps ? 3 : 0);
}

static int run_kill_child(__u32 ret, enum sigsys_setup setup, bool in_thread)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		kill_child(ret, setup, in_thread);
	return wait_status(pid);
}

static void expect_sigsys_death(struct __test_metadata *_metadata,
				int status)
{
	EXPECT_TRUE(WIFSIGNALED(status))
		TH_LOG("status 0x%x: exit %d", status,
		       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	EXPECT_EQ(SIGSYS, WTERMSIG(status));
}

TEST_F(kill, single_thread_dies_of_sigsys)
{
	int status = run_kill_child(variant->ret, SIGSYS_DEFAULT, false);

	expect_sigsys_death(_metadata, status);
}

TEST_F(kill, handler_does_not_save_it)
{
	int status = run_kill_child(variant->ret, SIGSYS_CAUGHT, false);

	expect_sigsys_death(_metadata, status);
}

TEST_F(kill, blocking_does_not_save_it)
{
	int status = run_kill_child(variant->ret, SIGSYS_BLOCKED, false);

	expect_sigsys_death(_metadata, status);
}

TEST_F(kill, ignoring_does_not_save_it)
{
	int status = run_kill_child(variant->ret, SIGSYS_IGNORED, false);

	expect_sigsys_death(_metadata, status);
}

TEST_F(kill, from_second_thread)
{
	int status = run_kill_child(variant->ret, SIGSYS_DEFAULT, true);

	if (variant->whole_process) {
		expect_sigsys_death(_metadata, status);
	} else {
		/* Only the calling thread died; the main one went on. */
		ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
}

TEST_F(kill, from_second_thread_with_handler)
{
	int status = run_kill_child(variant->ret, SIGSYS_CAUGHT, true);

	if (variant->whole_process) {
		expect_sigsys_death(_metadata, status);
	} else {
		ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
}

/*
 * A process killed by seccomp dumps core, as for any SIGSYS: with
 * KILL_PROCESS, and with KILL_THREAD when the thread was the last one.
 */

/* Whether core files go to the dumping process's directory. */
static bool core_files_in_cwd(void)
{
	char pattern[256] = "";
	FILE *f = fopen("/proc/sys/kernel/core_pattern", "r");

	if (!f)
		return false;
	if (!fgets(pattern, sizeof(pattern), f))
		pattern[0] = '\0';
	fclose(f);
	return pattern[0] && pattern[0] != '|' && !strchr(pattern, '/');
}

/* Like run_kill_child(), in a scratch directory, with core dumps on. */
static int run_dumping_child(__u32 ret, bool in_thread)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	char dir[] = "/tmp/seccomp_core_XXXXXX", path[512];
	struct dirent *de;
	int status;
	pid_t pid;
	DIR *d;

	if (!mkdtemp(dir))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (chdir(dir) || setrlimit(RLIMIT_CORE, &unlimited) ||
		    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
			_exit(13);
		keep_core_dumps = true;
		kill_child(ret, SIGSYS_DEFAULT, in_thread);
	}
	status = wait_status(pid);
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	return status;
}

static void expect_core_dump(struct __test_metadata *_metadata, __u32 ret,
			     bool in_thread)
{
	int status;

	if (!core_files_in_cwd())
		SKIP(return, "core_pattern is not a file name");
	status = run_dumping_child(ret, in_thread);
	expect_sigsys_death(_metadata, status);
	EXPECT_TRUE(WCOREDUMP(status)) TH_LOG("no core dump");
}

TEST(kill_process_dumps_core)
{
	expect_core_dump(_metadata, SECCOMP_RET_KILL_PROCESS, false);
}

TEST(kill_process_from_thread_dumps_core)
{
	expect_core_dump(_metadata, SECCOMP_RET_KILL_PROCESS, true);
}

TEST(kill_thread_of_last_thread_dumps_core)
{
	expect_core_dump(_metadata, SECCOMP_RET_KILL_THREAD, false);
}

TEST(unknown_action_dumps_core)
{
	expect_core_dump(_metadata, 0x00010000, false);
}

/* What the filter sees of the call. */

TEST(filter_sees_instruction_pointer)
{
	__u64 ip = (unsigned long)probe_ret_addr();
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(__NR_getppid, 0, 5),
		LD_ABS(SD_IP),
		JEQ_K((__u32)ip, 0, 3),
		LD_ABS(SD_IP + 4),
		JEQ_K((__u32)(ip >> 32), 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 9),
		RET_K(SECCOMP_RET_ALLOW),
	};
	pid_t ppid = getppid();

	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_EQ(-9, probe_syscall(__NR_getppid, 0));
	EXPECT_EQ(ppid, syscall(__NR_getppid));
}

TEST(filter_sees_64bit_args)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(__NR_getppid, 0, 5),
		LD_ABS(SD_ARG(0)),
		JEQ_K(1, 0, 3),
		LD_ABS(SD_ARG(0) + 4),
		JEQ_K(0xdeadbeef, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 7),
		RET_K(SECCOMP_RET_ALLOW),
	};
	pid_t ppid = getppid();

	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_EQ(-7, probe_syscall(__NR_getppid, 0xdeadbeef00000001L));
	EXPECT_EQ(ppid, probe_syscall(__NR_getppid, 1));
	EXPECT_EQ(ppid, probe_syscall(__NR_getppid, 0xdeadbeef00000002L));
	EXPECT_EQ(ppid, probe_syscall(__NR_getppid, 0xdeadbeee00000001L));
}

TEST(filter_sees_all_six_args)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(__NR_getppid, 1, 0),
		RET_K(SECCOMP_RET_ALLOW),
		/* A = arg0 + 2 * arg1 + ... + 32 * arg5 (low halves) */
		LD_ABS(SD_ARG(5)),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 1),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		LD_ABS(SD_ARG(4)),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 1),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		LD_ABS(SD_ARG(3)),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 1),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		LD_ABS(SD_ARG(2)),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 1),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		LD_ABS(SD_ARG(1)),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 1),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		LD_ABS(SD_ARG(0)),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};

	ASSERT_EQ(0, INSTALL(0, insns));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_getppid, 1, 1, 0, 1, 0, 1));
	EXPECT_EQ(1 + 2 + 8 + 32, errno);
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_getppid, 3, 0, 1, 0, 1, 0));
	EXPECT_EQ(3 + 4 + 16, errno);
}

/*
 * Precedence.  Each action, in a child, gives a distinct outcome for a
 * getppid() made by a second thread (so that killing the thread and the
 * process differ): USER_NOTIF gets a listener whose supervisor answers
 * with NOTIF_ERRNO; TRACE has no tracer and so fails with ENOSYS.  LOG and
 * ALLOW both let the call run.
 */

enum action { KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, USER_NOTIF, TRACE, LOG,
	      ALLOW };
enum outcome { PROCESS_KILLED, THREAD_KILLED, TRAPPED, FAILED_ERRNO,
	       NOTIFIED, FAILED_ENOSYS, RAN, UNEXPECTED };

#define ERRNO_DATA	EXDEV
#define TRAP_DATA	0x5150
#define NOTIF_ERRNO	EUCLEAN

static const __u32 action_ret[] = {
	[KILL_PROCESS]	= SECCOMP_RET_KILL_PROCESS,
	[KILL_THREAD]	= SECCOMP_RET_KILL_THREAD,
	[TRAP]		= SECCOMP_RET_TRAP | TRAP_DATA,
	[ERRNO]		= SECCOMP_RET_ERRNO | ERRNO_DATA,
	[USER_NOTIF]	= SECCOMP_RET_USER_NOTIF,
	[TRACE]		= SECCOMP_RET_TRACE | 1,
	[LOG]		= SECCOMP_RET_LOG,
	[ALLOW]		= SECCOMP_RET_ALLOW,
};

static const enum outcome action_outcome[] = {
	[KILL_PROCESS]	= PROCESS_KILLED,
	[KILL_THREAD]	= THREAD_KILLED,
	[TRAP]		= TRAPPED,
	[ERRNO]		= FAILED_ERRNO,
	[USER_NOTIF]	= NOTIFIED,
	[TRACE]		= FAILED_ENOSYS,
	[LOG]		= RAN,
	[ALLOW]		= RAN,
};

static const char * const outcome_name[] = {
	"process killed", "thread killed", "trapped", "failed with errno",
	"notified", "failed with ENOSYS", "ran", "unexpected",
};

/* Written by the child, read by the parent. */
struct probe_result {
	int returned;
	long ret;
	int err;
	int trap_errno;
	int traps;
};

static struct probe_result *result;
static int listener_pipe[2];

static void *supervise(void *arg)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	int fd;

	if (read(listener_pipe[0], &fd, sizeof(fd)) != sizeof(fd))
		return NULL;
	memset(&req, 0, sizeof(req));
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req))
		return NULL;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.error = -NOTIF_ERRNO;
	ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	return NULL;
}

static void *probe_worker(void *arg)
{
	long ret = syscall(__NR_getppid);

	result->err = errno;
	result->ret = ret;
	result->returned = 1;
	return NULL;
}

static void on_probe_sigsys(int sig, siginfo_t *info, void *context)
{
	result->trap_errno = info->si_errno;
	result->traps++;
}

static void attach(enum action a)
{
	unsigned int flags = 0;
	long ret;

	if (a == USER_NOTIF)
		flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
	ret = install_action(flags, __NR_getppid, action_ret[a]);
	if (ret < 0)
		_exit(20 + a);
	if (a == USER_NOTIF) {
		int fd = ret;

		if (write(listener_pipe[1], &fd, sizeof(fd)) != sizeof(fd))
			_exit(30);
	}
}

/* Attach @first, then @second; what happens to the call. */
static enum outcome probe(enum action first, enum action second)
{
	struct sigaction sa = {
		.sa_sigaction = on_probe_sigsys,
		.sa_flags = SA_SIGINFO,
	};
	pthread_t supervisor, worker;
	pid_t pid, ppid = getpid();
	int status;

	result = mmap(NULL, sizeof(*result), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (result == MAP_FAILED)
		return UNEXPECTED;
	memset(result, 0, sizeof(*result));

	pid = fork();
	if (pid < 0)
		return UNEXPECTED;
	if (pid == 0) {
		no_core_dumps();
		if (sigaction(SIGSYS, &sa, NULL) || pipe(listener_pipe))
			_exit(40);
		/* Created before the filters: not subject to them. */
		if (pthread_create(&supervisor, NULL, supervise, NULL))
			_exit(41);
		attach(first);
		attach(second);
		if (pthread_create(&worker, NULL, probe_worker, NULL) ||
		    pthread_join(worker, NULL))
			_exit(42);
		_exit(0);
	}
	status = wait_status(pid);

	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		return PROCESS_KILLED;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return UNEXPECTED;
	if (result->traps)
		return result->traps == 1 && result->trap_errno == TRAP_DATA ?
			TRAPPED : UNEXPECTED;
	if (!result->returned)
		return THREAD_KILLED;
	if (result->ret == ppid)
		return RAN;
	if (result->ret != -1)
		return UNEXPECTED;
	switch (result->err) {
	case ERRNO_DATA:
		return FAILED_ERRNO;
	case NOTIF_ERRNO:
		return NOTIFIED;
	case ENOSYS:
		return FAILED_ENOSYS;
	}
	return UNEXPECTED;
}

FIXTURE(precedence) {};

FIXTURE_VARIANT(precedence) {
	enum action stronger, weaker;
};

FIXTURE_SETUP(precedence) {}
FIXTURE_TEARDOWN(precedence) {}

FIXTURE_VARIANT_ADD(precedence, KILL_PROCESS_over_KILL_THREAD) {
	.stronger = KILL_PROCESS, .weaker = KILL_THREAD,
};

FIXTURE_VARIANT_ADD(precedence, KILL_PROCESS_over_TRAP) {
	.stronger = KILL_PROCESS, .weaker = TRAP,
};

FIXTURE_VARIANT_ADD(precedence, KILL_PROCESS_over_ERRNO) {
	.stronger = KILL_PROCESS, .weaker = ERRNO,
};

FIXTURE_VARIANT_ADD(precedence, KILL_PROCESS_over_USER_NOTIF) {
	.stronger = KILL_PROCESS, .weaker = USER_NOTIF,
};

FIXTURE_VARIANT_ADD(precedence, KILL_PROCESS_over_TRACE) {
	.stronger = KILL_PROCESS, .weaker = TRACE,
};

FIXTURE_VARIANT_ADD(precedence, KILL_PROCESS_over_LOG) {
	.stronger = KILL_PROCESS, .weaker = LOG,
};

FIXTURE_VARIANT_ADD(precedence, KILL_PROCESS_over_ALLOW) {
	.stronger = KILL_PROCESS, .weaker = ALLOW,
};

FIXTURE_VARIANT_ADD(precedence, KILL_THREAD_over_TRAP) {
	.stronger = KILL_THREAD, .weaker = TRAP,
};

FIXTURE_VARIANT_ADD(precedence, KILL_THREAD_over_ERRNO) {
	.stronger = KILL_THREAD, .weaker = ERRNO,
};

FIXTURE_VARIANT_ADD(precedence, KILL_THREAD_over_USER_NOTIF) {
	.stronger = KILL_THREAD, .weaker = USER_NOTIF,
};

FIXTURE_VARIANT_ADD(precedence, KILL_THREAD_over_TRACE) {
	.stronger = KILL_THREAD, .weaker = TRACE,
};

FIXTURE_VARIANT_ADD(precedence, KILL_THREAD_over_LOG) {
	.stronger = KILL_THREAD, .weaker = LOG,
};

FIXTURE_VARIANT_ADD(precedence, KILL_THREAD_over_ALLOW) {
	.stronger = KILL_THREAD, .weaker = ALLOW,
};

FIXTURE_VARIANT_ADD(precedence, TRAP_over_ERRNO) {
	.stronger = TRAP, .weaker = ERRNO,
};

FIXTURE_VARIANT_ADD(precedence, TRAP_over_USER_NOTIF) {
	.stronger = TRAP, .weaker = USER_NOTIF,
};

FIXTURE_VARIANT_ADD(precedence, TRAP_over_TRACE) {
	.stronger = TRAP, .weaker = TRACE,
};

FIXTURE_VARIANT_ADD(precedence, TRAP_over_LOG) {
	.stronger = TRAP, .weaker = LOG,
};

FIXTURE_VARIANT_ADD(precedence, TRAP_over_ALLOW) {
	.stronger = TRAP, .weaker = ALLOW,
};

FIXTURE_VARIANT_ADD(precedence, ERRNO_over_USER_NOTIF) {
	.stronger = ERRNO, .weaker = USER_NOTIF,
};

FIXTURE_VARIANT_ADD(precedence, ERRNO_over_TRACE) {
	.stronger = ERRNO, .weaker = TRACE,
};

FIXTURE_VARIANT_ADD(precedence, ERRNO_over_LOG) {
	.stronger = ERRNO, .weaker = LOG,
};

FIXTURE_VARIANT_ADD(precedence, ERRNO_over_ALLOW) {
	.stronger = ERRNO, .weaker = ALLOW,
};

FIXTURE_VARIANT_ADD(precedence, USER_NOTIF_over_TRACE) {
	.stronger = USER_NOTIF, .weaker = TRACE,
};

FIXTURE_VARIANT_ADD(precedence, USER_NOTIF_over_LOG) {
	.stronger = USER_NOTIF, .weaker = LOG,
};

FIXTURE_VARIANT_ADD(precedence, USER_NOTIF_over_ALLOW) {
	.stronger = USER_NOTIF, .weaker = ALLOW,
};

FIXTURE_VARIANT_ADD(precedence, TRACE_over_LOG) {
	.stronger = TRACE, .weaker = LOG,
};

FIXTURE_VARIANT_ADD(precedence, TRACE_over_ALLOW) {
	.stronger = TRACE, .weaker = ALLOW,
};

FIXTURE_VARIANT_ADD(precedence, LOG_over_ALLOW) {
	.stronger = LOG, .weaker = ALLOW,
};

TEST_F(precedence, stronger_attached_first)
{
	enum outcome got = probe(variant->stronger, variant->weaker);

	EXPECT_EQ(action_outcome[variant->stronger], got)
		TH_LOG("expected %s, got %s",
		       outcome_name[action_outcome[variant->stronger]],
		       outcome_name[got]);
}

TEST_F(precedence, stronger_attached_last)
{
	enum outcome got = probe(variant->weaker, variant->stronger);

	EXPECT_EQ(action_outcome[variant->stronger], got)
		TH_LOG("expected %s, got %s",
		       outcome_name[action_outcome[variant->stronger]],
		       outcome_name[got]);
}

/* Each action alone, as a check of the probe itself. */
TEST(precedence_probe_sees_each_action)
{
	enum action a;

	for (a = KILL_PROCESS; a <= ALLOW; a++) {
		enum outcome got = probe(ALLOW, a);

		EXPECT_EQ(action_outcome[a], got)
			TH_LOG("action %d: expected %s, got %s", a,
			       outcome_name[action_outcome[a]],
			       outcome_name[got]);
	}
}

/* Equal actions: the data of the most recently attached filter wins. */
TEST(equal_errno_newest_data_wins)
{
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | 1));
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | 2));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_getppid));
	EXPECT_EQ(2, errno);
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | 3));
	EXPECT_EQ(-3, probe_syscall(__NR_getppid, 0));
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_ALLOW));
	EXPECT_EQ(-3, probe_syscall(__NR_getppid, 0));
}

TEST(equal_errno_newest_data_wins_even_if_smaller)
{
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | 9));
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | 4));
	EXPECT_EQ(-4, probe_syscall(__NR_getppid, 0));
}

TEST(equal_trap_newest_data_wins)
{
	ASSERT_EQ(0, catch_sigsys());
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_TRAP | 100));
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_TRAP | 200));
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_LOG));
	probe_syscall(__NR_getppid, 0);
	ASSERT_EQ(1, traps);
	EXPECT_EQ(200, trap_info.si_errno);
}

/*
 * A value that is no action takes its place among the others by its
 * number, as in 6.1: above ERRNO (0x00050000) it loses to it, below it
 * wins, and then kills the process.
 */
TEST(unknown_action_loses_to_errno_by_value)
{
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | 7));
	ASSERT_EQ(0, install_action(0, __NR_getppid, 0x7ff80000));
	EXPECT_EQ(-7, probe_syscall(__NR_getppid, 0));
}

TEST(unknown_action_beats_errno_by_value)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | 7) ||
		    install_action(0, __NR_getppid, 0x00040000))
			_exit(2);
		syscall(__NR_getppid);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGSYS, WTERMSIG(status));
}

TEST_HARNESS_MAIN
