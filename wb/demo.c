// SPDX-License-Identifier: GPL-2.0
/*
 * Seccomp mode 2 at work, run in the guest by `make run`.
 *
 * The process sets no_new_privs and installs a filter that allows every
 * system call of its own ABI (x86_64 or arm64) except uname(), which fails
 * with EACCES, and getppid(), which kills the process. It then makes one call of each kind, the killed
 * one in a child. Results are printed as TAP for the host to count.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define DENY_ERRNO EACCES

/* x32 calls are x86_64's with this bit set; the others have no such ABI. */
#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#define OTHER_ABI_BIT __X32_SYSCALL_BIT
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#define OTHER_ABI_BIT 0x80000000	/* no call has it */
#elif defined(__s390x__)
#define NATIVE_ARCH AUDIT_ARCH_S390X
#define OTHER_ABI_BIT 0x80000000
#elif defined(__riscv)
#define NATIVE_ARCH AUDIT_ARCH_RISCV64
#define OTHER_ABI_BIT 0x80000000
#else
#error "the demo knows x86_64, arm64, s390x and riscv64"
#endif

static struct sock_filter insns[] = {
	/* Other ABIs (i386, x32; 32-bit ARM; 31-bit s390) are killed. */
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, OTHER_ABI_BIT, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),

	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_uname, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | DENY_ERRNO),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

static int tests, failures;

static void result(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", ++tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	failures += !ok;
}

int main(void)
{
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};
	struct utsname uts;
	int ret, err, status;
	pid_t child;

	printf("TAP version 13\n1..5\n");
	printf("# filter: uname() -> errno %d, getppid() -> kill process, others allowed\n",
	       DENY_ERRNO);

	ret = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (!ret)
		ret = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
	result(ret == 0, "filter installed: prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER) = %d%s%s",
	       ret, ret ? ", " : "", ret ? strerror(errno) : "");
	if (ret)
		return 1;

	ret = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	result(ret == SECCOMP_MODE_FILTER, "mode: prctl(PR_GET_SECCOMP) = %d", ret);

	ret = getpid();
	result(ret > 0, "allowed call: getpid() = %d", ret);

	ret = uname(&uts);
	err = errno;
	result(ret == -1 && err == DENY_ERRNO, "denied call: uname() = %d, errno %d (%s)",
	       ret, ret ? err : 0, ret ? strerror(err) : "no error");

	child = fork();
	if (child == 0) {
		syscall(SYS_getppid);
		_exit(0);	/* not reached if the filter works */
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		status = 0;
	result(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS,
	       "killed call: child calling getppid() %s %d (%s)",
	       WIFSIGNALED(status) ? "died of signal" : "exited with",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
	       WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "not killed");

	return failures ? 1 : 0;
}
