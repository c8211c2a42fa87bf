// SPDX-License-Identifier: GPL-2.0
/*
 * The error contract of prctl(PR_SET_SECCOMP) and seccomp(2): which errno
 * comes back for which mistake, and in which order the checks are made.
 *
 * Feature probes in libraries depend on that order (e.g. an unknown flag
 * must fail with EINVAL before the program pointer is looked at, while a
 * known flag with a NULL program fails with EFAULT), so every errno here is
 * pinned.  Each test runs in its own process (the harness forks), so the
 * filters it attaches go away with it.
 */
#include "seccomp_common.h"

#include <sys/mman.h>

#define KNOWN_FLAGS (SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG | \
		     SECCOMP_FILTER_FLAG_SPEC_ALLOW | \
		     SECCOMP_FILTER_FLAG_NEW_LISTENER | \
		     SECCOMP_FILTER_FLAG_TSYNC_ESRCH | \
		     SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)

#define MAX_PROG_LEN	4096	/* BPF_MAXINSNS */
/* Instructions in a chain, counting a penalty for each filter. */
#define MAX_CHAIN_LEN	32768
#define FILTER_PENALTY	4

static int current_mode(void)
{
	return prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
}

/*
 * A valid program of exactly @len instructions that allows everything:
 * a jump over @len - 2 no-ops to the final return.  Caller frees it.
 */
static struct sock_filter *padded_allow(unsigned int len)
{
	struct sock_filter *insns = calloc(len, sizeof(*insns));
	unsigned int i;

	if (!insns)
		return NULL;
	if (len > 1)
		insns[0] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA,
							len - 2);
	for (i = 1; i + 1 < len; i++)
		insns[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, i);
	insns[len - 1] = (struct sock_filter)RET_K(SECCOMP_RET_ALLOW);
	return insns;
}

/* Two pages, the second one unmapped: returns the start of the hole. */
static void *hole_after_page(void **page)
{
	long sz = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * sz, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p + sz, sz);
	*page = p;
	return p + sz;
}

TEST(unknown_flag_bits_fail_before_pointer_is_read)
{
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		unsigned int flag = 1U << bit;

		if (flag & KNOWN_FLAGS)
			continue;
		errno = 0;
		EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, flag, NULL))
			TH_LOG("flag bit %u", bit);
		EXPECT_EQ(EINVAL, errno) TH_LOG("flag bit %u", bit);
		/* Also when mixed with a valid flag. */
		errno = 0;
		flag |= SECCOMP_FILTER_FLAG_LOG;
		EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, flag, NULL));
		EXPECT_EQ(EINVAL, errno) TH_LOG("flag bit %u with LOG", bit);
	}
	EXPECT_EQ(0, current_mode());
}

TEST(known_flags_with_null_program_fault)
{
	static const unsigned int valid[] = {
		0,
		SECCOMP_FILTER_FLAG_TSYNC,
		SECCOMP_FILTER_FLAG_LOG,
		SECCOMP_FILTER_FLAG_SPEC_ALLOW,
		SECCOMP_FILTER_FLAG_NEW_LISTENER,
		SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
		SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
		SECCOMP_FILTER_FLAG_NEW_LISTENER |
			SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
		SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_NEW_LISTENER |
			SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
		KNOWN_FLAGS,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(valid); i++) {
		errno = 0;
		EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, valid[i],
					  NULL));
		EXPECT_EQ(EFAULT, errno) TH_LOG("flags 0x%x", valid[i]);
	}
	EXPECT_EQ(0, current_mode());
}

TEST(wait_killable_recv_needs_new_listener)
{
	struct sock_filter allow[] = { RET_K(SECCOMP_RET_ALLOW) };
	unsigned int flags = SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;

	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, flags, NULL));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, INSTALL(flags, allow));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, INSTALL(flags | SECCOMP_FILTER_FLAG_LOG, allow));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, current_mode());
}

TEST(tsync_with_new_listener_needs_tsync_esrch)
{
	struct sock_filter allow[] = { RET_K(SECCOMP_RET_ALLOW) };
	unsigned int flags = SECCOMP_FILTER_FLAG_TSYNC |
			     SECCOMP_FILTER_FLAG_NEW_LISTENER;
	long fd;

	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, flags, NULL));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, INSTALL(flags, allow));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, current_mode());

	fd = INSTALL(flags | SECCOMP_FILTER_FLAG_TSYNC_ESRCH, allow);
	ASSERT_LE(0, fd) TH_LOG("TSYNC|NEW_LISTENER|TSYNC_ESRCH: %s",
				strerror(errno));
	EXPECT_EQ(SECCOMP_MODE_FILTER, current_mode());
}

TEST(valid_flags_attach)
{
	static const unsigned int flags[] = {
		0,
		SECCOMP_FILTER_FLAG_LOG,
		SECCOMP_FILTER_FLAG_SPEC_ALLOW,
		SECCOMP_FILTER_FLAG_TSYNC,
		SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
		SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		EXPECT_EQ(0, install_const(flags[i], SECCOMP_RET_ALLOW))
			TH_LOG("flags 0x%x: %s", flags[i], strerror(errno));
	}
	EXPECT_EQ(ARRAY_SIZE(flags), proc_status_field(0, "Seccomp_filters"));
}

TEST(new_listener_returns_cloexec_fd_once_per_chain)
{
	long fd;

	fd = install_const(SECCOMP_FILTER_FLAG_NEW_LISTENER,
			   SECCOMP_RET_ALLOW);
	ASSERT_LE(0, fd) TH_LOG("NEW_LISTENER: %s", strerror(errno));
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD));

	/* A second listener in the same chain is refused. */
	errno = 0;
	EXPECT_EQ(-1, install_const(SECCOMP_FILTER_FLAG_NEW_LISTENER,
				    SECCOMP_RET_ALLOW));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(1, proc_status_field(0, "Seccomp_filters"));
}

TEST(unknown_operation)
{
	static const unsigned int ops[] = { 4, 5, 0x100, 0x7fffffff,
					    0xffffffff };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		errno = 0;
		EXPECT_EQ(-1, sys_seccomp(ops[i], 0, NULL));
		EXPECT_EQ(EINVAL, errno) TH_LOG("op 0x%x", ops[i]);
	}
}

TEST(strict_rejects_flags_and_args)
{
	unsigned int bit, dummy = 0;

	for (bit = 0; bit < 32; bit++) {
		errno = 0;
		EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_STRICT, 1U << bit,
					  NULL));
		EXPECT_EQ(EINVAL, errno) TH_LOG("flag bit %u", bit);
	}
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, &dummy));
	EXPECT_EQ(EINVAL, errno);
	/* Still alive, hence not in strict mode. */
	EXPECT_EQ(0, current_mode());
}

TEST(prctl_modes)
{
	static const unsigned long bad[] = { SECCOMP_MODE_DISABLED, 3, 4,
					     0xff, ~0UL };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		errno = 0;
		EXPECT_EQ(-1, prctl(PR_SET_SECCOMP, bad[i], 0, 0, 0));
		EXPECT_EQ(EINVAL, errno) TH_LOG("mode %lu", bad[i]);
	}
	errno = 0;
	EXPECT_EQ(-1, prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL, 0, 0));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, current_mode());
}

TEST(pr_get_seccomp)
{
	struct sock_filter allow[] = { RET_K(SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { .len = 1, .filter = allow };

	EXPECT_EQ(SECCOMP_MODE_DISABLED, current_mode());
	ASSERT_EQ(0, prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0));
	EXPECT_EQ(SECCOMP_MODE_FILTER, current_mode());
	ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
	EXPECT_EQ(SECCOMP_MODE_FILTER, current_mode());
	EXPECT_EQ(2, proc_status_field(0, "Seccomp_filters"));
}

TEST(program_length_limits)
{
	struct sock_filter *insns = padded_allow(MAX_PROG_LEN + 1);
	struct sock_fprog prog = { .filter = insns };

	ASSERT_NE(NULL, insns);

	prog.len = 0;
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0));
	EXPECT_EQ(EINVAL, errno);

	/* A well-formed program, one instruction too long. */
	errno = 0;
	EXPECT_EQ(-1, install_prog(0, insns, MAX_PROG_LEN + 1));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, install_prog(0, insns, 0xffff));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, current_mode());
	free(insns);

	insns = padded_allow(MAX_PROG_LEN);
	ASSERT_NE(NULL, insns);
	EXPECT_EQ(0, install_prog(0, insns, MAX_PROG_LEN))
		TH_LOG("4096 instructions: %s", strerror(errno));
	EXPECT_EQ(SECCOMP_MODE_FILTER, current_mode());
	free(insns);
}

TEST(bad_fprog_pointer)
{
	struct sock_filter allow[] = { RET_K(SECCOMP_RET_ALLOW) };
	struct sock_fprog *prog;
	void *page, *hole;

	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, NULL));
	EXPECT_EQ(EFAULT, errno);

	hole = hole_after_page(&page);
	ASSERT_NE(NULL, hole);
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, hole));
	EXPECT_EQ(EFAULT, errno);
	errno = 0;
	EXPECT_EQ(-1, prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, hole, 0, 0));
	EXPECT_EQ(EFAULT, errno);

	/* A struct sock_fprog that runs off the end of the mapping. */
	prog = (struct sock_fprog *)((char *)hole - sizeof(*prog) / 2);
	memset(prog, 0, sizeof(*prog) / 2);
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, prog));
	EXPECT_EQ(EFAULT, errno);

	/* The same struct, complete, works. */
	prog = (struct sock_fprog *)((char *)hole - sizeof(*prog));
	prog->len = 1;
	prog->filter = allow;
	EXPECT_EQ(0, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, prog));
}

TEST(bad_instruction_pointer)
{
	struct sock_filter *tail;
	struct sock_fprog prog;
	void *page, *hole;

	/* NULL instructions are refused as a malformed program. */
	prog.len = 1;
	prog.filter = NULL;
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog));
	EXPECT_EQ(EINVAL, errno);

	hole = hole_after_page(&page);
	ASSERT_NE(NULL, hole);
	prog.filter = hole;
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog));
	EXPECT_EQ(EFAULT, errno);

	/* Two instructions, the second in the hole. */
	tail = (struct sock_filter *)hole - 1;
	*tail = (struct sock_filter)RET_K(SECCOMP_RET_ALLOW);
	prog.filter = tail;
	prog.len = 2;
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, current_mode());

	prog.len = 1;
	EXPECT_EQ(0, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog));
}

TEST(no_new_privs_or_cap_sys_admin_required)
{
	struct sock_filter allow[] = { RET_K(SECCOMP_RET_ALLOW) };
	struct sock_filter bad[] = { BPF_STMT(BPF_RET | BPF_X, 0) };
	struct sock_fprog prog = { .len = 1, .filter = allow };
	struct sock_fprog unmapped = { .len = 1, .filter = (void *)16 };
	struct sock_filter *big = padded_allow(MAX_PROG_LEN + 1);

	ASSERT_NE(NULL, big);
	ASSERT_EQ(0, drop_cap(CAP_SYS_ADMIN));
	ASSERT_EQ(0, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));

	errno = 0;
	EXPECT_EQ(-1, INSTALL(0, allow));
	EXPECT_EQ(EACCES, errno);
	errno = 0;
	EXPECT_EQ(-1, prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0));
	EXPECT_EQ(EACCES, errno);
	errno = 0;
	EXPECT_EQ(-1, INSTALL(SECCOMP_FILTER_FLAG_TSYNC, allow));
	EXPECT_EQ(EACCES, errno);

	/* Checked after the fprog copy and the length... */
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, NULL));
	EXPECT_EQ(EFAULT, errno);
	errno = 0;
	EXPECT_EQ(-1, install_prog(0, allow, 0));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, install_prog(0, big, MAX_PROG_LEN + 1));
	EXPECT_EQ(EINVAL, errno);
	/* ... and before the instructions are read or checked. */
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &unmapped));
	EXPECT_EQ(EACCES, errno);
	errno = 0;
	EXPECT_EQ(-1, INSTALL(0, bad));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(0, current_mode());

	/* Strict mode needs no privilege; not tried here (it would kill). */

	ASSERT_EQ(0, set_no_new_privs());
	EXPECT_EQ(0, INSTALL(0, allow));
	EXPECT_EQ(SECCOMP_MODE_FILTER, current_mode());
	free(big);
}

TEST(cap_sys_admin_without_no_new_privs_is_enough)
{
	ASSERT_EQ(0, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	EXPECT_EQ(0, install_const(0, SECCOMP_RET_ALLOW))
		TH_LOG("as root without no_new_privs: %s", strerror(errno));
	/* Attaching a filter does not set no_new_privs. */
	EXPECT_EQ(0, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
}

static long install_padded(unsigned int len)
{
	struct sock_filter *insns = padded_allow(len);
	long ret;

	if (!insns)
		return -2;
	ret = install_prog(0, insns, len);
	free(insns);
	return ret;
}

/*
 * The chain limit: the new program's length plus, for each filter already
 * attached, its length and a penalty of 4, may not pass 32768.  Past it,
 * ENOMEM, and the chain is left as it was.
 */
TEST(chain_length_limit)
{
	int n = 0;

	/* Seven programs of 4096 fit, an eighth does not. */
	for (n = 0; n < 7; n++)
		ASSERT_EQ(0, install_padded(MAX_PROG_LEN))
			TH_LOG("filter %d: %s", n, strerror(errno));
	errno = 0;
	EXPECT_EQ(-1, install_padded(MAX_PROG_LEN));
	EXPECT_EQ(ENOMEM, errno);
	EXPECT_EQ(7, proc_status_field(0, "Seccomp_filters"));

	/* Small ones still fit, until the chain is full. */
	while (n < MAX_CHAIN_LEN && install_padded(2) == 0)
		n++;
	EXPECT_EQ(ENOMEM, errno);
	EXPECT_LT(7, n);
	EXPECT_EQ(n, proc_status_field(0, "Seccomp_filters"));
	errno = 0;
	EXPECT_EQ(-1, install_const(0, SECCOMP_RET_ALLOW));
	EXPECT_EQ(ENOMEM, errno);
	EXPECT_EQ(n, proc_status_field(0, "Seccomp_filters"));

	/* The filters still run: a call goes through all of them. */
	EXPECT_EQ(getpid(), syscall(__NR_getpid));
}

/*
 * The exact limit, as 6.1 counts it: the length of each program once it
 * is converted for the kernel's BPF engine, which is 3 set-up instructions
 * plus one per instruction here, a return counting two.  So a padded
 * program of L instructions counts L + 4, plus the penalty of 4 for each
 * filter already attached.
 */
TEST(chain_length_limit_exact)
{
	const unsigned int full = MAX_PROG_LEN + 4 + FILTER_PENALTY;
	const unsigned int room = MAX_CHAIN_LEN - 7 * full - 4;
	int n;

	ASSERT_EQ(4036, room);
	for (n = 0; n < 7; n++)
		ASSERT_EQ(0, install_padded(MAX_PROG_LEN));

	errno = 0;
	EXPECT_EQ(-1, install_padded(room + 1));
	EXPECT_EQ(ENOMEM, errno);
	EXPECT_EQ(0, install_padded(room))
		TH_LOG("%u instructions after 7 x 4096: %s", room,
		       strerror(errno));
	EXPECT_EQ(8, proc_status_field(0, "Seccomp_filters"));
}

/*
 * Over 3,000 filters, each JIT-compiled into memory of its own: longer
 * than the harness's default 30 s on a debug kernel.
 */
FIXTURE(long_chain) {};
FIXTURE_SETUP(long_chain) {}
FIXTURE_TEARDOWN(long_chain) {}

TEST_F_TIMEOUT(long_chain, chain_length_limit_exact_small_filters, 300)
{
	/* Two instructions count 2 + 4, then 4 more once attached. */
	const int fit = (MAX_CHAIN_LEN - 6) / (6 + FILTER_PENALTY) + 1;
	int n = 0;

	ASSERT_EQ(3277, fit);
	while (n <= fit && install_padded(2) == 0)
		n++;
	EXPECT_EQ(ENOMEM, errno);
	EXPECT_EQ(fit, n);
}

TEST(filter_mode_cannot_become_strict)
{
	ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));

	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(SECCOMP_MODE_FILTER, current_mode());
}

TEST(get_action_avail)
{
	static const __u32 known[] = {
		SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD,
		SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO, SECCOMP_RET_USER_NOTIF,
		SECCOMP_RET_TRACE, SECCOMP_RET_LOG, SECCOMP_RET_ALLOW,
	};
	static const __u32 unknown[] = {
		0x00010000, 0x00020000, 0x00040000, 0x7fe00000, 0x7ffd0000,
		0xc0000000, 0xffff0000,
		/* An action with data bits is not an action. */
		SECCOMP_RET_ERRNO | 1, SECCOMP_RET_ALLOW | 1,
		SECCOMP_RET_KILL_PROCESS | 0xffff,
	};
	__u32 action;
	unsigned int i;
	void *page, *hole;

	for (i = 0; i < ARRAY_SIZE(known); i++) {
		action = known[i];
		EXPECT_EQ(0, sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action))
			TH_LOG("action 0x%08x: %s", known[i], strerror(errno));
	}
	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		action = unknown[i];
		errno = 0;
		EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0,
					  &action));
		EXPECT_EQ(EOPNOTSUPP, errno) TH_LOG("action 0x%08x",
						    unknown[i]);
	}

	action = SECCOMP_RET_ALLOW;
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 1, &action));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0x80000000,
				  &action));
	EXPECT_EQ(EINVAL, errno);
	/* Flags are checked before the pointer. */
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 1, NULL));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, NULL));
	EXPECT_EQ(EFAULT, errno);

	hole = hole_after_page(&page);
	ASSERT_NE(NULL, hole);
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, hole));
	EXPECT_EQ(EFAULT, errno);
}

TEST(get_notif_sizes)
{
	struct seccomp_notif_sizes sizes;
	void *page, *hole;

	memset(&sizes, 0xa5, sizeof(sizes));
	ASSERT_EQ(0, sys_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes));
	EXPECT_EQ(sizeof(struct seccomp_notif), sizes.seccomp_notif);
	EXPECT_EQ(sizeof(struct seccomp_notif_resp), sizes.seccomp_notif_resp);
	EXPECT_EQ(sizeof(struct seccomp_data), sizes.seccomp_data);
	/* The uapi layout, as user space has known it since 5.0. */
	EXPECT_EQ(80, sizes.seccomp_notif);
	EXPECT_EQ(24, sizes.seccomp_notif_resp);
	EXPECT_EQ(64, sizes.seccomp_data);

	/* Bad flags: EINVAL, and nothing written. */
	memset(&sizes, 0xa5, sizeof(sizes));
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_NOTIF_SIZES, 1, &sizes));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0xa5a5, sizes.seccomp_notif);
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_NOTIF_SIZES, 1, NULL));
	EXPECT_EQ(EINVAL, errno);

	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, NULL));
	EXPECT_EQ(EFAULT, errno);
	hole = hole_after_page(&page);
	ASSERT_NE(NULL, hole);
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_NOTIF_SIZES, 0,
				  (char *)hole - 2));
	EXPECT_EQ(EFAULT, errno);
}

TEST_HARNESS_MAIN
