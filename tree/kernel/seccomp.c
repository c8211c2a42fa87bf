// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp: let a task give up system calls for good.
 *
 * A task enters a mode once and never leaves it: strict mode keeps four
 * system calls, filter mode runs a chain of classic BPF programs on every
 * call.  This file holds the modes, the system call entry hook and the
 * user interfaces (prctl and seccomp(2)); the filter machinery lives in
 * the sibling files, each with the header of what it offers the others.
 */

#include <linux/audit.h>
#include <linux/compat.h>
#include <linux/nospec.h>
#include <linux/prctl.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/syscalls.h>

#include <asm/syscall.h>

#include "seccomp_actions.h"
#include "seccomp_filter.h"
#include "seccomp_mode.h"
#include "seccomp_notify.h"
#include "seccomp_run.h"
#include "seccomp_strict.h"

#define CREATE_TRACE_POINTS
#include <trace/events/seccomp.h>

/**
 * seccomp_may_assign_mode() - may current enter @mode?
 * @mode: %SECCOMP_MODE_STRICT or %SECCOMP_MODE_FILTER
 *
 * A task enters seccomp once: filter mode can gain filters, but no mode
 * is left or traded for another.  Caller holds current's siglock.
 *
 * Return: true if current is outside seccomp or already in @mode.
 */
bool seccomp_may_assign_mode(unsigned long mode)
{
	assert_spin_locked(seccomp_siglock(current));

	return current->seccomp.mode == SECCOMP_MODE_DISABLED ||
	       current->seccomp.mode == mode;
}

void __weak arch_seccomp_spec_mitigate(struct task_struct *task) { }

/**
 * seccomp_assign_mode() - put @task in @mode and make it check its calls
 * @task: current, or a thread of its group being synchronised
 * @mode: %SECCOMP_MODE_STRICT or %SECCOMP_MODE_FILTER
 * @flags: the filter flags; without %SECCOMP_FILTER_FLAG_SPEC_ALLOW the
 *         task also gets the architecture's speculation mitigations
 *
 * Caller holds @task's siglock.
 */
void seccomp_assign_mode(struct task_struct *task, unsigned long mode,
			 unsigned long flags)
{
	assert_spin_locked(seccomp_siglock(task));

	task->seccomp.mode = mode;
	/* The entry code must see the mode once it sees the work bit. */
	smp_mb__before_atomic();
	if (!(flags & SECCOMP_FILTER_FLAG_SPEC_ALLOW))
		arch_seccomp_spec_mitigate(task);
	set_task_syscall_work(task, SECCOMP);
}

static const int strict_native[] = {
	__NR_seccomp_read, __NR_seccomp_write, __NR_seccomp_exit,
	__NR_seccomp_sigreturn, -1,
};

/* The four calls of strict mode, in the numbering of the current call. */
static const int *strict_syscalls(void)
{
	const int *arch_abi = seccomp_strict_arch_syscalls();

	if (arch_abi)
		return arch_abi;
	if (in_compat_syscall())
		return seccomp_strict_compat();
	return strict_native;
}

static void strict_check(int this_syscall)
{
	const int *allowed;

	for (allowed = strict_syscalls(); *allowed >= 0; allowed++)
		if (this_syscall == *allowed)
			return;

	current->seccomp.mode = SECCOMP_MODE_DEAD;
	trace_seccomp_decision(syscall_get_arch(current), this_syscall,
			       SECCOMP_RET_KILL_THREAD,
			       seccomp_action_name(SECCOMP_RET_KILL_THREAD),
			       0, 0, 0, -1);
	seccomp_log(this_syscall, SIGKILL, SECCOMP_RET_KILL_THREAD, true);
	do_exit(SIGKILL);
}

static bool suspended_by_tracer(void)
{
	return IS_ENABLED(CONFIG_CHECKPOINT_RESTORE) &&
	       unlikely(current->ptrace & PT_SUSPEND_SECCOMP);
}

#ifdef CONFIG_HAVE_ARCH_SECCOMP_FILTER
/**
 * __secure_computing() - decide whether the current system call may run
 * @sd: the call as the architecture already gathered it, or NULL to read
 *      it from current's registers
 *
 * Called on system call entry when the task has the seccomp work bit,
 * after ptrace has had its say, so that a tracer cannot slip a call past
 * the filters.
 *
 * Return: 0 to run the call; -1 to skip it, its return value already set
 * (or the task on its way out).
 */
int __secure_computing(const struct seccomp_data *sd)
{
	int this_syscall;

	if (suspended_by_tracer())
		return 0;

	/*
	 * The entry code saw the work bit; the mode and the chain read
	 * below must be at least as new.  Pairs with the barrier between
	 * the mode and the bit in seccomp_assign_mode(), whose caller
	 * published the chain (TSYNC) before the mode.
	 */
	smp_rmb();

	this_syscall = sd ? sd->nr :
		syscall_get_nr(current, current_pt_regs());

	switch (current->seccomp.mode) {
	case SECCOMP_MODE_STRICT:
		strict_check(this_syscall);
		return 0;
	case SECCOMP_MODE_FILTER:
		return seccomp_run_filter_mode(this_syscall, sd);
	case SECCOMP_MODE_DEAD:
		/* A kill did not end the task: end it now. */
		do_exit(SIGKILL);
	default:
		WARN_ON_ONCE(1);
		do_exit(SIGKILL);
	}
}
#else
/**
 * secure_computing_strict() - strict mode check for architectures
 *                             without filter mode
 * @this_syscall: number of the current system call
 *
 * Kills current unless the call is one of the four strict mode allows.
 */
void secure_computing_strict(int this_syscall)
{
	int mode = current->seccomp.mode;

	if (suspended_by_tracer() || mode == SECCOMP_MODE_DISABLED)
		return;
	if (WARN_ON_ONCE(mode != SECCOMP_MODE_STRICT))
		do_exit(SIGKILL);
	strict_check(this_syscall);
}
#endif

static long set_mode_strict(void __user *uargs, unsigned int flags)
{
	long ret = -EINVAL;

	if (uargs)
		return -EINVAL;

	spin_lock_irq(seccomp_siglock(current));
	if (seccomp_may_assign_mode(SECCOMP_MODE_STRICT)) {
		seccomp_strict_disable_tsc();
		seccomp_assign_mode(current, SECCOMP_MODE_STRICT, 0);
		ret = 0;
	}
	spin_unlock_irq(seccomp_siglock(current));

	return ret;
}

static long get_action_avail(void __user *uargs, unsigned int flags)
{
	return seccomp_get_action_avail(uargs);
}

static long get_notif_sizes(void __user *uargs, unsigned int flags)
{
	return seccomp_get_notif_sizes(uargs);
}

/**
 * struct seccomp_op - an operation of seccomp(2)
 * @run: carries it out
 * @takes_flags: whether it has flags; if not, any flag is -EINVAL
 */
struct seccomp_op {
	long (*run)(void __user *uargs, unsigned int flags);
	bool takes_flags;
};

static const struct seccomp_op seccomp_ops[] = {
	[SECCOMP_SET_MODE_STRICT]  = { set_mode_strict },
	[SECCOMP_SET_MODE_FILTER]  = { seccomp_set_mode_filter, true },
	[SECCOMP_GET_ACTION_AVAIL] = { get_action_avail },
	[SECCOMP_GET_NOTIF_SIZES]  = { get_notif_sizes },
};

static long do_seccomp(unsigned int op, unsigned int flags,
		       void __user *uargs)
{
	const struct seccomp_op *entry;

	if (op >= ARRAY_SIZE(seccomp_ops))
		return -EINVAL;
	entry = &seccomp_ops[array_index_nospec(op, ARRAY_SIZE(seccomp_ops))];
	if (flags && !entry->takes_flags)
		return -EINVAL;
	return entry->run(uargs, flags);
}

/**
 * prctl_set_seccomp() - prctl(PR_SET_SECCOMP)
 * @seccomp_mode: %SECCOMP_MODE_STRICT or %SECCOMP_MODE_FILTER
 * @filter: for filter mode, the &struct sock_fprog; ignored otherwise
 *
 * Return: as sys_seccomp() for the matching operation without flags;
 * %-EINVAL for any other mode.
 */
long prctl_set_seccomp(unsigned long seccomp_mode, void __user *filter)
{
	if (seccomp_mode == SECCOMP_MODE_STRICT)
		return do_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL);
	if (seccomp_mode == SECCOMP_MODE_FILTER)
		return do_seccomp(SECCOMP_SET_MODE_FILTER, 0, filter);
	return -EINVAL;
}

/**
 * prctl_get_seccomp() - prctl(PR_GET_SECCOMP)
 *
 * Return: current's mode.  (In strict mode prctl itself is fatal.)
 */
long prctl_get_seccomp(void)
{
	return current->seccomp.mode;
}

/**
 * sys_seccomp - the seccomp(2) system call
 * @op: %SECCOMP_SET_MODE_STRICT, %SECCOMP_SET_MODE_FILTER,
 *      %SECCOMP_GET_ACTION_AVAIL or %SECCOMP_GET_NOTIF_SIZES
 * @flags: for %SECCOMP_SET_MODE_FILTER, ``SECCOMP_FILTER_FLAG_*``;
 *         0 for every other operation
 * @uargs: the operation's argument: a &struct sock_fprog, a u32 action,
 *         a &struct seccomp_notif_sizes to fill, or NULL for strict mode
 *
 * Flags are checked before @uargs is read, so that callers can probe for
 * a flag with a NULL @uargs and tell -EINVAL (unknown) from -EFAULT.
 *
 * Return: 0 on success; for %SECCOMP_SET_MODE_FILTER with
 * %SECCOMP_FILTER_FLAG_NEW_LISTENER, the listener's fd; with
 * %SECCOMP_FILTER_FLAG_TSYNC, the TID of a thread that could not be
 * synchronised.  Otherwise a negative errno:
 *
 * * %-EINVAL: unknown @op or flags, flags or @uargs where none belong,
 *   a program that is empty, too long or fails the checker, or a change
 *   from filter to strict mode;
 * * %-EFAULT: @uargs or the program could not be read or written;
 * * %-EACCES: a filter without no_new_privs or %CAP_SYS_ADMIN;
 * * %-ENOMEM: out of memory, or the chain would exceed its size limit;
 * * %-EOPNOTSUPP: %SECCOMP_GET_ACTION_AVAIL of an unknown action;
 * * %-ESRCH: %SECCOMP_FILTER_FLAG_TSYNC_ESRCH and a thread could not be
 *   synchronised;
 * * %-EBUSY: a second listener in one chain.
 */
SYSCALL_DEFINE3(seccomp, unsigned int, op, unsigned int, flags,
		void __user *, uargs)
{
	return do_seccomp(op, flags, uargs);
}
