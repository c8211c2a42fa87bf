// SPDX-License-Identifier: GPL-2.0
/*
 * The actions a seccomp filter can return, in one table.
 *
 * Precedence, the names of the kernel.seccomp sysctls, the answer of
 * SECCOMP_GET_ACTION_AVAIL and what gets audited are all read from
 * seccomp_actions[]; nothing else lists the actions.
 */

#include <linux/audit.h>
#include <linux/build_bug.h>
#include <linux/capability.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <linux/uaccess.h>

#include "seccomp_actions.h"

/* How an action is audited (see the kernel.seccomp.actions_logged sysctl). */
enum action_log {
	LOG_NEVER,		/* never: ALLOW is too frequent to log */
	LOG_ALWAYS,		/* whenever the sysctl lists it */
	LOG_ON_REQUEST,		/* only for filters attached with FLAG_LOG */
};

/**
 * struct seccomp_action - one action a filter can return
 * @value: its ``SECCOMP_RET_*`` value (upper 16 bits)
 * @name: its name in the sysctls
 * @log: an &enum action_log
 *
 * An action's index in seccomp_actions[] is its precedence, 0 being the
 * strictest, and its bit in the actions_logged mask.
 */
struct seccomp_action {
	u32 value;
	const char *name;
	u8 log;
};

static const struct seccomp_action seccomp_actions[] = {
	{ SECCOMP_RET_KILL_PROCESS,	"kill_process",	LOG_ALWAYS },
	{ SECCOMP_RET_KILL_THREAD,	"kill_thread",	LOG_ALWAYS },
	{ SECCOMP_RET_TRAP,		"trap",		LOG_ON_REQUEST },
	{ SECCOMP_RET_ERRNO,		"errno",	LOG_ON_REQUEST },
	{ SECCOMP_RET_USER_NOTIF,	"user_notif",	LOG_ON_REQUEST },
	{ SECCOMP_RET_TRACE,		"trace",	LOG_ON_REQUEST },
	{ SECCOMP_RET_LOG,		"log",		LOG_ALWAYS },
	{ SECCOMP_RET_ALLOW,		"allow",	LOG_NEVER },
};

/* Row of the action unknown values act as: the strictest. */
#define RANK_UNKNOWN	0

/*
 * The table must follow the ABI's own order, in which a stricter action
 * is a smaller signed number; filters written for a min() over return
 * values then mean the same here.
 */
#define ACTION_IS(rank, ret)						\
	BUILD_BUG_ON(seccomp_actions[rank].value != (ret))
#define STRICTER(a, b)	BUILD_BUG_ON((s32)(a) >= (s32)(b))

static void __init check_action_table(void)
{
	BUILD_BUG_ON(ARRAY_SIZE(seccomp_actions) != 8);
	ACTION_IS(0, SECCOMP_RET_KILL_PROCESS);
	ACTION_IS(1, SECCOMP_RET_KILL_THREAD);
	ACTION_IS(2, SECCOMP_RET_TRAP);
	ACTION_IS(3, SECCOMP_RET_ERRNO);
	ACTION_IS(4, SECCOMP_RET_USER_NOTIF);
	ACTION_IS(5, SECCOMP_RET_TRACE);
	ACTION_IS(6, SECCOMP_RET_LOG);
	ACTION_IS(7, SECCOMP_RET_ALLOW);
	STRICTER(SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD);
	STRICTER(SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP);
	STRICTER(SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO);
	STRICTER(SECCOMP_RET_ERRNO, SECCOMP_RET_USER_NOTIF);
	STRICTER(SECCOMP_RET_USER_NOTIF, SECCOMP_RET_TRACE);
	STRICTER(SECCOMP_RET_TRACE, SECCOMP_RET_LOG);
	STRICTER(SECCOMP_RET_LOG, SECCOMP_RET_ALLOW);
	BUILD_BUG_ON(RANK_UNKNOWN != 0);
}

/* Index of the action a whole return value carries, if it is known. */
static int find_action(u32 ret)
{
	u32 action = ret & SECCOMP_RET_ACTION_FULL;
	int rank;

	/* Walk from ALLOW: it is by far the most frequent answer. */
	for (rank = ARRAY_SIZE(seccomp_actions) - 1; rank >= 0; rank--)
		if (seccomp_actions[rank].value == action)
			return rank;
	return -1;
}

/**
 * seccomp_action_rank() - the row of seccomp_actions[] a return value acts as
 * @ret: the whole 32-bit return value
 *
 * Rows are in precedence order, so that for the actions the kernel knows
 * this agrees with seccomp_action_stricter().  A value that is no action
 * acts as %SECCOMP_RET_KILL_PROCESS, but only once it has won.
 *
 * Return: 0 for the strictest action, larger for more permissive ones.
 */
unsigned int seccomp_action_rank(u32 ret)
{
	int rank = find_action(ret);

	return rank < 0 ? RANK_UNKNOWN : rank;
}

/**
 * seccomp_action_name() - the name of the action a return value carries
 * @ret: the whole 32-bit return value
 *
 * Return: the action's name in the sysctls; unknown actions are named
 * after %SECCOMP_RET_KILL_PROCESS, which they act as.
 */
const char *seccomp_action_name(u32 ret)
{
	return seccomp_actions[seccomp_action_rank(ret)].name;
}

/* Bit N stands for seccomp_actions[N]; all but ALLOW by default. */
static u32 actions_logged = GENMASK(ARRAY_SIZE(seccomp_actions) - 2, 0);

/**
 * seccomp_log() - audit an action if the administrator wants it
 * @syscall: the system call number
 * @signr: the signal the action sends, or 0
 * @action: the action (return value without data)
 * @requested: the deciding filter was attached with
 *             %SECCOMP_FILTER_FLAG_LOG
 */
void seccomp_log(unsigned long syscall, long signr, u32 action,
		 bool requested)
{
	unsigned int rank = seccomp_action_rank(action);
	const struct seccomp_action *entry = &seccomp_actions[rank];

	if (entry->log == LOG_NEVER ||
	    (entry->log == LOG_ON_REQUEST && !requested))
		return;
	if (!(READ_ONCE(actions_logged) & BIT(rank)))
		return;

	audit_seccomp(syscall, signr, action);
}

/**
 * seccomp_get_action_avail() - SECCOMP_GET_ACTION_AVAIL
 * @uaction: user pointer to a u32 action value (without data)
 *
 * Return: 0 if the kernel knows the action; %-EOPNOTSUPP if it does not;
 * %-EFAULT if @uaction cannot be read.
 */
long seccomp_get_action_avail(const void __user *uaction)
{
	u32 action;
	int rank;

	if (copy_from_user(&action, uaction, sizeof(action)))
		return -EFAULT;

	rank = find_action(action);
	if (rank < 0 || seccomp_actions[rank].value != action)
		return -EOPNOTSUPP;
	return 0;
}

/*
 * Every name with a separator between each, and the NUL: no longer, as a
 * line that does not fit is cut at this size, and 6.1 cuts it there too.
 */
#define NAMES_SIZE	sizeof("kill_process kill_thread trap errno " \
			       "user_notif trace log allow")

static void names_of(char *buf, size_t size, u32 mask, const char *sep)
{
	unsigned int rank;
	size_t used = 0;

	buf[0] = '\0';
	for (rank = 0; rank < ARRAY_SIZE(seccomp_actions); rank++) {
		if (!(mask & BIT(rank)))
			continue;
		used += scnprintf(buf + used, size - used, "%s%s",
				  used ? sep : "",
				  seccomp_actions[rank].name);
	}
}

/* Parse a list of names; ALLOW and unknown names are refused. */
static int mask_of(char *names, u32 *mask)
{
	char *name;
	int rank;

	*mask = 0;
	while ((name = strsep(&names, " ")) && *name) {
		for (rank = 0; rank < ARRAY_SIZE(seccomp_actions); rank++)
			if (!strcmp(name, seccomp_actions[rank].name))
				break;
		if (rank == ARRAY_SIZE(seccomp_actions) ||
		    seccomp_actions[rank].log == LOG_NEVER)
			return -EINVAL;
		*mask |= BIT(rank);
	}
	return 0;
}

static int string_sysctl(struct ctl_table *table, int write, char *buf,
			 void *buffer, size_t *lenp, loff_t *ppos)
{
	struct ctl_table copy = *table;

	copy.data = buf;
	copy.maxlen = NAMES_SIZE;
	return proc_dostring(&copy, write, buffer, lenp, ppos);
}

static int write_mask(struct ctl_table *table, u32 *mask, void *buffer,
		      size_t *lenp, loff_t *ppos)
{
	char names[NAMES_SIZE] = "";
	u32 new = 0, old = READ_ONCE(*mask);
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	/* A partial write would leave the list half parsed. */
	if (*ppos)
		return -EINVAL;

	ret = string_sysctl(table, 1, names, buffer, lenp, ppos);
	if (!ret)
		ret = mask_of(names, &new);
	if (!ret)
		WRITE_ONCE(*mask, new);

	if (audit_enabled) {
		char new_names[NAMES_SIZE], old_names[NAMES_SIZE];

		names_of(new_names, sizeof(new_names), new, ",");
		names_of(old_names, sizeof(old_names), old, ",");
		audit_seccomp_actions_logged(new_names, old_names, !ret);
	}
	return ret;
}

/* Both sysctls show a set of actions by name; extra1 points to it. */
static int actions_sysctl(struct ctl_table *table, int write, void *buffer,
			  size_t *lenp, loff_t *ppos)
{
	u32 *mask = table->extra1;
	char names[NAMES_SIZE];

	if (write)
		return write_mask(table, mask, buffer, lenp, ppos);

	names_of(names, sizeof(names), READ_ONCE(*mask), " ");
	return string_sysctl(table, 0, names, buffer, lenp, ppos);
}

static u32 actions_avail = GENMASK(ARRAY_SIZE(seccomp_actions) - 1, 0);

static struct ctl_table seccomp_sysctl_table[] = {
	{ .procname = "actions_avail", .mode = 0444,
	  .proc_handler = actions_sysctl, .extra1 = &actions_avail },
	{ .procname = "actions_logged", .mode = 0644,
	  .proc_handler = actions_sysctl, .extra1 = &actions_logged },
	{ }
};

static int __init seccomp_actions_init(void)
{
	check_action_table();
	if (IS_ENABLED(CONFIG_SYSCTL) &&
	    !register_sysctl("kernel/seccomp", seccomp_sysctl_table))
		pr_warn("seccomp: cannot register sysctls\n");
	return 0;
}

device_initcall(seccomp_actions_init);
