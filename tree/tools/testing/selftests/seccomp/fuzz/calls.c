// SPDX-License-Identifier: GPL-2.0
/*
 * The calls a sandbox makes, harmless whatever their arguments; the
 * arguments and the resources they point to; and the driver's call,
 * judged against the model.
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include <sys/ioctl.h>
#include <sys/mman.h>

#include "calls.h"
#include "model.h"
#include "rng.h"
#include "shared.h"

/*
 * The scratch buffer that calls write to, with a timespec and the paths
 * after it, and an unmapped page beyond, at fixed addresses whatever the
 * address space randomisation: filters see pointers to them, and a
 * replay must see the same.  arm64 may give user space 39 bits of
 * address (the workbench's does).
 */
#if defined(__aarch64__)
#define SCRATCH_ADDR	0x5ca7c00000UL
#else
#define SCRATCH_ADDR	0x5ca7c0000000UL
#endif
#define SCRATCH_SIZE	8192
#define UNMAPPED_ADDR	(SCRATCH_ADDR + 0x100000)

/* An address in the kernel's half (x86_64's kernel text), for EFAULT. */
#define KERNEL_ADDR	0xffffffff81000000ULL

#define SC(n, ...) { #n, __NR_##n, ABI_64, { __VA_ARGS__ } }
#define SCX(n, ...) { #n "/x32", X32_BIT | __NR_##n, ABI_X32, { __VA_ARGS__ } }
#define SC32(n, nr) { #n "/ia32", nr, ABI_32, \
		      { A_U32, A_U32, A_U32, A_U32, A_U32, A_U32 } }

static const struct sysc calls[] = {
	SC(getppid, A_ANY, A_ANY, A_ANY, A_ANY, A_ANY, A_ANY),
	SC(getpid, A_ANY, A_ANY, A_ANY, A_ANY, A_ANY, A_ANY),
	SC(gettid, A_ANY, A_ANY, A_ANY),
	SC(getuid, A_ANY), SC(geteuid, A_ANY), SC(getgid, A_ANY),
	SC(getegid, A_ANY),
#ifdef __NR_getpgrp	/* not on arm64, nor time and access below */
	SC(getpgrp, A_ANY),
#endif
	SC(sched_yield, A_ANY),
	SC(getpgid, A_ANY), SC(getsid, A_ANY), SC(getpriority, A_ANY, A_ANY),
	SC(umask, A_ANY),
	SC(uname, A_PTR), SC(sysinfo, A_PTR), SC(times, A_PTR),
	SC(getrusage, A_ANY, A_PTR), SC(getcwd, A_PTR, A_LEN),
	SC(getrlimit, A_ANY, A_PTR), SC(prlimit64, A_SELF, A_ANY, A_ZERO, A_PTR),
	SC(clock_gettime, A_ANY, A_PTR), SC(clock_getres, A_ANY, A_PTR),
	SC(gettimeofday, A_PTR, A_PTR),
#ifdef __NR_time
	SC(time, A_PTR),
#endif
	SC(getrandom, A_PTR, A_LEN, A_ANY), SC(getitimer, A_ANY, A_PTR),
	SC(sched_getaffinity, A_SELF, A_LEN, A_PTR),
	SC(sched_getscheduler, A_ANY), SC(sched_getparam, A_ANY, A_PTR),
	SC(capget, A_PTR, A_PTR), SC(getgroups, A_ZERO, A_PTR),
	SC(rt_sigpending, A_PTR, A_LEN), SC(sigaltstack, A_ZERO, A_PTR),
	SC(kill, A_SELF, A_ZERO), SC(tgkill, A_SELF, A_TID, A_ZERO),
	SC(close, A_BADFD), SC(dup, A_FD), SC(fcntl, A_FD, A_FCNTL, A_ANY),
	SC(read, A_FD, A_PTR, A_LEN), SC(write, A_NULLFD, A_PTR, A_LEN),
	SC(lseek, A_FD, A_ANY, A_ANY), SC(ioctl, A_FD, A_IOCTL, A_PTR),
	SC(openat, A_ANY, A_PATH, A_ANY, A_ANY),
	SC(newfstatat, A_ANY, A_PATH, A_PTR, A_ANY),
#ifdef __NR_access
	SC(access, A_PATH, A_ANY),
#endif
	SC(faccessat, A_ANY, A_PATH, A_ANY),
	SC(prctl, A_PRCTL, A_PTR, A_ZERO, A_ZERO, A_ZERO),
	SC(seccomp, A_SECCOMP_OP, A_ZERO, A_PTR),
	SC(nanosleep, A_TS, A_ZERO), SC(getcpu, A_PTR, A_PTR, A_ZERO),
	SC(pidfd_open, A_SELF, A_ANY),
#if HAVE_OTHER_ABIS
	SCX(getpid, A_ANY), SCX(getppid, A_ANY), SCX(gettid, A_ANY),
	SCX(getuid, A_ANY), SCX(sched_yield, A_ANY),
	SC32(getpid, NR32_GETPID), SC32(getppid, NR32_GETPPID),
	SC32(gettid, NR32_GETTID), SC32(getuid, NR32_GETUID),
	SC32(getuid32, NR32_GETUID32), SC32(sched_yield, NR32_SCHED_YIELD),
#endif
	/* Numbers with no call behind them; filled in at random. */
	{ "unassigned", -1, ABI_64, { A_ANY, A_ANY, A_ANY, A_ANY, A_ANY, A_ANY } },
};

#define N_CALLS ARRAY_SIZE(calls)

/*
 * Numbers that no call has, in any kernel.  First the gap that each
 * architecture's table has below GAP_END, the first number that all of
 * them share since the numbers of new calls were aligned (424, the calls
 * of 5.1):
 * - x86_64: 6.1's last number below it is rseq (334); 335 and 336 went
 *   to uretprobe and uprobe after 6.1, as 451 on to new calls: the gap
 *   starts a few numbers further, leaving room for one or two more;
 * - arm64 (the generic table): the last number that a 64-bit
 *   architecture has below it is kexec_file_load (294); 403 to 423 are
 *   the 64-bit time calls of 32-bit architectures only.
 * Then numbers past every table, -1, and the largest number below the
 * x32 bit.
 */
#if defined(__x86_64__)
#define GAP_FIRST	(__NR_rseq + 6)
#else
#define GAP_FIRST	(__NR_kexec_file_load + 1)
#endif
#define GAP_END		__NR_pidfd_send_signal
#define PAST_TABLES	1000

long unassigned_nr(void)
{
	switch (below(5)) {
	case 0:
	case 1:
		return GAP_FIRST + below(GAP_END - GAP_FIRST);
	case 2:
		return PAST_TABLES + below(100000);
	case 3:
		return -1;
	default:
		return X32_BIT - 1;
	}
}

/* The sandbox's resources. */
unsigned char *scratch;
unsigned char *unmapped;
static struct timespec *tiny_ts;
static const char *const paths[] = { "/dev/null", "/", "/proc/self/stat" };
static char *path_copies[ARRAY_SIZE(paths)];
static int fd_null, fd_nbpipe[2];
int fd_zero, fd_pipe[2];
pid_t self_pid;

/* Values that both filters and arguments draw from, so that they meet. */
static __u32 pool[48];
static unsigned int pool_len;

static void pool_add(__u32 v)
{
	if (pool_len < ARRAY_SIZE(pool))
		pool[pool_len++] = v;
}

__u32 pool_pick(void)
{
	return pool_len ? pool[below(pool_len)] : (__u32)rnd();
}

__u64 any_value(void)
{
	switch (below(8)) {
	case 0:
		return below(8);
	case 1:
		return (__u64)rnd();
	case 2:
		return (__u64)pool_pick() << 32 | pool_pick();
	case 3:
		return ~0ULL - below(3);
	default:
		return pool_pick();
	}
}

__u64 gen_arg(enum arg kind, pid_t tid)
{
	static const unsigned long ioctls[] = {
		FIONREAD, FIOCLEX, FIONCLEX, FIONBIO, TCGETS,
		0x12345678,	/* no such request */
	};
	static const unsigned long fcntls[] = {
		F_GETFD, F_GETFL, F_SETFD, F_GETOWN,
		0x7fff,		/* no such command */
	};
	static const unsigned long prctls[] = {
		PR_GET_DUMPABLE, PR_GET_NO_NEW_PRIVS, PR_GET_SECCOMP,
		PR_GET_NAME, PR_GET_TIMERSLACK, PR_GET_KEEPCAPS,
		PR_GET_CHILD_SUBREAPER, PR_CAPBSET_READ,
	};

	switch (kind) {
	case A_ANY:
		return any_value();
	case A_ZERO:
		return 0;
	case A_PTR:
		switch (below(8)) {
		case 0:
			return 0;
		case 1:
			return (unsigned long)unmapped;
		case 2:
			return KERNEL_ADDR;
		default:
			return (unsigned long)scratch + 8 * below(16);
		}
	case A_LEN:
		return below(SCRATCH_SIZE - 256);
	case A_FD:
		switch (below(5)) {
		case 0:
			return fd_null;
		case 1:
			return fd_zero;
		case 2:
			return fd_nbpipe[0];
		default:
			return gen_arg(A_BADFD, tid);
		}
	case A_BADFD:
		return chance(50) ? -1UL : 5000 + below(1000);
	case A_NULLFD:
		return fd_null;
	case A_SELF:
		return self_pid;
	case A_TID:
		return tid;
	case A_PATH:
		return (unsigned long)path_copies[below(ARRAY_SIZE(paths))];
	case A_TS:
		return (unsigned long)tiny_ts;
	case A_IOCTL:
		return ioctls[below(ARRAY_SIZE(ioctls))];
	case A_FCNTL:
		return fcntls[below(ARRAY_SIZE(fcntls))];
	case A_PRCTL:
		return prctls[below(ARRAY_SIZE(prctls))];
	case A_SECCOMP_OP:
		/* GET_ACTION_AVAIL, GET_NOTIF_SIZES, or no such operation */
		return chance(70) ? SECCOMP_GET_ACTION_AVAIL + below(2) :
				    SECCOMP_GET_NOTIF_SIZES + 1 + below(100);
	case A_U32:
		return (__u32)any_value();
	}
	return 0;
}

/* A random entry of the list of calls. */
const struct sysc *pick_call(void)
{
	const struct sysc *s;

	do {
		s = &calls[below(N_CALLS)];
	} while (s->abi == ABI_32 && no_ia32);
	return s;
}

/* Map the sandbox's resources and open its fds: 0, or -1 and errno. */
int setup_resources(void)
{
	unsigned int i;

	self_pid = getpid();
	scratch = mmap((void *)SCRATCH_ADDR, SCRATCH_SIZE + 4096,
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	unmapped = mmap((void *)UNMAPPED_ADDR, 4096, PROT_NONE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			-1, 0);
	if (scratch != (void *)SCRATCH_ADDR ||
	    unmapped != (void *)UNMAPPED_ADDR)
		return -1;
	tiny_ts = (void *)(scratch + SCRATCH_SIZE);
	tiny_ts->tv_sec = 0;
	tiny_ts->tv_nsec = 1000;
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		path_copies[i] = (char *)(tiny_ts + 1) + 64 * i;
		strcpy(path_copies[i], paths[i]);
	}
	fd_null = open("/dev/null", O_RDWR);
	fd_zero = open("/dev/zero", O_RDONLY);
	if (fd_null < 0 || fd_zero < 0 || pipe(fd_pipe) ||
	    pipe2(fd_nbpipe, O_NONBLOCK))
		return -1;
	return 0;
}

/* The pool: numbers of calls, of seccomp, values that calls use, random ones. */
void fill_pool(void)
{
	unsigned int i;

	pool_len = 0;
	for (i = 0; i < 12; i++)
		pool_add(calls[below(N_CALLS)].nr);
	pool_add(__NR_seccomp);
	pool_add(__NR_prctl);
	pool_add(__NR_close);
	pool_add(NATIVE_ARCH);
	pool_add(COMPAT_ARCH);
	pool_add(X32_BIT | __NR_getpid);
	pool_add(syscall_ip());
	pool_add((unsigned long)scratch);
	pool_add(PR_SET_SECCOMP);
	pool_add(SECCOMP_SET_MODE_FILTER);
	pool_add(fd_null);
	for (i = 0; i < 4; i++)
		pool_add(below(5));
	pool_add(0xffffffff);
	pool_add(0x80000000);
	while (pool_len < ARRAY_SIZE(pool))
		pool_add((__u32)rnd());
}

/* Strict mode lets these through and kills for anything else. */
static bool strict_allows(const struct callrec *c)
{
	return c->abi == ABI_64 &&
	       (c->nr == __NR_read || c->nr == __NR_write ||
		c->nr == __NR_exit || c->nr == __NR_rt_sigreturn);
}

/*
 * What a call that seccomp skips without an answer returns: TRACE with
 * no tracer, USER_NOTIF with no listener.  As on a bad call number.
 */
#define SKIPPED_RET	(-ENOSYS)

/* A SIGSYS took the call over: right for RET_TRAP, with its data, alone. */
static enum result judge_trap(__u32 ret, __u32 action,
			      const struct seccomp_data *sd)
{
	__u32 data = ret & SECCOMP_RET_DATA;

	if (action != SECCOMP_RET_TRAP) {
		fail("SIGSYS (errno %d), the filters return %#x",
		     trap_info.si_errno, ret);
		return FAILED;
	}
	if (trap_info.si_code != SYS_SECCOMP ||
	    trap_info.si_errno != (int)data ||
	    trap_info.si_syscall != sd->nr ||
	    trap_info.si_arch != sd->arch) {
		fail("SIGSYS code %d errno %d nr %d arch %#x, not %u %d %#x",
		     trap_info.si_code, trap_info.si_errno,
		     trap_info.si_syscall, trap_info.si_arch, data,
		     sd->nr, sd->arch);
		return FAILED;
	}
	return FILTERED;
}

/*
 * A call that filter @match sent to the listener: the supervisor's
 * answer if it gave one since @seq, or skipped.
 */
static enum result judge_notif(const struct callrec *c, int seq, int match)
{
	struct answer *ans = &shm->answers[0];
	const struct filter *f;
	long want;

	if (LOAD(ans->seq) != seq) {
		if (LOAD(ans->kind) == ANSWER_CONTINUE)
			return RAN;
		want = LOAD(ans->ret);
		if (c->abi == ABI_32)
			want = (int)want;
		if (LOAD(ans->kind) == ANSWER_FD ? c->ret < 0 :
		    c->ret != want) {
			fail("returned %ld, the supervisor answered %ld (kind %d)",
			     c->ret, LOAD(ans->ret), LOAD(ans->kind));
			return FAILED;
		}
		ADD(shm->notifs, 1);
		return FILTERED;
	}
	/*
	 * No answer: only a filter without an open listener (which
	 * the supervisor may have been closing during the call).
	 */
	f = model.chain[match];
	if (c->ret != SKIPPED_RET ||
	    (f->listener && model.c_listener >= 0) ||
	    (f->listener && LOAD(shm->r_open) && !LOAD(shm->r_closing))) {
		fail("returned %ld without an answer (filter %d, listener %d, open %d/%d)",
		     c->ret, match, f->listener, model.c_listener,
		     LOAD(shm->r_open));
		return FAILED;
	}
	return FILTERED;
}

/* The call returned: judge what it returned against the filters' @ret. */
static enum result judge_return(const struct callrec *c, __u32 ret,
				__u32 action, int seq, int match)
{
	__u32 data = ret & SECCOMP_RET_DATA;

	switch (action) {
	case SECCOMP_RET_TRAP:
		fail("no SIGSYS for %#x (returned %ld)", ret, c->ret);
		return FAILED;
	case SECCOMP_RET_ERRNO:
		if (c->ret != -(long)(data > 4095 ? 4095 : data)) {
			fail("returned %ld for %#x", c->ret, ret);
			return FAILED;
		}
		return FILTERED;
	case SECCOMP_RET_TRACE:
		if (c->ret != SKIPPED_RET) {
			fail("returned %ld for TRACE without a tracer", c->ret);
			return FAILED;
		}
		return FILTERED;
	case SECCOMP_RET_USER_NOTIF:
		return judge_notif(c, seq, match);
	}
	return RAN;
}

/*
 * Make call @c as the driver.  RAN: the kernel ran it (ALLOW, LOG, or a
 * listener's CONTINUE) and c->ret is its own result, for the caller to
 * judge; FILTERED: seccomp answered, as the model said; FAILED: it did
 * not.
 */
enum result driver_call(struct callrec *c)
{
	struct seccomp_data sd;
	int seq, match = -1;
	__u32 ret, action;
	enum result r;

	fill_data(c, &sd);
	shm->last = sd;
	/* Strict mode ends the calling thread only, as KILL_THREAD does. */
	if (model.strict)
		ret = strict_allows(c) ? SECCOMP_RET_ALLOW : SECCOMP_RET_KILL_THREAD;
	else
		match = chain_verdict(model.chain, model.depth, &sd, &ret);
	action = ret & SECCOMP_RET_ACTION_FULL;
	if (!known_action(action))
		action = SECCOMP_RET_KILL_PROCESS;

	ADD(shm->calls, 1);
	if (action == SECCOMP_RET_KILL_PROCESS)
		STORE(shm->expect, EXPECT_SIGSYS);
	else if (action == SECCOMP_RET_KILL_THREAD)
		STORE(shm->expect, EXPECT_THREAD);
	seq = LOAD(shm->answers[0].seq);

	r = issue(c);
	STORE(shm->expect, EXPECT_NONE);

	if (action == SECCOMP_RET_KILL_PROCESS ||
	    action == SECCOMP_RET_KILL_THREAD) {
		fail("survived a filter's %#x (returned %ld)", ret, c->ret);
		return FAILED;
	}
	if (r == TRAPPED)
		return judge_trap(ret, action, &sd);
	return judge_return(c, ret, action, seq, match);
}
