// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp checker: which classic BPF programs a task may attach.
 *
 * The BPF core already refuses programs that are malformed as socket
 * filters.  Seccomp programs run over &struct seccomp_data instead of a
 * packet, so the checker narrows the language further: loads read whole,
 * aligned words of seccomp_data and nothing else, and no instruction
 * depends on socket state.  It also names the first instruction it
 * refuses and why, which the BPF core does not.
 */

#include <linux/filter.h>
#include <linux/nospec.h>
#include <linux/slab.h>

#include <trace/events/seccomp.h>

#include "seccomp_check.h"
#include "seccomp_insn.h"

/* What must be checked about an instruction beyond its opcode. */
enum insn_kind {
	INSN_REFUSED,		/* not part of the seccomp language */
	INSN_PLAIN,		/* nothing more */
	INSN_LOAD_DATA,		/* k is an offset into seccomp_data */
	INSN_SCRATCH,		/* k is a scratch memory slot */
	INSN_OPERAND,		/* k is a divisor or a shift count */
	INSN_JUMP,		/* k is a forward jump */
	INSN_BRANCH,		/* jt and jf are forward jumps */
	INSN_RETURN,		/* ends a path */
};

/* Every classic opcode fits in a byte; the ones not listed are refused. */
static const u8 insn_kinds[256] = {
	[BPF_LD | BPF_W | BPF_ABS] = INSN_LOAD_DATA,
	[BPF_LD | BPF_W | BPF_LEN] = INSN_PLAIN,
	[BPF_LDX | BPF_W | BPF_LEN] = INSN_PLAIN,
	[BPF_LD | BPF_IMM] = INSN_PLAIN,
	[BPF_LDX | BPF_IMM] = INSN_PLAIN,
	[BPF_LD | BPF_MEM] = INSN_SCRATCH,
	[BPF_LDX | BPF_MEM] = INSN_SCRATCH,
	[BPF_ST] = INSN_SCRATCH,
	[BPF_STX] = INSN_SCRATCH,
	[BPF_MISC | BPF_TAX] = INSN_PLAIN,
	[BPF_MISC | BPF_TXA] = INSN_PLAIN,
	[BPF_ALU | BPF_ADD | BPF_K] = INSN_PLAIN,
	[BPF_ALU | BPF_ADD | BPF_X] = INSN_PLAIN,
	[BPF_ALU | BPF_SUB | BPF_K] = INSN_PLAIN,
	[BPF_ALU | BPF_SUB | BPF_X] = INSN_PLAIN,
	[BPF_ALU | BPF_MUL | BPF_K] = INSN_PLAIN,
	[BPF_ALU | BPF_MUL | BPF_X] = INSN_PLAIN,
	[BPF_ALU | BPF_DIV | BPF_K] = INSN_OPERAND,
	[BPF_ALU | BPF_DIV | BPF_X] = INSN_PLAIN,
	[BPF_ALU | BPF_AND | BPF_K] = INSN_PLAIN,
	[BPF_ALU | BPF_AND | BPF_X] = INSN_PLAIN,
	[BPF_ALU | BPF_OR | BPF_K] = INSN_PLAIN,
	[BPF_ALU | BPF_OR | BPF_X] = INSN_PLAIN,
	[BPF_ALU | BPF_XOR | BPF_K] = INSN_PLAIN,
	[BPF_ALU | BPF_XOR | BPF_X] = INSN_PLAIN,
	[BPF_ALU | BPF_LSH | BPF_K] = INSN_OPERAND,
	[BPF_ALU | BPF_LSH | BPF_X] = INSN_PLAIN,
	[BPF_ALU | BPF_RSH | BPF_K] = INSN_OPERAND,
	[BPF_ALU | BPF_RSH | BPF_X] = INSN_PLAIN,
	[BPF_ALU | BPF_NEG] = INSN_PLAIN,
	[BPF_JMP | BPF_JA] = INSN_JUMP,
	[BPF_JMP | BPF_JEQ | BPF_K] = INSN_BRANCH,
	[BPF_JMP | BPF_JEQ | BPF_X] = INSN_BRANCH,
	[BPF_JMP | BPF_JGT | BPF_K] = INSN_BRANCH,
	[BPF_JMP | BPF_JGT | BPF_X] = INSN_BRANCH,
	[BPF_JMP | BPF_JGE | BPF_K] = INSN_BRANCH,
	[BPF_JMP | BPF_JGE | BPF_X] = INSN_BRANCH,
	[BPF_JMP | BPF_JSET | BPF_K] = INSN_BRANCH,
	[BPF_JMP | BPF_JSET | BPF_X] = INSN_BRANCH,
	[BPF_RET | BPF_K] = INSN_RETURN,
	[BPF_RET | BPF_A] = INSN_RETURN,
};

static enum insn_kind kind_of(u16 code)
{
	if (code >= ARRAY_SIZE(insn_kinds))
		return INSN_REFUSED;
	return insn_kinds[array_index_nospec(code, ARRAY_SIZE(insn_kinds))];
}

/*
 * Check one instruction; @after is how many instructions follow it, the
 * longest distance a jump may go.
 */
static enum seccomp_check_reason check_insn(const struct sock_filter *insn,
					    unsigned int after)
{
	switch (kind_of(insn->code)) {
	case INSN_REFUSED:
		return SECCOMP_CHECK_OPCODE;
	case INSN_LOAD_DATA:
		if (insn->k >= sizeof(struct seccomp_data))
			return SECCOMP_CHECK_LOAD_RANGE;
		if (insn->k % sizeof(u32))
			return SECCOMP_CHECK_LOAD_ALIGN;
		break;
	case INSN_SCRATCH:
		if (insn->k >= BPF_MEMWORDS)
			return SECCOMP_CHECK_SCRATCH;
		break;
	case INSN_OPERAND:
		if (!seccomp_alu_defined(BPF_OP(insn->code), insn->k))
			return SECCOMP_CHECK_OPERAND;
		break;
	case INSN_JUMP:
		if (insn->k >= after)
			return SECCOMP_CHECK_JUMP_RANGE;
		break;
	case INSN_BRANCH:
		if (insn->jt >= after || insn->jf >= after)
			return SECCOMP_CHECK_JUMP_RANGE;
		break;
	case INSN_PLAIN:
	case INSN_RETURN:
		break;
	}
	return SECCOMP_CHECK_OK;
}

/*
 * A scratch slot may only be read on paths that wrote it.  Jumps go
 * forward, so one pass in order sees every path into an instruction
 * before the instruction itself; @written[pc] gathers, over those paths,
 * the slots written on all of them.  As the BPF core does, an
 * instruction also inherits from the one before it even when that one
 * returns.
 */
static int find_unset_read(const struct sock_filter *insns, unsigned int len,
			   unsigned int *bad_pc)
{
	u16 *written, cur;
	unsigned int pc;

	written = kmalloc_array(len, sizeof(*written), GFP_KERNEL);
	if (!written)
		return -ENOMEM;
	memset(written, 0xff, len * sizeof(*written));

	cur = 0;
	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *insn = &insns[pc];

		cur &= written[pc];
		switch (insn->code) {
		case BPF_ST:
		case BPF_STX:
			cur |= BIT(insn->k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(cur & BIT(insn->k))) {
				kfree(written);
				*bad_pc = pc;
				return 1;
			}
			break;
		case BPF_JMP | BPF_JA:
			written[pc + 1 + insn->k] &= cur;
			cur = U16_MAX;
			break;
		default:
			if (BPF_CLASS(insn->code) == BPF_JMP) {
				written[pc + 1 + insn->jt] &= cur;
				written[pc + 1 + insn->jf] &= cur;
				cur = U16_MAX;
			}
		}
	}
	kfree(written);
	return 0;
}

static int refuse(struct seccomp_check_result *result,
		  enum seccomp_check_reason reason, unsigned int pc, u16 code)
{
	result->reason = reason;
	result->pc = pc;
	result->code = code;
	return -EINVAL;
}

/**
 * seccomp_check_program() - is this classic BPF program a valid filter?
 * @insns: the program
 * @len: its number of instructions
 * @result: filled with the verdict, and where refused, the first
 *          offending instruction
 *
 * A function of the program alone.  Jumps are forward only, so a program
 * in which every jump lands inside it and whose last instruction returns
 * ends every path in a return.
 *
 * Return: 0 if the program is acceptable, -EINVAL if not, -ENOMEM if
 * there was no memory to check it.
 */
int seccomp_check_program(const struct sock_filter *insns, unsigned int len,
			  struct seccomp_check_result *result)
{
	enum seccomp_check_reason reason;
	unsigned int pc;
	int err;

	if (!len || len > BPF_MAXINSNS)
		return refuse(result, SECCOMP_CHECK_LENGTH, 0, 0);

	for (pc = 0; pc < len; pc++) {
		reason = check_insn(&insns[pc], len - pc - 1);
		if (reason != SECCOMP_CHECK_OK)
			return refuse(result, reason, pc, insns[pc].code);
	}

	if (kind_of(insns[len - 1].code) != INSN_RETURN)
		return refuse(result, SECCOMP_CHECK_NO_RETURN, len - 1,
			      insns[len - 1].code);

	err = find_unset_read(insns, len, &pc);
	if (err < 0)
		return err;
	if (err)
		return refuse(result, SECCOMP_CHECK_SCRATCH_UNSET, pc,
			      insns[pc].code);

	result->reason = SECCOMP_CHECK_OK;
	return 0;
}

static const char * const reason_names[] = {
	[SECCOMP_CHECK_OK] = "none",
	[SECCOMP_CHECK_LENGTH] = "bad_length",
	[SECCOMP_CHECK_OPCODE] = "bad_opcode",
	[SECCOMP_CHECK_LOAD_RANGE] = "load_out_of_range",
	[SECCOMP_CHECK_LOAD_ALIGN] = "load_misaligned",
	[SECCOMP_CHECK_SCRATCH] = "bad_scratch_slot",
	[SECCOMP_CHECK_SCRATCH_UNSET] = "scratch_read_before_write",
	[SECCOMP_CHECK_OPERAND] = "bad_constant_operand",
	[SECCOMP_CHECK_JUMP_RANGE] = "jump_out_of_range",
	[SECCOMP_CHECK_NO_RETURN] = "no_return",
	[SECCOMP_REJECT_FLAGS] = "bad_flags",
	[SECCOMP_REJECT_UNREADABLE] = "unreadable",
	[SECCOMP_REJECT_PRIVILEGE] = "no_privilege",
	[SECCOMP_REJECT_CHAIN_LENGTH] = "chain_too_long",
	[SECCOMP_REJECT_MODE] = "wrong_mode",
	[SECCOMP_REJECT_LISTENER] = "listener_busy",
	[SECCOMP_REJECT_TSYNC] = "tsync_failed",
};

/**
 * seccomp_reject_reason_name() - the name tracing gives a reason
 * @reason: an &enum seccomp_check_reason
 *
 * Return: a short, stable name (see the seccomp_filter_reject event).
 */
const char *seccomp_reject_reason_name(enum seccomp_check_reason reason)
{
	BUILD_BUG_ON(ARRAY_SIZE(reason_names) != SECCOMP_REJECT_NR);

	if (reason >= ARRAY_SIZE(reason_names))
		return "unknown";
	return reason_names[array_index_nospec(reason, ARRAY_SIZE(reason_names))];
}

/*
 * Rewrite the accepted program into the dialect the BPF core runs over
 * seccomp_data: absolute loads become its context loads, and the
 * "packet length" becomes the constant size of the data.
 */
static void convert_program(struct sock_filter *insns, unsigned int len)
{
	struct sock_filter *insn;

	for (insn = insns; insn < insns + len; insn++) {
		u16 class = BPF_CLASS(insn->code);

		/* Other classes use the mode bits for other things. */
		if (class != BPF_LD && class != BPF_LDX)
			continue;
		if (insn->code == (BPF_LD | BPF_W | BPF_ABS)) {
			insn->code = BPF_LDX | BPF_W | BPF_ABS;
		} else if (BPF_MODE(insn->code) == BPF_LEN) {
			/* The checker let only word-sized A and X through. */
			insn->code = class | BPF_IMM;
			insn->k = sizeof(struct seccomp_data);
		}
	}
}

/**
 * seccomp_check_reported() - check a program, reporting a refusal
 * @insns: the program
 * @len: its number of instructions
 *
 * As seccomp_check_program(), and a refusal is also told to tracing,
 * naming the reason and the first offending instruction.
 *
 * Return: 0 if the program is acceptable, -EINVAL or -ENOMEM if not.
 */
int seccomp_check_reported(const struct sock_filter *insns, unsigned int len)
{
	struct seccomp_check_result result;
	int err;

	err = seccomp_check_program(insns, len, &result);
	if (err == -EINVAL)
		trace_seccomp_filter_reject(len, result.pc, result.code,
					    seccomp_reject_reason_name(result.reason));
	return err;
}

/**
 * seccomp_check_and_convert() - the BPF core's hook for seccomp programs
 * @insns: the kernel's copy of the program, after the core's own checks
 * @len: its number of instructions
 *
 * Runs on the very copy that will be executed, so nothing the user
 * changes after the copy can matter.
 *
 * Return: 0 if the program was accepted and converted, -EINVAL if not.
 */
int seccomp_check_and_convert(struct sock_filter *insns, unsigned int len)
{
	int err = seccomp_check_reported(insns, len);

	if (err)
		return err;

	convert_program(insns, len);
	return 0;
}
