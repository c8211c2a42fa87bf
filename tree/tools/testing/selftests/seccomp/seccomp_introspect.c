// SPDX-License-Identifier: GPL-2.0
/*
 * Looking at seccomp from outside: dumping a tracee's filters and their
 * flags with ptrace, suspending a tracee's seccomp, the sysctls under
 * /proc/sys/kernel/seccomp/, and /proc/PID/seccomp_cache.
 */
#include "seccomp_common.h"

#include <sys/mman.h>
#include <sys/ptrace.h>

#define ACTIONS_AVAIL "/proc/sys/kernel/seccomp/actions_avail"
#define ACTIONS_LOGGED "/proc/sys/kernel/seccomp/actions_logged"
#define ALL_ACTIONS "kill_process kill_thread trap errno user_notif trace log"

/* Two filters of different lengths, to tell them apart in a dump. */
static struct sock_filter oldest[] = {
	LD_ABS(SD_NR),
	JEQ_K(__NR_getppid, 0, 1),
	RET_K(SECCOMP_RET_ERRNO | EXDEV),
	RET_K(SECCOMP_RET_ALLOW),
};

static struct sock_filter newest[] = {
	LD_ABS(SD_ARCH),
	RET_K(SECCOMP_RET_ALLOW),
};

static void attach_oldest_and_newest(void)
{
	if (set_no_new_privs() || INSTALL(0, oldest) ||
	    INSTALL(SECCOMP_FILTER_FLAG_LOG, newest))
		_exit(60);
}

static void attach_nothing(void)
{
}

/*
 * Fork a child that runs @setup, then stops traced by us, then runs @after
 * (if any) once resumed.  Returns its pid once it is in a ptrace stop.
 */
static pid_t stopped_tracee2(void (*setup)(void), void (*after)(void))
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		setup();
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(61);
		raise(SIGSTOP);
		if (after)
			after();
		_exit(0);
	}
	status = wait_status(pid);
	if (!WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		return -1;
	}
	return pid;
}

static pid_t stopped_tracee(void (*setup)(void))
{
	return stopped_tracee2(setup, NULL);
}

static void end_tracee(pid_t pid)
{
	kill(pid, SIGKILL);
	wait_status(pid);
}

static long get_filter(pid_t pid, unsigned long index, void *buf)
{
	return ptrace(PTRACE_SECCOMP_GET_FILTER, pid, index, buf);
}

static long get_metadata(pid_t pid, unsigned long size,
			 struct __ptrace_seccomp_metadata *md)
{
	return ptrace(PTRACE_SECCOMP_GET_METADATA, pid, size, md);
}

FIXTURE(dump) {
	pid_t pid;
};

FIXTURE_SETUP(dump)
{
	self->pid = stopped_tracee(attach_oldest_and_newest);
	ASSERT_LT(0, self->pid);
}

FIXTURE_TEARDOWN(dump)
{
	end_tracee(self->pid);
}

TEST_F(dump, index_zero_is_the_oldest)
{
	struct sock_filter buf[8];

	EXPECT_EQ(ARRAY_SIZE(oldest), get_filter(self->pid, 0, NULL));
	EXPECT_EQ(ARRAY_SIZE(newest), get_filter(self->pid, 1, NULL));

	memset(buf, 0xff, sizeof(buf));
	ASSERT_EQ(ARRAY_SIZE(oldest), get_filter(self->pid, 0, buf));
	EXPECT_EQ(0, memcmp(buf, oldest, sizeof(oldest)));
	/* Nothing written past the program. */
	EXPECT_EQ(0xffff, buf[ARRAY_SIZE(oldest)].code);

	memset(buf, 0xff, sizeof(buf));
	ASSERT_EQ(ARRAY_SIZE(newest), get_filter(self->pid, 1, buf));
	EXPECT_EQ(0, memcmp(buf, newest, sizeof(newest)));
}

TEST_F(dump, index_out_of_range)
{
	errno = 0;
	EXPECT_EQ(-1, get_filter(self->pid, 2, NULL));
	EXPECT_EQ(ENOENT, errno);
	errno = 0;
	EXPECT_EQ(-1, get_filter(self->pid, ~0UL, NULL));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(dump, bad_buffer)
{
	errno = 0;
	EXPECT_EQ(-1, get_filter(self->pid, 0, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(dump, metadata_reports_the_log_flag)
{
	struct __ptrace_seccomp_metadata md;

	memset(&md, 0xff, sizeof(md));
	md.filter_off = 0;
	ASSERT_EQ(sizeof(md), get_metadata(self->pid, sizeof(md), &md));
	EXPECT_EQ(0, md.filter_off);
	EXPECT_EQ(0, md.flags);

	memset(&md, 0xff, sizeof(md));
	md.filter_off = 1;
	ASSERT_EQ(sizeof(md), get_metadata(self->pid, sizeof(md), &md));
	EXPECT_EQ(1, md.filter_off);
	EXPECT_EQ(SECCOMP_FILTER_FLAG_LOG, md.flags);
}

TEST_F(dump, metadata_sizes_and_errors)
{
	struct {
		struct __ptrace_seccomp_metadata md;
		__u64 beyond;
	} big;

	/* A larger buffer: only the struct is written and counted. */
	memset(&big, 0xff, sizeof(big));
	big.md.filter_off = 1;
	EXPECT_EQ(sizeof(big.md),
		  get_metadata(self->pid, sizeof(big), &big.md));
	EXPECT_EQ(SECCOMP_FILTER_FLAG_LOG, big.md.flags);
	EXPECT_EQ(~0ULL, big.beyond);

	/* Room for filter_off only. */
	memset(&big, 0xff, sizeof(big));
	big.md.filter_off = 1;
	EXPECT_EQ(8, get_metadata(self->pid, 8, &big.md));
	EXPECT_EQ(~0ULL, big.md.flags);

	errno = 0;
	EXPECT_EQ(-1, get_metadata(self->pid, 4, &big.md));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, get_metadata(self->pid, sizeof(big.md), NULL));
	EXPECT_EQ(EFAULT, errno);

	big.md.filter_off = 2;
	errno = 0;
	EXPECT_EQ(-1, get_metadata(self->pid, sizeof(big.md), &big.md));
	EXPECT_EQ(ENOENT, errno);
}

TEST(dump_of_a_tracee_without_filters)
{
	struct __ptrace_seccomp_metadata md = { 0 };
	pid_t pid = stopped_tracee(attach_nothing);

	ASSERT_LT(0, pid);
	errno = 0;
	EXPECT_EQ(-1, get_filter(pid, 0, NULL));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, get_metadata(pid, sizeof(md), &md));
	EXPECT_EQ(EINVAL, errno);
	end_tracee(pid);
}

TEST(dump_needs_cap_sys_admin)
{
	struct __ptrace_seccomp_metadata md = { 0 };
	pid_t pid;

	/* Dropped before the fork: the tracee's caps are no more than ours. */
	ASSERT_EQ(0, drop_cap(CAP_SYS_ADMIN));
	pid = stopped_tracee(attach_oldest_and_newest);
	ASSERT_LT(0, pid);
	errno = 0;
	EXPECT_EQ(-1, get_filter(pid, 0, NULL));
	EXPECT_EQ(EACCES, errno);
	errno = 0;
	EXPECT_EQ(-1, get_metadata(pid, sizeof(md), &md));
	EXPECT_EQ(EACCES, errno);
	end_tracee(pid);
}

TEST(dump_refused_to_a_tracer_in_seccomp)
{
	struct __ptrace_seccomp_metadata md = { 0 };
	pid_t pid = stopped_tracee(attach_oldest_and_newest);

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
	errno = 0;
	EXPECT_EQ(-1, get_filter(pid, 0, NULL));
	EXPECT_EQ(EACCES, errno);
	errno = 0;
	EXPECT_EQ(-1, get_metadata(pid, sizeof(md), &md));
	EXPECT_EQ(EACCES, errno);
	end_tracee(pid);
}

/*
 * PTRACE_O_SUSPEND_SECCOMP: the tracee's filters stop applying.  Only a
 * tracer with CAP_SYS_ADMIN that is not itself in seccomp may ask.
 */

struct suspend_report {
	long before, before_err;
	long after, after_err;
};

static struct suspend_report *report;

/* Calls getppid() before and after the stop, with the filter attached. */
static void suspend_tracee_setup(void)
{
	if (set_no_new_privs() ||
	    install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | EXDEV))
		_exit(60);
	errno = 0;
	report->before = syscall(__NR_getppid);
	report->before_err = errno;
}

static void suspend_tracee_after(void)
{
	errno = 0;
	report->after = syscall(__NR_getppid);
	report->after_err = errno;
}

static pid_t stopped_suspend_tracee(void)
{
	report = mmap(NULL, sizeof(*report), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (report == MAP_FAILED)
		return -1;
	return stopped_tracee2(suspend_tracee_setup, suspend_tracee_after);
}

/* A child with the filter, blocked on @go, that then reports. */
static pid_t waiting_suspend_child(int go[2])
{
	int ready[2];
	pid_t pid;
	char c;

	report = mmap(NULL, sizeof(*report), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (report == MAP_FAILED || pipe(go) || pipe(ready))
		return -1;
	pid = fork();
	if (pid == 0) {
		suspend_tracee_setup();
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(62);
		suspend_tracee_after();
		_exit(0);
	}
	close(ready[1]);
	if (pid < 0 || read(ready[0], &c, 1) != 1)
		return -1;
	close(ready[0]);
	return pid;
}

TEST(suspend_seccomp_with_setoptions_lifts_the_filter)
{
	pid_t pid = stopped_suspend_tracee();
	int status;

	ASSERT_LT(0, pid);
	EXPECT_EQ(-1, report->before);
	EXPECT_EQ(EXDEV, report->before_err);
	ASSERT_EQ(0, ptrace(PTRACE_SETOPTIONS, pid, 0,
			    PTRACE_O_SUSPEND_SECCOMP | PTRACE_O_EXITKILL))
		TH_LOG("PTRACE_SETOPTIONS: %s", strerror(errno));
	ASSERT_EQ(0, ptrace(PTRACE_CONT, pid, 0, 0));
	status = wait_status(pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(getpid(), report->after) TH_LOG("errno %ld",
						  report->after_err);
}

TEST(suspend_seccomp_with_seize_lifts_the_filter)
{
	int go[2], status;
	pid_t pid = waiting_suspend_child(go);

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, pid, 0,
			    PTRACE_O_SUSPEND_SECCOMP | PTRACE_O_EXITKILL))
		TH_LOG("PTRACE_SEIZE: %s", strerror(errno));
	ASSERT_EQ(1, write(go[1], "g", 1));
	status = wait_status(pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(-1, report->before);
	EXPECT_EQ(EXDEV, report->before_err);
	EXPECT_EQ(getpid(), report->after) TH_LOG("errno %ld",
						  report->after_err);
}

TEST(without_suspend_the_filter_stays)
{
	int go[2], status;
	pid_t pid = waiting_suspend_child(go);

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_EXITKILL));
	ASSERT_EQ(1, write(go[1], "g", 1));
	status = wait_status(pid);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status 0x%x", status);
	EXPECT_EQ(-1, report->after);
	EXPECT_EQ(EXDEV, report->after_err);
}

static void expect_suspend_refused(struct __test_metadata *_metadata)
{
	int go[2];
	pid_t pid;

	pid = stopped_suspend_tracee();
	ASSERT_LT(0, pid);
	errno = 0;
	EXPECT_EQ(-1, ptrace(PTRACE_SETOPTIONS, pid, 0,
			     PTRACE_O_SUSPEND_SECCOMP));
	EXPECT_EQ(EPERM, errno);
	/* Other options still work. */
	EXPECT_EQ(0, ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_EXITKILL));
	end_tracee(pid);

	pid = waiting_suspend_child(go);
	ASSERT_LT(0, pid);
	errno = 0;
	EXPECT_EQ(-1, ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_SUSPEND_SECCOMP));
	EXPECT_EQ(EPERM, errno);
	ASSERT_EQ(1, write(go[1], "g", 1));
	EXPECT_EQ(0, wait_status(pid));
	EXPECT_EQ(-1, report->after);
	EXPECT_EQ(EXDEV, report->after_err);
}

TEST(suspend_seccomp_needs_cap_sys_admin)
{
	ASSERT_EQ(0, drop_cap(CAP_SYS_ADMIN));
	expect_suspend_refused(_metadata);
}

TEST(suspend_seccomp_refused_to_a_tracer_in_seccomp)
{
	ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
	expect_suspend_refused(_metadata);
}

/* Sysctls. */

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + total, size - 1 - total)) > 0)
		total += n;
	close(fd);
	if (n < 0)
		return -1;
	buf[total] = '\0';
	return total;
}

/* One write(2) of @s; 0 or the errno. */
static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	int err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		err = errno ?: EIO;
	close(fd);
	return err;
}

TEST(actions_avail)
{
	char buf[256];

	ASSERT_LT(0, read_file(ACTIONS_AVAIL, buf, sizeof(buf)));
	EXPECT_STREQ(ALL_ACTIONS " allow\n", buf);
	/* Read-only. */
	EXPECT_NE(0, write_file(ACTIONS_AVAIL, "allow"));
}

TEST(actions_logged_default)
{
	char buf[256];

	ASSERT_LT(0, read_file(ACTIONS_LOGGED, buf, sizeof(buf)));
	EXPECT_STREQ(ALL_ACTIONS "\n", buf);
}

FIXTURE(actions_logged) {
	char saved[256];
};

FIXTURE_SETUP(actions_logged)
{
	ASSERT_LT(0, read_file(ACTIONS_LOGGED, self->saved,
			       sizeof(self->saved)));
}

FIXTURE_TEARDOWN(actions_logged)
{
	char now[256];

	EXPECT_EQ(0, write_file(ACTIONS_LOGGED, self->saved));
	ASSERT_LT(0, read_file(ACTIONS_LOGGED, now, sizeof(now)));
	EXPECT_STREQ(self->saved, now);
}

static void expect_logged(struct __test_metadata *_metadata, const char *want)
{
	char buf[256];

	ASSERT_LT(0, read_file(ACTIONS_LOGGED, buf, sizeof(buf)));
	EXPECT_STREQ(want, buf);
}

TEST_F(actions_logged, round_trip)
{
	EXPECT_EQ(0, write_file(ACTIONS_LOGGED, "trap log"));
	expect_logged(_metadata, "trap log\n");
	EXPECT_EQ(0, write_file(ACTIONS_LOGGED, "kill_process\n"));
	expect_logged(_metadata, "kill_process\n");
	EXPECT_EQ(0, write_file(ACTIONS_LOGGED, ALL_ACTIONS));
	expect_logged(_metadata, ALL_ACTIONS "\n");
}

TEST_F(actions_logged, read_back_in_canonical_order)
{
	EXPECT_EQ(0, write_file(ACTIONS_LOGGED, "log errno kill_thread"));
	expect_logged(_metadata, "kill_thread errno log\n");
}

TEST_F(actions_logged, allow_is_refused)
{
	EXPECT_EQ(0, write_file(ACTIONS_LOGGED, "trap"));
	EXPECT_EQ(EINVAL, write_file(ACTIONS_LOGGED, "allow"));
	EXPECT_EQ(EINVAL, write_file(ACTIONS_LOGGED, "log allow"));
	EXPECT_EQ(EINVAL, write_file(ACTIONS_LOGGED, "allow trap"));
	expect_logged(_metadata, "trap\n");
}

TEST_F(actions_logged, unknown_names_are_refused)
{
	EXPECT_EQ(0, write_file(ACTIONS_LOGGED, "errno"));
	EXPECT_EQ(EINVAL, write_file(ACTIONS_LOGGED, "bogus"));
	EXPECT_EQ(EINVAL, write_file(ACTIONS_LOGGED, "kill"));
	EXPECT_EQ(EINVAL, write_file(ACTIONS_LOGGED, "trap bogus"));
	EXPECT_EQ(EINVAL, write_file(ACTIONS_LOGGED, "TRAP"));
	expect_logged(_metadata, "errno\n");
}

TEST_F(actions_logged, writing_needs_cap_sys_admin)
{
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (drop_cap(CAP_SYS_ADMIN))
			_exit(1);
		_exit(write_file(ACTIONS_LOGGED, "trap"));
	}
	EXPECT_EQ(EPERM << 8, wait_status(pid));
	expect_logged(_metadata, self->saved);
}

/*
 * /proc/PID/seccomp_cache (CONFIG_SECCOMP_CACHE_DEBUG): one line per system
 * call of each ABI, "x86_64 NR ALLOW|FILTER" then "ia32 NR ALLOW|FILTER"
 * ("aarch64" and "arm" on arm64), ALLOW for the calls that every attached
 * filter allows whatever the arguments, FILTER for the others.
 */

#define CACHE "/proc/self/seccomp_cache"
#if defined(__aarch64__)
#define NATIVE_NAME "aarch64"
#define COMPAT_NAME "arm"
#else
#define NATIVE_NAME "x86_64"
#define COMPAT_NAME "ia32"
#endif
#define MAX_NR 1024

struct cache {
	int n_native, n_compat;
	char native[MAX_NR];	/* 'A' or 'F' */
	char compat[MAX_NR];
};

/* Parse the cache file; false on any line out of place. */
static bool read_cache(struct __test_metadata *_metadata, struct cache *c)
{
	static char buf[64 * 1024];
	char *line, *save = NULL;
	int len = read_file(CACHE, buf, sizeof(buf));

	memset(c, 0, sizeof(*c));
	if (len < 0) {
		TH_LOG("reading " CACHE ": %s", strerror(errno));
		return false;
	}
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char arch[16], what[16];
		int nr, *count;
		char *slot;

		if (sscanf(line, "%15s %d %15s", arch, &nr, what) != 3)
			goto bad;
		if (!strcmp(arch, NATIVE_NAME) && !c->n_compat) {
			count = &c->n_native;
			slot = c->native;
		} else if (!strcmp(arch, COMPAT_NAME)) {
			count = &c->n_compat;
			slot = c->compat;
		} else {
			goto bad;
		}
		if (nr != *count || nr >= MAX_NR)
			goto bad;
		if (!strcmp(what, "ALLOW"))
			slot[nr] = 'A';
		else if (!strcmp(what, "FILTER"))
			slot[nr] = 'F';
		else
			goto bad;
		(*count)++;
	}
	return true;
bad:
	TH_LOG("unexpected line: '%s'", line);
	return false;
}

/* The numbers whose entry is not @usual, as "nr nr ...", for messages. */
static const char *exceptions(const char *slots, int n, char usual)
{
	static char out[4096];
	int i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n && len < (int)sizeof(out) - 16; i++)
		if (slots[i] != usual)
			len += sprintf(out + len, "%d ", i);
	return out;
}

FIXTURE(cache) {
	bool absent;
	struct cache c;
};

FIXTURE_SETUP(cache)
{
	self->absent = access(CACHE, F_OK) != 0;
}

FIXTURE_TEARDOWN(cache) {}

/* The 6.1 harness runs the test even after a SKIP() in the set-up. */
#define NO_CACHE CACHE " absent (CONFIG_SECCOMP_CACHE_DEBUG)"

/* For one ABI of @c, only @nr (or nothing if negative) may be FILTER. */
static void only_filtered(struct __test_metadata *_metadata,
			  const struct cache *c, bool compat, int nr)
{
	const char *slots = compat ? c->compat : c->native;
	int n = compat ? c->n_compat : c->n_native;
	char want[MAX_NR];

	memset(want, 'A', sizeof(want));
	if (nr >= 0)
		want[nr] = 'F';
	EXPECT_EQ(0, memcmp(want, slots, n))
		TH_LOG("%s FILTER: %s", compat ? COMPAT_NAME : NATIVE_NAME,
		       exceptions(slots, n, 'A'));
}

TEST_F(cache, empty_without_filters)
{
	char buf[64];

	if (self->absent)
		SKIP(return, NO_CACHE);

	EXPECT_EQ(0, read_file(CACHE, buf, sizeof(buf)));
}

TEST_F(cache, allow_all_for_native_only)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(NATIVE_ARCH, 1, 0),
		RET_K(SECCOMP_RET_KILL_PROCESS),
		RET_K(SECCOMP_RET_ALLOW),
	};

	if (self->absent)
		SKIP(return, NO_CACHE);

	ASSERT_EQ(0, INSTALL(0, insns));
	ASSERT_TRUE(read_cache(_metadata, &self->c));
	EXPECT_LT(__NR_set_mempolicy_home_node, self->c.n_native);
	EXPECT_LT(0, self->c.n_compat);
	only_filtered(_metadata, &self->c, false, -1);
	EXPECT_EQ(self->c.n_compat,
		  (int)strspn(self->c.compat, "F"))
		TH_LOG(COMPAT_NAME " ALLOW: %s",
		       exceptions(self->c.compat, self->c.n_compat, 'F'));
}

TEST_F(cache, one_denied_call)
{
	if (self->absent)
		SKIP(return, NO_CACHE);
	ASSERT_EQ(0, install_action(0, __NR_getppid,
				    SECCOMP_RET_ERRNO | EXDEV));
	ASSERT_TRUE(read_cache(_metadata, &self->c));
	only_filtered(_metadata, &self->c, false, __NR_getppid);
	/* Other ABIs are allowed by this filter, whatever the number. */
	only_filtered(_metadata, &self->c, true, -1);
}

TEST_F(cache, filter_blind_to_arch_marks_both_abis)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_NR),
		JEQ_K(__NR_getppid, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | EXDEV),
		RET_K(SECCOMP_RET_ALLOW),
	};

	if (self->absent)
		SKIP(return, NO_CACHE);

	ASSERT_EQ(0, INSTALL(0, insns));
	ASSERT_TRUE(read_cache(_metadata, &self->c));
	only_filtered(_metadata, &self->c, false, __NR_getppid);
	only_filtered(_metadata, &self->c, true, __NR_getppid);
}

TEST_F(cache, argument_check_is_not_constant)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_ARCH),
		JEQ_K(NATIVE_ARCH, 0, 5),
		LD_ABS(SD_NR),
		JEQ_K(__NR_getppid, 0, 3),
		LD_ABS(SD_ARG(0)),
		JEQ_K(5, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | EXDEV),
		RET_K(SECCOMP_RET_ALLOW),
	};

	if (self->absent)
		SKIP(return, NO_CACHE);

	ASSERT_EQ(0, INSTALL(0, insns));
	ASSERT_TRUE(read_cache(_metadata, &self->c));
	only_filtered(_metadata, &self->c, false, __NR_getppid);
	only_filtered(_metadata, &self->c, true, -1);
	/* And the filter does look at the argument. */
	EXPECT_EQ(getppid(), syscall(__NR_getppid, 4));
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_getppid, 5));
	EXPECT_EQ(EXDEV, errno);
}

TEST_F(cache, every_filter_must_allow)
{
	if (self->absent)
		SKIP(return, NO_CACHE);
	ASSERT_EQ(0, install_action(0, __NR_getppid,
				    SECCOMP_RET_ERRNO | EXDEV));
	ASSERT_EQ(0, install_action(0, __NR_getpgid, SECCOMP_RET_LOG));
	ASSERT_TRUE(read_cache(_metadata, &self->c));
	EXPECT_EQ('F', self->c.native[__NR_getppid]);
	EXPECT_EQ('F', self->c.native[__NR_getpgid]);
	self->c.native[__NR_getpgid] = 'A';
	only_filtered(_metadata, &self->c, false, __NR_getppid);
}

TEST_F(cache, log_everywhere_is_not_allow)
{
	if (self->absent)
		SKIP(return, NO_CACHE);
	ASSERT_EQ(0, install_const(0, SECCOMP_RET_LOG));
	ASSERT_TRUE(read_cache(_metadata, &self->c));
	EXPECT_EQ(self->c.n_native, (int)strspn(self->c.native, "F"));
	EXPECT_EQ(self->c.n_compat, (int)strspn(self->c.compat, "F"));
}

TEST_F(cache, instruction_pointer_is_not_constant)
{
	struct sock_filter insns[] = {
		LD_ABS(SD_IP),
		JEQ_K(0, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | EXDEV),
		RET_K(SECCOMP_RET_ALLOW),
	};

	if (self->absent)
		SKIP(return, NO_CACHE);

	ASSERT_EQ(0, INSTALL(0, insns));
	ASSERT_TRUE(read_cache(_metadata, &self->c));
	EXPECT_EQ(self->c.n_native, (int)strspn(self->c.native, "F"));
	EXPECT_EQ(self->c.n_compat, (int)strspn(self->c.compat, "F"));
}

TEST_F(cache, reading_needs_cap_sys_admin)
{
	char buf[64];
	pid_t pid;

	if (self->absent)
		SKIP(return, NO_CACHE);

	ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (drop_cap(CAP_SYS_ADMIN))
			_exit(1);
		if (read_file(CACHE, buf, sizeof(buf)) >= 0)
			_exit(2);
		_exit(errno == EACCES ? 0 : 3);
	}
	EXPECT_EQ(0, wait_status(pid));
}

TEST_HARNESS_MAIN
