/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seccomp events: why a filter was refused, what was attached, and which
 * filter and instruction stopped a system call.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM seccomp

#if !defined(_TRACE_SECCOMP_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_SECCOMP_H

#include <linux/sched.h>
#include <linux/tracepoint.h>

/*
 * seccomp_filter_reject - a filter was not attached
 * @len: the program's length (0 if it could not be read)
 * @pc: index of the first offending instruction, or -1 if none is to blame
 * @code: its opcode, or 0
 * @reason: one of the names of seccomp_reject_reason_name()
 */
TRACE_EVENT(seccomp_filter_reject,

	TP_PROTO(unsigned int len, int pc, u16 code, const char *reason),

	TP_ARGS(len, pc, code, reason),

	TP_STRUCT__entry(
		__field(pid_t, pid)
		__field(unsigned int, len)
		__field(int, pc)
		__field(u16, code)
		__string(reason, reason)
	),

	TP_fast_assign(
		__entry->pid = task_pid_nr(current);
		__entry->len = len;
		__entry->pc = pc;
		__entry->code = code;
		__assign_str(reason, reason);
	),

	TP_printk("pid=%d len=%u insn=%d code=0x%04x reason=%s",
		  __entry->pid, __entry->len, __entry->pc, __entry->code,
		  __get_str(reason))
);

/*
 * seccomp_attach - a filter joined the caller's chain
 * @id: the filter's id, unique for the boot
 * @len: its length in classic instructions
 * @flags: the SECCOMP_FILTER_FLAG_* it was attached with
 * @depth: the chain's length with it
 * @listener_fd: the listener's fd, or -1
 */
TRACE_EVENT(seccomp_attach,

	TP_PROTO(u64 id, unsigned int len, unsigned int flags,
		 unsigned int depth, int listener_fd),

	TP_ARGS(id, len, flags, depth, listener_fd),

	TP_STRUCT__entry(
		__field(pid_t, pid)
		__field(u64, id)
		__field(unsigned int, len)
		__field(unsigned int, flags)
		__field(unsigned int, depth)
		__field(int, listener_fd)
	),

	TP_fast_assign(
		__entry->pid = task_pid_nr(current);
		__entry->id = id;
		__entry->len = len;
		__entry->flags = flags;
		__entry->depth = depth;
		__entry->listener_fd = listener_fd;
	),

	TP_printk("pid=%d filter=%llu len=%u flags=0x%x depth=%u listener=%d",
		  __entry->pid, __entry->id, __entry->len, __entry->flags,
		  __entry->depth, __entry->listener_fd)
);

/*
 * seccomp_decision - a chain's answer for a call, unless it was ALLOW
 * @arch: the call's AUDIT_ARCH_* value
 * @nr: its number
 * @ret: the winning return value, action and data
 * @action: the name of its action
 * @filter_id: the filter that returned it (0 for strict mode)
 * @filter_pos: its position in the chain, 1 for the oldest (0: none)
 * @depth: the chain's length
 * @pc: index of the return instruction that produced it, or -1
 */
TRACE_EVENT(seccomp_decision,

	TP_PROTO(u32 arch, int nr, u32 ret, const char *action, u64 filter_id,
		 unsigned int filter_pos, unsigned int depth, int pc),

	TP_ARGS(arch, nr, ret, action, filter_id, filter_pos, depth, pc),

	TP_STRUCT__entry(
		__field(pid_t, pid)
		__field(u32, arch)
		__field(int, nr)
		__field(u32, ret)
		__field(u32, data)
		__string(action, action)
		__field(u64, filter_id)
		__field(unsigned int, filter_pos)
		__field(unsigned int, depth)
		__field(int, pc)
	),

	TP_fast_assign(
		__entry->pid = task_pid_nr(current);
		__entry->arch = arch;
		__entry->nr = nr;
		__entry->ret = ret;
		__entry->data = ret & SECCOMP_RET_DATA;
		__assign_str(action, action);
		__entry->filter_id = filter_id;
		__entry->filter_pos = filter_pos;
		__entry->depth = depth;
		__entry->pc = pc;
	),

	TP_printk("pid=%d arch=0x%x nr=%d action=%s data=%u filter=%llu (%u of %u) insn=%d",
		  __entry->pid, __entry->arch, __entry->nr, __get_str(action),
		  __entry->data, __entry->filter_id,
		  __entry->filter_pos, __entry->depth, __entry->pc)
);

#endif /* _TRACE_SECCOMP_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
