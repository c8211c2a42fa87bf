// SPDX-License-Identifier: GPL-2.0
/*
 * The bad-input catalogue: one row per malformed input to the user
 * interfaces of seccomp (prctl(PR_SET_SECCOMP), seccomp(2), the listener's
 * ioctls and the kernel.seccomp sysctls), each with the errno it must get.
 *
 * A refused input must also change nothing, so every row checks after the
 * call that the task is still outside seccomp with no filter, that no
 * descriptor appeared, that a pending notification can still be answered
 * or that the sysctl still reads as before.
 *
 * The errnos are those of Linux 6.1, which is the ABI contract.  Where the
 * checks overlap, the order matters to feature probes (flags before the
 * pointer, the length before privilege, privilege before the program), so
 * rows with two faults pin which one wins.
 *
 * The pointer and length rows are also run with the seccomp_filter_reject
 * trace event on (when tracefs has it): explaining a refusal must not
 * change which errno it gets.
 */

#include "seccomp_common.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif

/* The flags of SECCOMP_SET_MODE_FILTER that 6.1 knows. */
#define KNOWN_FILTER_FLAGS (SECCOMP_FILTER_FLAG_TSYNC |			\
			    SECCOMP_FILTER_FLAG_LOG |			\
			    SECCOMP_FILTER_FLAG_SPEC_ALLOW |		\
			    SECCOMP_FILTER_FLAG_NEW_LISTENER |		\
			    SECCOMP_FILTER_FLAG_TSYNC_ESRCH |		\
			    SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)

/* Addresses no user copy may read: the kernel's text, a hole in the VA. */
#define KERNEL_ADDR	((void *)0xffffffff81000000UL)
#define NONCANONICAL	((void *)0x8000000000000000UL)

#define MAX_ROW		6

/* Instructions of a row and their number, from one list. */
#define PROG(...)							\
	.insns = { __VA_ARGS__ },					\
	.n = sizeof((struct sock_filter[]){ __VA_ARGS__ }) /		\
	     sizeof(struct sock_filter)

#define INSN(code, k)		BPF_STMT((code), (k))
#define JUMP(code, k, jt, jf)	BPF_JUMP((code), (k), (jt), (jf))
#define ALLOW			RET_K(SECCOMP_RET_ALLOW)

/* Memory with a trap after it. */
struct edge {
	char *page;		/* a read-write page */
	char *hole;		/* the PROT_NONE page right after it */
	void *unmapped;		/* a page-sized hole that nothing maps */
};

static int make_edge(struct edge *e)
{
	long sz = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 3 * sz, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	if (mprotect(p + sz, sz, PROT_NONE) || munmap(p + 2 * sz, sz))
		return -1;
	e->page = p;
	e->hole = p + sz;
	e->unmapped = p + 2 * sz;
	return 0;
}

/* The lowest free descriptor: a leaked one would move it. */
static int lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd >= 0)
		close(fd);
	return fd;
}

/*
 * After a refused attach: still outside seccomp (filter mode would show
 * 2, strict mode would have killed us on prctl), no filter counted, no
 * new descriptor, and system calls still go through.
 */
static void expect_untouched(struct __test_metadata *_metadata, int free_fd)
{
	EXPECT_EQ(0, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	EXPECT_EQ(0, proc_status_field(0, "Seccomp"));
	EXPECT_EQ(0, proc_status_field(0, "Seccomp_filters"));
	EXPECT_EQ(free_fd, lowest_free_fd());
	EXPECT_EQ(getppid(), syscall(__NR_getppid));
}

/* errno of a call that must fail, or 0 if it did not. */
#define ERRNO_OF(call) ({ errno = 0; (call) == -1 ? errno : 0; })

/* The seccomp_filter_reject trace event, if tracefs has it. */

static char reject_enable[128];

static bool find_reject_event(void)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(reject_enable, sizeof(reject_enable),
			 "%s/events/seccomp/seccomp_filter_reject/enable",
			 dirs[i]);
		if (!access(reject_enable, W_OK))
			return true;
	}
	mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL);
	snprintf(reject_enable, sizeof(reject_enable),
		 "/sys/kernel/tracing/events/seccomp/seccomp_filter_reject/enable");
	return !access(reject_enable, W_OK);
}

/* Set the event on or off; return its previous state, or -1. */
static int set_reject_event(int on)
{
	char old = '0';
	int fd = open(reject_enable, O_RDWR);

	if (fd < 0)
		return -1;
	if (read(fd, &old, 1) != 1 ||
	    pwrite(fd, on ? "1" : "0", 1, 0) != 1) {
		close(fd);
		return -1;
	}
	close(fd);
	return old == '1';
}

/*
 * Attaching filters: prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER) and
 * seccomp(SECCOMP_SET_MODE_FILTER, 0), the struct sock_fprog and its
 * instructions.
 */

/* Where a row puts the struct sock_fprog or its instructions. */
enum where {
	AT_GOOD,	/* ordinary memory */
	AT_NULL,
	AT_UNMAPPED,
	AT_KERNEL,
	AT_NONCANONICAL,
	AT_STRADDLE,	/* misaligned, running into a PROT_NONE page */
	AT_END,		/* aligned, ending right before a PROT_NONE page */
	AT_BIG,		/* 0x10000 readable RET ALLOWs (for long lengths) */
};

FIXTURE(filter) {
	struct edge edge;
	struct sock_filter *big;
	int free_fd;
};

struct filter_row {
	enum where fprog;
	enum where insns_at;
	struct sock_filter insns[MAX_ROW];
	unsigned int n;		/* instructions in @insns */
	bool set_len;		/* fprog.len is @len, not @n */
	unsigned short len;
	bool unprivileged;	/* no no_new_privs, no CAP_SYS_ADMIN */
	int err;
};

FIXTURE_VARIANT(filter) {
	struct filter_row r;
};

#define ROW(...)	.r = { __VA_ARGS__ }

/* Pointers. */
FIXTURE_VARIANT_ADD(filter, fprog_null) {
	ROW(.fprog = AT_NULL, PROG(ALLOW), .err = EFAULT) };
FIXTURE_VARIANT_ADD(filter, fprog_unmapped) {
	ROW(.fprog = AT_UNMAPPED, PROG(ALLOW), .err = EFAULT) };
FIXTURE_VARIANT_ADD(filter, fprog_kernel_address) {
	ROW(.fprog = AT_KERNEL, PROG(ALLOW), .err = EFAULT) };
FIXTURE_VARIANT_ADD(filter, fprog_noncanonical) {
	ROW(.fprog = AT_NONCANONICAL, PROG(ALLOW), .err = EFAULT) };
FIXTURE_VARIANT_ADD(filter, fprog_misaligned_straddling) {
	ROW(.fprog = AT_STRADDLE, PROG(ALLOW), .err = EFAULT) };
/* The BPF core refuses a NULL program as malformed, before reading it. */
FIXTURE_VARIANT_ADD(filter, insns_null) {
	ROW(.insns_at = AT_NULL, PROG(ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, insns_unmapped) {
	ROW(.insns_at = AT_UNMAPPED, PROG(ALLOW), .err = EFAULT) };
FIXTURE_VARIANT_ADD(filter, insns_kernel_address) {
	ROW(.insns_at = AT_KERNEL, PROG(ALLOW), .err = EFAULT) };
FIXTURE_VARIANT_ADD(filter, insns_noncanonical) {
	ROW(.insns_at = AT_NONCANONICAL, PROG(ALLOW), .err = EFAULT) };
FIXTURE_VARIANT_ADD(filter, insns_misaligned_straddling) {
	ROW(.insns_at = AT_STRADDLE, PROG(LD_ABS(SD_NR), ALLOW), .err = EFAULT)
};

/* Lengths: the length is checked before the instructions are read. */
FIXTURE_VARIANT_ADD(filter, len_0) {
	ROW(PROG(ALLOW), .set_len = true, .len = 0, .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, len_0_insns_null) {
	ROW(.insns_at = AT_NULL, PROG(ALLOW), .set_len = true, .len = 0,
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, len_0_insns_unmapped) {
	ROW(.insns_at = AT_UNMAPPED, PROG(ALLOW), .set_len = true, .len = 0,
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, len_4097) {
	ROW(.insns_at = AT_BIG, PROG(ALLOW), .set_len = true, .len = 4097,
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, len_4097_insns_unmapped) {
	ROW(.insns_at = AT_UNMAPPED, PROG(ALLOW), .set_len = true, .len = 4097,
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, len_0xffff) {
	ROW(.insns_at = AT_BIG, PROG(ALLOW), .set_len = true, .len = 0xffff,
	    .err = EINVAL) };
/* A length past the instructions: the copy runs into the hole. */
FIXTURE_VARIANT_ADD(filter, len_past_the_mapping) {
	ROW(.insns_at = AT_END, PROG(ALLOW, ALLOW), .set_len = true, .len = 3,
	    .err = EFAULT) };

/* Opcodes, class by class.  BPF_LD: only W|ABS, W|LEN, IMM and MEM. */
FIXTURE_VARIANT_ADD(filter, ld_h_abs) {
	ROW(PROG(INSN(BPF_LD | BPF_H | BPF_ABS, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_b_abs) {
	ROW(PROG(INSN(BPF_LD | BPF_B | BPF_ABS, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_w_ind) {
	ROW(PROG(INSN(BPF_LD | BPF_W | BPF_IND, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_h_ind) {
	ROW(PROG(INSN(BPF_LD | BPF_H | BPF_IND, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_b_ind) {
	ROW(PROG(INSN(BPF_LD | BPF_B | BPF_IND, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_b_msh) {
	ROW(PROG(INSN(BPF_LD | BPF_B | BPF_MSH, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_dw_abs) {
	ROW(PROG(INSN(BPF_LD | 0x18 | BPF_ABS, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_h_len) {
	ROW(PROG(INSN(BPF_LD | BPF_H | BPF_LEN, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_mode_0xc0) {
	ROW(PROG(INSN(BPF_LD | BPF_W | 0xc0, 0), ALLOW), .err = EINVAL) };
/* BPF_LDX: only W|LEN, IMM and MEM. */
FIXTURE_VARIANT_ADD(filter, ldx_w_abs) {
	ROW(PROG(INSN(BPF_LDX | BPF_W | BPF_ABS, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ldx_w_ind) {
	ROW(PROG(INSN(BPF_LDX | BPF_W | BPF_IND, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ldx_b_msh) {
	ROW(PROG(INSN(BPF_LDX | BPF_B | BPF_MSH, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ldx_b_imm) {
	ROW(PROG(INSN(BPF_LDX | BPF_B | BPF_IMM, 0), ALLOW), .err = EINVAL) };
/* Absolute loads outside seccomp_data, or not on a word. */
FIXTURE_VARIANT_ADD(filter, ld_abs_64_past_the_end) {
	ROW(PROG(LD_ABS(sizeof(struct seccomp_data)), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_abs_huge) {
	ROW(PROG(LD_ABS(0x7fffffff), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_abs_ancillary) {
	ROW(PROG(LD_ABS(0xfffff000), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_abs_net_offset) {
	ROW(PROG(LD_ABS(0xfff00000), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_abs_misaligned_2) {
	ROW(PROG(LD_ABS(2), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_abs_misaligned_61) {
	ROW(PROG(LD_ABS(61), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_abs_misaligned_62) {
	ROW(PROG(LD_ABS(62), ALLOW), .err = EINVAL) };
/* BPF_ST, BPF_STX and the scratch memory. */
FIXTURE_VARIANT_ADD(filter, st_slot_16) {
	ROW(PROG(INSN(BPF_ST, BPF_MEMWORDS), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, stx_slot_huge) {
	ROW(PROG(INSN(BPF_STX, 0xffffffff), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, st_with_size_bits) {
	ROW(PROG(INSN(BPF_ST | BPF_H, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ld_mem_slot_16) {
	ROW(PROG(INSN(BPF_ST, 0), INSN(BPF_LD | BPF_MEM, BPF_MEMWORDS), ALLOW),
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ldx_mem_before_store) {
	ROW(PROG(INSN(BPF_LDX | BPF_MEM, 3), ALLOW), .err = EINVAL) };
/* BPF_ALU: no MOD, no eBPF-only operations, no constant faults. */
FIXTURE_VARIANT_ADD(filter, alu_mod_k) {
	ROW(PROG(INSN(BPF_ALU | BPF_MOD | BPF_K, 3), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, alu_mod_x) {
	ROW(PROG(INSN(BPF_ALU | BPF_MOD | BPF_X, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, alu_div_k_0) {
	ROW(PROG(INSN(BPF_ALU | BPF_DIV | BPF_K, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, alu_lsh_k_32) {
	ROW(PROG(INSN(BPF_ALU | BPF_LSH | BPF_K, 32), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, alu_rsh_k_huge) {
	ROW(PROG(INSN(BPF_ALU | BPF_RSH | BPF_K, 0xffffffff), ALLOW),
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, alu_op_0xb0) {
	ROW(PROG(INSN(BPF_ALU | 0xb0 | BPF_K, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, alu_op_0xc0) {
	ROW(PROG(INSN(BPF_ALU | 0xc0 | BPF_K, 1), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, alu_op_0xd0) {
	ROW(PROG(INSN(BPF_ALU | 0xd0 | BPF_K, 16), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, alu_neg_x) {
	ROW(PROG(INSN(BPF_ALU | BPF_NEG | BPF_X, 0), ALLOW), .err = EINVAL) };
/* BPF_JMP: unknown conditions, and jumps out of the program. */
FIXTURE_VARIANT_ADD(filter, jmp_op_0x50) {
	ROW(PROG(JUMP(BPF_JMP | 0x50 | BPF_K, 0, 0, 0), ALLOW),
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, jmp_op_0x80) {
	ROW(PROG(JUMP(BPF_JMP | 0x80 | BPF_K, 0, 0, 0), ALLOW),
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, jmp_op_0x90) {
	ROW(PROG(JUMP(BPF_JMP | 0x90 | BPF_K, 0, 0, 0), ALLOW),
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ja_x) {
	ROW(PROG(INSN(BPF_JMP | BPF_JA | BPF_X, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ja_past_the_end) {
	ROW(PROG(INSN(BPF_JMP | BPF_JA, 1), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ja_huge) {
	ROW(PROG(INSN(BPF_JMP | BPF_JA, 0xffffffff), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ja_last) {
	ROW(PROG(INSN(BPF_JMP | BPF_JA, 0)), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, jeq_jt_past_the_end) {
	ROW(PROG(JEQ_K(0, 1, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, jeq_jf_past_the_end) {
	ROW(PROG(JEQ_K(0, 0, 1), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, jset_x_jt_255) {
	ROW(PROG(JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 255, 0), ALLOW, ALLOW),
	    .err = EINVAL) };
/* BPF_RET: of K or A only. */
FIXTURE_VARIANT_ADD(filter, ret_x) {
	ROW(PROG(INSN(BPF_RET | BPF_X, 0)), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, ret_mode_bits) {
	ROW(PROG(INSN(BPF_RET | BPF_K | 0x20, SECCOMP_RET_ALLOW)),
	    .err = EINVAL) };
/* BPF_MISC: TAX and TXA only. */
FIXTURE_VARIANT_ADD(filter, misc_0x20) {
	ROW(PROG(INSN(BPF_MISC | 0x20, 0), ALLOW), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, misc_tax_size_bits) {
	ROW(PROG(INSN(BPF_MISC | BPF_TAX | BPF_H, 0), ALLOW), .err = EINVAL) };
/* Opcodes do not fit the 16-bit field's high byte. */
FIXTURE_VARIANT_ADD(filter, code_high_byte) {
	ROW(PROG(INSN(0x100 | BPF_RET | BPF_K, SECCOMP_RET_ALLOW)),
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, code_0xffff) {
	ROW(PROG(INSN(0xffff, 0), ALLOW), .err = EINVAL) };
/* A program must end in a return. */
FIXTURE_VARIANT_ADD(filter, no_return_load_last) {
	ROW(PROG(ALLOW, LD_ABS(SD_NR)), .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, no_return_alu_last) {
	ROW(PROG(LD_ABS(SD_NR), INSN(BPF_ALU | BPF_ADD | BPF_K, 1)),
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, no_return_one_load) {
	ROW(PROG(LD_ABS(SD_NR)), .err = EINVAL) };

/*
 * Without no_new_privs or CAP_SYS_ADMIN: the length is checked first,
 * then privilege, and only then the program (pointer or content).
 */
FIXTURE_VARIANT_ADD(filter, unprivileged_valid) {
	ROW(PROG(ALLOW), .unprivileged = true, .err = EACCES) };
FIXTURE_VARIANT_ADD(filter, unprivileged_len_0) {
	ROW(PROG(ALLOW), .set_len = true, .len = 0, .unprivileged = true,
	    .err = EINVAL) };
FIXTURE_VARIANT_ADD(filter, unprivileged_bad_opcode) {
	ROW(PROG(INSN(0xffff, 0), ALLOW), .unprivileged = true,
	    .err = EACCES) };
FIXTURE_VARIANT_ADD(filter, unprivileged_insns_unmapped) {
	ROW(.insns_at = AT_UNMAPPED, PROG(ALLOW), .unprivileged = true,
	    .err = EACCES) };
FIXTURE_VARIANT_ADD(filter, unprivileged_fprog_null) {
	ROW(.fprog = AT_NULL, PROG(ALLOW), .unprivileged = true, .err = EFAULT)
};

FIXTURE_SETUP(filter)
{
	size_t i, n = 0x10000;

	ASSERT_EQ(0, make_edge(&self->edge));
	self->big = calloc(n, sizeof(*self->big));
	ASSERT_NE(NULL, self->big);
	for (i = 0; i < n; i++)
		self->big[i] = (struct sock_filter)ALLOW;
	ASSERT_EQ(0, variant->r.unprivileged ? drop_cap(CAP_SYS_ADMIN) :
					       set_no_new_privs());
	self->free_fd = lowest_free_fd();
	ASSERT_LE(0, self->free_fd);
}

FIXTURE_TEARDOWN(filter) {}

/*
 * A pointer of kind @at, to @size bytes holding a copy of @src (@good for
 * ordinary memory, @e for the edge of a mapping, @big for long programs).
 */
static void *place(struct edge *e, struct sock_filter *big, enum where at,
		   const void *src, size_t size, void *good)
{
	switch (at) {
	case AT_GOOD:
		memcpy(good, src, size);
		return good;
	case AT_NULL:
		return NULL;
	case AT_UNMAPPED:
		return e->unmapped;
	case AT_KERNEL:
		return KERNEL_ADDR;
	case AT_NONCANONICAL:
		return NONCANONICAL;
	case AT_STRADDLE:
		/* Four bytes short of fitting, so misaligned too. */
		memcpy(e->hole - size + 4, src, size - 4);
		return e->hole - size + 4;
	case AT_END:
		memcpy(e->hole - size, src, size);
		return e->hole - size;
	case AT_BIG:
		return big;
	}
	return NULL;
}

/* Attach a row through seccomp() and prctl(), expecting @err from both. */
static void attach_row(struct __test_metadata *_metadata, struct edge *e,
		       struct sock_filter *big,
		       const struct filter_row *row, int free_fd)
{
	struct sock_filter insns[MAX_ROW];
	struct sock_fprog prog, good_prog, *uprog;

	prog.len = row->set_len ? row->len : row->n;
	prog.filter = place(e, big, row->insns_at, row->insns,
			    row->n * sizeof(insns[0]), insns);
	uprog = place(e, big, row->fprog, &prog, sizeof(prog), &good_prog);

	EXPECT_EQ(row->err,
		  ERRNO_OF(sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, uprog)))
		TH_LOG("seccomp()");
	expect_untouched(_metadata, free_fd);

	EXPECT_EQ(row->err,
		  ERRNO_OF(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, uprog,
				 0, 0)))
		TH_LOG("prctl()");
	expect_untouched(_metadata, free_fd);
}

TEST_F(filter, refused)
{
	attach_row(_metadata, &self->edge, self->big, &variant->r,
		   self->free_fd);
}

/*
 * With the reject event on, the kernel may read the program once more to
 * explain its refusal; the errno must stay the same.  One test turns the
 * event on once (turning a tracepoint on and off patches kernel text,
 * which is slow under emulation) and runs the rows where the reading
 * fails or is skipped.
 */
static const struct filter_row reading_rows[] = {
	{ .fprog = AT_NULL, PROG(ALLOW), .err = EFAULT },
	{ .fprog = AT_STRADDLE, PROG(ALLOW), .err = EFAULT },
	{ .insns_at = AT_NULL, PROG(ALLOW), .err = EINVAL },
	{ .insns_at = AT_UNMAPPED, PROG(ALLOW), .err = EFAULT },
	{ .insns_at = AT_KERNEL, PROG(ALLOW), .err = EFAULT },
	{ .insns_at = AT_STRADDLE, PROG(LD_ABS(SD_NR), ALLOW), .err = EFAULT },
	{ .insns_at = AT_END, PROG(ALLOW, ALLOW), .set_len = true, .len = 3,
	  .err = EFAULT },
	{ PROG(ALLOW), .set_len = true, .len = 0, .err = EINVAL },
	{ .insns_at = AT_NULL, PROG(ALLOW), .set_len = true, .len = 0,
	  .err = EINVAL },
	{ .insns_at = AT_UNMAPPED, PROG(ALLOW), .set_len = true, .len = 4097,
	  .err = EINVAL },
	{ .insns_at = AT_BIG, PROG(ALLOW), .set_len = true, .len = 0xffff,
	  .err = EINVAL },
	{ PROG(INSN(0xffff, 0), ALLOW), .err = EINVAL },
	{ PROG(LD_ABS(62), ALLOW), .err = EINVAL },
	{ PROG(INSN(BPF_LDX | BPF_MEM, 3), ALLOW), .err = EINVAL },
};

TEST(reject_event_changes_no_errno)
{
	struct sock_filter *big = calloc(0x10000, sizeof(*big));
	unsigned int i;
	struct edge e;
	int was, free_fd;

	if (!find_reject_event())
		SKIP(return, "no seccomp_filter_reject trace event");
	ASSERT_NE(NULL, big);
	for (i = 0; i < 0x10000; i++)
		big[i] = (struct sock_filter)ALLOW;
	ASSERT_EQ(0, make_edge(&e));
	ASSERT_EQ(0, set_no_new_privs());
	free_fd = lowest_free_fd();
	was = set_reject_event(1);
	ASSERT_LE(0, was);
	for (i = 0; i < ARRAY_SIZE(reading_rows); i++) {
		int passed = _metadata->passed;

		attach_row(_metadata, &e, big, &reading_rows[i], free_fd);
		if (passed && !_metadata->passed)
			TH_LOG("row %u of reading_rows[]", i);
	}
	if (!was)
		set_reject_event(0);
	free(big);
}

/*
 * The controls of the pointer rows: misaligned memory and the edge of a
 * mapping are fine in themselves; the rows fail because of the hole.
 */
TEST(control_misaligned_fprog_and_insns_at_the_edge_attach)
{
	struct sock_filter insns[] = { LD_ABS(SD_NR), ALLOW };
	struct sock_fprog *prog;
	struct sock_filter *at;
	struct edge e;

	ASSERT_EQ(0, make_edge(&e));
	ASSERT_EQ(0, set_no_new_privs());
	at = (void *)(e.hole - sizeof(insns) - 4);
	memcpy(at, insns, sizeof(insns));
	prog = (void *)(e.page + 3);
	prog->len = ARRAY_SIZE(insns);
	prog->filter = at;
	ASSERT_NE(0, (unsigned long)prog % 8);
	EXPECT_EQ(0, sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, prog));
	EXPECT_EQ(0, prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0));
	EXPECT_EQ(2, proc_status_field(0, "Seccomp_filters"));
}

TEST(control_len_4096_attaches)
{
	struct sock_filter *insns = calloc(BPF_MAXINSNS, sizeof(*insns));
	unsigned int i;

	ASSERT_NE(NULL, insns);
	for (i = 0; i < BPF_MAXINSNS; i++)
		insns[i] = (struct sock_filter)ALLOW;
	ASSERT_EQ(0, set_no_new_privs());
	EXPECT_EQ(0, install_prog(0, insns, BPF_MAXINSNS));
	EXPECT_EQ(1, proc_status_field(0, "Seccomp_filters"));
	free(insns);
}

/*
 * Flags, operations and modes.  Unknown flags are refused before the
 * pointer is read, so each is tried both with a valid program and with
 * NULL (which would otherwise be EFAULT).
 */

static long attach_allow(unsigned int flags)
{
	return install_const(flags, SECCOMP_RET_ALLOW);
}

TEST(filter_flags_unknown_bit_by_bit)
{
	int free_fd, bit;

	ASSERT_EQ(0, set_no_new_privs());
	free_fd = lowest_free_fd();
	for (bit = 0; bit < 32; bit++) {
		unsigned int flag = 1U << bit;

		if (flag & KNOWN_FILTER_FLAGS)
			continue;
		EXPECT_EQ(EINVAL, ERRNO_OF(attach_allow(flag)))
			TH_LOG("flag bit %d", bit);
		EXPECT_EQ(EINVAL,
			  ERRNO_OF(sys_seccomp(SECCOMP_SET_MODE_FILTER, flag,
					       NULL)))
			TH_LOG("flag bit %d with NULL", bit);
		/* With every known flag that can go with a listener too. */
		EXPECT_EQ(EINVAL,
			  ERRNO_OF(attach_allow(flag |
						SECCOMP_FILTER_FLAG_LOG |
						SECCOMP_FILTER_FLAG_NEW_LISTENER)))
			TH_LOG("flag bit %d with known flags", bit);
		expect_untouched(_metadata, free_fd);
	}
}

/* Known flags that 6.1 refuses together. */
static const unsigned int refused_combinations[] = {
	/* The TID of a failed TSYNC could not be told from the fd. */
	SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_NEW_LISTENER,
	SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_NEW_LISTENER |
		SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW,
	SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_NEW_LISTENER |
		SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
	/* Waiting killably only means something for a listener. */
	SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
	SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV | SECCOMP_FILTER_FLAG_TSYNC,
	SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV | SECCOMP_FILTER_FLAG_TSYNC |
		SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
	SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV | SECCOMP_FILTER_FLAG_LOG,
};

TEST(filter_flag_combinations)
{
	unsigned int i;
	int free_fd;

	ASSERT_EQ(0, set_no_new_privs());
	free_fd = lowest_free_fd();
	for (i = 0; i < ARRAY_SIZE(refused_combinations); i++) {
		unsigned int flags = refused_combinations[i];

		EXPECT_EQ(EINVAL, ERRNO_OF(attach_allow(flags)))
			TH_LOG("flags 0x%x", flags);
		EXPECT_EQ(EINVAL,
			  ERRNO_OF(sys_seccomp(SECCOMP_SET_MODE_FILTER, flags,
					       NULL)))
			TH_LOG("flags 0x%x with NULL", flags);
		expect_untouched(_metadata, free_fd);
	}
}

/* The operations without flags refuse every bit. */
TEST(other_operations_flags_bit_by_bit)
{
	static const unsigned int ops[] = {
		SECCOMP_SET_MODE_STRICT, SECCOMP_GET_ACTION_AVAIL,
		SECCOMP_GET_NOTIF_SIZES,
	};
	struct seccomp_notif_sizes sizes;
	__u32 action = SECCOMP_RET_ALLOW;
	unsigned int i;
	int free_fd = lowest_free_fd();
	int bit;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		void *args = ops[i] == SECCOMP_SET_MODE_STRICT ? NULL :
			     ops[i] == SECCOMP_GET_ACTION_AVAIL ?
			     (void *)&action : (void *)&sizes;

		for (bit = 0; bit < 32; bit++) {
			/* Entering strict mode by mistake kills us here. */
			EXPECT_EQ(EINVAL,
				  ERRNO_OF(sys_seccomp(ops[i], 1U << bit,
						       args)))
				TH_LOG("op %u, flag bit %d", ops[i], bit);
		}
		expect_untouched(_metadata, free_fd);
	}
}

TEST(unknown_operations)
{
	static const unsigned int huge[] = {
		0x100, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff,
	};
	struct sock_filter allow[] = { ALLOW };
	struct sock_fprog prog = { 1, allow };
	int free_fd;
	unsigned int op;

	ASSERT_EQ(0, set_no_new_privs());
	free_fd = lowest_free_fd();
	for (op = SECCOMP_GET_NOTIF_SIZES + 1; op < 0x100; op++) {
		EXPECT_EQ(EINVAL, ERRNO_OF(sys_seccomp(op, 0, NULL)))
			TH_LOG("op %u", op);
		EXPECT_EQ(EINVAL, ERRNO_OF(sys_seccomp(op, 0, &prog)))
			TH_LOG("op %u with a program", op);
	}
	for (op = 0; op < ARRAY_SIZE(huge); op++) {
		EXPECT_EQ(EINVAL, ERRNO_OF(sys_seccomp(huge[op], 0, &prog)))
			TH_LOG("op 0x%x", huge[op]);
		EXPECT_EQ(EINVAL,
			  ERRNO_OF(sys_seccomp(huge[op],
					       SECCOMP_FILTER_FLAG_LOG, &prog)))
			TH_LOG("op 0x%x with a flag", huge[op]);
	}
	expect_untouched(_metadata, free_fd);
}

TEST(prctl_unknown_modes)
{
	static const unsigned long modes[] = {
		SECCOMP_MODE_DISABLED, 3, 4, 0x100, 0x80000000UL,
		0x100000001UL, ~0UL,
	};
	struct sock_filter allow[] = { ALLOW };
	struct sock_fprog prog = { 1, allow };
	unsigned int i;
	int free_fd;

	ASSERT_EQ(0, set_no_new_privs());
	free_fd = lowest_free_fd();
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		EXPECT_EQ(EINVAL,
			  ERRNO_OF(prctl(PR_SET_SECCOMP, modes[i], &prog, 0, 0)))
			TH_LOG("mode 0x%lx", modes[i]);
		expect_untouched(_metadata, free_fd);
	}
}

/* The argument of each operation other than SET_MODE_FILTER. */

FIXTURE(uargs) {
	struct edge edge;
	int free_fd;
};

FIXTURE_VARIANT(uargs) {
	unsigned int op;
	enum where at;
	bool read_only;	/* AT_GOOD memory, mapped read-only */
	__u32 action;	/* for GET_ACTION_AVAIL at AT_GOOD */
	int err;
};

FIXTURE_VARIANT_ADD(uargs, strict_with_args) {
	.op = SECCOMP_SET_MODE_STRICT, .at = AT_GOOD, .err = EINVAL };
FIXTURE_VARIANT_ADD(uargs, strict_with_unmapped_args) {
	.op = SECCOMP_SET_MODE_STRICT, .at = AT_UNMAPPED, .err = EINVAL };
FIXTURE_VARIANT_ADD(uargs, strict_with_kernel_args) {
	.op = SECCOMP_SET_MODE_STRICT, .at = AT_KERNEL, .err = EINVAL };
FIXTURE_VARIANT_ADD(uargs, action_avail_null) {
	.op = SECCOMP_GET_ACTION_AVAIL, .at = AT_NULL, .err = EFAULT };
FIXTURE_VARIANT_ADD(uargs, action_avail_unmapped) {
	.op = SECCOMP_GET_ACTION_AVAIL, .at = AT_UNMAPPED, .err = EFAULT };
FIXTURE_VARIANT_ADD(uargs, action_avail_kernel) {
	.op = SECCOMP_GET_ACTION_AVAIL, .at = AT_KERNEL, .err = EFAULT };
FIXTURE_VARIANT_ADD(uargs, action_avail_straddling) {
	.op = SECCOMP_GET_ACTION_AVAIL, .at = AT_STRADDLE, .err = EFAULT };
FIXTURE_VARIANT_ADD(uargs, action_avail_unknown_0x00010000) {
	.op = SECCOMP_GET_ACTION_AVAIL, .action = 0x00010000,
	.err = EOPNOTSUPP };
FIXTURE_VARIANT_ADD(uargs, action_avail_unknown_0x7ffe0000) {
	.op = SECCOMP_GET_ACTION_AVAIL, .action = 0x7ffe0000,
	.err = EOPNOTSUPP };
FIXTURE_VARIANT_ADD(uargs, action_avail_unknown_0xffff0000) {
	.op = SECCOMP_GET_ACTION_AVAIL, .action = 0xffff0000,
	.err = EOPNOTSUPP };
/* Actions are asked for without their data. */
FIXTURE_VARIANT_ADD(uargs, action_avail_errno_with_data) {
	.op = SECCOMP_GET_ACTION_AVAIL, .action = SECCOMP_RET_ERRNO | 1,
	.err = EOPNOTSUPP };
FIXTURE_VARIANT_ADD(uargs, action_avail_kill_thread_with_data) {
	.op = SECCOMP_GET_ACTION_AVAIL, .action = SECCOMP_RET_KILL_THREAD | 1,
	.err = EOPNOTSUPP };
FIXTURE_VARIANT_ADD(uargs, action_avail_allow_with_data) {
	.op = SECCOMP_GET_ACTION_AVAIL, .action = SECCOMP_RET_ALLOW | 0xffff,
	.err = EOPNOTSUPP };
FIXTURE_VARIANT_ADD(uargs, notif_sizes_null) {
	.op = SECCOMP_GET_NOTIF_SIZES, .at = AT_NULL, .err = EFAULT };
FIXTURE_VARIANT_ADD(uargs, notif_sizes_unmapped) {
	.op = SECCOMP_GET_NOTIF_SIZES, .at = AT_UNMAPPED, .err = EFAULT };
FIXTURE_VARIANT_ADD(uargs, notif_sizes_kernel) {
	.op = SECCOMP_GET_NOTIF_SIZES, .at = AT_KERNEL, .err = EFAULT };
FIXTURE_VARIANT_ADD(uargs, notif_sizes_straddling) {
	.op = SECCOMP_GET_NOTIF_SIZES, .at = AT_STRADDLE, .err = EFAULT };
FIXTURE_VARIANT_ADD(uargs, notif_sizes_read_only) {
	.op = SECCOMP_GET_NOTIF_SIZES, .at = AT_GOOD, .read_only = true,
	.err = EFAULT };

FIXTURE_SETUP(uargs)
{
	ASSERT_EQ(0, make_edge(&self->edge));
	self->free_fd = lowest_free_fd();
}

FIXTURE_TEARDOWN(uargs) {}

TEST_F(uargs, refused)
{
	char *args;

	switch (variant->at) {
	case AT_GOOD:
		args = self->edge.page;
		memcpy(args, &variant->action, sizeof(variant->action));
		if (variant->read_only)
			ASSERT_EQ(0, mprotect(args, sysconf(_SC_PAGESIZE),
					      PROT_READ));
		break;
	case AT_NULL:
		args = NULL;
		break;
	case AT_UNMAPPED:
		args = self->edge.unmapped;
		break;
	case AT_KERNEL:
		args = KERNEL_ADDR;
		break;
	default:
		/* The first two bytes readable, the rest in the hole. */
		args = self->edge.hole - 2;
		break;
	}
	/* Entering strict mode by mistake kills us at the next call. */
	EXPECT_EQ(variant->err, ERRNO_OF(sys_seccomp(variant->op, 0, args)));
	expect_untouched(_metadata, self->free_fd);
	if (variant->read_only)
		EXPECT_EQ(0, memcmp(args, &variant->action,
				    sizeof(variant->action)));
}

/*
 * The listener's ioctls.  The test process attaches a filter sending
 * getppid() to its listener and forks a notifier, which calls getppid()
 * twice.  Setup answers the first call (its id is then stale) and waits
 * for the second to be posted; the row may receive it first.  After the
 * bad ioctl, the second call must still be received (if it was not) and
 * answered as if nothing had happened, and the notifier's descriptor
 * table must not have grown.
 */

#define IOC_NR(cmd)	_IOC_NR(cmd)
/* A listener command with another size or direction. */
#define RESHAPED(dir, cmd, size) \
	_IOC((dir), SECCOMP_IOC_MAGIC, IOC_NR(cmd), (size))

#define FIRST_ANSWER	1
#define SECOND_ANSWER	77

enum id_kind {
	ID_AS_IS,	/* whatever the row says */
	ID_LIVE,	/* the pending (second) notification */
	ID_STALE,	/* the first one, answered and gone */
	ID_UNKNOWN,	/* never issued */
};

enum arg_kind { ARG_BUF, ARG_NULL, ARG_UNMAPPED, ARG_VALUE };

/* What the notifier saw, through a pipe. */
struct notifier_report {
	long ret[2];
	int err[2];
	int free_fd_before;
	int free_fd_after;
};

FIXTURE(ioctl) {
	int listener;
	pid_t notifier;
	int report;	/* read end of the notifier's pipe */
	__u64 stale_id;
	int srcfd;
};

/* Every request starts with the id of a notification. */
union ioctl_arg {
	struct seccomp_notif notif;
	struct seccomp_notif_resp resp;
	struct seccomp_notif_addfd addfd;
	unsigned long value;
	unsigned char raw[64];
};

FIXTURE_VARIANT(ioctl) {
	unsigned long cmd;
	bool received;		/* receive the pending notification first */
	enum arg_kind arg;
	enum id_kind id;	/* patched into the first 8 bytes */
	bool srcfd;		/* patch a valid srcfd into an addfd request */
	union ioctl_arg in;
	int err;
};

/* SECCOMP_IOCTL_NOTIF_RECV: a zeroed struct, of the right size. */
FIXTURE_VARIANT_ADD(ioctl, recv_nonzero_id) {
	.cmd = SECCOMP_IOCTL_NOTIF_RECV, .in.notif.id = 1, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, recv_nonzero_pid) {
	.cmd = SECCOMP_IOCTL_NOTIF_RECV, .in.notif.pid = 1, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, recv_nonzero_last_arg) {
	.cmd = SECCOMP_IOCTL_NOTIF_RECV, .in.notif.data.args[5] = 1ULL << 63,
	.err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, recv_null) {
	.cmd = SECCOMP_IOCTL_NOTIF_RECV, .arg = ARG_NULL, .err = EFAULT };
FIXTURE_VARIANT_ADD(ioctl, recv_unmapped) {
	.cmd = SECCOMP_IOCTL_NOTIF_RECV, .arg = ARG_UNMAPPED, .err = EFAULT };
FIXTURE_VARIANT_ADD(ioctl, recv_size_short) {
	.cmd = RESHAPED(_IOC_READ | _IOC_WRITE, SECCOMP_IOCTL_NOTIF_RECV,
			sizeof(struct seccomp_notif) - 8),
	.err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, recv_size_long) {
	.cmd = RESHAPED(_IOC_READ | _IOC_WRITE, SECCOMP_IOCTL_NOTIF_RECV,
			sizeof(struct seccomp_notif) + 8),
	.err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, recv_read_only_direction) {
	.cmd = RESHAPED(_IOC_READ, SECCOMP_IOCTL_NOTIF_RECV,
			sizeof(struct seccomp_notif)),
	.err = EINVAL };
/* SECCOMP_IOCTL_NOTIF_SEND: flags, values, ids. */
FIXTURE_VARIANT_ADD(ioctl, send_unknown_flag) {
	.cmd = SECCOMP_IOCTL_NOTIF_SEND, .received = true, .id = ID_LIVE,
	.in.resp.flags = 1U << 1, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, send_flag_bit_31) {
	.cmd = SECCOMP_IOCTL_NOTIF_SEND, .received = true, .id = ID_LIVE,
	.in.resp.flags = 1U << 31, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, send_continue_with_error) {
	.cmd = SECCOMP_IOCTL_NOTIF_SEND, .received = true, .id = ID_LIVE,
	.in.resp = { .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE,
		     .error = -EPERM },
	.err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, send_continue_with_value) {
	.cmd = SECCOMP_IOCTL_NOTIF_SEND, .received = true, .id = ID_LIVE,
	.in.resp = { .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE, .val = 1 },
	.err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, send_unknown_id) {
	.cmd = SECCOMP_IOCTL_NOTIF_SEND, .received = true, .id = ID_UNKNOWN,
	.err = ENOENT };
FIXTURE_VARIANT_ADD(ioctl, send_stale_id) {
	.cmd = SECCOMP_IOCTL_NOTIF_SEND, .received = true, .id = ID_STALE,
	.err = ENOENT };
FIXTURE_VARIANT_ADD(ioctl, send_before_recv) {
	.cmd = SECCOMP_IOCTL_NOTIF_SEND, .id = ID_LIVE, .err = EINPROGRESS };
FIXTURE_VARIANT_ADD(ioctl, send_null) {
	.cmd = SECCOMP_IOCTL_NOTIF_SEND, .received = true, .arg = ARG_NULL,
	.err = EFAULT };
FIXTURE_VARIANT_ADD(ioctl, send_size_short) {
	.cmd = RESHAPED(_IOC_READ | _IOC_WRITE, SECCOMP_IOCTL_NOTIF_SEND,
			sizeof(struct seccomp_notif_resp) - 4),
	.received = true, .id = ID_LIVE, .err = EINVAL };
/* SECCOMP_IOCTL_NOTIF_ID_VALID. */
FIXTURE_VARIANT_ADD(ioctl, id_valid_unknown_id) {
	.cmd = SECCOMP_IOCTL_NOTIF_ID_VALID, .received = true,
	.id = ID_UNKNOWN, .err = ENOENT };
FIXTURE_VARIANT_ADD(ioctl, id_valid_stale_id) {
	.cmd = SECCOMP_IOCTL_NOTIF_ID_VALID, .received = true, .id = ID_STALE,
	.err = ENOENT };
FIXTURE_VARIANT_ADD(ioctl, id_valid_before_recv) {
	.cmd = SECCOMP_IOCTL_NOTIF_ID_VALID, .id = ID_LIVE, .err = ENOENT };
FIXTURE_VARIANT_ADD(ioctl, id_valid_null) {
	.cmd = SECCOMP_IOCTL_NOTIF_ID_VALID, .received = true,
	.arg = ARG_NULL, .err = EFAULT };
FIXTURE_VARIANT_ADD(ioctl, id_valid_size_4) {
	.cmd = RESHAPED(_IOC_WRITE, SECCOMP_IOCTL_NOTIF_ID_VALID, 4),
	.received = true, .id = ID_LIVE, .err = EINVAL };
/* SECCOMP_IOCTL_NOTIF_ADDFD: flags, descriptors, ids, sizes. */
FIXTURE_VARIANT_ADD(ioctl, addfd_unknown_flag) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_LIVE,
	.srcfd = true, .in.addfd.flags = 1U << 2, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, addfd_flag_bit_31) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_LIVE,
	.srcfd = true, .in.addfd.flags = 1U << 31, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, addfd_newfd_flags_nonblock) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_LIVE,
	.srcfd = true, .in.addfd.newfd_flags = O_NONBLOCK, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, addfd_newfd_flags_bit_31) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_LIVE,
	.srcfd = true, .in.addfd.newfd_flags = 1U << 31, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, addfd_newfd_without_setfd) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_LIVE,
	.srcfd = true, .in.addfd.newfd = 42, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, addfd_srcfd_minus_1) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_LIVE,
	.in.addfd.srcfd = -1, .err = EBADF };
FIXTURE_VARIANT_ADD(ioctl, addfd_srcfd_not_open) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_LIVE,
	.in.addfd.srcfd = 1000, .err = EBADF };
FIXTURE_VARIANT_ADD(ioctl, addfd_unknown_id) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_UNKNOWN,
	.srcfd = true, .err = ENOENT };
FIXTURE_VARIANT_ADD(ioctl, addfd_stale_id) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_STALE,
	.srcfd = true, .err = ENOENT };
FIXTURE_VARIANT_ADD(ioctl, addfd_before_recv) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .id = ID_LIVE, .srcfd = true,
	.err = EINPROGRESS };
FIXTURE_VARIANT_ADD(ioctl, addfd_null) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .arg = ARG_NULL,
	.err = EFAULT };
FIXTURE_VARIANT_ADD(ioctl, addfd_size_0) {
	.cmd = RESHAPED(_IOC_WRITE, SECCOMP_IOCTL_NOTIF_ADDFD, 0),
	.received = true, .id = ID_LIVE, .srcfd = true, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, addfd_size_16) {
	.cmd = RESHAPED(_IOC_WRITE, SECCOMP_IOCTL_NOTIF_ADDFD, 16),
	.received = true, .id = ID_LIVE, .srcfd = true, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, addfd_size_page) {
	.cmd = RESHAPED(_IOC_WRITE, SECCOMP_IOCTL_NOTIF_ADDFD, 4096),
	.received = true, .id = ID_LIVE, .srcfd = true, .err = EINVAL };
/* A newer, longer struct is fine only if what we don't know is zero. */
FIXTURE_VARIANT_ADD(ioctl, addfd_size_32_nonzero_tail) {
	.cmd = RESHAPED(_IOC_WRITE, SECCOMP_IOCTL_NOTIF_ADDFD, 32),
	.received = true, .id = ID_LIVE, .srcfd = true,
	.in.raw[sizeof(struct seccomp_notif_addfd)] = 1, .err = E2BIG };
FIXTURE_VARIANT_ADD(ioctl, addfd_size_32_zero_tail_unknown_id) {
	.cmd = RESHAPED(_IOC_WRITE, SECCOMP_IOCTL_NOTIF_ADDFD, 32),
	.received = true, .id = ID_UNKNOWN, .srcfd = true, .err = ENOENT };
/* The target fails to install these; the notification stays answerable. */
FIXTURE_VARIANT_ADD(ioctl, addfd_setfd_newfd_huge) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_LIVE,
	.srcfd = true,
	.in.addfd = { .flags = SECCOMP_ADDFD_FLAG_SETFD, .newfd = 0x7fffffff },
	.err = EBADF };
FIXTURE_VARIANT_ADD(ioctl, addfd_setfd_newfd_minus_1) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_LIVE,
	.srcfd = true,
	.in.addfd = { .flags = SECCOMP_ADDFD_FLAG_SETFD, .newfd = -1 },
	.err = EBADF };
FIXTURE_VARIANT_ADD(ioctl, addfd_send_setfd_newfd_huge) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .received = true, .id = ID_LIVE,
	.srcfd = true,
	.in.addfd = { .flags = SECCOMP_ADDFD_FLAG_SETFD |
			       SECCOMP_ADDFD_FLAG_SEND,
		      .newfd = 0x7fffffff },
	.err = EBADF };
/* SECCOMP_IOCTL_NOTIF_SET_FLAGS (6.1 has none: EINVAL for all). */
FIXTURE_VARIANT_ADD(ioctl, set_flags_bit_1) {
	.cmd = SECCOMP_IOCTL_NOTIF_SET_FLAGS, .arg = ARG_VALUE,
	.in.value = 1UL << 1, .err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, set_flags_bit_63) {
	.cmd = SECCOMP_IOCTL_NOTIF_SET_FLAGS, .arg = ARG_VALUE,
	.in.value = 1UL << 63, .err = EINVAL };
/* Commands that do not exist. */
FIXTURE_VARIANT_ADD(ioctl, unknown_nr_5) {
	.cmd = SECCOMP_IOW(5, __u64), .received = true, .id = ID_LIVE,
	.err = EINVAL };
FIXTURE_VARIANT_ADD(ioctl, other_magic) {
	.cmd = _IOWR('?', 0, struct seccomp_notif), .err = EINVAL };

/* Only there to interrupt a blocked ioctl. */
static void on_alarm(int sig)
{
}

/* RECV that cannot hang the test: a stuck one fails with EINTR. */
static int recv_within(int listener, struct seccomp_notif *n, int seconds)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int ret;

	sigaction(SIGALRM, &sa, NULL);
	memset(n, 0, sizeof(*n));
	alarm(seconds);
	ret = ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, n);
	alarm(0);
	return ret;
}

static int answer(int listener, __u64 id, long val)
{
	struct seccomp_notif_resp resp = { .id = id, .val = val };

	return ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

static void notifier(int listener, int report)
{
	struct notifier_report r;
	int i;

	close(listener);
	r.free_fd_before = lowest_free_fd();
	for (i = 0; i < 2; i++) {
		errno = 0;
		r.ret[i] = syscall(__NR_getppid, i + 1, 0, 0, 0, 0, 0);
		r.err[i] = errno;
	}
	r.free_fd_after = lowest_free_fd();
	_exit(write(report, &r, sizeof(r)) == sizeof(r) ? 0 : 1);
}

FIXTURE_SETUP(ioctl)
{
	struct pollfd pfd;
	struct seccomp_notif n;
	int p[2];

	self->notifier = -1;
	ASSERT_EQ(0, set_no_new_privs());
	self->listener = install_action(SECCOMP_FILTER_FLAG_NEW_LISTENER,
					__NR_getppid, SECCOMP_RET_USER_NOTIF);
	ASSERT_LE(0, self->listener);
	self->srcfd = open("/dev/null", O_RDONLY);
	ASSERT_LE(0, self->srcfd);
	ASSERT_EQ(0, pipe(p));
	self->notifier = fork();
	ASSERT_LE(0, self->notifier);
	if (self->notifier == 0)
		notifier(self->listener, p[1]);
	close(p[1]);
	self->report = p[0];

	ASSERT_EQ(0, recv_within(self->listener, &n, 10));
	ASSERT_EQ(1, n.data.args[0]);
	self->stale_id = n.id;
	ASSERT_EQ(0, answer(self->listener, n.id, FIRST_ANSWER));

	/* The second call is posted once the listener reads as readable. */
	pfd.fd = self->listener;
	pfd.events = POLLIN;
	ASSERT_EQ(1, poll(&pfd, 1, 10000));
	ASSERT_TRUE(pfd.revents & POLLIN);

	if (variant->received) {
		ASSERT_EQ(0, recv_within(self->listener, &n, 10));
		ASSERT_EQ(2, n.data.args[0]);
		/* 6.1 numbers a filter's notifications in sequence. */
		ASSERT_EQ(self->stale_id + 1, n.id);
	}
}

FIXTURE_TEARDOWN(ioctl)
{
	if (self->notifier > 0) {
		kill(self->notifier, SIGKILL);
		waitpid(self->notifier, NULL, 0);
	}
}

static __u64 id_of(__u64 stale_id, enum id_kind kind)
{
	switch (kind) {
	case ID_LIVE:
		return stale_id + 1;
	case ID_STALE:
		return stale_id;
	default:
		return stale_id + 1000;
	}
}

TEST_F(ioctl, refused)
{
	struct notifier_report r;
	struct seccomp_notif n;
	unsigned long arg;
	struct edge e;
	union ioctl_arg in = variant->in;
	__u64 id;

	if (variant->id != ID_AS_IS) {
		id = id_of(self->stale_id, variant->id);
		memcpy(in.raw, &id, sizeof(id));
	}
	if (variant->srcfd)
		in.addfd.srcfd = self->srcfd;
	switch (variant->arg) {
	case ARG_BUF:
		arg = (unsigned long)&in;
		break;
	case ARG_NULL:
		arg = 0;
		break;
	case ARG_UNMAPPED:
		ASSERT_EQ(0, make_edge(&e));
		arg = (unsigned long)e.unmapped;
		break;
	default:
		arg = in.value;
		break;
	}

	/* Guards against a RECV that takes a garbage struct and blocks. */
	alarm(10);
	EXPECT_EQ(variant->err, ERRNO_OF(ioctl(self->listener, variant->cmd,
					       arg)));
	alarm(0);

	/* Nothing changed: the second call is still there to answer. */
	if (!variant->received) {
		ASSERT_EQ(0, recv_within(self->listener, &n, 10));
		EXPECT_EQ(2, n.data.args[0]);
		EXPECT_EQ(id_of(self->stale_id, ID_LIVE), n.id);
	}
	ASSERT_EQ(0, answer(self->listener, id_of(self->stale_id, ID_LIVE),
			    SECOND_ANSWER));
	ASSERT_EQ(sizeof(r), read(self->report, &r, sizeof(r)));
	EXPECT_EQ(FIRST_ANSWER, r.ret[0]);
	EXPECT_EQ(SECOND_ANSWER, r.ret[1]);
	EXPECT_EQ(r.free_fd_before, r.free_fd_after);
	EXPECT_EQ(0, wait_status(self->notifier));
	self->notifier = -1;
}

/*
 * The sysctls.  kernel.seccomp.actions_logged takes a list of action
 * names separated by spaces; anything else is refused whole.
 * kernel.seccomp.actions_avail is read-only.
 */

#define ACTIONS_AVAIL	"/proc/sys/kernel/seccomp/actions_avail"
#define ACTIONS_LOGGED	"/proc/sys/kernel/seccomp/actions_logged"

static int read_sysctl(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* One write(2) of @len bytes; 0 or its errno. */
static int write_sysctl(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY);
	int err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, len) < 0)
		err = errno;
	close(fd);
	return err;
}

enum text_kind {
	TEXT_AS_IS,
	TEXT_REPEAT,	/* @text repeated to fill 4096 bytes */
};

FIXTURE(sysctl) {
	char saved[256];
	bool absent;
};

FIXTURE_VARIANT(sysctl) {
	const char *text;
	enum text_kind kind;
	int err;
};

FIXTURE_VARIANT_ADD(sysctl, unknown_name) {
	.text = "bogus", .err = EINVAL };
FIXTURE_VARIANT_ADD(sysctl, allow_is_never_logged) {
	.text = "allow", .err = EINVAL };
FIXTURE_VARIANT_ADD(sysctl, allow_among_others) {
	.text = "kill_process allow log", .err = EINVAL };
FIXTURE_VARIANT_ADD(sysctl, known_then_unknown) {
	.text = "log bogus", .err = EINVAL };
FIXTURE_VARIANT_ADD(sysctl, upper_case) {
	.text = "LOG", .err = EINVAL };
FIXTURE_VARIANT_ADD(sysctl, prefix_of_a_name) {
	.text = "kill", .err = EINVAL };
FIXTURE_VARIANT_ADD(sysctl, name_with_a_suffix) {
	.text = "trapx", .err = EINVAL };
FIXTURE_VARIANT_ADD(sysctl, tab_separated) {
	.text = "log\ttrap", .err = EINVAL };
FIXTURE_VARIANT_ADD(sysctl, comma_separated) {
	.text = "log,trap", .err = EINVAL };
/*
 * A line longer than every name together is cut to fit, and what is
 * left is parsed: here it ends in the middle of a name.
 */
FIXTURE_VARIANT_ADD(sysctl, very_long_line_of_names) {
	.text = "log ", .kind = TEXT_REPEAT, .err = EINVAL };
FIXTURE_VARIANT_ADD(sysctl, very_long_garbage) {
	.text = "x", .kind = TEXT_REPEAT, .err = EINVAL };

FIXTURE_SETUP(sysctl)
{
	self->absent = access(ACTIONS_LOGGED, F_OK);
	if (!self->absent)
		ASSERT_EQ(0, read_sysctl(ACTIONS_LOGGED, self->saved,
					 sizeof(self->saved)));
}

FIXTURE_TEARDOWN(sysctl)
{
	if (!self->absent)
		write_sysctl(ACTIONS_LOGGED, self->saved,
			     strlen(self->saved));
}

TEST_F(sysctl, refused)
{
	char text[4096], now[256];
	size_t len = strlen(variant->text);

	if (self->absent)
		SKIP(return, "no %s", ACTIONS_LOGGED);
	if (variant->kind == TEXT_REPEAT) {
		size_t i;

		for (i = 0; i < sizeof(text); i++)
			text[i] = variant->text[i % len];
		len = sizeof(text);
	} else {
		memcpy(text, variant->text, len);
	}
	EXPECT_EQ(variant->err, write_sysctl(ACTIONS_LOGGED, text, len));
	ASSERT_EQ(0, read_sysctl(ACTIONS_LOGGED, now, sizeof(now)));
	EXPECT_STREQ(self->saved, now);
}

TEST(sysctl_actions_avail_is_read_only)
{
	char before[256], after[256];

	if (access(ACTIONS_AVAIL, F_OK))
		SKIP(return, "no %s", ACTIONS_AVAIL);
	ASSERT_EQ(0, read_sysctl(ACTIONS_AVAIL, before, sizeof(before)));
	/* Even root may not open it for writing. */
	EXPECT_EQ(EACCES, ERRNO_OF(open(ACTIONS_AVAIL, O_WRONLY)));
	EXPECT_EQ(EACCES, ERRNO_OF(open(ACTIONS_AVAIL, O_RDWR)));
	EXPECT_EQ(EACCES, write_sysctl(ACTIONS_AVAIL, "log", 3));
	ASSERT_EQ(0, read_sysctl(ACTIONS_AVAIL, after, sizeof(after)));
	EXPECT_STREQ(before, after);
}

TEST(sysctl_actions_logged_needs_cap_sys_admin)
{
	char before[256], after[256];
	int status;
	pid_t pid;

	if (access(ACTIONS_LOGGED, F_OK))
		SKIP(return, "no %s", ACTIONS_LOGGED);
	ASSERT_EQ(0, read_sysctl(ACTIONS_LOGGED, before, sizeof(before)));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* The file's mode lets uid 0 open it; the write checks. */
		if (drop_cap(CAP_SYS_ADMIN))
			_exit(10);
		_exit(write_sysctl(ACTIONS_LOGGED, "log", 3) == EPERM ? 0 : 11);
	}
	status = wait_status(pid);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("status 0x%x", status);
	ASSERT_EQ(0, read_sysctl(ACTIONS_LOGGED, after, sizeof(after)));
	EXPECT_STREQ(before, after);
}

/*
 * The controls of the sysctl rows: a valid list is taken, and an empty
 * write is not an error but an empty list (as in 6.1).
 */
TEST(sysctl_control_valid_and_empty_writes)
{
	char saved[256], now[256];

	if (access(ACTIONS_LOGGED, F_OK))
		SKIP(return, "no %s", ACTIONS_LOGGED);
	ASSERT_EQ(0, read_sysctl(ACTIONS_LOGGED, saved, sizeof(saved)));
	EXPECT_EQ(0, write_sysctl(ACTIONS_LOGGED, "trap log", 8));
	ASSERT_EQ(0, read_sysctl(ACTIONS_LOGGED, now, sizeof(now)));
	EXPECT_STREQ("trap log\n", now);
	EXPECT_EQ(0, write_sysctl(ACTIONS_LOGGED, "", 0));
	ASSERT_EQ(0, read_sysctl(ACTIONS_LOGGED, now, sizeof(now)));
	EXPECT_STREQ("\n", now);
	EXPECT_EQ(0, write_sysctl(ACTIONS_LOGGED, saved, strlen(saved)));
}

TEST_HARNESS_MAIN
