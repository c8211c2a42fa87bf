// SPDX-License-Identifier: GPL-2.0
/*
 * The user-notification listener: SECCOMP_FILTER_FLAG_NEW_LISTENER, the
 * ioctls of its file descriptor, poll, signals, pid namespaces, and the
 * two behaviours that came after 6.1 (SECCOMP_IOCTL_NOTIF_SET_FLAGS and
 * the release of a filter when its last task exits).
 *
 * The filters here send getppid() to the listener and allow everything
 * else; the tests pass a tag as getppid()'s (ignored) first argument so
 * that the supervisor can tell the calls apart.  Notifiers are child
 * processes (or threads) reporting through shared memory; the test
 * process is the supervisor.  "Blocked in a notification" is observed
 * through /proc/<tid>/syscall and the task's state, never by sleeping.
 */
#include "seccomp_common.h"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_ADDFD_FLAG_SEND
#define SECCOMP_ADDFD_FLAG_SEND (1UL << 1)
#endif
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* The first NOTIF_ID_VALID had the wrong direction; it is still accepted. */
#define IOCTL_ID_VALID_OLD	_IOR(SECCOMP_IOC_MAGIC, 2, __u64)

/* NOTIF_ADDFD with a struct of @size bytes. */
#define IOCTL_ADDFD_SIZE(size)	_IOC(_IOC_WRITE, SECCOMP_IOC_MAGIC, 3, (size))

/*
 * Flags shared with other threads and processes (through MAP_SHARED
 * memory) are read and written whole, with ordering.
 */
#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

#define NOTIFIED_NR	__NR_getppid
#define MAX_CALLS	64

/* One notifying call, in memory shared with the notifier. */
struct call {
	long tag;		/* getppid()'s first argument */
	int go;			/* the notifier may make its call */
	int done;		/* it returned: ret and err are set */
	long ret;
	int err;
	pid_t tid;		/* the notifier (thread) that made it */
	int signals;		/* SIGUSR1s its handler saw */
	int handler;		/* 0: none, 1: SA_RESTART, 2: no SA_RESTART */
	int calls;		/* make the call this many times (0: once) */
	int nofile;		/* if > 0: RLIMIT_NOFILE, with the table full */
	/* The fd to look at after the call: 0 none, 1 check_fd, 2 ret. */
	int check;
	int check_fd;
	ino_t check_ino;	/* and what the supervisor expects there */
	dev_t check_dev;
	int fd_matches;		/* results: fstat() matched check_ino/dev */
	int fd_cloexec;		/* FD_CLOEXEC was set */
	pid_t own_pid;		/* getpid() in the notifier's namespace */
	long child_result;	/* what a helper process saw */
};

static struct call *calls;

static struct call *shared_calls(void)
{
	void *p = mmap(NULL, MAX_CALLS * sizeof(struct call),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static long notified_call(long tag)
{
	return syscall(NOTIFIED_NR, tag, 0, 0, 0, 0, 0);
}

/* Attach the getppid() -> USER_NOTIF filter with a listener. */
static int attach_listener(unsigned int flags)
{
	if (set_no_new_privs())
		return -1;
	return install_action(SECCOMP_FILTER_FLAG_NEW_LISTENER | flags,
			      NOTIFIED_NR, SECCOMP_RET_USER_NOTIF);
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * The state letter of task @tid and the system call it is in (-1 if
 * none, -2 if running or unknown).
 */
static char task_state(pid_t tid, long *nr)
{
	char path[64], buf[512], *p;
	char state = '?';
	ssize_t n;
	int fd;

	*nr = -2;
	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	p = strrchr(buf, ')');
	if (p && p[1] == ' ')
		state = p[2];

	snprintf(path, sizeof(path), "/proc/%d/syscall", tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return state;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = 0;
		if (buf[0] == '-' || (buf[0] >= '0' && buf[0] <= '9'))
			*nr = strtol(buf, NULL, 10);
	}
	return state;
}

/*
 * Wait (up to 10 s) until task @tid sleeps in system call @nr in state
 * @state ('S': interruptible, 'D': killable or uninterruptible).  For a
 * notifier in getppid(), which never sleeps otherwise, an interruptible
 * sleep means that its notification is posted.
 */
static int wait_blocked_state(pid_t tid, long nr, char state)
{
	int i;

	for (i = 0; i < 10000; i++) {
		long cur;

		if (task_state(tid, &cur) == state && cur == nr)
			return 0;
		usleep(1000);
	}
	return -1;
}

static int wait_blocked(pid_t tid, long nr)
{
	return wait_blocked_state(tid, nr, 'S');
}

/* Wait until task @tid sleeps in system call @nr1 or @nr2. */
static int wait_blocked_either(pid_t tid, long nr1, long nr2)
{
	int i;

	for (i = 0; i < 10000; i++) {
		long cur;

		if (task_state(tid, &cur) == 'S' && (cur == nr1 || cur == nr2))
			return 0;
		usleep(1000);
	}
	return -1;
}

/* Wait up to @ms for *@flag to become non-zero. */
static int wait_flag(int *flag, int ms)
{
	while (!LOAD(*flag) && ms-- > 0)
		usleep(1000);
	return LOAD(*flag) ? 0 : -1;
}

static struct call *my_call;

static void on_sigusr1(int sig)
{
	__atomic_add_fetch(&my_call->signals, 1, __ATOMIC_SEQ_CST);
}

/* The body of a notifier: make the call (c->calls times), report. */
static void make_call(struct call *c)
{
	int i, n = c->calls ? c->calls : 1;
	long ret = -1;
	int err = 0;

	my_call = c;
	c->tid = syscall(__NR_gettid);
	c->own_pid = getpid();
	if (c->handler) {
		struct sigaction sa = { .sa_handler = on_sigusr1 };

		sa.sa_flags = c->handler == 1 ? SA_RESTART : 0;
		sigaction(SIGUSR1, &sa, NULL);
	}
	if (c->nofile > 0) {
		struct rlimit rl = { c->nofile, c->nofile };
		int fd = open("/dev/null", O_RDONLY);

		if (fd < 0 || setrlimit(RLIMIT_NOFILE, &rl))
			_exit(70);
		while (dup(fd) >= 0)
			;
		if (errno != EMFILE)
			_exit(71);
	}
	while (!LOAD(c->go))
		usleep(200);
	for (i = 0; i < n; i++) {
		errno = 0;
		ret = notified_call(c->tag);
		err = errno;
	}
	if (c->check) {
		struct stat st;
		int fd = c->check == 1 ? LOAD(c->check_fd) : (int)ret;
		int fl = fcntl(fd, F_GETFD);

		c->fd_matches = !fstat(fd, &st) && st.st_ino == c->check_ino &&
				st.st_dev == c->check_dev;
		c->fd_cloexec = fl >= 0 && (fl & FD_CLOEXEC);
	}
	c->ret = ret;
	c->err = err;
	STORE(c->done, 1);
}

/* Fork a notifier running make_call(@c); it closes its copy of @listener. */
static pid_t spawn_notifier(int listener, struct call *c)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (listener >= 0)
			close(listener);
		make_call(c);
		_exit(0);
	}
	return pid;
}

static int recv_notif(int fd, struct seccomp_notif *n)
{
	memset(n, 0, sizeof(*n));
	return ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, n);
}

static int send_resp(int fd, __u64 id, __s64 val, __s32 error, __u32 flags)
{
	struct seccomp_notif_resp resp = {
		.id = id, .val = val, .error = error, .flags = flags,
	};

	return ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

static int id_valid(int fd, __u64 id, bool old)
{
	return ioctl(fd, old ? IOCTL_ID_VALID_OLD :
			       SECCOMP_IOCTL_NOTIF_ID_VALID, &id);
}

static int addfd(int fd, __u64 id, int srcfd, __u32 flags, __u32 newfd,
		 __u32 newfd_flags)
{
	struct seccomp_notif_addfd req = {
		.id = id, .flags = flags, .srcfd = srcfd, .newfd = newfd,
		.newfd_flags = newfd_flags,
	};

	return ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &req);
}

/* The poll events of @fd right now. */
static short poll_now(int fd, int timeout_ms)
{
	struct pollfd pfd = {
		.fd = fd,
		.events = POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM,
	};

	if (poll(&pfd, 1, timeout_ms) < 0)
		return -1;
	return pfd.revents;
}

static int reap(pid_t pid)
{
	return wait_status(pid);
}

/* Kill and reap every pid in @pids that is still there. */
static void kill_all(pid_t *pids, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (pids[i] > 0) {
			kill(pids[i], SIGKILL);
			waitpid(pids[i], NULL, 0);
			pids[i] = 0;
		}
	}
}

/* A file whose identity the notifier can check: a memfd. */
static int test_file(struct call *c)
{
	struct stat st;
	int fd = memfd_create("seccomp-listener-test", 0);

	if (fd < 0 || fstat(fd, &st))
		return -1;
	c->check_ino = st.st_ino;
	c->check_dev = st.st_dev;
	return fd;
}

/*
 * Attaching with a listener.
 */

TEST(new_listener_is_cloexec)
{
	int fd = attach_listener(0);

	ASSERT_LE(0, fd) TH_LOG("NEW_LISTENER: %s", strerror(errno));
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(O_RDWR, fcntl(fd, F_GETFL) & O_ACCMODE);
	EXPECT_EQ(0, close(fd));
}

TEST(second_listener_in_chain_is_ebusy)
{
	int fd = attach_listener(0), status;
	pid_t pid;

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, attach_listener(0));
	EXPECT_EQ(EBUSY, errno);
	/* A filter without a listener is still fine. */
	EXPECT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
	/* Even the older filter's listener, deeper in the chain, counts. */
	EXPECT_EQ(-1, attach_listener(0));
	EXPECT_EQ(EBUSY, errno);

	/* And in a child, which shares the chain. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (attach_listener(0) != -1)
			_exit(1);
		_exit(errno == EBUSY ? 0 : 2);
	}
	status = reap(pid);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("child status 0x%x", status);
}

TEST(closed_listener_frees_the_slot)
{
	int fd = attach_listener(0), fd2;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, close(fd));
	fd2 = attach_listener(0);
	EXPECT_LE(0, fd2) TH_LOG("second listener after close: %s",
				 strerror(errno));
}

TEST(tsync_listener_needs_tsync_esrch)
{
	int fd;

	ASSERT_EQ(0, set_no_new_privs());
	EXPECT_EQ(-1, install_action(SECCOMP_FILTER_FLAG_TSYNC |
				     SECCOMP_FILTER_FLAG_NEW_LISTENER,
				     NOTIFIED_NR, SECCOMP_RET_USER_NOTIF));
	EXPECT_EQ(EINVAL, errno);
	fd = install_action(SECCOMP_FILTER_FLAG_TSYNC |
			    SECCOMP_FILTER_FLAG_TSYNC_ESRCH |
			    SECCOMP_FILTER_FLAG_NEW_LISTENER,
			    NOTIFIED_NR, SECCOMP_RET_USER_NOTIF);
	EXPECT_LE(0, fd) TH_LOG("TSYNC|TSYNC_ESRCH|NEW_LISTENER: %s",
				strerror(errno));
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
}

TEST(wait_killable_recv_needs_a_listener)
{
	ASSERT_EQ(0, set_no_new_privs());
	EXPECT_EQ(-1, install_action(SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
				     NOTIFIED_NR, SECCOMP_RET_USER_NOTIF));
	EXPECT_EQ(EINVAL, errno);
}

TEST(user_notif_without_listener_is_enosys)
{
	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, install_action(0, NOTIFIED_NR, SECCOMP_RET_USER_NOTIF));
	errno = 0;
	EXPECT_EQ(-1, notified_call(1));
	EXPECT_EQ(ENOSYS, errno);
}

TEST(user_notif_after_listener_closed_is_enosys)
{
	int fd = attach_listener(0);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, close(fd));
	errno = 0;
	EXPECT_EQ(-1, notified_call(1));
	EXPECT_EQ(ENOSYS, errno);
	/* Other calls still run. */
	EXPECT_EQ(getpid(), syscall(__NR_getpid));
}

/* A failed attach gives back the descriptor it had reserved. */
static int other_thread_exit;

static void *own_filter_thread(void *arg)
{
	STORE(*(int *)arg, install_const(0, SECCOMP_RET_ALLOW) ? -1 : 1);
	while (!LOAD(other_thread_exit))
		usleep(1000);
	return NULL;
}

TEST(failed_attach_leaks_no_descriptor)
{
	int ready = 0;
	pthread_t t;
	int fd, next;

	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
	ASSERT_EQ(0, pthread_create(&t, NULL, own_filter_thread,
				    &ready));
	while (!LOAD(ready))
		usleep(1000);
	ASSERT_EQ(1, LOAD(ready));
	next = open("/dev/null", O_RDONLY);
	ASSERT_LE(0, next);
	close(next);
	/* The thread's chain diverged: TSYNC fails, with ESRCH. */
	EXPECT_EQ(-1, install_action(SECCOMP_FILTER_FLAG_TSYNC |
				     SECCOMP_FILTER_FLAG_TSYNC_ESRCH |
				     SECCOMP_FILTER_FLAG_NEW_LISTENER,
				     NOTIFIED_NR, SECCOMP_RET_USER_NOTIF));
	EXPECT_EQ(ESRCH, errno);
	fd = open("/dev/null", O_RDONLY);
	EXPECT_EQ(next, fd);
	close(fd);
	/* And the chain has no listener: a new one is fine. */
	fd = attach_listener(0);
	EXPECT_EQ(next, fd);
	STORE(other_thread_exit, 1);
	pthread_join(t, NULL);
}

/*
 * The notification goes to the filter that returned USER_NOTIF: if that
 * one has no listener, ENOSYS, even with a listener elsewhere.
 */
TEST(user_notif_of_a_filter_without_listener)
{
	int fd = attach_listener(0);

	ASSERT_LE(0, fd);
	/* Newer and equally strict: its answer wins. */
	ASSERT_EQ(0, install_action(0, NOTIFIED_NR, SECCOMP_RET_USER_NOTIF));
	errno = 0;
	EXPECT_EQ(-1, notified_call(1));
	EXPECT_EQ(ENOSYS, errno);
	EXPECT_EQ(0, poll_now(fd, 0));
}

TEST(get_notif_sizes)
{
	struct seccomp_notif_sizes sizes;

	memset(&sizes, 0xff, sizeof(sizes));
	ASSERT_EQ(0, sys_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes));
	EXPECT_EQ(sizeof(struct seccomp_notif), sizes.seccomp_notif);
	EXPECT_EQ(sizeof(struct seccomp_notif_resp), sizes.seccomp_notif_resp);
	EXPECT_EQ(sizeof(struct seccomp_data), sizes.seccomp_data);
	EXPECT_EQ(80, sizes.seccomp_notif);
	EXPECT_EQ(24, sizes.seccomp_notif_resp);
	EXPECT_EQ(64, sizes.seccomp_data);
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_NOTIF_SIZES, 1, &sizes));
	EXPECT_EQ(EINVAL, errno);
}

TEST(unknown_ioctl_is_einval)
{
	int fd = attach_listener(0);
	__u64 arg = 0;

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, ioctl(fd, SECCOMP_IOWR(9, __u64), &arg));
	EXPECT_EQ(EINVAL, errno);
	/* NOTIF_RECV's number with another size is not NOTIF_RECV. */
	EXPECT_EQ(-1, ioctl(fd, SECCOMP_IOWR(0, __u64), &arg));
	EXPECT_EQ(EINVAL, errno);
}

/*
 * The supervisor is the test process, which attached the filter to
 * itself (it never calls getppid()); notifiers are its children.
 * Variants: a plain listener, one with WAIT_KILLABLE_RECV, and one with
 * SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP.
 */
FIXTURE(notify) {
	int fd;
	pid_t pids[MAX_CALLS];
	int npids;
};

FIXTURE_VARIANT(notify) {
	unsigned int filter_flags;
	bool sync_wake_up;
};

FIXTURE_VARIANT_ADD(notify, plain) { };
FIXTURE_VARIANT_ADD(notify, wait_killable_recv) {
	.filter_flags = SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
};
FIXTURE_VARIANT_ADD(notify, sync_wake_up) { .sync_wake_up = true };

FIXTURE_SETUP(notify)
{
	calls = shared_calls();
	ASSERT_NE(NULL, calls);
	self->fd = attach_listener(variant->filter_flags);
	ASSERT_LE(0, self->fd) TH_LOG("NEW_LISTENER: %s", strerror(errno));
	if (variant->sync_wake_up)
		ASSERT_EQ(0, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
				   SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP));
}

FIXTURE_TEARDOWN(notify)
{
	kill_all(self->pids, self->npids);
	if (self->fd >= 0)
		close(self->fd);
}

/* Start notifier @i with @tag and wait until its notification is posted. */
static pid_t start(struct __test_metadata *_metadata,
		   FIXTURE_DATA(notify) *self, int i, long tag)
{
	pid_t pid;

	calls[i].tag = tag;
	STORE(calls[i].go, 1);
	pid = spawn_notifier(self->fd, &calls[i]);
	ASSERT_LE(0, pid);
	self->pids[self->npids++] = pid;
	ASSERT_EQ(0, wait_blocked(pid, NOTIFIED_NR))
		TH_LOG("notifier %d never blocked in its notification", i);
	return pid;
}

/* Wait for notifier @i to return and exit normally. */
static void finish(struct __test_metadata *_metadata,
		   FIXTURE_DATA(notify) *self, int i)
{
	int status;

	ASSERT_EQ(0, wait_flag(&calls[i].done, 10000));
	status = reap(self->pids[i]);
	self->pids[i] = 0;
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("notifier %d status 0x%x", i, status);
}

TEST_F(notify, recv_needs_a_zeroed_struct)
{
	struct seccomp_notif n;

	memset(&n, 0, sizeof(n));
	n.id = 1;
	EXPECT_EQ(-1, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_RECV, &n));
	EXPECT_EQ(EINVAL, errno);
	memset(&n, 0, sizeof(n));
	n.data.args[5] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_RECV, &n));
	EXPECT_EQ(EINVAL, errno);

	/* Even with a notification waiting, which stays there. */
	start(_metadata, self, 0, 3);
	memset(&n, 0, sizeof(n));
	n.pid = 1;
	EXPECT_EQ(-1, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_RECV, &n));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(POLLIN, poll_now(self->fd, 0) & (POLLIN | POLLOUT));
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(3, n.data.args[0]);
	EXPECT_EQ(0, send_resp(self->fd, n.id, 0, 0, 0));
	finish(_metadata, self, 0);
}

/*
 * A RECV that cannot write its result fails with EFAULT and leaves the
 * notification for the next one.
 */
TEST_F(notify, recv_efault_keeps_the_notification)
{
	struct seccomp_notif n;
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);

	ASSERT_NE(MAP_FAILED, ro);
	EXPECT_EQ(-1, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_RECV, NULL));
	EXPECT_EQ(EFAULT, errno);
	start(_metadata, self, 0, 4);
	/* Zeroed, so it is read, but it cannot be written. */
	EXPECT_EQ(-1, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_RECV, ro));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(POLLIN | POLLRDNORM, poll_now(self->fd, 0));
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(4, n.data.args[0]);
	EXPECT_EQ(-1, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_SEND, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, send_resp(self->fd, n.id, 44, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(44, calls[0].ret);
}

TEST_F(notify, round_trip_value)
{
	struct seccomp_notif n;
	pid_t pid = start(_metadata, self, 0, 0x1234);

	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(pid, n.pid);
	EXPECT_EQ(0, n.flags);
	EXPECT_EQ(NOTIFIED_NR, n.data.nr);
	EXPECT_EQ(NATIVE_ARCH, n.data.arch);
	EXPECT_NE(0, n.data.instruction_pointer);
	EXPECT_EQ(0x1234, n.data.args[0]);
	EXPECT_EQ(0, n.data.args[1]);
	EXPECT_EQ(0, send_resp(self->fd, n.id, 4242, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(4242, calls[0].ret);
}

TEST_F(notify, round_trip_negative_value)
{
	struct seccomp_notif n;

	start(_metadata, self, 0, 1);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	/* A value is a value, even one that looks like an errno. */
	EXPECT_EQ(0, send_resp(self->fd, n.id, -1000000, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(-1000000, calls[0].ret);
}

TEST_F(notify, round_trip_error)
{
	struct seccomp_notif n;

	start(_metadata, self, 0, 1);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	/* The error wins over the value. */
	EXPECT_EQ(0, send_resp(self->fd, n.id, 77, -ENOTTY, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(-1, calls[0].ret);
	EXPECT_EQ(ENOTTY, calls[0].err);
}

TEST_F(notify, send_unknown_id_is_enoent)
{
	struct seccomp_notif n;

	EXPECT_EQ(-1, send_resp(self->fd, 0, 0, 0, 0));
	EXPECT_EQ(ENOENT, errno);
	start(_metadata, self, 0, 1);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(-1, send_resp(self->fd, n.id + 1000, 0, 0, 0));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, send_resp(self->fd, n.id - 1, 0, 0, 0));
	EXPECT_EQ(ENOENT, errno);
	/* The real one is still waiting. */
	EXPECT_EQ(0, id_valid(self->fd, n.id, false));
	EXPECT_EQ(0, send_resp(self->fd, n.id, 5, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(5, calls[0].ret);
}

/*
 * Notification ids of a filter are consecutive (as upstream makes them):
 * the second call of a notifier gets the first one's id + 1.
 */
TEST_F(notify, send_not_yet_received_is_einprogress)
{
	struct seccomp_notif n;
	pid_t pid;

	calls[0].calls = 2;
	pid = start(_metadata, self, 0, 9);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	ASSERT_EQ(0, send_resp(self->fd, n.id, 1, 0, 0));
	/* The second call's notification: posted, not received. */
	ASSERT_EQ(POLLIN, poll_now(self->fd, 10000) & (POLLIN | POLLOUT));
	ASSERT_EQ(0, wait_blocked(pid, NOTIFIED_NR));
	EXPECT_EQ(-1, send_resp(self->fd, n.id + 1, 2, 0, 0));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_EQ(-1, id_valid(self->fd, n.id + 1, false));
	EXPECT_EQ(ENOENT, errno);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(9, n.data.args[0]);
	EXPECT_EQ(0, send_resp(self->fd, n.id, 3, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(3, calls[0].ret);
}

TEST_F(notify, send_twice)
{
	struct seccomp_notif n;

	start(_metadata, self, 0, 1);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	ASSERT_EQ(0, send_resp(self->fd, n.id, 11, 0, 0));
	/* Answered: in progress while the caller wakes, then gone. */
	errno = 0;
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 12, 0, 0));
	EXPECT_TRUE(errno == EINPROGRESS || errno == ENOENT)
		TH_LOG("second SEND: %s", strerror(errno));
	finish(_metadata, self, 0);
	EXPECT_EQ(11, calls[0].ret);
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 13, 0, 0));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(notify, send_bad_flags_is_einval)
{
	struct seccomp_notif n;

	start(_metadata, self, 0, 1);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 0, 0, 2));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 0, 0,
				SECCOMP_USER_NOTIF_FLAG_CONTINUE | 2));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 0, 0, 1U << 31));
	EXPECT_EQ(EINVAL, errno);
	/* CONTINUE carries neither a value nor an error. */
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 1, 0,
				SECCOMP_USER_NOTIF_FLAG_CONTINUE));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 0, -EPERM,
				SECCOMP_USER_NOTIF_FLAG_CONTINUE));
	EXPECT_EQ(EINVAL, errno);
	/* None of them answered. */
	EXPECT_EQ(0, id_valid(self->fd, n.id, false));
	EXPECT_EQ(0, LOAD(calls[0].done));
	EXPECT_EQ(0, send_resp(self->fd, n.id, 6, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(6, calls[0].ret);
}

TEST_F(notify, continue_runs_the_call)
{
	struct seccomp_notif n;

	start(_metadata, self, 0, 1);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(0, send_resp(self->fd, n.id, 0, 0,
			       SECCOMP_USER_NOTIF_FLAG_CONTINUE));
	finish(_metadata, self, 0);
	/* The real getppid(): the test process. */
	EXPECT_EQ(getpid(), calls[0].ret);
	EXPECT_EQ(0, calls[0].err);
}

TEST_F(notify, id_valid)
{
	struct seccomp_notif n;
	pid_t pid;

	EXPECT_EQ(-1, id_valid(self->fd, 0, false));
	EXPECT_EQ(ENOENT, errno);
	pid = start(_metadata, self, 0, 1);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(0, id_valid(self->fd, n.id, false));
	EXPECT_EQ(0, id_valid(self->fd, n.id, true));
	EXPECT_EQ(-1, id_valid(self->fd, n.id + 1, false));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, id_valid(self->fd, n.id + 1, true));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_ID_VALID, NULL));
	EXPECT_EQ(EFAULT, errno);

	/* The caller is killed: the id is no longer valid. */
	ASSERT_EQ(0, kill(pid, SIGKILL));
	EXPECT_EQ(SIGKILL, WTERMSIG(reap(pid)));
	self->pids[0] = 0;
	EXPECT_EQ(-1, id_valid(self->fd, n.id, false));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, id_valid(self->fd, n.id, true));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 0, 0, 0));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(notify, id_valid_after_answer)
{
	struct seccomp_notif n;

	start(_metadata, self, 0, 1);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	ASSERT_EQ(0, send_resp(self->fd, n.id, 0, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(-1, id_valid(self->fd, n.id, false));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(notify, poll_in_then_out)
{
	struct epoll_event ev = {
		.events = EPOLLIN | EPOLLRDNORM | EPOLLOUT | EPOLLWRNORM,
	};
	struct seccomp_notif n;
	int ep = epoll_create1(0);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->fd, &ev));
	EXPECT_EQ(0, poll_now(self->fd, 0));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));

	start(_metadata, self, 0, 1);
	EXPECT_EQ(POLLIN | POLLRDNORM, poll_now(self->fd, 0));
	ASSERT_EQ(1, epoll_wait(ep, &ev, 1, 0));
	EXPECT_EQ(EPOLLIN | EPOLLRDNORM, ev.events);

	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(POLLOUT | POLLWRNORM, poll_now(self->fd, 0));
	ASSERT_EQ(1, epoll_wait(ep, &ev, 1, 0));
	EXPECT_EQ(EPOLLOUT | EPOLLWRNORM, ev.events);

	ASSERT_EQ(0, send_resp(self->fd, n.id, 0, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(0, poll_now(self->fd, 0));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	close(ep);
}

/* A blocked poll() is woken when a notification arrives. */
TEST_F(notify, poll_wakes_up)
{
	struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
	pid_t pid;

	calls[0].tag = 1;
	pid = spawn_notifier(self->fd, &calls[0]);
	ASSERT_LE(0, pid);
	self->pids[self->npids++] = pid;
	/* Not yet: the notifier waits for go. */
	ASSERT_EQ(0, poll(&pfd, 1, 50));
	STORE(calls[0].go, 1);
	ASSERT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_EQ(POLLIN, pfd.revents);
}

TEST_F(notify, addfd_plain)
{
	struct seccomp_notif n;
	int file, fd;

	start(_metadata, self, 0, 1);
	file = test_file(&calls[0]);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	fd = addfd(self->fd, n.id, file, 0, 0, 0);
	ASSERT_LE(0, fd) TH_LOG("ADDFD: %s", strerror(errno));
	calls[0].check = 1;
	STORE(calls[0].check_fd, fd);
	ASSERT_EQ(0, send_resp(self->fd, n.id, 1, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(1, calls[0].ret);
	EXPECT_EQ(1, calls[0].fd_matches);
	EXPECT_EQ(0, calls[0].fd_cloexec);
}

TEST_F(notify, addfd_cloexec)
{
	struct seccomp_notif n;
	int file, fd;

	start(_metadata, self, 0, 1);
	file = test_file(&calls[0]);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	fd = addfd(self->fd, n.id, file, 0, 0, O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("ADDFD: %s", strerror(errno));
	calls[0].check = 1;
	STORE(calls[0].check_fd, fd);
	ASSERT_EQ(0, send_resp(self->fd, n.id, 1, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(1, calls[0].fd_matches);
	EXPECT_EQ(1, calls[0].fd_cloexec);
}

TEST_F(notify, addfd_setfd)
{
	struct seccomp_notif n;
	int file;

	start(_metadata, self, 0, 1);
	file = test_file(&calls[0]);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(42, addfd(self->fd, n.id, file, SECCOMP_ADDFD_FLAG_SETFD,
			    42, 0));
	/* Again at the same number: replaced, same answer. */
	EXPECT_EQ(42, addfd(self->fd, n.id, file, SECCOMP_ADDFD_FLAG_SETFD,
			    42, O_CLOEXEC));
	calls[0].check = 1;
	STORE(calls[0].check_fd, 42);
	ASSERT_EQ(0, send_resp(self->fd, n.id, 1, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(1, calls[0].fd_matches);
	EXPECT_EQ(1, calls[0].fd_cloexec);
}

TEST_F(notify, addfd_send_answers_with_the_fd)
{
	struct seccomp_notif n;
	int file, fd;

	start(_metadata, self, 0, 1);
	file = test_file(&calls[0]);
	ASSERT_LE(0, file);
	calls[0].check = 2;
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	fd = addfd(self->fd, n.id, file, SECCOMP_ADDFD_FLAG_SEND, 0, 0);
	ASSERT_LE(0, fd) TH_LOG("ADDFD|SEND: %s", strerror(errno));
	finish(_metadata, self, 0);
	EXPECT_EQ(fd, calls[0].ret);
	EXPECT_EQ(1, calls[0].fd_matches);
	/* It was the answer. */
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 0, 0, 0));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(notify, addfd_send_setfd)
{
	struct seccomp_notif n;
	int file;

	start(_metadata, self, 0, 1);
	file = test_file(&calls[0]);
	ASSERT_LE(0, file);
	calls[0].check = 2;
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(50, addfd(self->fd, n.id, file,
			    SECCOMP_ADDFD_FLAG_SEND | SECCOMP_ADDFD_FLAG_SETFD,
			    50, O_CLOEXEC));
	finish(_metadata, self, 0);
	EXPECT_EQ(50, calls[0].ret);
	EXPECT_EQ(1, calls[0].fd_matches);
	EXPECT_EQ(1, calls[0].fd_cloexec);
}

TEST_F(notify, addfd_bad_requests)
{
	struct {
		struct seccomp_notif_addfd req;
		__u64 tail;
	} big;
	struct seccomp_notif n;
	int file;

	start(_metadata, self, 0, 1);
	file = test_file(&calls[0]);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, recv_notif(self->fd, &n));

	/* newfd without SETFD */
	EXPECT_EQ(-1, addfd(self->fd, n.id, file, 0, 42, 0));
	EXPECT_EQ(EINVAL, errno);
	/* newfd_flags other than O_CLOEXEC */
	EXPECT_EQ(-1, addfd(self->fd, n.id, file, 0, 0, O_NONBLOCK));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, addfd(self->fd, n.id, file, 0, 0,
			    O_CLOEXEC | O_WRONLY));
	EXPECT_EQ(EINVAL, errno);
	/* unknown flags */
	EXPECT_EQ(-1, addfd(self->fd, n.id, file, 1U << 2, 0, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, addfd(self->fd, n.id, file, 1U << 31, 0, 0));
	EXPECT_EQ(EINVAL, errno);
	/* bad source fd */
	EXPECT_EQ(-1, addfd(self->fd, n.id, 9999, 0, 0, 0));
	EXPECT_EQ(EBADF, errno);
	/* unknown id */
	EXPECT_EQ(-1, addfd(self->fd, n.id + 1000, file, 0, 0, 0));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, addfd(self->fd, n.id - 1, file, 0, 0, 0));
	EXPECT_EQ(ENOENT, errno);

	/* Struct sizes: smaller than VER0 (24) is EINVAL. */
	memset(&big, 0, sizeof(big));
	big.req.id = n.id;
	big.req.srcfd = file;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_ADDFD_SIZE(16), &big));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_ADDFD_SIZE(23), &big));
	EXPECT_EQ(EINVAL, errno);
	/* Larger with a non-zero tail: E2BIG. */
	big.tail = 1;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_ADDFD_SIZE(sizeof(big)), &big));
	EXPECT_EQ(E2BIG, errno);
	/* Nothing was installed: the notification still waits. */
	EXPECT_EQ(0, id_valid(self->fd, n.id, false));
	/* Larger with a zero tail: fine. */
	big.tail = 0;
	EXPECT_LE(0, ioctl(self->fd, IOCTL_ADDFD_SIZE(sizeof(big)), &big))
		TH_LOG("ADDFD of %zu bytes: %s", sizeof(big), strerror(errno));
	/* And so is the direction-less form of the ioctl with size 24. */
	EXPECT_LE(0, ioctl(self->fd, _IOC(_IOC_READ | _IOC_WRITE,
					  SECCOMP_IOC_MAGIC, 3, 24), &big));

	EXPECT_EQ(0, send_resp(self->fd, n.id, 1, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(1, calls[0].ret);
}

TEST_F(notify, addfd_not_yet_received_is_einprogress)
{
	struct seccomp_notif n;
	int file;
	pid_t pid;

	calls[0].calls = 2;
	pid = start(_metadata, self, 0, 1);
	file = test_file(&calls[0]);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	ASSERT_EQ(0, send_resp(self->fd, n.id, 1, 0, 0));
	ASSERT_EQ(POLLIN, poll_now(self->fd, 10000) & (POLLIN | POLLOUT));
	ASSERT_EQ(0, wait_blocked(pid, NOTIFIED_NR));
	EXPECT_EQ(-1, addfd(self->fd, n.id + 1, file, 0, 0, 0));
	EXPECT_EQ(EINPROGRESS, errno);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(0, send_resp(self->fd, n.id, 2, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(2, calls[0].ret);
}

TEST_F(notify, addfd_honours_rlimit_nofile)
{
	struct seccomp_notif n;
	int file, fd;

	calls[0].nofile = 16;
	start(_metadata, self, 0, 1);
	file = test_file(&calls[0]);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	/* The target's table is full up to its limit. */
	EXPECT_EQ(-1, addfd(self->fd, n.id, file, 0, 0, 0));
	EXPECT_EQ(EMFILE, errno);
	EXPECT_EQ(-1, addfd(self->fd, n.id, file, SECCOMP_ADDFD_FLAG_SETFD,
			    16, 0));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, addfd(self->fd, n.id, file, SECCOMP_ADDFD_FLAG_SETFD,
			    100, 0));
	EXPECT_EQ(EBADF, errno);
	/* A failed SEND leaves the call waiting for another answer. */
	EXPECT_EQ(-1, addfd(self->fd, n.id, file,
			    SECCOMP_ADDFD_FLAG_SEND | SECCOMP_ADDFD_FLAG_SETFD,
			    200, 0));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, addfd(self->fd, n.id, file, SECCOMP_ADDFD_FLAG_SEND, 0,
			    0));
	EXPECT_EQ(EMFILE, errno);
	EXPECT_EQ(0, id_valid(self->fd, n.id, false));
	/* Replacing a descriptor below the limit works. */
	fd = addfd(self->fd, n.id, file, SECCOMP_ADDFD_FLAG_SETFD, 15, 0);
	EXPECT_EQ(15, fd);
	calls[0].check = 1;
	STORE(calls[0].check_fd, 15);
	EXPECT_EQ(0, send_resp(self->fd, n.id, 8, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(8, calls[0].ret);
	EXPECT_EQ(1, calls[0].fd_matches);
}

static int busy_listener;
static __u64 busy_id;
static int busy_file;
static int busy_go;
static int busy_ret, busy_errno;

static void *busy_sender(void *arg)
{
	while (!LOAD(busy_go))
		;
	/* Runs only once the first ADDFD sleeps, before the target runs. */
	busy_ret = addfd(busy_listener, busy_id, busy_file,
			 SECCOMP_ADDFD_FLAG_SEND, 0, 0);
	busy_errno = errno;
	return NULL;
}

/*
 * ADDFD|SEND while an earlier ADDFD waits for the target is EBUSY.  To
 * keep the target from carrying out the first request in between, the
 * supervisor's two threads run with real-time priorities on the CPU of
 * the (normal priority) target.
 */
TEST_F(notify, addfd_send_while_addfd_pending_is_ebusy)
{
	struct sched_param hi = { .sched_priority = 20 };
	struct sched_param lo = { .sched_priority = 10 };
	struct seccomp_notif n;
	pthread_attr_t attr;
	cpu_set_t cpu;
	pthread_t t;
	int file, fd;

	CPU_ZERO(&cpu);
	CPU_SET(sched_getcpu(), &cpu);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpu), &cpu));
	start(_metadata, self, 0, 1);
	file = test_file(&calls[0]);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	busy_listener = self->fd;
	busy_id = n.id;
	busy_file = file;

	if (sched_setscheduler(0, SCHED_FIFO, &hi))
		SKIP(return, "no SCHED_FIFO: %s", strerror(errno));
	pthread_attr_init(&attr);
	pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
	pthread_attr_setschedparam(&attr, &lo);
	ASSERT_EQ(0, pthread_create(&t, &attr, busy_sender, NULL));
	STORE(busy_go, 1);
	fd = addfd(self->fd, n.id, file, 0, 0, 0);
	pthread_join(t, NULL);
	sched_setscheduler(0, SCHED_OTHER, &(struct sched_param){ 0 });
	EXPECT_LE(0, fd);
	EXPECT_EQ(-1, busy_ret);
	EXPECT_EQ(EBUSY, busy_errno);
	EXPECT_EQ(0, send_resp(self->fd, n.id, 4, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(4, calls[0].ret);
}

TEST_F(notify, set_flags)
{
	struct seccomp_notif n;

	/* The flags are the argument's value, not a pointer to them. */
	EXPECT_EQ(0, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
			   SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP));
	EXPECT_EQ(-1, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 2UL));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
			    SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP | (1UL << 63)));
	EXPECT_EQ(EINVAL, errno);
	/* Round trips work with it. */
	start(_metadata, self, 0, 1);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(0, send_resp(self->fd, n.id, 31, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(31, calls[0].ret);
	/* And without it again. */
	EXPECT_EQ(0, ioctl(self->fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 0UL));
	start(_metadata, self, 1, 2);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(2, n.data.args[0]);
	EXPECT_EQ(0, send_resp(self->fd, n.id, 32, 0, 0));
	finish(_metadata, self, 1);
	EXPECT_EQ(32, calls[1].ret);
}

/* Many round trips in a row, from one notifier. */
TEST_F(notify, many_round_trips)
{
	struct seccomp_notif n;
	__u64 last = 0;
	int i;

	calls[0].calls = 200;
	start(_metadata, self, 0, 7);
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, recv_notif(self->fd, &n));
		if (i)
			EXPECT_EQ(last + 1, n.id);
		last = n.id;
		ASSERT_EQ(0, send_resp(self->fd, n.id, i, 0, 0));
	}
	finish(_metadata, self, 0);
	EXPECT_EQ(199, calls[0].ret);
}

/*
 * FIFO: 64 notifiers, started one after the other, each once the
 * previous one's notification is posted; they are received in that
 * order, with increasing ids, and every answer reaches its own caller.
 */
TEST_F(notify, fifo_order_of_64_notifiers)
{
	struct seccomp_notif n;
	pid_t pids[MAX_CALLS];
	__u64 ids[MAX_CALLS];
	__u64 last = 0;
	int i;

	for (i = 0; i < MAX_CALLS; i++)
		pids[i] = start(_metadata, self, i, 1000 + i);
	EXPECT_EQ(POLLIN | POLLRDNORM, poll_now(self->fd, 0));
	for (i = 0; i < MAX_CALLS; i++) {
		ASSERT_EQ(0, recv_notif(self->fd, &n));
		EXPECT_EQ(1000 + i, n.data.args[0]);
		EXPECT_EQ(pids[i], n.pid);
		if (i)
			EXPECT_LT(last, n.id);
		last = n.id;
		ids[i] = n.id;
	}
	/* Nothing left to receive. */
	EXPECT_EQ(POLLOUT | POLLWRNORM, poll_now(self->fd, 0));
	/* Answer in reverse order. */
	for (i = MAX_CALLS - 1; i >= 0; i--)
		ASSERT_EQ(0, send_resp(self->fd, ids[i],
				       3 * i + 1, 0, 0));
	for (i = 0; i < MAX_CALLS; i++) {
		finish(_metadata, self, i);
		EXPECT_EQ(3 * i + 1, calls[i].ret);
	}
}

static void *thread_call(void *arg)
{
	make_call(arg);
	return NULL;
}

/*
 * 64 threads notify at once: each is received exactly once, ids
 * strictly increase in the order received, and answers reach their
 * own callers.
 */
TEST_F(notify, concurrent_64_threads)
{
	pthread_t threads[MAX_CALLS];
	struct seccomp_notif n;
	bool seen[MAX_CALLS] = { };
	__u64 last = 0;
	int i;

	for (i = 0; i < MAX_CALLS; i++) {
		calls[i].tag = i;
		ASSERT_EQ(0, pthread_create(&threads[i], NULL, thread_call,
					    &calls[i]));
	}
	for (i = 0; i < MAX_CALLS; i++)
		STORE(calls[i].go, 1);
	for (i = 0; i < MAX_CALLS; i++) {
		ASSERT_EQ(0, recv_notif(self->fd, &n));
		ASSERT_LT(n.data.args[0], MAX_CALLS);
		EXPECT_FALSE(seen[n.data.args[0]]);
		seen[n.data.args[0]] = true;
		EXPECT_EQ(calls[n.data.args[0]].tid, n.pid);
		if (i)
			EXPECT_LT(last, n.id);
		last = n.id;
		ASSERT_EQ(0, send_resp(self->fd, n.id, 100 + n.data.args[0],
				       0, 0));
	}
	for (i = 0; i < MAX_CALLS; i++) {
		pthread_join(threads[i], NULL);
		EXPECT_EQ(100 + i, calls[i].ret);
	}
}

/* The listener is closed while a task waits: ENOSYS for it. */
TEST_F(notify, close_before_recv_is_enosys)
{
	start(_metadata, self, 0, 1);
	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	finish(_metadata, self, 0);
	EXPECT_EQ(-1, calls[0].ret);
	EXPECT_EQ(ENOSYS, calls[0].err);
}

TEST_F(notify, close_after_recv_is_enosys)
{
	struct seccomp_notif n;

	start(_metadata, self, 0, 1);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	finish(_metadata, self, 0);
	EXPECT_EQ(-1, calls[0].ret);
	EXPECT_EQ(ENOSYS, calls[0].err);
}

/*
 * Signals.  A notifier with a SIGUSR1 handler (SA_RESTART or not) gets
 * the signal before or after its notification is received.
 */
TEST_F(notify, signal_before_recv_restarts_the_call)
{
	struct seccomp_notif n;
	__u64 first;
	pid_t pid;

	calls[0].handler = 1;
	calls[0].calls = 2;
	pid = start(_metadata, self, 0, 5);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	first = n.id;
	ASSERT_EQ(0, send_resp(self->fd, n.id, 1, 0, 0));
	/* Its second call is posted; interrupt it before it is received. */
	ASSERT_EQ(POLLIN, poll_now(self->fd, 10000) & (POLLIN | POLLOUT));
	ASSERT_EQ(0, wait_blocked(pid, NOTIFIED_NR));
	ASSERT_EQ(0, kill(pid, SIGUSR1));
	ASSERT_EQ(0, wait_flag(&calls[0].signals, 10000))
		TH_LOG("the handler did not run before an answer");
	/* The call was restarted: a new notification, with a new id. */
	ASSERT_EQ(0, wait_blocked(pid, NOTIFIED_NR));
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(5, n.data.args[0]);
	EXPECT_EQ(pid, n.pid);
	EXPECT_LT(first + 1, n.id);
	EXPECT_EQ(0, send_resp(self->fd, n.id, 55, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(55, calls[0].ret);
	EXPECT_EQ(1, LOAD(calls[0].signals));
}

TEST_F(notify, signal_before_recv_without_restart_is_eintr)
{
	pid_t pid;

	calls[0].handler = 2;
	pid = start(_metadata, self, 0, 5);
	ASSERT_EQ(0, kill(pid, SIGUSR1));
	finish(_metadata, self, 0);
	EXPECT_EQ(-1, calls[0].ret);
	EXPECT_EQ(EINTR, calls[0].err);
	EXPECT_EQ(1, LOAD(calls[0].signals));
	/* Withdrawn: nothing to receive or answer. */
	EXPECT_EQ(0, poll_now(self->fd, 0) & (POLLIN | POLLOUT));
}

/*
 * After RECV: without WAIT_KILLABLE_RECV the signal interrupts the call,
 * which is restarted as a new notification; the old id is gone.  With
 * it, a non-fatal signal waits for the answer.
 */
TEST_F(notify, signal_after_recv)
{
	struct seccomp_notif n;
	__u64 old;
	pid_t pid;

	calls[0].handler = 1;
	pid = start(_metadata, self, 0, 6);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	ASSERT_EQ(0, kill(pid, SIGUSR1));

	if (variant->filter_flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) {
		/* The notifier keeps waiting, killably. */
		ASSERT_EQ(0, wait_blocked_state(pid, NOTIFIED_NR, 'D'));
		msleep(100);
		EXPECT_EQ(0, LOAD(calls[0].signals));
		EXPECT_EQ(0, id_valid(self->fd, n.id, false));
		EXPECT_EQ(0, send_resp(self->fd, n.id, 66, 0, 0));
		finish(_metadata, self, 0);
		EXPECT_EQ(66, calls[0].ret);
		/* The handler ran once the call returned. */
		EXPECT_EQ(1, LOAD(calls[0].signals));
		return;
	}

	ASSERT_EQ(0, wait_flag(&calls[0].signals, 10000));
	/* The restarted call may be posted already: the old id is gone. */
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 66, 0, 0));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, id_valid(self->fd, n.id, false));
	EXPECT_EQ(ENOENT, errno);
	ASSERT_EQ(0, wait_blocked(pid, NOTIFIED_NR));
	old = n.id;
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_LT(old, n.id);
	EXPECT_EQ(6, n.data.args[0]);
	EXPECT_EQ(0, send_resp(self->fd, n.id, 67, 0, 0));
	finish(_metadata, self, 0);
	EXPECT_EQ(67, calls[0].ret);
	EXPECT_EQ(1, LOAD(calls[0].signals));
}

TEST_F(notify, fatal_signal_after_recv)
{
	struct seccomp_notif n;
	pid_t pid;

	calls[0].handler = 1;
	pid = start(_metadata, self, 0, 6);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	EXPECT_EQ(SIGKILL, WTERMSIG(reap(pid)));
	self->pids[0] = 0;
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 1, 0, 0));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, id_valid(self->fd, n.id, false));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, addfd(self->fd, n.id, 0, 0, 0, 0));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, LOAD(calls[0].done));
}

/* A signal whose default action is to terminate counts as fatal. */
TEST_F(notify, default_fatal_signal_after_recv)
{
	struct seccomp_notif n;
	pid_t pid;

	pid = start(_metadata, self, 0, 6);
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	ASSERT_EQ(0, kill(pid, SIGTERM));
	EXPECT_EQ(SIGTERM, WTERMSIG(reap(pid)));
	self->pids[0] = 0;
	EXPECT_EQ(-1, send_resp(self->fd, n.id, 1, 0, 0));
	EXPECT_EQ(ENOENT, errno);
}

/*
 * Release on exit: the filter lives in a "sandbox" child, which sends
 * the listener to the test process over a socket and closes its own
 * copy.  The sandbox exits on go; with @grandchild it first forks a
 * second user of the filter, which exits on calls[1].go.
 */
static int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte = 'x';
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

FIXTURE(sandbox) {
	int fd;
	pid_t pid;		/* the sandbox */
	pid_t grandchild;
};

FIXTURE_VARIANT(sandbox) {
	bool grandchild;
	bool stacked;	/* another filter above the listener's */
};

FIXTURE_VARIANT_ADD(sandbox, one_task) { };
FIXTURE_VARIANT_ADD(sandbox, two_tasks) { .grandchild = true };
FIXTURE_VARIANT_ADD(sandbox, stacked) { .stacked = true };
FIXTURE_VARIANT_ADD(sandbox, stacked_two_tasks) {
	.grandchild = true, .stacked = true,
};

FIXTURE_SETUP(sandbox)
{
	int sv[2];

	calls = shared_calls();
	ASSERT_NE(NULL, calls);
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	self->pid = fork();
	ASSERT_LE(0, self->pid);
	if (self->pid == 0) {
		int fd = attach_listener(0);

		close(sv[0]);
		if (fd < 0 || send_fd(sv[1], fd))
			_exit(1);
		if (variant->stacked && install_const(0, SECCOMP_RET_ALLOW))
			_exit(3);
		close(fd);
		close(sv[1]);
		if (variant->grandchild) {
			pid_t g = fork();

			if (g < 0)
				_exit(2);
			if (g == 0) {
				while (!LOAD(calls[1].go))
					usleep(500);
				_exit(0);
			}
			calls[0].tid = g;
		}
		STORE(calls[0].done, 1);
		while (!LOAD(calls[0].go))
			usleep(500);
		_exit(0);
	}
	close(sv[1]);
	self->fd = recv_fd(sv[0]);
	close(sv[0]);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, wait_flag(&calls[0].done, 10000));
	self->grandchild = calls[0].tid;
}

FIXTURE_TEARDOWN(sandbox)
{
	if (self->grandchild > 0)
		kill(self->grandchild, SIGKILL);
	if (self->pid > 0) {
		kill(self->pid, SIGKILL);
		waitpid(self->pid, NULL, 0);
	}
	close(self->fd);
}

/* Wait for the sandbox to exit, leaving it a zombie (not reaped). */
static int sandbox_exit(FIXTURE_DATA(sandbox) *self)
{
	siginfo_t si;

	STORE(calls[0].go, 1);
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, self->pid, &si, WEXITED | WNOWAIT))
		return -1;
	return si.si_pid == self->pid && si.si_code == CLD_EXITED ? 0 : -1;
}

/* Wait for the grandchild (not our child) to be gone. */
static int grandchild_exit(FIXTURE_DATA(sandbox) *self)
{
	int i;

	STORE(calls[1].go, 1);
	for (i = 0; i < 10000; i++) {
		long nr;
		char st = task_state(self->grandchild, &nr);

		if (st == '?' || st == 'Z' || st == 'X')
			return 0;
		usleep(1000);
	}
	return -1;
}

TEST_F(sandbox, pollhup_once_every_user_exited)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = epoll_create1(0);
	struct seccomp_notif n;

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->fd, &ev));
	EXPECT_EQ(0, poll_now(self->fd, 0));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));

	/* A zombie uses no filter. */
	ASSERT_EQ(0, sandbox_exit(self));
	if (variant->grandchild) {
		/* The grandchild still does. */
		EXPECT_EQ(0, poll_now(self->fd, 50));
		ASSERT_EQ(0, grandchild_exit(self));
	}
	EXPECT_EQ(POLLHUP, poll_now(self->fd, 10000));
	ASSERT_EQ(1, epoll_wait(ep, &ev, 1, 10000));
	EXPECT_EQ(EPOLLHUP, ev.events);
	/* And RECV tells it too. */
	EXPECT_EQ(-1, recv_notif(self->fd, &n));
	EXPECT_EQ(ENOENT, errno);
	close(ep);
}

/* arm64 has no poll(2): its libc's poll() calls ppoll(2). */
#ifdef __NR_poll
#define NR_POLL __NR_poll
#else
#define NR_POLL __NR_ppoll
#endif

/* A poll() already blocked is woken with POLLHUP. */
TEST_F(sandbox, blocked_poll_gets_pollhup)
{
	struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
	pid_t me = syscall(__NR_gettid);
	pid_t helper = fork();

	ASSERT_LE(0, helper);
	if (helper == 0) {
		if (wait_blocked_either(me, NR_POLL, __NR_ppoll))
			_exit(1);
		STORE(calls[0].go, 1);
		STORE(calls[1].go, 1);
		_exit(0);
	}
	ASSERT_EQ(1, poll(&pfd, 1, 20000));
	EXPECT_EQ(POLLHUP, pfd.revents);
	EXPECT_EQ(0, WEXITSTATUS(reap(helper)));
}

static int blocked_recv_ret, blocked_recv_errno;
static pid_t blocked_recv_tid;

static void *blocked_recv(void *arg)
{
	struct seccomp_notif n;

	STORE(blocked_recv_tid, syscall(__NR_gettid));
	blocked_recv_ret = recv_notif(*(int *)arg, &n);
	blocked_recv_errno = errno;
	return NULL;
}

TEST_F(sandbox, blocked_recv_gets_enoent_on_exit)
{
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, blocked_recv, &self->fd));
	while (!LOAD(blocked_recv_tid))
		usleep(100);
	ASSERT_EQ(0, wait_blocked(blocked_recv_tid, __NR_ioctl));
	ASSERT_EQ(0, sandbox_exit(self));
	if (variant->grandchild) {
		msleep(50);
		/* Still blocked: the grandchild uses the filter. */
		EXPECT_EQ(0, wait_blocked(blocked_recv_tid, __NR_ioctl));
		ASSERT_EQ(0, grandchild_exit(self));
	}
	pthread_join(t, NULL);
	EXPECT_EQ(-1, blocked_recv_ret);
	EXPECT_EQ(ENOENT, blocked_recv_errno);
}

/* A user killed rather than exiting lets go of the filter too. */
TEST_F(sandbox, killed_user_releases_the_filter)
{
	struct seccomp_notif n;
	siginfo_t si;

	if (variant->grandchild) {
		ASSERT_EQ(0, sandbox_exit(self));
		/* Nobody notifies; the grandchild is still a user. */
		EXPECT_EQ(0, poll_now(self->fd, 0));
		ASSERT_EQ(0, kill(self->grandchild, SIGKILL));
	} else {
		ASSERT_EQ(0, kill(self->pid, SIGKILL));
		/* Dead, not reaped. */
		memset(&si, 0, sizeof(si));
		ASSERT_EQ(0, waitid(P_PID, self->pid, &si, WEXITED | WNOWAIT));
		EXPECT_EQ(CLD_KILLED, si.si_code);
	}
	EXPECT_EQ(POLLHUP, poll_now(self->fd, 10000));
	EXPECT_EQ(-1, recv_notif(self->fd, &n));
	EXPECT_EQ(ENOENT, errno);
}

/*
 * pid namespaces: the pid of a notification is the notifier's pid in the
 * namespace of the task that receives it, 0 if that one cannot see it.
 */
FIXTURE(pidns) {
	int fd;
	pid_t pids[4];
};

FIXTURE_SETUP(pidns)
{
	calls = shared_calls();
	ASSERT_NE(NULL, calls);
	self->fd = attach_listener(0);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(pidns)
{
	kill_all(self->pids, 4);
	close(self->fd);
}

/* The notifier in a child namespace: we see its pid in ours. */
TEST_F(pidns, notifier_in_child_namespace)
{
	struct seccomp_notif n;
	pid_t pid;

	ASSERT_EQ(0, unshare(CLONE_NEWPID)) TH_LOG("%s", strerror(errno));
	STORE(calls[0].go, 1);
	calls[0].tag = 1;
	pid = self->pids[0] = spawn_notifier(self->fd, &calls[0]);
	ASSERT_LE(0, pid);
	ASSERT_EQ(0, wait_blocked(pid, NOTIFIED_NR));
	ASSERT_EQ(0, recv_notif(self->fd, &n));
	EXPECT_EQ(pid, n.pid);
	EXPECT_EQ(0, send_resp(self->fd, n.id, 12, 0, 0));
	ASSERT_EQ(0, wait_flag(&calls[0].done, 10000));
	EXPECT_EQ(12, calls[0].ret);
	EXPECT_EQ(1, calls[0].own_pid);
	EXPECT_NE(1, pid);
}

/*
 * A supervisor in a child namespace receiving from a notifier of the
 * parent namespace gets 0.
 */
static void supervise_once(int fd, struct call *report)
{
	struct seccomp_notif n;

	report->own_pid = getpid();
	if (recv_notif(fd, &n)) {
		report->child_result = -1000 - errno;
	} else {
		report->child_result = n.pid;
		send_resp(fd, n.id, 21, 0, 0);
	}
	STORE(report->done, 1);
}

TEST_F(pidns, supervisor_in_child_namespace)
{
	pid_t sup;

	STORE(calls[0].go, 1);
	calls[0].tag = 1;
	self->pids[0] = spawn_notifier(self->fd, &calls[0]);
	ASSERT_LE(0, self->pids[0]);
	ASSERT_EQ(0, wait_blocked(self->pids[0], NOTIFIED_NR));
	ASSERT_EQ(0, unshare(CLONE_NEWPID)) TH_LOG("%s", strerror(errno));
	sup = fork();
	ASSERT_LE(0, sup);
	if (sup == 0) {
		supervise_once(self->fd, &calls[1]);
		_exit(0);
	}
	self->pids[1] = sup;
	ASSERT_EQ(0, wait_flag(&calls[1].done, 10000));
	EXPECT_EQ(1, calls[1].own_pid);
	EXPECT_EQ(0, calls[1].child_result);
	ASSERT_EQ(0, wait_flag(&calls[0].done, 10000));
	EXPECT_EQ(21, calls[0].ret);
}

/* Notifier and supervisor in two sibling namespaces: 0. */
TEST_F(pidns, sibling_namespaces)
{
	pid_t h1, h2;

	STORE(calls[0].go, 1);
	calls[0].tag = 1;
	h1 = fork();
	ASSERT_LE(0, h1);
	if (h1 == 0) {
		pid_t pid;

		if (unshare(CLONE_NEWPID))
			_exit(1);
		pid = spawn_notifier(self->fd, &calls[0]);
		_exit(pid > 0 && wait_status(pid) == 0 ? 0 : 2);
	}
	self->pids[0] = h1;
	h2 = fork();
	ASSERT_LE(0, h2);
	if (h2 == 0) {
		pid_t pid;

		if (unshare(CLONE_NEWPID))
			_exit(1);
		pid = fork();
		if (pid == 0) {
			supervise_once(self->fd, &calls[1]);
			_exit(0);
		}
		_exit(pid > 0 && wait_status(pid) == 0 ? 0 : 2);
	}
	self->pids[1] = h2;
	EXPECT_EQ(0, WEXITSTATUS(reap(h2)));
	self->pids[1] = 0;
	EXPECT_EQ(0, WEXITSTATUS(reap(h1)));
	self->pids[0] = 0;
	EXPECT_EQ(1, LOAD(calls[1].done));
	EXPECT_EQ(1, calls[1].own_pid);
	EXPECT_EQ(0, calls[1].child_result);
	EXPECT_EQ(1, calls[0].own_pid);
	EXPECT_EQ(21, calls[0].ret);
}

TEST_HARNESS_MAIN
