// SPDX-License-Identifier: GPL-2.0
/*
 * The driver's seccomp() steps: attaching filters, one of the mix or a
 * deep stack of hostile shapes, each attach judged against the model
 * (which follows the ones that succeed); closing its copy of the
 * listener; and the operations that attach nothing.
 */
#define SECCOMP_COMMON_NO_HARNESS
#include "../seccomp_common.h"

#include "attach.h"
#include "calls.h"
#include "model.h"
#include "prog.h"
#include "rng.h"
#include "shapes.h"
#include "shared.h"
#include "sys.h"

/* The SECCOMP_FILTER_FLAG_* of 6.1, and how many there are. */
#define ALL_FLAGS	(SECCOMP_FILTER_FLAG_TSYNC |			\
			 SECCOMP_FILTER_FLAG_LOG |			\
			 SECCOMP_FILTER_FLAG_SPEC_ALLOW |		\
			 SECCOMP_FILTER_FLAG_NEW_LISTENER |		\
			 SECCOMP_FILTER_FLAG_TSYNC_ESRCH |		\
			 SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)
#define N_FLAGS		6
#if ALL_FLAGS != (1 << N_FLAGS) - 1
#error "the flags of 6.1 are bits 0 to N_FLAGS - 1"
#endif

static struct sock_filter big[BIG_LEN];
static struct filter filters[MAX_CHAIN];
static struct sock_fprog fprog_area;

/* Does the driver or the supervisor hold the listener? */
static bool listener_open(void)
{
	return model.c_listener >= 0 || LOAD(shm->r_open);
}

/* What the kernel must answer for an attach: -errno, 0 fd/ok, or a tid. */
struct verdict {
	int err;		/* 0 if it must succeed */
	bool maybe_busy;	/* EBUSY or success: the listener is closing */
	bool tsync_fails;	/* fails with the divergent thread's tid */
};

static struct verdict judge_attach(const struct attempt *a, unsigned int flags,
				   bool valid, unsigned int cost)
{
	struct verdict v = { 0 };

	if (flags & ~ALL_FLAGS)
		v.err = EINVAL;
	else if ((flags & SECCOMP_FILTER_FLAG_TSYNC) &&
		 (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) &&
		 !(flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH))
		v.err = EINVAL;
	else if ((flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) &&
		 !(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		v.err = EINVAL;
	else if (a->fprog_ptr != PTR_OK)
		v.err = EFAULT;
	else if (!a->len || a->len > BPF_MAXINSNS)
		v.err = EINVAL;
	else if (!model.nnp && !model.priv)
		v.err = EACCES;
	else if (a->insns_ptr == PTR_NULL)
		v.err = EINVAL;		/* the BPF core refuses it unread */
	else if (a->insns_ptr != PTR_OK)
		v.err = EFAULT;
	else if (!valid)
		v.err = EINVAL;
	else if (model.strict)
		v.err = EINVAL;
	else if ((flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) &&
		 model.listener_at >= 0 && listener_open())
		v.err = EBUSY;
	/* The new filter counts its cost alone, those below 4 more each. */
	else if (model.total + cost > MAX_PATH_INSNS)
		v.err = ENOMEM;
	else if ((flags & SECCOMP_FILTER_FLAG_TSYNC) && model.divergent)
		v.tsync_fails = true;
	/*
	 * With the sandbox's own copy closed, the supervisor holds the last
	 * reference to the listener and may drop it at any moment, before
	 * the kernel looks: either answer is right then.
	 */
	if (v.err == EBUSY && model.c_listener < 0)
		v.maybe_busy = true;
	if (v.tsync_fails && (flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH)) {
		v.tsync_fails = false;
		v.err = ESRCH;
	}
	return v;
}

/* Hand a new listener to the supervisor and wait until it has it. */
static void publish_listener(int fd)
{
	int seq = LOAD(shm->listener_seq) + 1;

	STORE(shm->listener_fd, fd);
	STORE(shm->listener_seq, seq);
	/* No system call here: the filters just attached could refuse it. */
	while (LOAD(shm->fetched_seq) != seq && LOAD(shm->done) != 2)
		cpu_relax();
}

static unsigned int random_flags(void)
{
	unsigned int flags = 0;

	if (chance(30))
		flags |= SECCOMP_FILTER_FLAG_TSYNC;
	if (chance(15))
		flags |= SECCOMP_FILTER_FLAG_LOG;
	if (chance(15))
		flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	if (chance(40))
		flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
	if (chance(25))
		flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	if (chance(20))
		flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	if (chance(3))
		flags |= BIT(N_FLAGS + below(32 - N_FLAGS));
	return flags;
}

/* What thread @tid of the sandbox is, for messages. */
static const char *role_of(long tid)
{
	int i;

	for (i = 0; i < MAX_THREADS; i++) {
		if (shm->tids[i] != tid)
			continue;
		switch (shm->roles[i]) {
		case 'D':
			return "the driver";
		case 's':
			return "a sleeper";
		case 'd':
			return "the divergent thread";
		case 'w':
			return "a worker";
		}
	}
	return tid == self_pid ? "the main thread" : "no thread of ours";
}

/*
 * A worker that a filter kills is marked dead before it exits (6.1 does
 * so since 5.17), and a TSYNC that comes meanwhile cannot move it: it
 * names it, or fails with ESRCH under TSYNC_ESRCH.  Workers make
 * unjudged calls, so such an answer is right if the worker then dies:
 * the supervisor sees to that (shm->must_die).
 */
static bool dying_worker(long ret, unsigned int flags)
{
	int i;

	if (!LOAD(shm->may_die) || !(flags & SECCOMP_FILTER_FLAG_TSYNC))
		return false;
	if (flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH) {
		if (ret != -ESRCH)
			return false;
		STORE(shm->must_die, -1);
		return true;
	}
	for (i = 0; i < MAX_THREADS; i++) {
		if (ret > 0 && shm->tids[i] == ret && shm->roles[i] == 'w') {
			STORE(shm->must_die, (int)ret);
			return true;
		}
	}
	return false;
}

/* How an attach went: on, refused (ENOMEM apart), or the end of a run. */
enum attached { ATT_OK, ATT_REFUSED, ATT_NOMEM, ATT_STOP };

/* The call that attaches @a: prctl() if @use_prctl, else seccomp(@flags). */
static void attach_call(struct callrec *c, const struct attempt *a,
			unsigned int flags, bool use_prctl)
{
	if (use_prctl) {
		c->nr = __NR_prctl;
		c->args[0] = PR_SET_SECCOMP;
		c->args[1] = SECCOMP_MODE_FILTER;
	} else {
		c->nr = __NR_seccomp;
		c->args[0] = SECCOMP_SET_MODE_FILTER;
		c->args[1] = flags;
	}
	c->args[2] = a->fprog_ptr == PTR_OK ? (unsigned long)&fprog_area :
		     a->fprog_ptr == PTR_NULL ? 0 : (unsigned long)unmapped;
}

/*
 * Judge @ret, what the kernel answered to an attach of @len instructions
 * with @flags, against @v, what the model said: ATT_OK if the filter is
 * on (the model is to follow), how the attach ended otherwise.
 */
static enum attached judge_answer(long ret, const struct verdict *v,
				  unsigned int flags, unsigned int len)
{
	if (!v->err && dying_worker(ret, flags)) {
		ADD(shm->refused, 1);
		return ATT_REFUSED;
	}
	if (v->tsync_fails) {
		if (ret != model.divergent_tid) {
			fail("returned %ld (%s), not the divergent thread %d",
			     ret, role_of(ret), model.divergent_tid);
			return ATT_STOP;
		}
		ADD(shm->refused, 1);
		return ATT_REFUSED;
	}
	if (v->err) {
		if (ret == -v->err || (v->maybe_busy && ret >= 0)) {
			if (ret < 0) {
				ADD(shm->refused, 1);
				return v->err == ENOMEM ? ATT_NOMEM : ATT_REFUSED;
			}
		} else {
			fail("returned %ld", ret);
			return ATT_STOP;
		}
	} else if (ret < 0 ||
		   (!(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) && ret != 0)) {
		/* A TSYNC that failed names a thread: which? */
		fail("returned %ld for a valid attach%s%s", ret,
		     ret > 0 && (flags & SECCOMP_FILTER_FLAG_TSYNC) ? ": " : "",
		     ret > 0 && (flags & SECCOMP_FILTER_FLAG_TSYNC) ?
		     role_of(ret) : "");
		return ATT_STOP;
	}
	if (model.depth >= MAX_CHAIN || model.used + len > MAX_PATH_INSNS) {
		fail("attached past the chain's limit (depth %u, %lu instructions)",
		     model.depth, model.used);
		return ATT_STOP;
	}
	return ATT_OK;
}

/*
 * Attached, counting @cost, with @flags, its listener (if any) @fd: the
 * model follows.  No malloc(): from now on any system call that it makes
 * could be refused.
 */
static void follow_attach(const struct attempt *a, unsigned int flags,
			  unsigned int cost, long fd)
{
	struct filter *f;

	ADD(shm->accepted, 1);
	f = &filters[model.depth];
	memcpy(&shm->insns[model.used], a->insns, a->len * sizeof(*a->insns));
	f->insns = &shm->insns[model.used];
	f->len = a->len;
	f->listener = flags & SECCOMP_FILTER_FLAG_NEW_LISTENER;
	shm->lens[model.depth] = a->len;
	model.chain[model.depth++] = f;
	STORE(shm->depth, model.depth);
	model.used += a->len;
	model.total += cost + 4;
	if (f->listener) {
		/* A new listener means that the old one was closed. */
		if (model.listener_at >= 0)
			model.chain[model.listener_at]->listener = false;
		model.c_listener = fd;
		model.listener_at = model.depth - 1;
		STORE(shm->c_open, 1);
		publish_listener(fd);
	}
}

/*
 * Attach @a through prctl() if @use_prctl, through seccomp() with @flags
 * otherwise, and check the kernel's answer against the model's.
 * ATT_STOP: the call was not made as an attach (a filter answered it) or
 * the answer was wrong (the failure is recorded).
 */
static enum attached try_attach(struct attempt *a, unsigned int flags,
				bool use_prctl)
{
	static const char *const ptr_names[] = { "ok", "NULL", "unmapped" };
	struct callrec c = { .abi = ABI_64 };
	struct verdict v;
	unsigned int cost = 0;
	enum attached res;
	bool valid;

	ADD(shm->programs, 1);
	ADD(shm->beat, 1);
	fprog_area.len = (unsigned short)a->len;
	fprog_area.filter = a->insns_ptr == PTR_OK ? a->insns :
			    a->insns_ptr == PTR_NULL ? NULL : (void *)unmapped;
	valid = a->len && a->len <= BPF_MAXINSNS && program_ok(a->insns, a->len);
	if (valid)
		cost = counted_len(a->insns, a->len);
	v = judge_attach(a, flags, valid, cost);

	attach_call(&c, a, flags, use_prctl);
	set_step("attach %u insns (counting %u) via %s, flags %#x, fprog %s, insns %s, depth %u counting %lu: expect %d%s",
		 a->len, cost, use_prctl ? "prctl" : "seccomp", flags,
		 ptr_names[a->fprog_ptr], ptr_names[a->insns_ptr], model.depth,
		 model.total, -v.err, v.tsync_fails ? " (tsync)" : "");

	if (driver_call(&c) != RAN)
		return ATT_STOP;
	res = judge_answer(c.ret, &v, flags, a->len);
	if (res == ATT_OK)
		follow_attach(a, flags, cost, c.ret);
	return res;
}

/* One program of the mix, with random flags. */
void attach_step(void)
{
	struct attempt a = { .insns = big };
	bool use_prctl = chance(20);

	if (chance(ADV_PERCENT)) {
		a.len = gen_adversarial(big);
		ADD(shm->adversarial, 1);
	} else if (chance(55)) {
		a.len = gen_policy(big, gen_length() + 16);
	} else {
		a.len = gen_random(big, gen_length());
	}
	if (chance(25))
		mutate(&a);
	try_attach(&a, use_prctl ? 0 : random_flags(), use_prctl);
}

/*
 * A deep stack: filters of the hostile shapes attached one after another
 * up to the chain's limit, where an attach must fail with ENOMEM (or, one
 * time in four, up to a random depth).  Long split-tails reach the limit
 * in eight to thirty filters, short shapes padded to a few hundred
 * instructions in tens to hundreds, bare short shapes in thousands.  Near
 * the limit the length is sometimes chosen to land just on either side
 * of it.  The filters mostly let seccomp() and prctl() through, so that
 * the stack can grow; flags stay mostly the same along a stack, so that
 * most attaches succeed.
 */
enum stack_kind { STACK_LONG, STACK_MEDIUM, STACK_TINY, STACK_MIXED };

/* The next program of a stack of @kind, of @shape if the kind keeps one. */
static void stack_program(struct attempt *a, unsigned int kind,
			  unsigned int shape)
{
	long room = MAX_PATH_INSNS - (long)model.total;
	unsigned int len, s = shape;

	switch (kind) {
	case STACK_LONG:
		s = SHAPE_SPLIT_TAIL;
		len = chance(50) ? BPF_MAXINSNS - below(4) :
		      1000 + below(BPF_MAXINSNS - 1000);
		break;
	case STACK_MEDIUM:
		len = 40 + below(960);
		break;
	case STACK_TINY:
		if (s == SHAPE_SPLIT_TAIL)
			s = SHAPE_ARG_EVERY_CALL;
		len = 0;
		break;
	default:
		s = below(N_SHAPES);
		len = chance(50) ? 0 : s == SHAPE_SPLIT_TAIL ?
		      16 + below(BPF_MAXINSNS - 16) : 20 + below(500);
		break;
	}
	a->len = gen_shape(big, s, len, true);
	/*
	 * Past the limit: one time in two, a filter that counts just
	 * within it or just past it instead.
	 */
	if (counted_len(big, a->len) > room && room < 4000 && chance(50)) {
		long want = room - 2 + below(5);

		a->len = gen_counted(big, s, want < 5 ? 5 : want);
	}
}

void stack_step(void)
{
	static const char *const names[] = { "long", "medium", "tiny", "mixed" };
	unsigned int r = below(100), kind, shape = below(N_SHAPES);
	unsigned int base = 0, max, misses = 0, n;
	enum attached res = ATT_OK;

	kind = r < 35 ? STACK_LONG : r < 70 ? STACK_MEDIUM :
	       r < 80 ? STACK_TINY : STACK_MIXED;
	max = chance(25) ? 1 + below(kind == STACK_TINY ? 1000 : 64) : MAX_CHAIN;
	if (chance(20))
		base |= SECCOMP_FILTER_FLAG_TSYNC;
	if (chance(10))
		base |= SECCOMP_FILTER_FLAG_LOG;
	if (chance(10))
		base |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	if (chance(10))
		base |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	ADD(shm->stacks, 1);
	set_step("stack of %s filters, shape %u, flags %#x, at most %u",
		 names[kind], shape, base, max);

	for (n = 0; n < max && model.depth < MAX_CHAIN && !LOAD(shm->done); n++) {
		struct attempt a = { .insns = big };
		bool use_prctl = chance(5);

		stack_program(&a, kind, shape);
		ADD(shm->stacked, 1);
		if (chance(3))
			mutate(&a);
		res = try_attach(&a, use_prctl ? 0 :
				 chance(10) ? random_flags() : base, use_prctl);
		if (res == ATT_NOMEM || res == ATT_STOP)
			break;
		/* Flags that fail every time (TSYNC beside a divergent thread) */
		misses = res == ATT_REFUSED ? misses + 1 : 0;
		if (misses > 8)
			break;
	}
	if (res == ATT_NOMEM)
		ADD(shm->stacks_full, 1);
	/* For -v, printed by the supervisor: here a write could be refused. */
	snprintf(shm->note, sizeof(shm->note),
		 "stack of %s filters, shape %u: %u attaches, ended by %d at depth %u, %lu counted",
		 names[kind], shape, n, res, model.depth, model.total);
}

/* Close the driver's own copy of the listener (a call like any other). */
void close_listener_step(void)
{
	struct callrec c = { .nr = __NR_close, .abi = ABI_64 };

	if (model.c_listener < 0)
		return;
	c.args[0] = model.c_listener;
	set_step("close listener %d", model.c_listener);
	if (driver_call(&c) != RAN)
		return;
	if (c.ret != 0)
		fail("close(listener) returned %ld", c.ret);
	model.c_listener = -1;
	STORE(shm->c_open, 0);
}

/* seccomp() operations that attach nothing, and strict mode refused. */
void misc_seccomp_step(void)
{
	struct callrec c = { .nr = __NR_seccomp, .abi = ABI_64 };
	long expect;

	switch (below(4)) {
	case 0:
		/* Strict mode over filters: EINVAL. */
		c.args[0] = SECCOMP_SET_MODE_STRICT;
		expect = model.depth ? -EINVAL : 0;
		if (!model.depth)
			return;
		break;
	case 1:
		/* Strict mode takes no flags and no argument. */
		c.args[0] = SECCOMP_SET_MODE_STRICT;
		c.args[1] = 1 + below(4);
		expect = -EINVAL;
		break;
	case 2:
		c.args[0] = SECCOMP_GET_ACTION_AVAIL;
		c.args[2] = (unsigned long)scratch;
		*(__u32 *)scratch = chance(50) ? actions[below(N_ACTIONS)] :
						 (__u32)rnd();
		expect = known_action(*(__u32 *)scratch) ? 0 : -EOPNOTSUPP;
		if (chance(10)) {
			c.args[1] = 1;
			expect = -EINVAL;
		}
		break;
	default:
		/* No such operation. */
		c.args[0] = SECCOMP_GET_NOTIF_SIZES + 1 + below(1000);
		expect = -EINVAL;
		break;
	}
	set_step("seccomp(%lu, %lu, %#lx)", c.args[0], c.args[1], c.args[2]);
	if (driver_call(&c) == RAN && c.ret != expect)
		fail("returned %ld, expected %ld", c.ret, expect);
}
