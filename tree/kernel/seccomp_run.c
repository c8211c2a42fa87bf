// SPDX-License-Identifier: GPL-2.0
/*
 * Filter mode on the system call path: run the chain, carry out the
 * action that wins.
 *
 * This runs on every system call of a filtered task, so it allocates
 * nothing, takes no sleeping lock, and reads the task's chain once per
 * decision: a thread synchronising its siblings may replace the pointer
 * meanwhile, but every filter reachable from what was read stays alive
 * until this task lets go of it.
 */

#include <linux/filter.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>

#include <asm/syscall.h>

#include <trace/events/seccomp.h>

#include "seccomp_actions.h"
#include "seccomp_chain.h"
#include "seccomp_emulate.h"
#include "seccomp_insn.h"
#include "seccomp_mode.h"
#include "seccomp_notify.h"
#include "seccomp_regs.h"
#include "seccomp_run.h"

/* The arguments of the current call, from its registers @regs. */
static __always_inline void read_args(struct seccomp_data *sd,
				      struct pt_regs *regs)
{
	unsigned long args[SECCOMP_NR_ARGS] __uninitialized;
	int i;

	if (sizeof(args[0]) == sizeof(sd->args[0])) {
		/* Straight into place, with no copy. */
		syscall_get_arguments(current, regs,
				      (unsigned long *)sd->args);
	} else {
		syscall_get_arguments(current, regs, args);
		for (i = 0; i < ARRAY_SIZE(args); i++)
			sd->args[i] = args[i];
	}
}

/* The rest of the call, read only when a filter is to run. */
static __always_inline void read_call_args(struct seccomp_data *sd)
{
	read_args(sd, current_pt_regs());
	sd->instruction_pointer = KSTK_EIP(current);
}

static u32 load_word(const struct seccomp_data *sd, u32 offset)
{
	return ((const u32 *)sd)[seccomp_data_word(offset)];
}

/*
 * What interpreting over registers returns where it cannot go on (a word
 * the registers do not hold, scratch memory): not ALLOW, so that the
 * quick path leaves the call to seccomp_judge().
 */
#define QUICK_GIVES_UP	SECCOMP_RET_KILL_PROCESS

/*
 * Word @k of the call: @call is a seccomp_data, or @over_regs a native
 * call's registers, which hold only the arguments.
 */
static __always_inline bool read_word(const void *call, bool over_regs,
				      u32 k, u32 *word)
{
	if (over_regs)
		return seccomp_regs_word(call, k, word);
	*word = load_word(call, k);
	return true;
}

/*
 * The interpreter of residual programs, over a seccomp_data or
 * (@over_regs) over a native call's registers.  Scratch memory is set
 * up only for the rare residual that uses it, whose first use is always
 * a store.
 */
static __always_inline u32 interpret(const struct sock_filter *insn,
				     const void *call, bool over_regs,
				     u32 a, u32 x, u32 *mem);

static noinline u32 interpret_with_memory(const struct sock_filter *insn,
					  const struct seccomp_data *sd,
					  u32 a, u32 x)
{
	u32 mem[BPF_MEMWORDS];

	return interpret(insn, sd, false, a, x, mem);
}

#define JUMP(cond)	(insn += (cond) ? insn->jt : insn->jf)

static __always_inline u32 interpret(const struct sock_filter *insn,
				     const void *call, bool over_regs,
				     u32 a, u32 x, u32 *mem)
{
	for (;; insn++) {
		/*
		 * What libseccomp's residuals are made of, tested first: the
		 * switch below compiles to a tree of comparisons.  The AND is
		 * its masked comparison (SCMP_CMP_MASKED_EQ).
		 */
		if (insn->code == (BPF_LD | BPF_W | BPF_ABS)) {
			if (!read_word(call, over_regs, insn->k, &a))
				return QUICK_GIVES_UP;
			continue;
		}
		if (insn->code == (BPF_JMP | BPF_JEQ | BPF_K)) {
			JUMP(a == insn->k);
			continue;
		}
		if (insn->code == (BPF_ALU | BPF_AND | BPF_K)) {
			a &= insn->k;
			continue;
		}
		if (insn->code == (BPF_RET | BPF_K))
			return insn->k;

		switch (insn->code) {
		case BPF_LD | BPF_IMM:
			a = insn->k;
			break;
		case BPF_ST:
		case BPF_STX:
			if (over_regs)
				return QUICK_GIVES_UP;
			if (!mem)
				return interpret_with_memory(insn, call, a, x);
			mem[insn->k & (BPF_MEMWORDS - 1)] =
				insn->code == BPF_ST ? a : x;
			break;
		case BPF_LD | BPF_MEM:
			if (WARN_ON_ONCE(!mem))
				return SECCOMP_RET_KILL_PROCESS;
			a = mem[insn->k & (BPF_MEMWORDS - 1)];
			break;
		case BPF_LDX | BPF_MEM:
			if (WARN_ON_ONCE(!mem))
				return SECCOMP_RET_KILL_PROCESS;
			x = mem[insn->k & (BPF_MEMWORDS - 1)];
			break;
		case BPF_MISC | BPF_TAX:
			x = a;
			break;
		case BPF_MISC | BPF_TXA:
			a = x;
			break;
		case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_X:
			JUMP(seccomp_branch_taken(BPF_OP(insn->code), a,
						  BPF_SRC(insn->code) == BPF_K ?
						  insn->k : x));
			break;
		case BPF_RET | BPF_A:
			return a;
		case BPF_ALU | BPF_NEG:
			a = -a;
			break;
		default:
			/* The specialiser emits shifts and divisions as K only. */
			if (BPF_CLASS(insn->code) != BPF_ALU ||
			    !seccomp_alu(BPF_OP(insn->code), a,
					 BPF_SRC(insn->code) == BPF_K ?
					 insn->k : x, &a)) {
				WARN_ON_ONCE(1);
				return SECCOMP_RET_KILL_PROCESS;
			}
			break;
		}
	}
}

/**
 * seccomp_residual_run() - run a residual over a call
 * @insns: the residual's first instruction (see seccomp_residual.c)
 * @sd: the call
 *
 * Return: what the filter the residual came from returns for @sd.
 */
noinline u32 seccomp_residual_run(const struct sock_filter *insns,
			 const struct seccomp_data *sd)
{
	return interpret(insns, sd, false, 0, 0, NULL);
}

/*
 * Not bpf_prog_run(): a program of residuals calls no helper and uses no
 * map, and nobody can ask for its statistics, so there is nothing to pin
 * the CPU for.
 */
static __always_inline u32 run_jit(const struct bpf_prog *prog,
				   const struct seccomp_data *sd)
{
	return bpf_dispatcher_nop_func(sd, prog->insnsi, prog->bpf_func);
}

/*
 * Let @f's answer @cur win if it is stricter than *@ret: between equally
 * strict answers the newest filter's stands, and the walk goes from the
 * newest.  Return: whether the walk may stop, nothing being stricter
 * than %SECCOMP_RET_KILL_PROCESS.
 */
static __always_inline bool weigh(u32 cur, struct seccomp_filter *f,
				  u32 *ret, struct seccomp_filter **match)
{
	if (!seccomp_action_stricter(cur, *ret))
		return false;
	*ret = cur;
	*match = f;
	return (cur & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_KILL_PROCESS;
}

/* A call the cache does not cover: every filter runs whole. */
static noinline u32 run_uncovered_chain(struct seccomp_filter *top,
					const struct seccomp_data *sd,
					struct seccomp_filter **match)
{
	u32 ret = SECCOMP_RET_ALLOW;
	struct seccomp_filter *f;

	for (f = top; f; f = f->prev)
		if (weigh(bpf_prog_run_pin_on_cpu(f->prog, sd), f, &ret, match))
			break;
	return ret;
}

/*
 * What @f, whose result for the call at @index of its tables @t is not
 * known, returns: from its residual if it has one, else from a run of
 * the whole filter.  The interpreter comes inline only where @inline_it
 * says so: in a walk over several filters, it would leave the walk's
 * own state no registers.
 */
static __always_inline u32 run_filter(const struct seccomp_filter *f,
				      const struct seccomp_cache_table *t,
				      unsigned int index,
				      const struct seccomp_data *sd,
				      bool inline_it)
{
	const struct sock_filter *residual;
	u32 at;

	if (!test_bit(index, t->residual))
		return bpf_prog_run_pin_on_cpu(f->prog, sd);
	at = seccomp_cache_own(t, index);
	if (at & SECCOMP_CACHE_JITED)
		return run_jit(seccomp_cache_jit(&f->cache), sd);
	residual = seccomp_cache_residual(&f->cache, at);
	if (inline_it)
		return interpret(residual, sd, false, 0, 0, NULL);
	return seccomp_residual_run(residual, sd);
}

/*
 * The filters of a chain too long for the cache to sum up its known
 * results, one by one down to where the chain is decided.
 */
static noinline u32 run_long_chain(struct seccomp_filter *top,
				   const struct seccomp_data *sd,
				   unsigned int index, bool compat,
				   struct seccomp_filter **match)
{
	u32 ret = SECCOMP_RET_ALLOW, cur;
	const struct seccomp_cache_table *t;
	struct seccomp_filter *f, *from;

	for (f = top; f; f = f->prev) {
		t = seccomp_cache_table(&f->cache, compat);
		if (test_bit(index, t->decided)) {
			from = f;
			cur = seccomp_chain_summary(f, compat, index, &from);
			weigh(cur, from, &ret, match);
			break;
		}
		if (test_bit(index, t->known))
			cur = seccomp_cache_own(t, index);
		else
			cur = run_filter(f, t, index, sd, false);
		if (weigh(cur, f, &ret, match))
			break;
	}
	return ret;
}

/*
 * The next filter below @f whose result for the call at @index is not
 * known, its tables in @t and its depth in @depth; NULL where the rest
 * of the chain is known.
 */
static __always_inline struct seccomp_filter *
next_to_run(struct seccomp_filter *f, const struct seccomp_cache_table **t,
	    unsigned int index, bool compat, unsigned int *depth)
{
	unsigned int step = (*t)->next[index];

	if (!step)
		return NULL;
	f = seccomp_filter_below(f, step);
	*depth += step;
	*t = seccomp_cache_table(&f->cache, compat);
	return f;
}

/*
 * A call the cache covers, at @index of the tables @compat picks in each
 * filter's cache.  Only the filters whose result is not known run, each
 * found from the one before through the cache's @next.  The known
 * results count through their summary, held from the start: a filter
 * that runs beats it with a stricter answer, or with one as strict if
 * it is the newer of the two.
 */
static __always_inline u32 run_covered_chain(struct seccomp_filter *top,
					     const struct seccomp_data *sd,
					     unsigned int index, bool compat,
					     struct seccomp_filter **match)
{
	const struct seccomp_cache_table *t = seccomp_cache_table(&top->cache,
								  compat);
	unsigned int depth = 0, summary_depth = t->depth[index];
	struct seccomp_filter *f = top, *from = NULL;
	u32 ret = SECCOMP_RET_ALLOW, cur;
	bool summary_holds = false;

	if (likely(!top->prev)) {
		/* A lone filter's answer is the chain's. */
		weigh(test_bit(index, t->known) ? seccomp_cache_own(t, index) :
		      run_filter(top, t, index, sd, true), top, &ret, match);
		return ret;
	}
	if (unlikely(summary_depth == SECCOMP_CACHE_NO_SUMMARY))
		return run_long_chain(top, sd, index, compat, match);

	cur = seccomp_chain_summary(top, compat, index, &from);
	if (seccomp_action_stricter(cur, ret)) {
		ret = cur;
		*match = from;
		summary_holds = true;
	}
	if (test_bit(index, t->known))
		f = next_to_run(f, &t, index, compat, &depth);
	for (; f; f = next_to_run(f, &t, index, compat, &depth)) {
		/* Nothing is stricter, and nothing older wins a tie. */
		if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_KILL_PROCESS &&
		    (!summary_holds || depth > summary_depth))
			break;
		cur = run_filter(f, t, index, sd, false);
		if (seccomp_action_stricter(cur, ret) ||
		    (summary_holds && depth < summary_depth &&
		     !seccomp_action_stricter(ret, cur))) {
			ret = cur;
			*match = f;
			summary_holds = false;
		}
	}
	return ret;
}

/*
 * The chain's answer for a call the cache covers, from the cache alone
 * if it can; the arguments are read into @local, if that is @sd, only
 * for those who look at them.
 */
static __always_inline u32 answer_covered(struct seccomp_filter *top,
					  const struct seccomp_data *sd,
					  struct seccomp_data *local,
					  unsigned int index, bool compat,
					  struct seccomp_filter **match)
{
	const struct seccomp_cache_table *t = seccomp_cache_table(&top->cache,
								  compat);
	u32 ret;

	if (!test_bit(index, t->decided)) {
		if (sd == local)
			read_call_args(local);
		return run_covered_chain(top, sd, index, compat, match);
	}

	ret = seccomp_chain_summary(top, compat, index, match);
	/* Only the listener and tracing look at the arguments. */
	if (sd == local &&
	    ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_USER_NOTIF ||
	     trace_seccomp_decision_enabled()))
		read_call_args(local);
	return ret;
}

static __always_inline u32 answer(struct seccomp_filter *top,
				  const struct seccomp_data *sd,
				  struct seccomp_data *local,
				  struct seccomp_filter **match)
{
	struct seccomp_cache_pos pos;

	if (!seccomp_cache_pos(sd->arch, sd->nr, &pos)) {
		if (sd == local)
			read_call_args(local);
		return run_uncovered_chain(top, sd, match);
	}
	if (pos.compat)
		return answer_covered(top, sd, local, pos.index, true, match);
	return answer_covered(top, sd, local, pos.index, false, match);
}

/**
 * seccomp_chain_result() - what a chain returns for a call
 * @top: the newest filter of the chain
 * @sd: the call, read in full
 * @match: set to the filter whose answer won; left alone if all allowed
 *
 * The strictest answer wins; between equally strict answers, the newest
 * filter's (and so its data).  A filter whose answer for this call the
 * cache knows does not run, and one that the cache has specialised to
 * the call runs only what the arguments decide.  This is the evaluation
 * seccomp_judge() makes, out of line, for a call that is not current's.
 *
 * Return: the winning filter's whole return value.
 */
u32 seccomp_chain_result(struct seccomp_filter *top,
			 const struct seccomp_data *sd,
			 struct seccomp_filter **match)
{
	return answer(top, sd, NULL, match);
}

static __always_inline bool allows(u32 ret)
{
	return (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW;
}

/*
 * @f's JIT-ed residual for native call @nr of @arch, gathered from @regs
 * and the instruction pointer @ip.
 */
static __always_inline u32 run_jit_over(const struct seccomp_filter *f,
					int nr, u32 arch, struct pt_regs *regs,
					u64 ip)
{
	struct seccomp_data sd __uninitialized;

	sd.nr = nr;
	sd.arch = arch;
	read_args(&sd, regs);
	sd.instruction_pointer = ip;
	return run_jit(seccomp_cache_jit(&f->cache), &sd);
}

/*
 * The one filter to run for the call at @index of the native tables,
 * where the cache's @quick has it: @top or where its @next points; its
 * residual in *@at, SECCOMP_CACHE_OVER_REGS or SECCOMP_CACHE_JITED set.
 */
static __always_inline struct seccomp_filter *
quick_runner(struct seccomp_filter *top, unsigned int index, u32 *at)
{
	const struct seccomp_cache_table *t = seccomp_cache_table(&top->cache,
								  false);
	struct seccomp_filter *f = top;

	if (test_bit(index, t->known)) {
		f = seccomp_filter_below(top, t->next[index]);
		t = seccomp_cache_table(&f->cache, false);
	}
	*at = seccomp_cache_own(t, index);
	return f;
}

static __always_inline bool interpret_allows(const struct seccomp_filter *f,
					     u32 at, struct pt_regs *regs)
{
	return allows(interpret(seccomp_cache_residual(&f->cache, at), regs,
				true, 0, 0, NULL));
}

/* 1 for the oldest filter of the chain from @filter down. */
static unsigned int position(const struct seccomp_filter *filter)
{
	unsigned int pos = 0;

	for (; filter; filter = filter->prev)
		pos++;
	return pos;
}

/*
 * Tell tracing which filter decided and which of its returns did it:
 * the JIT'ed program cannot say, so its classic original is run again
 * on the abstract machine.  Only when the event is on; out of line, so
 * that with the event off its caller keeps the registers it would need.
 */
static noinline void trace_decision(const struct seccomp_filter *top,
				    const struct seccomp_filter *match,
				    const struct seccomp_data *sd, u32 ret)
{
	const struct sock_fprog_kern *orig;
	unsigned int ret_pc;
	int pc = -1;
	u32 again;

	if (match) {
		orig = match->prog->orig_prog;
		if (seccomp_emulate(orig->filter, orig->len, sd->arch, sd->nr,
				    sd, &again, &ret_pc) && again == ret)
			pc = ret_pc;
	}
	trace_seccomp_decision(sd->arch, sd->nr, ret, seccomp_action_name(ret),
			       match ? match->id : 0, position(match),
			       position(top), pc);
}

static void fail_with(long error)
{
	syscall_set_return_value(current, current_pt_regs(), error, 0);
}

static void trap(int this_syscall, u32 data)
{
	/* The handler sees the registers of the call as it was made. */
	syscall_rollback(current, current_pt_regs());
	force_sig_seccomp(this_syscall, data, false);
}

static void kill_caller(int this_syscall, u32 action, u32 data)
{
	/* Should the signal not end us, the next system call will. */
	current->seccomp.mode = SECCOMP_MODE_DEAD;
	seccomp_log(this_syscall, SIGSYS, action, true);

	/* A thread with live siblings goes alone, without a core dump. */
	if (action == SECCOMP_RET_KILL_THREAD &&
	    atomic_read(&current->signal->live) > 1)
		do_exit(SIGSYS);

	syscall_rollback(current, current_pt_regs());
	force_sig_seccomp(this_syscall, data, true);
}

/*
 * Hand the call to the tracer.  Return: true if the call must be judged
 * again, as the tracer left it; false if it is to be skipped: no tracer
 * (the call fails with -ENOSYS), a fatal signal meanwhile, or a tracer
 * that cancelled the call by setting its number to -1.
 */
static bool hand_to_tracer(u32 data)
{
	if (!ptrace_event_enabled(current, PTRACE_EVENT_SECCOMP)) {
		fail_with(SECCOMP_NO_HANDLER);
		return false;
	}

	ptrace_event(PTRACE_EVENT_SECCOMP, data);
	return !fatal_signal_pending(current) &&
	       syscall_get_nr(current, current_pt_regs()) >= 0;
}

/**
 * seccomp_judge() - run a chain over the current call and act on it
 * @this_syscall: the number of the current call
 * @arch: its architecture's ``AUDIT_ARCH_*`` value
 * @sd: the call as the architecture gathered it, or NULL
 * @top: current's chain, as seccomp_decide() read it
 * @after_tracer: a tracer has already seen this call (%SECCOMP_RET_TRACE)
 *
 * The part of filter mode that the cache cannot skip: out of line, so
 * that the calls it lets through do not pay for setting up its frame.
 *
 * Return: 0 to run the call, -1 to skip it.
 */
noinline int seccomp_judge(int this_syscall, u32 arch,
			   const struct seccomp_data *sd,
			   struct seccomp_filter *top, bool after_tracer)
{
	struct seccomp_filter *match = NULL;
	/*
	 * Written in full before it is read, but for the arguments, which
	 * only those who use them read: no need to clear it on every call.
	 */
	struct seccomp_data local __uninitialized;
	u32 ret, action, data;

	if (!sd) {
		/* All the cache needs: the rest is read if a filter runs. */
		local.nr = this_syscall;
		local.arch = arch;
		sd = &local;
	}

	if (WARN_ON_ONCE(!top))
		ret = SECCOMP_RET_KILL_PROCESS;
	else
		ret = answer(top, sd, &local, &match);

	action = ret & SECCOMP_RET_ACTION_FULL;
	data = ret & SECCOMP_RET_DATA;
	if (action != SECCOMP_RET_ALLOW && trace_seccomp_decision_enabled())
		trace_decision(top, match, sd, ret);

	switch (action) {
	case SECCOMP_RET_ALLOW:
		return 0;
	case SECCOMP_RET_LOG:
		seccomp_log(this_syscall, 0, action, true);
		return 0;
	case SECCOMP_RET_ERRNO:
		fail_with(-(long)min_t(u32, data, MAX_ERRNO));
		break;
	case SECCOMP_RET_TRAP:
		trap(this_syscall, data);
		break;
	case SECCOMP_RET_TRACE:
		/* The tracer already had its turn on this call. */
		if (after_tracer)
			return 0;
		if (hand_to_tracer(data))
			return seccomp_decide(syscall_get_nr(current,
							     current_pt_regs()),
					      NULL, true);
		break;
	case SECCOMP_RET_USER_NOTIF:
		if (!seccomp_notify_syscall(match, this_syscall, sd))
			return 0;
		break;
	default:
		/* KILL_PROCESS, KILL_THREAD, and whatever we do not know. */
		kill_caller(this_syscall, action, data);
		return -1;
	}

	seccomp_log(this_syscall, 0, action, match && match->log);
	return -1;
}

/*
 * seccomp_quick_allows() for a JIT-ed residual: apart, so that the
 * interpreted ones pay neither for the call into JIT-ed code keeping the
 * rest in saved registers, nor for the stack protector.
 */
static noinline bool quick_jit_allows(const struct seccomp_filter *f,
				      unsigned int index, u32 arch,
				      struct pt_regs *regs)
{
	return allows(run_jit_over(f, index, arch, regs,
				   instruction_pointer(regs)));
}

/**
 * seccomp_quick_allows() - does the chain allow a call, by its arguments?
 * @top: the chain
 * @index: the call's index in the native tables, where the cache's
 *         @quick has it (see seccomp_chain_quick_at())
 * @arch: its architecture, the native one
 * @regs: the call's registers
 *
 * The quick path for a call that one filter of the chain decides by the
 * arguments, the results of the others known and allowing it: a short
 * residual that reads only arguments runs in the interpreter over @regs
 * as they are, with no seccomp_data gathered; a JIT-ed one, over the
 * call gathered from @regs.  It answers only "allowed": anything else is
 * left to seccomp_judge(), which runs the call again the full way.
 *
 * Return: true if the chain allows the call.
 */
noinline bool seccomp_quick_allows(struct seccomp_filter *top,
				   unsigned int index, u32 arch,
				   struct pt_regs *regs)
{
	struct seccomp_filter *f;
	u32 at;

	f = quick_runner(top, index, &at);
	if (!(at & SECCOMP_CACHE_OVER_REGS))
		return quick_jit_allows(f, index, arch, regs);
	return interpret_allows(f, at, regs);
}
