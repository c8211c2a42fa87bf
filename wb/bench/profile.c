// SPDX-License-Identifier: GPL-2.0
/*
 * Compile a profile in oci.py's line format to classic BPF with libseccomp,
 * the way container runtimes do: seccomp_init(default action), the x86 and
 * x32 sub-architectures of amd64 (with --arm64: arm64 and its 32-bit arm
 * instead of all three; with --s390x: s390x and 31-bit s390; with
 * --riscv64: riscv64 alone), one
 * seccomp_rule_add_array() per name and argument set, seccomp_export_bpf().
 * Host tool, for `make bench`.
 *
 *   profile [--bintree] [--arm64|--s390x|--riscv64] <profile.txt >profile.bpf
 *
 * Names that libseccomp does not know are skipped, as runtimes do, and so
 * are rules whose action equals the default one (libseccomp refuses them).
 */
#include <errno.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct { const char *name; unsigned int act; } actions[] = {
	{ "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW },
	{ "SCMP_ACT_KILL", SCMP_ACT_KILL },
	{ "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD },
	{ "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS },
	{ "SCMP_ACT_TRAP", SCMP_ACT_TRAP },
	{ "SCMP_ACT_LOG", SCMP_ACT_LOG },
};

static const char *const ops[] = {
	[SCMP_CMP_NE] = "SCMP_CMP_NE", [SCMP_CMP_LT] = "SCMP_CMP_LT",
	[SCMP_CMP_LE] = "SCMP_CMP_LE", [SCMP_CMP_EQ] = "SCMP_CMP_EQ",
	[SCMP_CMP_GE] = "SCMP_CMP_GE", [SCMP_CMP_GT] = "SCMP_CMP_GT",
	[SCMP_CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

static void die(const char *msg, const char *what)
{
	fprintf(stderr, "profile: %s: %s\n", msg, what);
	exit(1);
}

static unsigned int parse_action(const char *name, int err)
{
	unsigned int i;

	if (!strcmp(name, "SCMP_ACT_ERRNO"))
		return SCMP_ACT_ERRNO(err);
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(name, actions[i].name))
			return actions[i].act;
	die("unknown action", name);
	return 0;
}

static enum scmp_compare parse_op(const char *name)
{
	unsigned int i;

	for (i = 1; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i] && !strcmp(name, ops[i]))
			return i;
	die("unknown comparison", name);
	return 0;
}

/*
 * The program for a big-endian machine: libseccomp 2.5.4 writes the code,
 * jumps and comparisons in the target's byte order, and so most returns,
 * but some returns' values in the host's (a return of ALLOW reads as
 * 0x0000ff7f).  A return whose value, read big-endian, is no action
 * libseccomp emits is turned around.
 */
static int emitted_action(uint32_t k)
{
	switch (k >> 16) {
	case 0x8000:	/* KILL_PROCESS */
	case 0x0003:	/* TRAP */
	case 0x0005:	/* ERRNO */
	case 0x7fc0:	/* USER_NOTIF */
	case 0x7ff0:	/* TRACE */
	case 0x7ffc:	/* LOG */
	case 0x7fff:	/* ALLOW */
		return 1;
	default:	/* KILL_THREAD has no data */
		return k == 0;
	}
}

static void export_big_endian(scmp_filter_ctx ctx)
{
	static unsigned char buf[8 * 4096];
	ssize_t len, i;
	FILE *tmp = tmpfile();

	if (!tmp || seccomp_export_bpf(ctx, fileno(tmp)) || fflush(tmp))
		die("seccomp_export_bpf failed", "");
	rewind(tmp);
	len = fread(buf, 1, sizeof(buf), tmp);
	if (len <= 0 || len % 8 || !feof(tmp))
		die("bad export", "");
	for (i = 0; i < len; i += 8) {
		unsigned char *k = buf + i + 4, t;

		/* BPF_RET | BPF_K, its code big-endian */
		if (buf[i] != 0 || buf[i + 1] != 0x06 ||
		    emitted_action((uint32_t)k[0] << 24 | k[1] << 16 |
				   k[2] << 8 | k[3]))
			continue;
		t = k[0], k[0] = k[3], k[3] = t;
		t = k[1], k[1] = k[2], k[2] = t;
	}
	if (fwrite(buf, 1, len, stdout) != (size_t)len)
		die("write failed", "");
	fclose(tmp);
}

/*
 * Another machine's ABIs in place of the host's own, which go first: a
 * filter's ABIs must share a byte order.
 */
static int add_arches(scmp_filter_ctx ctx, uint32_t native, uint32_t compat)
{
	return seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE) ||
	       seccomp_arch_add(ctx, native) ||
	       (compat && seccomp_arch_add(ctx, compat));
}

int main(int argc, char **argv)
{
	char line[4096], kind[16], act[64], name[64], op[64];
	int bintree = 0, arm64 = 0, s390x = 0, riscv64 = 0;
	int err, nargs, n, i, rules = 0, skipped = 0, rc;
	struct scmp_arg_cmp args[6];
	scmp_filter_ctx ctx = NULL;
	unsigned long long v1, v2;
	unsigned int idx;
	char *p;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--bintree"))
			bintree = 1;
		else if (!strcmp(argv[i], "--arm64"))
			arm64 = 1;
		else if (!strcmp(argv[i], "--s390x"))
			s390x = 1;
		else if (!strcmp(argv[i], "--riscv64"))
			riscv64 = 1;
		else
			die("unknown option", argv[i]);
	}
	while (fgets(line, sizeof(line), stdin)) {
		if (sscanf(line, "%15s %63s %d%n", kind, act, &err, &n) != 3)
			die("bad line", line);
		if (!strcmp(kind, "default")) {
			ctx = seccomp_init(parse_action(act, err));
			if (!ctx)
				die("seccomp_init failed", act);
			if (arm64 ? add_arches(ctx, SCMP_ARCH_AARCH64, SCMP_ARCH_ARM) :
			    s390x ? add_arches(ctx, SCMP_ARCH_S390X, SCMP_ARCH_S390) :
			    riscv64 ? add_arches(ctx, SCMP_ARCH_RISCV64, 0) :
				    seccomp_arch_add(ctx, SCMP_ARCH_X86) ||
				    seccomp_arch_add(ctx, SCMP_ARCH_X32))
				die("seccomp_arch_add failed", act);
			if (bintree && seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2))
				die("no binary tree optimization", "libseccomp");
			continue;
		}
		p = line + n;
		if (!ctx || sscanf(p, "%63s %d%n", name, &nargs, &n) != 2 || nargs > 6)
			die("bad rule", line);
		p += n;
		for (i = 0; i < nargs; i++) {
			if (sscanf(p, "%u %63s %llu %llu%n", &idx, op, &v1, &v2, &n) != 4)
				die("bad argument", line);
			p += n;
			args[i] = (struct scmp_arg_cmp){ idx, parse_op(op), v1, v2 };
		}
		/* A number of the host's numbering: libseccomp translates it. */
		int nr = seccomp_syscall_resolve_name(name);

		if (nr == __NR_SCMP_ERROR) {
			skipped++;
			continue;
		}
		rc = seccomp_rule_add_array(ctx, parse_action(act, err), nr, nargs, args);
		if (rc == -EACCES) {	/* same action as the default */
			skipped++;
			continue;
		}
		if (rc)
			die("seccomp_rule_add failed", line);
		rules++;
	}
	if (!ctx)
		die("no default action", "input");
	if (s390x)
		export_big_endian(ctx);
	else if (seccomp_export_bpf(ctx, STDOUT_FILENO))
		die("seccomp_export_bpf failed", "");
	fprintf(stderr, "profile: %d rules, %d skipped\n", rules, skipped);
	seccomp_release(ctx);
	return 0;
}
