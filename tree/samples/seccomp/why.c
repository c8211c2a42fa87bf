// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp-why: run a command and say why seccomp refused its filters or
 * stopped its system calls, from the kernel's seccomp trace events.
 *
 *	seccomp-why COMMAND [ARG...]
 *
 * Needs tracefs (mounted at /sys/kernel/tracing, or it mounts it) and the
 * privilege to use it.  Links with libseccomp, for system call names.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRACEFS "/sys/kernel/tracing"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char * const events[] = {
	"seccomp_filter_reject", "seccomp_attach", "seccomp_decision",
};

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("seccomp-why: ", stderr);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(errno));
	va_end(ap);
	exit(2);
}

static void write_file(const char *path, const char *value)
{
	char full[256];
	int fd;

	snprintf(full, sizeof(full), TRACEFS "/%s", path);
	fd = open(full, O_WRONLY | O_TRUNC);
	if (fd < 0 || write(fd, value, strlen(value)) < 0)
		die("cannot write %s", full);
	close(fd);
}

static void enable_events(const char *value)
{
	char path[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(events); i++) {
		snprintf(path, sizeof(path), "events/seccomp/%s/enable",
			 events[i]);
		write_file(path, value);
	}
}

static const char *arch_name(unsigned int arch, int nr)
{
	switch (arch) {
	case AUDIT_ARCH_X86_64:
		return nr & 0x40000000 ? "x32" : "x86_64";
	case AUDIT_ARCH_I386:
		return "i386";
	case AUDIT_ARCH_AARCH64:
		return "aarch64";
	case AUDIT_ARCH_ARM:
		return "arm";
	default:
		return "an unknown architecture";
	}
}

static const char *syscall_name(unsigned int arch, int nr)
{
	static char buf[32];
	char *name = seccomp_syscall_resolve_num_arch(arch, nr);

	if (!name) {
		snprintf(buf, sizeof(buf), "system call %d", nr);
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s(2)", name);
	free(name);
	return buf;
}

static void upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s -= 'a' - 'A';
}

static void explain_reject(const char *fields)
{
	char reason[64];
	unsigned int len, code;
	int insn;

	if (sscanf(fields, "len=%u insn=%d code=0x%x reason=%63s",
		   &len, &insn, &code, reason) != 4)
		return;
	if (insn < 0)
		printf("filter of %u instructions refused: %s\n", len, reason);
	else
		printf("filter of %u instructions refused at instruction %d (opcode 0x%04x): %s\n",
		       len, insn, code, reason);
}

static void explain_attach(const char *fields)
{
	unsigned int len, flags, depth;
	unsigned long long id;
	int listener;

	if (sscanf(fields, "filter=%llu len=%u flags=0x%x depth=%u listener=%d",
		   &id, &len, &flags, &depth, &listener) != 5)
		return;
	printf("filter %u of %u attached: %u instructions, flags 0x%x%s\n",
	       depth, depth, len, flags, listener >= 0 ? ", with a listener" : "");
}

static void explain_decision(const char *fields)
{
	unsigned int arch, data, pos, depth;
	unsigned long long id;
	char action[32];
	int nr, insn;

	if (sscanf(fields,
		   "arch=0x%x nr=%d action=%31s data=%u filter=%llu (%u of %u) insn=%d",
		   &arch, &nr, action, &data, &id, &pos, &depth, &insn) != 8)
		return;
	upper(action);

	if (!id)
		printf("strict mode: SECCOMP_RET_%s for %s on %s\n", action,
		       syscall_name(arch, nr), arch_name(arch, nr));
	else
		printf("filter %u of %u, instruction %d: SECCOMP_RET_%s (data %u) for %s on %s\n",
		       pos, depth, insn, action, data, syscall_name(arch, nr),
		       arch_name(arch, nr));
}

/* Lines look like "  comm-PID [CPU] flags TIME: event: fields". */
static void explain(FILE *trace)
{
	char line[1024];
	char *event;

	while (fgets(line, sizeof(line), trace)) {
		if (line[0] == '#')
			continue;
		event = strstr(line, ": seccomp_");
		if (!event)
			continue;
		/* Skip the event's name and its pid field. */
		event = strstr(event, " pid=");
		event = event ? strchr(event + 1, ' ') : NULL;
		if (!event)
			continue;
		event++;
		if (strstr(line, "seccomp_filter_reject:"))
			explain_reject(event);
		else if (strstr(line, "seccomp_attach:"))
			explain_attach(event);
		else if (strstr(line, "seccomp_decision:"))
			explain_decision(event);
	}
}

int main(int argc, char *argv[])
{
	char pid_str[16];
	int status;
	FILE *trace;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: seccomp-why COMMAND [ARG...]\n");
		return 2;
	}
	if (access(TRACEFS "/trace", F_OK))
		mount("nodev", TRACEFS, "tracefs", 0, NULL);

	write_file("trace", "");
	write_file("options/event-fork", "1");

	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		/* Wait for the parent to point the events at us. */
		raise(SIGSTOP);
		execvp(argv[1], argv + 1);
		die("cannot run %s", argv[1]);
	}
	if (waitpid(pid, &status, WUNTRACED) != pid)
		die("waitpid");

	snprintf(pid_str, sizeof(pid_str), "%d", pid);
	write_file("set_event_pid", pid_str);
	enable_events("1");
	kill(pid, SIGCONT);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	enable_events("0");
	write_file("set_event_pid", "");

	trace = fopen(TRACEFS "/trace", "r");
	if (!trace)
		die("cannot read the trace");
	explain(trace);
	fclose(trace);

	if (WIFSIGNALED(status))
		printf("%s was killed by signal %d\n", argv[1],
		       WTERMSIG(status));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
