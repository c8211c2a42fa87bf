// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp filter object: its creation from a user program, the chain
 * it joins, the references that keep it alive, and the synchronisation
 * of a chain across the threads of a process (TSYNC).
 *
 * A chain only ever grows at its newest end, and a filter never changes
 * once a task can run it.  fork() shares the chain, execve() keeps it.
 */

#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <trace/events/seccomp.h>

#include "seccomp_cache.h"
#include "seccomp_check.h"
#include "seccomp_filter.h"
#include "seccomp_mode.h"
#include "seccomp_notify.h"

/*
 * A chain may hold at most this many instructions, each filter counting
 * SECCOMP_FILTER_OVERHEAD more, so that stacking tiny filters still
 * costs something.  Beyond it, attaching fails with -ENOMEM.
 */
#define SECCOMP_CHAIN_MAX_INSNS		32768
#define SECCOMP_FILTER_OVERHEAD		4

/* Filter ids for trace events; 0 stands for no filter. */
static atomic64_t last_filter_id = ATOMIC64_INIT(0);

/*
 * Filters have a cache of their own so that /proc/slabinfo counts them:
 * a leak shows as a count that does not return to where it was (boot
 * with slab_nomerge to keep it from being merged with another cache).
 */
static struct kmem_cache *filter_cache __ro_after_init;

static int __init seccomp_filter_cache_init(void)
{
	filter_cache = KMEM_CACHE(seccomp_filter, SLAB_ACCOUNT | SLAB_PANIC);
	return 0;
}
core_initcall(seccomp_filter_cache_init);

static void reject(unsigned int len, enum seccomp_check_reason reason)
{
	trace_seccomp_filter_reject(len, -1, 0,
				    seccomp_reject_reason_name(reason));
}

/*
 * With the reject event on, check a private copy of the program first,
 * to name what is wrong with it before the BPF core refuses it without
 * a word.  The copy that runs is checked again when it is built.
 */
static int explain_refusal(const struct sock_fprog *fprog)
{
	struct sock_filter *insns;
	int err;

	if (!trace_seccomp_filter_reject_enabled())
		return 0;
	/*
	 * The BPF core refuses a NULL program with EINVAL, not the EFAULT
	 * of copying it: the errno must not depend on whether the event is
	 * on.
	 */
	if (!fprog->filter) {
		reject(fprog->len, SECCOMP_REJECT_UNREADABLE);
		return 0;
	}

	insns = memdup_user(fprog->filter, fprog->len * sizeof(*insns));
	if (IS_ERR(insns)) {
		reject(fprog->len, SECCOMP_REJECT_UNREADABLE);
		return PTR_ERR(insns);
	}
	err = seccomp_check_reported(insns, fprog->len);
	kfree(insns);
	return err;
}

/**
 * seccomp_filter_get() - take a reference on a filter
 * @filter: a filter the caller already holds a reference to, directly
 *          or through a chain
 */
void seccomp_filter_get(struct seccomp_filter *filter)
{
	refcount_inc(&filter->refs);
}

static void free_filter(struct seccomp_filter *filter)
{
	seccomp_cache_free(filter);
	bpf_prog_destroy(filter->prog);
	kmem_cache_free(filter_cache, filter);
}

/**
 * seccomp_filter_put() - drop a reference on a filter
 * @filter: the filter, or NULL
 *
 * Freeing a filter drops its reference to the one below, so a chain
 * is walked here rather than recursed into.
 */
void seccomp_filter_put(struct seccomp_filter *filter)
{
	while (filter && refcount_dec_and_test(&filter->refs)) {
		struct seccomp_filter *prev = filter->prev;

		free_filter(filter);
		filter = prev;
	}
}

/* A task, or a newer filter, stops using the chain from @filter down. */
static void drop_users(struct seccomp_filter *filter)
{
	while (filter && refcount_dec_and_test(&filter->users)) {
		seccomp_notify_orphaned(filter);
		filter = filter->prev;
	}
}

static void release_chain(struct seccomp_filter *filter)
{
	drop_users(filter);
	seccomp_filter_put(filter);
}

/**
 * get_seccomp_filter() - let a new task share @tsk's chain
 * @tsk: the parent in fork(); its siglock is held
 */
void get_seccomp_filter(struct task_struct *tsk)
{
	struct seccomp_filter *filter = tsk->seccomp.filter;

	if (!filter)
		return;
	refcount_inc(&filter->refs);
	refcount_inc(&filter->users);
}

/**
 * seccomp_filter_release() - an exiting task lets go of its chain
 * @tsk: current, in do_exit() after it set %PF_EXITING
 *
 * An exiting task runs no more system calls, so its chain is dropped
 * here rather than when its zombie is reaped: a listener then learns at
 * once that nobody is left to notify it.  TSYNC skips exiting threads.
 */
void seccomp_filter_release(struct task_struct *tsk)
{
	struct seccomp_filter *filter;

	if (WARN_ON_ONCE(!(tsk->flags & PF_EXITING)))
		return;

	spin_lock_irq(seccomp_siglock(tsk));
	filter = tsk->seccomp.filter;
	WRITE_ONCE(tsk->seccomp.filter, NULL);
	spin_unlock_irq(seccomp_siglock(tsk));

	release_chain(filter);
}

/**
 * seccomp_task_filter_get() - reference the newest filter of a task
 * @task: any task
 *
 * Return: the filter, referenced; NULL if @task is not in filter mode or
 * has exited; ERR_PTR(-ESRCH) if @task has been released.
 */
struct seccomp_filter *seccomp_task_filter_get(struct task_struct *task)
{
	struct seccomp_filter *filter = NULL;
	unsigned long irqflags;

	if (!lock_task_sighand(task, &irqflags))
		return ERR_PTR(-ESRCH);
	/* An exited task keeps its mode but has let go of its chain. */
	if (task->seccomp.mode == SECCOMP_MODE_FILTER && task->seccomp.filter) {
		filter = task->seccomp.filter;
		seccomp_filter_get(filter);
	}
	unlock_task_sighand(task, &irqflags);

	return filter;
}

static int copy_fprog(struct sock_fprog *fprog, const void __user *ufprog)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_sock_fprog fprog32;

		if (copy_from_user(&fprog32, ufprog, sizeof(fprog32)))
			return -EFAULT;
		fprog->len = fprog32.len;
		fprog->filter = compat_ptr(fprog32.filter);
		return 0;
	}
#endif
	if (copy_from_user(fprog, ufprog, sizeof(*fprog)))
		return -EFAULT;
	return 0;
}

/*
 * Without no_new_privs, a filter could make a setuid program fail in
 * ways it does not expect; only an administrator of the task's user
 * namespace may take that responsibility.
 */
static bool may_attach_filters(void)
{
	return task_no_new_privs(current) ||
	       ns_capable_noaudit(current_user_ns(), CAP_SYS_ADMIN);
}

static struct seccomp_filter *create_filter(const void __user *ufprog,
					    unsigned int flags)
{
	struct seccomp_filter *filter;
	struct sock_fprog fprog;
	int err;

	err = copy_fprog(&fprog, ufprog);
	if (err) {
		reject(0, SECCOMP_REJECT_UNREADABLE);
		return ERR_PTR(err);
	}
	if (!fprog.len || fprog.len > BPF_MAXINSNS) {
		reject(fprog.len, SECCOMP_CHECK_LENGTH);
		return ERR_PTR(-EINVAL);
	}
	if (!may_attach_filters()) {
		reject(fprog.len, SECCOMP_REJECT_PRIVILEGE);
		return ERR_PTR(-EACCES);
	}
	err = explain_refusal(&fprog);
	if (err)
		return ERR_PTR(err);

	filter = kmem_cache_zalloc(filter_cache, GFP_KERNEL | __GFP_NOWARN);
	if (!filter)
		return ERR_PTR(-ENOMEM);

	/*
	 * The original program is kept: the cache emulates it below, and
	 * checkpoint/restore reads it back.
	 */
	err = bpf_prog_create_from_user(&filter->prog, &fprog,
					seccomp_check_and_convert, true);
	if (err)
		goto free_filter;

	refcount_set(&filter->refs, 1);
	refcount_set(&filter->users, 1);
	filter->id = atomic64_inc_return(&last_filter_id);
	filter->log = flags & SECCOMP_FILTER_FLAG_LOG;
	filter->wait_killable_recv =
		flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	mutex_init(&filter->notify_lock);
	init_waitqueue_head(&filter->wqh);
	return filter;

free_filter:
	kmem_cache_free(filter_cache, filter);
	return ERR_PTR(err);
}

/*
 * Would @filter on top of @top exceed the chain limit?  Programs count in
 * the instructions the BPF core runs (after conversion), as they always
 * have for this limit.
 */
static bool chain_too_long(const struct seccomp_filter *top,
			   const struct seccomp_filter *filter)
{
	const struct seccomp_filter *f;
	unsigned long total = filter->prog->len;

	for (f = top; f; f = f->prev)
		total += f->prog->len + SECCOMP_FILTER_OVERHEAD;
	return total > SECCOMP_CHAIN_MAX_INSNS;
}

/* Is @ancestor (NULL being the empty chain) part of the chain of @child? */
static bool is_ancestor(const struct seccomp_filter *ancestor,
			const struct seccomp_filter *child)
{
	for (; child; child = child->prev)
		if (child == ancestor)
			return true;
	return !ancestor;
}

/*
 * A thread can take the caller's chain if doing so only adds filters to
 * its own: it has none, or its chain is part of the caller's.
 *
 * Return: 0 if every thread can, else the TID of one that cannot.
 */
static pid_t tsync_blocker(void)
{
	struct task_struct *caller = current, *thread;

	lockdep_assert_held(&caller->signal->cred_guard_mutex);
	assert_spin_locked(seccomp_siglock(caller));

	for_each_thread(caller, thread) {
		pid_t tid;

		if (thread == caller || (thread->flags & PF_EXITING))
			continue;
		if (thread->seccomp.mode == SECCOMP_MODE_DISABLED)
			continue;
		if (thread->seccomp.mode == SECCOMP_MODE_FILTER &&
		    is_ancestor(thread->seccomp.filter, caller->seccomp.filter))
			continue;

		tid = task_pid_vnr(thread);
		/* Threads on the list under siglock still have their pid. */
		return WARN_ON_ONCE(!tid) ? -ESRCH : tid;
	}
	return 0;
}

/*
 * Move @thread onto @caller's chain.  Its old chain is part of the new
 * one, so letting go of it frees nothing @thread may be running now.
 */
static void share_chain(struct task_struct *thread,
			struct task_struct *caller, unsigned long flags)
{
	struct seccomp_filter *old = thread->seccomp.filter;

	/* The filters were accepted on the caller's terms. */
	if (task_no_new_privs(caller))
		task_set_no_new_privs(thread);

	get_seccomp_filter(caller);
	atomic_set(&thread->seccomp.filter_count,
		   atomic_read(&caller->seccomp.filter_count));
	/*
	 * Pairs with the acquire on the syscall path, and the chain is
	 * published before the mode below: see __secure_computing().
	 */
	smp_store_release(&thread->seccomp.filter, caller->seccomp.filter);
	release_chain(old);
	/*
	 * A thread already in filter mode keeps its mode and what it chose
	 * with it (SECCOMP_FILTER_FLAG_SPEC_ALLOW), as in 6.1.
	 */
	if (thread->seccomp.mode == SECCOMP_MODE_DISABLED)
		seccomp_assign_mode(thread, SECCOMP_MODE_FILTER, flags);
}

/* Give every other thread the caller's chain (tsync_blocker() said yes). */
static void tsync_threads(unsigned long flags)
{
	struct task_struct *caller = current, *thread;

	lockdep_assert_held(&caller->signal->cred_guard_mutex);
	assert_spin_locked(seccomp_siglock(caller));

	for_each_thread(caller, thread)
		if (thread != caller && !(thread->flags & PF_EXITING))
			share_chain(thread, caller, flags);
}

/*
 * Could @filter become current's newest filter (with a listener if
 * @listener), and with TSYNC every thread's?  Everything an attach
 * checks, and nothing it changes, so that it can be asked before the
 * costly analysis of the filter and again, the answer being stale by
 * then, when the filter is attached.
 * Return: 0, a negative errno, or the TID of a thread TSYNC could not
 * synchronise.
 */
static long check_attach(const struct seccomp_filter *filter,
			 unsigned int flags, bool listener)
{
	unsigned int len = filter->prog->orig_prog->len;

	assert_spin_locked(seccomp_siglock(current));

	if (!seccomp_may_assign_mode(SECCOMP_MODE_FILTER)) {
		reject(len, SECCOMP_REJECT_MODE);
		return -EINVAL;
	}
	if (listener && seccomp_chain_has_listener(current->seccomp.filter)) {
		reject(len, SECCOMP_REJECT_LISTENER);
		return -EBUSY;
	}
	if (chain_too_long(current->seccomp.filter, filter)) {
		reject(len, SECCOMP_REJECT_CHAIN_LENGTH);
		return -ENOMEM;
	}
	if (flags & SECCOMP_FILTER_FLAG_TSYNC) {
		pid_t blocker = tsync_blocker();

		if (blocker) {
			reject(len, SECCOMP_REJECT_TSYNC);
			return flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH ?
				-ESRCH : blocker;
		}
	}
	return 0;
}

/*
 * Make @filter current's newest, and with TSYNC every thread's, with the
 * mode change.  Return: as check_attach(); on success the chain owns
 * @filter.
 */
static long attach_filter(struct seccomp_filter *filter, unsigned int flags,
			  struct file *listener)
{
	long ret;

	ret = check_attach(filter, flags, listener);
	if (ret)
		return ret;

	/* Current's reference to its old chain passes to the new filter. */
	filter->prev = current->seccomp.filter;
	ret = seccomp_cache_link(filter);
	if (ret) {
		filter->prev = NULL;
		return ret;
	}
	/* Publish the filter complete; pairs with the syscall path. */
	smp_store_release(&current->seccomp.filter, filter);
	atomic_inc(&current->seccomp.filter_count);

	if (flags & SECCOMP_FILTER_FLAG_TSYNC)
		tsync_threads(flags);
	seccomp_assign_mode(current, SECCOMP_MODE_FILTER, flags);
	return 0;
}

/*
 * Analyse @filter and attach it, under current's siglock.  The analysis
 * sleeps and takes time, so the lock is dropped for it; the cheap checks
 * come first, so that an attach bound to fail costs what it did in 6.1,
 * and are made again once the lock is back.  With TSYNC the caller
 * holds cred_guard_mutex throughout.  A filter analysed alone gets no
 * room for the summaries of a chain below; should a sibling's TSYNC
 * give current a chain meanwhile, it is analysed again, once: a chain is
 * never taken away.
 */
static long analyse_and_attach(struct seccomp_filter *filter,
			       unsigned int flags, struct file *listener)
{
	bool below;
	long ret;

	spin_lock_irq(seccomp_siglock(current));
	ret = check_attach(filter, flags, listener);
	below = !!current->seccomp.filter;
	spin_unlock_irq(seccomp_siglock(current));

	while (!ret) {
		seccomp_cache_free(filter);
		ret = seccomp_cache_analyse(filter, below);
		if (ret)
			break;

		spin_lock_irq(seccomp_siglock(current));
		below = !!current->seccomp.filter;
		if (seccomp_cache_can_link(filter, current->seccomp.filter))
			ret = attach_filter(filter, flags, listener);
		else
			ret = -EAGAIN;
		spin_unlock_irq(seccomp_siglock(current));
		if (ret != -EAGAIN)
			break;
		ret = 0;
	}
	return ret;
}

/**
 * struct seccomp_listener_slot - a listener between creation and install
 * @file: the listener file, or NULL
 * @fd: the descriptor reserved for it, or -1
 */
struct seccomp_listener_slot {
	struct file *file;
	int fd;
};

static int open_listener(struct seccomp_listener_slot *slot,
			 struct seccomp_filter *filter)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = seccomp_listener_create(filter);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	slot->file = file;
	slot->fd = fd;
	return 0;
}

/* Undo open_listener(); releasing the file detaches it from the filter. */
static void close_listener(struct seccomp_listener_slot *slot)
{
	if (!slot->file)
		return;
	fput(slot->file);
	put_unused_fd(slot->fd);
}

static int check_flags(unsigned int flags)
{
	if (flags & ~SECCOMP_FILTER_FLAG_MASK)
		return -EINVAL;
	/* TSYNC's failure would return a TID where the listener fd goes. */
	if ((flags & SECCOMP_FILTER_FLAG_TSYNC) &&
	    (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) &&
	    !(flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH))
		return -EINVAL;
	if ((flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) &&
	    !(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		return -EINVAL;
	return 0;
}

/**
 * seccomp_set_mode_filter() - SECCOMP_SET_MODE_FILTER
 * @ufprog: user pointer to a &struct sock_fprog
 * @flags: ``SECCOMP_FILTER_FLAG_*``
 *
 * Return: 0, the listener fd, or a TID, as sys_seccomp() describes; or
 * a negative errno from its list.
 */
long seccomp_set_mode_filter(void __user *ufprog, unsigned int flags)
{
	struct seccomp_listener_slot slot = { .fd = -1 };
	struct seccomp_filter *filter;
	long ret;

	ret = check_flags(flags);
	if (ret) {
		reject(0, SECCOMP_REJECT_FLAGS);
		return ret;
	}

	filter = create_filter(ufprog, flags);
	if (IS_ERR(filter))
		return PTR_ERR(filter);

	if (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) {
		ret = open_listener(&slot, filter);
		if (ret)
			goto put_filter;
	}

	/* TSYNC must not race with execve() changing the thread group. */
	if ((flags & SECCOMP_FILTER_FLAG_TSYNC) &&
	    mutex_lock_killable(&current->signal->cred_guard_mutex)) {
		ret = -ERESTARTNOINTR;
		goto close_listener;
	}

	ret = analyse_and_attach(filter, flags, slot.file);

	if (flags & SECCOMP_FILTER_FLAG_TSYNC)
		mutex_unlock(&current->signal->cred_guard_mutex);
	if (ret)
		goto close_listener;

	trace_seccomp_attach(filter->id, filter->prog->orig_prog->len, flags,
			     atomic_read(&current->seccomp.filter_count),
			     slot.file ? slot.fd : -1);
	if (!slot.file)
		return 0;
	fd_install(slot.fd, slot.file);
	return slot.fd;

close_listener:
	close_listener(&slot);
put_filter:
	seccomp_filter_put(filter);
	return ret;
}
