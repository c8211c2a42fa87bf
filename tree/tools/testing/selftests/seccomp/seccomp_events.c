// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp trace events, read through tracefs:
 *   seccomp_filter_reject  why a filter was refused (one per refusal)
 *   seccomp_attach         each filter attached: id, length, flags, depth,
 *                          listener fd
 *   seccomp_decision       every answer other than ALLOW: the call, the
 *                          action and its data, the filter that decided,
 *                          its position in the chain and the index of the
 *                          return instruction
 *
 * Every test clears the trace buffer first and only counts the events of
 * the tasks it made act (the events carry the task's pid), so the events
 * of other tests or other processes cannot leak in.  Without tracefs or
 * the events, the tests are skipped.
 */
#include "seccomp_common.h"

#include <pthread.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/ioctl.h>

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef PTRACE_O_SUSPEND_SECCOMP
#define PTRACE_O_SUSPEND_SECCOMP (1 << 21)
#endif

/*
 * Flags shared with other threads and processes (through MAP_SHARED
 * memory) are read and written whole, with ordering.
 */
#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

#define MAX_EVENTS	64

static const char *tracefs;

/* Find (or mount) tracefs; NULL if there is none. */
static const char *find_tracefs(void)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/trace", dirs[i]);
		if (!access(path, F_OK))
			return dirs[i];
	}
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL))
		return NULL;
	return access("/sys/kernel/tracing/trace", F_OK) ? NULL :
							   "/sys/kernel/tracing";
}

static int write_tracefs(const char *file, const char *text, bool trunc)
{
	char path[256];
	ssize_t len = strlen(text);
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", tracefs, file);
	fd = open(path, O_WRONLY | (trunc ? O_TRUNC : 0));
	if (fd < 0)
		return -1;
	if (len && write(fd, text, len) != len)
		ret = -1;
	close(fd);
	return ret;
}

static int enable_event(const char *name, bool on)
{
	char file[128];

	snprintf(file, sizeof(file), "events/seccomp/%s/enable", name);
	return write_tracefs(file, on ? "1" : "0", false);
}

static int clear_trace(void)
{
	return write_tracefs("trace", "", true);
}

/* The whole of a tracefs file, NUL-terminated; caller frees it. */
static char *read_tracefs(const char *file)
{
	char path[256];
	size_t size = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tracefs, file);
	fd = open(path, O_RDONLY);
	if (fd < 0 || !buf) {
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + size, cap - size - 1)) > 0) {
		size += n;
		if (cap - size < 4096) {
			char *p = realloc(buf, cap * 2);

			if (!p)
				break;
			buf = p;
			cap *= 2;
		}
	}
	close(fd);
	buf[size] = 0;
	return buf;
}

/* Parsed events, as TP_printk of include/trace/events/seccomp.h prints them. */
struct reject_ev {
	int pid;
	unsigned int len;
	int insn;
	unsigned int code;
	char reason[64];
};

struct attach_ev {
	int pid;
	unsigned long long id;
	unsigned int len;
	unsigned int flags;
	unsigned int depth;
	int listener;
};

struct decision_ev {
	int pid;
	unsigned int arch;
	int nr;
	char action[64];
	unsigned int data;
	unsigned long long filter;
	unsigned int pos, depth;
	int insn;
};

/*
 * Call @parse on the payload of every @event line of the trace, in
 * order; it returns 1 to count the event.  Returns the count, or -1 if
 * the trace could not be read or a line of @event could not be parsed.
 */
static int scan_trace(const char *event, int (*parse)(const char *, void *),
		      void *out)
{
	char tag[96], *buf, *line, *save = NULL;
	int count = 0;

	snprintf(tag, sizeof(tag), " %s: ", event);
	buf = read_tracefs("trace");
	if (!buf)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *p;
		int r;

		if (line[0] == '#')
			continue;
		p = strstr(line, tag);
		if (!p)
			continue;
		r = parse(p + strlen(tag), out);
		if (r < 0) {
			fprintf(stderr, "# unparsed: %s\n", line);
			count = -1;
			break;
		}
		count += r;
	}
	free(buf);
	return count;
}

/* Events of task @scan_pid only, at most MAX_EVENTS. */
static int scan_pid;
static int scan_n;

static int parse_reject(const char *s, void *out)
{
	struct reject_ev ev, *evs = out;

	memset(&ev, 0, sizeof(ev));
	if (sscanf(s, "pid=%d len=%u insn=%d code=0x%x reason=%63s",
		   &ev.pid, &ev.len, &ev.insn, &ev.code, ev.reason) != 5)
		return -1;
	if (ev.pid != scan_pid)
		return 0;
	if (scan_n < MAX_EVENTS)
		evs[scan_n++] = ev;
	return 1;
}

static int parse_attach(const char *s, void *out)
{
	struct attach_ev ev, *evs = out;

	memset(&ev, 0, sizeof(ev));
	if (sscanf(s, "pid=%d filter=%llu len=%u flags=0x%x depth=%u listener=%d",
		   &ev.pid, &ev.id, &ev.len, &ev.flags, &ev.depth,
		   &ev.listener) != 6)
		return -1;
	if (ev.pid != scan_pid)
		return 0;
	if (scan_n < MAX_EVENTS)
		evs[scan_n++] = ev;
	return 1;
}

static int parse_decision(const char *s, void *out)
{
	struct decision_ev ev, *evs = out;

	memset(&ev, 0, sizeof(ev));
	if (sscanf(s, "pid=%d arch=0x%x nr=%d action=%63s data=%u filter=%llu (%u of %u) insn=%d",
		   &ev.pid, &ev.arch, &ev.nr, ev.action, &ev.data, &ev.filter,
		   &ev.pos, &ev.depth, &ev.insn) != 9)
		return -1;
	if (ev.pid != scan_pid)
		return 0;
	if (scan_n < MAX_EVENTS)
		evs[scan_n++] = ev;
	return 1;
}

static int rejects_of(pid_t pid, struct reject_ev *evs)
{
	scan_pid = pid;
	scan_n = 0;
	return scan_trace("seccomp_filter_reject", parse_reject, evs);
}

static int attaches_of(pid_t pid, struct attach_ev *evs)
{
	scan_pid = pid;
	scan_n = 0;
	return scan_trace("seccomp_attach", parse_attach, evs);
}

static int decisions_of(pid_t pid, struct decision_ev *evs)
{
	scan_pid = pid;
	scan_n = 0;
	return scan_trace("seccomp_decision", parse_decision, evs);
}

static pid_t gettid_(void)
{
	return syscall(__NR_gettid);
}

static const char *const event_names[] = {
	"seccomp_filter_reject", "seccomp_attach", "seccomp_decision",
};

static bool has_seccomp_events(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/events/seccomp", tracefs);
	return !access(path, F_OK);
}

/* Why the events cannot be used, or NULL once they are enabled. */
static const char *no_events = "not set up";

/*
 * Enable all three events on a cleared buffer.  A skip in a fixture's
 * setup does not stop its test, so tests start with REQUIRE_EVENTS().
 *
 * The events stay on from the first test to the end of the program
 * (events_off()), and the recording of command names, which hooks the
 * scheduler's tracepoints, stays off meanwhile: every switch of a
 * tracepoint patches kernel text, which under QEMU's TCG has been seen
 * to hang the guest (a CPU stuck on the int3 of text_poke_bp()).
 * Enabling an event that is on already changes nothing.
 */
#define EVENTS_SETUP() do {						\
	unsigned int _i;						\
									\
	no_events = NULL;						\
	tracefs = find_tracefs();					\
	if (!tracefs) {							\
		no_events = "no tracefs";				\
		break;							\
	}								\
	if (!has_seccomp_events()) {					\
		no_events = "no seccomp trace events";			\
		break;							\
	}								\
	write_tracefs("options/record-cmd", "0", false);		\
	for (_i = 0; _i < ARRAY_SIZE(event_names); _i++)		\
		ASSERT_EQ(0, enable_event(event_names[_i], true));	\
	ASSERT_EQ(0, write_tracefs("tracing_on", "1", false));		\
	ASSERT_EQ(0, clear_trace());					\
} while (0)

#define REQUIRE_EVENTS() do {						\
	if (no_events)							\
		SKIP(return, "%s", no_events);				\
} while (0)

static void events_teardown(void)
{
	if (tracefs)
		clear_trace();
}

/*
 * At the end of the program (the harness's process exits; the tests'
 * processes leave with _exit()), switch the events off again and restore
 * the default recording of command names.
 */
static void __attribute__((destructor)) events_off(void)
{
	unsigned int i;

	tracefs = tracefs ?: find_tracefs();
	if (!tracefs || !has_seccomp_events())
		return;
	for (i = 0; i < ARRAY_SIZE(event_names); i++)
		enable_event(event_names[i], false);
	clear_trace();
	write_tracefs("options/record-cmd", "1", false);
}

/*
 * The format files name the fields that the tests read.
 */
FIXTURE(format) { int unused; };
FIXTURE_SETUP(format) { EVENTS_SETUP(); }
FIXTURE_TEARDOWN(format) { events_teardown(); }

static void expect_fields(struct __test_metadata *_metadata, const char *event,
			  const char *const *fields)
{
	char file[128], needle[64];
	char *fmt;

	snprintf(file, sizeof(file), "events/seccomp/%s/format", event);
	fmt = read_tracefs(file);
	ASSERT_NE(NULL, fmt);
	for (; *fields; fields++) {
		snprintf(needle, sizeof(needle), " %s;", *fields);
		EXPECT_NE(NULL, strstr(fmt, needle))
			TH_LOG("%s: no field %s", event, *fields);
	}
	free(fmt);
}

TEST_F(format, fields)
{
	static const char *const reject[] = {
		"pid", "len", "pc", "code", NULL,
	};
	static const char *const attach[] = {
		"pid", "id", "len", "flags", "depth", "listener_fd", NULL,
	};
	static const char *const decision[] = {
		"pid", "arch", "nr", "ret", "data", "filter_id", "filter_pos",
		"depth", "pc", NULL,
	};
	char *fmt;

	REQUIRE_EVENTS();

	expect_fields(_metadata, "seccomp_filter_reject", reject);
	expect_fields(_metadata, "seccomp_attach", attach);
	expect_fields(_metadata, "seccomp_decision", decision);
	/* The names are strings. */
	fmt = read_tracefs("events/seccomp/seccomp_filter_reject/format");
	ASSERT_NE(NULL, fmt);
	EXPECT_NE(NULL, strstr(fmt, "__data_loc char[] reason;"));
	free(fmt);
	fmt = read_tracefs("events/seccomp/seccomp_decision/format");
	ASSERT_NE(NULL, fmt);
	EXPECT_NE(NULL, strstr(fmt, "__data_loc char[] action;"));
	free(fmt);
}

/*
 * seccomp_filter_reject: one variant per reason, each provoking exactly
 * that refusal.
 */
enum reject_setup {
	PROG,		/* attach @insns[0..@len) with @flags, after NNP */
	PROG_NO_NNP,	/* the same without NNP nor CAP_SYS_ADMIN */
	LEN_4097,	/* a program one instruction too long */
	BAD_FPROG,	/* an unreadable struct sock_fprog */
	BAD_INSNS,	/* a readable one whose instructions are not */
	CHAIN,		/* long filters until the chain is full */
	WRONG_MODE,	/* in strict mode (seccomp suspended by a tracer) */
	LISTENER,	/* a second listener */
	TSYNC,		/* TSYNC with a thread on another chain */
};

FIXTURE(reject) { int unused; };

FIXTURE_VARIANT(reject) {
	enum reject_setup setup;
	struct sock_filter insns[8];
	unsigned int len;
	unsigned int flags;
	int ret_errno;		/* what the attach fails with */
	const char *reason;
	unsigned int ev_len;	/* the event's len, insn and code */
	int insn;
	unsigned int code;
};

#define LD_IMM(k)	BPF_STMT(BPF_LD | BPF_IMM, (k))
#define ALLOW		RET_K(SECCOMP_RET_ALLOW)

FIXTURE_VARIANT_ADD(reject, bad_length_0) {
	.setup = PROG, .insns = { ALLOW }, .len = 0,
	.ret_errno = EINVAL, .reason = "bad_length",
	.ev_len = 0, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, bad_length_4097) {
	.setup = LEN_4097, .ret_errno = EINVAL, .reason = "bad_length",
	.ev_len = 4097, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, bad_opcode_byte_load) {
	.setup = PROG, .len = 3,
	.insns = { LD_ABS(SD_NR), BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0),
		   ALLOW },
	.ret_errno = EINVAL, .reason = "bad_opcode",
	.ev_len = 3, .insn = 1, .code = BPF_LD | BPF_B | BPF_ABS,
};

FIXTURE_VARIANT_ADD(reject, bad_opcode_msh) {
	.setup = PROG, .len = 4,
	.insns = { LD_ABS(SD_NR), LD_IMM(1),
		   BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0), ALLOW },
	.ret_errno = EINVAL, .reason = "bad_opcode",
	.ev_len = 4, .insn = 2, .code = BPF_LDX | BPF_B | BPF_MSH,
};

FIXTURE_VARIANT_ADD(reject, bad_opcode_undefined) {
	.setup = PROG, .len = 2,
	.insns = { BPF_STMT(0xff, 0), ALLOW },
	.ret_errno = EINVAL, .reason = "bad_opcode",
	.ev_len = 2, .insn = 0, .code = 0xff,
};

FIXTURE_VARIANT_ADD(reject, load_out_of_range) {
	.setup = PROG, .len = 3,
	.insns = { LD_ABS(SD_NR), LD_ABS(sizeof(struct seccomp_data)),
		   ALLOW },
	.ret_errno = EINVAL, .reason = "load_out_of_range",
	.ev_len = 3, .insn = 1, .code = BPF_LD | BPF_W | BPF_ABS,
};

FIXTURE_VARIANT_ADD(reject, load_misaligned) {
	.setup = PROG, .len = 3,
	.insns = { LD_ABS(SD_NR), LD_ABS(SD_ARCH + 2), ALLOW },
	.ret_errno = EINVAL, .reason = "load_misaligned",
	.ev_len = 3, .insn = 1, .code = BPF_LD | BPF_W | BPF_ABS,
};

FIXTURE_VARIANT_ADD(reject, bad_scratch_slot) {
	.setup = PROG, .len = 3,
	.insns = { LD_IMM(0), BPF_STMT(BPF_ST, BPF_MEMWORDS), ALLOW },
	.ret_errno = EINVAL, .reason = "bad_scratch_slot",
	.ev_len = 3, .insn = 1, .code = BPF_ST,
};

FIXTURE_VARIANT_ADD(reject, scratch_read_before_write) {
	.setup = PROG, .len = 3,
	.insns = { LD_IMM(0), BPF_STMT(BPF_LD | BPF_MEM, 3), ALLOW },
	.ret_errno = EINVAL, .reason = "scratch_read_before_write",
	.ev_len = 3, .insn = 1, .code = BPF_LD | BPF_MEM,
};

/* Written on one path into the load only. */
FIXTURE_VARIANT_ADD(reject, scratch_read_before_write_one_path) {
	.setup = PROG, .len = 5,
	.insns = { LD_ABS(SD_NR), JEQ_K(0, 0, 1), BPF_STMT(BPF_ST, 0),
		   BPF_STMT(BPF_LDX | BPF_MEM, 0), ALLOW },
	.ret_errno = EINVAL, .reason = "scratch_read_before_write",
	.ev_len = 5, .insn = 3, .code = BPF_LDX | BPF_MEM,
};

FIXTURE_VARIANT_ADD(reject, bad_constant_operand_div) {
	.setup = PROG, .len = 3,
	.insns = { LD_ABS(SD_NR), BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0),
		   ALLOW },
	.ret_errno = EINVAL, .reason = "bad_constant_operand",
	.ev_len = 3, .insn = 1, .code = BPF_ALU | BPF_DIV | BPF_K,
};

FIXTURE_VARIANT_ADD(reject, bad_constant_operand_shift) {
	.setup = PROG, .len = 4,
	.insns = { LD_ABS(SD_NR), BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 31),
		   BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), ALLOW },
	.ret_errno = EINVAL, .reason = "bad_constant_operand",
	.ev_len = 4, .insn = 2, .code = BPF_ALU | BPF_LSH | BPF_K,
};

FIXTURE_VARIANT_ADD(reject, jump_out_of_range) {
	.setup = PROG, .len = 4,
	.insns = { LD_ABS(SD_NR), JEQ_K(1, 0, 1), JEQ_K(2, 2, 0), ALLOW },
	.ret_errno = EINVAL, .reason = "jump_out_of_range",
	.ev_len = 4, .insn = 2, .code = BPF_JMP | BPF_JEQ | BPF_K,
};

FIXTURE_VARIANT_ADD(reject, jump_out_of_range_ja) {
	.setup = PROG, .len = 3,
	.insns = { LD_IMM(0), BPF_STMT(BPF_JMP | BPF_JA, 1), ALLOW },
	.ret_errno = EINVAL, .reason = "jump_out_of_range",
	.ev_len = 3, .insn = 1, .code = BPF_JMP | BPF_JA,
};

FIXTURE_VARIANT_ADD(reject, no_return) {
	.setup = PROG, .len = 4,
	.insns = { LD_ABS(SD_NR), JEQ_K(1, 0, 1), ALLOW,
		   BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1) },
	.ret_errno = EINVAL, .reason = "no_return",
	.ev_len = 4, .insn = 3, .code = BPF_ALU | BPF_ADD | BPF_K,
};

FIXTURE_VARIANT_ADD(reject, bad_flags_unknown) {
	.setup = PROG, .insns = { ALLOW }, .len = 1, .flags = 1U << 31,
	.ret_errno = EINVAL, .reason = "bad_flags",
	.ev_len = 0, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, bad_flags_tsync_listener) {
	.setup = PROG, .insns = { ALLOW }, .len = 1,
	.flags = SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_NEW_LISTENER,
	.ret_errno = EINVAL, .reason = "bad_flags",
	.ev_len = 0, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, bad_flags_killable_without_listener) {
	.setup = PROG, .insns = { ALLOW }, .len = 1,
	.flags = SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
	.ret_errno = EINVAL, .reason = "bad_flags",
	.ev_len = 0, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, unreadable_fprog) {
	.setup = BAD_FPROG, .ret_errno = EFAULT, .reason = "unreadable",
	.ev_len = 0, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, unreadable_insns) {
	.setup = BAD_INSNS, .len = 3, .ret_errno = EFAULT,
	.reason = "unreadable", .ev_len = 3, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, no_privilege) {
	.setup = PROG_NO_NNP, .insns = { LD_ABS(SD_NR), ALLOW }, .len = 2,
	.ret_errno = EACCES, .reason = "no_privilege",
	.ev_len = 2, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, chain_too_long) {
	.setup = CHAIN, .ret_errno = ENOMEM, .reason = "chain_too_long",
	.ev_len = 4096, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, wrong_mode) {
	.setup = WRONG_MODE, .insns = { LD_ABS(SD_NR), ALLOW }, .len = 2,
	.ret_errno = EINVAL, .reason = "wrong_mode",
	.ev_len = 2, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, listener_busy) {
	.setup = LISTENER, .insns = { LD_ABS(SD_NR), LD_IMM(0), ALLOW },
	.len = 3, .flags = SECCOMP_FILTER_FLAG_NEW_LISTENER,
	.ret_errno = EBUSY, .reason = "listener_busy",
	.ev_len = 3, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, tsync_failed) {
	.setup = TSYNC, .insns = { LD_ABS(SD_NR), ALLOW }, .len = 2,
	.flags = SECCOMP_FILTER_FLAG_TSYNC,
	.ret_errno = 0, /* the thread's TID */
	.reason = "tsync_failed", .ev_len = 2, .insn = -1, .code = 0,
};

FIXTURE_VARIANT_ADD(reject, tsync_failed_esrch) {
	.setup = TSYNC, .insns = { LD_ABS(SD_NR), ALLOW }, .len = 2,
	.flags = SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
	.ret_errno = ESRCH,
	.reason = "tsync_failed", .ev_len = 2, .insn = -1, .code = 0,
};

FIXTURE_SETUP(reject) { EVENTS_SETUP(); }
FIXTURE_TEARDOWN(reject) { events_teardown(); }

/* A program of @len instructions that allows everything. */
static struct sock_filter *allow_prog(unsigned int len)
{
	struct sock_filter *insns = calloc(len, sizeof(*insns));
	unsigned int i;

	if (!insns)
		return NULL;
	for (i = 0; i < len; i++)
		insns[i] = (struct sock_filter)ALLOW;
	return insns;
}

static int thread_ready, thread_exit;
static pid_t thread_tid;

static void *diverging_thread(void *arg)
{
	STORE(thread_tid, gettid_());
	/* A filter of its own: its chain is no longer the main thread's. */
	if (install_const(0, SECCOMP_RET_ALLOW))
		STORE(thread_tid, -1);
	STORE(thread_ready, 1);
	while (!LOAD(thread_exit))
		usleep(1000);
	return NULL;
}

/* WRONG_MODE: run in a traced child; returns its errno, or -1. */
static int attach_in_strict_mode(struct __test_metadata *_metadata,
				 const FIXTURE_VARIANT(reject) *variant,
				 pid_t *child)
{
	struct sock_fprog prog = {
		.len = variant->len,
		.filter = (struct sock_filter *)variant->insns,
	};
	int pipefd[2], status, err = -1;
	pid_t pid;

	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		long ret;

		close(pipefd[0]);
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(1);
		raise(SIGSTOP);
		/* From here on only raw system calls. */
		if (syscall(__NR_prctl, PR_SET_SECCOMP, SECCOMP_MODE_STRICT,
			    0, 0, 0))
			syscall(__NR_exit, 2);
		ret = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
		err = ret == -1 ? errno : 0;
		syscall(__NR_write, pipefd[1], &err, sizeof(err));
		syscall(__NR_exit, 0);
	}
	close(pipefd[1]);
	*child = pid;
	status = wait_status(pid);
	ASSERT_TRUE(WIFSTOPPED(status));
	if (ptrace(PTRACE_SETOPTIONS, pid, 0,
		   PTRACE_O_SUSPEND_SECCOMP | PTRACE_O_EXITKILL)) {
		kill(pid, SIGKILL);
		wait_status(pid);
		close(pipefd[0]);
		return -2;
	}
	ASSERT_EQ(0, ptrace(PTRACE_CONT, pid, 0, 0));
	status = wait_status(pid);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("strict child status 0x%x", status);
	if (read(pipefd[0], &err, sizeof(err)) != sizeof(err))
		err = -1;
	close(pipefd[0]);
	return err;
}

TEST_F(reject, one_event)
{
	struct reject_ev rej[MAX_EVENTS];
	struct attach_ev att[MAX_EVENTS];
	struct sock_filter *big = NULL;
	struct sock_fprog prog;
	int attached = 0, n;
	pid_t pid = gettid_();
	pthread_t thread;
	long ret = 0;

	REQUIRE_EVENTS();

	if (variant->setup != PROG_NO_NNP)
		ASSERT_EQ(0, set_no_new_privs());

	switch (variant->setup) {
	case PROG:
		ret = install_prog(variant->flags,
				   (struct sock_filter *)variant->insns,
				   variant->len);
		break;
	case PROG_NO_NNP:
		ASSERT_EQ(0, drop_cap(CAP_SYS_ADMIN));
		ret = install_prog(variant->flags,
				   (struct sock_filter *)variant->insns,
				   variant->len);
		break;
	case LEN_4097:
		big = allow_prog(4097);
		ASSERT_NE(NULL, big);
		ret = install_prog(0, big, 4097);
		break;
	case BAD_FPROG:
		ret = sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, (void *)8);
		break;
	case BAD_INSNS:
		prog.len = variant->len;
		prog.filter = (struct sock_filter *)8;
		ret = sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog);
		break;
	case CHAIN:
		big = allow_prog(4096);
		ASSERT_NE(NULL, big);
		while (attached < 64 && !(ret = install_prog(0, big, 4096)))
			attached++;
		ASSERT_LT(attached, 64);
		ASSERT_LT(0, attached);
		break;
	case WRONG_MODE:
		ret = attach_in_strict_mode(_metadata, variant, &pid);
		if (ret == -2)
			SKIP(return, "no PTRACE_O_SUSPEND_SECCOMP");
		ASSERT_EQ(variant->ret_errno, ret);
		ret = -1;
		errno = variant->ret_errno;
		break;
	case LISTENER:
		ret = install_prog(variant->flags,
				   (struct sock_filter *)variant->insns,
				   variant->len);
		ASSERT_LE(0, ret);
		attached = 1;
		ret = install_prog(variant->flags,
				   (struct sock_filter *)variant->insns,
				   variant->len);
		break;
	case TSYNC:
		ASSERT_EQ(0, install_const(0, SECCOMP_RET_ALLOW));
		ASSERT_EQ(0, pthread_create(&thread, NULL, diverging_thread,
					    NULL));
		while (!LOAD(thread_ready))
			usleep(1000);
		ASSERT_LT(0, LOAD(thread_tid));
		ret = install_prog(variant->flags,
				   (struct sock_filter *)variant->insns,
				   variant->len);
		STORE(thread_exit, 1);
		pthread_join(thread, NULL);
		attached = 1;
		break;
	}

	if (variant->ret_errno) {
		EXPECT_EQ(-1, ret);
		EXPECT_EQ(variant->ret_errno, errno);
	} else {
		EXPECT_EQ(LOAD(thread_tid), ret);
	}
	free(big);

	n = rejects_of(pid, rej);
	ASSERT_EQ(1, n) TH_LOG("%d reject events for pid %d", n, pid);
	EXPECT_STREQ(variant->reason, rej[0].reason);
	EXPECT_EQ(variant->ev_len, rej[0].len);
	EXPECT_EQ(variant->insn, rej[0].insn);
	EXPECT_EQ(variant->code, rej[0].code);
	/* A refused filter is not attached. */
	EXPECT_EQ(attached, attaches_of(pid, att));
}

/*
 * seccomp_attach: ids grow, and every field follows the attach.
 */
FIXTURE(attach) { int unused; };
FIXTURE_SETUP(attach) { EVENTS_SETUP(); }
FIXTURE_TEARDOWN(attach) { events_teardown(); }

TEST_F(attach, fields)
{
	struct sock_filter two[] = { LD_ABS(SD_NR), ALLOW };
	struct attach_ev att[MAX_EVENTS];
	pid_t pid = gettid_(), child;
	int fd, status, n;

	REQUIRE_EVENTS();

	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | 1));
	ASSERT_EQ(0, INSTALL(SECCOMP_FILTER_FLAG_LOG |
			     SECCOMP_FILTER_FLAG_SPEC_ALLOW, two));
	ASSERT_EQ(0, install_const(SECCOMP_FILTER_FLAG_TSYNC,
				   SECCOMP_RET_ALLOW));
	fd = INSTALL(SECCOMP_FILTER_FLAG_NEW_LISTENER, two);
	ASSERT_LE(0, fd);

	/* A child continues the chain; its own attach is its own event. */
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0)
		_exit(install_const(0, SECCOMP_RET_ALLOW) ? 1 : 0);
	status = wait_status(child);
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	n = attaches_of(pid, att);
	ASSERT_EQ(4, n);
	EXPECT_EQ(6, att[0].len);
	EXPECT_EQ(0, att[0].flags);
	EXPECT_EQ(1, att[0].depth);
	EXPECT_EQ(-1, att[0].listener);

	EXPECT_EQ(2, att[1].len);
	EXPECT_EQ(SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW,
		  att[1].flags);
	EXPECT_EQ(2, att[1].depth);
	EXPECT_EQ(-1, att[1].listener);

	EXPECT_EQ(1, att[2].len);
	EXPECT_EQ(SECCOMP_FILTER_FLAG_TSYNC, att[2].flags);
	EXPECT_EQ(3, att[2].depth);
	EXPECT_EQ(-1, att[2].listener);

	EXPECT_EQ(2, att[3].len);
	EXPECT_EQ(SECCOMP_FILTER_FLAG_NEW_LISTENER, att[3].flags);
	EXPECT_EQ(4, att[3].depth);
	EXPECT_EQ(fd, att[3].listener);

	EXPECT_LT(0, att[0].id);
	EXPECT_LT(att[0].id, att[1].id);
	EXPECT_LT(att[1].id, att[2].id);
	EXPECT_LT(att[2].id, att[3].id);

	n = attaches_of(child, att + 4);
	ASSERT_EQ(1, n);
	EXPECT_EQ(1, att[4].len);
	EXPECT_EQ(5, att[4].depth);
	EXPECT_EQ(0, att[4].flags);
	EXPECT_EQ(-1, att[4].listener);
	EXPECT_LT(att[3].id, att[4].id);
}

/* An accepted filter is not refused. */
TEST_F(attach, no_reject_for_a_good_filter)
{
	struct reject_ev rej[MAX_EVENTS];
	struct attach_ev att[MAX_EVENTS];

	REQUIRE_EVENTS();

	ASSERT_EQ(0, set_no_new_privs());
	ASSERT_EQ(0, install_action(0, __NR_getppid, SECCOMP_RET_ERRNO | 1));
	EXPECT_EQ(0, rejects_of(gettid_(), rej));
	EXPECT_EQ(1, attaches_of(gettid_(), att));
}

/* Two processes never get the same id. */
TEST_F(attach, ids_are_unique)
{
	struct attach_ev a[MAX_EVENTS], b[MAX_EVENTS];
	pid_t p1, p2;
	int i, j;

	REQUIRE_EVENTS();

	p1 = fork();
	ASSERT_LE(0, p1);
	if (p1 == 0) {
		set_no_new_privs();
		for (i = 0; i < 8; i++)
			install_const(0, SECCOMP_RET_ALLOW);
		_exit(0);
	}
	p2 = fork();
	ASSERT_LE(0, p2);
	if (p2 == 0) {
		set_no_new_privs();
		for (i = 0; i < 8; i++)
			install_const(0, SECCOMP_RET_ALLOW);
		_exit(0);
	}
	ASSERT_EQ(0, wait_status(p1));
	ASSERT_EQ(0, wait_status(p2));
	ASSERT_EQ(8, attaches_of(p1, a));
	ASSERT_EQ(8, attaches_of(p2, b));
	for (i = 0; i < 8; i++) {
		EXPECT_EQ(i + 1, a[i].depth);
		EXPECT_EQ(i + 1, b[i].depth);
		if (i) {
			EXPECT_LT(a[i - 1].id, a[i].id);
			EXPECT_LT(b[i - 1].id, b[i].id);
		}
		for (j = 0; j < 8; j++)
			EXPECT_NE(a[i].id, b[j].id);
	}
}

/*
 * seccomp_decision.  A child attaches three filters, each "the decider"
 * with its own return value for getppid(DECIDER_TAG), then calls it.
 * The decider (11 instructions) returns its value at DECIDER_PC, after
 * three decisions that could have ended the program elsewhere: a wrong
 * architecture (KILL_PROCESS at 2), another call (ALLOW at 5), another
 * first argument (ALLOW at 8).  A decider of ALLOW allows everything.
 */
#define DECIDER_TAG	0x77
#define DECIDER_PC	9

/*
 * With @ret_a, the decider returns A loaded with @ret; with @div_zero,
 * it divides A by a zero X instead, which ends the program with 0
 * (SECCOMP_RET_KILL_THREAD) and no return instruction.
 */
static void decider_div(struct sock_filter *insns, __u32 ret, bool ret_a,
			bool div_zero)
{
	struct sock_filter prog[] = {
		/* 0 */ LD_ABS(SD_ARCH),
		/* 1 */ JEQ_K(NATIVE_ARCH, 1, 0),
		/* 2 */ RET_K(SECCOMP_RET_KILL_PROCESS),
		/* 3 */ LD_ABS(SD_NR),
		/* 4 */ JEQ_K(__NR_getppid, 1, 0),
		/* 5 */ ALLOW,
		/* 6 */ LD_ABS(SD_ARG(0)),
		/* 7 */ JEQ_K(DECIDER_TAG, 1, 0),
		/* 8 */ ALLOW,
		/* 9 */ RET_K(ret),
		/* 10 */ ALLOW,
	};

	if (ret_a) {
		prog[9] = (struct sock_filter)LD_IMM(ret);
		prog[10] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_A, 0);
	}
	if (div_zero) {
		/* X is never set: it is 0. */
		prog[9] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_DIV |
						       BPF_X, 0);
		prog[10] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_A, 0);
	}
	memcpy(insns, prog, sizeof(prog));
}

static void decider(struct sock_filter *insns, __u32 ret, bool ret_a)
{
	decider_div(insns, ret, ret_a, false);
}

#define DECIDER_LEN	11

/*
 * A decider that does not look at the arguments (the cache knows its
 * answer for every call): returns @ret for getppid at index 4.
 */
static void known_decider(struct sock_filter *insns, __u32 ret)
{
	struct sock_filter prog[] = {
		/* 0 */ LD_ABS(SD_ARCH),
		/* 1 */ JEQ_K(NATIVE_ARCH, 0, 3),
		/* 2 */ LD_ABS(SD_NR),
		/* 3 */ JEQ_K(__NR_getppid, 0, 1),
		/* 4 */ RET_K(ret),
		/* 5 */ ALLOW,
		/* 6 */ ALLOW, ALLOW, ALLOW, ALLOW, ALLOW,
	};

	memcpy(insns, prog, sizeof(prog));
}

struct outcome {
	int done;
	long ret;
	int err;
};

FIXTURE(decision) {
	struct outcome *out;
};

FIXTURE_VARIANT(decision) {
	__u32 ret[3];		/* filters 1 (oldest) to 3 */
	bool ret_a;		/* the deciding filter returns A */
	bool div_zero;		/* it divides by a zero X instead */
	bool known;		/* the deciders ignore the arguments */
	int pos;		/* the filter expected to decide (1-3) */
	const char *action;
	int pc;
};

#define D_ALLOW		SECCOMP_RET_ALLOW

FIXTURE_VARIANT_ADD(decision, errno) {
	.ret = { D_ALLOW, SECCOMP_RET_ERRNO | 1234, D_ALLOW },
	.pos = 2, .action = "errno", .pc = DECIDER_PC,
};
FIXTURE_VARIANT_ADD(decision, trap) {
	.ret = { D_ALLOW, SECCOMP_RET_TRAP | 77, D_ALLOW },
	.pos = 2, .action = "trap", .pc = DECIDER_PC,
};
FIXTURE_VARIANT_ADD(decision, kill_thread) {
	.ret = { D_ALLOW, SECCOMP_RET_KILL_THREAD | 5, D_ALLOW },
	.pos = 2, .action = "kill_thread", .pc = DECIDER_PC,
};
FIXTURE_VARIANT_ADD(decision, kill_process) {
	.ret = { D_ALLOW, SECCOMP_RET_KILL_PROCESS | 6, D_ALLOW },
	.pos = 2, .action = "kill_process", .pc = DECIDER_PC,
};
FIXTURE_VARIANT_ADD(decision, trace) {
	.ret = { D_ALLOW, SECCOMP_RET_TRACE | 0x4242, D_ALLOW },
	.pos = 2, .action = "trace", .pc = DECIDER_PC,
};
FIXTURE_VARIANT_ADD(decision, log) {
	.ret = { D_ALLOW, SECCOMP_RET_LOG, D_ALLOW },
	.pos = 2, .action = "log", .pc = DECIDER_PC,
};
FIXTURE_VARIANT_ADD(decision, user_notif_no_listener) {
	.ret = { D_ALLOW, SECCOMP_RET_USER_NOTIF, D_ALLOW },
	.pos = 2, .action = "user_notif", .pc = DECIDER_PC,
};
/* The data as the filter returned it, beyond what the errno can be. */
FIXTURE_VARIANT_ADD(decision, errno_big_data) {
	.ret = { D_ALLOW, SECCOMP_RET_ERRNO | 0xffff, D_ALLOW },
	.pos = 2, .action = "errno", .pc = DECIDER_PC,
};
FIXTURE_VARIANT_ADD(decision, errno_ret_a) {
	.ret = { D_ALLOW, SECCOMP_RET_ERRNO | 99, D_ALLOW }, .ret_a = true,
	.pos = 2, .action = "errno", .pc = DECIDER_PC + 1,
};
FIXTURE_VARIANT_ADD(decision, errno_oldest) {
	.ret = { SECCOMP_RET_ERRNO | 3, D_ALLOW, D_ALLOW },
	.pos = 1, .action = "errno", .pc = DECIDER_PC,
};
FIXTURE_VARIANT_ADD(decision, errno_newest) {
	.ret = { D_ALLOW, D_ALLOW, SECCOMP_RET_ERRNO | 4 },
	.pos = 3, .action = "errno", .pc = DECIDER_PC,
};
/* No return instruction decided: the program ended with 0. */
FIXTURE_VARIANT_ADD(decision, division_by_zero) {
	.ret = { D_ALLOW, SECCOMP_RET_KILL_THREAD, D_ALLOW },
	.div_zero = true, .pos = 2, .action = "kill_thread", .pc = -1,
};
/* Equally strict: the newest filter's answer (and data). */
FIXTURE_VARIANT_ADD(decision, newest_of_equals) {
	.ret = { SECCOMP_RET_ERRNO | 5, D_ALLOW, SECCOMP_RET_ERRNO | 7 },
	.pos = 3, .action = "errno", .pc = DECIDER_PC,
};
/* The strictest wins wherever it is. */
FIXTURE_VARIANT_ADD(decision, strictest_oldest) {
	.ret = { SECCOMP_RET_KILL_PROCESS | 1, SECCOMP_RET_TRACE,
		 SECCOMP_RET_ERRNO | 7 },
	.pos = 1, .action = "kill_process", .pc = DECIDER_PC,
};
FIXTURE_VARIANT_ADD(decision, strictest_middle) {
	.ret = { SECCOMP_RET_LOG, SECCOMP_RET_TRAP | 8,
		 SECCOMP_RET_ERRNO | 7 },
	.pos = 2, .action = "trap", .pc = DECIDER_PC,
};
/* Deciders whose answer does not depend on the arguments. */
FIXTURE_VARIANT_ADD(decision, known_errno) {
	.ret = { D_ALLOW, SECCOMP_RET_ERRNO | 12, D_ALLOW }, .known = true,
	.pos = 2, .action = "errno", .pc = 4,
};
FIXTURE_VARIANT_ADD(decision, known_kill_process_twice) {
	.ret = { SECCOMP_RET_KILL_PROCESS | 1, D_ALLOW,
		 SECCOMP_RET_KILL_PROCESS | 3 }, .known = true,
	.pos = 3, .action = "kill_process", .pc = 4,
};
FIXTURE_VARIANT_ADD(decision, known_trap_under_errno) {
	.ret = { SECCOMP_RET_TRAP | 2, SECCOMP_RET_ERRNO | 3, D_ALLOW },
	.known = true, .pos = 1, .action = "trap", .pc = 4,
};

FIXTURE_SETUP(decision)
{
	EVENTS_SETUP();
	self->out = mmap(NULL, sizeof(*self->out), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->out);
}

FIXTURE_TEARDOWN(decision) { events_teardown(); }

/* The winning action of the variant. */
static __u32 winner(const FIXTURE_VARIANT(decision) *variant)
{
	return variant->ret[variant->pos - 1];
}

/* Attach the variant's filters in a child; @tag: getppid()'s argument. */
static pid_t run_child(const FIXTURE_VARIANT(decision) *variant,
		       struct outcome *out, long tag)
{
	pid_t pid = fork();
	int i;

	if (pid)
		return pid;
	no_core_dumps();
	if (set_no_new_privs())
		_exit(90);
	for (i = 0; i < 3; i++) {
		struct sock_filter insns[DECIDER_LEN];

		if (variant->known)
			known_decider(insns, variant->ret[i]);
		else
			decider_div(insns, variant->ret[i],
				    variant->ret_a && i + 1 == variant->pos,
				    variant->div_zero && i + 1 == variant->pos);
		if (install_prog(0, insns, DECIDER_LEN))
			_exit(91);
	}
	errno = 0;
	out->ret = syscall(__NR_getppid, tag, 0, 0, 0, 0, 0);
	out->err = errno;
	STORE(out->done, 1);
	_exit(0);
}

TEST_F(decision, event)
{
	struct decision_ev dec[MAX_EVENTS];
	struct attach_ev att[MAX_EVENTS];
	__u32 ret = winner(variant);
	__u32 action = ret & SECCOMP_RET_ACTION_FULL;
	pid_t pid;
	int status;

	REQUIRE_EVENTS();

	pid = run_child(variant, self->out, DECIDER_TAG);
	ASSERT_LE(0, pid);
	status = wait_status(pid);

	/* What the call came to. */
	switch (action) {
	case SECCOMP_RET_KILL_PROCESS:
	case SECCOMP_RET_KILL_THREAD:
	case SECCOMP_RET_TRAP:
		EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
			TH_LOG("status 0x%x", status);
		break;
	case SECCOMP_RET_ERRNO:
		ASSERT_EQ(0, status);
		EXPECT_EQ(-1, self->out->ret);
		/* Capped at MAX_ERRNO. */
		EXPECT_EQ((ret & SECCOMP_RET_DATA) > 4095 ? 4095 :
			  (ret & SECCOMP_RET_DATA), self->out->err);
		break;
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_USER_NOTIF:
		ASSERT_EQ(0, status);
		EXPECT_EQ(-1, self->out->ret);
		EXPECT_EQ(ENOSYS, self->out->err);
		break;
	case SECCOMP_RET_LOG:
		ASSERT_EQ(0, status);
		EXPECT_EQ(getpid(), self->out->ret);
		break;
	}

	ASSERT_EQ(3, attaches_of(pid, att));
	ASSERT_EQ(1, decisions_of(pid, dec))
		TH_LOG("expected exactly one decision event");
	EXPECT_EQ(pid, dec[0].pid);
	EXPECT_EQ(NATIVE_ARCH, dec[0].arch);
	EXPECT_EQ(__NR_getppid, dec[0].nr);
	EXPECT_STREQ(variant->action, dec[0].action);
	EXPECT_EQ(ret & SECCOMP_RET_DATA, dec[0].data);
	EXPECT_EQ(att[variant->pos - 1].id, dec[0].filter);
	EXPECT_EQ(variant->pos, dec[0].pos);
	EXPECT_EQ(3, dec[0].depth);
	EXPECT_EQ(variant->pc, dec[0].insn);
}

/*
 * Decisions that need no variants.
 */
FIXTURE(decision_misc) {
	struct outcome *out;
};

FIXTURE_SETUP(decision_misc)
{
	EVENTS_SETUP();
	self->out = mmap(NULL, sizeof(*self->out), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->out);
}

FIXTURE_TEARDOWN(decision_misc) { events_teardown(); }

/* ALLOW produces no event, whichever filter allowed what. */
TEST_F(decision_misc, allow_is_silent)
{
	static const FIXTURE_VARIANT(decision) deciders = {
		.ret = { SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_TRAP,
			 SECCOMP_RET_ERRNO | 1 },
	};
	struct decision_ev dec[MAX_EVENTS];
	struct attach_ev att[MAX_EVENTS];
	pid_t pid;

	REQUIRE_EVENTS();

	/* Another first argument: every decider allows, as for all else. */
	pid = run_child(&deciders, self->out, DECIDER_TAG + 1);
	ASSERT_LE(0, pid);
	ASSERT_EQ(0, wait_status(pid));
	EXPECT_EQ(getpid(), self->out->ret);
	ASSERT_EQ(3, attaches_of(pid, att));
	EXPECT_EQ(0, decisions_of(pid, dec));
}

/* USER_NOTIF with a listener: the event comes before the notification. */
static int notif_fd;

static void *notified_thread(void *arg)
{
	struct outcome *out = arg;

	errno = 0;
	out->ret = syscall(__NR_getppid, DECIDER_TAG, 0, 0, 0, 0, 0);
	out->err = errno;
	STORE(out->done, 1);
	return NULL;
}

TEST_F(decision_misc, user_notif_with_listener)
{
	struct decision_ev dec[MAX_EVENTS];
	struct attach_ev att[MAX_EVENTS];
	pid_t pid;

	REQUIRE_EVENTS();

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sock_filter insns[DECIDER_LEN];
		struct seccomp_notif n;
		struct seccomp_notif_resp resp;
		pthread_t t;

		if (set_no_new_privs())
			_exit(90);
		decider(insns, SECCOMP_RET_ALLOW, false);
		if (install_prog(0, insns, DECIDER_LEN))
			_exit(91);
		decider(insns, SECCOMP_RET_USER_NOTIF, false);
		notif_fd = install_prog(SECCOMP_FILTER_FLAG_NEW_LISTENER,
					insns, DECIDER_LEN);
		if (notif_fd < 0)
			_exit(92);
		if (pthread_create(&t, NULL, notified_thread, self->out))
			_exit(93);
		memset(&n, 0, sizeof(n));
		if (ioctl(notif_fd, SECCOMP_IOCTL_NOTIF_RECV, &n))
			_exit(94);
		memset(&resp, 0, sizeof(resp));
		resp.id = n.id;
		resp.val = 4321;
		if (ioctl(notif_fd, SECCOMP_IOCTL_NOTIF_SEND, &resp))
			_exit(95);
		pthread_join(t, NULL);
		/* The notifying thread's tid, for the parent. */
		self->out->err = n.pid;
		_exit(0);
	}
	ASSERT_EQ(0, wait_status(pid));
	EXPECT_EQ(4321, self->out->ret);

	ASSERT_EQ(2, attaches_of(pid, att));
	EXPECT_EQ(-1, att[0].listener);
	EXPECT_LE(0, att[1].listener);
	ASSERT_EQ(1, decisions_of(self->out->err, dec));
	EXPECT_EQ(NATIVE_ARCH, dec[0].arch);
	EXPECT_EQ(__NR_getppid, dec[0].nr);
	EXPECT_STREQ("user_notif", dec[0].action);
	EXPECT_EQ(0, dec[0].data);
	EXPECT_EQ(att[1].id, dec[0].filter);
	EXPECT_EQ(2, dec[0].pos);
	EXPECT_EQ(2, dec[0].depth);
	EXPECT_EQ(DECIDER_PC, dec[0].insn);
	/* The supervisor's own calls were allowed. */
	EXPECT_EQ(0, decisions_of(pid, dec));
}

#if defined(__x86_64__)
/*
 * An i386 call (int $0x80) from this x86_64 process: every decider kills
 * the wrong architecture at instruction 2, and the newest one of equals
 * wins.  An arm64 process has no way to make a 32-bit call: there,
 * seccomp_abi_arm32 makes them from a 32-bit program.
 */
TEST_F(decision_misc, compat_call)
{
	static const FIXTURE_VARIANT(decision) deciders = {
		.ret = { SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | 1,
			 SECCOMP_RET_ALLOW },
	};
	struct decision_ev dec[MAX_EVENTS];
	struct attach_ev att[MAX_EVENTS];
	pid_t pid;
	int status;

	REQUIRE_EVENTS();

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		long ret = 64;	/* getppid on i386 */
		int i;

		no_core_dumps();
		if (set_no_new_privs())
			_exit(90);
		for (i = 0; i < 3; i++) {
			struct sock_filter insns[DECIDER_LEN];

			decider(insns, deciders.ret[i], false);
			if (install_prog(0, insns, DECIDER_LEN))
				_exit(91);
		}
		asm volatile("int $0x80" : "+a"(ret) : : "memory");
		_exit(92);
	}
	status = wait_status(pid);
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		TH_LOG("status 0x%x", status);
	ASSERT_EQ(3, attaches_of(pid, att));
	ASSERT_EQ(1, decisions_of(pid, dec));
	EXPECT_EQ(AUDIT_ARCH_I386, dec[0].arch);
	EXPECT_EQ(64, dec[0].nr);
	EXPECT_STREQ("kill_process", dec[0].action);
	EXPECT_EQ(0, dec[0].data);
	EXPECT_EQ(att[2].id, dec[0].filter);
	EXPECT_EQ(3, dec[0].pos);
	EXPECT_EQ(3, dec[0].depth);
	EXPECT_EQ(2, dec[0].insn);
}
#endif

/* Strict mode's kill is a decision of no filter. */
TEST_F(decision_misc, strict_mode_kill)
{
	struct decision_ev dec[MAX_EVENTS];
	pid_t pid;
	int status;

	REQUIRE_EVENTS();

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (syscall(__NR_prctl, PR_SET_SECCOMP, SECCOMP_MODE_STRICT,
			    0, 0, 0))
			syscall(__NR_exit, 1);
		syscall(__NR_getppid, 0, 0, 0, 0, 0, 0);
		syscall(__NR_exit, 2);
	}
	status = wait_status(pid);
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		TH_LOG("status 0x%x", status);
	ASSERT_EQ(1, decisions_of(pid, dec));
	EXPECT_EQ(NATIVE_ARCH, dec[0].arch);
	EXPECT_EQ(__NR_getppid, dec[0].nr);
	EXPECT_STREQ("kill_thread", dec[0].action);
	EXPECT_EQ(0, dec[0].data);
	EXPECT_EQ(0, dec[0].filter);
	EXPECT_EQ(0, dec[0].pos);
	EXPECT_EQ(0, dec[0].depth);
	EXPECT_EQ(-1, dec[0].insn);
}

TEST_HARNESS_MAIN
