/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_LINUX_SECCOMP_H
#define _UAPI_LINUX_SECCOMP_H

#include <linux/compiler.h>
#include <linux/types.h>

/*
 * Modes reported by prctl(PR_GET_SECCOMP) and /proc/PID/status, and the
 * second argument of prctl(PR_SET_SECCOMP).
 */
#define SECCOMP_MODE_DISABLED	0 /* no restriction */
#define SECCOMP_MODE_STRICT	1 /* read, write, exit and sigreturn only */
#define SECCOMP_MODE_FILTER	2 /* classic BPF programs decide */

/* Operations of seccomp(2). */
#define SECCOMP_SET_MODE_STRICT		0
#define SECCOMP_SET_MODE_FILTER		1
#define SECCOMP_GET_ACTION_AVAIL	2
#define SECCOMP_GET_NOTIF_SIZES		3

/* Flags of SECCOMP_SET_MODE_FILTER. */
#define SECCOMP_FILTER_FLAG_TSYNC		(1UL << 0)
#define SECCOMP_FILTER_FLAG_LOG			(1UL << 1)
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW		(1UL << 2)
#define SECCOMP_FILTER_FLAG_NEW_LISTENER	(1UL << 3)
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH		(1UL << 4)
/* A received notification can then be interrupted by fatal signals only. */
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV	(1UL << 5)

/*
 * A filter returns a 32-bit value: an action in the upper half, data for
 * it in the lower half.  Read as a signed number, a smaller action is a
 * stricter one, so that the strictest answer of a stack of filters is
 * their minimum.
 */
#define SECCOMP_RET_KILL_PROCESS 0x80000000U /* kill the whole process */
#define SECCOMP_RET_KILL_THREAD	 0x00000000U /* kill the calling thread */
#define SECCOMP_RET_KILL	 SECCOMP_RET_KILL_THREAD
#define SECCOMP_RET_TRAP	 0x00030000U /* deliver SIGSYS */
#define SECCOMP_RET_ERRNO	 0x00050000U /* fail with the errno in data */
#define SECCOMP_RET_USER_NOTIF	 0x7fc00000U /* ask the listener */
#define SECCOMP_RET_TRACE	 0x7ff00000U /* ask the ptrace tracer */
#define SECCOMP_RET_LOG		 0x7ffc0000U /* run the call, log it */
#define SECCOMP_RET_ALLOW	 0x7fff0000U /* run the call */

/* Parts of a filter's return value. */
#define SECCOMP_RET_ACTION_FULL	0xffff0000U
#define SECCOMP_RET_ACTION	0x7fff0000U
#define SECCOMP_RET_DATA	0x0000ffffU

/**
 * struct seccomp_data - what a filter program reads
 * @nr: system call number, in the numbering of @arch
 * @arch: calling convention of the call, an ``AUDIT_ARCH_*`` value
 * @instruction_pointer: user address the call was made from
 * @args: the six argument registers, each widened to 64 bits
 */
struct seccomp_data {
	int nr;
	__u32 arch;
	__u64 instruction_pointer;
	__u64 args[6];
};

/**
 * struct seccomp_notif_sizes - sizes the kernel uses for the listener ABI
 * @seccomp_notif: size of &struct seccomp_notif
 * @seccomp_notif_resp: size of &struct seccomp_notif_resp
 * @seccomp_data: size of &struct seccomp_data
 */
struct seccomp_notif_sizes {
	__u16 seccomp_notif;
	__u16 seccomp_notif_resp;
	__u16 seccomp_data;
};

/**
 * struct seccomp_notif - a system call waiting for the listener
 * @id: cookie naming this notification in later ioctls
 * @pid: the caller, in the listener's pid namespace (0 if not visible)
 * @flags: none defined, always 0
 * @data: the call, as the filter saw it
 */
struct seccomp_notif {
	__u64 id;
	__u32 pid;
	__u32 flags;
	struct seccomp_data data;
};

/*
 * Answer flag: let the system call run as it was made.  The caller's
 * memory may have changed since the listener looked at it, so this must
 * not be used to grant anything the kernel would otherwise refuse.
 */
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)

/**
 * struct seccomp_notif_resp - the listener's answer
 * @id: the notification being answered
 * @val: return value of the call when @error is 0
 * @error: negative errno to fail the call with, or 0
 * @flags: %SECCOMP_USER_NOTIF_FLAG_CONTINUE or 0
 */
struct seccomp_notif_resp {
	__u64 id;
	__s64 val;
	__s32 error;
	__u32 flags;
};

/* Flags of struct seccomp_notif_addfd. */
#define SECCOMP_ADDFD_FLAG_SETFD	(1UL << 0) /* use @newfd as the number */
#define SECCOMP_ADDFD_FLAG_SEND		(1UL << 1) /* also answer with the fd */

/**
 * struct seccomp_notif_addfd - install a file in the caller's fd table
 * @id: the notification whose caller receives the file
 * @flags: ``SECCOMP_ADDFD_FLAG_*``
 * @srcfd: the listener's fd to copy
 * @newfd: the number to use with %SECCOMP_ADDFD_FLAG_SETFD, else 0
 * @newfd_flags: ``O_CLOEXEC`` or 0
 */
struct seccomp_notif_addfd {
	__u64 id;
	__u32 flags;
	__u32 srcfd;
	__u32 newfd;
	__u32 newfd_flags;
};

/* Flags of SECCOMP_IOCTL_NOTIF_SET_FLAGS. */
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP	(1UL << 0)

#define SECCOMP_IOC_MAGIC		'!'
#define SECCOMP_IO(nr)			_IO(SECCOMP_IOC_MAGIC, nr)
#define SECCOMP_IOR(nr, type)		_IOR(SECCOMP_IOC_MAGIC, nr, type)
#define SECCOMP_IOW(nr, type)		_IOW(SECCOMP_IOC_MAGIC, nr, type)
#define SECCOMP_IOWR(nr, type)		_IOWR(SECCOMP_IOC_MAGIC, nr, type)

/* ioctls of the listener file descriptor. */
#define SECCOMP_IOCTL_NOTIF_RECV	SECCOMP_IOWR(0, struct seccomp_notif)
#define SECCOMP_IOCTL_NOTIF_SEND	SECCOMP_IOWR(1,	\
						struct seccomp_notif_resp)
#define SECCOMP_IOCTL_NOTIF_ID_VALID	SECCOMP_IOW(2, __u64)
/* Returns the fd number installed in the caller. */
#define SECCOMP_IOCTL_NOTIF_ADDFD	SECCOMP_IOW(3, \
						struct seccomp_notif_addfd)
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)

#endif /* _UAPI_LINUX_SECCOMP_H */
