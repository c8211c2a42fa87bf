// SPDX-License-Identifier: GPL-2.0
/*
 * Regressions for the published ways around seccomp, one test per class
 * that our other files do not already cover.  Which file covers which:
 *
 * - a tracer changes the call at a RET_TRACE stop, and the new call is
 *   filtered again: seccomp_trace.c, trace.changed_call_that_filters_*
 * - a tracer changes the call at its syscall-entry stop (PTRACE_SYSCALL):
 *   here, entry_stop_*
 * - x32 calls from an x32 process: seccomp_abi_x32.c,
 *   filter_tells_x32_from_x86_64, native_number_filter_misses_x32_calls,
 *   filter_killing_x32_calls and strict.*
 * - x32 calls (__X32_SYSCALL_BIT) from an x86_64 process: here, x32_bit_*
 * - the high bits of the number register (rax, x8), which the kernel
 *   ignores: here, nr_high_bits_*
 * - i386 numbering from an i386 process, in filter and strict mode:
 *   seccomp_abi_ia32.c, filter_sees_arch_i386,
 *   filter_for_x86_64_does_not_match and strict.*
 * - int $0x80 from an x86_64 process, in filter and strict mode: here,
 *   int80_*
 * - PTRACE_O_SUSPEND_SECCOMP without CAP_SYS_ADMIN, by PTRACE_SETOPTIONS
 *   and PTRACE_SEIZE: seccomp_introspect.c,
 *   suspend_seccomp_needs_cap_sys_admin (capability dropped); here, as an
 *   unprivileged uid
 * - KILL_THREAD and KILL_PROCESS with SIGSYS blocked, ignored or caught:
 *   seccomp_actions.c, kill.*.{blocking,ignoring,handler}_does_not_save_it
 * - KILL_* under a tracer that suppresses the signal: here,
 *   kill_tracer_cannot_suppress_*
 * - TRAP with SIGSYS blocked or ignored: seccomp_actions.c,
 *   trap_with_sigsys_{blocked,ignored}_kills
 * - filter references when clone() fails after copying the task: here,
 *   clone_failure_*
 *
 * Denied calls here fail with EXDEV, which none of them can return.
 *
 * On arm64 the x32 and int $0x80 classes do not exist (a 64-bit process
 * has no way to make a 32-bit call; seccomp_abi_arm32.c tests 32-bit
 * processes): their tests are built on x86_64 only.
 */

#include "seccomp_common.h"

#include <poll.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <linux/sched.h>

#ifndef PTRACE_O_SUSPEND_SECCOMP
#define PTRACE_O_SUSPEND_SECCOMP	0x200000
#endif

#define DENIED		EXDEV
#define NOBODY		65534

#if defined(__x86_64__)
/* i386 numbers, for int $0x80. */
#define NR32_exit	1
#define NR32_write	4
#define NR32_getpid	20
/* x86_64 numbers that mean something else, or nothing, on i386. */
#define NR64_read	0
#define NR64_exit	60

/* A system call through the x86_64 "syscall" instruction, rax as given. */
static long raw_syscall(unsigned long nr, unsigned long a0)
{
	long ret;

	asm volatile("syscall"
		     : "=a"(ret)
		     : "a"(nr), "D"(a0)
		     : "rcx", "r11", "memory");
	return ret;
}

/* A system call through the i386 gate: i386 numbers, 32-bit arguments. */
static long int80(long nr, long a, long b, long c)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c)
		     : "r8", "r9", "r10", "r11", "memory");
	return ret;
}

/* Turn a tracee stopped at syscall entry to call @nr instead. */
static int set_entry_nr(pid_t pid, long nr)
{
	return ptrace(PTRACE_POKEUSER, pid,
		      offsetof(struct user_regs_struct, orig_rax), nr);
}
#elif defined(__aarch64__)
#include <sys/uio.h>
#include <linux/elf.h>

/* A system call through "svc #0", x8 as given. */
static long raw_syscall(unsigned long nr, unsigned long a0)
{
	register unsigned long x8 asm("x8") = nr;
	register long x0 asm("x0") = a0;

	asm volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
	return x0;
}

/* The call number has a register set of its own; x8 is not read again. */
static int set_entry_nr(pid_t pid, long nr)
{
	int scno = nr;
	struct iovec iov = { .iov_base = &scno, .iov_len = sizeof(scno) };

	return ptrace(PTRACE_SETREGSET, pid, NT_ARM_SYSTEM_CALL, &iov);
}
#else
#error "raw_syscall() is written for x86_64 and arm64"
#endif

#if defined(__x86_64__)	/* for the x32 and int $0x80 tests */
/* Wait for @pid; true if it was killed by @sig. */
static bool killed_by(struct __test_metadata *_metadata, pid_t pid, int sig)
{
	int status = wait_status(pid);

	if (WIFSIGNALED(status) && WTERMSIG(status) == sig)
		return true;
	TH_LOG("status 0x%x: %s %d", status,
	       WIFEXITED(status) ? "exit" : "signal",
	       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return false;
}
#endif

/* Wait for @pid; true if it exited with @code. */
static bool exited_with(struct __test_metadata *_metadata, pid_t pid,
			int code)
{
	int status = wait_status(pid);

	if (WIFEXITED(status) && WEXITSTATUS(status) == code)
		return true;
	TH_LOG("status 0x%x: %s %d", status,
	       WIFEXITED(status) ? "exit" : "signal",
	       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return false;
}

/*
 * A tracer changes the call at its syscall-entry stop.  Seccomp runs
 * after that stop, so it must judge the call the tracer left, not the
 * one the tracee made: otherwise a tracer (or a tracee that controls
 * one) could turn any allowed call into a denied one.
 */

#define ENTRY_TAG	0x5ecc0b1a5UL

struct entry_result {
	long ret;
	int err;
};

/* Tracee: traced from the start, then filtered, then one tagged getpid(). */
static void entry_tracee(int report, __u32 action)
{
	struct entry_result r;

	no_core_dumps();
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) || raise(SIGSTOP))
		_exit(10);
	if (set_no_new_privs() || install_action(0, __NR_getppid, action))
		_exit(11);
	errno = 0;
	r.ret = syscall(__NR_getpid, ENTRY_TAG);
	r.err = errno;
	_exit(write(report, &r, sizeof(r)) == sizeof(r) ? 0 : 12);
}

/*
 * Trace @pid to its end, turning its tagged getpid() into getppid() at
 * the entry stop.  Returns its wait status; *@changed says whether the
 * call was seen and changed.
 */
static int change_at_entry(pid_t pid, bool *changed)
{
	struct __ptrace_syscall_info info;
	int status;

	*changed = false;
	if (wait_status(pid) < 0 ||
	    ptrace(PTRACE_SETOPTIONS, pid, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL))
		return -1;
	for (;;) {
		int sig = 0;

		if (ptrace(PTRACE_SYSCALL, pid, 0, 0))
			return -1;
		if (waitpid(pid, &status, 0) != pid)
			return -1;
		if (!WIFSTOPPED(status))
			return status;
		if (WSTOPSIG(status) != (SIGTRAP | 0x80)) {
			/* Pass signals on: the kill must be able to land. */
			sig = WSTOPSIG(status);
			if (ptrace(PTRACE_SYSCALL, pid, 0, sig))
				return -1;
			if (waitpid(pid, &status, 0) != pid)
				return -1;
			if (!WIFSTOPPED(status))
				return status;
			continue;
		}
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info),
			   &info) <= 0)
			return -1;
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY &&
		    info.entry.nr == __NR_getpid &&
		    info.entry.args[0] == ENTRY_TAG) {
			if (set_entry_nr(pid, __NR_getppid))
				return -1;
			*changed = true;
		}
	}
}

static pid_t spawn_entry_tracee(int p[2], __u32 action)
{
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		entry_tracee(p[1], action);
	}
	close(p[1]);
	return pid;
}

TEST(entry_stop_change_to_a_denied_call_is_denied)
{
	struct entry_result r;
	bool changed;
	int p[2], status;
	pid_t pid = spawn_entry_tracee(p, SECCOMP_RET_ERRNO | DENIED);

	ASSERT_LT(0, pid);
	status = change_at_entry(pid, &changed);
	ASSERT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("status 0x%x", status);
	EXPECT_TRUE(changed);
	ASSERT_EQ(sizeof(r), read(p[0], &r, sizeof(r)));
	EXPECT_EQ(-1, r.ret);
	EXPECT_EQ(DENIED, r.err);
}

TEST(entry_stop_change_to_a_killed_call_kills)
{
	bool changed;
	int p[2], status;
	pid_t pid = spawn_entry_tracee(p, SECCOMP_RET_KILL_PROCESS);

	ASSERT_LT(0, pid);
	status = change_at_entry(pid, &changed);
	EXPECT_TRUE(changed);
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		TH_LOG("status 0x%x", status);
}

/* The control: the filter judged getppid(), not a stale getpid(). */
TEST(entry_stop_change_to_an_allowed_call_runs_it)
{
	struct entry_result r;
	bool changed;
	int p[2], status;
	pid_t pid = spawn_entry_tracee(p, SECCOMP_RET_ALLOW);

	ASSERT_LT(0, pid);
	status = change_at_entry(pid, &changed);
	ASSERT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("status 0x%x", status);
	EXPECT_TRUE(changed);
	ASSERT_EQ(sizeof(r), read(p[0], &r, sizeof(r)));
	EXPECT_EQ(getpid(), r.ret);
}

#if defined(__x86_64__)
/*
 * x32 calls from an x86_64 process: any process can set
 * __X32_SYSCALL_BIT in rax.  The filter must see the number with the bit,
 * as the kernel dispatches it, so that it can refuse x32 calls; a filter
 * that only compares x86_64 numbers does not match them.
 */

#define X32(nr)		(__X32_SYSCALL_BIT | (nr))

static void need_x32(struct __test_metadata *_metadata)
{
	/* Without CONFIG_X86_X32_ABI the call fails before running. */
	if (raw_syscall(X32(__NR_getppid), 0) == -ENOSYS)
		SKIP(return, "no x32 system calls in this kernel");
}

TEST(x32_bit_reaches_the_filter)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(AUDIT_ARCH_X86_64, 0, 3),
		LD_ABS(SD_NR),
		JEQ_K(X32(__NR_getppid), 0, 1),
		RET_K(SECCOMP_RET_ERRNO | DENIED),
		RET_K(SECCOMP_RET_ALLOW),
	};

	need_x32(_metadata);
	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_EQ(-DENIED, raw_syscall(X32(__NR_getppid), 0));
	EXPECT_EQ(getppid(), raw_syscall(__NR_getppid, 0));
}

/* Why filters must look at the bit: the x32 call does run getppid(). */
TEST(x32_bit_is_not_matched_by_the_x86_64_number)
{
	pid_t ppid = getppid();

	need_x32(_metadata);
	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, install_action(0, __NR_getppid,
				    SECCOMP_RET_ERRNO | DENIED));
	EXPECT_EQ(-DENIED, raw_syscall(__NR_getppid, 0));
	EXPECT_EQ(ppid, raw_syscall(X32(__NR_getppid), 0));
}

/* The usual defence: kill anything at or above the bit. */
TEST(x32_bit_defence_kills)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, __X32_SYSCALL_BIT, 0, 1),
		RET_K(SECCOMP_RET_KILL_PROCESS),
		RET_K(SECCOMP_RET_ALLOW),
	};
	pid_t pid;

	need_x32(_metadata);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		no_core_dumps();
		if (set_no_new_privs() || INSTALL(0, insns))
			_exit(10);
		if (raw_syscall(__NR_getppid, 0) != getppid())
			_exit(11);
		raw_syscall(X32(__NR_getppid), 0);
		_exit(12);
	}
	EXPECT_TRUE(killed_by(_metadata, pid, SIGSYS));
}

#endif

/*
 * The kernel takes the call number from the low 32 bits of rax (of x8 on
 * arm64).  The filter must see the number that then runs, not be fooled
 * by the high bits into matching another one (or none).
 */
static void nr_high_bits(struct __test_metadata *_metadata,
			 unsigned long high)
{
	/* Precondition for a bypass: the high bits do not stop the call. */
	ASSERT_EQ(getppid(), raw_syscall(high | __NR_getppid, 0));
	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, install_action(0, __NR_getppid,
				    SECCOMP_RET_ERRNO | DENIED));
	EXPECT_EQ(-DENIED, raw_syscall(high | __NR_getppid, 0));
	EXPECT_EQ(-DENIED, raw_syscall(__NR_getppid, 0));
}

TEST(nr_high_bits_bit_32)
{
	nr_high_bits(_metadata, 1UL << 32);
}

TEST(nr_high_bits_all)
{
	nr_high_bits(_metadata, 0xffffffff00000000UL);
}

#if defined(__x86_64__)
/*
 * int $0x80 from an x86_64 process is an i386 call: i386 numbers, and
 * AUDIT_ARCH_I386 in seccomp_data.  A filter that checks the arch can
 * refuse it; in strict mode only i386's own read, write, exit and
 * sigreturn pass, whatever the x86_64 numbers would mean.
 */

TEST(int80_filter_sees_arch_i386_and_i386_numbers)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(AUDIT_ARCH_I386, 0, 3),
		LD_ABS(SD_NR),
		JEQ_K(NR32_getpid, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | DENIED),
		RET_K(SECCOMP_RET_ALLOW),
	};

	if (int80(NR32_getpid, 0, 0, 0) != getpid())
		SKIP(return, "no i386 system calls in this kernel");
	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_EQ(-DENIED, int80(NR32_getpid, 0, 0, 0));
	/* The same number through "syscall" is x86_64's writev. */
	EXPECT_EQ(-EBADF, raw_syscall(NR32_getpid, -1));
}

TEST(int80_arch_check_kills)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(AUDIT_ARCH_X86_64, 1, 0),
		RET_K(SECCOMP_RET_KILL_PROCESS),
		RET_K(SECCOMP_RET_ALLOW),
	};
	pid_t pid;

	if (int80(NR32_getpid, 0, 0, 0) != getpid())
		SKIP(return, "no i386 system calls in this kernel");
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		no_core_dumps();
		if (set_no_new_privs() || INSTALL(0, insns))
			_exit(10);
		int80(NR32_getpid, 0, 0, 0);
		_exit(11);
	}
	EXPECT_TRUE(killed_by(_metadata, pid, SIGSYS));
}

/* In a child: enter strict mode, make one int $0x80 call, exit with 7. */
static pid_t strict_int80(long nr, long a, long b, long c)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
			_exit(10);
		int80(nr, a, b, c);
		syscall(__NR_exit, 7);
	}
	return pid;
}

TEST(int80_strict_allows_i386_write_and_exit)
{
	char *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	int p[2];
	pid_t pid;

	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, pipe(p));
	buf[0] = 'w';
	pid = strict_int80(NR32_write, p[1], (long)buf, 1);
	ASSERT_LE(0, pid);
	EXPECT_TRUE(exited_with(_metadata, pid, 7));
	buf[0] = 0;
	EXPECT_EQ(1, read(p[0], buf, 1));
	EXPECT_EQ('w', buf[0]);

	/* i386's exit is allowed too: it ends the child with its code. */
	pid = strict_int80(NR32_exit, 3, 0, 0);
	ASSERT_LE(0, pid);
	EXPECT_TRUE(exited_with(_metadata, pid, 3));
}

TEST(int80_strict_kills_i386_getpid)
{
	pid_t pid = strict_int80(NR32_getpid, 0, 0, 0);

	ASSERT_LE(0, pid);
	EXPECT_TRUE(killed_by(_metadata, pid, SIGKILL));
}

/* x86_64's read and exit numbers are other calls on i386. */
TEST(int80_strict_kills_x86_64_read_number)
{
	pid_t pid = strict_int80(NR64_read, 0, 0, 0);

	ASSERT_LE(0, pid);
	EXPECT_TRUE(killed_by(_metadata, pid, SIGKILL));
}

TEST(int80_strict_kills_x86_64_exit_number)
{
	pid_t pid = strict_int80(NR64_exit, 0, 0, 0);

	ASSERT_LE(0, pid);
	EXPECT_TRUE(killed_by(_metadata, pid, SIGKILL));
}
#endif /* __x86_64__ */

/*
 * PTRACE_O_SUSPEND_SECCOMP turns a tracee's filters off: only an
 * administrator (checkpoint/restore) may ask for it.  Here the tracer is
 * a plain unprivileged user tracing its own child, which it may do; it
 * may not suspend the child's filters, by either request.
 */
TEST(suspend_seccomp_refused_to_an_unprivileged_uid)
{
	pid_t tracer = fork();

	ASSERT_LE(0, tracer);
	if (tracer == 0) {
		int go[2], res[2], status;
		long ret;
		pid_t pid;
		char c;

		if (pipe(go) || pipe(res) ||
		    setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(10);
		pid = fork();
		if (pid == 0) {
			/* Changing uids made us undumpable: not traceable. */
			prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
			if (set_no_new_privs() ||
			    install_action(0, __NR_getppid,
					   SECCOMP_RET_ERRNO | DENIED) ||
			    write(res[1], "r", 1) != 1 ||
			    read(go[0], &c, 1) != 1)
				_exit(20);
			errno = 0;
			ret = syscall(__NR_getppid);
			_exit(ret == -1 && errno == DENIED ? 0 : 21);
		}
		if (pid < 0 || read(res[0], &c, 1) != 1)
			_exit(11);
		errno = 0;
		if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_SUSPEND_SECCOMP) !=
		    -1 || errno != EPERM)
			_exit(12);
		if (ptrace(PTRACE_SEIZE, pid, 0, 0))
			_exit(13);
		if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) ||
		    waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
			_exit(14);
		errno = 0;
		if (ptrace(PTRACE_SETOPTIONS, pid, 0,
			   PTRACE_O_SUSPEND_SECCOMP) != -1 || errno != EPERM)
			_exit(15);
		if (ptrace(PTRACE_DETACH, pid, 0, 0) || write(go[1], "g", 1) != 1)
			_exit(16);
		status = wait_status(pid);
		if (!WIFEXITED(status))
			_exit(17);
		/* The filter still held once the tracer let go. */
		_exit(WEXITSTATUS(status) ? 18 : 0);
	}
	EXPECT_TRUE(exited_with(_metadata, tracer, 0));
}

/*
 * A killing action ends the task with SIGSYS even under a tracer that
 * suppresses every signal it is shown: the tracer must not be offered
 * the SIGSYS to cancel, or the task would go on with the call skipped.
 */
static void kill_under_suppressing_tracer(struct __test_metadata *_metadata,
					  __u32 action)
{
	int go[2], status;
	pid_t pid;
	char c = 'g';

	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		no_core_dumps();
		if (read(go[0], &c, 1) != 1 || set_no_new_privs() ||
		    install_action(0, __NR_getppid, action))
			_exit(10);
		syscall(__NR_getppid);
		_exit(11);
	}
	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, pid, 0, 0));
	ASSERT_EQ(1, write(go[1], &c, 1));
	for (;;) {
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		if (!WIFSTOPPED(status))
			break;
		if (WSTOPSIG(status) == SIGSYS)
			TH_LOG("the tracer was offered SIGSYS");
		/* Whatever stopped it, continue without the signal. */
		ASSERT_EQ(0, ptrace(PTRACE_CONT, pid, 0, 0));
	}
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		TH_LOG("status 0x%x", status);
}

TEST(kill_tracer_cannot_suppress_kill_process)
{
	kill_under_suppressing_tracer(_metadata, SECCOMP_RET_KILL_PROCESS);
}

TEST(kill_tracer_cannot_suppress_kill_thread)
{
	kill_under_suppressing_tracer(_metadata, SECCOMP_RET_KILL_THREAD);
}

/*
 * A failed clone() must leave the filter's references as they were: the
 * child's copy of the task had the parent's filter pointer until the
 * failure unwound it.  A reference too many leaks the filter (and keeps
 * a listener from seeing its sandbox go); one too few frees it under the
 * parent's feet.  Each helper makes one clone that fails after the child
 * was copied, as far as it can get, and returns its errno.
 */

/* Return the errno of a failed clone; reap (or end) a successful one. */
static int clone_errno(long ret)
{
	if (ret == 0)
		_exit(0);
	if (ret > 0) {
		waitpid(ret, NULL, 0);
		return 0;
	}
	return errno;
}

/* clone3() with a struct too short to be one: refused before copying. */
static int clone3_short_struct(void)
{
	struct clone_args args = { .exit_signal = SIGCHLD };

	return clone_errno(syscall(__NR_clone3, &args, 8));
}

/* clone3() asking for our own pid: fails when the pid is allocated. */
static int clone3_taken_pid(void)
{
	pid_t tid = getpid();
	struct clone_args args = {
		.exit_signal = SIGCHLD,
		.set_tid = (unsigned long)&tid,
		.set_tid_size = 1,
	};

	return clone_errno(syscall(__NR_clone3, &args, sizeof(args)));
}

/* A thread without shared signal handlers cannot exist. */
static int clone_thread_alone(void)
{
	return clone_errno(syscall(__NR_clone, CLONE_THREAD, 0, NULL, NULL,
				   0));
}

/*
 * A pid namespace whose init died takes no more tasks: the fork fails
 * at the very end, just before the child would get its filters.  After
 * this the caller cannot fork any more.
 */
static int fork_into_dead_pid_ns(void)
{
	pid_t init;

	if (unshare(CLONE_NEWPID))
		return -1;
	init = fork();
	if (init == 0)
		_exit(0);
	if (init < 0 || waitpid(init, NULL, 0) != init)
		return -1;
	return clone_errno(fork());
}

/* Over RLIMIT_NPROC as a plain user.  After this the caller is nobody. */
static int fork_over_nproc(void)
{
	struct rlimit rl = { 0, 0 };

	if (setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY) || setrlimit(RLIMIT_NPROC, &rl))
		return -1;
	return clone_errno(fork());
}

static const struct {
	const char *name;
	int (*fail)(void);
	int err;
	bool last;		/* the caller cannot fork afterwards */
} clone_failures[] = {
	{ "clone3 short struct", clone3_short_struct, EINVAL },
	{ "clone3 taken pid", clone3_taken_pid, EEXIST },
	{ "CLONE_THREAD alone", clone_thread_alone, EINVAL },
	{ "dead pid namespace", fork_into_dead_pid_ns, ENOMEM, true },
	{ "RLIMIT_NPROC", fork_over_nproc, EAGAIN, true },
};

/*
 * 0 if getppid() is denied by the filter, and in a child too if we can
 * fork; 1: not denied, 2: filter count wrong, 3: not denied in a child.
 */
static int filter_holds(bool can_fork)
{
	pid_t pid;
	int status;

	errno = 0;
	if (syscall(__NR_getppid) != -1 || errno != DENIED)
		return 1;
	if (proc_status_field(0, "Seccomp_filters") != 1)
		return 2;
	if (!can_fork)
		return 0;
	pid = fork();
	if (pid == 0) {
		errno = 0;
		_exit(syscall(__NR_getppid) == -1 && errno == DENIED ? 0 : 1);
	}
	status = wait_status(pid);
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 3;
}

TEST(clone_failure_keeps_the_filter)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(clone_failures); i++) {
		pid_t pid = fork();
		int status;

		ASSERT_LE(0, pid);
		if (pid == 0) {
			int err;

			if (set_no_new_privs() ||
			    install_action(0, __NR_getppid,
					   SECCOMP_RET_ERRNO | DENIED))
				_exit(100);
			/* 101: set-up failed, 102: wrong errno, 1-3: see above */
			err = clone_failures[i].fail();
			if (err != clone_failures[i].err)
				_exit(err < 0 ? 101 : 102);
			_exit(filter_holds(!clone_failures[i].last));
		}
		status = wait_status(pid);
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
			TH_LOG("%s: status 0x%x", clone_failures[i].name,
			       status);
	}
}

/*
 * The users count: a listener sees EPOLLHUP once no task can use its
 * filter any more.  A sandbox makes every kind of failed clone, then
 * exits; a reference left behind by a failure would keep the listener
 * from ever hanging up.
 */
TEST(clone_failure_leaks_no_user)
{
	struct pollfd pfd = { .events = POLLIN };
	int up[2], down[2], status, pidfd, fd;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(up));
	ASSERT_EQ(0, pipe(down));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		unsigned int i;
		int listener;

		if (set_no_new_privs())
			_exit(100);
		listener = install_const(SECCOMP_FILTER_FLAG_NEW_LISTENER,
					 SECCOMP_RET_ALLOW);
		if (listener < 0 ||
		    write(up[1], &listener, sizeof(listener)) !=
		    sizeof(listener) || read(down[0], &c, 1) != 1)
			_exit(101);
		close(listener);
		for (i = 0; i < ARRAY_SIZE(clone_failures); i++)
			if (clone_failures[i].fail() != clone_failures[i].err)
				_exit(102 + i);
		_exit(0);
	}
	ASSERT_EQ(sizeof(fd), read(up[0], &fd, sizeof(fd)));
	pidfd = syscall(__NR_pidfd_open, pid, 0);
	ASSERT_LE(0, pidfd);
	pfd.fd = syscall(__NR_pidfd_getfd, pidfd, fd, 0);
	ASSERT_LE(0, pfd.fd);
	/* The control: while the sandbox lives, no hang-up. */
	ASSERT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_EQ(1, write(down[1], "g", 1));
	status = wait_status(pid);
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("status 0x%x", status);
	EXPECT_EQ(1, poll(&pfd, 1, 1000));
	EXPECT_TRUE(pfd.revents & POLLHUP) TH_LOG("revents 0x%x", pfd.revents);
}

/*
 * The refs count, where the kernel keeps filters in their own slab
 * cache ("seccomp_filter" in /proc/slabinfo; merged caches need
 * slab_nomerge): after many sandboxes that each attach a new filter and
 * fail to clone, the live filters must not have grown with them.
 */
#define SANDBOXES	256

/*
 * Enough sandboxes for a leak to stand out from the slab's per-CPU slack
 * takes longer than the harness's default 30 s on a debug kernel.
 */
FIXTURE(sandboxes) {};
FIXTURE_SETUP(sandboxes) {}
FIXTURE_TEARDOWN(sandboxes) {}

TEST_F_TIMEOUT(sandboxes, clone_failure_leaks_no_filter, 300)
{
	long before, after;
	int i;

	before = live_filters();
	if (before < 0) {
		TH_LOG("no seccomp_filter slab cache: count not checked");
		return;
	}
	for (i = 0; i < SANDBOXES; i++) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0) {
			if (set_no_new_privs() ||
			    install_action(0, __NR_getppid,
					   SECCOMP_RET_ERRNO | DENIED) ||
			    clone3_short_struct() != EINVAL ||
			    clone3_taken_pid() != EEXIST ||
			    clone_thread_alone() != EINVAL ||
			    fork_into_dead_pid_ns() != ENOMEM)
				_exit(1);
			_exit(0);
		}
		ASSERT_EQ(0, wait_status(pid));
	}
	after = live_filters();
	/* Slack for the objects a slab cache keeps per CPU. */
	EXPECT_GT(before + SANDBOXES / 4, after)
		TH_LOG("%ld live filters before, %ld after %d sandboxes",
		       before, after, SANDBOXES);
}

TEST_HARNESS_MAIN
