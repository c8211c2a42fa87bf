// SPDX-License-Identifier: GPL-2.0
/*
 * Races of the user-notification listener, made deterministic with the
 * scheduler: every task of a test runs on one CPU, the supervisor (the
 * test process) and its helper threads under SCHED_FIFO, so that a
 * notifier of lower priority runs only when all of them sleep, and one
 * at SCHED_IDLE only when nothing else on that CPU can run.
 *
 *  - An answer that reaches the notifier after it saw a signal: 6.1
 *    drops it and the call, with an SA_RESTART handler, restarts and
 *    notifies again after the handler ran.  An answer that was there
 *    before the notifier could look, signal pending or not, wins.
 *  - SECCOMP_IOCTL_NOTIF_ADDFD with SECCOMP_ADDFD_FLAG_SEND interrupted
 *    before the notifier took it: as in kernels newer than 6.1, the
 *    notification stays unanswered and the same request, tried again,
 *    installs the file and completes the call with it.  (6.1 itself
 *    completes the call without an answer and refuses the retry with
 *    EINPROGRESS, so this one fails on 6.1.)
 *
 * The filter sends getppid() to the listener; its first argument is a tag
 * that tells the calls apart.  Notifiers are child processes reporting
 * through shared memory.
 */
#include "seccomp_common.h"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

#define NOTIFIED_NR	__NR_getppid

/* Priorities on the shared CPU: supervisor > its helper > FIFO notifier. */
#define PRIO_SUPERVISOR	30
#define PRIO_HELPER	20
#define PRIO_NOTIFIER	5

/* One notifier, in memory shared with it. */
struct notifier {
	long tag;		/* getppid()'s first argument */
	int handler;		/* SIGUSR1: 1 SA_RESTART handler, 2 without */
	int share_files;	/* a second thread shares the file table */
	int nofile;		/* if > 0: RLIMIT_NOFILE to set first */
	ino_t check_ino;	/* if set: the call returns an fd to this */
	dev_t check_dev;
	pid_t pid;
	int done;		/* the call returned: ret and err are set */
	long ret;
	int err;
	int signals;		/* SIGUSR1s its handler saw */
	int fd_matches;		/* fstat() of ret matched check_ino/dev */
};

static struct notifier *me;

static void on_sigusr1(int sig)
{
	__atomic_add_fetch(&me->signals, 1, __ATOMIC_SEQ_CST);
}

static void *share_files(void *arg)
{
	for (;;)
		pause();
	return NULL;
}

/* The body of a notifier process: set up, make the call, report. */
static void notifier_main(struct notifier *c)
{
	pthread_t t;
	long ret;

	me = c;
	if (c->handler) {
		struct sigaction sa = {
			.sa_handler = on_sigusr1,
			.sa_flags = c->handler == 1 ? SA_RESTART : 0,
		};

		if (sigaction(SIGUSR1, &sa, NULL))
			_exit(70);
	}
	if (c->nofile > 0) {
		struct rlimit rl = { c->nofile, c->nofile };

		if (setrlimit(RLIMIT_NOFILE, &rl))
			_exit(71);
	}
	if (c->share_files && pthread_create(&t, NULL, share_files, NULL))
		_exit(72);
	errno = 0;
	ret = syscall(NOTIFIED_NR, c->tag, 0, 0, 0, 0, 0);
	c->err = errno;
	if (c->check_ino) {
		struct stat st;

		c->fd_matches = !fstat((int)ret, &st) &&
				st.st_ino == c->check_ino &&
				st.st_dev == c->check_dev;
	}
	c->ret = ret;
	STORE(c->done, 1);
	_exit(0);
}

static int recv_notif(int fd, struct seccomp_notif *n)
{
	memset(n, 0, sizeof(*n));
	return ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, n);
}

static int send_resp(int fd, __u64 id, __s64 val)
{
	struct seccomp_notif_resp resp = { .id = id, .val = val };

	return ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

static int addfd(int fd, __u64 id, int srcfd, __u32 flags, __u32 newfd)
{
	struct seccomp_notif_addfd req = {
		.id = id, .flags = flags, .srcfd = srcfd, .newfd = newfd,
	};

	return ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &req);
}

/* The state letter in an open /proc/<pid>/task/<tid>/stat; read again. */
static char stat_state(int statfd)
{
	char buf[512], *p;
	ssize_t n = pread(statfd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return '?';
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

static int open_stat(pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", tid, tid);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* The system call that task @tid is in, -1 if none, -2 if unknown. */
static long task_syscall(pid_t tid)
{
	char path[64], buf[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", tid, tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -2;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -2;
	buf[n] = 0;
	return strtol(buf, NULL, 10);
}

/* Wait (up to 10 s) until task @tid sleeps in its notification. */
static int wait_notifying(pid_t tid)
{
	int statfd = open_stat(tid), i, ret = -1;

	if (statfd < 0)
		return -1;
	for (i = 0; i < 10000 && ret; i++) {
		if (stat_state(statfd) == 'S' &&
		    task_syscall(tid) == NOTIFIED_NR)
			ret = 0;
		else
			usleep(1000);
	}
	close(statfd);
	return ret;
}

static int wait_flag(int *flag, int ms)
{
	while (!LOAD(*flag) && ms-- > 0)
		usleep(1000);
	return LOAD(*flag) ? 0 : -1;
}

static int set_policy(pid_t pid, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return sched_setscheduler(pid, policy, &sp);
}

static void sleep_us(long us)
{
	struct timespec ts = { 0, us * 1000 };

	nanosleep(&ts, NULL);
}

/* A file whose identity a notifier can check: a memfd. */
static int test_file(struct notifier *c)
{
	struct stat st;
	int fd = memfd_create("seccomp-notify-races", MFD_CLOEXEC);

	if (fd < 0 || fstat(fd, &st))
		return -1;
	c->check_ino = st.st_ino;
	c->check_dev = st.st_dev;
	return fd;
}

/* A thread at SCHED_FIFO @prio on the caller's CPU, running @fn. */
static int start_fifo_thread(pthread_t *t, int prio, void *(*fn)(void *),
			     void *arg)
{
	struct sched_param sp = { .sched_priority = prio };
	pthread_attr_t attr;
	int ret;

	pthread_attr_init(&attr);
	pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
	pthread_attr_setschedparam(&attr, &sp);
	ret = pthread_create(t, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	return ret;
}

#define MAX_NOTIFIERS	2

/*
 * The test process is the supervisor: it attached the filter to itself
 * (it never calls getppid()) and runs on one CPU, which its children and
 * threads inherit.
 */
FIXTURE(race) {
	int fd;
	bool no_fifo;		/* the tests need it: without, they skip */
	struct notifier *n;
	pid_t pids[MAX_NOTIFIERS];
};

FIXTURE_SETUP(race)
{
	cpu_set_t cpu;

	self->fd = -1;
	CPU_ZERO(&cpu);
	CPU_SET(sched_getcpu(), &cpu);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpu), &cpu));
	self->n = mmap(NULL, MAX_NOTIFIERS * sizeof(*self->n),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	ASSERT_NE(MAP_FAILED, self->n);
	ASSERT_EQ(0, set_no_new_privs());
	self->fd = install_action(SECCOMP_FILTER_FLAG_NEW_LISTENER,
				  NOTIFIED_NR, SECCOMP_RET_USER_NOTIF);
	ASSERT_LE(0, self->fd) TH_LOG("NEW_LISTENER: %s", strerror(errno));
	self->no_fifo = set_policy(0, SCHED_FIFO, PRIO_SUPERVISOR) != 0;
	ASSERT_EQ(0, set_policy(0, SCHED_OTHER, 0));
}

FIXTURE_TEARDOWN(race)
{
	int i;

	set_policy(0, SCHED_OTHER, 0);
	for (i = 0; i < MAX_NOTIFIERS; i++) {
		if (self->pids[i] > 0) {
			kill(self->pids[i], SIGKILL);
			waitpid(self->pids[i], NULL, 0);
		}
	}
	if (self->fd >= 0)
		close(self->fd);
}

/*
 * Start notifier @i as set up in self->n[i], with @tag; wait until its
 * notification is posted and receive it into @notif.
 */
static void start(struct __test_metadata *_metadata,
		  FIXTURE_DATA(race) *self, int i, long tag,
		  struct seccomp_notif *notif)
{
	pid_t pid;

	self->n[i].tag = tag;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(self->fd);
		notifier_main(&self->n[i]);
	}
	self->pids[i] = pid;
	self->n[i].pid = pid;
	ASSERT_EQ(0, wait_notifying(pid))
		TH_LOG("notifier %d never blocked in its notification", i);
	ASSERT_EQ(0, recv_notif(self->fd, notif));
	ASSERT_EQ((__u64)tag, notif->data.args[0]);
	ASSERT_EQ((__u32)pid, notif->pid);
}

/* Wait for notifier @i to return and exit normally. */
static void finish(struct __test_metadata *_metadata,
		   FIXTURE_DATA(race) *self, int i)
{
	int status;

	ASSERT_EQ(0, wait_flag(&self->n[i].done, 10000))
		TH_LOG("notifier %d still waits", i);
	ASSERT_EQ(self->pids[i], waitpid(self->pids[i], &status, 0));
	self->pids[i] = 0;
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("notifier %d status 0x%x", i, status);
}

/*
 * Until notifier @i returns (10 s at most), answer its further
 * notifications with @val; how many there were.  @signals_then: the
 * signals its handler had seen when the first of them came.
 */
static int answer_renotified(struct __test_metadata *_metadata,
			     FIXTURE_DATA(race) *self, int i, long val,
			     int *signals_then)
{
	struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
	struct seccomp_notif notif;
	int renotified = 0, polls;

	for (polls = 0; polls < 1000 && !LOAD(self->n[i].done); polls++) {
		if (poll(&pfd, 1, 10) != 1)
			continue;
		if (recv_notif(self->fd, &notif))
			break;
		EXPECT_EQ((__u64)self->n[i].tag, notif.data.args[0]);
		if (!renotified++)
			*signals_then = LOAD(self->n[i].signals);
		EXPECT_EQ(0, send_resp(self->fd, notif.id, val));
	}
	return renotified;
}

/*
 * A signal, then the answer, both before the notifier can run (it is at
 * SCHED_IDLE): when it runs, the answer is there and wins, as in 6.1.
 * The call returns it; the handler runs after that, once; nothing is
 * notified again.
 */
TEST_F(race, answer_before_the_notifier_ran_wins_over_a_signal)
{
	struct seccomp_notif notif;
	int signals_then = -1;

	if (self->no_fifo)
		SKIP(return, "no SCHED_FIFO");
	self->n[0].handler = 1;
	start(_metadata, self, 0, 1, &notif);
	ASSERT_EQ(0, set_policy(self->pids[0], SCHED_IDLE, 0));

	ASSERT_EQ(0, set_policy(0, SCHED_FIFO, PRIO_SUPERVISOR));
	ASSERT_EQ(0, kill(self->pids[0], SIGUSR1));
	EXPECT_EQ(0, send_resp(self->fd, notif.id, 11));
	EXPECT_EQ(0, answer_renotified(_metadata, self, 0, 22,
				       &signals_then));
	ASSERT_EQ(0, set_policy(0, SCHED_OTHER, 0));

	finish(_metadata, self, 0);
	EXPECT_EQ(11, self->n[0].ret);
	EXPECT_EQ(1, LOAD(self->n[0].signals));
}

/* What the supervisor's helper thread does: one ADDFD, its result. */
struct addfd_job {
	int listener;
	__u64 id;
	int srcfd;
	__u32 flags;
	__u32 newfd;
	int signal_tid;		/* if set: instead, send it SIGUSR2 */
	int ret;
	int err;
	int done;
};

static void *helper_main(void *arg)
{
	struct addfd_job *job = arg;

	if (job->signal_tid) {
		job->ret = syscall(__NR_tgkill, getpid(), job->signal_tid,
				   SIGUSR2);
	} else {
		job->ret = addfd(job->listener, job->id, job->srcfd,
				 job->flags, job->newfd);
	}
	job->err = errno;
	STORE(job->done, 1);
	return NULL;
}

/* Past any file table the notifier starts with: installing there grows it. */
#define FAR_FD		3000

/* What a try at the window saw. */
struct window_result {
	int send_ret;
	int send_err;
	int renotified;
	int signals_then;
	int addfd_ret;
	int addfd_err;
};

/*
 * One try at the window between a notifier seeing a signal and taking
 * the listener's lock again, which an answer must reach.  To hold the
 * lock long enough, a second notifier (SCHED_IDLE, its file table shared
 * with a thread) is asked to install a file at FAR_FD: growing its table
 * waits for an RCU grace period (synchronize_rcu() in expand_fdtable())
 * with the listener's lock held, in 6.1 as in ours.  The supervisor sees
 * it asleep ('D': nothing else puts it to sleep uninterruptibly); from
 * then on it does not sleep until its answer waits for the lock, so the
 * holder cannot run and let go of it.  It signals the first notifier
 * (SCHED_FIFO, below the supervisor), answers it, and waits on the lock;
 * the notifier runs, sees the signal and no answer, and waits on the
 * lock behind the supervisor.  When the holder lets go, the supervisor's
 * answer goes in, then the notifier finds it, after its signal.
 *
 * Return: 1 if that happened (the results are in self->n[0] and @out),
 * 0 if the grace period ended before the supervisor saw the holder
 * asleep (nothing to conclude: try again).
 */
static int try_answer_in_window(struct __test_metadata *_metadata,
				FIXTURE_DATA(race) *self, bool restart,
				struct window_result *out)
{
	struct seccomp_notif target, holder;
	struct rusage before, after;
	struct addfd_job job = { 0 };
	int statfd, file, i, asleep = 0;
	pthread_t t;

	memset(self->n, 0, 2 * sizeof(*self->n));
	memset(out, 0, sizeof(*out));
	out->signals_then = -1;
	self->n[0].handler = restart ? 1 : 2;
	self->n[1].share_files = 1;
	self->n[1].nofile = FAR_FD + 1;
	start(_metadata, self, 0, 1, &target);
	start(_metadata, self, 1, 2, &holder);
	ASSERT_EQ(0, set_policy(self->pids[0], SCHED_FIFO, PRIO_NOTIFIER));
	ASSERT_EQ(0, set_policy(self->pids[1], SCHED_IDLE, 0));
	statfd = open_stat(self->pids[1]);
	ASSERT_LE(0, statfd);
	file = memfd_create("seccomp-notify-races", MFD_CLOEXEC);
	ASSERT_LE(0, file);

	job.listener = self->fd;
	job.id = holder.id;
	job.srcfd = file;
	job.flags = SECCOMP_ADDFD_FLAG_SETFD;
	job.newfd = FAR_FD;
	ASSERT_EQ(0, set_policy(0, SCHED_FIFO, PRIO_SUPERVISOR));
	/* It runs, and the holder after it, only while we sleep. */
	ASSERT_EQ(0, start_fifo_thread(&t, PRIO_HELPER, helper_main, &job));
	for (i = 0; i < 100000 && !LOAD(job.done); i++) {
		sleep_us(20);
		if (stat_state(statfd) == 'D') {
			asleep = 1;
			break;
		}
	}
	if (asleep) {
		ASSERT_EQ(0, kill(self->pids[0], SIGUSR1));
		getrusage(RUSAGE_THREAD, &before);
		out->send_ret = send_resp(self->fd, target.id, 111);
		out->send_err = errno;
		getrusage(RUSAGE_THREAD, &after);
		/* The lock was held: the answer waited for it. */
		if (after.ru_nvcsw == before.ru_nvcsw) {
			TH_LOG("the answer did not wait for the lock");
			asleep = 0;
		}
		out->renotified = answer_renotified(_metadata, self, 0, 222,
						    &out->signals_then);
	}
	pthread_join(t, NULL);
	ASSERT_EQ(0, set_policy(0, SCHED_OTHER, 0));
	out->addfd_ret = job.ret;
	out->addfd_err = job.err;
	close(statfd);
	close(file);

	if (!asleep) {
		TH_LOG("the holder was not seen asleep: trying again");
		/* Nothing to conclude: start again from scratch. */
		kill(self->pids[0], SIGKILL);
		waitpid(self->pids[0], NULL, 0);
		self->pids[0] = 0;
	} else {
		finish(_metadata, self, 0);
	}
	EXPECT_EQ(0, send_resp(self->fd, holder.id, 0));
	finish(_metadata, self, 1);
	return asleep;
}

/* Try until the window is caught (5 times at most). */
static void answer_in_window(struct __test_metadata *_metadata,
			     FIXTURE_DATA(race) *self, bool restart,
			     struct window_result *r)
{
	int try, caught = 0;

	for (try = 0; try < 5 && !caught; try++)
		caught = try_answer_in_window(_metadata, self, restart, r);
	ASSERT_TRUE(caught)
		TH_LOG("the lock was never seen held over 5 tries");
	if (try > 1)
		TH_LOG("caught at try %d", try);
}

/*
 * The notifier saw its signal before the answer came: as in 6.1, that
 * answer is dropped although SECCOMP_IOCTL_NOTIF_SEND succeeded; the
 * call restarts after the (SA_RESTART) handler ran, is notified again,
 * and returns the second answer.
 */
TEST_F(race, answer_after_the_notifier_saw_a_signal_is_dropped)
{
	struct window_result r;

	if (self->no_fifo)
		SKIP(return, "no SCHED_FIFO");
	answer_in_window(_metadata, self, true, &r);

	EXPECT_EQ(0, r.send_ret) TH_LOG("SEND: %s", strerror(r.send_err));
	EXPECT_EQ(FAR_FD, r.addfd_ret)
		TH_LOG("ADDFD: %s", strerror(r.addfd_err));
	EXPECT_EQ(1, r.renotified)
		TH_LOG("the call was not notified again");
	/* Notified again after the handler, not before. */
	EXPECT_EQ(1, r.signals_then);
	EXPECT_EQ(222, self->n[0].ret);
	EXPECT_EQ(1, LOAD(self->n[0].signals));
}

/* Without SA_RESTART, the call fails with EINTR: the answer is lost. */
TEST_F(race, answer_after_the_notifier_saw_a_signal_is_eintr)
{
	struct window_result r;

	if (self->no_fifo)
		SKIP(return, "no SCHED_FIFO");
	answer_in_window(_metadata, self, false, &r);

	EXPECT_EQ(0, r.send_ret) TH_LOG("SEND: %s", strerror(r.send_err));
	EXPECT_EQ(FAR_FD, r.addfd_ret)
		TH_LOG("ADDFD: %s", strerror(r.addfd_err));
	EXPECT_EQ(0, r.renotified);
	EXPECT_EQ(-1, self->n[0].ret);
	EXPECT_EQ(EINTR, self->n[0].err);
	EXPECT_EQ(1, LOAD(self->n[0].signals));
}

/*
 * ADDFD|SEND interrupted before the notifier (SCHED_IDLE) took it.  The
 * supervisor's helper thread (SCHED_FIFO below it) runs as soon as the
 * supervisor sleeps in the ioctl, and signals it.  The notification
 * stays unanswered: with an SA_RESTART handler the ioctl restarts by
 * itself, without one it fails with EINTR and the supervisor retries
 * it; either way the retry installs the file and completes the call
 * with it.
 */
static int sigusr2_seen;

static void on_sigusr2(int sig)
{
	__atomic_add_fetch(&sigusr2_seen, 1, __ATOMIC_SEQ_CST);
}

/*
 * One try; 1 if the ioctl was interrupted before the notifier ran, 0 if
 * the notifier took the request first (nothing to conclude).
 */
static int try_interrupted_addfd_send(struct __test_metadata *_metadata,
				      FIXTURE_DATA(race) *self,
				      bool restart)
{
	struct sigaction sa = {
		.sa_handler = on_sigusr2,
		.sa_flags = restart ? SA_RESTART : 0,
	};
	struct addfd_job job = { 0 };
	struct seccomp_notif notif;
	int file, ret, err, retry = -1, retry_err = 0;
	pthread_t t;

	memset(self->n, 0, sizeof(*self->n));
	STORE(sigusr2_seen, 0);
	ASSERT_EQ(0, sigaction(SIGUSR2, &sa, NULL));
	file = test_file(&self->n[0]);
	ASSERT_LE(0, file);
	start(_metadata, self, 0, 3, &notif);
	ASSERT_EQ(0, set_policy(self->pids[0], SCHED_IDLE, 0));

	job.signal_tid = syscall(__NR_gettid);
	ASSERT_EQ(0, set_policy(0, SCHED_FIFO, PRIO_SUPERVISOR));
	/* It runs only once we sleep in the ioctl, before the notifier. */
	ASSERT_EQ(0, start_fifo_thread(&t, PRIO_HELPER, helper_main, &job));
	ret = addfd(self->fd, notif.id, file, SECCOMP_ADDFD_FLAG_SEND, 0);
	err = errno;
	if (ret < 0 && err == EINTR) {
		retry = addfd(self->fd, notif.id, file,
			      SECCOMP_ADDFD_FLAG_SEND, 0);
		retry_err = errno;
	}
	pthread_join(t, NULL);
	ASSERT_EQ(0, set_policy(0, SCHED_OTHER, 0));
	close(file);
	EXPECT_EQ(0, job.ret) TH_LOG("tgkill: %s", strerror(job.err));
	EXPECT_EQ(1, LOAD(sigusr2_seen));

	if (!restart && ret >= 0) {
		TH_LOG("the notifier took the request before the signal");
		finish(_metadata, self, 0);
		return 0;
	}
	if (restart) {
		/* Restarted by itself: ret is the retry's. */
		retry = ret;
		retry_err = err;
	} else {
		EXPECT_EQ(EINTR, err) TH_LOG("ADDFD: %s", strerror(err));
	}
	EXPECT_LE(0, retry) TH_LOG("ADDFD|SEND again: %s",
				   strerror(retry_err));
	finish(_metadata, self, 0);
	EXPECT_LE(0, self->n[0].ret)
		TH_LOG("the call failed: %s", strerror(self->n[0].err));
	EXPECT_EQ(retry, self->n[0].ret);
	EXPECT_TRUE(self->n[0].fd_matches);
	return 1;
}

TEST_F(race, addfd_send_interrupted_then_tried_again)
{
	int try, caught = 0;

	if (self->no_fifo)
		SKIP(return, "no SCHED_FIFO");
	for (try = 0; try < 3 && !caught; try++)
		caught = try_interrupted_addfd_send(_metadata, self, false);
	EXPECT_TRUE(caught);
}

TEST_F(race, addfd_send_interrupted_restarts)
{
	if (self->no_fifo)
		SKIP(return, "no SCHED_FIFO");
	try_interrupted_addfd_send(_metadata, self, true);
}

TEST_HARNESS_MAIN
