// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp for 32-bit ARM processes on an arm64 kernel (CONFIG_COMPAT), built
 * with arm-linux-gnueabihf-gcc: filters see AUDIT_ARCH_ARM and the 32-bit
 * ARM call numbers, with 32-bit arguments; strict mode allows ARM's read,
 * write, exit and rt_sigreturn (arm64 never allowed the old sigreturn); a
 * 32-bit tracer changes a call with PTRACE_SET_SYSCALL; and the cache,
 * which keeps a table per ABI, decides every call as running the filters
 * would.
 *
 * Calls are made with "svc #0" from call3() below, so that their numbers
 * and the place they are made from are known, and through glibc.
 */
#include "seccomp_common.h"

#include <stdbool.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <ucontext.h>

#ifndef __arm__
#error "build this test with a 32-bit ARM compiler"
#endif

/* 32-bit ARM (EABI) numbers, spelled out: they are the point of the test. */
#define NR32_exit		1
#define NR32_read		3
#define NR32_write		4
#define NR32_getpid		20
#define NR32_getppid		64
#define NR32_sigreturn		119
#define NR32_prctl		172
#define NR32_rt_sigreturn	173
#define NR32_gettid		224
#define NR32_exit_group		248
/* A private ARM call that arm64 does not have: ENOSYS, but filtered. */
#define NR32_private_unknown	0x0f0100
/* arm64's getpid has the number of ARM's prctl. */
#define NR64_getpid		172

/*
 * long call3(long nr, long a, long b, long c): one system call, in ARM
 * state whatever the rest of the program is built as (Thumb uses r7, the
 * number register, as its frame pointer).  call3_ret is the address after
 * the svc, where the kernel says the call was made.
 */
long call3(long nr, long a, long b, long c);
extern const char call3_ret[];
asm(".pushsection .text\n"
	".balign 4\n"
	".arm\n"
	".globl call3\n"
	".type call3, %function\n"
	"call3:\n"
	"	push {r7, lr}\n"
	"	mov r7, r0\n"
	"	mov r0, r1\n"
	"	mov r1, r2\n"
	"	mov r2, r3\n"
	"	svc #0\n"
	".globl call3_ret\n"
	"call3_ret:\n"
	"	pop {r7, pc}\n"
	".size call3, . - call3\n"
	".popsection\n");

#define ptr(p) ((long)(unsigned long)(p))

TEST(numbers_are_the_arm_ones)
{
	ASSERT_EQ(NR32_getpid, __NR_getpid);
	ASSERT_EQ(NR32_read, __NR_read);
	ASSERT_EQ(NR32_write, __NR_write);
	ASSERT_EQ(NR32_exit, __NR_exit);
	ASSERT_EQ(NR32_prctl, __NR_prctl);
	ASSERT_EQ(NR32_rt_sigreturn, __NR_rt_sigreturn);
	EXPECT_EQ(getpid(), call3(NR32_getpid, 0, 0, 0));
	EXPECT_EQ(-ENOSYS, call3(NR32_private_unknown, 0, 0, 0));
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
	EXPECT_EQ(-11, call3(NR32_getpid, 0, 0, 0));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_getpid));
	EXPECT_EQ(11, errno);
}

static siginfo_t trap_info;
static unsigned long trap_r0, trap_r7, trap_pc;
static int traps;

static void on_sigsys(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;

	trap_info = *info;
	trap_r0 = uc->uc_mcontext.arm_r0;
	trap_r7 = uc->uc_mcontext.arm_r7;
	trap_pc = uc->uc_mcontext.arm_pc;
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

TEST(trap_reports_arm)
{
	ASSERT_EQ(0, catch_sigsys());
	ASSERT_EQ(0, install_action(0, NR32_getpid, SECCOMP_RET_TRAP | 0x32));

	/* The call is not made: r0 keeps its first argument. */
	EXPECT_EQ(0x5ecc, call3(NR32_getpid, 0x5ecc, 0, 0));
	ASSERT_EQ(1, traps);
	EXPECT_EQ(SIGSYS, trap_info.si_signo);
	EXPECT_EQ(SYS_SECCOMP, trap_info.si_code);
	EXPECT_EQ(AUDIT_ARCH_ARM, trap_info.si_arch);
	EXPECT_EQ(NR32_getpid, trap_info.si_syscall);
	EXPECT_EQ(0x32, trap_info.si_errno);
	EXPECT_EQ((unsigned long)call3_ret,
		  (unsigned long)trap_info.si_call_addr);
	EXPECT_EQ((unsigned long)call3_ret, trap_pc);
	EXPECT_EQ(0x5ecc, trap_r0);
	EXPECT_EQ(NR32_getpid, trap_r7);

	/* The same through glibc. */
	syscall(__NR_getpid);
	ASSERT_EQ(2, traps);
	EXPECT_EQ(AUDIT_ARCH_ARM, trap_info.si_arch);
	EXPECT_EQ(NR32_getpid, trap_info.si_syscall);
}

TEST(filter_sees_arch_arm)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(AUDIT_ARCH_ARM, 0, 4),
		LD_ABS(SD_NR),
		JEQ_K(NR32_getpid, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 11),
		RET_K(SECCOMP_RET_ALLOW),
		RET_K(SECCOMP_RET_ERRNO | 12),
	};

	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_EQ(-11, call3(NR32_getpid, 0, 0, 0));
	/* Other ARM calls are allowed, so the arch matched. */
	EXPECT_EQ(getppid(), call3(NR32_getppid, 0, 0, 0));
}

/* Denying arm64's getpid (172) must not touch ARM's prctl (172). */
TEST(filter_for_aarch64_does_not_match)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(AUDIT_ARCH_AARCH64, 0, 3),
		LD_ABS(SD_NR),
		JEQ_K(NR64_getpid, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 12),
		RET_K(SECCOMP_RET_ALLOW),
	};

	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_EQ(SECCOMP_MODE_FILTER,
		  call3(NR32_prctl, PR_GET_SECCOMP, 0, 0));
	EXPECT_LT(0, call3(NR32_getpid, 0, 0, 0));
}

TEST(filter_sees_instruction_pointer)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(NR32_getpid, 0, 5),
		LD_ABS(SD_IP + 4),
		JEQ_K(0, 0, 3),
		LD_ABS(SD_IP),
		JEQ_K((__u32)(unsigned long)call3_ret, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 9),
		RET_K(SECCOMP_RET_ALLOW),
	};

	ASSERT_EQ(0, INSTALL(0, insns));
	EXPECT_EQ(-9, call3(NR32_getpid, 0, 0, 0));
	/* glibc's svc is elsewhere. */
	EXPECT_EQ(getpid(), syscall(__NR_getpid));
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
	EXPECT_EQ(-14, call3(NR32_getpid, 0, 0, 0xffffffff));
	EXPECT_EQ(-15, call3(NR32_getpid, 0, 0, 0x7fffffff));
}

/* Private ARM calls lie beyond the numbered table: filtered all the same. */
TEST(private_call_is_filtered)
{
	ASSERT_EQ(0, install_action(0, NR32_private_unknown,
				    SECCOMP_RET_ERRNO | 16));
	EXPECT_EQ(-16, call3(NR32_private_unknown, 0, 0, 0));
	EXPECT_EQ(getppid(), call3(NR32_getppid, 0, 0, 0));
}

/*
 * The cache against the plain chain.  Each chain below is attached in a
 * child twice: as written, so that its answers that do not depend on the
 * arguments are cached (which /proc/self/seccomp_cache shows), and made
 * opaque, each filter first looking at an argument, so that nothing is
 * cached and every filter runs.  Every probe call must end the same way.
 */

#define MAX_INSNS	32
#define MAX_FILTERS	3

struct filter {
	unsigned int len;
	struct sock_filter insns[MAX_INSNS];
};

struct chain {
	const char *name;
	unsigned int n;
	struct filter f[MAX_FILTERS];
};

struct probe {
	long nr, a, b, c;
};

static const struct probe probes[] = {
	{ NR32_getpid, 0, 0, 0 },
	{ NR32_getpid, 1, 0, 0 },
	{ NR32_getppid, 0, 0, 0 },
	{ NR32_gettid, 0, 0, 0 },
	{ NR32_prctl, PR_GET_SECCOMP, 0, 0 },
	{ NR32_prctl, PR_GET_NO_NEW_PRIVS, 0, 0 },
	{ NR32_private_unknown, 0, 0, 0 },
	{ 1000, 0, 0, 0 },	/* past every table: ENOSYS */
};

/* A struct filter of the instructions given. */
#define F(...) { .len = sizeof((struct sock_filter[]){ __VA_ARGS__ }) / \
		 sizeof(struct sock_filter), .insns = { __VA_ARGS__ } }

static const struct chain chains[] = {
	{ "allow_all", 1, {
		F(RET_K(SECCOMP_RET_ALLOW)),
	} },
	{ "nr_only", 1, {
		F(LD_ABS(SD_NR),
		  JEQ_K(NR32_getpid, 0, 1),
		  RET_K(SECCOMP_RET_ERRNO | 11),
		  JEQ_K(NR32_private_unknown, 0, 1),
		  RET_K(SECCOMP_RET_ERRNO | 12),
		  RET_K(SECCOMP_RET_ALLOW)),
	} },
	{ "arch_aware", 1, {
		F(LD_ABS(SD_ARCH),
		  JEQ_K(AUDIT_ARCH_ARM, 1, 0),
		  RET_K(SECCOMP_RET_KILL_PROCESS),
		  LD_ABS(SD_NR),
		  JEQ_K(NR32_gettid, 0, 1),
		  RET_K(SECCOMP_RET_TRACE | 3),	/* no tracer: ENOSYS */
		  JEQ_K(NR32_getppid, 0, 1),
		  RET_K(SECCOMP_RET_ERRNO | 13),
		  JEQ_K(NR64_getpid, 0, 1),	/* ARM's prctl */
		  RET_K(SECCOMP_RET_LOG),
		  RET_K(SECCOMP_RET_ALLOW)),
	} },
	{ "arg_dependent_on_top", 2, {
		F(LD_ABS(SD_NR),
		  JEQ_K(NR32_getpid, 0, 1),
		  RET_K(SECCOMP_RET_ERRNO | 21),
		  RET_K(SECCOMP_RET_ALLOW)),
		/* Newest: getpid(1) gets its own errno, which wins a tie. */
		F(LD_ABS(SD_NR),
		  JEQ_K(NR32_getpid, 0, 4),
		  LD_ABS(SD_ARG(0)),
		  JEQ_K(1, 0, 1),
		  RET_K(SECCOMP_RET_ERRNO | 22),
		  RET_K(SECCOMP_RET_ALLOW),
		  LD_ABS(SD_NR),
		  JEQ_K(NR32_gettid, 0, 1),
		  RET_K(SECCOMP_RET_KILL_THREAD),
		  RET_K(SECCOMP_RET_ALLOW)),
	} },
	{ "three_deep", 3, {
		F(RET_K(SECCOMP_RET_ALLOW)),
		F(LD_ABS(SD_NR),
		  JEQ_K(NR32_prctl, 0, 1),
		  RET_K(SECCOMP_RET_ERRNO | 31),
		  RET_K(SECCOMP_RET_ALLOW)),
		F(LD_ABS(SD_ARCH),
		  JEQ_K(AUDIT_ARCH_AARCH64, 0, 1),
		  RET_K(SECCOMP_RET_KILL_PROCESS),
		  LD_ABS(SD_NR),
		  JEQ_K(NR32_getppid, 0, 1),
		  RET_K(SECCOMP_RET_ERRNO | 32),
		  RET_K(SECCOMP_RET_ALLOW)),
	} },
};

/* What a probe call came to. */
struct outcome {
	int status;	/* the child's wait status */
	long ret;	/* the call's return value, if the child got that far */
	int done;
};

/* A probe's result that was the child's own pid (or tid): they differ. */
#define OWN_PID		(-100000L)

static struct outcome *shared;

/* Where a child leaves its outcome for the parent. */
static int map_shared(void)
{
	void *p = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	shared = p;
	return 0;
}

/*
 * @f made opaque: it first compares the high half of the sixth argument,
 * which the probes leave 0, with a value it never has.
 */
static void make_opaque(const struct filter *f, struct sock_filter *out,
			unsigned int *len)
{
	out[0] = (struct sock_filter)LD_ABS(SD_ARG(5) + 4);
	out[1] = (struct sock_filter)JEQ_K(0x5ecc0bad, 0, 1);
	out[2] = (struct sock_filter)RET_K(SECCOMP_RET_KILL_PROCESS);
	memcpy(out + 3, f->insns, f->len * sizeof(*out));
	*len = f->len + 3;
}

static int attach_chain(const struct chain *c, bool opaque)
{
	struct sock_filter insns[MAX_INSNS + 3];
	unsigned int i, len;

	for (i = 0; i < c->n; i++) {
		if (opaque) {
			make_opaque(&c->f[i], insns, &len);
		} else {
			len = c->f[i].len;
			memcpy(insns, c->f[i].insns, len * sizeof(*insns));
		}
		if (install_prog(0, insns, len))
			return -1;
	}
	return 0;
}

/* Is call @nr of "arm" ALLOW in our own /proc/self/seccomp_cache? */
static int cache_allows(long nr)
{
	char line[64], want[32];
	FILE *f = fopen("/proc/self/seccomp_cache", "r");
	int found = -1;

	if (!f)
		return -1;
	snprintf(want, sizeof(want), "arm %ld ", nr);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, want, strlen(want))) {
			found = !strncmp(line + strlen(want), "ALLOW", 5);
			break;
		}
	}
	fclose(f);
	return found;
}

static struct outcome run_probe(const struct chain *c, bool opaque,
				const struct probe *p)
{
	struct outcome out = { .status = -1 };
	pid_t pid;

	memset(shared, 0, sizeof(*shared));
	pid = fork();
	if (pid < 0)
		return out;
	if (pid == 0) {
		no_core_dumps();
		if (set_no_new_privs() || attach_chain(c, opaque))
			_exit(90);
		shared->ret = call3(p->nr, p->a, p->b, p->c);
		shared->done = 1;
		_exit(0);
	}
	out.status = wait_status(pid);
	out.ret = shared->ret == pid ? OWN_PID : shared->ret;
	out.done = shared->done;
	return out;
}

FIXTURE(cache) {};

FIXTURE_VARIANT(cache) {
	int chain;
};

FIXTURE_VARIANT_ADD(cache, allow_all) { .chain = 0 };
FIXTURE_VARIANT_ADD(cache, nr_only) { .chain = 1 };
FIXTURE_VARIANT_ADD(cache, arch_aware) { .chain = 2 };
FIXTURE_VARIANT_ADD(cache, arg_dependent_on_top) { .chain = 3 };
FIXTURE_VARIANT_ADD(cache, three_deep) { .chain = 4 };

FIXTURE_SETUP(cache)
{
	ASSERT_EQ(0, map_shared());
}

FIXTURE_TEARDOWN(cache)
{
	munmap(shared, sizeof(*shared));
}

TEST_F(cache, decides_as_the_plain_chain)
{
	const struct chain *c = &chains[variant->chain];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		const struct probe *p = &probes[i];
		struct outcome cached = run_probe(c, false, p);
		struct outcome plain = run_probe(c, true, p);

		EXPECT_EQ(plain.status, cached.status)
			TH_LOG("%s: call %ld(%ld): status 0x%x, plain 0x%x",
			       c->name, p->nr, p->a, cached.status,
			       plain.status);
		EXPECT_EQ(plain.done, cached.done)
			TH_LOG("%s: call %ld(%ld)", c->name, p->nr, p->a);
		if (plain.done && cached.done)
			EXPECT_EQ(plain.ret, cached.ret)
				TH_LOG("%s: call %ld(%ld): %ld, plain %ld",
				       c->name, p->nr, p->a, cached.ret,
				       plain.ret);
	}
}

/*
 * What the cache holds for these chains, seen from the 32-bit side: an
 * argument-blind filter lets its allowed calls skip the chain, an opaque
 * one none.  Needs CONFIG_SECCOMP_CACHE_DEBUG.
 */
TEST_F(cache, table_of_the_arm_abi)
{
	const struct chain *c = &chains[variant->chain];
	pid_t pid;

	if (access("/proc/self/seccomp_cache", F_OK))
		SKIP(return, "no /proc/PID/seccomp_cache");
	if (variant->chain != 1 && variant->chain != 3)
		return;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (set_no_new_privs() || attach_chain(c, false))
			_exit(90);
		if (cache_allows(NR32_getpid) != 0)
			_exit(1);
		if (cache_allows(NR32_getppid) != 1)
			_exit(2);
		/* Denied by nr_only; run by the newer filter of the other. */
		if (cache_allows(NR32_gettid) != (variant->chain == 1))
			_exit(3);
		_exit(0);
	}
	EXPECT_EQ(0, wait_status(pid));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (set_no_new_privs() || attach_chain(c, true))
			_exit(90);
		if (cache_allows(NR32_getppid) != 0)
			_exit(4);
		_exit(0);
	}
	EXPECT_EQ(0, wait_status(pid));
}

/*
 * A 32-bit tracer changes its 32-bit tracee's call at the seccomp stop:
 * PTRACE_SET_SYSCALL to -1 skips it, with r0 as the result; another number
 * is checked by the filters again.
 */
static long traced_change(long new_nr, bool set_r0, long r0,
			  int *events, long *seen_nr)
{
	int status, sig = 0;
	pid_t pid;

	*events = 0;
	memset(shared, 0, sizeof(*shared));
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct sock_filter insns[] = {
			LD_ABS(SD_NR),
			JEQ_K(NR32_getpid, 0, 1),
			RET_K(SECCOMP_RET_TRACE | 7),
			JEQ_K(NR32_gettid, 0, 1),
			RET_K(SECCOMP_RET_ERRNO | EXDEV),
			RET_K(SECCOMP_RET_ALLOW),
		};

		no_core_dumps();
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(50);
		raise(SIGSTOP);
		if (set_no_new_privs() || INSTALL(0, insns))
			_exit(51);
		shared->ret = call3(NR32_getpid, 0, 0, 0);
		shared->done = 1;
		_exit(0);
	}
	status = wait_status(pid);
	if (!WIFSTOPPED(status) ||
	    ptrace(PTRACE_SETOPTIONS, pid, 0,
		   PTRACE_O_EXITKILL | PTRACE_O_TRACESECCOMP))
		return -1;
	for (;;) {
		if (ptrace(PTRACE_CONT, pid, 0, sig))
			return -1;
		status = wait_status(pid);
		if (status == -1 || !WIFSTOPPED(status))
			break;
		sig = 0;
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
			struct user_regs regs;

			if (ptrace(PTRACE_GETREGS, pid, 0, &regs))
				return -1;
			*seen_nr = regs.uregs[7];
			(*events)++;
			if (set_r0) {
				regs.uregs[0] = r0;
				if (ptrace(PTRACE_SETREGS, pid, 0, &regs))
					return -1;
			}
			if (ptrace(PTRACE_SET_SYSCALL, pid, 0, new_nr))
				return -1;
		} else if (WSTOPSIG(status) != SIGTRAP) {
			sig = WSTOPSIG(status);
		}
	}
	return status;
}

FIXTURE(trace) {};

FIXTURE_SETUP(trace)
{
	ASSERT_EQ(0, map_shared());
}

FIXTURE_TEARDOWN(trace)
{
	munmap(shared, sizeof(*shared));
}

TEST_F(trace, skip_with_a_return_value)
{
	long seen = -1;
	int events;
	long status = traced_change(-1, true, 4242, &events, &seen);

	ASSERT_EQ(0, status);
	EXPECT_EQ(1, events);
	EXPECT_EQ(NR32_getpid, seen);
	ASSERT_TRUE(shared->done);
	EXPECT_EQ(4242, shared->ret);
}

TEST_F(trace, changed_call_is_filtered_again)
{
	long seen = -1;
	int events;
	long status = traced_change(NR32_gettid, false, 0, &events, &seen);

	ASSERT_EQ(0, status);
	EXPECT_EQ(1, events);
	ASSERT_TRUE(shared->done);
	EXPECT_EQ(-EXDEV, shared->ret);
}

TEST_F(trace, changed_call_that_filters_allow_runs)
{
	long seen = -1;
	int events;
	long status = traced_change(NR32_getppid, false, 0, &events, &seen);

	ASSERT_EQ(0, status);
	EXPECT_EQ(1, events);
	ASSERT_TRUE(shared->done);
	/* The tracee's parent is this process. */
	EXPECT_EQ(getpid(), shared->ret);
}

/*
 * Strict mode.  After entering it, a child uses call3() only, and leaves
 * with exit(), as exit_group() is not allowed.
 */

static pid_t strict_child(int in, int out, void (*body)(int in, int out))
{
	pid_t pid = fork();

	if (pid)
		return pid;
	no_core_dumps();
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
		_exit(100);
	call3(NR32_write, out, ptr("S"), 1);
	body(in, out);
	call3(NR32_exit, 99, 0, 0);
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

	if (call3(NR32_read, in, ptr(&c), 1) == 1)
		call3(NR32_write, out, ptr(&c), 1);
	/* glibc's write is the same call. */
	syscall(__NR_write, out, "g", 1);
	call3(NR32_exit, 7, 0, 0);
}

TEST_F(strict, read_write_exit_are_allowed)
{
	char first;
	int status;

	ASSERT_EQ(0, run_strict(self, echo_then_exit, &first));
	ASSERT_EQ('S', first);
	EXPECT_EQ(SECCOMP_MODE_STRICT, proc_status_field(self->pid, "Seccomp"));
	ASSERT_EQ(1, write(self->in[1], "x", 1));
	EXPECT_EQ('x', read_byte(self->out[0]));
	EXPECT_EQ('g', read_byte(self->out[0]));
	status = wait_status(self->pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(7, WEXITSTATUS(status));
}

static void getpid_then_write(int in, int out)
{
	call3(NR32_getpid, 0, 0, 0);
	call3(NR32_write, out, ptr("!"), 1);
	call3(NR32_exit, 0, 0, 0);
}

/* arm64's getpid number is no pass either: it is ARM's prctl. */
static void nr64_getpid_then_write(int in, int out)
{
	call3(NR64_getpid, PR_GET_SECCOMP, 0, 0);
	call3(NR32_write, out, ptr("!"), 1);
	call3(NR32_exit, 0, 0, 0);
}

static void exit_group_then_write(int in, int out)
{
	call3(NR32_exit_group, 3, 0, 0);
	call3(NR32_write, out, ptr("!"), 1);
	call3(NR32_exit, 0, 0, 0);
}

static void sigreturn_then_write(int in, int out)
{
	/* Killed before it could look at the (missing) signal frame. */
	call3(NR32_sigreturn, 0, 0, 0);
	call3(NR32_write, out, ptr("!"), 1);
	call3(NR32_exit, 0, 0, 0);
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

TEST_F(strict, getpid_kills)
{
	expect_strict_kill(_metadata, self, getpid_then_write);
}

TEST_F(strict, prctl_kills)
{
	expect_strict_kill(_metadata, self, nr64_getpid_then_write);
}

TEST_F(strict, exit_group_kills)
{
	expect_strict_kill(_metadata, self, exit_group_then_write);
}

/* ARM strict mode on arm64 allows rt_sigreturn (173), not sigreturn (119). */
TEST_F(strict, sigreturn_kills)
{
	expect_strict_kill(_metadata, self, sigreturn_then_write);
}

static int handler_out = -1;

static void on_usr1(int sig)
{
	call3(NR32_write, handler_out, ptr("h"), 1);
}

static void on_usr1_info(int sig, siginfo_t *info, void *context)
{
	call3(NR32_write, handler_out, ptr("i"), 1);
}

static void wait_for_signal(int in, int out)
{
	char c;

	call3(NR32_read, in, ptr(&c), 1);
	call3(NR32_write, out, ptr("d"), 1);
	call3(NR32_exit, 5, 0, 0);
}

/*
 * Signal a strict child that waits in read(); its handler writes @mark.
 * Returns the child's wait status.
 */
static int signal_strict_child(struct __test_metadata *_metadata,
			       FIXTURE_DATA(strict) *self,
			       const struct sigaction *sa, char mark)
{
	char first;

	if (sigaction(SIGUSR1, sa, NULL))
		return -1;
	handler_out = self->out[1];
	if (run_strict(self, wait_for_signal, &first) || first != 'S')
		return -1;
	if (kill(self->pid, SIGUSR1))
		return -1;
	EXPECT_EQ(mark, read_byte(self->out[0]));
	/* Release it if read() was not interrupted; it may be gone. */
	signal(SIGPIPE, SIG_IGN);
	write(self->in[1], "g", 1);
	return wait_status(self->pid);
}

/* A handler with SA_SIGINFO returns with rt_sigreturn (173): allowed. */
TEST_F(strict, siginfo_handler_returns_with_rt_sigreturn)
{
	struct sigaction sa = {
		.sa_sigaction = on_usr1_info,
		.sa_flags = SA_SIGINFO,
	};
	int status = signal_strict_child(_metadata, self, &sa, 'i');

	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(5, WEXITSTATUS(status));
	EXPECT_EQ('d', read_byte(self->out[0]));
}

/* Without SA_SIGINFO it returns with sigreturn (119), and is killed. */
TEST_F(strict, plain_handler_returns_with_sigreturn)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int status = signal_strict_child(_metadata, self, &sa, 'h');

	EXPECT_TRUE(WIFSIGNALED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
}

TEST_HARNESS_MAIN
