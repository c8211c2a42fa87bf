// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp_fuzz - random filters, flags, system calls and listener answers.
 *
 * usage: seccomp_fuzz [-s SEED] [-n COUNT] [-t SECONDS] [-i FIRST] [-k] [-U] [-v]
 *
 * Each iteration forks a sandbox.  Its driver thread generates classic BPF
 * programs (mostly valid ones in seccomp's dialect, some of the shapes
 * that cost an attach-time analysis most, the rest one mutation away from
 * valid), attaches them with random flags through seccomp(2) or prctl(2),
 * now and then as a deep stack up to the chain's limit, and makes random
 * system calls from a list of calls that cannot hurt the guest.  The
 * parent is the supervisor: it takes the listener with pidfd_getfd(),
 * answers notifications at random (values, errors, CONTINUE, ADDFD, bad
 * ids and malformed requests) and kills the sandbox at a random moment.
 *
 * Nothing is taken on trust: the driver keeps a model of its own filter
 * chain, with its own checker and its own BPF interpreter, and predicts
 * the result of every attach and every call (the errno class of a refused
 * attach, the action that must win for a call, the supervisor's answer).
 * Any difference, a sandbox that does not die when it must or dies when
 * it must not, a call that never returns and a sandbox that SIGKILL does
 * not end are failures; kernel splats are caught on the console by the
 * workbench.  On failure the seed and the iteration are printed; -s SEED
 * -i ITERATION -n 1 replays that iteration alone (the driver's choices
 * depend only on them, the threads' timing does not).
 *
 * Exit status 0 if every iteration passed.  The output is one TAP result,
 * so that the workbench counts it like the other suites.  Without
 * arguments: -s 1 -n 300, a short pass of fixed seed.
 *
 * -k keeps going after a failure (each is printed; the exit status is 1).
 * -U models upstream 6.1, which has no SECCOMP_IOCTL_NOTIF_SET_FLAGS.
 * -v prints each iteration's number, and what a deep stack did; -vv also
 * each step of the driver, on stderr.
 *
 * The parts, one file each:
 *   rng.c         random numbers, one stream per thread
 *   shared.c      memory shared by the supervisor and the sandbox
 *   sys.c         the raw system call and what differs between machines
 *   calls.c       the calls, their arguments, the driver's call judged
 *   prog.c        programs for the mix: random, policies, mutations
 *   shapes.c      hostile shapes, the worst cases of an analysis
 *   model.c       the model: checker, interpreter, precedence, the chain
 *   attach.c      the driver's seccomp() steps: attaches, deep stacks
 *   sandbox.c     the sandbox's threads and the driver's script
 *   supervisor.c  the supervisor: listener, answers, watch, verdict
 * and this file: the options, the iterations and the report.
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include <stdint.h>
#include <sys/mman.h>

#include "model.h"
#include "shared.h"
#include "supervisor.h"
#include "sys.h"

/* A failing sandbox's chain: all filters, or those at both ends. */
#define SHOWN_DEPTH	48
#define SHOWN_ENDS	16
#define SHOWN_INSNS	2000	/* instructions shown at most */

struct options {
	__u64 seed, first, count;
	long seconds;
	bool keep_going;
};

/* Some kernels can turn ia32 emulation off: int $0x80 then faults. */
static bool ia32_works(void)
{
	struct callrec c = { .nr = NR32_GETPID, .abi = ABI_32 };
	pid_t pid;

	if (!HAVE_OTHER_ABIS)
		return false;
	pid = fork();

	if (pid == 0)
		_exit(issue(&c) == RAN && c.ret == getpid() ? 0 : 1);
	return pid > 0 && wait_status(pid) == 0;
}

/* What a failing sandbox had attached, and the call that failed. */
static void print_chain(void)
{
	const struct seccomp_data *sd = &shm->last;
	unsigned int i, pc, at, total = 0;

	printf("# last call: nr %d arch %#x ip %#llx args", sd->nr, sd->arch,
	       (unsigned long long)sd->instruction_pointer);
	for (i = 0; i < 6; i++)
		printf(" %#llx", (unsigned long long)sd->args[i]);
	printf("\n# chain, oldest first:\n");
	for (i = 0; i < shm->depth && i < MAX_CHAIN; i++)
		total += shm->lens[i];
	for (i = 0, at = 0; i < shm->depth && i < MAX_CHAIN;
	     at += shm->lens[i], i++) {
		/* A deep stack: its first and last filters only. */
		if (shm->depth > SHOWN_DEPTH && i >= SHOWN_ENDS &&
		    i + SHOWN_ENDS < shm->depth) {
			if (i == SHOWN_ENDS)
				printf("# ... %u filters ...\n",
				       shm->depth - 2 * SHOWN_ENDS);
			continue;
		}
		printf("# filter %u, %u instructions%s\n", i, shm->lens[i],
		       total > SHOWN_INSNS ? " (not shown)" : "");
		for (pc = 0; total <= SHOWN_INSNS && pc < shm->lens[i]; pc++) {
			const struct sock_filter *f = &shm->insns[at + pc];

			printf("#   %4u: { %#06x, %3u, %3u, %#010x }\n", pc,
			       f->code, f->jt, f->jf, f->k);
		}
	}
}

static void print_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-s SEED] [-n COUNT] [-t SECONDS] [-i FIRST] [-k] [-U] [-v]\n",
		prog);
	exit(2);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	bool count_set = false;
	int opt;

	while ((opt = getopt(argc, argv, "s:n:t:i:kUv")) != -1) {
		switch (opt) {
		case 's':
			o->seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			o->count = strtoull(optarg, NULL, 0);
			count_set = true;
			break;
		case 't':
			o->seconds = strtol(optarg, NULL, 0);
			break;
		case 'i':
			o->first = strtoull(optarg, NULL, 0);
			break;
		case 'k':
			o->keep_going = true;
			break;
		case 'U':
			upstream_mode = true;
			break;
		case 'v':
			verbose++;
			break;
		default:
			print_usage(argv[0]);
		}
	}
	if (o->seconds && !count_set)
		o->count = ~0ULL;
}

/* The iterations, until the count or the time runs out; how many failed. */
static int run(const struct options *o, __u64 *iter, long start)
{
	char why[1024];
	int failed = 0;

	for (*iter = o->first; *iter - o->first < o->count; (*iter)++) {
		if (o->seconds && now_ms() - start >= o->seconds * 1000)
			break;
		if (verbose)
			printf("# iteration %llu\n", (unsigned long long)*iter);
		if (iteration(o->seed, *iter, why, sizeof(why))) {
			printf("# FAIL seed %llu iteration %llu: %s\n",
			       (unsigned long long)o->seed,
			       (unsigned long long)*iter, why);
			print_chain();
			printf("# replay: seccomp_fuzz -s %llu -i %llu -n 1\n",
			       (unsigned long long)o->seed,
			       (unsigned long long)*iter);
			failed++;
			if (!o->keep_going) {
				(*iter)++;
				break;
			}
		}
	}
	return failed;
}

int main(int argc, char **argv)
{
	struct options o = { .seed = 1, .count = 300 };
	long start;
	__u64 iter;
	int failed;

	parse_options(argc, argv, &o);
	shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	no_core_dumps();
	setvbuf(stdout, NULL, _IOLBF, 0);
	no_ia32 = !ia32_works();
	printf("1..1\n");
	printf("# seccomp_fuzz: seed %llu, first iteration %llu, %s%s%s\n",
	       (unsigned long long)o.seed, (unsigned long long)o.first,
	       upstream_mode ? "upstream 6.1 model, " : "",
	       no_ia32 ? "no ia32 calls, " : "",
	       o.seconds ? "time-bounded" : "count-bounded");

	start = now_ms();
	failed = run(&o, &iter, start);
	printf("# seccomp_fuzz: seed %llu, %llu iterations in %ld s: ",
	       (unsigned long long)o.seed, (unsigned long long)(iter - o.first),
	       (now_ms() - start) / 1000);
	printf("%ld programs (%ld attached, %ld refused; hostile shapes: %ld in the mix, %ld in %ld deep stacks, %ld to the limit), ",
	       shm->programs, shm->accepted, shm->refused, shm->adversarial,
	       shm->stacked, shm->stacks, shm->stacks_full);
	printf("%ld calls, %ld notifications answered (%ld checked), %d failed\n",
	       shm->calls, shm->answers_sent, shm->notifs, failed);
	printf("%s 1 seccomp_fuzz seed %llu\n", failed ? "not ok" : "ok",
	       (unsigned long long)o.seed);
	return failed ? 1 : 0;
}
