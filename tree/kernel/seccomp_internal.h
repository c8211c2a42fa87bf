/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the seccomp files share and nobody else sees.
 *
 * seccomp.c          modes, strict mode, system call entry, prctl, seccomp(2)
 * seccomp_filter.c   the filter object: creation, chain, references, TSYNC
 * seccomp_check.c    the classic BPF checker
 * seccomp_run.c      evaluation of a chain and what each action does
 * seccomp_actions.c  the action table, precedence, logging, sysctls
 * seccomp_emulate.c  an abstract machine for classic programs
 * seccomp_cache.c    what each call number gets, found at attach time
 * seccomp_residual.c a filter specialised to one call, and its interpreter
 * seccomp_jit.c      long residuals, JIT-compiled
 * seccomp_regs.c     where the native ABI keeps arguments in pt_regs
 * seccomp_notify.c   the user-space listener
 * seccomp_ptrace.c   filter dumps for checkpoint/restore
 */
#ifndef _KERNEL_SECCOMP_INTERNAL_H
#define _KERNEL_SECCOMP_INTERNAL_H

/*
 * SECCOMP_ARCH_NATIVE and _COMPAT are AUDIT_ARCH_* values, and not every
 * <asm/seccomp.h> includes what defines them (arm64's does not).
 */
#include <linux/audit.h>
#include <linux/bitmap.h>
#include <linux/filter.h>
#include <linux/mutex.h>
#include <linux/nospec.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sched/signal.h>
#include <linux/seccomp.h>
#include <linux/wait.h>

#include <asm/syscall.h>

/*
 * A task whose kill did not take (SIGSYS blocked, or a thread that must
 * not survive) is left in this mode: its next system call ends it.
 */
#define SECCOMP_MODE_DEAD	(SECCOMP_MODE_FILTER + 1)

/*
 * What a call gets when the action hands it to a tracer or a listener
 * and there is none: the ABI's way of saying "not handled".
 */
#define SECCOMP_NO_HANDLER	(-ENOSYS)

/*
 * A chain may hold at most this many instructions, each filter counting
 * SECCOMP_FILTER_OVERHEAD more, so that stacking tiny filters still
 * costs something.  Beyond it, attaching fails with -ENOMEM.
 */
#define SECCOMP_CHAIN_MAX_INSNS		32768
#define SECCOMP_FILTER_OVERHEAD		4

/**
 * struct seccomp_cache_table - what a filter's cache knows of one ABI
 * @known: bit N set when the filter's result for call N does not depend
 *         on the arguments or the instruction pointer
 * @residual: bit N set when the filter specialised to call N is in the
 *            cache's @residuals
 * @decided: bit N set when the result of the chain from this filter down
 *           for call N does not depend on the arguments or the
 *           instruction pointer (see seccomp_cache_summary())
 * @allow: bit N set when that result is to allow the call
 * @quick: bit N set when the chain allows call N unless the one filter
 *         whose result is not known says otherwise, and that filter's
 *         residual is %SECCOMP_CACHE_QUICK or %SECCOMP_CACHE_JITED (see
 *         seccomp_judge_quick()).  Kept for every ABI, read for the
 *         native one only.
 * @values: the cache's @values
 * @own: for a call in @known or @residual, the index in @values of its
 *       result or of its residual's entry; calls that follow one path
 *       share an entry, and a filter keeps at most %U8_MAX of them
 * @depth: how many filters below this one is the one whose result is the
 *         chain's summary for the call: its result if the call is in
 *         @decided, else the strictest of the known results down to where
 *         the chain is decided, which the filters that run compete with;
 *         0 with the summary ALLOW; %SECCOMP_CACHE_NO_SUMMARY for an
 *         undecided call of a chain too long to say
 * @next: for the calls not in @decided, how many filters below this one
 *        is the next whose result is not known, or 0 if none is above
 *        where the chain is decided; %SECCOMP_CACHE_NO_SUMMARY if too
 *        many
 *
 * Where @own, @depth or @next is all zero, as @depth and @next are in a
 * filter with nothing below it, the filter has no table of its own.
 */
struct seccomp_cache_table {
	unsigned long *known;
	unsigned long *residual;
	unsigned long *decided;
	unsigned long *allow;
	unsigned long *quick;
	const u32 *values;
	u8 *own;
	u8 *depth;
	u8 *next;
};

#ifdef SECCOMP_ARCH_NATIVE
#ifdef SECCOMP_ARCH_COMPAT
#define SECCOMP_CACHE_NR_ARCHES	2
#define SECCOMP_CACHE_COMPAT_NR	SECCOMP_ARCH_COMPAT_NR
#else
#define SECCOMP_CACHE_NR_ARCHES	1
#define SECCOMP_CACHE_COMPAT_NR	0
#endif
#define SECCOMP_CACHE_MAX_CALLS	(SECCOMP_ARCH_NATIVE_NR + SECCOMP_CACHE_COMPAT_NR)

/*
 * The bitmaps of &struct seccomp_cache_table, in the order they lie in
 * a cache's @bits: all of the native ABI's, then all of the compat one's.
 */
enum seccomp_cache_bitmap {
	SECCOMP_CACHE_KNOWN,
	SECCOMP_CACHE_RESIDUAL,
	SECCOMP_CACHE_DECIDED,
	SECCOMP_CACHE_ALLOW,
	SECCOMP_CACHE_QUICK_CALLS,
	SECCOMP_CACHE_NR_BITMAPS
};

/*
 * A residual's entry in a cache's @values: its first instruction in
 * @residuals (SECCOMP_CACHE_AT), with SECCOMP_CACHE_JITED set if the
 * cache's @jit has it, and SECCOMP_CACHE_QUICK if it is short, reads only
 * arguments and seccomp_regs.c found where they are.
 */
#define SECCOMP_CACHE_JITED	BIT(31)
#define SECCOMP_CACHE_QUICK	BIT(30)
#define SECCOMP_CACHE_AT	GENMASK(29, 0)
#define SECCOMP_CACHE_NO_SUMMARY	U8_MAX

/**
 * struct seccomp_cache - what a filter's analysis found
 * @tables: per ABI, the native one first, then the compat one
 * @values: the distinct results and residual entries of the filter's
 *          calls, or NULL
 * @residuals: the filter's programs specialised per call, one after
 *             another (see seccomp_residual.c), or NULL
 * @nr_residual_insns: their total length
 * @jit: the longer residuals, JIT-compiled (see seccomp_jit.c), or NULL
 * @own: the allocation of every table's @own, or NULL where they share
 *       a table of zeros
 * @depths: the allocation of every table's @depth, or NULL where they
 *          share a table of zeros
 * @nexts: the same for @next, or NULL where they share a table of zeros,
 *         or with @next_ones one of ones
 * @next_ones: see @nexts
 * @bits: the tables' bitmaps
 *
 * Computed once when the filter is attached, from the filter and the
 * cache of the filter below it; read without locks afterwards, and freed
 * with the filter.  Only the bitmaps live in the filter object itself,
 * so that the common case costs no more than the filter's own lines.
 */
struct seccomp_cache {
	struct seccomp_cache_table tables[SECCOMP_CACHE_NR_ARCHES];
	u32 *values;
	struct sock_filter *residuals;
	unsigned int nr_residual_insns;
	struct bpf_prog *jit;
	u8 *own;
	u8 *depths;
	u8 *nexts;
	bool next_ones;
	unsigned long bits[SECCOMP_CACHE_NR_BITMAPS *
			   (BITS_TO_LONGS(SECCOMP_ARCH_NATIVE_NR) +
			    BITS_TO_LONGS(SECCOMP_CACHE_COMPAT_NR))];
};
#else
struct seccomp_cache { };
#endif

struct seccomp_notify;

/**
 * struct seccomp_filter - one program of a filter chain
 * @refs: references to the object.  One for each task whose chain starts
 *        here, one for the newer filter whose @prev this is, one for each
 *        open listener file, and short-lived ones of readers (ptrace,
 *        procfs).  The last seccomp_filter_put() frees the filter and
 *        then puts @prev.
 * @users: tasks that can still run this filter: one for each task whose
 *         chain starts here, one for each newer filter that has users.
 *         When it reaches zero no system call can reach the filter any
 *         more, and a listener is told so.
 * @id: a number naming the filter in trace events, unique for the boot.
 * @log: %SECCOMP_FILTER_FLAG_LOG was given at attach time.
 * @wait_killable_recv: %SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV was given.
 * @prev: the filter that was newest when this one was attached, or NULL.
 * @prog: the program, converted and JIT-compiled by the BPF core; its
 *        @orig_prog keeps the classic instructions as the user gave them.
 * @cache: what the chain from here down always allows.
 * @notif: the listener's state, or NULL.  Protected by @notify_lock.
 * @notify_lock: serialises the listener and the notifying tasks.
 * @wqh: where listeners poll; woken when @users reaches zero.
 *
 * Everything but @refs, @users and @notif is written before the filter
 * is published to a task and never after, so a task can run its chain
 * without locks.
 */
struct seccomp_filter {
	refcount_t refs;
	refcount_t users;
	u64 id;
	bool log;
	bool wait_killable_recv;
	struct seccomp_filter *prev;
	struct bpf_prog *prog;
	struct seccomp_cache cache;
	struct seccomp_notify *notif;
	struct mutex notify_lock;	/* see @notify_lock above */
	wait_queue_head_t wqh;
};

/* Strict mode's calls in ABIs other than the native and compat ones. */
#ifdef CONFIG_X86_X32_ABI
static inline const int *seccomp_strict_arch_syscalls(void)
{
	/* x32 numbers are the native ones plus a bit, but for rt_sigreturn. */
	static const int x32[] = {
		__X32_SYSCALL_BIT | __NR_read,
		__X32_SYSCALL_BIT | __NR_write,
		__X32_SYSCALL_BIT | __NR_exit,
		__X32_SYSCALL_BIT | __NR_x32_rt_sigreturn,
		-1,
	};

	return in_x32_syscall() ? x32 : NULL;
}
#else
static inline const int *seccomp_strict_arch_syscalls(void)
{
	return NULL;
}
#endif

#ifdef CONFIG_COMPAT
static inline const int *seccomp_strict_compat(void)
{
	return get_compat_mode1_syscalls();
}
#else
static inline const int *seccomp_strict_compat(void)
{
	return NULL;
}
#endif

/* Strict mode also takes the time stamp counter away where it can. */
#ifdef TIF_NOTSC
#include <asm/tsc.h>
static inline void seccomp_strict_disable_tsc(void)
{
	disable_TSC();
}
#else
static inline void seccomp_strict_disable_tsc(void) { }
#endif

/*
 * The siglock of @task, which is current or one of its threads.  Only
 * current itself (in exec) replaces its group's sighand, so the pointer
 * is stable here without RCU.
 */
static inline spinlock_t *seccomp_siglock(struct task_struct *task)
{
	return &rcu_dereference_protected(task->sighand,
					  same_thread_group(task, current))->siglock;
}

/* seccomp.c */
void seccomp_assign_mode(struct task_struct *task, unsigned long mode,
			 unsigned long flags);
bool seccomp_may_assign_mode(unsigned long mode);

/* seccomp_filter.c */
void seccomp_filter_get(struct seccomp_filter *filter);
void seccomp_filter_put(struct seccomp_filter *filter);
struct seccomp_filter *seccomp_task_filter_get(struct task_struct *task);

/* seccomp_check.c */

/**
 * enum seccomp_check_reason - why a filter was refused
 * @SECCOMP_CHECK_OK: it was not
 * @SECCOMP_CHECK_LENGTH: empty, or longer than %BPF_MAXINSNS
 * @SECCOMP_CHECK_OPCODE: an instruction seccomp does not accept
 * @SECCOMP_CHECK_LOAD_RANGE: a load past the end of &struct seccomp_data
 * @SECCOMP_CHECK_LOAD_ALIGN: a load not on a 4-byte boundary
 * @SECCOMP_CHECK_SCRATCH: a scratch memory slot out of range
 * @SECCOMP_CHECK_SCRATCH_UNSET: a scratch slot read before it is written
 * @SECCOMP_CHECK_OPERAND: division by constant zero, or shift by 32 or more
 * @SECCOMP_CHECK_JUMP_RANGE: a jump past the last instruction
 * @SECCOMP_CHECK_NO_RETURN: the last instruction is not a return
 * @SECCOMP_REJECT_FLAGS: unknown or contradictory flags
 * @SECCOMP_REJECT_UNREADABLE: the program could not be read
 * @SECCOMP_REJECT_PRIVILEGE: neither no_new_privs nor %CAP_SYS_ADMIN
 * @SECCOMP_REJECT_CHAIN_LENGTH: the chain would grow past its limit
 * @SECCOMP_REJECT_MODE: the caller is in strict mode
 * @SECCOMP_REJECT_LISTENER: the chain already has a listener
 * @SECCOMP_REJECT_TSYNC: a thread could not be synchronised
 * @SECCOMP_REJECT_NR: number of reasons
 *
 * The first ones are the checker's, about a program; the REJECT ones
 * are about attaching it.  seccomp_reject_reason_name() names them all.
 */
enum seccomp_check_reason {
	SECCOMP_CHECK_OK,
	SECCOMP_CHECK_LENGTH,
	SECCOMP_CHECK_OPCODE,
	SECCOMP_CHECK_LOAD_RANGE,
	SECCOMP_CHECK_LOAD_ALIGN,
	SECCOMP_CHECK_SCRATCH,
	SECCOMP_CHECK_SCRATCH_UNSET,
	SECCOMP_CHECK_OPERAND,
	SECCOMP_CHECK_JUMP_RANGE,
	SECCOMP_CHECK_NO_RETURN,
	SECCOMP_REJECT_FLAGS,
	SECCOMP_REJECT_UNREADABLE,
	SECCOMP_REJECT_PRIVILEGE,
	SECCOMP_REJECT_CHAIN_LENGTH,
	SECCOMP_REJECT_MODE,
	SECCOMP_REJECT_LISTENER,
	SECCOMP_REJECT_TSYNC,
	SECCOMP_REJECT_NR
};

/**
 * struct seccomp_check_result - the checker's verdict
 * @reason: why the program was refused, or %SECCOMP_CHECK_OK
 * @pc: index of the first offending instruction
 * @code: its opcode
 */
struct seccomp_check_result {
	enum seccomp_check_reason reason;
	unsigned int pc;
	u16 code;
};

int seccomp_check_program(const struct sock_filter *insns, unsigned int len,
			  struct seccomp_check_result *result);
const char *seccomp_reject_reason_name(enum seccomp_check_reason reason);
int seccomp_check_reported(const struct sock_filter *insns, unsigned int len);
int seccomp_check_and_convert(struct sock_filter *insns, unsigned int len);

/* seccomp_run.c */
u32 seccomp_residual_run(const struct sock_filter *insns,
			 const struct seccomp_data *sd);
u32 seccomp_run_chain(struct seccomp_filter *top,
		      const struct seccomp_data *sd,
		      struct seccomp_filter **match);
bool seccomp_args_allow(struct seccomp_filter *top, u32 arch, int nr,
			struct pt_regs *regs);

/* seccomp_actions.c */

/*
 * Does return value @a win over @b?  The ABI orders actions as signed
 * numbers, the strictest smallest, whatever the data; values that are no
 * action take their place in that order too (the table of actions in
 * seccomp_actions.c is checked against it).
 */
static inline bool seccomp_action_stricter(u32 a, u32 b)
{
	return (s32)(a & SECCOMP_RET_ACTION_FULL) <
	       (s32)(b & SECCOMP_RET_ACTION_FULL);
}

unsigned int seccomp_action_rank(u32 ret);
const char *seccomp_action_name(u32 ret);
void seccomp_log(unsigned long syscall, long signr, u32 action,
		 bool requested);
long seccomp_get_action_avail(const void __user *uaction);

/*
 * A op B, for the two-operand ALU instructions the checker accepts: the
 * semantics the emulator, the specialiser and the residual interpreter
 * share.  Return: false for a division by zero (the program would end
 * there, returning 0) and a shift by 32 or more (which the JITs do not
 * all treat alike): outcomes the callers do not follow.
 */
static __always_inline bool seccomp_alu(u16 op, u32 a, u32 b, u32 *res)
{
	switch (op) {
	case BPF_ADD:
		*res = a + b;
		return true;
	case BPF_SUB:
		*res = a - b;
		return true;
	case BPF_MUL:
		*res = a * b;
		return true;
	case BPF_AND:
		*res = a & b;
		return true;
	case BPF_OR:
		*res = a | b;
		return true;
	case BPF_XOR:
		*res = a ^ b;
		return true;
	case BPF_DIV:
		if (!b)
			return false;
		*res = a / b;
		return true;
	case BPF_LSH:
		if (b >= 32)
			return false;
		*res = a << b;
		return true;
	case BPF_RSH:
		if (b >= 32)
			return false;
		*res = a >> b;
		return true;
	default:
		return false;
	}
}

/* Does a conditional jump of operation @op take its true side? */
static __always_inline bool seccomp_branch_taken(u16 op, u32 a, u32 b)
{
	switch (op) {
	case BPF_JEQ:
		return a == b;
	case BPF_JGT:
		return a > b;
	case BPF_JGE:
		return a >= b;
	default:	/* BPF_JSET */
		return a & b;
	}
}

/**
 * struct seccomp_word - a 32-bit value of an abstract machine
 * @val: the value, if @known
 * @known: whether the value is known when the program is analysed, rather
 *         than only when it runs
 *
 * The emulator's and the specialiser's registers and scratch words.
 */
struct seccomp_word {
	u32 val;
	bool known;
};

static inline struct seccomp_word seccomp_known(u32 val)
{
	return (struct seccomp_word){ .val = val, .known = true };
}

/* seccomp_emulate.c */
bool seccomp_emulate(const struct sock_filter *insns, unsigned int len,
		     u32 arch, int nr, const struct seccomp_data *sd,
		     u32 *ret, unsigned int *ret_pc);

/* seccomp_residual.c */
struct seccomp_specialiser;

struct seccomp_specialiser *
seccomp_specialiser_create(const struct sock_filter *insns, unsigned int len,
			   unsigned int max);
int seccomp_specialise(struct seccomp_specialiser *s, u32 arch, int nr,
		       u32 *ret);
void seccomp_specialise_calls(struct seccomp_specialiser *s, u32 arch,
			      unsigned int nr_calls, unsigned long *known,
			      unsigned long *residual, u32 *result);
const struct sock_filter *
seccomp_specialiser_insns(const struct seccomp_specialiser *s,
			  unsigned int *len);
void seccomp_specialiser_destroy(struct seccomp_specialiser *s);
unsigned int seccomp_specialise_budget(unsigned int len);
unsigned int seccomp_specialiser_work(const struct seccomp_specialiser *s);
unsigned int seccomp_residual_len(const struct sock_filter *insns,
				  unsigned int start, unsigned int total);
bool seccomp_residual_reads_args_only(const struct sock_filter *insns,
				      unsigned int start, unsigned int len);

/* seccomp_jit.c */
/**
 * struct seccomp_jit_call - a call whose residual is to be compiled
 * @arch: its ``AUDIT_ARCH_*`` value
 * @nr: its number
 * @start: the index of its residual's first instruction
 */
struct seccomp_jit_call {
	u32 arch;
	u32 nr;
	u32 start;
};

/*
 * A residual shorter than this runs faster in the interpreter than the
 * call into JIT-ed code costs.
 */
#define SECCOMP_JIT_MIN_INSNS	5

/*
 * A residual no longer than this, which reads only arguments, is
 * interpreted over the registers by seccomp_args_allow(): cheaper than
 * gathering the call and entering JIT-ed code.
 */
#define SECCOMP_QUICK_MAX_INSNS	12

#ifdef CONFIG_BPF_JIT
struct bpf_prog *seccomp_jit_compile(const struct sock_filter *insns,
				     unsigned int len,
				     const struct seccomp_jit_call *calls,
				     unsigned int nr_calls);
#else
static inline struct bpf_prog *
seccomp_jit_compile(const struct sock_filter *insns, unsigned int len,
		    const struct seccomp_jit_call *calls, unsigned int nr_calls)
{
	return NULL;
}
#endif

/* seccomp_cache.c */
/**
 * struct seccomp_cache_pos - where a call stands in any filter's cache
 * @index: its index in its architecture's tables
 * @compat: whether these are the tables of %SECCOMP_ARCH_COMPAT
 *
 * Every filter's cache has the same layout, so a call's position is
 * found once per system call, whatever the length of the chain.
 */
struct seccomp_cache_pos {
	unsigned int index;
	bool compat;
};

/* The filter @depth filters below @f. */
static __always_inline struct seccomp_filter *
seccomp_filter_below(struct seccomp_filter *f, unsigned int depth)
{
	for (; depth; depth--)
		f = f->prev;
	return f;
}

#ifdef SECCOMP_ARCH_NATIVE
/**
 * struct seccomp_cache_arch - an architecture the cache knows
 * @arch: its ``AUDIT_ARCH_*`` value
 * @nr_syscalls: how many system call numbers it has
 * @name: its name in /proc/PID/seccomp_cache
 */
struct seccomp_cache_arch {
	u32 arch;
	unsigned int nr_syscalls;
	const char *name;
};

extern const struct seccomp_cache_arch seccomp_cache_arches[];
extern const unsigned int seccomp_cache_nr_arches;

int seccomp_cache_analyse(struct seccomp_filter *filter, bool summaries);
bool seccomp_cache_can_link(const struct seccomp_filter *filter,
			    const struct seccomp_filter *below);
int seccomp_cache_link(struct seccomp_filter *filter);
void seccomp_cache_free(struct seccomp_filter *filter);

/*
 * Where call @nr of @arch stands in every cache, or false for a call the
 * cache does not cover.  x32 calls carry a high bit and fall out of
 * range, so their filters always run whole.
 */
static __always_inline bool seccomp_cache_pos(u32 arch, int nr,
					      struct seccomp_cache_pos *pos)
{
	unsigned int bits;

	if (likely(arch == SECCOMP_ARCH_NATIVE)) {
		bits = SECCOMP_ARCH_NATIVE_NR;
		pos->compat = false;
#ifdef SECCOMP_ARCH_COMPAT
	} else if (arch == SECCOMP_ARCH_COMPAT) {
		bits = SECCOMP_ARCH_COMPAT_NR;
		pos->compat = true;
#endif
	} else {
		return false;
	}
	if (unlikely((unsigned int)nr >= bits))
		return false;
	pos->index = array_index_nospec((unsigned int)nr, bits);
	return true;
}

/*
 * Bitmap @which of the table @compat picks, found from the layout of
 * @bits rather than through the table, so that the system call path
 * reads one word less.
 */
static __always_inline unsigned long *
seccomp_cache_bitmap(const struct seccomp_cache *cache, bool compat,
		     enum seccomp_cache_bitmap which)
{
	unsigned int native = BITS_TO_LONGS(SECCOMP_ARCH_NATIVE_NR);

	if (SECCOMP_CACHE_NR_ARCHES > 1 && compat)
		return (unsigned long *)cache->bits +
		       SECCOMP_CACHE_NR_BITMAPS * native +
		       which * BITS_TO_LONGS(SECCOMP_CACHE_COMPAT_NR);
	return (unsigned long *)cache->bits + which * native;
}

/* The table of @cache that holds the calls of a seccomp_cache_pos(). */
static __always_inline const struct seccomp_cache_table *
seccomp_cache_table(const struct seccomp_cache *cache, bool compat)
{
	return &cache->tables[SECCOMP_CACHE_NR_ARCHES > 1 && compat];
}

/* The filter's own result, or residual entry, for the call at @index. */
static __always_inline u32
seccomp_cache_own(const struct seccomp_cache_table *t, unsigned int index)
{
	return t->values[t->own[index]];
}

/*
 * The summary of the chain from @f down for the call at @index of the
 * tables @compat picks (see &struct seccomp_cache_table): its result,
 * and in *@from the filter that gave it, left alone for ALLOW.  @f's
 * @depth must not be %SECCOMP_CACHE_NO_SUMMARY.
 */
static __always_inline u32
seccomp_cache_summary(struct seccomp_filter *f, bool compat,
		      unsigned int index, struct seccomp_filter **from)
{
	const struct seccomp_cache_table *t = seccomp_cache_table(&f->cache,
								  compat);
	unsigned int depth = t->depth[index];
	u32 ret;

	if (depth) {
		f = seccomp_filter_below(f, depth);
		t = seccomp_cache_table(&f->cache, compat);
	}
	if (!test_bit(index, t->known))
		return SECCOMP_RET_ALLOW;
	ret = seccomp_cache_own(t, index);
	if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW)
		return SECCOMP_RET_ALLOW;
	*from = f;
	return ret;
}

/* The residual at @at of @cache's residuals. */
static __always_inline const struct sock_filter *
seccomp_cache_residual(const struct seccomp_cache *cache, u32 at)
{
	return cache->residuals + (at & SECCOMP_CACHE_AT);
}

static __always_inline const struct bpf_prog *
seccomp_cache_jit(const struct seccomp_cache *cache)
{
	return cache->jit;
}

/*
 * seccomp_cache_pos() and seccomp_cache_table() at once: call @nr of
 * @arch's index in *@index and @cache's table for it in *@t.
 */
static __always_inline bool
seccomp_cache_slot(const struct seccomp_cache *cache, u32 arch, int nr,
		   unsigned int *index, const struct seccomp_cache_table **t)
{
	struct seccomp_cache_pos pos;

	if (!seccomp_cache_pos(arch, nr, &pos))
		return false;
	*index = pos.index;
	*t = seccomp_cache_table(cache, pos.compat);
	return true;
}

/* seccomp_regs.c */
#define SECCOMP_NR_ARGS	6
static_assert(sizeof_field(struct seccomp_data, args) ==
	      SECCOMP_NR_ARGS * sizeof(u64));

#define SECCOMP_REGS_NOWHERE	U16_MAX

extern bool seccomp_regs_known;
extern u16 seccomp_regs_word_at[sizeof(struct seccomp_data) / sizeof(u32)];

/*
 * Does seccomp_regs_word() know where the native ABI keeps arguments?
 * Asked when a filter is attached, never on a system call.
 */
static inline bool seccomp_regs_usable(void)
{
	return seccomp_regs_known;
}

/*
 * Word @k of a native call's seccomp_data, @k a load offset the checker
 * let through, read from the call's registers @regs into *@word.  Only
 * the arguments are there as such: false for the number, the
 * architecture and the instruction pointer.  The table has a slot for
 * every word, so that no offset indexes past it, even speculatively.
 */
static __always_inline bool seccomp_regs_word(const struct pt_regs *regs,
					      u32 k, u32 *word)
{
	u16 at = seccomp_regs_word_at[(k & 0x3c) / sizeof(u32)];

	if (at == SECCOMP_REGS_NOWHERE)
		return false;
	*word = *(const u32 *)((const u8 *)regs + at);
	return true;
}

/*
 * May the call at @pos run without looking at any filter of the chain?
 * It takes no more than the number and architecture, which are cheap to
 * read, so that the common case reads nothing else.
 */
static __always_inline bool
seccomp_cache_allows_at(const struct seccomp_filter *top,
			const struct seccomp_cache_pos *pos)
{
	return test_bit(pos->index,
			seccomp_cache_bitmap(&top->cache, pos->compat,
					     SECCOMP_CACHE_ALLOW));
}

/* seccomp_cache_allows_at() for call @nr of @arch. */
static __always_inline bool
seccomp_cache_allows(const struct seccomp_filter *top, u32 arch, int nr)
{
	struct seccomp_cache_pos pos;

	return seccomp_cache_pos(arch, nr, &pos) &&
	       seccomp_cache_allows_at(top, &pos);
}

/* Is the call at @pos one for seccomp_args_allow()?  Only native calls are. */
static __always_inline bool
seccomp_cache_quick_at(const struct seccomp_filter *top,
		       const struct seccomp_cache_pos *pos)
{
	return !pos->compat &&
	       test_bit(pos->index,
			seccomp_cache_bitmap(&top->cache, false,
					     SECCOMP_CACHE_QUICK_CALLS));
}

/*
 * The chain's result for call @nr of @arch, if it needs no filter run:
 * then true, *@ret set, and *@match set to the filter that gave it (left
 * alone if the chain allows the call).
 */
static __always_inline bool
seccomp_cache_decided(struct seccomp_filter *top, u32 arch, int nr, u32 *ret,
		      struct seccomp_filter **match)
{
	struct seccomp_cache_pos pos;

	if (!seccomp_cache_pos(arch, nr, &pos) ||
	    !test_bit(pos.index,
		      seccomp_cache_table(&top->cache, pos.compat)->decided))
		return false;
	*ret = seccomp_cache_summary(top, pos.compat, pos.index, match);
	return true;
}
#else
static inline int seccomp_cache_analyse(struct seccomp_filter *filter,
					bool summaries)
{
	return 0;
}

static inline bool seccomp_cache_can_link(const struct seccomp_filter *filter,
					  const struct seccomp_filter *below)
{
	return true;
}

static inline int seccomp_cache_link(struct seccomp_filter *filter)
{
	return 0;
}

static inline void seccomp_cache_free(struct seccomp_filter *filter) { }

static inline bool
seccomp_cache_allows_at(const struct seccomp_filter *top,
			const struct seccomp_cache_pos *pos)
{
	return false;
}

static inline bool seccomp_cache_allows(const struct seccomp_filter *top,
					u32 arch, int nr)
{
	return false;
}

static inline bool
seccomp_cache_quick_at(const struct seccomp_filter *top,
		       const struct seccomp_cache_pos *pos)
{
	return false;
}

static inline bool seccomp_cache_pos(u32 arch, int nr,
				     struct seccomp_cache_pos *pos)
{
	return false;
}

static inline bool seccomp_regs_usable(void)
{
	return false;
}

static inline bool seccomp_regs_word(const struct pt_regs *regs, u32 k,
				     u32 *word)
{
	return false;
}

static inline const struct seccomp_cache_table *
seccomp_cache_table(const struct seccomp_cache *cache, bool compat)
{
	return NULL;
}

static inline u32 seccomp_cache_own(const struct seccomp_cache_table *t,
				    unsigned int index)
{
	return SECCOMP_RET_KILL_PROCESS;
}

static inline u32 seccomp_cache_summary(struct seccomp_filter *f, bool compat,
					unsigned int index,
					struct seccomp_filter **from)
{
	return SECCOMP_RET_KILL_PROCESS;
}

static inline const struct sock_filter *
seccomp_cache_residual(const struct seccomp_cache *cache, u32 at)
{
	return NULL;
}

static inline const struct bpf_prog *
seccomp_cache_jit(const struct seccomp_cache *cache)
{
	return NULL;
}

static inline bool seccomp_cache_decided(struct seccomp_filter *top, u32 arch,
					 int nr, u32 *ret,
					 struct seccomp_filter **match)
{
	return false;
}
#endif

/* seccomp_notify.c */
int seccomp_notify_syscall(struct seccomp_filter *match, int this_syscall,
			   const struct seccomp_data *sd);
struct file *seccomp_listener_create(struct seccomp_filter *filter);
bool seccomp_chain_has_listener(const struct seccomp_filter *filter);
void seccomp_notify_orphaned(struct seccomp_filter *filter);

/* What seccomp.c calls, with stubs for kernels without filter mode. */
#ifdef CONFIG_SECCOMP_FILTER
long seccomp_set_mode_filter(void __user *ufprog, unsigned int flags);
long seccomp_get_notif_sizes(void __user *usizes);
int seccomp_judge(int this_syscall, u32 arch, const struct seccomp_data *sd,
		  struct seccomp_filter *top, bool after_tracer);
int seccomp_judge_quick(struct seccomp_filter *top, unsigned int index,
			int this_syscall, u32 arch, bool after_tracer);

/*
 * Filter mode on the system call path.  The common case, a call that the
 * whole chain allows whatever its arguments, is answered here, inline,
 * from the number and the architecture alone; a call that one filter
 * decides by its arguments tries seccomp_args_allow() first; the rest
 * is judged.
 */
static __always_inline int seccomp_decide(int this_syscall,
					  const struct seccomp_data *sd,
					  bool after_tracer)
{
	/* Pairs with the release that published a (TSYNC'd) chain. */
	struct seccomp_filter *top = smp_load_acquire(&current->seccomp.filter);
	u32 arch = sd ? sd->arch : syscall_get_arch(current);
	struct seccomp_cache_pos pos;

	if (likely(top) && seccomp_cache_pos(arch, this_syscall, &pos)) {
		if (seccomp_cache_allows_at(top, &pos))
			return 0;
		/* An architecture that gathers the call wants it seen as is. */
		if (!sd && seccomp_cache_quick_at(top, &pos))
			return seccomp_judge_quick(top, pos.index, this_syscall,
						   arch, after_tracer);
	}
	return seccomp_judge(this_syscall, arch, sd, top, after_tracer);
}

/*
 * The filter mode part of __secure_computing(): @this_syscall is the
 * number of the current call, @sd the call as the architecture gathered
 * it, or NULL.  Return: 0 to run the call, -1 to skip it.
 */
static __always_inline int
seccomp_run_filter_mode(int this_syscall, const struct seccomp_data *sd)
{
	return seccomp_decide(this_syscall, sd, false);
}
#else
static inline long seccomp_set_mode_filter(void __user *ufprog,
					   unsigned int flags)
{
	return -EINVAL;
}

static inline int seccomp_run_filter_mode(int this_syscall,
					  const struct seccomp_data *sd)
{
	WARN_ON_ONCE(1);	/* no task can be in filter mode */
	return -1;
}

static inline long seccomp_get_notif_sizes(void __user *usizes)
{
	return -EINVAL;
}
#endif

#endif /* _KERNEL_SECCOMP_INTERNAL_H */
