// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp_fuzz - random filters, flags, system calls and listener answers.
 *
 * usage: seccomp_fuzz [-s SEED] [-n COUNT] [-t SECONDS] [-i FIRST] [-k] [-U] [-v]
 *
 * Each iteration forks a sandbox.  Its driver thread generates classic BPF
 * programs (mostly valid ones in seccomp's dialect, some of the shapes
 * that cost an attach-time analysis most, the rest one mutation away from
 * valid), attaches them with random flags through seccomp(2) or prctl(2),
 * now and then as a deep stack up to the chain's limit, and makes random
 * system calls from a list of calls that cannot hurt the guest.  The
 * parent is the supervisor: it takes the listener with pidfd_getfd(),
 * answers notifications at random (values, errors, CONTINUE, ADDFD, bad
 * ids and malformed requests) and kills the sandbox at a random moment.
 *
 * Nothing is taken on trust: the driver keeps a model of its own filter
 * chain, with its own checker and its own BPF interpreter, and predicts
 * the result of every attach and every call (the errno class of a refused
 * attach, the action that must win for a call, the supervisor's answer).
 * Any difference, a sandbox that does not die when it must or dies when
 * it must not, a call that never returns and a sandbox that SIGKILL does
 * not end are failures; kernel splats are caught on the console by the
 * workbench.  On failure the seed and the iteration are printed; -s SEED
 * -i ITERATION -n 1 replays that iteration alone (the driver's choices
 * depend only on them, the threads' timing does not).
 *
 * Exit status 0 if every iteration passed.  The output is one TAP result,
 * so that the workbench counts it like the other suites.  Without
 * arguments: -s 1 -n 300, a short pass of fixed seed.
 *
 * -k keeps going after a failure (each is printed; the exit status is 1).
 * -U models upstream 6.1, which has no SECCOMP_IOCTL_NOTIF_SET_FLAGS.
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 1UL
#endif
#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS 38
#endif

#define BIT(n)		(1U << (n))

#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ADD(x, v)	__atomic_add_fetch(&(x), (v), __ATOMIC_SEQ_CST)

/*
 * A chain holds at most 32768 instructions as 6.1 counts them (see
 * counted_len()), each filter below the new one counting 4 more: an
 * attach past that fails with ENOMEM.  A filter counts at least its
 * length and 3, so no chain that the kernel accepts is deeper than
 * MAX_CHAIN, and the instructions of all its filters fit in
 * MAX_PATH_INSNS.
 */
#define MAX_PATH_INSNS	32768
#define MAX_CHAIN	(MAX_PATH_INSNS / 4)
#define MAX_THREADS	8	/* slots for the sandbox's threads */
#define MAX_STEPS	48
#define SCRATCH_SIZE	8192
#define BIG_LEN		0x10000	/* room for a program of length 0xffff */
#define ALL_FLAGS	0x3fU	/* the SECCOMP_FILTER_FLAG_* of 6.1 */
#define HANG_MS		20000	/* no step of a sandbox takes longer */
#define REAP_MS		5000	/* nor its death after SIGKILL */
#define X32_BIT		0x40000000U
/* arm64 may give user space 39 bits of address (the workbench's does). */
#if defined(__aarch64__)
#define SCRATCH_ADDR	0x5ca7c00000UL
#else
#define SCRATCH_ADDR	0x5ca7c0000000UL
#endif

/* ia32 numbers of the calls made through int $0x80. */
#define NR32_GETPID	20
#define NR32_GETUID	24
#define NR32_GETPPID	64
#define NR32_SCHED_YIELD 158
#define NR32_GETUID32	199
#define NR32_GETTID	224

/*
 * What differs between the architectures the fuzzer runs on.  On x86_64
 * a process also makes x32 calls (the number with X32_BIT) and i386 calls
 * (int $0x80); on arm64 a 64-bit process has no way to make a 32-bit ARM
 * call, so all its calls are arm64 ones.
 */
#if defined(__x86_64__)
#define HAVE_OTHER_ABIS	1
#define COMPAT_ARCH	AUDIT_ARCH_I386
#define cpu_relax()	__builtin_ia32_pause()
#define UC_IP(uc)	((uc)->uc_mcontext.gregs[REG_RIP])
#elif defined(__aarch64__)
#define HAVE_OTHER_ABIS	0
#define COMPAT_ARCH	AUDIT_ARCH_ARM
#define cpu_relax()	asm volatile("yield" ::: "memory")
#define UC_IP(uc)	((uc)->uc_mcontext.pc)
#else
#error "seccomp_fuzz is written for x86_64 and arm64"
#endif

/* ---------------------------------------------------------------------- */
/* Random numbers: splitmix64, one stream per thread. */

static __thread __u64 rng;

static __u64 rnd(void)
{
	__u64 z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __u32 below(__u32 n)
{
	return n ? (__u32)(rnd() % n) : 0;
}

static bool chance(unsigned int percent)
{
	return below(100) < percent;
}

/* The seed of one stream of one iteration. */
static __u64 stream_seed(__u64 seed, __u64 iter, __u64 stream)
{
	__u64 saved = rng, s;

	rng = seed ^ (iter * 0x2545f4914f6cdd1dULL) ^ (stream << 56);
	rnd();
	s = rnd();
	rng = saved;
	return s;
}

/* ---------------------------------------------------------------------- */
/* Memory shared by the supervisor and the sandbox. */

enum expect {
	EXPECT_NONE,
	EXPECT_SIGSYS,		/* the whole process dies of SIGSYS */
	EXPECT_THREAD,		/* the driver thread alone dies */
};

enum answer_kind {
	ANSWER_VALUE,		/* the call returns @ret */
	ANSWER_CONTINUE,	/* the call runs */
	ANSWER_FD,		/* ADDFD with SEND: some fd number */
};

struct answer {
	int seq;		/* bumped on each answer to this thread */
	int kind;
	long ret;
};

struct shared {
	/* The sandbox's side. */
	pid_t tids[MAX_THREADS];	/* slot 0: the driver */
	char roles[MAX_THREADS];	/* of each: driver, sleeper, worker... */
	int listener_fd;		/* the sandbox's fd, for pidfd_getfd() */
	int listener_seq;		/* bumped at each new listener */
	int c_open;			/* the sandbox holds its listener fd */
	int expect;
	int may_die;			/* threads other than the driver call */
	int must_die;			/* a worker TSYNC named (-1: some) */
	int done;			/* 1: finished, 2: failed */
	char step[160];			/* what the driver is doing */
	char msg[640];			/* why it failed */
	char fault[160];		/* a fault signal that came */
	char note[160];			/* for -v: what the driver did */
	/* The supervisor's side. */
	int fetched_seq;		/* listener_seq it has taken */
	int r_open;			/* it holds a listener */
	int r_closing;			/* it is closing it */
	struct answer answers[MAX_THREADS];
	int beat;			/* bumped by the driver as it goes on */
	/*
	 * The driver's chain, oldest first, and its last call: shown on
	 * failure.  The filters' instructions follow one another in @insns;
	 * the model runs them from there.
	 */
	unsigned int depth;
	struct seccomp_data last;
	/* Not cleared between iterations from here on. */
	/* Counters, added up over iterations by the supervisor. */
	long programs, accepted, refused, calls, notifs, answers_sent;
	long adversarial;		/* programs of the hostile shapes */
	long stacks, stacked;		/* deep stacks, their programs */
	long stacks_full;		/* deep stacks that reached ENOMEM */
	unsigned int lens[MAX_CHAIN];
	struct sock_filter insns[MAX_PATH_INSNS];
};

static struct shared *shm;
static bool upstream_mode;
static bool no_ia32;		/* int $0x80 does not work here */
static int verbose;

/* Record a failure (in the sandbox: for the supervisor to print). */
static void fail(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (LOAD(shm->done) == 2)
		return;
	n = snprintf(shm->msg, sizeof(shm->msg), "%s: ", shm->step);
	if (n < 0 || n >= (int)sizeof(shm->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(shm->msg + n, sizeof(shm->msg) - n, fmt, ap);
	va_end(ap);
	STORE(shm->done, 2);
}

/* ---------------------------------------------------------------------- */
/* Raw system calls, so that a filter sees exactly what the model sees. */

#if defined(__x86_64__)
/*
 * Each has a label after its trapping instruction: the address that the
 * filters see as instruction_pointer.  Only issue() calls them, and a
 * function that calls sigsetjmp() is never inlined: each label exists
 * once (or the assembler would refuse a second).
 */
static long fuzz_syscall(long nr, const unsigned long *args)
{
	register unsigned long r10 asm("r10") = args[3];
	register unsigned long r8 asm("r8") = args[4];
	register unsigned long r9 asm("r9") = args[5];
	long ret;

	asm volatile("syscall\n"
		     ".globl fuzz_syscall_ip\n"
		     "fuzz_syscall_ip:"
		     : "=a" (ret)
		     : "a" (nr), "D" (args[0]), "S" (args[1]), "d" (args[2]),
		       "r" (r10), "r" (r8), "r" (r9)
		     : "rcx", "r11", "memory");
	return ret;
}

/* ia32's sixth argument goes in ebp, which the compiler may not give. */
static long fuzz_int80(long nr, const unsigned long *args)
{
	long ret;

	asm volatile("sub $128, %%rsp\n"	/* keep off the red zone */
		     "push %%rbp\n"
		     "mov 40(%[args]), %%rbp\n"
		     "int $0x80\n"
		     ".globl fuzz_int80_ip\n"
		     "fuzz_int80_ip:\n"
		     "pop %%rbp\n"
		     "add $128, %%rsp"
		     : "=a" (ret)
		     : "a" (nr), "b" (args[0]), "c" (args[1]), "d" (args[2]),
		       "S" (args[3]), "D" (args[4]), [args] "r" (args)
		     : "r8", "r9", "r10", "r11", "memory");
	return ret;
}

static unsigned long syscall_ip(void)
{
	unsigned long ip;

	asm("lea fuzz_syscall_ip(%%rip), %0" : "=r" (ip));
	return ip;
}

static unsigned long int80_ip(void)
{
	unsigned long ip;

	asm("lea fuzz_int80_ip(%%rip), %0" : "=r" (ip));
	return ip;
}
#else
static long fuzz_syscall(long nr, const unsigned long *args)
{
	register unsigned long x8 asm("x8") = nr;
	register unsigned long x0 asm("x0") = args[0];
	register unsigned long x1 asm("x1") = args[1];
	register unsigned long x2 asm("x2") = args[2];
	register unsigned long x3 asm("x3") = args[3];
	register unsigned long x4 asm("x4") = args[4];
	register unsigned long x5 asm("x5") = args[5];

	asm volatile("svc #0\n"
		     ".globl fuzz_syscall_ip\n"
		     "fuzz_syscall_ip:"
		     : "+r" (x0)
		     : "r" (x8), "r" (x1), "r" (x2), "r" (x3), "r" (x4),
		       "r" (x5)
		     : "memory");
	return x0;
}

/* Never called: there are no ABI_32 calls here. */
static long fuzz_int80(long nr, const unsigned long *args)
{
	return -ENOSYS;
}

static unsigned long syscall_ip(void)
{
	unsigned long ip;

	asm("adrp %0, fuzz_syscall_ip\n"
	    "add %0, %0, :lo12:fuzz_syscall_ip" : "=r" (ip));
	return ip;
}

static unsigned long int80_ip(void)
{
	return syscall_ip();
}
#endif

/* ---------------------------------------------------------------------- */
/* The calls a sandbox makes: harmless whatever their arguments. */

enum arg {
	A_ANY,		/* any value: the call ignores or only reads it */
	A_ZERO,
	A_PTR,		/* scratch buffer, NULL, unmapped or kernel address */
	A_LEN,		/* at most the scratch size */
	A_FD,		/* one of the sandbox's own fds, or no fd */
	A_BADFD,	/* never an open fd */
	A_NULLFD,	/* /dev/null (writes) */
	A_SELF,		/* the sandbox's pid */
	A_TID,		/* the calling thread */
	A_PATH,		/* an existing path that open() cannot create */
	A_TS,		/* a timespec of one microsecond */
	A_IOCTL,	/* an ioctl harmless on /dev/null, /dev/zero, a pipe */
	A_FCNTL,	/* a harmless fcntl command */
	A_PRCTL,	/* a prctl() that only reads */
	A_SECCOMP_OP,	/* seccomp() operations that attach nothing */
	A_U32,		/* any 32-bit value (int $0x80) */
};

enum abi { ABI_64, ABI_X32, ABI_32 };

struct sysc {
	const char *name;
	long nr;
	enum abi abi;
	unsigned char arg[6];
};

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
 * A number that no call has, in any kernel.  On x86_64, most of the gap
 * left when the numbers of new calls were aligned across architectures
 * (335 and 336 were given to uprobes after 6.1, as 451 on to new calls);
 * on arm64 the generic numbers that only 32-bit architectures use (the
 * 64-bit time calls, 403 to 423) and the gap before them; and beyond.
 */
#if defined(__x86_64__)
#define GAP_FIRST	340
#else
#define GAP_FIRST	295
#endif

static long unassigned_nr(void)
{
	switch (below(5)) {
	case 0:
	case 1:
		return GAP_FIRST + below(424 - GAP_FIRST);
	case 2:
		return 1000 + below(100000);
	case 3:
		return -1;
	default:
		return 0x3fffffff;
	}
}

/* ---------------------------------------------------------------------- */
/* The sandbox's resources. */

static unsigned char *scratch;		/* calls write here */
static unsigned char *unmapped;		/* a PROT_NONE page */
static struct timespec *tiny_ts;
static const char *const paths[] = { "/dev/null", "/", "/proc/self/stat" };
static char *path_copies[ARRAY_SIZE(paths)];
static int fd_null, fd_zero, fd_pipe[2], fd_nbpipe[2];
static pid_t self_pid;

/* Values that both filters and arguments draw from, so that they meet. */
static __u32 pool[48];
static unsigned int pool_len;

static void pool_add(__u32 v)
{
	if (pool_len < ARRAY_SIZE(pool))
		pool[pool_len++] = v;
}

static __u32 pool_pick(void)
{
	return pool_len ? pool[below(pool_len)] : (__u32)rnd();
}

static __u64 any_value(void)
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

static __u64 gen_arg(enum arg kind, pid_t tid)
{
	static const unsigned long ioctls[] = {
		FIONREAD, FIOCLEX, FIONCLEX, FIONBIO, 0x5401, 0x12345678,
	};
	static const unsigned long fcntls[] = {
		F_GETFD, F_GETFL, F_SETFD, F_GETOWN, 0x7fff,
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
			return 0xffffffff81000000ULL;
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
		return chance(70) ? 2 + below(2) : 4 + below(100);
	case A_U32:
		return (__u32)any_value();
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Programs: generation, mutation, the checker and the interpreter. */

struct filter {
	const struct sock_filter *insns;	/* in shm->insns */
	unsigned int len;
	bool listener;		/* attached with NEW_LISTENER, still open */
};

static const __u32 actions[] = {
	SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP,
	SECCOMP_RET_ERRNO, SECCOMP_RET_USER_NOTIF, SECCOMP_RET_TRACE,
	SECCOMP_RET_LOG, SECCOMP_RET_ALLOW,
};

static __u32 gen_action(bool lenient)
{
	unsigned int r = below(100);
	__u32 data = chance(70) ? below(200) : (__u32)rnd() & 0xffff;

	if (lenient && r < 40)
		return SECCOMP_RET_ALLOW;
	if (r < 48)
		return SECCOMP_RET_ALLOW | (chance(10) ? data : 0);
	if (r < 64)
		return SECCOMP_RET_ERRNO | data;
	if (r < 69)
		return SECCOMP_RET_LOG;
	if (r < 84)
		return SECCOMP_RET_USER_NOTIF;
	if (r < 89)
		return SECCOMP_RET_TRAP | data;
	if (r < 92)
		return SECCOMP_RET_TRACE | data;
	if (r < 95)
		return SECCOMP_RET_KILL_THREAD | data;
	if (r < 98)
		return SECCOMP_RET_KILL_PROCESS | data;
	/* No such action: it must kill the process. */
	return chance(50) ? (__u32)rnd() : 0x00010000U | data;
}

static struct sock_filter stmt(__u16 code, __u32 k)
{
	return (struct sock_filter){ .code = code, .k = k };
}

static struct sock_filter jump(__u16 code, __u32 k, __u8 jt, __u8 jf)
{
	return (struct sock_filter){ .code = code, .jt = jt, .jf = jf, .k = k };
}

/* A forward distance from @pc that stays inside a program of @len. */
static __u8 jump_dist(unsigned int pc, unsigned int len)
{
	unsigned int room = len - pc - 1;	/* targets pc+1 .. len-1 */

	if (chance(50) || room <= 1)
		return 0;
	return below(room < 256 ? room : 256);
}

static unsigned int gen_length(void)
{
	unsigned int r = below(100);

	if (r < 60)
		return 2 + below(24);
	if (r < 90)
		return 26 + below(100);
	if (r < 98)
		return 126 + below(500);
	return BPF_MAXINSNS - below(100);
}

/*
 * A program of anything the dialect has.  Scratch slots read after the
 * first jump are only those written before it: then every path wrote
 * them, and the program stays valid.
 */
static unsigned int gen_random(struct sock_filter *p, unsigned int len)
{
	static const __u16 alu_ops[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_AND, BPF_OR, BPF_XOR,
		BPF_LSH, BPF_RSH,
	};
	static const __u16 jmp_ops[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET };
	__u16 sure = 0, written = 0;
	bool jumped = false;
	unsigned int pc;

	for (pc = 0; pc + 1 < len; pc++) {
		unsigned int r = below(100);
		__u16 readable = jumped ? sure : written;

		if (r < 25) {
			p[pc] = stmt(BPF_LD | BPF_W | BPF_ABS, 4 * below(16));
		} else if (r < 50) {
			__u16 op = jmp_ops[below(4)];
			bool x = chance(15);

			p[pc] = jump(BPF_JMP | op | (x ? BPF_X : BPF_K),
				     pool_pick(), jump_dist(pc, len),
				     jump_dist(pc, len));
			jumped = true;
		} else if (r < 60) {
			p[pc] = stmt(BPF_RET | BPF_K, gen_action(false));
		} else if (r < 72) {
			__u16 op = alu_ops[below(ARRAY_SIZE(alu_ops))];
			__u32 k = chance(50) ? pool_pick() : below(40);

			if (op == BPF_LSH || op == BPF_RSH)
				k &= 31;
			if (op == BPF_DIV && !k)
				k = 1 + below(7);
			if (chance(8))
				p[pc] = stmt(BPF_ALU | BPF_NEG, 0);
			else if (chance(20))
				p[pc] = stmt(BPF_ALU | op | BPF_X, 0);
			else
				p[pc] = stmt(BPF_ALU | op | BPF_K, k);
		} else if (r < 77) {
			p[pc] = stmt(BPF_MISC | (chance(50) ? BPF_TAX : BPF_TXA), 0);
		} else if (r < 82) {
			p[pc] = stmt((chance(50) ? BPF_LD : BPF_LDX) | BPF_IMM,
				     pool_pick());
		} else if (r < 84) {
			p[pc] = stmt((chance(50) ? BPF_LD : BPF_LDX) |
				     BPF_W | BPF_LEN, 0);
		} else if (r < 90) {
			__u32 slot = below(BPF_MEMWORDS);

			p[pc] = stmt(chance(50) ? BPF_ST : BPF_STX, slot);
			written |= BIT(slot);
			if (!jumped)
				sure |= BIT(slot);
		} else if (r < 95 && readable) {
			__u32 slot;

			do {
				slot = below(BPF_MEMWORDS);
			} while (!(readable & (BIT(slot))));
			p[pc] = stmt((chance(50) ? BPF_LD : BPF_LDX) | BPF_MEM,
				     slot);
		} else if (r < 98) {
			p[pc] = stmt(BPF_JMP | BPF_JA, jump_dist(pc, len));
			jumped = true;
		} else {
			p[pc] = stmt(BPF_RET | BPF_A, 0);
		}
	}
	p[pc] = chance(90) ? stmt(BPF_RET | BPF_K, gen_action(true)) :
			     stmt(BPF_RET | BPF_A, 0);
	return len;
}

/*
 * What real filters look like: an architecture check, then the number
 * compared with a list, some arguments checked, and a default action.
 */
static unsigned int gen_policy(struct sock_filter *p, unsigned int max)
{
	unsigned int n = 0, rules = 1 + below(12), i;

	if (chance(60)) {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_ARCH);
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K,
			      chance(90) ? NATIVE_ARCH : pool_pick(), 1, 0);
		p[n++] = stmt(BPF_RET | BPF_K, gen_action(false));
	}
	p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
	for (i = 0; i < rules && n + 8 < max; i++) {
		if (chance(25)) {
			/* if (nr == k && (arg & m)) act; */
			unsigned int arg = below(6);

			p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, pool_pick(), 0, 4);
			p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS,
				      SD_ARG(arg) + (chance(80) ? 0 : 4));
			p[n++] = jump(BPF_JMP | (chance(50) ? BPF_JSET : BPF_JEQ) |
				      BPF_K, pool_pick(), 0, 1);
			p[n++] = stmt(BPF_RET | BPF_K, gen_action(false));
			p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
		} else if (chance(10)) {
			p[n++] = jump(BPF_JMP | BPF_JGE | BPF_K, pool_pick(), 0, 1);
			p[n++] = stmt(BPF_RET | BPF_K, gen_action(false));
		} else {
			p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, pool_pick(), 0, 1);
			p[n++] = stmt(BPF_RET | BPF_K, gen_action(false));
		}
	}
	if (chance(20) && n + 4 < max) {
		/* Some arithmetic through the scratch memory. */
		p[n++] = stmt(BPF_ST, 3);
		p[n++] = stmt(BPF_ALU | BPF_AND | BPF_K, pool_pick());
		p[n++] = stmt(BPF_LDX | BPF_MEM, 3);
		p[n++] = jump(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 0);
	}
	p[n++] = stmt(BPF_RET | BPF_K, gen_action(true));
	return n;
}

/* Opcodes outside seccomp's dialect. */
static const __u16 bad_opcodes[] = {
	BPF_LD | BPF_H | BPF_ABS, BPF_LD | BPF_B | BPF_ABS,
	BPF_LD | BPF_W | BPF_IND, BPF_LDX | BPF_B | BPF_MSH,
	BPF_ALU | BPF_MOD | BPF_K, BPF_ALU | BPF_MOD | BPF_X,
	BPF_ALU | BPF_NEG | BPF_X, BPF_RET | BPF_X, BPF_MISC | 0x40,
	BPF_JMP | BPF_JA | BPF_X, BPF_LDX | BPF_W | BPF_ABS, 0x120, 0xffff,
};

enum prog_ptr { PTR_OK, PTR_NULL, PTR_UNMAPPED };

struct attempt {
	struct sock_filter *insns;
	unsigned int len;
	enum prog_ptr fprog_ptr;	/* the struct sock_fprog itself */
	enum prog_ptr insns_ptr;
};

/* Change a valid program of @len (in a buffer of BIG_LEN) in one place. */
static void mutate(struct attempt *a)
{
	struct sock_filter *p = a->insns;
	unsigned int len = a->len, pc = below(len);

	switch (below(13)) {
	case 0:
		p[pc].code = bad_opcodes[below(ARRAY_SIZE(bad_opcodes))];
		break;
	case 1:
		p[pc].code = (__u16)rnd();
		break;
	case 2:
		p[pc] = stmt(BPF_LD | BPF_W | BPF_ABS,
			     chance(50) ? 64 + 4 * below(8) : 4 * below(16) + 1 + below(3));
		break;
	case 3:
		p[pc] = stmt(BPF_ALU | BPF_DIV | BPF_K, 0);
		break;
	case 4:
		p[pc] = stmt(BPF_ALU | (chance(50) ? BPF_LSH : BPF_RSH) | BPF_K,
			     32 + below(40));
		break;
	case 5:
		p[pc] = stmt(chance(50) ? BPF_ST : BPF_LD | BPF_MEM,
			     BPF_MEMWORDS + below(20));
		break;
	case 6:
		p[pc] = stmt(BPF_JMP | BPF_JA, len - pc - 1 + below(3));
		break;
	case 7:
		p[pc] = jump(BPF_JMP | BPF_JEQ | BPF_K, 0,
			     chance(50) ? len - pc - 1 : 0, len - pc - 1);
		break;
	case 8:
		p[len - 1] = stmt(BPF_LD | BPF_IMM, 0);
		break;
	case 9:
		p[0] = stmt(BPF_LDX | BPF_MEM, below(BPF_MEMWORDS));
		break;
	case 10:
		a->len = chance(30) ? 0 : chance(50) ? BPF_MAXINSNS + 1 : 0xffff;
		break;
	case 11:
		a->insns_ptr = chance(50) ? PTR_NULL : PTR_UNMAPPED;
		break;
	default:
		a->fprog_ptr = chance(50) ? PTR_NULL : PTR_UNMAPPED;
		break;
	}
}

/* Does seccomp accept this program? */
static bool program_ok(const struct sock_filter *p, unsigned int len)
{
	__u16 mask[BPF_MAXINSNS], valid = 0;
	unsigned int pc;

	if (!len || len > BPF_MAXINSNS)
		return false;
	for (pc = 0; pc < len; pc++) {
		__u16 code = p[pc].code;
		__u32 k = p[pc].k, after = len - pc - 1;

		switch (code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (k >= sizeof(struct seccomp_data) || k % 4)
				return false;
			break;
		case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
		case BPF_ST: case BPF_STX:
			if (k >= BPF_MEMWORDS)
				return false;
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
			if (!k)
				return false;
			break;
		case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_K:
			if (k >= 32)
				return false;
			break;
		case BPF_JMP | BPF_JA:
			if (k >= after)
				return false;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
			if (p[pc].jt >= after || p[pc].jf >= after)
				return false;
			break;
		case BPF_LD | BPF_W | BPF_LEN: case BPF_LDX | BPF_W | BPF_LEN:
		case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
		case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
		case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
		case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
		case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
		case BPF_ALU | BPF_DIV | BPF_X:
		case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
		case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
		case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
		case BPF_ALU | BPF_LSH | BPF_X: case BPF_ALU | BPF_RSH | BPF_X:
		case BPF_ALU | BPF_NEG:
		case BPF_RET | BPF_K: case BPF_RET | BPF_A:
			break;
		default:
			return false;
		}
	}
	if (p[len - 1].code != (BPF_RET | BPF_K) &&
	    p[len - 1].code != (BPF_RET | BPF_A))
		return false;

	/*
	 * Scratch reads: a slot is known written at an instruction if every
	 * way into it wrote it.  The instruction after a return counts as a
	 * way in too, as the BPF core has it.
	 */
	memset(mask, 0xff, len * sizeof(mask[0]));
	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &p[pc];

		valid &= mask[pc];
		if (f->code == BPF_ST || f->code == BPF_STX) {
			valid |= BIT(f->k);
		} else if (f->code == (BPF_LD | BPF_MEM) ||
			   f->code == (BPF_LDX | BPF_MEM)) {
			if (!(valid & (BIT(f->k))))
				return false;
		} else if (f->code == (BPF_JMP | BPF_JA)) {
			mask[pc + 1 + f->k] &= valid;
			valid = 0xffff;
		} else if (BPF_CLASS(f->code) == BPF_JMP) {
			mask[pc + 1 + f->jt] &= valid;
			mask[pc + 1 + f->jf] &= valid;
			valid = 0xffff;
		}
	}
	return true;
}

/*
 * What 6.1 counts for an accepted program against the chain's limit: not
 * its length but that of the program the BPF core translates it into.
 * Learnt from the outside, on 6.1.192, by attaching probes next to
 * fillers up to ENOMEM (every opcode, both sources, jump targets near and
 * far, K with and without bit 31, and random programs): 3 for the
 * program; a RET K 2; a DIV X 5; a conditional jump 1, one more if its K
 * operand has bit 31 set, and one more if it needs a second jump (for
 * JSET, a false target that is not the next instruction; for the others,
 * neither target the next one); anything else 1.
 */
static unsigned int counted_len(const struct sock_filter *p, unsigned int len)
{
	unsigned int n = 3, pc;

	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &p[pc];

		switch (BPF_CLASS(f->code)) {
		case BPF_RET:
			n += BPF_RVAL(f->code) == BPF_K ? 2 : 1;
			break;
		case BPF_ALU:
			n += f->code == (BPF_ALU | BPF_DIV | BPF_X) ? 5 : 1;
			break;
		case BPF_JMP:
			n++;
			if (BPF_OP(f->code) == BPF_JA)
				break;
			if (BPF_SRC(f->code) == BPF_K && (f->k & 0x80000000U))
				n++;
			if (BPF_OP(f->code) == BPF_JSET ? f->jf : f->jt && f->jf)
				n++;
			break;
		default:
			n++;
			break;
		}
	}
	return n;
}

/* Run an accepted program over @sd. */
static __u32 run_program(const struct sock_filter *p, unsigned int len,
			 const struct seccomp_data *sd)
{
	const __u32 *words = (const __u32 *)sd;
	__u32 a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	unsigned int pc = 0;

	while (pc < len) {
		const struct sock_filter *f = &p[pc++];
		__u32 src = BPF_SRC(f->code) == BPF_X ? x : f->k;

		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
		case BPF_LDX: {
			__u32 v;

			switch (BPF_MODE(f->code)) {
			case BPF_ABS:
				v = words[f->k / 4];
				break;
			case BPF_LEN:
				v = sizeof(*sd);
				break;
			case BPF_MEM:
				v = mem[f->k];
				break;
			default:
				v = f->k;
				break;
			}
			if (BPF_CLASS(f->code) == BPF_LD)
				a = v;
			else
				x = v;
			break;
		}
		case BPF_ST:
			mem[f->k] = a;
			break;
		case BPF_STX:
			mem[f->k] = x;
			break;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		case BPF_ALU:
			switch (BPF_OP(f->code)) {
			case BPF_ADD:
				a += src;
				break;
			case BPF_SUB:
				a -= src;
				break;
			case BPF_MUL:
				a *= src;
				break;
			case BPF_DIV:
				/* A zero divisor ends the program with 0. */
				if (!src)
					return 0;
				a /= src;
				break;
			case BPF_AND:
				a &= src;
				break;
			case BPF_OR:
				a |= src;
				break;
			case BPF_XOR:
				a ^= src;
				break;
			/* As the JIT's 32-bit shifts: the count modulo 32. */
			case BPF_LSH:
				a <<= (src & 31);
				break;
			case BPF_RSH:
				a >>= (src & 31);
				break;
			case BPF_NEG:
				a = -a;
				break;
			}
			break;
		case BPF_JMP: {
			bool taken;

			switch (BPF_OP(f->code)) {
			case BPF_JA:
				pc += f->k;
				continue;
			case BPF_JEQ:
				taken = a == src;
				break;
			case BPF_JGT:
				taken = a > src;
				break;
			case BPF_JGE:
				taken = a >= src;
				break;
			default:
				taken = a & src;
				break;
			}
			pc += taken ? f->jt : f->jf;
			break;
		}
		case BPF_RET:
			return BPF_RVAL(f->code) == BPF_A ? a : f->k;
		}
	}
	return 0;	/* not reached for an accepted program */
}

static bool known_action(__u32 action)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(actions); i++)
		if (action == actions[i])
			return true;
	return false;
}

/*
 * Precedence: a smaller key wins, and among equals the newest filter.
 * An unknown action ranks by its value, as a known one does (and acts
 * as KILL_PROCESS once it wins).
 */
static __s64 action_key(__u32 ret)
{
	return (__s32)(ret & SECCOMP_RET_ACTION_FULL);
}

/* ---------------------------------------------------------------------- */
/* The driver's model of its own state. */

struct model {
	struct filter *chain[MAX_CHAIN];	/* oldest first */
	unsigned int depth;
	unsigned long total;		/* as counted against the limit */
	unsigned long used;		/* of shm->insns */
	bool strict;
	bool priv;			/* may attach without no_new_privs */
	bool nnp;
	bool divergent;			/* a thread has a filter of its own */
	pid_t divergent_tid;
	int c_listener;			/* the driver's listener fd, or -1 */
	int listener_at;		/* chain index of its filter, or -1 */
};

static struct model m;

/*
 * Which filter's verdict stands for @sd: its index in the chain, its
 * return value in *@ret (KILL_THREAD, as the kernel, for no filter).
 */
static int chain_verdict(const struct seccomp_data *sd, __u32 *ret)
{
	int i, match = -1;
	__s64 best = 0;

	*ret = SECCOMP_RET_ALLOW;
	for (i = m.depth - 1; i >= 0; i--) {
		__u32 r = run_program(m.chain[i]->insns, m.chain[i]->len, sd);
		__s64 key = action_key(r);

		if (match < 0 || key < best) {
			best = key;
			match = i;
			*ret = r;
		}
	}
	return match;
}

static bool listener_open(void)
{
	return m.c_listener >= 0 || LOAD(shm->r_open);
}

/* ---------------------------------------------------------------------- */
/* Making a call and checking its outcome against the model. */

static __thread pid_t my_tid;
static __thread sigjmp_buf trap_env;
static __thread int trap_armed;	/* read by the SIGSYS handler */
static __thread siginfo_t trap_info;

/*
 * RET_TRAP: leave the call without returning through the signal frame,
 * so that no rt_sigreturn (which a filter may deny) is needed.
 */
static void on_sigsys(int sig, siginfo_t *info, void *uc)
{
	if (!LOAD(trap_armed))
		return;
	trap_info = *info;
	STORE(trap_armed, 0);
	siglongjmp(trap_env, 1);
}

/*
 * A fault in the sandbox (which may be the kernel's doing, e.g. a bad
 * register after a call) is noted for the supervisor; the reset handler
 * then lets the fault kill the process.
 */
static void on_fault(int sig, siginfo_t *info, void *uc)
{
	const ucontext_t *ctx = uc;

	snprintf(shm->fault, sizeof(shm->fault),
		 "signal %d code %d addr %p at ip %#llx in thread %d", sig,
		 info->si_code, info->si_addr,
		 (unsigned long long)UC_IP(ctx), my_tid);
}

enum result { RAN, FILTERED, FAILED, TRAPPED };

struct callrec {
	long nr;		/* as passed, x32 bit included */
	enum abi abi;
	unsigned long args[6];
	long ret;
};

static void fill_data(const struct callrec *c, struct seccomp_data *sd)
{
	unsigned int i;

	memset(sd, 0, sizeof(*sd));
	sd->nr = (int)c->nr;
	sd->arch = c->abi == ABI_32 ? COMPAT_ARCH : NATIVE_ARCH;
	sd->instruction_pointer = c->abi == ABI_32 ?
		int80_ip() : syscall_ip();
	for (i = 0; i < 6; i++)
		sd->args[i] = c->abi == ABI_32 ? (__u32)c->args[i] : c->args[i];
}

/* The raw call; TRAPPED if a SIGSYS took it over. */
static enum result issue(struct callrec *c)
{
	STORE(trap_armed, 1);
	if (sigsetjmp(trap_env, 0))
		return TRAPPED;
	if (c->abi == ABI_32)
		c->ret = (int)fuzz_int80(c->nr, c->args);
	else
		c->ret = fuzz_syscall(c->nr, c->args);
	STORE(trap_armed, 0);
	return RAN;
}

/* Strict mode lets these through and kills for anything else. */
static bool strict_allows(const struct callrec *c)
{
	return c->abi == ABI_64 &&
	       (c->nr == __NR_read || c->nr == __NR_write ||
		c->nr == __NR_exit || c->nr == __NR_rt_sigreturn);
}

/*
 * Make call @c as the driver.  RAN: the kernel ran it (ALLOW, LOG, or a
 * listener's CONTINUE) and c->ret is its own result, for the caller to
 * judge; FILTERED: seccomp answered, as the model said; FAILED: it did
 * not.
 */
static enum result driver_call(struct callrec *c)
{
	struct seccomp_data sd;
	struct answer *ans = &shm->answers[0];
	int seq, match = -1;
	__u32 ret = SECCOMP_RET_ALLOW, action, data;
	enum result r;

	fill_data(c, &sd);
	shm->last = sd;
	/* Strict mode ends the calling thread only, as KILL_THREAD does. */
	if (m.strict)
		ret = strict_allows(c) ? SECCOMP_RET_ALLOW : SECCOMP_RET_KILL_THREAD;
	else
		match = chain_verdict(&sd, &ret);
	action = ret & SECCOMP_RET_ACTION_FULL;
	data = ret & SECCOMP_RET_DATA;
	if (!known_action(action))
		action = SECCOMP_RET_KILL_PROCESS;

	ADD(shm->calls, 1);
	if (action == SECCOMP_RET_KILL_PROCESS)
		STORE(shm->expect, EXPECT_SIGSYS);
	else if (action == SECCOMP_RET_KILL_THREAD)
		STORE(shm->expect, EXPECT_THREAD);
	seq = LOAD(ans->seq);

	r = issue(c);
	STORE(shm->expect, EXPECT_NONE);

	if (action == SECCOMP_RET_KILL_PROCESS ||
	    action == SECCOMP_RET_KILL_THREAD) {
		fail("survived a filter's %#x (returned %ld)", ret, c->ret);
		return FAILED;
	}
	if (r == TRAPPED) {
		if (action != SECCOMP_RET_TRAP) {
			fail("SIGSYS (errno %d), the filters return %#x",
			     trap_info.si_errno, ret);
			return FAILED;
		}
		if (trap_info.si_code != SYS_SECCOMP ||
		    trap_info.si_errno != (int)data ||
		    trap_info.si_syscall != sd.nr ||
		    trap_info.si_arch != sd.arch) {
			fail("SIGSYS code %d errno %d nr %d arch %#x, not %u %d %#x",
			     trap_info.si_code, trap_info.si_errno,
			     trap_info.si_syscall, trap_info.si_arch, data,
			     sd.nr, sd.arch);
			return FAILED;
		}
		return FILTERED;
	}

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
		if (c->ret != -ENOSYS) {
			fail("returned %ld for TRACE without a tracer", c->ret);
			return FAILED;
		}
		return FILTERED;
	case SECCOMP_RET_USER_NOTIF:
		if (LOAD(ans->seq) != seq) {
			if (LOAD(ans->kind) == ANSWER_CONTINUE)
				return RAN;
			long want = LOAD(ans->ret);

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
		if (c->ret != -ENOSYS ||
		    (m.chain[match]->listener && m.c_listener >= 0) ||
		    (m.chain[match]->listener && LOAD(shm->r_open) &&
		     !LOAD(shm->r_closing))) {
			fail("returned %ld without an answer (filter %d, listener %d, open %d/%d)",
			     c->ret, match, m.chain[match]->listener,
			     m.c_listener, LOAD(shm->r_open));
			return FAILED;
		}
		return FILTERED;
	}
	return RAN;
}

static void set_step(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(shm->step, sizeof(shm->step), fmt, ap);
	va_end(ap);
	if (verbose > 1)
		fprintf(stderr, "  %s\n", shm->step);
}

/* A random entry of the list of calls. */
static const struct sysc *pick_call(void)
{
	const struct sysc *s;

	do {
		s = &calls[below(N_CALLS)];
	} while (s->abi == ABI_32 && no_ia32);
	return s;
}

/* One random call from the list; its own result is not judged. */
static void random_call(void)
{
	const struct sysc *s = pick_call();
	struct callrec c = { .nr = s->nr, .abi = s->abi };
	unsigned int i;

	if (c.nr == -1)
		c.nr = unassigned_nr();
	for (i = 0; i < 6; i++)
		c.args[i] = gen_arg(s->arg[i], shm->tids[0]);
	if (s->arg[0] == A_SECCOMP_OP && c.args[0] == SECCOMP_GET_ACTION_AVAIL)
		*(__u32 *)scratch = chance(50) ? pool_pick() : actions[below(8)];
	set_step("call %s/%ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)", s->name,
		 c.nr, c.args[0], c.args[1], c.args[2], c.args[3], c.args[4],
		 c.args[5]);
	driver_call(&c);
}

/* ---------------------------------------------------------------------- */
/*
 * Hostile shapes.  A filter is input from an unprivileged task, and the
 * kernel may analyse it for every call number when it is attached:
 * split the calls into sets at each comparison of the number, follow
 * each call's path to what needs the arguments, keep tables per call,
 * compile what is left.  These shapes are the worst cases for such an
 * analysis (a head of singleton sets each walking a long tail, an
 * argument checked for every call, a residual or a result of its own for
 * every call, deep stacks of them): the kernel must attach them with
 * bounded work and memory, or refuse them as 6.1 does, and give every
 * call what a plain run of the chain gives.  The model runs them as it
 * runs any other program.
 */

enum shape {
	SHAPE_ARG_EVERY_CALL,		/* short; an argument, never the number */
	SHAPE_DISTINCT_RESIDUALS,	/* an argument compared with f(nr) */
	SHAPE_DISTINCT_RESULTS,		/* ret f(nr) */
	SHAPE_SPLIT_TAIL,		/* long: singletons, then a long tail */
	N_SHAPES
};

/*
 * The share of the mix's programs, and of iterations with a deep stack.
 * A deep stack costs 0.3 to 0.5 s of guest time under TCG, one of
 * thousands of tiny filters (a tenth of them) 5 to 7 s, on 6.1 as on
 * ours: each attach is itself a call that the whole chain filters.
 */
#define ADV_PERCENT	8
#define STACK_PERCENT	3

static const __u16 cmp_ops[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET };

/* A number for a filter to single out: mostly one that calls are made with. */
static __u32 single_nr(void)
{
	const struct sysc *s;

	switch (below(6)) {
	case 0:
	case 1:
		s = pick_call();
		return s->nr == -1 ? unassigned_nr() : s->nr;
	case 2:
		return below(512);
	case 3:
		return X32_BIT | below(512);
	case 4:
		return pool_pick();
	default:
		return below(64);
	}
}

/*
 * A deep stack needs filters that let the next attach through: with
 * @lenient (a stack's filter), the shapes give spare_action() to
 * seccomp() and prctl() as an attach makes them, and mostly ALLOW or LOG
 * elsewhere too.
 */
static __u32 spare_action(void)
{
	return chance(85) ? SECCOMP_RET_ALLOW : SECCOMP_RET_LOG;
}

static __u32 adv_action(bool lenient)
{
	if (lenient && chance(60))
		return spare_action();
	return gen_action(lenient);
}

static struct sock_filter alu_k(__u16 op)
{
	__u32 k = chance(50) ? pool_pick() : (__u32)rnd();

	if (op == BPF_LSH || op == BPF_RSH)
		k &= 31;
	return stmt(BPF_ALU | op | BPF_K, k);
}

/*
 * @n instructions that change nothing of what follows: the bodies below
 * load A, X and the scratch they read before reading them.  Padding
 * never reads the number either: a padded arg-every-call still never
 * looks at it.  Its skips land inside it, or on the body's first
 * instruction.
 */
static void gen_pad(struct sock_filter *p, unsigned int n)
{
	unsigned int pc;

	for (pc = 0; pc < n; pc++) {
		unsigned int room = n - pc;	/* skips of 0 .. room - 1 */

		switch (below(6)) {
		case 0:
			p[pc] = stmt(BPF_LD | BPF_IMM, (__u32)rnd());
			break;
		case 1:
			p[pc] = stmt(BPF_LDX | BPF_IMM, below(64));
			break;
		case 2:
			p[pc] = alu_k(BPF_ADD);
			break;
		case 3:
			p[pc] = stmt(BPF_MISC | BPF_TAX, 0);
			break;
		case 4:
			p[pc] = jump(BPF_JMP | BPF_JGT | BPF_K, pool_pick(), 0, 0);
			break;
		default:
			p[pc] = jump(BPF_JMP | BPF_JSET | BPF_K, (__u32)rnd(), 0,
				     below(room < 8 ? room : 8));
			break;
		}
	}
}

/*
 * arg-every-call: one to three checks of an argument (or of the
 * instruction pointer) and a default, with no look at the number, so
 * that every call of every ABI needs the same residual.
 */
static unsigned int gen_arg_every_call(struct sock_filter *p, bool lenient)
{
	unsigned int n = 0, checks = 1 + below(3), i;

	for (i = 0; i < checks; i++) {
		__u32 off = chance(10) ? SD_IP : SD_ARG(below(6));
		__u32 k = chance(60) ? pool_pick() : below(8);
		bool skip_ret = chance(50);

		/*
		 * A stack's: a non-zero compared with an argument that an
		 * attach passes as 0, the match returning: attaches go on.
		 */
		if (lenient) {
			off = SD_ARG(3 + below(3));
			k |= 1;
			skip_ret = false;
		}
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, off + (chance(20) ? 4 : 0));
		if (chance(25) && !lenient)
			p[n++] = alu_k(chance(50) ? BPF_AND : BPF_XOR);
		p[n++] = jump(BPF_JMP | cmp_ops[below(4)] | BPF_K, k,
			      skip_ret, !skip_ret);
		p[n++] = stmt(BPF_RET | BPF_K, adv_action(lenient));
	}
	p[n++] = stmt(BPF_RET | BPF_K,
		      lenient ? spare_action() : adv_action(true));
	return n;
}

/*
 * distinct-residuals: arguments compared with a value made from the
 * number (kept in the scratch or in X), so that no two calls' residuals
 * are the same.
 */
static unsigned int gen_distinct_residuals(struct sock_filter *p,
					   bool lenient)
{
	static const __u16 mix[] = { BPF_ADD, BPF_XOR, BPF_OR, BPF_MUL, BPF_LSH };
	unsigned int n = 0, checks = 1 + below(3), slot = below(BPF_MEMWORDS);
	unsigned int i;
	bool mem = chance(70);

	p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
	for (i = below(3); i; i--)
		p[n++] = alu_k(mix[below(ARRAY_SIZE(mix))]);
	p[n++] = mem ? stmt(BPF_ST, slot) : stmt(BPF_MISC | BPF_TAX, 0);
	for (i = 0; i < checks; i++) {
		unsigned int arg = below(6);
		__u16 op = cmp_ops[below(4)];
		bool skip_ret = chance(50);

		/* A stack's: an argument that attaches pass as 0, JGT X. */
		if (lenient) {
			arg = 3 + below(3);
			op = BPF_JGT;
			skip_ret = false;
		}
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS,
			      SD_ARG(arg) + (chance(15) ? 4 : 0));
		if (mem)
			p[n++] = stmt(BPF_LDX | BPF_MEM, slot);
		p[n++] = jump(BPF_JMP | op | BPF_X, 0, skip_ret, !skip_ret);
		p[n++] = stmt(BPF_RET | BPF_K, adv_action(lenient));
	}
	p[n++] = stmt(BPF_RET | BPF_K,
		      lenient ? spare_action() : adv_action(true));
	return n;
}

/*
 * distinct-results: ld nr; some arithmetic; ret A: a result of its own
 * for every call, but for a few calls spared (in a stack, always
 * seccomp() and prctl()).  Most make an action with data from the
 * number; some make values that are no action at all, which rank by
 * value and kill the process if they win; x32 numbers carry bit 30 into
 * the action.
 */
static unsigned int gen_distinct_results(struct sock_filter *p, bool lenient)
{
	static const __u32 bases[] = {
		SECCOMP_RET_ERRNO, SECCOMP_RET_ERRNO, SECCOMP_RET_ERRNO,
		SECCOMP_RET_TRAP, SECCOMP_RET_TRAP, SECCOMP_RET_LOG,
		SECCOMP_RET_ALLOW, SECCOMP_RET_ALLOW, SECCOMP_RET_USER_NOTIF,
		SECCOMP_RET_TRACE, SECCOMP_RET_KILL_THREAD,
	};
	static const __u32 masks[] = { 0x7, 0x3f, 0xff, 0xfff, 0xffff };
	__u32 base = bases[below(ARRAY_SIZE(bases))];
	unsigned int n = 0, spared = 0, at[6], i;

	p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
	if (lenient) {
		at[spared++] = n;
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 0, 0);
		at[spared++] = n;
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 0, 0);
	}
	for (i = below(4); i; i--) {
		at[spared++] = n;
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, single_nr(), 0, 0);
	}
	switch (below(10)) {
	case 0: case 1: case 2: case 3: case 4:
		if (chance(50))
			p[n++] = stmt(BPF_ALU | BPF_ADD | BPF_K, below(4096));
		p[n++] = stmt(BPF_ALU | BPF_AND | BPF_K,
			      masks[below(ARRAY_SIZE(masks))]);
		p[n++] = stmt(BPF_ALU | BPF_OR | BPF_K, base);
		break;
	case 5: case 6:
		p[n++] = stmt(BPF_ALU | BPF_LSH | BPF_K, below(13));
		p[n++] = stmt(BPF_ALU | BPF_AND | BPF_K, 0xffff);
		p[n++] = stmt(BPF_ALU | BPF_OR | BPF_K, base);
		break;
	case 7:
		p[n++] = stmt(BPF_ALU | BPF_XOR | BPF_K, (__u32)rnd());
		p[n++] = stmt(BPF_ALU | BPF_AND | BPF_K,
			      masks[below(ARRAY_SIZE(masks))]);
		p[n++] = stmt(BPF_ALU | BPF_OR | BPF_K, base);
		break;
	case 8:
		p[n++] = stmt(BPF_ALU | BPF_ADD | BPF_K, (__u32)rnd());
		break;
	default:
		p[n++] = stmt(BPF_ALU | BPF_OR | BPF_K, base);
		break;
	}
	p[n++] = stmt(BPF_RET | BPF_A, 0);
	for (i = 0; i < spared; i++)
		p[at[i]].jt = n - at[i] - 1;
	p[n++] = stmt(BPF_RET | BPF_K,
		      lenient ? spare_action() : adv_action(true));
	return n;
}

/*
 * split-tail, exactly @len instructions (at least 24): a ladder on the
 * number singles out up to 700 sets (JEQ on chosen numbers, or JGT on
 * falling constants: one number per step, or both mixed), each match
 * jumping to one of a few entries at the top of a shared tail; the tail
 * then walks comparisons of the number (or of constants, X, arguments:
 * whatever A holds), reloads of it, constants, argument loads, ALU and
 * scratch traffic, in blocks that jumps land on, before a return.  Each
 * set walks the tail on its own, splitting further, and the argument
 * loads make its calls need residuals.
 */
static unsigned int gen_split_tail(struct sock_filter *p, unsigned int len,
				   bool lenient)
{
	static const __u16 alu[] = {
		BPF_ADD, BPF_SUB, BPF_AND, BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH,
	};
	/* The tail's blocks, its jumps by target block, the ladder's JAs. */
	static unsigned int start[BPF_MAXINSNS + 1];
	static unsigned int jpc[BPF_MAXINSNS], jblk[BPF_MAXINSNS][2];
	static unsigned int ladder[BPF_MAXINSNS];
	unsigned int n = 0, sets, i, blocks = 0, jumps = 0, entry[3], entries;
	unsigned int style = below(3), top = 32 + below(480);
	bool saved = chance(50), fall = chance(40);
	__u32 final;

	if (len < 24)
		len = 24;
	/* A stack's: seccomp() and prctl() allowed first of all. */
	if (lenient) {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 1, 0);
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 0, 1);
		p[n++] = stmt(BPF_RET | BPF_K, spare_action());
	}
	/* M[15] = nr before any jumps of its own: readable anywhere after. */
	if (saved) {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
		p[n++] = stmt(BPF_ST, 15);
	}
	if (chance(30)) {
		p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_ARCH);
		p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0);
		p[n++] = stmt(BPF_RET | BPF_K, adv_action(lenient));
	}
	p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
	/* Two instructions a set; a third of the program at least for the tail. */
	sets = (len - n - 4) / 3;
	sets = 1 + below(sets < 700 ? sets : 700);
	for (i = 0; i < sets; i++) {
		bool t = chance(50);

		if (style == 0)
			p[n++] = jump(BPF_JMP | BPF_JEQ | BPF_K, single_nr(), 0, 1);
		else if (style == 1)
			p[n++] = jump(BPF_JMP | BPF_JGT | BPF_K,
				      top > i ? top - i : 0, 0, 1);
		else
			p[n++] = jump(BPF_JMP | cmp_ops[below(3)] | BPF_K,
				      single_nr(), !t, t);
		ladder[i] = n;
		p[n++] = stmt(BPF_JMP | BPF_JA, 0);
	}
	if (!fall)
		p[n++] = stmt(BPF_RET | BPF_K, adv_action(lenient));

	while (n < len - 1) {
		unsigned int r = below(100), slot = below(BPF_MEMWORDS);
		bool x = chance(50);

		start[blocks] = n;
		if (r < 34) {
			jpc[jumps] = n;
			if (chance(35)) {
				jblk[jumps][0] = jblk[jumps][1] = blocks + 1;
			} else {
				jblk[jumps][0] = blocks + 1 + below(8);
				jblk[jumps][1] = blocks + 1 + below(8);
			}
			jumps++;
			p[n++] = jump(BPF_JMP | cmp_ops[below(4)] |
				      (chance(10) ? BPF_X : BPF_K),
				      chance(70) ? single_nr() : pool_pick(), 0, 0);
		} else if (r < 48) {
			p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
		} else if (r < 53) {
			p[n++] = stmt((x ? BPF_LDX : BPF_LD) | BPF_IMM,
				      single_nr());
		} else if (r < 62) {
			p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS,
				      (chance(10) ? SD_IP : SD_ARG(below(6))) +
				      (chance(20) ? 4 : 0));
		} else if (r < 70) {
			p[n++] = alu_k(alu[below(ARRAY_SIZE(alu))]);
		} else if (r < 75) {
			p[n++] = stmt(BPF_MISC | (x ? BPF_TAX : BPF_TXA), 0);
		} else if (r < 80 && len - 1 - n >= 2) {
			/* A pair no jump lands between: always written. */
			p[n++] = stmt(x ? BPF_STX : BPF_ST, slot);
			p[n++] = stmt((chance(50) ? BPF_LDX : BPF_LD) | BPF_MEM,
				      slot);
		} else if (r < 83 && saved) {
			p[n++] = stmt((x ? BPF_LDX : BPF_LD) | BPF_MEM, 15);
		} else if (r < 84) {
			p[n++] = stmt(BPF_RET | BPF_K, adv_action(lenient));
		} else {
			p[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, SD_NR);
		}
		blocks++;
	}
	/* The last block is the return: jumps past it land there. */
	start[blocks] = n;
	final = below(100);
	p[n++] = final < 85 ? stmt(BPF_RET | BPF_K, adv_action(true)) :
		 final < 95 ? stmt(BPF_RET | BPF_K, gen_action(false)) :
		 stmt(BPF_RET | BPF_A, 0);
	for (i = 0; i < jumps; i++) {
		unsigned int t = jblk[i][0] < blocks ? jblk[i][0] : blocks;
		unsigned int f = jblk[i][1] < blocks ? jblk[i][1] : blocks;

		p[jpc[i]].jt = start[t] - jpc[i] - 1;
		p[jpc[i]].jf = start[f] - jpc[i] - 1;
	}
	entries = 1 + below(3);
	for (i = 0; i < entries; i++)
		entry[i] = below(blocks / 4 + 1);
	for (i = 0; i < sets; i++)
		p[ladder[i]].k = start[entry[below(entries)]] - ladder[i] - 1;
	return n;
}

/*
 * A program of @shape, exactly @len instructions long if @len (short
 * shapes padded in front; shorter than the shape: padding and a return),
 * of the shape's own length otherwise.
 */
static unsigned int gen_shape(struct sock_filter *p, unsigned int shape,
			      unsigned int len, bool lenient)
{
	struct sock_filter body[64];
	unsigned int n;

	if (shape == SHAPE_SPLIT_TAIL && !len)
		len = 24 + below(BPF_MAXINSNS - 24);
	if (shape == SHAPE_SPLIT_TAIL && len >= 24)
		return gen_split_tail(p, len, lenient);
	switch (shape) {
	case SHAPE_DISTINCT_RESIDUALS:
		n = gen_distinct_residuals(body, lenient);
		break;
	case SHAPE_DISTINCT_RESULTS:
		n = gen_distinct_results(body, lenient);
		break;
	default:
		n = gen_arg_every_call(body, lenient);
		break;
	}
	if (!len)
		len = n;
	if (len < n) {
		gen_pad(p, len - 1);
		p[len - 1] = stmt(BPF_RET | BPF_K,
				  lenient ? spare_action() : adv_action(true));
		return len;
	}
	gen_pad(p, len - n);
	memcpy(p + len - n, body, n * sizeof(*body));
	return len;
}

/* Instructions that count 1 each, for gen_counted(): as gen_pad(). */
static void gen_pad_one(struct sock_filter *p, unsigned int n)
{
	unsigned int pc;

	for (pc = 0; pc < n; pc++) {
		switch (below(4)) {
		case 0:
			p[pc] = stmt(BPF_LD | BPF_IMM, (__u32)rnd());
			break;
		case 1:
			p[pc] = stmt(BPF_LDX | BPF_IMM, below(64));
			break;
		case 2:
			p[pc] = alu_k(BPF_XOR);
			break;
		default:
			p[pc] = stmt(BPF_JMP | BPF_JA, 0);
			break;
		}
	}
}

/*
 * A stack's program of @shape that counts exactly @want (at least 5)
 * against the chain's limit: the shape, padded in front; or, if it
 * counts too much, padding and a return.
 */
static unsigned int gen_counted(struct sock_filter *p, unsigned int shape,
				unsigned int want)
{
	unsigned int len, have;

	len = gen_shape(p, shape,
			shape == SHAPE_SPLIT_TAIL ? want * 2 / 3 : 0, true);
	have = counted_len(p, len);
	if (have > want || len + want - have > BPF_MAXINSNS) {
		/* 3, and 1 each, and 2 for the return */
		len = want - 4;
		gen_pad_one(p, len - 1);
		p[len - 1] = stmt(BPF_RET | BPF_K, spare_action());
		return len;
	}
	memmove(p + want - have, p, len * sizeof(*p));
	gen_pad_one(p, want - have);
	return len + want - have;
}

/* One of the shapes for the mix: a split-tail is full-sized two times in five. */
static unsigned int gen_adversarial(struct sock_filter *p)
{
	unsigned int shape = below(N_SHAPES), len = 0;

	if (shape == SHAPE_SPLIT_TAIL)
		len = chance(40) ? BPF_MAXINSNS - below(4) :
		      24 + below(BPF_MAXINSNS - 24);
	else if (chance(20))
		len = 20 + below(200);
	return gen_shape(p, shape, len, false);
}

/* ---------------------------------------------------------------------- */
/* Attaching filters. */

static struct sock_filter big[BIG_LEN];
static struct filter filters[MAX_CHAIN];
static struct sock_fprog fprog_area;

/* What the kernel must answer for an attach: -errno, 0 fd/ok, or a tid. */
struct verdict {
	int err;		/* 0 if it must succeed */
	bool maybe_busy;	/* EBUSY or success: the listener is closing */
	bool tsync_fails;	/* fails with the divergent thread's tid */
};

static struct verdict judge_attach(const struct attempt *a, unsigned int flags,
				   bool valid, unsigned int cost)
{
	struct verdict v = { 0 };

	if (flags & ~ALL_FLAGS)
		v.err = EINVAL;
	else if ((flags & SECCOMP_FILTER_FLAG_TSYNC) &&
		 (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) &&
		 !(flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH))
		v.err = EINVAL;
	else if ((flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) &&
		 !(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		v.err = EINVAL;
	else if (a->fprog_ptr != PTR_OK)
		v.err = EFAULT;
	else if (!a->len || a->len > BPF_MAXINSNS)
		v.err = EINVAL;
	else if (!m.nnp && !m.priv)
		v.err = EACCES;
	else if (a->insns_ptr == PTR_NULL)
		v.err = EINVAL;		/* the BPF core refuses it unread */
	else if (a->insns_ptr != PTR_OK)
		v.err = EFAULT;
	else if (!valid)
		v.err = EINVAL;
	else if (m.strict)
		v.err = EINVAL;
	else if ((flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) &&
		 m.listener_at >= 0 && listener_open())
		v.err = EBUSY;
	/* The new filter counts its cost alone, those below 4 more each. */
	else if (m.total + cost > MAX_PATH_INSNS)
		v.err = ENOMEM;
	else if ((flags & SECCOMP_FILTER_FLAG_TSYNC) && m.divergent)
		v.tsync_fails = true;
	/*
	 * With the sandbox's own copy closed, the supervisor holds the last
	 * reference to the listener and may drop it at any moment, before
	 * the kernel looks: either answer is right then.
	 */
	if (v.err == EBUSY && m.c_listener < 0)
		v.maybe_busy = true;
	if (v.tsync_fails && (flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH)) {
		v.tsync_fails = false;
		v.err = ESRCH;
	}
	return v;
}

/* Hand a new listener to the supervisor and wait until it has it. */
static void publish_listener(int fd)
{
	int seq = LOAD(shm->listener_seq) + 1;

	STORE(shm->listener_fd, fd);
	STORE(shm->listener_seq, seq);
	/* No system call here: the filters just attached could refuse it. */
	while (LOAD(shm->fetched_seq) != seq && LOAD(shm->done) != 2)
		cpu_relax();
}

static unsigned int random_flags(void)
{
	unsigned int flags = 0;

	if (chance(30))
		flags |= SECCOMP_FILTER_FLAG_TSYNC;
	if (chance(15))
		flags |= SECCOMP_FILTER_FLAG_LOG;
	if (chance(15))
		flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	if (chance(40))
		flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
	if (chance(25))
		flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	if (chance(20))
		flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	if (chance(3))
		flags |= BIT(6 + below(26));
	return flags;
}

/* What thread @tid of the sandbox is, for messages. */
static const char *role_of(long tid)
{
	int i;

	for (i = 0; i < MAX_THREADS; i++) {
		if (shm->tids[i] != tid)
			continue;
		switch (shm->roles[i]) {
		case 'D':
			return "the driver";
		case 's':
			return "a sleeper";
		case 'd':
			return "the divergent thread";
		case 'w':
			return "a worker";
		}
	}
	return tid == self_pid ? "the main thread" : "no thread of ours";
}

/*
 * A worker that a filter kills is marked dead before it exits (6.1 does
 * so since 5.17), and a TSYNC that comes meanwhile cannot move it: it
 * names it, or fails with ESRCH under TSYNC_ESRCH.  Workers make
 * unjudged calls, so such an answer is right if the worker then dies:
 * the supervisor sees to that (shm->must_die).
 */
static bool dying_worker(long ret, unsigned int flags)
{
	int i;

	if (!LOAD(shm->may_die) || !(flags & SECCOMP_FILTER_FLAG_TSYNC))
		return false;
	if (flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH) {
		if (ret != -ESRCH)
			return false;
		STORE(shm->must_die, -1);
		return true;
	}
	for (i = 0; i < MAX_THREADS; i++) {
		if (ret > 0 && shm->tids[i] == ret && shm->roles[i] == 'w') {
			STORE(shm->must_die, (int)ret);
			return true;
		}
	}
	return false;
}

/* How an attach went: on, refused (ENOMEM apart), or the end of a run. */
enum attached { ATT_OK, ATT_REFUSED, ATT_NOMEM, ATT_STOP };

/*
 * Attach @a through prctl() if @use_prctl, through seccomp() with @flags
 * otherwise, and check the kernel's answer against the model's.
 * ATT_STOP: the call was not made as an attach (a filter answered it) or
 * the answer was wrong (the failure is recorded).
 */
static enum attached try_attach(struct attempt *a, unsigned int flags,
				bool use_prctl)
{
	static const char *const ptr_names[] = { "ok", "NULL", "unmapped" };
	struct callrec c = { .abi = ABI_64 };
	struct verdict v;
	struct filter *f;
	unsigned int cost = 0;
	enum result r;
	bool valid;

	ADD(shm->programs, 1);
	ADD(shm->beat, 1);
	fprog_area.len = (unsigned short)a->len;
	fprog_area.filter = a->insns_ptr == PTR_OK ? a->insns :
			    a->insns_ptr == PTR_NULL ? NULL : (void *)unmapped;
	valid = a->len && a->len <= BPF_MAXINSNS && program_ok(a->insns, a->len);
	if (valid)
		cost = counted_len(a->insns, a->len);
	v = judge_attach(a, flags, valid, cost);

	if (use_prctl) {
		c.nr = __NR_prctl;
		c.args[0] = PR_SET_SECCOMP;
		c.args[1] = SECCOMP_MODE_FILTER;
	} else {
		c.nr = __NR_seccomp;
		c.args[0] = SECCOMP_SET_MODE_FILTER;
		c.args[1] = flags;
	}
	c.args[2] = a->fprog_ptr == PTR_OK ? (unsigned long)&fprog_area :
		    a->fprog_ptr == PTR_NULL ? 0 : (unsigned long)unmapped;
	set_step("attach %u insns (counting %u) via %s, flags %#x, fprog %s, insns %s, depth %u counting %lu: expect %d%s",
		 a->len, cost, use_prctl ? "prctl" : "seccomp", flags,
		 ptr_names[a->fprog_ptr], ptr_names[a->insns_ptr], m.depth,
		 m.total, -v.err, v.tsync_fails ? " (tsync)" : "");

	r = driver_call(&c);
	if (r != RAN)
		return ATT_STOP;
	if (!v.err && dying_worker(c.ret, flags)) {
		ADD(shm->refused, 1);
		return ATT_REFUSED;
	}
	if (v.tsync_fails) {
		if (c.ret != m.divergent_tid) {
			fail("returned %ld (%s), not the divergent thread %d",
			     c.ret, role_of(c.ret), m.divergent_tid);
			return ATT_STOP;
		}
		ADD(shm->refused, 1);
		return ATT_REFUSED;
	}
	if (v.err) {
		if (c.ret == -v.err || (v.maybe_busy && c.ret >= 0)) {
			if (c.ret < 0) {
				ADD(shm->refused, 1);
				return v.err == ENOMEM ? ATT_NOMEM : ATT_REFUSED;
			}
		} else {
			fail("returned %ld", c.ret);
			return ATT_STOP;
		}
	} else if (c.ret < 0 ||
		   (!(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) && c.ret != 0)) {
		/* A TSYNC that failed names a thread: which? */
		fail("returned %ld for a valid attach%s%s", c.ret,
		     c.ret > 0 && (flags & SECCOMP_FILTER_FLAG_TSYNC) ? ": " : "",
		     c.ret > 0 && (flags & SECCOMP_FILTER_FLAG_TSYNC) ?
		     role_of(c.ret) : "");
		return ATT_STOP;
	}
	if (m.depth >= MAX_CHAIN || m.used + a->len > MAX_PATH_INSNS) {
		fail("attached past the chain's limit (depth %u, %lu instructions)",
		     m.depth, m.used);
		return ATT_STOP;
	}

	/*
	 * Attached: the model follows.  No malloc(): from now on any system
	 * call that it makes could be refused.
	 */
	ADD(shm->accepted, 1);
	f = &filters[m.depth];
	memcpy(&shm->insns[m.used], a->insns, a->len * sizeof(*a->insns));
	f->insns = &shm->insns[m.used];
	f->len = a->len;
	f->listener = flags & SECCOMP_FILTER_FLAG_NEW_LISTENER;
	shm->lens[m.depth] = a->len;
	m.chain[m.depth++] = f;
	STORE(shm->depth, m.depth);
	m.used += a->len;
	m.total += cost + 4;
	if (f->listener) {
		/* A new listener means that the old one was closed. */
		if (m.listener_at >= 0)
			m.chain[m.listener_at]->listener = false;
		m.c_listener = c.ret;
		m.listener_at = m.depth - 1;
		STORE(shm->c_open, 1);
		publish_listener(c.ret);
	}
	return ATT_OK;
}

/* One program of the mix, with random flags. */
static void attach_step(void)
{
	struct attempt a = { .insns = big };
	bool use_prctl = chance(20);

	if (chance(ADV_PERCENT)) {
		a.len = gen_adversarial(big);
		ADD(shm->adversarial, 1);
	} else if (chance(55)) {
		a.len = gen_policy(big, gen_length() + 16);
	} else {
		a.len = gen_random(big, gen_length());
	}
	if (chance(25))
		mutate(&a);
	try_attach(&a, use_prctl ? 0 : random_flags(), use_prctl);
}

/*
 * A deep stack: filters of the hostile shapes attached one after another
 * up to the chain's limit, where an attach must fail with ENOMEM (or, one
 * time in four, up to a random depth).  Long split-tails reach the limit
 * in eight to thirty filters, short shapes padded to a few hundred
 * instructions in tens to hundreds, bare short shapes in thousands.  Near
 * the limit the length is sometimes chosen to land just on either side
 * of it.  The filters mostly let seccomp() and prctl() through, so that
 * the stack can grow; flags stay mostly the same along a stack, so that
 * most attaches succeed.
 */
enum stack_kind { STACK_LONG, STACK_MEDIUM, STACK_TINY, STACK_MIXED };

static void stack_step(void)
{
	static const char *const names[] = { "long", "medium", "tiny", "mixed" };
	unsigned int r = below(100), kind, shape = below(N_SHAPES);
	unsigned int base = 0, max, misses = 0, n;
	enum attached res = ATT_OK;

	kind = r < 35 ? STACK_LONG : r < 70 ? STACK_MEDIUM :
	       r < 80 ? STACK_TINY : STACK_MIXED;
	max = chance(25) ? 1 + below(kind == STACK_TINY ? 1000 : 64) : MAX_CHAIN;
	if (chance(20))
		base |= SECCOMP_FILTER_FLAG_TSYNC;
	if (chance(10))
		base |= SECCOMP_FILTER_FLAG_LOG;
	if (chance(10))
		base |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	if (chance(10))
		base |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	ADD(shm->stacks, 1);
	set_step("stack of %s filters, shape %u, flags %#x, at most %u",
		 names[kind], shape, base, max);

	for (n = 0; n < max && m.depth < MAX_CHAIN && !LOAD(shm->done); n++) {
		struct attempt a = { .insns = big };
		long room = MAX_PATH_INSNS - (long)m.total;
		unsigned int len, s = shape;
		bool use_prctl = chance(5);

		switch (kind) {
		case STACK_LONG:
			s = SHAPE_SPLIT_TAIL;
			len = chance(50) ? BPF_MAXINSNS - below(4) :
			      1000 + below(BPF_MAXINSNS - 1000);
			break;
		case STACK_MEDIUM:
			len = 40 + below(960);
			break;
		case STACK_TINY:
			if (s == SHAPE_SPLIT_TAIL)
				s = SHAPE_ARG_EVERY_CALL;
			len = 0;
			break;
		default:
			s = below(N_SHAPES);
			len = chance(50) ? 0 : s == SHAPE_SPLIT_TAIL ?
			      16 + below(BPF_MAXINSNS - 16) : 20 + below(500);
			break;
		}
		a.len = gen_shape(big, s, len, true);
		/*
		 * Past the limit: one time in two, a filter that counts just
		 * within it or just past it instead.
		 */
		if (counted_len(big, a.len) > room && room < 4000 && chance(50)) {
			long want = room - 2 + below(5);

			a.len = gen_counted(big, s, want < 5 ? 5 : want);
		}
		ADD(shm->stacked, 1);
		if (chance(3))
			mutate(&a);
		res = try_attach(&a, use_prctl ? 0 :
				 chance(10) ? random_flags() : base, use_prctl);
		if (res == ATT_NOMEM || res == ATT_STOP)
			break;
		/* Flags that fail every time (TSYNC beside a divergent thread) */
		misses = res == ATT_REFUSED ? misses + 1 : 0;
		if (misses > 8)
			break;
	}
	if (res == ATT_NOMEM)
		ADD(shm->stacks_full, 1);
	/* For -v, printed by the supervisor: here a write could be refused. */
	snprintf(shm->note, sizeof(shm->note),
		 "stack of %s filters, shape %u: %u attaches, ended by %d at depth %u, %lu counted",
		 names[kind], shape, n, res, m.depth, m.total);
}

/* Close the driver's own copy of the listener (a call like any other). */
static void close_listener_step(void)
{
	struct callrec c = { .nr = __NR_close, .abi = ABI_64 };

	if (m.c_listener < 0)
		return;
	c.args[0] = m.c_listener;
	set_step("close listener %d", m.c_listener);
	if (driver_call(&c) != RAN)
		return;
	if (c.ret != 0)
		fail("close(listener) returned %ld", c.ret);
	m.c_listener = -1;
	STORE(shm->c_open, 0);
}

/* seccomp() operations that attach nothing, and strict mode refused. */
static void misc_seccomp_step(void)
{
	struct callrec c = { .nr = __NR_seccomp, .abi = ABI_64 };
	long expect;

	switch (below(4)) {
	case 0:
		/* Strict mode over filters: EINVAL. */
		c.args[0] = SECCOMP_SET_MODE_STRICT;
		expect = m.depth ? -EINVAL : 0;
		if (!m.depth)
			return;
		break;
	case 1:
		/* Strict mode takes no flags and no argument. */
		c.args[0] = SECCOMP_SET_MODE_STRICT;
		c.args[1] = 1 + below(4);
		expect = -EINVAL;
		break;
	case 2:
		c.args[0] = SECCOMP_GET_ACTION_AVAIL;
		c.args[2] = (unsigned long)scratch;
		*(__u32 *)scratch = chance(50) ? actions[below(8)] : (__u32)rnd();
		expect = known_action(*(__u32 *)scratch) ? 0 : -EOPNOTSUPP;
		if (chance(10)) {
			c.args[1] = 1;
			expect = -EINVAL;
		}
		break;
	default:
		c.args[0] = 4 + below(1000);
		expect = -EINVAL;
		break;
	}
	set_step("seccomp(%lu, %lu, %#lx)", c.args[0], c.args[1], c.args[2]);
	if (driver_call(&c) == RAN && c.ret != expect)
		fail("returned %ld, expected %ld", c.ret, expect);
}

/* ---------------------------------------------------------------------- */
/* The sandbox: threads, then the driver's script. */

static int thread_slot(void)
{
	static int next = 1;

	return __atomic_fetch_add(&next, 1, __ATOMIC_SEQ_CST) % MAX_THREADS;
}

/*
 * Threads that sleep in read() from before the first filter to the end:
 * targets for TSYNC that never make another call.
 */
static pid_t sleeper_tids[MAX_THREADS];
static int n_sleepers;

static void sleep_forever(void)
{
	char c;

	for (;;)
		if (read(fd_pipe[0], &c, 1) <= 0)
			for (;;)
				cpu_relax();
}

static void *sleeper(void *arg)
{
	pid_t tid = gettid();
	int slot;

	my_tid = tid;

	slot = thread_slot();
	shm->tids[slot] = tid;
	shm->roles[slot] = 's';
	STORE(sleeper_tids[(uintptr_t)arg], tid);
	sleep_forever();
	return NULL;
}

/*
 * A thread with a filter of its own (which no other thread has): every
 * TSYNC must then fail, naming it.
 */
static int divergent_ok;

static void *divergent(void *arg)
{
	pid_t tid = gettid();
	int slot;

	my_tid = tid;

	slot = thread_slot();
	shm->tids[slot] = tid;
	shm->roles[slot] = 'd';
	STORE(sleeper_tids[(uintptr_t)arg], tid);
	if (install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | EXDEV) == 0)
		STORE(divergent_ok, 1);
	else
		STORE(divergent_ok, 2);
	sleep_forever();
	return NULL;
}

/* Threads making random calls alongside the driver, unjudged. */
static int workers_go, workers_ready;

static void *worker(void *arg)
{
	pid_t tid = gettid();
	int slot;

	my_tid = tid;

	slot = thread_slot();
	shm->tids[slot] = tid;
	shm->roles[slot] = 'w';
	rng = (uintptr_t)arg;
	ADD(workers_ready, 1);
	while (!LOAD(workers_go))
		cpu_relax();
	while (!LOAD(shm->done)) {
		const struct sysc *s = pick_call();
		struct callrec c = { .nr = s->nr, .abi = s->abi };
		unsigned int i;

		/*
		 * Nothing that makes an fd: a worker calls without a pause
		 * for as long as the iteration lasts, a deep stack seconds,
		 * and a full table would fail a listener with EMFILE.
		 */
		if (c.abi == ABI_64 && (c.nr == __NR_dup || c.nr == __NR_openat ||
					c.nr == __NR_pidfd_open))
			continue;
		if (c.nr == -1)
			c.nr = unassigned_nr();
		for (i = 0; i < 6; i++)
			c.args[i] = gen_arg(s->arg[i], tid);
		/* Writes would race with the driver's use of the scratch. */
		for (i = 0; i < 6; i++)
			if (s->arg[i] == A_PTR)
				c.args[i] = (unsigned long)unmapped;
		issue(&c);
	}
	for (;;)
		cpu_relax();
	return NULL;
}

/* Whether thread @tid sleeps in read(). */
static bool in_read(pid_t tid)
{
	char path[64], buf[64], want[16];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	snprintf(want, sizeof(want), "%d ", __NR_read);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > (ssize_t)strlen(want) && !strncmp(buf, want, strlen(want));
}

/*
 * Before its first filter, the driver waits until the other threads are
 * where they stay: the sleepers in read(), the workers at their start.
 */
static void wait_for_threads(int workers)
{
	int i;

	for (i = 0; i < n_sleepers; i++) {
		while (!LOAD(sleeper_tids[i]))
			usleep(100);
		while (!in_read(LOAD(sleeper_tids[i])))
			usleep(100);
	}
	while (LOAD(workers_ready) < workers)
		usleep(100);
}

static void fill_pool(void)
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

static int setup_sandbox(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigsys };
	unsigned int i;

	/*
	 * At fixed addresses, whatever the address space randomisation:
	 * filters see pointers to these, and a replay must see the same.
	 */
	self_pid = getpid();
	scratch = mmap((void *)SCRATCH_ADDR, SCRATCH_SIZE + 4096,
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	unmapped = mmap((void *)(SCRATCH_ADDR + 0x100000), 4096, PROT_NONE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			-1, 0);
	if (scratch != (void *)SCRATCH_ADDR ||
	    unmapped != (void *)(SCRATCH_ADDR + 0x100000))
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
	/* SA_NODEFER: the handler leaves by siglongjmp, mask unchanged. */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	if (sigaction(SIGSYS, &sa, NULL))
		return -1;
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	return sigaction(SIGSEGV, &sa, NULL) || sigaction(SIGILL, &sa, NULL) ||
	       sigaction(SIGBUS, &sa, NULL);
}

static void strict_script(void)
{
	struct callrec c = { .nr = __NR_seccomp, .abi = ABI_64 };
	const struct sysc *s;
	unsigned int i;

	set_step("enter strict mode");
	c.args[0] = SECCOMP_SET_MODE_STRICT;
	if (driver_call(&c) != RAN)
		return;
	if (c.ret) {
		fail("strict mode refused: %ld", c.ret);
		return;
	}
	m.strict = true;
	s = pick_call();
	memset(&c, 0, sizeof(c));
	c.nr = chance(30) ? __NR_read : s->nr == -1 ? 400 : s->nr;
	c.abi = c.nr == __NR_read ? ABI_64 : s->abi;
	for (i = 0; i < 6; i++)
		c.args[i] = gen_arg(s->arg[i], shm->tids[0]);
	if (c.nr == __NR_read) {
		c.args[0] = fd_zero;
		c.args[1] = (unsigned long)scratch;
		c.args[2] = 16;
	}
	set_step("strict mode: call %ld", c.nr);
	if (driver_call(&c) == RAN && c.nr == __NR_read && c.ret != 16)
		fail("read() in strict mode returned %ld", c.ret);
}

static int n_workers;

static void *driver(void *arg)
{
	unsigned int steps, stack_at, i;

	rng = (uintptr_t)arg;
	my_tid = gettid();
	shm->tids[0] = my_tid;
	shm->roles[0] = 'D';
	wait_for_threads(n_workers);
	if (!m.priv && drop_cap(CAP_SYS_ADMIN)) {
		fail("cannot drop CAP_SYS_ADMIN");
		goto out;
	}
	if (chance(4)) {
		strict_script();
		goto out;
	}
	if (!m.priv) {
		/* Without either, an attach must fail with EACCES. */
		if (chance(50))
			attach_step();
		set_no_new_privs();
		m.nnp = true;
	} else if (chance(50)) {
		set_no_new_privs();
		m.nnp = true;
	}
	STORE(workers_go, 1);

	steps = 4 + below(MAX_STEPS - 4);
	/* Mostly first: filters attached before could refuse the attaches. */
	stack_at = !chance(STACK_PERCENT) ? steps : chance(60) ? 0 : below(steps);
	for (i = 0; i < steps && !LOAD(shm->done); i++) {
		unsigned int r = below(100);

		ADD(shm->beat, 1);
		if (i == stack_at)
			stack_step();
		else if (r < 30 && m.depth < MAX_CHAIN)
			attach_step();
		else if (r < 35)
			misc_seccomp_step();
		else if (r < 38)
			close_listener_step();
		else
			random_call();
	}
	set_step("finished");
out:
	if (!LOAD(shm->done))
		STORE(shm->done, 1);
	/* No more calls: the supervisor kills the sandbox. */
	for (;;)
		cpu_relax();
	return NULL;
}

static void sandbox(__u64 seed)
{
	pthread_t t;
	int i, sleepers;

	rng = seed;
	if (setup_sandbox()) {
		fail("set-up: errno %d", errno);
		_exit(1);
	}
	fill_pool();
	memset(&m, 0, sizeof(m));
	m.c_listener = -1;
	m.listener_at = -1;
	m.priv = !chance(8);
	m.divergent = chance(20);
	sleepers = below(3);
	n_workers = chance(25) ? 1 + below(2) : 0;
	STORE(shm->may_die, n_workers > 0);

	/* Slot 0 of sleeper_tids is this thread, which sleeps too. */
	my_tid = gettid();
	sleeper_tids[0] = my_tid;
	n_sleepers = 1;
	for (i = 0; i < sleepers + m.divergent; i++) {
		bool odd = m.divergent && i == sleepers;

		if (pthread_create(&t, NULL, odd ? divergent : sleeper,
				   (void *)(uintptr_t)n_sleepers++)) {
			fail("pthread_create: errno %d", errno);
			_exit(1);
		}
	}
	if (m.divergent) {
		while (!LOAD(divergent_ok))
			cpu_relax();
		if (LOAD(divergent_ok) != 1) {
			fail("the divergent thread could not attach its filter");
			_exit(1);
		}
		m.divergent_tid = LOAD(sleeper_tids[n_sleepers - 1]);
	}
	for (i = 0; i < n_workers; i++)
		if (pthread_create(&t, NULL, worker, (void *)(uintptr_t)rnd())) {
			fail("pthread_create: errno %d", errno);
			_exit(1);
		}
	if (pthread_create(&t, NULL, driver, (void *)(uintptr_t)rnd())) {
		fail("pthread_create: errno %d", errno);
		_exit(1);
	}
	/* This thread sleeps too, so that the driver is never the last. */
	sleep_forever();
}

/* ---------------------------------------------------------------------- */
/* The supervisor. */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct super {
	pid_t pid;
	int pidfd;
	int lfd;		/* our copy of the listener, or -1 */
	int null_fd;		/* for ADDFD */
	bool killed;		/* we sent SIGKILL */
	bool failed;
	char why[640];
};

static void super_fail(struct super *s, const char *fmt, ...)
{
	va_list ap;

	if (s->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
	s->failed = true;
}

/* Errors that a request about a live notification may get anyway. */
static bool sandbox_may_be_gone(struct super *s)
{
	return s->killed || LOAD(shm->may_die) || LOAD(shm->done) ||
	       LOAD(shm->expect) != EXPECT_NONE;
}

static int slot_of(pid_t tid)
{
	int i;

	for (i = 0; i < MAX_THREADS; i++)
		if (shm->tids[i] == tid)
			return i;
	return -1;
}

static void record(int slot, int kind, long ret)
{
	struct answer *a;

	if (slot < 0)
		return;
	a = &shm->answers[slot];
	STORE(a->kind, kind);
	STORE(a->ret, ret);
	ADD(a->seq, 1);
}

static void close_listener(struct super *s)
{
	STORE(shm->r_closing, 1);
	close(s->lfd);
	s->lfd = -1;
	STORE(shm->r_open, 0);
	STORE(shm->r_closing, 0);
}

/* Check an ioctl's result against the errnos it may have. */
static void expect_ioctl(struct super *s, const char *what, int ret,
			 int want, bool gone_ok)
{
	int err = ret < 0 ? errno : 0;

	if (ret >= 0 && want == 0)
		return;
	if (ret < 0 && err == want)
		return;
	if (ret < 0 && gone_ok && (err == ENOENT || err == ESRCH) &&
	    sandbox_may_be_gone(s))
		return;
	super_fail(s, "%s: %s, expected %s", what,
		   ret < 0 ? strerror(err) : "success",
		   want ? strerror(want) : "success");
}

/* An answer to notification @n: malformed ones first, then a good one. */
static void answer(struct super *s, const struct seccomp_notif *n)
{
	struct seccomp_notif_resp resp = { .id = n->id };
	int slot = slot_of(n->pid), ret;
	__u64 id = n->id;

	ADD(shm->answers_sent, 1);
	if (chance(15)) {
		__u64 bad = chance(50) ? id + 1 + below(5) : rnd();

		ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_ID_VALID, &bad);
		expect_ioctl(s, "ID_VALID(bad id)", ret, ENOENT, false);
		resp.id = bad;
		ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
		/* Another thread's notification, not received yet? */
		if (!(ret < 0 && errno == EINPROGRESS && LOAD(shm->may_die)))
			expect_ioctl(s, "SEND(bad id)", ret, ENOENT, false);
		resp.id = id;
	}
	if (chance(10)) {
		ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id);
		expect_ioctl(s, "ID_VALID", ret, 0, true);
	}
	if (chance(10)) {
		resp.flags = 2U << below(30);
		ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
		expect_ioctl(s, "SEND(bad flags)", ret, EINVAL, false);
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		resp.error = -1 - below(100);
		ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
		expect_ioctl(s, "SEND(CONTINUE with an error)", ret, EINVAL,
			     false);
		resp.flags = 0;
		resp.error = 0;
	}
	if (chance(20)) {
		struct seccomp_notif_addfd add = {
			.id = id, .srcfd = s->null_fd,
		};
		int want = 0;

		if (chance(50))
			add.flags |= SECCOMP_ADDFD_FLAG_SETFD;
		if (chance(30))
			add.flags |= SECCOMP_ADDFD_FLAG_SEND;
		if (chance(5))
			add.flags |= 4;
		if (chance(30))
			add.newfd_flags = O_CLOEXEC;
		if (chance(5))
			add.newfd_flags |= O_NONBLOCK;
		if (add.flags & SECCOMP_ADDFD_FLAG_SETFD)
			add.newfd = chance(90) ? 200 + below(60) : 1U << 30;
		else if (chance(5))
			add.newfd = 200;
		if (chance(5))
			add.srcfd = 9999;
		if ((add.flags & ~3U) || (add.newfd_flags & ~O_CLOEXEC) ||
		    (add.newfd && !(add.flags & SECCOMP_ADDFD_FLAG_SETFD)))
			want = EINVAL;
		else if (add.srcfd == 9999)
			want = EBADF;
		else if (add.newfd >= 1U << 30)
			want = EBADF;
		if (!want && (add.flags & SECCOMP_ADDFD_FLAG_SEND))
			record(slot, ANSWER_FD, 0);
		ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
		expect_ioctl(s, "ADDFD", ret, want, true);
		if (ret >= 0 && (add.flags & SECCOMP_ADDFD_FLAG_SEND))
			return;
	}
	switch (below(4)) {
	case 0:
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		record(slot, ANSWER_CONTINUE, 0);
		break;
	case 1:
		resp.error = chance(90) ? -1 - (int)below(4095) :
			     (int)rnd();
		record(slot, ANSWER_VALUE, resp.error);
		break;
	default:
		resp.val = chance(50) ? (__s64)any_value() : below(100);
		resp.error = 0;
		record(slot, ANSWER_VALUE, resp.val);
		break;
	}
	ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	expect_ioctl(s, "SEND", ret, 0, true);
}

static void serve(struct super *s)
{
	struct seccomp_notif n;
	int ret;

	memset(&n, 0, sizeof(n));
	if (chance(3)) {
		n.pid = 1;
		ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_RECV, &n);
		expect_ioctl(s, "RECV(non-zero struct)", ret, EINVAL, false);
		memset(&n, 0, sizeof(n));
	}
	ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_RECV, &n);
	if (ret < 0) {
		/* Withdrawn since the poll (the notifier was killed). */
		if (errno != ENOENT)
			super_fail(s, "RECV: %s", strerror(errno));
		return;
	}
	answer(s, &n);
}

/* Requests that do not depend on a notification. */
static void poke(struct super *s)
{
	__u64 v;
	int ret;

	switch (below(3)) {
	case 0:
		v = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
		if (chance(30))
			v = 2ULL << below(60);
		ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, v);
		/* Upstream: EINVAL in 6.1, accepted from 6.6 on. */
		if (upstream_mode && ret == 0 &&
		    v == SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP)
			break;
		expect_ioctl(s, "SET_FLAGS", ret,
			     v != SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP ||
			     upstream_mode ? EINVAL : 0, false);
		break;
	case 1:
		ret = ioctl(s->lfd, SECCOMP_IOW(40 + below(10), __u64), &v);
		expect_ioctl(s, "unknown ioctl", ret, EINVAL, false);
		break;
	default:
		v = rnd();
		ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_ID_VALID, &v);
		expect_ioctl(s, "ID_VALID(random)", ret, ENOENT, false);
		break;
	}
}

static bool task_gone(pid_t pid, pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d", pid, tid);
	return access(path, F_OK) != 0;
}

/* Whether any worker thread of the sandbox has gone. */
static bool worker_gone(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_THREADS; i++)
		if (shm->roles[i] == 'w' && task_gone(pid, shm->tids[i]))
			return true;
	return false;
}

/* Judge how the sandbox ended. */
static void judge_end(struct super *s, int status)
{
	int expect = LOAD(shm->expect);

	if (LOAD(shm->done) == 2) {
		super_fail(s, "%s", shm->msg);
		return;
	}
	if (s->killed || LOAD(shm->done) == 1)
		return;
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		if (expect == EXPECT_SIGSYS && sig == SIGSYS)
			return;
		if (LOAD(shm->may_die) && sig == SIGSYS)
			return;
		super_fail(s, "sandbox killed by signal %d (expected %d) during %s%s%s",
			   sig, expect, shm->step, shm->fault[0] ? ": " : "",
			   shm->fault);
		return;
	}
	super_fail(s, "sandbox exited with %d during %s", WEXITSTATUS(status),
		   shm->step);
}

/* Run one iteration; 0 if it passed. */
static int iteration(__u64 seed, __u64 iter, char *why, size_t why_len)
{
	struct super s = { .lfd = -1 };
	long start, kill_at, driver_gone_at = 0, beat_at, must_die_at = 0;
	int status = 0, beat = 0;
	bool reaped = false;
	pid_t pid;

	memset(shm, 0, offsetof(struct shared, programs));
	shm->listener_fd = -1;
	s.null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (s.null_fd < 0) {
		snprintf(why, why_len, "open /dev/null: %s", strerror(errno));
		return -1;
	}

	rng = stream_seed(seed, iter, 1);
	pid = fork();
	if (pid < 0) {
		snprintf(why, why_len, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(s.null_fd);
		sandbox(stream_seed(seed, iter, 0));
		_exit(0);
	}
	s.pid = pid;
	s.pidfd = syscall(__NR_pidfd_open, pid, 0);
	start = now_ms();
	beat_at = start;
	kill_at = chance(35) ? start + below(400) : -1;

	while (!reaped) {
		long t = now_ms();
		struct pollfd pfd = { .fd = s.lfd, .events = POLLIN };
		int seq = LOAD(shm->listener_seq);
		pid_t w;

		/* A new listener: take it (the old one must be closed). */
		if (seq != LOAD(shm->fetched_seq)) {
			int fd = syscall(__NR_pidfd_getfd, s.pidfd,
					 LOAD(shm->listener_fd), 0);

			if (fd >= 0) {
				if (s.lfd >= 0)
					close_listener(&s);
				s.lfd = fd;
				STORE(shm->r_open, 1);
			} else if (!sandbox_may_be_gone(&s)) {
				super_fail(&s, "pidfd_getfd: %s", strerror(errno));
			}
			STORE(shm->fetched_seq, seq);
		}

		if (s.lfd >= 0) {
			int ret = poll(&pfd, 1, 2);

			if (ret > 0 && (pfd.revents & POLLIN))
				serve(&s);
			else if (chance(2))
				poke(&s);
			/*
			 * Close ours only when the sandbox has closed its
			 * own: its waiting calls then fail with ENOSYS.  With
			 * its copy still open, they would wait forever.
			 */
			if (!LOAD(shm->c_open) && chance(1) && chance(30))
				close_listener(&s);
		} else {
			usleep(1000);
		}

		w = waitpid(pid, &status, WNOHANG);
		if (w == pid) {
			reaped = true;
			break;
		}
		if (LOAD(shm->done) && !s.killed) {
			kill(pid, SIGKILL);
			s.killed = true;
			kill_at = t;
		}
		if (!s.killed && kill_at >= 0 && t >= kill_at) {
			kill(pid, SIGKILL);
			s.killed = true;
		}
		/* KILL_THREAD: the driver, and only it, must go. */
		if (!s.killed && LOAD(shm->expect) == EXPECT_THREAD) {
			if (!driver_gone_at)
				driver_gone_at = t;
			if (task_gone(pid, shm->tids[0])) {
				kill(pid, SIGKILL);
				s.killed = true;
				kill_at = t;
			} else if (t - driver_gone_at > 3000) {
				super_fail(&s, "KILL_THREAD left the driver alive: %s",
					   shm->step);
				kill(pid, SIGKILL);
				s.killed = true;
				kill_at = t;
			}
		}
		/* A worker that a TSYNC named must die, soon. */
		if (!s.killed && LOAD(shm->must_die)) {
			int tid = LOAD(shm->must_die);

			if (!must_die_at)
				must_die_at = t;
			if (tid > 0 ? task_gone(pid, tid) : worker_gone(pid)) {
				STORE(shm->must_die, 0);
				must_die_at = 0;
			} else if (t - must_die_at > 3000) {
				super_fail(&s, "TSYNC named worker %d (-1: ESRCH), which lives on: %s",
					   tid, shm->step);
				kill(pid, SIGKILL);
				s.killed = true;
				kill_at = t;
			}
		}
		/* A deep stack may take long: a hang is a driver stuck. */
		if (LOAD(shm->beat) != beat) {
			beat = LOAD(shm->beat);
			beat_at = t;
		}
		if (!s.killed && t - beat_at > HANG_MS) {
			super_fail(&s, "sandbox hung in: %s", shm->step);
			kill(pid, SIGKILL);
			s.killed = true;
			kill_at = t;
		}
		if (s.killed && t - kill_at > REAP_MS) {
			super_fail(&s, "sandbox not dead %d ms after SIGKILL (in: %s)",
				   REAP_MS, shm->step);
			break;
		}
	}
	if (reaped)
		judge_end(&s, status);
	if (verbose && shm->note[0])
		printf("# %s\n", shm->note);
	if (s.lfd >= 0)
		close_listener(&s);
	close(s.pidfd);
	close(s.null_fd);
	if (s.failed)
		snprintf(why, why_len, "%s", s.why);
	return s.failed ? -1 : 0;
}

/* Some kernels can turn ia32 emulation off: int $0x80 then faults. */
static bool ia32_works(void)
{
	struct callrec c = { .nr = NR32_GETPID, .abi = ABI_32 };
	pid_t pid;

	if (!HAVE_OTHER_ABIS)
		return false;
	pid = fork();

	if (pid == 0)
		_exit(issue(&c) == RAN && c.ret == getpid() ? 0 : 1);
	return pid > 0 && wait_status(pid) == 0;
}

/* What a failing sandbox had attached, and the call that failed. */
static void print_chain(void)
{
	const struct seccomp_data *sd = &shm->last;
	unsigned int i, pc, at, total = 0;

	printf("# last call: nr %d arch %#x ip %#llx args", sd->nr, sd->arch,
	       (unsigned long long)sd->instruction_pointer);
	for (i = 0; i < 6; i++)
		printf(" %#llx", (unsigned long long)sd->args[i]);
	printf("\n# chain, oldest first:\n");
	for (i = 0; i < shm->depth && i < MAX_CHAIN; i++)
		total += shm->lens[i];
	for (i = 0, at = 0; i < shm->depth && i < MAX_CHAIN;
	     at += shm->lens[i], i++) {
		/* A deep stack: its first and last filters only. */
		if (shm->depth > 48 && i >= 16 && i + 16 < shm->depth) {
			if (i == 16)
				printf("# ... %u filters ...\n", shm->depth - 32);
			continue;
		}
		printf("# filter %u, %u instructions%s\n", i, shm->lens[i],
		       total > 2000 ? " (not shown)" : "");
		for (pc = 0; total <= 2000 && pc < shm->lens[i]; pc++) {
			const struct sock_filter *f = &shm->insns[at + pc];

			printf("#   %4u: { %#06x, %3u, %3u, %#010x }\n", pc,
			       f->code, f->jt, f->jf, f->k);
		}
	}
}

static void print_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-s SEED] [-n COUNT] [-t SECONDS] [-i FIRST] [-k] [-U] [-v]\n",
		prog);
	exit(2);
}

int main(int argc, char **argv)
{
	__u64 seed = 1, iter, first = 0, count = 300;
	long seconds = 0, start;
	bool count_set = false, keep_going = false;
	char why[1024];
	int opt, failed = 0;

	while ((opt = getopt(argc, argv, "s:n:t:i:kUv")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			count = strtoull(optarg, NULL, 0);
			count_set = true;
			break;
		case 't':
			seconds = strtol(optarg, NULL, 0);
			break;
		case 'i':
			first = strtoull(optarg, NULL, 0);
			break;
		case 'k':
			keep_going = true;
			break;
		case 'U':
			upstream_mode = true;
			break;
		case 'v':
			verbose++;
			break;
		default:
			print_usage(argv[0]);
		}
	}
	if (seconds && !count_set)
		count = ~0ULL;

	shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	no_core_dumps();
	setvbuf(stdout, NULL, _IOLBF, 0);
	no_ia32 = !ia32_works();
	printf("1..1\n");
	printf("# seccomp_fuzz: seed %llu, first iteration %llu, %s%s%s\n",
	       (unsigned long long)seed, (unsigned long long)first,
	       upstream_mode ? "upstream 6.1 model, " : "",
	       no_ia32 ? "no ia32 calls, " : "",
	       seconds ? "time-bounded" : "count-bounded");

	start = now_ms();
	for (iter = first; iter - first < count; iter++) {
		if (seconds && now_ms() - start >= seconds * 1000)
			break;
		if (verbose)
			printf("# iteration %llu\n", (unsigned long long)iter);
		if (iteration(seed, iter, why, sizeof(why))) {
			printf("# FAIL seed %llu iteration %llu: %s\n",
			       (unsigned long long)seed,
			       (unsigned long long)iter, why);
			print_chain();
			printf("# replay: seccomp_fuzz -s %llu -i %llu -n 1\n",
			       (unsigned long long)seed,
			       (unsigned long long)iter);
			failed++;
			if (!keep_going) {
				iter++;
				break;
			}
		}
	}
	printf("# seccomp_fuzz: seed %llu, %llu iterations in %ld s: ",
	       (unsigned long long)seed, (unsigned long long)(iter - first),
	       (now_ms() - start) / 1000);
	printf("%ld programs (%ld attached, %ld refused; hostile shapes: %ld in the mix, %ld in %ld deep stacks, %ld to the limit), ",
	       shm->programs, shm->accepted, shm->refused, shm->adversarial,
	       shm->stacked, shm->stacks, shm->stacks_full);
	printf("%ld calls, %ld notifications answered (%ld checked), %d failed\n",
	       shm->calls, shm->answers_sent, shm->notifs, failed);
	printf("%s 1 seccomp_fuzz seed %llu\n", failed ? "not ok" : "ok",
	       (unsigned long long)seed);
	return failed ? 1 : 0;
}
