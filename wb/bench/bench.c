// SPDX-License-Identifier: GPL-2.0
/*
 * Seccomp benchmark, run in the guest by `make bench` (wb/bench.sh).
 *
 * Under QEMU's -icount shift=0 one nanosecond of guest time is one guest
 * instruction, so CLOCK_MONOTONIC differences count instructions. Each case
 * runs in a fresh child that installs its filters, warms up, then times
 * REPS loops of ITERS raw system calls; the median ns per call is reported.
 * Results are printed as one JSON object per line after "BENCH ", for
 * wb/bench/table.py:
 *   call    ns per call of a case, with the case that is its no-filter base
 *   attach  ns per attach of a whole profile, in a fresh child each time
 *   notify  user-notification round trips per second of guest time,
 *           without and with SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
 *   adversarial  attach, failing attach and memory per filter for filter
 *           shapes built against the attach-time analysis (see below)
 *   scale   cached and argument-checked call, attach and memory per filter
 *           as the number of stacked filters and the length of one filter
 *           grow (see run_scale())
 * The real profiles are classic BPF files made on the host with libseccomp
 * (wb/bench/profile.c), in /bench/<name>.bpf.
 *
 *   bench                      everything, as `make bench` runs it
 *   bench adversarial          the adversarial shapes only
 *   bench scale                the scaling rows only
 *   bench dump SHAPE [VARIANT] write a shape's filter to stdout, raw
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	_IOW('!', 4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP	1UL
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define ITERS		20000
#define REPS		5
#define ATTACHES	15
#define NOTIFY_ITERS	10000
#define MAX_INSNS	4096
#define MAX_FILTERS	64	/* the deepest stack of run_scale() */

struct prog {
	unsigned short len;
	struct sock_filter insns[MAX_INSNS];
};

/* A profile: up to MAX_FILTERS programs, attached in order. */
struct profile {
	const char *name;
	int nfilters;
	struct prog *filters[MAX_FILTERS];
};

/* Results from children, in memory shared with them. */
static double *shared;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* A system call with no libc wrapper around it: nothing but the call. */
#if defined(__x86_64__)
#define NATIVE_ARCH	AUDIT_ARCH_X86_64
static inline long raw6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long r10 __asm__("r10") = a3;
	register long r8 __asm__("r8") = a4;
	register long r9 __asm__("r9") = a5;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
#define NATIVE_ARCH	AUDIT_ARCH_AARCH64
static inline long raw6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	register long x2 __asm__("x2") = a2;
	register long x3 __asm__("x3") = a3;
	register long x4 __asm__("x4") = a4;
	register long x5 __asm__("x5") = a5;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}
#elif defined(__s390x__)
#define NATIVE_ARCH	AUDIT_ARCH_S390X
static inline long raw6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long r1 __asm__("r1") = nr;
	register long r2 __asm__("r2") = a0;
	register long r3 __asm__("r3") = a1;
	register long r4 __asm__("r4") = a2;
	register long r5 __asm__("r5") = a3;
	register long r6 __asm__("r6") = a4;
	register long r7 __asm__("r7") = a5;

	__asm__ volatile("svc 0"
			 : "+r"(r2)
			 : "r"(r1), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			 : "memory");
	return r2;
}
#elif defined(__riscv)
#define NATIVE_ARCH	AUDIT_ARCH_RISCV64
static inline long raw6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long a7 __asm__("a7") = nr;
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r3 __asm__("a3") = a3;
	register long r4 __asm__("a4") = a4;
	register long r5 __asm__("a5") = a5;

	__asm__ volatile("ecall"
			 : "+r"(r0)
			 : "r"(a7), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
			 : "memory");
	return r0;
}
#else
#error "raw6() is written for x86_64, arm64, s390x and riscv64"
#endif

/* ---- building filters ---- */

static void emit(struct prog *p, struct sock_filter insn)
{
	if (p->len >= MAX_INSNS) {
		fprintf(stderr, "bench: filter too long\n");
		exit(1);
	}
	p->insns[p->len++] = insn;
}

/* emit() a BPF_STMT/BPF_JUMP initializer */
#define EMIT(p, insn)	emit(p, (struct sock_filter)insn)
#define LD(field)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define RET(val)	BPF_STMT(BPF_RET | BPF_K, (val))
#define JEQ(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define JSET(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define JGT(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (k), (t), (f))
#define JEQX(t, f)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, (t), (f))
#define JA(k)		BPF_STMT(BPF_JMP | BPF_JA, (k))
#define AND(k)		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, (k))
#define ALU(op, k)	BPF_STMT(BPF_ALU | (op) | BPF_K, (k))
#define LDI(k)		BPF_STMT(BPF_LD | BPF_IMM, (k))
#define ST(m)		BPF_STMT(BPF_ST, (m))
#define LDXM(m)		BPF_STMT(BPF_LDX | BPF_MEM, (m))
#define TAX		BPF_STMT(BPF_MISC | BPF_TAX, 0)
#define TXA		BPF_STMT(BPF_MISC | BPF_TXA, 0)
#define RET_A		BPF_STMT(BPF_RET | BPF_A, 0)
/* The word holding args[n]'s low half: the second on big-endian s390x. */
#define ARG_LO(n)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
				 offsetof(struct seccomp_data, args[n]) + \
				 (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? 4 : 0))
#define ERRNO(e)	(SECCOMP_RET_ERRNO | (e))

static struct prog *new_prog(void)
{
	struct prog *p = calloc(1, sizeof(*p));

	if (!p)
		exit(1);
	return p;
}

/*
 * Numbers a linear filter allows before it reaches its target: first the
 * calls this program needs after attaching (so the default can deny), then
 * ascending numbers. None of them is a target of a case.
 */
static const int needed[] = {
	__NR_clock_gettime, __NR_exit_group, __NR_exit, __NR_write, __NR_read,
	__NR_close, __NR_mmap, __NR_munmap, __NR_brk, __NR_rt_sigaction,
	__NR_rt_sigprocmask, __NR_rt_sigreturn, __NR_futex, __NR_getpid,
	__NR_gettid, __NR_nanosleep, __NR_seccomp, __NR_prctl,
};

static int is_target(int nr)
{
	return nr == __NR_getppid || nr == __NR_ioctl;
}

static int is_needed(int nr)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(needed); i++)
		if (needed[i] == nr)
			return 1;
	return 0;
}

static int other_nr(int i)
{
	int n = ARRAY_SIZE(needed), nr, k = n;

	if (i < n)
		return needed[i];
	for (nr = 0;; nr++) {
		if (is_needed(nr) || is_target(nr))
			continue;
		if (k++ == i)
			return nr;
	}
}

/*
 * A linear filter as libseccomp emits it: check the arch, then compare the
 * number against @others other numbers that are allowed, then against
 * @target, whose result is @action; with @arg >= 0 the target is allowed
 * only when the low 32 bits of argument @arg equal @val, else ERRNO(EPERM).
 * Anything else: ERRNO(EPERM).
 */
static struct prog *linear(int others, int target, unsigned int action, int arg, unsigned int val)
{
	struct prog *p = new_prog();
	int first, i, allow;

	EMIT(p, LD(arch));
	EMIT(p, JEQ(NATIVE_ARCH, 1, 0));
	EMIT(p, RET(SECCOMP_RET_KILL_PROCESS));
	EMIT(p, LD(nr));
	first = p->len;
	for (i = 0; i < others; i++)
		EMIT(p, JEQ(other_nr(i), 0, 0));	/* jt set below */
	if (arg < 0) {
		EMIT(p, JEQ(target, 0, 1));
		EMIT(p, RET(action));
	} else {
		EMIT(p, JEQ(target, 0, 3));
		EMIT(p, ARG_LO(arg));
		EMIT(p, JEQ(val, 0, 1));
		EMIT(p, RET(SECCOMP_RET_ALLOW));
	}
	EMIT(p, RET(ERRNO(EPERM)));
	allow = p->len;
	EMIT(p, RET(SECCOMP_RET_ALLOW));
	for (i = first; i < first + others; i++) {
		if (allow - i - 1 > 255) {
			fprintf(stderr, "bench: jump too far\n");
			exit(1);
		}
		p->insns[i].jt = allow - i - 1;
	}
	return p;
}

/*
 * A filter of exactly @len instructions (8 or more) for run_scale(): a
 * deny-list, since a filter of eight instructions has no room for the
 * numbers an allow-list would need (needed[]).  It compares the number
 * with len - 7 other numbers, ascending numbers that this program never
 * makes in a child, which get ERRNO(EPERM); then with getppid, allowed;
 * then with ioctl, allowed only when the low 32 bits of argument 1 are
 * FIONREAD (else ERRNO(EPERM)); anything else is allowed.  No check of
 * the architecture, for the same eight instructions.  A jump goes 255
 * instructions at most: a long list has an ERRNO return for every 240
 * numbers, which the calls past it jump over (one JA on their path).
 */
static struct prog *scale_filter(int len)
{
	struct prog *p = new_prog();
	int deny = len - 2, start, i, nr = -1;

	if (len < 8 || len > MAX_INSNS) {
		fprintf(stderr, "bench: no scaling filter of %d instructions\n", len);
		exit(1);
	}
	EMIT(p, LD(nr));
	start = p->len;
	while (p->len < len - 6) {
		if (p->len - start == 240 && deny - start - 1 > 255) {
			EMIT(p, JA(1));
			EMIT(p, RET(ERRNO(EPERM)));
			for (i = start; i < p->len - 2; i++)
				p->insns[i].jt = p->len - 1 - i - 1;
			start = p->len;
			continue;
		}
		do
			nr++;
		while (is_needed(nr) || is_target(nr));
		EMIT(p, JEQ(nr, 0, 0));	/* jt set below */
	}
	for (i = start; i < p->len; i++) {
		if (deny - i - 1 > 255) {
			fprintf(stderr, "bench: jump too far\n");
			exit(1);
		}
		p->insns[i].jt = deny - i - 1;
	}
	EMIT(p, JEQ(__NR_getppid, 4, 0));
	EMIT(p, JEQ(__NR_ioctl, 0, 3));
	EMIT(p, ARG_LO(1));
	EMIT(p, JEQ(FIONREAD, 1, 0));
	EMIT(p, RET(ERRNO(EPERM)));
	EMIT(p, RET(SECCOMP_RET_ALLOW));
	return p;
}

static struct prog *from_insns(const struct sock_filter *insns, int n)
{
	struct prog *p = new_prog();

	memcpy(p->insns, insns, n * sizeof(*insns));
	p->len = n;
	return p;
}

#define FROM(...) ({ \
	static const struct sock_filter i_[] = { __VA_ARGS__ }; \
	from_insns(i_, sizeof(i_) / sizeof(i_[0])); })

static struct prog *from_file(const char *path)
{
	struct prog *p = new_prog();
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, p->insns, sizeof(p->insns));
	close(fd);
	if (n <= 0 || n % sizeof(struct sock_filter))
		return NULL;
	p->len = n / sizeof(struct sock_filter);
	return p;
}

static int attach(const struct prog *p, unsigned int flags)
{
	struct sock_fprog fprog = { .len = p->len, .filter = (struct sock_filter *)p->insns };

	return syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
}

static void attach_all(const struct profile *pr)
{
	int i;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		exit(2);
	for (i = 0; i < pr->nfilters; i++)
		if (attach(pr->filters[i], 0)) {
			perror("bench: seccomp");
			exit(3);
		}
}

/* ---- the profiles ---- */

static struct profile none = { "none", 0 };
static struct profile trivial = { "trivial", 1 };
static struct profile stack4 = { "stack4", 4 };
static struct profile stack8 = { "stack8", 8 };
static struct profile stack8x50 = { "stack8x50", 8 };
static struct profile errno100 = { "errno100", 1 };
static struct profile arg200 = { "arg200", 1 };
static struct profile docker = { "docker", 1 };
static struct profile docker_bt = { "docker-bintree", 1 };
static struct profile containers = { "containers", 1 };
static struct profile containers_bt = { "containers-bintree", 1 };
static struct profile systemd = { "systemd", 1 };
static struct profile systemd8 = { "systemd8", 8 };
static struct profile fc_vcpu = { "fc-vcpu", 1 };
static struct profile fc_vmm = { "fc-vmm", 1 };
static struct profile fc_api = { "fc-api", 1 };

/*
 * The small filters a systemd unit stacks over its SystemCallFilter=, in
 * the spirit of what systemd compiles (each checks the architecture, then
 * one property): MemoryDenyWriteExecute=, LockPersonality=,
 * RestrictAddressFamilies=, RestrictNamespaces=, RestrictRealtime=,
 * RestrictSUIDSGID=, SystemCallArchitectures=native.
 */
#define ARCH_OK		LD(arch), JEQ(NATIVE_ARCH, 1, 0), RET(SECCOMP_RET_ALLOW)

static void make_systemd8(struct prog *allow_list)
{
	/* The allow-list last, so that it does not stop the others. */
	systemd8.filters[7] = allow_list;
	/* mmap with PROT_WRITE|PROT_EXEC, mprotect with PROT_EXEC: EPERM */
	systemd8.filters[1] = FROM(ARCH_OK, LD(nr),
		JEQ(__NR_mmap, 2, 0), JEQ(__NR_mprotect, 4, 0),
		RET(SECCOMP_RET_ALLOW),
		ARG_LO(2), AND(PROT_WRITE | PROT_EXEC),
		JEQ(PROT_WRITE | PROT_EXEC, 2, 3),
		ARG_LO(2), JSET(PROT_EXEC, 0, 1),
		RET(ERRNO(EPERM)), RET(SECCOMP_RET_ALLOW));
	/* personality other than the current one or a query: EPERM */
	systemd8.filters[2] = FROM(ARCH_OK, LD(nr),
		JEQ(__NR_personality, 1, 0), RET(SECCOMP_RET_ALLOW),
		ARG_LO(0), JEQ(0xffffffff, 1, 0), JEQ(PER_LINUX, 0, 1),
		RET(SECCOMP_RET_ALLOW), RET(ERRNO(EPERM)));
	/* socket outside AF_UNIX, AF_INET, AF_INET6: EAFNOSUPPORT */
	systemd8.filters[3] = FROM(ARCH_OK, LD(nr),
		JEQ(__NR_socket, 1, 0), RET(SECCOMP_RET_ALLOW),
		ARG_LO(0), JEQ(AF_UNIX, 2, 0), JEQ(AF_INET, 1, 0),
		JEQ(AF_INET6, 0, 1), RET(SECCOMP_RET_ALLOW),
		RET(ERRNO(EAFNOSUPPORT)));
	/* clone and unshare with namespace flags, setns: EPERM */
	systemd8.filters[4] = FROM(ARCH_OK, LD(nr),
		JEQ(__NR_setns, 5, 0), JEQ(__NR_clone, 1, 0),
		JEQ(__NR_unshare, 0, 2),
		ARG_LO(0), JSET(0x7e020000, 1, 0),
		RET(SECCOMP_RET_ALLOW), RET(ERRNO(EPERM)));
	/* realtime scheduling: EPERM */
	systemd8.filters[5] = FROM(ARCH_OK, LD(nr),
		JEQ(__NR_sched_setscheduler, 1, 0), RET(SECCOMP_RET_ALLOW),
		ARG_LO(1), JEQ(1, 1, 0), JEQ(2, 0, 1),
		RET(ERRNO(EPERM)), RET(SECCOMP_RET_ALLOW));
	/* fchmod and fchmodat with S_ISUID or S_ISGID: EPERM */
	systemd8.filters[6] = FROM(ARCH_OK, LD(nr),
		JEQ(__NR_fchmod, 0, 3),
		ARG_LO(1), JSET(06000, 5, 0), RET(SECCOMP_RET_ALLOW),
		JEQ(__NR_fchmodat, 1, 0), RET(SECCOMP_RET_ALLOW),
		ARG_LO(2), JSET(06000, 0, 1),
		RET(ERRNO(EPERM)), RET(SECCOMP_RET_ALLOW));
	/* other architectures: killed */
	systemd8.filters[0] = FROM(LD(arch), JEQ(NATIVE_ARCH, 0, 1),
		RET(SECCOMP_RET_ALLOW), RET(SECCOMP_RET_KILL_PROCESS));
}

static void make_profiles(void)
{
	int i;

	trivial.filters[0] = FROM(RET(SECCOMP_RET_ALLOW));
	/* Four filters that allow everything; the 2nd and 4th look at nr. */
	stack4.filters[0] = trivial.filters[0];
	stack4.filters[1] = FROM(LD(nr), JEQ(__NR_getppid, 0, 1),
				 RET(SECCOMP_RET_ALLOW), RET(SECCOMP_RET_ALLOW));
	stack4.filters[2] = trivial.filters[0];
	stack4.filters[3] = FROM(LD(nr), JGE(1024, 0, 1),
				 RET(SECCOMP_RET_ALLOW), RET(SECCOMP_RET_ALLOW));
	/* Eight filters, each allowing getppid after 40 other numbers. */
	for (i = 0; i < 8; i++)
		stack8.filters[i] = linear(40, __NR_getppid, SECCOMP_RET_ALLOW, -1, 0);
	/*
	 * Eight filters of 50 instructions, each allowing 40 other numbers
	 * (getpid among them), then ioctl(fd, FIONREAD, ...) after an
	 * argument check: every filter reads the argument on that call's path.
	 */
	for (i = 0; i < 8; i++)
		stack8x50.filters[i] = linear(40, __NR_ioctl, 0, 1, FIONREAD);
	/* getppid denied after 100 comparisons. */
	errno100.filters[0] = linear(100, __NR_getppid, ERRNO(EPERM), -1, 0);
	/* ioctl(fd, FIONREAD, ...) allowed after ~190 comparisons and an arg check. */
	arg200.filters[0] = linear(190, __NR_ioctl, 0, 1, FIONREAD);
	docker.filters[0] = from_file("/bench/docker.bpf");
	docker_bt.filters[0] = from_file("/bench/docker-bintree.bpf");
	containers.filters[0] = from_file("/bench/containers.bpf");
	containers_bt.filters[0] = from_file("/bench/containers-bintree.bpf");
	systemd.filters[0] = from_file("/bench/systemd.bpf");
	fc_vcpu.filters[0] = from_file("/bench/fc-vcpu.bpf");
	fc_vmm.filters[0] = from_file("/bench/fc-vmm.bpf");
	fc_api.filters[0] = from_file("/bench/fc-api.bpf");
	if (systemd.filters[0])
		make_systemd8(systemd.filters[0]);
}

/* ---- per-call cases ---- */

struct call {
	const char *name;
	long nr, a[6];
};

static int pipefd[2];
static int fionread;

static double time_call(const struct call *c, int iters)
{
	double t0, t1;
	int i;

	t0 = now_ns();
	for (i = 0; i < iters; i++)
		raw6(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5]);
	t1 = now_ns();
	return (t1 - t0) / iters;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/*
 * ns per call of @c under @pr, measured in a fresh child, the median of
 * @reps loops of @iters calls; -1 if it failed.
 */
static double measure_loops(const struct profile *pr, const struct call *c, long *ret,
			    int iters, int reps)
{
	pid_t pid;
	int i, status = -1;

	if (pr->nfilters && !pr->filters[0])
		return -1;
	pid = fork();
	if (pid == 0) {
		attach_all(pr);
		time_call(c, iters / 10);	/* warm up */
		shared[reps] = raw6(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5]);
		for (i = 0; i < reps; i++)
			shared[i] = time_call(c, iters);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "bench: %s/%s: child failed (status %#x)\n", pr->name, c->name, status);
		return -1;
	}
	*ret = shared[reps];
	return median(shared, reps);
}

static double measure(const struct profile *pr, const struct call *c, long *ret)
{
	return measure_loops(pr, c, ret, ITERS, REPS);
}

static void report_call(const struct profile *pr, const struct call *c, const char *note)
{
	long r0 = 0, r1 = 0;
	double base = measure(&none, c, &r0);
	double ns = measure(pr, c, &r1);

	printf("BENCH {\"kind\": \"call\", \"profile\": \"%s\", \"call\": \"%s\", "
	       "\"none_ns\": %.1f, \"ns\": %.1f, \"ret_none\": %ld, \"ret\": %ld%s}\n",
	       pr->name, c->name, base, ns, r0, r1, note);
	fflush(stdout);
}

/* ---- attach cost ---- */

/*
 * Guest ns to attach the whole of @pr in a fresh child, the median of
 * ATTACHES children; -1 if an attach failed.
 */
static double attach_ns(const struct profile *pr)
{
	double v[ATTACHES], t0;
	int i, j, status;
	pid_t pid;

	for (i = 0; i < ATTACHES; i++) {
		pid = fork();
		if (pid == 0) {
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
				_exit(2);
			t0 = now_ns();
			for (j = 0; j < pr->nfilters; j++)
				if (attach(pr->filters[j], 0))
					_exit(3);
			shared[0] = now_ns() - t0;
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid || status) {
			fprintf(stderr, "bench: attach %s failed\n", pr->name);
			return -1;
		}
		v[i] = shared[0];
	}
	return median(v, ATTACHES);
}

static void report_attach(const struct profile *pr)
{
	int i, insns = 0;
	double ns;

	if (!pr->filters[0])
		return;
	for (i = 0; i < pr->nfilters; i++)
		insns += pr->filters[i]->len;
	ns = attach_ns(pr);
	if (ns < 0)
		return;
	printf("BENCH {\"kind\": \"attach\", \"profile\": \"%s\", \"filters\": %d, "
	       "\"insns\": %d, \"ns\": %.0f}\n", pr->name, pr->nfilters, insns, ns);
	fflush(stdout);
}

/* ---- kernel memory per attached filter ---- */

/* Slab + vmalloc + per-CPU memory in kB, from /proc/meminfo. */
static long kernel_kb(void)
{
	static const char *const keys[] = { "Slab:", "VmallocUsed:", "Percpu:" };
	char line[128];
	long total = 0, v;
	unsigned int i;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (!strncmp(line, keys[i], strlen(keys[i])) &&
			    sscanf(line + strlen(keys[i]), "%ld", &v) == 1)
				total += v;
	fclose(f);
	return total;
}

#define MEM_COPIES	64

/* Spin until the parent moves the shared step past @step: no syscalls. */
static void child_step(volatile double *step, double n)
{
	*step = n;
	while (*step == n)
		;
}

/* Wait for the child to reach @n; false if it died first (e.g. ENOMEM). */
static int parent_step(pid_t pid, volatile double *step, double n)
{
	int status;

	while (*step != n) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return 0;
		usleep(1000);
	}
	return 1;
}

/*
 * The kernel memory (in kB) before and after the child's attaches: it
 * reaches step 1 ready to attach, attaches once told step 2, and waits
 * at step 3 until the parent has read the memory and said step 4.
 * Returns 0, or -1 if the child died on the way.
 */
static int measure_growth(pid_t pid, volatile double *step, long *before,
			  long *after)
{
	if (pid < 0 || !parent_step(pid, step, 1))
		return -1;
	*before = kernel_kb();
	*step = 2;
	if (!parent_step(pid, step, 3))
		return -1;
	*after = kernel_kb();
	*step = 4;
	return 0;
}

/*
 * The growth of slab, vmalloc and per-CPU memory, per filter, when a
 * child that already has the profile attaches it again as many times as
 * the chain limit allows (up to MEM_COPIES), in @bytes, with the number
 * of copies in @copies.  The parent reads /proc/meminfo: the child, under
 * the profile, may not be allowed to.  Returns 0; 1 if the chain limit
 * leaves no room for a copy; -1 if the child failed (it says so).
 */
static int memory_per_filter(const struct profile *pr, int *copies_out, double *bytes)
{
	volatile double *step = &shared[1];
	int i, j, copies, insns = 0, status;
	long before, after;
	pid_t pid;

	for (i = 0; i < pr->nfilters; i++)
		insns += pr->filters[i]->len + 4;
	/* 6.1 counts instructions after conversion: leave it room. */
	copies = 32768 / (2 * insns) - 1;
	if (copies > MEM_COPIES)
		copies = MEM_COPIES;
	if (copies < 1)
		return 1;
	*step = 0;
	pid = fork();
	if (pid == 0) {
		attach_all(pr);
		child_step(step, 1);
		for (i = 0; i < copies; i++)
			for (j = 0; j < pr->nfilters; j++)
				if (attach(pr->filters[j], 0))
					_exit(3);
		child_step(step, 3);
		_exit(0);
	}
	if (measure_growth(pid, step, &before, &after))
		goto failed;
	if (waitpid(pid, &status, 0) != pid || status) {
failed:
		fprintf(stderr, "bench: memory %s failed\n", pr->name);
		return -1;
	}
	*copies_out = copies;
	*bytes = (double)(after - before) * 1024 / (copies * pr->nfilters);
	return 0;
}

static void report_memory(const struct profile *pr)
{
	double bytes;
	int copies;

	if (!pr->filters[0] || memory_per_filter(pr, &copies, &bytes))
		return;
	printf("BENCH {\"kind\": \"memory\", \"profile\": \"%s\", "
	       "\"copies\": %d, \"bytes_per_filter\": %.0f}\n", pr->name,
	       copies, bytes);
	fflush(stdout);
}

/* ---- user notification round trips ---- */

static int listener = -1;
static pthread_barrier_t ready;

/* The notifying thread: a filter sends getppid to the listener. */
static void *notifier(void *arg)
{
	static const struct sock_filter insns[] = {
		LD(nr), JEQ(__NR_getppid, 0, 1),
		RET(SECCOMP_RET_USER_NOTIF), RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fprog = { .len = 4, .filter = (struct sock_filter *)insns };
	int i;

	listener = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
			   SECCOMP_FILTER_FLAG_NEW_LISTENER, &fprog);
	pthread_barrier_wait(&ready);
	if (listener < 0)
		return NULL;
	pthread_barrier_wait(&ready);
	for (i = 0; i < NOTIFY_ITERS; i++)
		raw6(__NR_getppid, 0, 0, 0, 0, 0, 0);
	return NULL;
}

static void run_notify(int sync)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	const char *mode = sync ? "sync" : "plain";
	double t0, t1;
	pthread_t t;
	pid_t pid;
	int i, status;

	/* In a child: the notifying thread's filter must not outlive the run. */
	pid = fork();
	if (pid) {
		waitpid(pid, &status, 0);
		return;
	}
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	pthread_barrier_init(&ready, NULL, 2);
	pthread_create(&t, NULL, notifier, NULL);
	pthread_barrier_wait(&ready);
	if (listener < 0) {
		printf("BENCH {\"kind\": \"notify\", \"mode\": \"%s\", \"cpus\": %ld, "
		       "\"error\": \"%s\"}\n", mode, sysconf(_SC_NPROCESSORS_ONLN), strerror(errno));
		_exit(0);
	}
	if (sync && ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
			  SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP)) {
		printf("BENCH {\"kind\": \"notify\", \"mode\": \"%s\", \"cpus\": %ld, "
		       "\"error\": \"%s\"}\n", mode, sysconf(_SC_NPROCESSORS_ONLN), strerror(errno));
		fflush(stdout);
		_exit(0);	/* the notifier thread dies with us */
	}
	pthread_barrier_wait(&ready);
	t0 = now_ns();
	for (i = 0; i < NOTIFY_ITERS; i++) {
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req))
			break;
		resp = (struct seccomp_notif_resp){ .id = req.id, .val = 42 };
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp))
			break;
	}
	t1 = now_ns();
	pthread_join(t, NULL);
	if (i < NOTIFY_ITERS)
		printf("BENCH {\"kind\": \"notify\", \"mode\": \"%s\", \"cpus\": %ld, "
		       "\"error\": \"%s after %d\"}\n", mode, sysconf(_SC_NPROCESSORS_ONLN),
		       strerror(errno), i);
	else
		printf("BENCH {\"kind\": \"notify\", \"mode\": \"%s\", \"cpus\": %ld, "
		       "\"per_sec\": %.0f, \"ns\": %.0f}\n", mode, sysconf(_SC_NPROCESSORS_ONLN),
		       NOTIFY_ITERS / (t1 - t0) * 1e9, (t1 - t0) / NOTIFY_ITERS);
	fflush(stdout);
	_exit(0);
}

/* ---- seccomp_decision tracepoint (ours, issue 7) ---- */

static int trace_event(int on)
{
	const char *path = "/sys/kernel/tracing/events/seccomp/seccomp_decision/enable";
	int fd, ok;

	mkdir("/sys/kernel/tracing", 0755);
	mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, on ? "1" : "0", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

/* ---- adversarial filter shapes (issue 15) ---- */

/*
 * Filters an unprivileged task can attach to make the kernel work or
 * allocate as much as it can when they are attached: the worst shapes for
 * an analysis of each call number at attach time (the specialiser's head
 * splitting and per-call residuals, the per-call tables, the JIT of
 * residuals).  Each is built for a variant @v that changes constants only,
 * so that a deep stack holds filters that are all different.  They all
 * allow every call this program makes, with the arguments it passes.
 */
#define ADV_SPLIT	464		/* more numbers than any cached ABI has */
#define ADV_MAGIC	0x5ecc0000	/* no argument this program passes */

/*
 * split-tail (4096 instructions): a JEQ ladder on the number splits the
 * calls into one set per number, every match jumping to one shared tail.
 * Each set walks the tail on its own: 2,500 JGTs on the number, each a
 * split of its set, then a TAX, which no head handles, so each call is
 * specialised by itself from there: five branches on an argument with
 * both sides going on (32 paths), each path a run of 640 instructions
 * comparing the number, decided at attach time but visited once per
 * path.
 */
static void adv_split_tail(struct prog *p, unsigned int v)
{
	unsigned int tail = 2 * ADV_SPLIT + 2, walk = 640, i;

	p->len = 0;
	EMIT(p, LD(nr));
	for (i = 0; i < ADV_SPLIT; i++) {
		EMIT(p, JEQ(i, 0, 1));
		EMIT(p, JA(tail - p->len - 1));
	}
	EMIT(p, RET(SECCOMP_RET_ALLOW));
	while (p->len < MAX_INSNS - walk - 8)
		EMIT(p, JGT((p->len * 97 + v) % ADV_SPLIT, 0, 0));
	EMIT(p, TAX);
	EMIT(p, ARG_LO(0));
	for (i = 0; i < 5; i++)
		EMIT(p, JSET(1 << i, 0, 0));
	for (i = 0; p->len < MAX_INSNS - 1; i++) {
		if (i % 2)
			EMIT(p, JEQ(i * 31 + v, 0, 0));
		else
			EMIT(p, TXA);
	}
	EMIT(p, RET(SECCOMP_RET_ALLOW));
}

/*
 * arg-every-call (11): never reads the number, so every call of every
 * ABI needs a residual (one that calls could share).  The first six
 * instructions, decided at attach time, make the filter twice as long as
 * its residual (five instructions), which is just long enough to be
 * JIT-compiled: a second JIT image for a tiny filter.
 */
static void adv_arg_every_call(struct prog *p, unsigned int v)
{
	p->len = 0;
	EMIT(p, LDI(v));
	EMIT(p, JEQ(~v, 0, 0));
	EMIT(p, JGT(v, 0, 0));
	EMIT(p, ALU(BPF_ADD, 1));
	EMIT(p, JSET(1, 0, 0));
	EMIT(p, LDI(0));
	EMIT(p, ARG_LO(0));
	EMIT(p, ALU(BPF_XOR, ADV_MAGIC + v));
	EMIT(p, JEQ(0, 0, 1));
	EMIT(p, RET(ERRNO(EPERM)));
	EMIT(p, RET(SECCOMP_RET_ALLOW));
}

/*
 * distinct-residuals (12): each call's residual compares three arguments
 * with a constant made from its number (through scratch memory and X),
 * so that no two calls can share one.
 */
static void adv_distinct_residuals(struct prog *p, unsigned int v)
{
	p->len = 0;
	EMIT(p, LD(nr));
	EMIT(p, ALU(BPF_XOR, ADV_MAGIC + v));
	EMIT(p, ST(0));
	EMIT(p, ARG_LO(0));
	EMIT(p, LDXM(0));
	EMIT(p, JEQX(5, 0));
	EMIT(p, ARG_LO(1));
	EMIT(p, JEQX(3, 0));
	EMIT(p, ARG_LO(2));
	EMIT(p, JEQX(1, 0));
	EMIT(p, RET(SECCOMP_RET_ALLOW));
	EMIT(p, RET(ERRNO(EPERM)));
}

/*
 * distinct-results (24): a result of its own for every call, ERRNO with
 * data made from its number, but for the calls this program needs.
 */
static void adv_distinct_results(struct prog *p, unsigned int v)
{
	int n = ARRAY_SIZE(needed), i;

	p->len = 0;
	EMIT(p, LD(nr));
	for (i = 0; i < n; i++)
		EMIT(p, JEQ(needed[i], n - i + 3, 0));
	EMIT(p, ALU(BPF_ADD, v));
	EMIT(p, ALU(BPF_AND, 0xfff));
	EMIT(p, ALU(BPF_OR, SECCOMP_RET_ERRNO));
	EMIT(p, RET_A);
	EMIT(p, RET(SECCOMP_RET_ALLOW));
}

struct adv_shape {
	const char *name;
	void (*build)(struct prog *p, unsigned int v);
	int fail_all;	/* also fail by listener and by TSYNC */
};

static const struct adv_shape adv_shapes[] = {
	{ "split-tail", adv_split_tail, 1 },
	{ "arg-every-call", adv_arg_every_call, 0 },
	{ "distinct-residuals", adv_distinct_residuals, 0 },
	{ "distinct-results", adv_distinct_results, 0 },
};

/*
 * An engine that these shapes catch out can take seconds of guest time
 * per attach of split-tail (upstream: milliseconds): each measurement
 * stops taking samples, or attaching copies, once its attaches have taken
 * ADV_BUDGET guest ns (it always takes one).
 */
#define ADV_ATTACHES	3
#define ADV_FAILS	5
#define ADV_BUDGET	2e9
#define ADV_STACK_MAX	8192

/* One row of the table; @value < 0 with @error when it could not be had. */
static void adv_report(const char *shape, const char *measure, int insns,
		       int n, double value, const char *unit, const char *more)
{
	printf("BENCH {\"kind\": \"adversarial\", \"shape\": \"%s\", "
	       "\"measure\": \"%s\", \"insns\": %d, \"n\": %d, \"value\": ",
	       shape, measure, insns, n);
	if (value < 0)
		printf("null");
	else
		printf("%.0f", value);
	printf(", \"unit\": \"%s\"%s}\n", unit, more);
	fflush(stdout);
}

static void adv_error(const char *shape, const char *measure, int insns,
		      const char *what, long code)
{
	char more[128];

	snprintf(more, sizeof(more), ", \"error\": \"%s %ld\"", what, code);
	adv_report(shape, measure, insns, 0, -1, "", more);
}

/* Guest ns to attach the shape in a fresh child, as report_attach(). */
static void adv_attach(const struct adv_shape *sh, struct prog *p)
{
	double v[ADV_ATTACHES], spent = 0, t0;
	int n, status = -1;
	pid_t pid;

	sh->build(p, 0);
	for (n = 0; n < ADV_ATTACHES && spent < ADV_BUDGET; n++) {
		pid = fork();
		if (pid == 0) {
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
				_exit(2);
			t0 = now_ns();
			if (attach(p, 0))
				_exit(3);
			shared[0] = now_ns() - t0;
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid || status) {
			adv_error(sh->name, "attach", p->len, "child status", status);
			return;
		}
		v[n] = shared[0];
		spent += v[n];
	}
	adv_report(sh->name, "attach", p->len, n, median(v, n), "ns", "");
}

/*
 * Fill current's chain to the limit with filters that cost next to
 * nothing to analyse on either kernel (they return at their first
 * instruction; the rest is never reached), halving their length each
 * time one no longer fits, down to a single instruction.
 * Return: 0 once even that one does not fit, -1 on another error.
 */
static int fill_chain(void)
{
	struct prog *f = new_prog();
	int len = MAX_INSNS, i, ret = 0;

	while (len) {
		f->len = 0;
		EMIT(f, RET(SECCOMP_RET_ALLOW));
		for (i = 2; i < len; i++)
			EMIT(f, LDI(0));
		if (len > 1)
			EMIT(f, RET(SECCOMP_RET_ALLOW));
		if (attach(f, 0) == 0)
			continue;
		if (errno != ENOMEM) {
			ret = -1;
			break;
		}
		len /= 2;
	}
	free(f);
	return ret;
}

static const struct sock_filter allow_insn[] = { RET(SECCOMP_RET_ALLOW) };
static const struct sock_fprog allow_prog = {
	.len = 1, .filter = (struct sock_filter *)allow_insn
};
static pthread_barrier_t blocker_ready;
static long blocker_tid;

/* A thread whose filter of its own keeps TSYNC from reaching it. */
static void *tsync_blocker(void *arg)
{
	int *fds = arg;
	char c;

	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &allow_prog))
		blocker_tid = -errno;
	else
		blocker_tid = syscall(__NR_gettid);
	pthread_barrier_wait(&blocker_ready);
	/* Nobody writes: wait for the process to exit. */
	while (read(fds[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

enum { FAIL_FULL, FAIL_LISTENER, FAIL_TSYNC };

static const char *const fail_names[] = {
	[FAIL_FULL] = "fail: chain full",
	[FAIL_LISTENER] = "fail: listener busy",
	[FAIL_TSYNC] = "fail: TSYNC blocked",
};

/*
 * Guest ns per attach that is bound to fail, repeated in one child whose
 * state it does not change: the chain is full (ENOMEM); a listener is
 * asked for where the chain has one (EBUSY); TSYNC, where another thread
 * has a filter of its own (the attach returns that thread's ID).
 */
static void adv_fail(const struct adv_shape *sh, struct prog *p, int how)
{
	const char *name = fail_names[how];
	int i, status = -1, fds[2];
	unsigned int flags = 0;
	double spent = 0, t0, t1;
	long expect, r;
	pthread_t t;
	pid_t pid;

	sh->build(p, 0);
	shared[0] = 0;
	shared[1] = 0;
	pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(2);
		switch (how) {
		case FAIL_FULL:
			if (fill_chain())
				_exit(4);
			expect = -ENOMEM;
			break;
		case FAIL_LISTENER:
			flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
			if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags,
				    &allow_prog) < 0)
				_exit(4);
			expect = -EBUSY;
			break;
		default:
			flags = SECCOMP_FILTER_FLAG_TSYNC;
			if (pipe(fds) || pthread_barrier_init(&blocker_ready, NULL, 2) ||
			    pthread_create(&t, NULL, tsync_blocker, fds))
				_exit(4);
			pthread_barrier_wait(&blocker_ready);
			if (blocker_tid <= 0)
				_exit(4);
			expect = blocker_tid;
			break;
		}
		for (i = 0; i < ADV_FAILS && spent < ADV_BUDGET; i++) {
			t0 = now_ns();
			r = attach(p, flags);
			t1 = now_ns();
			if (r < 0)
				r = -errno;
			if (r != expect) {
				shared[1] = r;
				_exit(5);
			}
			shared[2 + i] = t1 - t0;
			spent += t1 - t0;
			shared[0] = i + 1;
		}
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 5)
			adv_error(sh->name, name, p->len, "attach returned",
				  (long)shared[1]);
		else
			adv_error(sh->name, name, p->len, "child status", status);
		return;
	}
	adv_report(sh->name, name, p->len, (int)shared[0],
		   median(&shared[2], (int)shared[0]), "ns", "");
}

/* Let memory that earlier children freed go back (RCU, workqueues). */
static void settle_memory(void)
{
	long prev = kernel_kb(), cur;
	int i;

	for (i = 0; i < 100; i++) {
		usleep(10000);
		cur = kernel_kb();
		if (cur == prev)
			return;
		prev = cur;
	}
}

/*
 * As report_memory(): a child that has one copy of the shape attaches
 * more, and the parent reads the growth of kernel memory.  @distinct
 * false: @max identical copies, as report_memory() attaches, all of
 * which must attach.  @distinct true: the deep stack, copies that all
 * differ, until the chain is full (ENOMEM); the guest ns per attach is
 * reported too.  Both stop early once ADV_BUDGET is spent.
 */
static void adv_stack(const struct adv_shape *sh, struct prog *p, int max,
		      int distinct)
{
	volatile double *step = &shared[1];
	const char *measure = distinct ? "stack: memory" : "memory";
	int copies, status = -1, err;
	long before, after;
	char more[64];
	pid_t pid;

	sh->build(p, 0);
	settle_memory();
	*step = 0;
	shared[2] = 0;	/* copies attached */
	shared[3] = 0;	/* guest ns spent attaching them */
	shared[4] = 0;	/* errno that stopped the stack */
	pid = fork();
	if (pid == 0) {
		double spent = 0, t0, t1;
		int i;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || attach(p, 0))
			_exit(3);
		child_step(step, 1);
		for (i = 1; i <= max && spent < ADV_BUDGET; i++) {
			if (distinct)
				sh->build(p, i);
			t0 = now_ns();
			if (attach(p, 0)) {
				shared[4] = errno;
				break;
			}
			t1 = now_ns();
			spent += t1 - t0;
			shared[2] = i;
		}
		shared[3] = spent;
		child_step(step, 3);
		_exit(0);
	}
	if (measure_growth(pid, step, &before, &after))
		goto failed;
	if (waitpid(pid, &status, 0) != pid || status)
		goto failed;
	copies = shared[2];
	err = shared[4];
	if (!copies || (err && !distinct)) {
		adv_error(sh->name, measure, p->len, "attach errno", err);
		return;
	}
	if (err == ENOMEM)
		snprintf(more, sizeof(more), ", \"stop\": \"chain full\"");
	else if (err)
		snprintf(more, sizeof(more), ", \"stop\": \"errno %d\"", err);
	else
		snprintf(more, sizeof(more), ", \"stop\": \"%s\"",
			 copies < max ? "time budget" : "count");
	if (distinct)
		adv_report(sh->name, "stack: attach", p->len, copies,
			   shared[3] / copies, "ns", more);
	adv_report(sh->name, measure, p->len, copies,
		   (double)(after - before) * 1024 / copies, "bytes", more);
	return;
failed:
	adv_error(sh->name, measure, p->len, "child status", status);
}

static void run_adversarial(void)
{
	struct prog *p = new_prog();
	unsigned int i;
	int copies;

	for (i = 0; i < ARRAY_SIZE(adv_shapes); i++) {
		const struct adv_shape *sh = &adv_shapes[i];

		adv_attach(sh, p);
		adv_fail(sh, p, FAIL_FULL);
		if (sh->fail_all) {
			adv_fail(sh, p, FAIL_LISTENER);
			adv_fail(sh, p, FAIL_TSYNC);
		}
		/* report_memory()'s count of copies for a profile this long */
		sh->build(p, 0);
		copies = 32768 / (2 * (p->len + 4)) - 1;
		if (copies > MEM_COPIES)
			copies = MEM_COPIES;
		adv_stack(sh, p, copies, 0);
		adv_stack(sh, p, ADV_STACK_MAX, 1);
	}
	free(p);
}

/* ---- scaling with the number and the length of filters ---- */

/*
 * The scaling rows are many: three loops of calls where the call table
 * has five (loops of 5,000 calls moved by up to 2 ns from row to row, of
 * 20,000 by 0.3 ns), attach as report_attach(), memory as
 * report_memory(), whose count of copies the chain limit already keeps to
 * 9 for 64 filters and to 2 for a filter of 4,096 instructions (each copy
 * is the whole stack): a few seconds of guest time in all.
 */
#define SCALE_ITERS	ITERS
#define SCALE_REPS	3
#define SCALE_LEN	20	/* instructions per filter of the stacks */

struct scale_base {
	const struct call *cached, *arg;
	double cached_ns, arg_ns;	/* the same calls with no filter */
};

/* ", "key": value" with @digits decimals, or null for a failed measure. */
static void json_num(const char *key, double v, int ok, int digits)
{
	if (ok)
		printf(", \"%s\": %.*f", key, digits, v);
	else
		printf(", \"%s\": null", key);
}

/*
 * One row: @pr's calls (the cached one, the argument-checked one), its
 * attach and its memory per filter; the parent settles memory that earlier
 * children freed before it measures.
 */
static void scale_row(const char *vary, const struct profile *pr, int len,
		      const struct scale_base *b)
{
	long ret_cached = 0, ret_arg = 0;
	double cached, arg, ns, bytes = 0;
	int copies = 0, mem;

	cached = measure_loops(pr, b->cached, &ret_cached, SCALE_ITERS, SCALE_REPS);
	arg = measure_loops(pr, b->arg, &ret_arg, SCALE_ITERS, SCALE_REPS);
	ns = attach_ns(pr);
	settle_memory();
	mem = memory_per_filter(pr, &copies, &bytes);
	printf("BENCH {\"kind\": \"scale\", \"vary\": \"%s\", \"filters\": %d, "
	       "\"insns\": %d, \"cached\": \"%s\", \"call\": \"%s\"",
	       vary, pr->nfilters, len, b->cached->name, b->arg->name);
	json_num("none_cached_ns", b->cached_ns, b->cached_ns >= 0, 1);
	json_num("cached_ns", cached, cached >= 0, 1);
	printf(", \"ret_cached\": %ld", ret_cached);
	json_num("none_ns", b->arg_ns, b->arg_ns >= 0, 1);
	json_num("ns", arg, arg >= 0, 1);
	printf(", \"ret\": %ld", ret_arg);
	json_num("attach_ns", ns, ns >= 0, 0);
	printf(", \"copies\": %d", copies);
	json_num("bytes_per_filter", bytes, mem == 0, 0);
	printf("}\n");
	fflush(stdout);
}

/*
 * How the costs grow with the number of stacked filters (1 to 64 filters
 * of SCALE_LEN instructions, all the same) and with the length of one
 * filter (8 to 4,096 instructions), for scale_filter()s: @cached is a
 * call every filter allows from its number alone, at the end of its list
 * (getppid); @arg one that every filter allows after reading an argument
 * (ioctl(FIONREAD)).  64 filters of 20 instructions and one of 4,096 are
 * well within the chain's limit (MAX_INSNS_PER_PATH, 32,768 counting 4
 * more per filter).
 */
static void run_scale(const struct call *cached, const struct call *arg)
{
	static const int counts[] = { 1, 2, 4, 8, 16, 32, 64 };
	static const int lengths[] = { 8, 64, 512, 4096 };
	char name[32];
	struct profile pr = { name };
	struct scale_base b = { cached, arg };
	struct prog *f;
	unsigned int i;
	int j;
	long r;

	b.cached_ns = measure_loops(&none, cached, &r, SCALE_ITERS, SCALE_REPS);
	b.arg_ns = measure_loops(&none, arg, &r, SCALE_ITERS, SCALE_REPS);
	f = scale_filter(SCALE_LEN);
	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		snprintf(name, sizeof(name), "scale %dx%d", counts[i], SCALE_LEN);
		pr.nfilters = counts[i];
		for (j = 0; j < counts[i]; j++)
			pr.filters[j] = f;
		scale_row("filters", &pr, SCALE_LEN, &b);
	}
	free(f);
	for (i = 0; i < ARRAY_SIZE(lengths); i++) {
		snprintf(name, sizeof(name), "scale 1x%d", lengths[i]);
		f = scale_filter(lengths[i]);
		pr.nfilters = 1;
		pr.filters[0] = f;
		scale_row("length", &pr, lengths[i], &b);
		free(f);
	}
}

/* bench dump SHAPE [VARIANT]: the filter, raw, for host tools. */
static int dump(int argc, char **argv)
{
	struct prog *p = new_prog();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(adv_shapes); i++) {
		if (strcmp(argv[2], adv_shapes[i].name))
			continue;
		adv_shapes[i].build(p, argc > 3 ? strtoul(argv[3], NULL, 0) : 0);
		return fwrite(p->insns, sizeof(p->insns[0]), p->len, stdout) != p->len;
	}
	fprintf(stderr, "bench: no shape %s\n", argv[2]);
	return 2;
}

int main(int argc, char **argv)
{
	struct call getppid_c = { "getppid", __NR_getppid };
	struct call getpid_c = { "getpid", __NR_getpid };
	/* mmap(NULL, 0, ...) fails with EINVAL at once: the filter is the cost. */
	struct call mmap_c = { "mmap(len 0)", __NR_mmap,
			       { 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 } };
	struct call ioctl_c = { "ioctl(FIONREAD)", __NR_ioctl };
	struct call pers_c = { "personality(~0)", __NR_personality, { 0xffffffffL } };
	/* SYSLOG_ACTION_SIZE_BUFFER: denied by Docker (needs CAP_SYSLOG). */
	struct call syslog_c = { "syslog(SIZE_BUFFER)", __NR_syslog, { 10 } };
	/* Allowed by every Firecracker thread: the filters check prot and flags. */
	struct call mmap_rw_c = { "mmap(len 0, RW)", __NR_mmap,
				  { 0, 0, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 } };
	struct call futex_c = { "futex(WAKE_PRIVATE)", __NR_futex,
				{ 0, FUTEX_WAKE_PRIVATE, 0 } };
	/* KVM_RUN, allowed on the vCPU thread; ENOTTY on the pipe. */
	struct call kvm_run_c = { "ioctl(KVM_RUN)", __NR_ioctl, { 0, 0xae80 } };
	struct profile *attachable[] = { &trivial, &stack4, &stack8, &errno100,
					 &arg200, &stack8x50, &docker, &docker_bt,
					 &containers, &containers_bt, &systemd,
					 &systemd8, &fc_vcpu, &fc_vmm, &fc_api };
	unsigned int i;

	if (argc >= 3 && argc <= 4 && !strcmp(argv[1], "dump"))
		return dump(argc, argv);
	if (argc > 2 || (argc == 2 && strcmp(argv[1], "adversarial") &&
			 strcmp(argv[1], "scale"))) {
		fprintf(stderr, "usage: bench [adversarial | scale | dump SHAPE [VARIANT]]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED || pipe(pipefd))
		return 1;
	ioctl_c.a[0] = pipefd[0];
	ioctl_c.a[1] = FIONREAD;
	ioctl_c.a[2] = (long)&fionread;
	if (argc == 2 && !strcmp(argv[1], "scale")) {
		run_scale(&getppid_c, &ioctl_c);
		return 0;
	}
	if (argc == 2) {
		run_adversarial();
		return 0;
	}
	futex_c.a[0] = (long)&fionread;
	kvm_run_c.a[0] = pipefd[0];
	make_profiles();
	report_call(&trivial, &getppid_c, "");
	report_call(&stack4, &getppid_c, "");
	report_call(&stack8, &getppid_c, "");
	report_call(&errno100, &getppid_c, "");
	report_call(&arg200, &ioctl_c, "");
	report_call(&stack8x50, &ioctl_c, "");
	report_call(&stack8x50, &getpid_c, "");
	report_call(&docker, &getppid_c, "");
	report_call(&docker, &mmap_c, "");
	report_call(&docker, &pers_c, "");
	report_call(&docker, &syslog_c, "");
	report_call(&docker_bt, &getppid_c, "");
	report_call(&docker_bt, &mmap_c, "");
	report_call(&docker_bt, &pers_c, "");
	report_call(&docker_bt, &syslog_c, "");
	report_call(&containers, &getppid_c, "");
	report_call(&containers, &pers_c, "");
	report_call(&containers, &syslog_c, "");
	report_call(&containers_bt, &pers_c, "");
	report_call(&systemd, &getppid_c, "");
	report_call(&systemd, &mmap_c, "");
	report_call(&systemd8, &getppid_c, "");
	report_call(&systemd8, &mmap_c, "");
	report_call(&systemd8, &pers_c, "");
	report_call(&fc_vcpu, &futex_c, "");
	report_call(&fc_vcpu, &kvm_run_c, "");
	report_call(&fc_vcpu, &mmap_rw_c, "");
	report_call(&fc_vmm, &futex_c, "");
	report_call(&fc_vmm, &mmap_rw_c, "");
	report_call(&fc_api, &futex_c, "");
	if (trace_event(1) == 0) {
		report_call(&errno100, &getppid_c, ", \"trace\": \"seccomp_decision\"");
		trace_event(0);
	}

	for (i = 0; i < sizeof(attachable) / sizeof(attachable[0]); i++)
		report_attach(attachable[i]);
	for (i = 0; i < sizeof(attachable) / sizeof(attachable[0]); i++)
		report_memory(attachable[i]);
	run_notify(0);
	run_notify(1);
	run_scale(&getppid_c, &ioctl_c);
	/* Last: the deep stacks leave memory to be freed behind them. */
	run_adversarial();
	return 0;
}
