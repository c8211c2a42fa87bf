// SPDX-License-Identifier: GPL-2.0
/*
 * The supervisor: the parent of each iteration's sandbox.  It takes the
 * sandbox's listener with pidfd_getfd(), answers notifications at random
 * (values, errors, CONTINUE, ADDFD, bad ids and malformed requests, each
 * request's result checked), kills the sandbox at a random moment, and
 * judges how the sandbox ended: a sandbox that does not die when it must
 * or dies when it must not, a step that never ends and a sandbox that
 * SIGKILL does not end are failures.
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include <poll.h>
#include <stdarg.h>
#include <time.h>
#include <sys/ioctl.h>

#include "calls.h"
#include "rng.h"
#include "sandbox.h"
#include "shared.h"
#include "supervisor.h"
#include "sys.h"

/* From 6.6 (and ours): in case the uapi headers are older. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 1UL
#endif

#define HANG_MS		20000	/* no step of a sandbox takes longer */
#define REAP_MS		5000	/* nor its death after SIGKILL */
#define DIE_MS		3000	/* nor a death that a filter or TSYNC made sure of */
/* One sandbox in KILL_PERCENT is killed in its first KILL_WITHIN_MS. */
#define KILL_PERCENT	35
#define KILL_WITHIN_MS	400

/* ADDFD's flags in 6.1, and what makes an ADDFD fail there. */
#define ADDFD_FLAGS	(SECCOMP_ADDFD_FLAG_SETFD | SECCOMP_ADDFD_FLAG_SEND)
#define ADDFD_BAD_FLAG	(SECCOMP_ADDFD_FLAG_SEND << 1)
#define BAD_SRCFD	9999		/* not open in the supervisor */
#define BAD_NEWFD	BIT(30)		/* past RLIMIT_NOFILE (fs.nr_open: 2^20) */

long now_ms(void)
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
	long kill_at;		/* when to kill it, or when killed (-1: no time) */
	long driver_gone_at;	/* when KILL_THREAD was to end the driver */
	long must_die_at;	/* when TSYNC named a worker that must die */
	int beat;		/* shm->beat when last seen to change */
	long beat_at;		/* and when */
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

/* Requests about another id than @id's: ENOENT. */
static void bad_id_requests(struct super *s, __u64 id)
{
	__u64 bad = chance(50) ? id + 1 + below(5) : rnd();
	struct seccomp_notif_resp resp = { .id = bad };
	int ret;

	ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_ID_VALID, &bad);
	expect_ioctl(s, "ID_VALID(bad id)", ret, ENOENT, false);
	ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	/* Another thread's notification, not received yet? */
	if (!(ret < 0 && errno == EINPROGRESS && LOAD(shm->may_die)))
		expect_ioctl(s, "SEND(bad id)", ret, ENOENT, false);
}

/* Answers to @id that are malformed: EINVAL. */
static void bad_answers(struct super *s, __u64 id)
{
	struct seccomp_notif_resp resp = { .id = id };
	int ret;

	resp.flags = 2U << below(30);
	ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	expect_ioctl(s, "SEND(bad flags)", ret, EINVAL, false);
	resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	resp.error = -1 - below(100);
	ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	expect_ioctl(s, "SEND(CONTINUE with an error)", ret, EINVAL, false);
}

/*
 * An ADDFD for notification @id of the thread in @slot, good or not;
 * true if it answered the notification (SEND).
 */
static bool addfd_request(struct super *s, __u64 id, int slot)
{
	struct seccomp_notif_addfd add = {
		.id = id, .srcfd = s->null_fd,
	};
	int want = 0, ret;

	if (chance(50))
		add.flags |= SECCOMP_ADDFD_FLAG_SETFD;
	if (chance(30))
		add.flags |= SECCOMP_ADDFD_FLAG_SEND;
	if (chance(5))
		add.flags |= ADDFD_BAD_FLAG;
	if (chance(30))
		add.newfd_flags = O_CLOEXEC;
	if (chance(5))
		add.newfd_flags |= O_NONBLOCK;
	/* 200 and up: free, above the fds that the sandbox opens. */
	if (add.flags & SECCOMP_ADDFD_FLAG_SETFD)
		add.newfd = chance(90) ? 200 + below(60) : BAD_NEWFD;
	else if (chance(5))
		add.newfd = 200;
	if (chance(5))
		add.srcfd = BAD_SRCFD;
	if ((add.flags & ~ADDFD_FLAGS) || (add.newfd_flags & ~O_CLOEXEC) ||
	    (add.newfd && !(add.flags & SECCOMP_ADDFD_FLAG_SETFD)))
		want = EINVAL;
	else if (add.srcfd == BAD_SRCFD)
		want = EBADF;
	else if (add.newfd >= BAD_NEWFD)
		want = EBADF;
	if (!want && (add.flags & SECCOMP_ADDFD_FLAG_SEND))
		record(slot, ANSWER_FD, 0);
	ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
	expect_ioctl(s, "ADDFD", ret, want, true);
	return ret >= 0 && (add.flags & SECCOMP_ADDFD_FLAG_SEND);
}

/* The answer to notification @id: CONTINUE, an error or a value. */
static void send_answer(struct super *s, __u64 id, int slot)
{
	struct seccomp_notif_resp resp = { .id = id };
	int ret;

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

/* Respond to notification @n: malformed requests first, then an answer. */
static void respond(struct super *s, const struct seccomp_notif *n)
{
	int slot = slot_of(n->pid), ret;
	__u64 id = n->id;

	ADD(shm->answers_sent, 1);
	if (chance(15))
		bad_id_requests(s, id);
	if (chance(10)) {
		ret = ioctl(s->lfd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id);
		expect_ioctl(s, "ID_VALID", ret, 0, true);
	}
	if (chance(10))
		bad_answers(s, id);
	if (chance(20) && addfd_request(s, id, slot))
		return;
	send_answer(s, id, slot);
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
	respond(s, &n);
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

static void kill_sandbox(struct super *s, long t)
{
	kill(s->pid, SIGKILL);
	s->killed = true;
	s->kill_at = t;
}

/* A new listener: take it (the old one must be closed). */
static void take_listener(struct super *s)
{
	int seq = LOAD(shm->listener_seq), fd;

	if (seq == LOAD(shm->fetched_seq))
		return;
	fd = syscall(__NR_pidfd_getfd, s->pidfd, LOAD(shm->listener_fd), 0);
	if (fd >= 0) {
		if (s->lfd >= 0)
			close_listener(s);
		s->lfd = fd;
		STORE(shm->r_open, 1);
	} else if (!sandbox_may_be_gone(s)) {
		super_fail(s, "pidfd_getfd: %s", strerror(errno));
	}
	STORE(shm->fetched_seq, seq);
}

/*
 * Serve the listener, or poke it, for a round: @fd is the one held at the
 * start of the round (one taken in it is polled from the next).
 */
static void tend_listener(struct super *s, int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int ret;

	if (s->lfd < 0) {
		usleep(1000);
		return;
	}
	ret = poll(&pfd, 1, 2);
	if (ret > 0 && (pfd.revents & POLLIN))
		serve(s);
	else if (chance(2))
		poke(s);
	/*
	 * Close ours only when the sandbox has closed its own: its waiting
	 * calls then fail with ENOSYS.  With its copy still open, they would
	 * wait forever.
	 */
	if (!LOAD(shm->c_open) && chance(1) && chance(30))
		close_listener(s);
}

/* KILL_THREAD: the driver, and only it, must go. */
static void watch_driver(struct super *s, long t)
{
	if (s->killed || LOAD(shm->expect) != EXPECT_THREAD)
		return;
	if (!s->driver_gone_at)
		s->driver_gone_at = t;
	if (task_gone(s->pid, shm->tids[0])) {
		kill_sandbox(s, t);
	} else if (t - s->driver_gone_at > DIE_MS) {
		super_fail(s, "KILL_THREAD left the driver alive: %s", shm->step);
		kill_sandbox(s, t);
	}
}

/* A worker that a TSYNC named must die, soon. */
static void watch_must_die(struct super *s, long t)
{
	int tid;

	if (s->killed || !LOAD(shm->must_die))
		return;
	tid = LOAD(shm->must_die);
	if (!s->must_die_at)
		s->must_die_at = t;
	if (tid > 0 ? task_gone(s->pid, tid) : worker_gone(s->pid)) {
		STORE(shm->must_die, 0);
		s->must_die_at = 0;
	} else if (t - s->must_die_at > DIE_MS) {
		super_fail(s, "TSYNC named worker %d (-1: ESRCH), which lives on: %s",
			   tid, shm->step);
		kill_sandbox(s, t);
	}
}

/* A deep stack may take long: a hang is a driver stuck. */
static void watch_beat(struct super *s, long t)
{
	if (LOAD(shm->beat) != s->beat) {
		s->beat = LOAD(shm->beat);
		s->beat_at = t;
	}
	if (!s->killed && t - s->beat_at > HANG_MS) {
		super_fail(s, "sandbox hung in: %s", shm->step);
		kill_sandbox(s, t);
	}
}

/*
 * Watch the sandbox until it is reaped (true, its wait status in
 * *@status) or SIGKILL fails to end it (false).
 */
static bool watch(struct super *s, int *status)
{
	for (;;) {
		long t = now_ms();
		int fd = s->lfd;

		take_listener(s);
		tend_listener(s, fd);
		if (waitpid(s->pid, status, WNOHANG) == s->pid)
			return true;
		if (LOAD(shm->done) && !s->killed)
			kill_sandbox(s, t);
		/* At the time drawn: kill_at stays that time. */
		if (!s->killed && s->kill_at >= 0 && t >= s->kill_at)
			kill_sandbox(s, s->kill_at);
		watch_driver(s, t);
		watch_must_die(s, t);
		watch_beat(s, t);
		if (s->killed && t - s->kill_at > REAP_MS) {
			super_fail(s, "sandbox not dead %d ms after SIGKILL (in: %s)",
				   REAP_MS, shm->step);
			return false;
		}
	}
}

/* Run one iteration; 0 if it passed, else -1 and why in @why. */
int iteration(__u64 seed, __u64 iter, char *why, size_t why_len)
{
	struct super s = { .lfd = -1 };
	int status = 0;
	bool reaped;

	memset(shm, 0, offsetof(struct shared, programs));
	shm->listener_fd = -1;
	s.null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (s.null_fd < 0) {
		snprintf(why, why_len, "open /dev/null: %s", strerror(errno));
		return -1;
	}

	rng = stream_seed(seed, iter, 1);
	s.pid = fork();
	if (s.pid < 0) {
		snprintf(why, why_len, "fork: %s", strerror(errno));
		return -1;
	}
	if (s.pid == 0) {
		close(s.null_fd);
		sandbox(stream_seed(seed, iter, 0));
		_exit(0);
	}
	s.pidfd = syscall(__NR_pidfd_open, s.pid, 0);
	s.beat_at = now_ms();
	s.kill_at = chance(KILL_PERCENT) ? s.beat_at + below(KILL_WITHIN_MS) : -1;

	reaped = watch(&s, &status);
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
