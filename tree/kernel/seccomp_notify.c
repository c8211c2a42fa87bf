// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp listener: a supervisor answers system calls for a sandbox.
 *
 * A filter attached with SECCOMP_FILTER_FLAG_NEW_LISTENER comes with a
 * file.  When the filter returns SECCOMP_RET_USER_NOTIF, the calling task
 * posts a notification and sleeps; the supervisor receives it through the
 * file, may install files in the task, and answers: a return value, an
 * errno, or "continue".
 *
 * Locking: a filter's @notify_lock protects its @notif and every
 * notification and fd request on it.  It nests outside the wait queue
 * locks and is never held with a task's siglock.  The notifying task's
 * notification lives on its stack, listed on @notif until the task takes
 * it off, which it always does before returning.
 *
 * References: the file holds a reference to the filter, so the filter
 * outlives the file; @notif is freed when the file is released.
 */

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/ptrace.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <asm/syscall.h>

#include "seccomp_filter.h"
#include "seccomp_notify.h"

/**
 * enum notify_state - where a notification stands
 * @NOTIFY_INIT: posted, not yet received by the supervisor
 * @NOTIFY_SENT: received, waiting for the answer
 * @NOTIFY_REPLIED: answered (or its listener is gone)
 */
enum notify_state {
	NOTIFY_INIT,
	NOTIFY_SENT,
	NOTIFY_REPLIED,
};

/**
 * struct seccomp_knotif - a system call waiting for its supervisor
 * @task: the notifying task
 * @id: the notification's cookie, unique in its filter
 * @data: the system call, on the notifying task's stack
 * @state: an &enum notify_state
 * @ready: something for the task to look at: an answer or an fd request
 * @wq: where the task waits for @ready
 * @error: the answer's errno (negative) or 0
 * @val: the answer's return value
 * @flags: the answer's flags
 * @addfd: fd requests the task has to carry out
 * @list: entry in &seccomp_notify.notifications
 */
struct seccomp_knotif {
	struct task_struct *task;
	u64 id;
	const struct seccomp_data *data;
	enum notify_state state;
	bool ready;
	wait_queue_head_t wq;
	int error;
	long val;
	u32 flags;
	struct list_head addfd;
	struct list_head list;
};

/**
 * struct seccomp_kaddfd - a file the supervisor installs in the task
 * @notif: the notification it is queued on
 * @file: the file, referenced
 * @fd: the number asked for with %SECCOMP_ADDFD_FLAG_SETFD
 * @setfd: whether @fd was asked for
 * @fd_flags: ``O_CLOEXEC`` or 0
 * @send: %SECCOMP_ADDFD_FLAG_SEND: the fd is also the answer
 * @ret: the fd number installed, or a negative errno
 * @done: the task carried the request out (or dropped it)
 * @list: entry in &seccomp_knotif.addfd
 */
struct seccomp_kaddfd {
	struct seccomp_knotif *notif;
	struct file *file;
	int fd;
	bool setfd;
	unsigned int fd_flags;
	bool send;
	int ret;
	struct completion done;
	struct list_head list;
};

/**
 * struct seccomp_notify - a listener's state, in its filter
 * @next_id: the next notification's id
 * @posted: notifications posted that no SECCOMP_IOCTL_NOTIF_RECV claimed;
 *          a claim finding its notification withdrawn fails with -ENOENT
 * @flags: ``SECCOMP_USER_NOTIF_FD_*``
 * @notifications: &struct seccomp_knotif, oldest first
 */
struct seccomp_notify {
	u64 next_id;
	unsigned int posted;
	u64 flags;
	struct list_head notifications;
};

static bool sync_wake_up(const struct seccomp_filter *filter)
{
	return filter->notif->flags & SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
}

/*
 * With SYNC_WAKE_UP, the waker is about to sleep waiting for the wakee:
 * the scheduler may then run the wakee on the waker's CPU.
 */
static void wake_listener(struct seccomp_filter *filter, __poll_t events)
{
	lockdep_assert_held(&filter->notify_lock);

	if (sync_wake_up(filter))
		__wake_up_sync_key(&filter->wqh, TASK_INTERRUPTIBLE,
				   poll_to_key(events));
	else
		wake_up_poll(&filter->wqh, events);
}

static void wake_notifier(struct seccomp_filter *filter,
			  struct seccomp_knotif *n)
{
	lockdep_assert_held(&filter->notify_lock);

	WRITE_ONCE(n->ready, true);
	if (filter->notif && sync_wake_up(filter))
		__wake_up_sync(&n->wq, TASK_NORMAL);
	else
		wake_up(&n->wq);
}

static struct seccomp_knotif *find_notification(struct seccomp_filter *filter,
						u64 id)
{
	struct seccomp_knotif *n;

	lockdep_assert_held(&filter->notify_lock);

	list_for_each_entry(n, &filter->notif->notifications, list)
		if (n->id == id)
			return n;
	return NULL;
}

/* Carry out one fd request in the notifying task. */
static void install_fd(struct seccomp_kaddfd *addfd, struct seccomp_knotif *n)
{
	int ret;

	if (addfd->setfd)
		ret = receive_fd_replace(addfd->fd, addfd->file, addfd->fd_flags);
	else
		ret = receive_fd(addfd->file, addfd->fd_flags);

	addfd->ret = ret;
	if (addfd->send) {
		/* A failed atomic answer leaves the call waiting for another. */
		if (ret < 0) {
			n->state = NOTIFY_SENT;
		} else {
			n->error = 0;
			n->val = ret;
			n->flags = 0;
		}
	}
	list_del_init(&addfd->list);
	complete(&addfd->done);
}

/*
 * Once received, a notification with WAIT_KILLABLE_RECV may only be
 * interrupted by a fatal signal: the supervisor may be acting on it.
 */
static bool wait_killable(const struct seccomp_filter *filter,
			  const struct seccomp_knotif *n)
{
	return filter->wait_killable_recv && n->state == NOTIFY_SENT;
}

/*
 * Sleep until answered; return 0, or the signal's -ERESTARTSYS.
 *
 * The wait ends with a signal only if nothing was there for the task
 * when it saw the signal.  An answer that comes after that, while the
 * task is on its way back to @notify_lock, is dropped as 6.1 drops it:
 * the call is interrupted (and restarted after the handler, with a new
 * notification), although the supervisor's SECCOMP_IOCTL_NOTIF_SEND
 * succeeded.  Only a notification received meanwhile under
 * WAIT_KILLABLE_RECV goes on waiting, for a fatal signal only.
 */
static int wait_for_answer(struct seccomp_filter *filter,
			   struct seccomp_knotif *n)
{
	struct seccomp_kaddfd *addfd;
	int err;

	while (n->state != NOTIFY_REPLIED) {
		bool killable = wait_killable(filter, n);

		n->ready = false;
		mutex_unlock(&filter->notify_lock);
		if (killable)
			err = wait_event_killable(n->wq, READ_ONCE(n->ready));
		else
			err = wait_event_interruptible(n->wq, READ_ONCE(n->ready));
		mutex_lock(&filter->notify_lock);

		/*
		 * A signal ends the wait, answered meanwhile or not, except
		 * for a notification received meanwhile under
		 * WAIT_KILLABLE_RECV: it waits on, after carrying out the fd
		 * requests that may have come, as the next wait starts with
		 * @ready cleared.
		 */
		if (err && (killable || !wait_killable(filter, n)))
			return err;

		while ((addfd = list_first_entry_or_null(&n->addfd,
							 struct seccomp_kaddfd,
							 list)))
			install_fd(addfd, n);
	}
	return 0;
}

/**
 * seccomp_notify_syscall() - SECCOMP_RET_USER_NOTIF: ask the supervisor
 * @match: the filter that returned the action
 * @this_syscall: the system call number
 * @sd: the system call
 *
 * Return: 0 if the supervisor let the call run; -1 if the call is to be
 * skipped with the answer (or -ENOSYS without a listener, or the
 * signal's -ERESTARTSYS) as its return value.
 */
int seccomp_notify_syscall(struct seccomp_filter *match, int this_syscall,
			   const struct seccomp_data *sd)
{
	struct seccomp_knotif n = {
		.task = current,
		.data = sd,
		.state = NOTIFY_INIT,
		.error = SECCOMP_NO_HANDLER,
	};
	struct seccomp_kaddfd *addfd, *tmp;
	int err;

	init_waitqueue_head(&n.wq);
	INIT_LIST_HEAD(&n.addfd);
	INIT_LIST_HEAD(&n.list);

	mutex_lock(&match->notify_lock);
	if (!match->notif)
		goto unlock;

	n.id = match->notif->next_id++;
	list_add_tail(&n.list, &match->notif->notifications);
	match->notif->posted++;
	wake_listener(match, EPOLLIN | EPOLLRDNORM);

	err = wait_for_answer(match, &n);
	if (err) {
		n.error = err;
		n.val = 0;
		n.flags = 0;
	}

	/* Whatever the supervisor still wanted to install, it is too late. */
	list_for_each_entry_safe(addfd, tmp, &n.addfd, list) {
		addfd->ret = -ESRCH;
		list_del_init(&addfd->list);
		complete(&addfd->done);
	}
	list_del_init(&n.list);
unlock:
	mutex_unlock(&match->notify_lock);

	if (n.flags & SECCOMP_USER_NOTIF_FLAG_CONTINUE)
		return 0;
	syscall_set_return_value(current, current_pt_regs(), n.error, n.val);
	return -1;
}

/* Wait for a posted notification to claim; 0 or a negative errno. */
static int claim_notification(struct seccomp_filter *filter)
{
	struct seccomp_notify *notif = filter->notif;
	int err;

	lockdep_assert_held(&filter->notify_lock);

	while (!notif->posted) {
		/* Nobody can post any more (a dead sandbox). */
		if (!refcount_read(&filter->users))
			return -ENOENT;
		mutex_unlock(&filter->notify_lock);
		err = wait_event_interruptible(filter->wqh,
					       READ_ONCE(notif->posted) ||
					       !refcount_read(&filter->users));
		mutex_lock(&filter->notify_lock);
		if (err)
			return err;
	}
	notif->posted--;
	return 0;
}

static long notif_recv(struct seccomp_filter *filter, unsigned long arg,
		       unsigned int size)
{
	struct seccomp_notif __user *buf = (void __user *)arg;
	struct seccomp_notif unotif = { };
	struct seccomp_knotif *n;
	int ret;

	/* Zeroed input keeps room for the struct to grow. */
	ret = check_zeroed_user(buf, sizeof(unotif));
	if (ret <= 0)
		return ret ?: -EINVAL;

	mutex_lock(&filter->notify_lock);
	ret = claim_notification(filter);
	if (ret)
		goto unlock;

	ret = -ENOENT;
	list_for_each_entry(n, &filter->notif->notifications, list) {
		if (n->state != NOTIFY_INIT)
			continue;
		unotif.id = n->id;
		unotif.pid = task_pid_vnr(n->task);
		unotif.data = *n->data;
		n->state = NOTIFY_SENT;
		wake_listener(filter, EPOLLOUT | EPOLLWRNORM);
		ret = 0;
		break;
	}
unlock:
	mutex_unlock(&filter->notify_lock);
	if (ret)
		return ret;

	if (copy_to_user(buf, &unotif, sizeof(unotif))) {
		/* Put it back for the next receiver, if it is still there. */
		mutex_lock(&filter->notify_lock);
		n = find_notification(filter, unotif.id);
		if (n && n->state == NOTIFY_SENT) {
			n->state = NOTIFY_INIT;
			filter->notif->posted++;
			wake_listener(filter, EPOLLIN | EPOLLRDNORM);
		}
		mutex_unlock(&filter->notify_lock);
		return -EFAULT;
	}
	return 0;
}

/* "Continue" carries no value: the call itself will produce one. */
static bool valid_answer(const struct seccomp_notif_resp *resp)
{
	if (resp->flags == SECCOMP_USER_NOTIF_FLAG_CONTINUE)
		return !resp->error && !resp->val;
	return !resp->flags;
}

static long notif_send(struct seccomp_filter *filter, unsigned long arg,
		       unsigned int size)
{
	struct seccomp_notif_resp __user *buf = (void __user *)arg;
	struct seccomp_notif_resp resp;
	struct seccomp_knotif *n;
	long ret;

	if (copy_from_user(&resp, buf, sizeof(resp)))
		return -EFAULT;
	if (!valid_answer(&resp))
		return -EINVAL;

	ret = mutex_lock_interruptible(&filter->notify_lock);
	if (ret)
		return ret;

	n = find_notification(filter, resp.id);
	if (!n) {
		ret = -ENOENT;
	} else if (n->state != NOTIFY_SENT) {
		ret = -EINPROGRESS;	/* not received yet, or answered */
	} else {
		n->state = NOTIFY_REPLIED;
		n->error = resp.error;
		n->val = resp.val;
		n->flags = resp.flags;
		wake_notifier(filter, n);
	}
	mutex_unlock(&filter->notify_lock);
	return ret;
}

/* Still a received, unanswered notification: the caller still waits. */
static long notif_id_valid(struct seccomp_filter *filter, unsigned long arg,
			   unsigned int size)
{
	struct seccomp_knotif *n;
	bool waiting;
	u64 id;

	if (get_user(id, (u64 __user *)arg))
		return -EFAULT;
	if (mutex_lock_interruptible(&filter->notify_lock))
		return -EINTR;
	n = find_notification(filter, id);
	waiting = n && n->state == NOTIFY_SENT;
	mutex_unlock(&filter->notify_lock);

	return waiting ? 0 : -ENOENT;
}

/* Queue @addfd on notification @id; 0 or a negative errno. */
static int queue_addfd(struct seccomp_filter *filter, u64 id,
		       struct seccomp_kaddfd *addfd)
{
	struct seccomp_knotif *n;

	lockdep_assert_held(&filter->notify_lock);

	n = find_notification(filter, id);
	if (!n)
		return -ENOENT;
	/* Only between receipt and answer is the task listening. */
	if (n->state != NOTIFY_SENT)
		return -EINPROGRESS;
	if (addfd->send) {
		/* The answer must come after every earlier request. */
		if (!list_empty(&n->addfd))
			return -EBUSY;
		n->state = NOTIFY_REPLIED;
	}
	addfd->notif = n;
	list_add_tail(&addfd->list, &n->addfd);
	wake_notifier(filter, n);
	return 0;
}

/* Read the supervisor's request, which may come in a newer, longer size. */
static int fetch_addfd(struct seccomp_notif_addfd *req,
		       const void __user *ureq, unsigned int usize)
{
	const u32 known = SECCOMP_ADDFD_FLAG_SETFD | SECCOMP_ADDFD_FLAG_SEND;
	bool valid;
	int err;

	BUILD_BUG_ON(sizeof(*req) != SECCOMP_NOTIFY_ADDFD_SIZE_LATEST);
	if (usize < SECCOMP_NOTIFY_ADDFD_SIZE_VER0 || usize >= PAGE_SIZE)
		return -EINVAL;
	err = copy_struct_from_user(req, sizeof(*req), ureq, usize);
	if (err)
		return err;

	valid = !(req->flags & ~known) &&
		!(req->newfd_flags & ~O_CLOEXEC) &&
		(req->flags & SECCOMP_ADDFD_FLAG_SETFD || !req->newfd);
	return valid ? 0 : -EINVAL;
}

/*
 * Take back @addfd, which the task has not carried out.  An atomic
 * answer taken back was never given: the call waits for another, which
 * may be the same ADDFD|SEND tried again (as newer kernels than 6.1 do;
 * 6.1 would complete the call, returning 0).  Queued, @addfd proves
 * that the task still waits, so its notification is still there.
 */
static void withdraw_addfd(struct seccomp_filter *filter,
			   struct seccomp_kaddfd *addfd)
{
	lockdep_assert_held(&filter->notify_lock);

	list_del_init(&addfd->list);
	if (addfd->send)
		addfd->notif->state = NOTIFY_SENT;
}

/*
 * Wait until the task carried @addfd out.  Interrupted, withdraw it if
 * the task did not take it meanwhile.
 */
static long await_addfd(struct seccomp_filter *filter,
			struct seccomp_kaddfd *addfd)
{
	bool queued;

	if (!wait_for_completion_interruptible(&addfd->done))
		return addfd->ret;

	mutex_lock(&filter->notify_lock);
	queued = !list_empty(&addfd->list);
	if (queued)
		withdraw_addfd(filter, addfd);
	mutex_unlock(&filter->notify_lock);
	return queued ? -ERESTARTSYS : addfd->ret;
}

static long notif_addfd(struct seccomp_filter *filter, unsigned long arg,
			unsigned int size)
{
	struct seccomp_notif_addfd req;
	struct seccomp_kaddfd addfd = { };
	long ret;

	ret = fetch_addfd(&req, (void __user *)arg, size);
	if (ret)
		return ret;

	addfd.fd = req.newfd;
	addfd.setfd = req.flags & SECCOMP_ADDFD_FLAG_SETFD;
	addfd.send = req.flags & SECCOMP_ADDFD_FLAG_SEND;
	addfd.fd_flags = req.newfd_flags;
	init_completion(&addfd.done);
	addfd.file = fget(req.srcfd);
	if (!addfd.file)
		return -EBADF;

	ret = mutex_lock_interruptible(&filter->notify_lock);
	if (ret)
		goto put_file;
	ret = queue_addfd(filter, req.id, &addfd);
	mutex_unlock(&filter->notify_lock);
	if (ret)
		goto put_file;

	ret = await_addfd(filter, &addfd);
put_file:
	fput(addfd.file);
	return ret;
}

static long notif_set_flags(struct seccomp_filter *filter, unsigned long flags,
			    unsigned int size)
{
	long ret;

	if (flags & ~SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP)
		return -EINVAL;

	ret = mutex_lock_interruptible(&filter->notify_lock);
	if (ret)
		return ret;
	filter->notif->flags = flags;
	mutex_unlock(&filter->notify_lock);
	return 0;
}

/* The first ID_VALID had the wrong direction; it is still accepted. */
#define SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR	SECCOMP_IOR(2, __u64)

/**
 * struct listener_ioctl - an ioctl of the listener
 * @cmd: its command
 * @any_size: its struct may grow, so any size and direction in @cmd match
 * @run: carries it out, given the argument and the size in the command
 */
struct listener_ioctl {
	unsigned int cmd;
	bool any_size;
	long (*run)(struct seccomp_filter *filter, unsigned long arg,
		    unsigned int size);
};

static const struct listener_ioctl listener_ioctls[] = {
	{ SECCOMP_IOCTL_NOTIF_RECV, false, notif_recv },
	{ SECCOMP_IOCTL_NOTIF_SEND, false, notif_send },
	{ SECCOMP_IOCTL_NOTIF_ID_VALID, false, notif_id_valid },
	{ SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR, false, notif_id_valid },
	{ SECCOMP_IOCTL_NOTIF_ADDFD, true, notif_addfd },
	{ SECCOMP_IOCTL_NOTIF_SET_FLAGS, false, notif_set_flags },
};

static bool ioctl_matches(const struct listener_ioctl *entry, unsigned int cmd)
{
	const unsigned int shape = (_IOC_SIZEMASK << _IOC_SIZESHIFT) |
				   (_IOC_DIRMASK << _IOC_DIRSHIFT);

	if (entry->any_size)
		return !((entry->cmd ^ cmd) & ~shape);
	return entry->cmd == cmd;
}

static long listener_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	const struct listener_ioctl *entry;

	for (entry = listener_ioctls;
	     entry < listener_ioctls + ARRAY_SIZE(listener_ioctls); entry++)
		if (ioctl_matches(entry, cmd))
			return entry->run(file->private_data, arg,
					  _IOC_SIZE(cmd));
	return -EINVAL;
}

/* Readable: a notification waits to be received; writable: answered. */
static __poll_t pending_events(struct seccomp_filter *filter)
{
	static const __poll_t by_state[] = {
		[NOTIFY_INIT] = EPOLLIN | EPOLLRDNORM,
		[NOTIFY_SENT] = EPOLLOUT | EPOLLWRNORM,
		[NOTIFY_REPLIED] = 0,
	};
	struct seccomp_knotif *n;
	__poll_t events = 0;

	lockdep_assert_held(&filter->notify_lock);

	list_for_each_entry(n, &filter->notif->notifications, list)
		events |= by_state[n->state];
	return events;
}

static __poll_t listener_poll(struct file *file, struct poll_table_struct *pt)
{
	struct seccomp_filter *filter = file->private_data;
	__poll_t events;

	poll_wait(file, &filter->wqh, pt);
	if (mutex_lock_interruptible(&filter->notify_lock))
		return EPOLLERR;
	events = pending_events(filter);
	mutex_unlock(&filter->notify_lock);

	/* No task is left to post a notification: the sandbox is gone. */
	return refcount_read(&filter->users) ? events : events | EPOLLHUP;
}

/* The listener is closed: every waiting call fails with -ENOSYS. */
static int listener_release(struct inode *inode, struct file *file)
{
	struct seccomp_filter *filter = file->private_data;
	struct seccomp_knotif *n, *tmp;

	mutex_lock(&filter->notify_lock);
	list_for_each_entry_safe(n, tmp, &filter->notif->notifications, list) {
		list_del_init(&n->list);
		if (n->state == NOTIFY_REPLIED)
			continue;
		n->state = NOTIFY_REPLIED;
		n->error = SECCOMP_NO_HANDLER;
		n->val = 0;
		n->flags = 0;
		wake_notifier(filter, n);
	}
	kfree(filter->notif);
	filter->notif = NULL;
	mutex_unlock(&filter->notify_lock);

	seccomp_filter_put(filter);
	return 0;
}

static const struct file_operations listener_fops = {
	.poll = listener_poll,
	.release = listener_release,
	.unlocked_ioctl = listener_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

/**
 * seccomp_listener_create() - a listener file for a filter being attached
 * @filter: the new filter, not yet visible to any task
 *
 * Return: the file, holding a reference to @filter; or an ERR_PTR().
 */
struct file *seccomp_listener_create(struct seccomp_filter *filter)
{
	struct file *file;

	filter->notif = kzalloc(sizeof(*filter->notif), GFP_KERNEL_ACCOUNT);
	if (!filter->notif)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&filter->notif->notifications);
	/* Ids that cannot be guessed from another listener's. */
	filter->notif->next_id = get_random_u64();

	file = anon_inode_getfile("seccomp notify", &listener_fops, filter,
				  O_RDWR);
	if (IS_ERR(file)) {
		kfree(filter->notif);
		filter->notif = NULL;
		return file;
	}
	seccomp_filter_get(filter);
	return file;
}

/**
 * seccomp_chain_has_listener() - does any filter of a chain have one?
 * @filter: the newest filter of the chain, or NULL
 *
 * Return: true if one does.  One listener per chain keeps it clear which
 * supervisor a task waits for.
 */
bool seccomp_chain_has_listener(const struct seccomp_filter *filter)
{
	for (; filter; filter = filter->prev)
		if (READ_ONCE(filter->notif))
			return true;
	return false;
}

/**
 * seccomp_notify_orphaned() - no task can run @filter any more
 * @filter: the filter whose @users reached zero
 *
 * Wakes a supervisor blocked in SECCOMP_IOCTL_NOTIF_RECV (which then
 * fails with -ENOENT) or in poll (which then sees EPOLLHUP).
 */
void seccomp_notify_orphaned(struct seccomp_filter *filter)
{
	wake_up_poll(&filter->wqh, EPOLLHUP);
}

/* This kernel's listener structures, as userspace must allocate them. */
static const struct seccomp_notif_sizes notif_sizes = {
	sizeof(struct seccomp_notif),
	sizeof(struct seccomp_notif_resp),
	sizeof(struct seccomp_data),
};

/**
 * seccomp_get_notif_sizes() - SECCOMP_GET_NOTIF_SIZES
 * @usizes: user pointer to a &struct seccomp_notif_sizes
 *
 * Return: 0, or %-EFAULT if @usizes cannot be written.
 */
long seccomp_get_notif_sizes(void __user *usizes)
{
	return copy_to_user(usizes, &notif_sizes, sizeof(notif_sizes)) ?
		-EFAULT : 0;
}
