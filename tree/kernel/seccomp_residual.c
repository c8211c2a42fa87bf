// SPDX-License-Identifier: GPL-2.0
/*
 * Residual programs: a filter specialised to one system call.
 *
 * Most of what a filter does for a given call does not depend on the
 * call's arguments: a libseccomp filter compares the number against
 * every number it knows before the one comparison of an argument that
 * matters, and a binary tree still walks down its levels.  At attach
 * time, with the architecture and the number known, the filter is
 * partially evaluated: every instruction whose inputs are known is done
 * then and there, and only those that need the arguments (or the
 * instruction pointer) are kept, with the constants they use folded in.
 * What is left is a short classic program, run by the small interpreter
 * of seccomp_run.c instead of the whole JIT-ed filter.
 *
 * Each path through the filter becomes a straight line of the residual:
 * a branch on an argument is emitted with its true side right after it
 * and its false side after that.  Paths that would grow the residual
 * past a bound, and the few operations whose outcome could differ from
 * the JIT's (a shift or a division by a register that is not known),
 * make the specialisation give up, and the filter then runs whole.
 */

#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "seccomp_cache.h"
#include "seccomp_check.h"
#include "seccomp_insn.h"
#include "seccomp_residual.h"

/*
 * A register or a scratch word during specialisation is a seccomp_word:
 * either its value is known (and the residual need not hold it), or the
 * residual computes it and it is only known when the residual runs.
 */
static const struct seccomp_word at_run_time = { };

/* The words of seccomp_data the residual reads: all but nr and arch. */
#define DATA_FIRST	offsetof(struct seccomp_data, instruction_pointer)
#define DATA_WORDS	((sizeof(struct seccomp_data) - DATA_FIRST) / 4)
#define NO_WORD		(-1)
#define MAX_UNEQUAL	4

/*
 * What the branches taken so far on a path say about a word of the call:
 * it lies in [@lo, @hi], its bits in @zeros are clear, and it is none of
 * @unequal.  libseccomp compares the same word again and again (the high
 * half of an argument for each rule on it), and these let all but the
 * first comparison be decided at specialisation time.
 */
struct facts {
	u32 lo;
	u32 hi;
	u32 zeros;
	u32 unequal[MAX_UNEQUAL];
	unsigned int nr_unequal;
};

/**
 * struct machine - the state of a path being specialised
 * @a: the accumulator
 * @x: the index register
 * @mem: scratch memory
 * @a_word: the word of the call that the residual's A holds when it runs
 *          (an index into @facts), or %NO_WORD
 * @seen: bit N set when @facts[N] has been set up on this path
 * @facts: what is known of each word of the call
 */
struct machine {
	struct seccomp_word a;
	struct seccomp_word x;
	struct seccomp_word mem[BPF_MEMWORDS];
	int a_word;
	u16 seen;
	struct facts facts[DATA_WORDS];
};

/* Room for the calls of every ABI the cache knows. */
#define MAX_CALLS	SECCOMP_CACHE_MAX_CALLS
#define MAX_SETS	16

/*
 * Calls of an architecture on their way through the head of a filter,
 * where it looks at nothing but their number and architecture: they all
 * go to @pc, with A holding their number or, if @a_is_nr is false, @a.
 * @n counts the calls of @nrs.
 */
struct call_set {
	unsigned int pc;
	bool a_is_nr;
	u32 a;
	unsigned int n;
	DECLARE_BITMAP(nrs, MAX_CALLS);
};

/* A branch whose false side is still to be specialised. */
struct fork {
	unsigned int pc;	/* the false side in the filter */
	unsigned int jump;	/* the branch in the residual */
	struct machine m;
};

/**
 * struct seccomp_specialiser - scratch space to specialise one filter
 * @insns: the filter, as the checker accepted it (unconverted)
 * @len: its length
 * @out: where residuals are built
 * @used: instructions of @out already taken
 * @max: where the residual being built must end
 * @room: size of @out
 * @limit: the most @out may grow to
 * @steps: instructions of the filter visited for the current call
 * @budget: steps left for the whole filter, every call of every ABI
 * @work: steps charged so far
 * @read_nr: the current call's residual depends on its number
 * @m: the path being specialised
 * @forks: pending false sides of the residual being built
 * @nr_forks: size of @forks
 * @sets: sets of calls on their way through the filter, a stack
 */
struct seccomp_specialiser {
	const struct sock_filter *insns;
	unsigned int len;
	struct sock_filter *out;
	unsigned int used;
	unsigned int max;
	unsigned int room;
	unsigned int limit;
	unsigned int steps;
	unsigned int budget;
	unsigned int work;
	bool read_nr;
	struct machine m;
	struct fork *forks;
	unsigned int nr_forks;
	struct call_set sets[MAX_SETS];
};

/*
 * Bounds on one residual: its length, which also bounds the pending
 * forks, and the instructions of the filter visited to build it.
 */
#define RESIDUAL_MAX_INSNS	96
#define RESIDUAL_MAX_STEPS(len)	(4 * (len) + 256)

/*
 * The bound on attach time: every instruction visited, in the head or on
 * a call's path, and every word of a call set copied or cleared, costs a
 * step, and a filter gets a number of steps linear in its length.  6.1
 * converts and JIT-compiles each filter at a cost of thousands of
 * machine instructions per filter instruction; a step costs tens.  When
 * the budget runs out, the calls not yet specialised run the whole
 * filter: slower for the task that attached it, never wrong.
 */
#define SPECIALISE_STEPS_PER_INSN	32
#define SPECIALISE_MIN_STEPS		512
#define FORK_STEPS			8

/* Take @n steps from the budget; false once it is spent. */
static bool charge(struct seccomp_specialiser *s, unsigned int n)
{
	if (s->budget < n) {
		s->work += s->budget;
		s->budget = 0;
		return false;
	}
	s->budget -= n;
	s->work += n;
	return true;
}

static bool emit(struct seccomp_specialiser *s, unsigned int *end,
		 u16 code, u32 k)
{
	if (*end >= s->max)
		return false;
	s->out[(*end)++] = (struct sock_filter){ .code = code, .k = k };
	return true;
}

/* The residual is about to overwrite A with something else. */
static void a_changes(struct machine *m)
{
	m->a = at_run_time;
	m->a_word = NO_WORD;
}

/* Put a known A into the register, for an instruction that reads it. */
static bool materialise_a(struct seccomp_specialiser *s, unsigned int *end,
			  struct machine *m)
{
	u32 val = m->a.val;

	if (!m->a.known)
		return true;
	a_changes(m);
	return emit(s, end, BPF_LD | BPF_IMM, val);
}

static struct facts *facts_of(struct machine *m, unsigned int word)
{
	struct facts *f = &m->facts[word];

	if (!(m->seen & BIT(word))) {
		m->seen |= BIT(word);
		*f = (struct facts){ .hi = U32_MAX };
	}
	return f;
}

/*
 * Load a word of the call into A: known for the number and architecture;
 * otherwise known from the branches taken, or already in the residual's
 * A, or else loaded by the residual.
 */
static bool load_a(struct seccomp_specialiser *s, unsigned int *end,
		   struct machine *m, u32 offset, u32 arch, int nr)
{
	unsigned int word;
	struct facts *f;

	if (offset == offsetof(struct seccomp_data, nr)) {
		s->read_nr = true;
		m->a = seccomp_known(nr);
		return true;
	}
	if (offset == offsetof(struct seccomp_data, arch)) {
		m->a = seccomp_known(arch);
		return true;
	}
	word = (offset - DATA_FIRST) / 4;
	f = facts_of(m, word);
	if (f->lo == f->hi) {
		m->a = seccomp_known(f->lo);
		return true;
	}
	if (m->a_word == word) {
		m->a = at_run_time;
		return true;
	}
	a_changes(m);
	m->a_word = word;
	return emit(s, end, BPF_LD | BPF_W | BPF_ABS, offset);
}

/*
 * An ALU instruction.  Both sides known: folded.  A known and X not:
 * A is materialised.  The operand known: the K form.  Return: false to
 * give up, on a shift or division the residual could not mirror exactly.
 */
static bool specialise_alu(struct seccomp_specialiser *s, unsigned int *end,
			   struct machine *m, const struct sock_filter *insn)
{
	u16 op = BPF_OP(insn->code);
	struct seccomp_word b = BPF_SRC(insn->code) == BPF_K ? seccomp_known(insn->k) : m->x;

	if (op == BPF_NEG) {
		if (m->a.known) {
			m->a.val = -m->a.val;
			return true;
		}
		a_changes(m);
		return emit(s, end, insn->code, 0);
	}
	if (b.known ? !seccomp_alu_defined(op, b.val) : seccomp_alu_partial(op))
		return false;
	if (m->a.known && b.known)
		return seccomp_alu(op, m->a.val, b.val, &m->a.val);
	/*
	 * Results that do not depend on A: libseccomp masks the high half
	 * of an argument with 0 when the mask it compares under has none.
	 */
	if (b.known && ((op == BPF_AND && !b.val) ||
			(op == BPF_MUL && !b.val) ||
			(op == BPF_OR && b.val == U32_MAX))) {
		m->a = seccomp_known(b.val);
		return true;
	}
	if (!b.known) {
		if (!materialise_a(s, end, m))
			return false;
		a_changes(m);
		return emit(s, end, BPF_ALU | op | BPF_X, 0);
	}
	a_changes(m);
	return emit(s, end, BPF_ALU | op | BPF_K, b.val);
}

/*
 * A branch of A against constant @k where A is only known at run time:
 * 1 or 0 if what is known of the word A holds decides it, -1 if not.
 */
static int decide_by_facts(struct machine *m, u16 op, u32 k)
{
	const struct facts *f;
	unsigned int i;

	if (m->a_word == NO_WORD)
		return -1;
	f = facts_of(m, m->a_word);
	switch (op) {
	case BPF_JEQ:
		if (k < f->lo || k > f->hi || (k & f->zeros))
			return 0;
		for (i = 0; i < f->nr_unequal; i++)
			if (f->unequal[i] == k)
				return 0;
		return -1;
	case BPF_JGT:
		if (f->lo > k)
			return 1;
		return f->hi <= k ? 0 : -1;
	case BPF_JGE:
		if (f->lo >= k)
			return 1;
		return f->hi < k ? 0 : -1;
	default:	/* BPF_JSET */
		return (k & ~f->zeros) ? -1 : 0;
	}
}

/* What taking (or not) a branch of A against @k teaches about A's word. */
static void learn(struct machine *m, u16 op, u32 k, bool taken)
{
	struct facts *f;

	if (op == BPF_JEQ && taken)
		m->a = seccomp_known(k);
	if (m->a_word == NO_WORD)
		return;
	f = facts_of(m, m->a_word);
	switch (op) {
	case BPF_JEQ:
		if (taken) {
			f->lo = k;
			f->hi = k;
		} else if (f->nr_unequal < MAX_UNEQUAL) {
			f->unequal[f->nr_unequal++] = k;
		}
		break;
	case BPF_JGT:
		if (taken)
			f->lo = max(f->lo, k + 1);
		else
			f->hi = min(f->hi, k);
		break;
	case BPF_JGE:
		if (taken)
			f->lo = max(f->lo, k);
		else if (k)
			f->hi = min(f->hi, k - 1);
		break;
	default:	/* BPF_JSET */
		if (!taken)
			f->zeros |= k;
		break;
	}
}

/* Room for more pending forks; a residual has no more than its length. */
static bool grow_forks(struct seccomp_specialiser *s)
{
	unsigned int n = min(max(2 * s->nr_forks, 8U), RESIDUAL_MAX_INSNS);
	struct fork *forks;

	if (n <= s->nr_forks)
		return false;
	/* Up to tens of KiB: pages will do. */
	forks = kvrealloc(s->forks, s->nr_forks * sizeof(*forks),
			  n * sizeof(*forks), GFP_KERNEL);
	if (!forks)
		return false;
	s->forks = forks;
	s->nr_forks = n;
	return true;
}

/* Room in @out for a residual of the longest length, from @start. */
static bool grow_out(struct seccomp_specialiser *s, unsigned int start)
{
	unsigned int need = min(start + RESIDUAL_MAX_INSNS, s->limit);
	struct sock_filter *out;
	unsigned int n;

	if (need <= s->room)
		return true;
	n = min(max3(need, 2 * s->room, 256U), s->limit);
	out = kvrealloc(s->out, s->room * sizeof(*out), n * sizeof(*out),
			GFP_KERNEL);
	if (!out)
		return false;
	s->out = out;
	s->room = n;
	return true;
}

/*
 * A conditional jump.  Decided now, it is followed; otherwise emitted,
 * its false side is recorded in @s->forks and its true side followed.
 */
static bool specialise_branch(struct seccomp_specialiser *s, unsigned int *end,
			      unsigned int *nforks, unsigned int *pc,
			      struct machine *m, const struct sock_filter *insn)
{
	u16 op = BPF_OP(insn->code);
	struct seccomp_word b = BPF_SRC(insn->code) == BPF_K ? seccomp_known(insn->k) : m->x;
	int taken = -1;

	if (m->a.known && b.known)
		taken = seccomp_branch_taken(op, m->a.val, b.val);
	else if (b.known)
		taken = decide_by_facts(m, op, b.val);
	if (taken >= 0) {
		*pc += taken ? insn->jt : insn->jf;
		return true;
	}

	if (!b.known && !materialise_a(s, end, m))
		return false;
	if (!emit(s, end, BPF_JMP | op | (b.known ? BPF_K : BPF_X),
		  b.known ? b.val : 0))
		return false;
	if (*nforks == s->nr_forks && !grow_forks(s))
		return false;
	/* A fork copies the whole machine. */
	if (!charge(s, FORK_STEPS))
		return false;
	s->forks[*nforks].pc = *pc + insn->jf;
	s->forks[*nforks].jump = *end - 1;
	s->forks[*nforks].m = *m;
	if (b.known) {
		learn(&s->forks[*nforks].m, op, b.val, false);
		learn(m, op, b.val, true);
	}
	++*nforks;
	*pc += insn->jt;
	return true;
}

/*
 * Specialise from @pc with machine @m until a return; a branch on what
 * is not known records its false side in @s->forks.  Return: false to
 * give up.
 */
static bool specialise_path(struct seccomp_specialiser *s, unsigned int *end,
			    unsigned int *nforks, unsigned int pc,
			    struct machine *m, u32 arch, int nr)
{
	while (pc < s->len) {
		const struct sock_filter *insn = &s->insns[pc++];
		struct seccomp_word *w;
		bool ok = true;

		if (++s->steps > RESIDUAL_MAX_STEPS(s->len) || !charge(s, 1))
			return false;

		switch (insn->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			ok = load_a(s, end, m, insn->k, arch, nr);
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			m->a = seccomp_known(sizeof(struct seccomp_data));
			break;
		case BPF_LDX | BPF_W | BPF_LEN:
			m->x = seccomp_known(sizeof(struct seccomp_data));
			break;
		case BPF_LD | BPF_IMM:
			m->a = seccomp_known(insn->k);
			break;
		case BPF_LDX | BPF_IMM:
			m->x = seccomp_known(insn->k);
			break;
		case BPF_LD | BPF_MEM:
			if (m->mem[insn->k].known) {
				m->a = m->mem[insn->k];
				break;
			}
			a_changes(m);
			ok = emit(s, end, insn->code, insn->k);
			break;
		case BPF_LDX | BPF_MEM:
			m->x = m->mem[insn->k];
			if (!m->x.known)
				ok = emit(s, end, insn->code, insn->k);
			break;
		case BPF_ST:
		case BPF_STX:
			w = insn->code == BPF_ST ? &m->a : &m->x;
			m->mem[insn->k] = *w;
			if (!w->known)
				ok = emit(s, end, insn->code, insn->k);
			break;
		case BPF_MISC | BPF_TAX:
			m->x = m->a;
			if (!m->x.known)
				ok = emit(s, end, insn->code, 0);
			break;
		case BPF_MISC | BPF_TXA:
			if (m->x.known) {
				m->a = m->x;
				break;
			}
			a_changes(m);
			ok = emit(s, end, insn->code, 0);
			break;
		case BPF_JMP | BPF_JA:
			pc += insn->k;
			break;
		case BPF_RET | BPF_K:
			return emit(s, end, BPF_RET | BPF_K, insn->k);
		case BPF_RET | BPF_A:
			if (!m->a.known)
				return emit(s, end, BPF_RET | BPF_A, 0);
			return emit(s, end, BPF_RET | BPF_K, m->a.val);
		default:
			if (BPF_CLASS(insn->code) == BPF_ALU)
				ok = specialise_alu(s, end, m, insn);
			else if (BPF_CLASS(insn->code) == BPF_JMP)
				ok = specialise_branch(s, end, nforks, &pc, m,
						       insn);
			else
				ok = false;
			break;
		}
		if (!ok)
			return false;
	}
	/* The checker lets no path run off the end. */
	WARN_ON_ONCE(1);
	return false;
}

/*
 * Specialise the filter to call @nr of @arch from @pc on, with A holding
 * @a and X zero, and scratch memory unwritten: the state at the start,
 * and anywhere in the head of a filter (see specialise_calls()).
 */
static int specialise_at(struct seccomp_specialiser *s, u32 arch, int nr,
			 unsigned int pc, u32 a, u32 *ret)
{
	unsigned int start = s->used, end = start, nforks = 0;
	struct machine *m = &s->m;

	if (!grow_out(s, start))
		return -E2BIG;
	/* Scratch memory is written before it is read: no need to clear it. */
	m->a = seccomp_known(a);
	m->x = seccomp_known(0);
	m->a_word = NO_WORD;
	m->seen = 0;
	s->steps = 0;
	s->max = min(s->room, start + RESIDUAL_MAX_INSNS);
	for (;;) {
		if (!specialise_path(s, &end, &nforks, pc, m, arch, nr))
			return -E2BIG;
		if (!nforks)
			break;
		nforks--;
		/* The false side follows the last instruction emitted. */
		if (end - s->forks[nforks].jump - 1 > U8_MAX)
			return -E2BIG;
		s->out[s->forks[nforks].jump].jf =
			end - s->forks[nforks].jump - 1;
		pc = s->forks[nforks].pc;
		*m = s->forks[nforks].m;
	}

	if (end - start == 1 && s->out[start].code == (BPF_RET | BPF_K)) {
		*ret = s->out[start].k;
		return -EEXIST;
	}
	s->used = end;
	return start;
}

/**
 * seccomp_specialise() - specialise a filter to one call
 * @s: the specialiser, from seccomp_specialiser_create()
 * @arch: the call's ``AUDIT_ARCH_*`` value
 * @nr: the call's number
 * @ret: where the filter's result goes, if it needs no residual
 *
 * A residual is appended to what @s already holds; it starts at the
 * index returned and is at most %RESIDUAL_MAX_INSNS long.
 *
 * Return: the residual's first index in seccomp_specialiser_insns();
 * %-EEXIST if the result is the same whatever the arguments and
 * instruction pointer (*@ret then holds it); %-E2BIG if the
 * specialisation gave up, and the filter must run whole for this call.
 */
int seccomp_specialise(struct seccomp_specialiser *s, u32 arch, int nr,
		       u32 *ret)
{
	/* One call is bounded by its own path: no need for the budget. */
	s->budget = RESIDUAL_MAX_STEPS(s->len);
	return specialise_at(s, arch, nr, 0, 0, ret);
}

/* Record what specialise_at() found for call @nr. */
static void record(unsigned int nr, int start, u32 ret, unsigned long *known,
		   unsigned long *residual, u32 *result)
{
	if (start >= 0) {
		__set_bit(nr, residual);
		result[nr] = start;
	} else if (start == -EEXIST) {
		__set_bit(nr, known);
		result[nr] = ret;
	}
}

/*
 * Does the path from where @set stands depend on which of its calls it
 * is, before it reads the number?  Only through A, when A holds the
 * number and the next instruction reads it rather than loading over it.
 */
static bool set_shares_paths(const struct seccomp_specialiser *s,
			     const struct call_set *set)
{
	return !set->a_is_nr || BPF_CLASS(s->insns[set->pc].code) == BPF_LD;
}

/*
 * record() for every call of @nrs at once, as when they share one path:
 * word by word, since find_next_bit() per call costs more than the rest.
 */
static void record_calls(const unsigned long *nrs, unsigned int nr_calls,
			 int start, u32 ret, unsigned long *known,
			 unsigned long *residual, u32 *result)
{
	unsigned int w, words = BITS_TO_LONGS(nr_calls);
	unsigned long *into, bits;
	u32 v;

	if (start >= 0) {
		into = residual;
		v = start;
	} else if (start == -EEXIST) {
		into = known;
		v = ret;
	} else {
		return;
	}
	bitmap_or(into, into, nrs, nr_calls);
	for (w = 0; w < words; w++) {
		bits = nrs[w];
		if (w == words - 1)
			bits &= BITMAP_LAST_WORD_MASK(nr_calls);
		if (bits == ~0UL) {
			memset32(result + w * BITS_PER_LONG, v, BITS_PER_LONG);
			continue;
		}
		for (; bits; bits &= bits - 1)
			result[w * BITS_PER_LONG + __ffs(bits)] = v;
	}
}

/*
 * Results that change from one call of a set to the next more often than
 * this are computed from the call's number: the cache would not keep
 * them all, so the specialisation of the set stops there.
 */
#define COMPUTED_RESULTS	8

/*
 * Specialise to the calls of @set from where the set stands and record
 * the outcome in the tables.  Calls whose paths cannot tell them apart
 * get the residual of the first, which is built once: a filter that
 * checks an argument of every call without looking at the number has
 * one residual, not one per call.  Calls left unrecorded (the budget,
 * COMPUTED_RESULTS) run the whole filter.
 */
static void settle(struct seccomp_specialiser *s, u32 arch,
		   const struct call_set *set, unsigned int nr_calls,
		   unsigned long *known, unsigned long *residual, u32 *result)
{
	unsigned int results = 0, first = find_first_bit(set->nrs, nr_calls);
	u32 ret = 0, last = 0;
	int start;

	if (set_shares_paths(s, set)) {
		/* A specialisation costs a step before its path. */
		if (!charge(s, 1))
			return;	/* the calls run the whole filter */
		s->read_nr = false;
		start = specialise_at(s, arch, first, set->pc,
				      set->a_is_nr ? first : set->a, &ret);
		if (!s->read_nr) {
			record_calls(set->nrs, nr_calls, start, ret, known,
				     residual, result);
			return;
		}
		record(first, start, ret, known, residual, result);
		first++;
	}
	for_each_set_bit_from(first, set->nrs, nr_calls) {
		if (!charge(s, 1))
			return;
		cond_resched();
		start = specialise_at(s, arch, first, set->pc,
				      set->a_is_nr ? first : set->a, &ret);
		record(first, start, ret, known, residual, result);
		/* The rest would be results computed from the number. */
		if (start == -EEXIST && ret != last &&
		    ++results > COMPUTED_RESULTS)
			return;
		last = ret;
	}
}

/*
 * Split the calls of @set on a conditional jump of A, their number,
 * against @k: those that do not take it move to @other.
 */
static void split(struct call_set *set, struct call_set *other, u16 op,
		  u32 k, unsigned int nr_calls)
{
	unsigned int nr, first;

	switch (op) {
	case BPF_JEQ:
		/* The caller made sure that call @k is in the set. */
		bitmap_copy(other->nrs, set->nrs, nr_calls);
		__clear_bit(k, other->nrs);
		other->n = set->n - 1;
		bitmap_zero(set->nrs, nr_calls);
		__set_bit(k, set->nrs);
		set->n = 1;
		return;
	case BPF_JGT:
	case BPF_JGE:
		/* Calls from @first on take the branch. */
		first = min_t(u64, (u64)k + (op == BPF_JGT), nr_calls);
		bitmap_copy(other->nrs, set->nrs, nr_calls);
		bitmap_clear(other->nrs, first, nr_calls - first);
		bitmap_clear(set->nrs, 0, first);
		other->n = bitmap_weight(other->nrs, nr_calls);
		set->n -= other->n;
		return;
	default:	/* BPF_JSET */
		bitmap_zero(other->nrs, nr_calls);
		other->n = 0;
		for_each_set_bit(nr, set->nrs, nr_calls) {
			if (nr & k)
				continue;
			__clear_bit(nr, set->nrs);
			__set_bit(nr, other->nrs);
			other->n++;
		}
		set->n -= other->n;
	}
}

/* What follow() does with the set on top of the stack after a step. */
enum head_step {
	HEAD_GO_ON,	/* the set moved on through the head */
	HEAD_BRANCH,	/* a branch on the number that may split the set */
	HEAD_RETURN,	/* the head returns a constant for all its calls */
	HEAD_SETTLE,	/* the head ends: settle() the calls */
	HEAD_GIVE_UP,	/* out of budget: the calls run the whole filter */
};

/* A conditional jump of the head, at @insn, for the calls of @set. */
static enum head_step branch_step(struct call_set *set,
				  const struct sock_filter *insn,
				  unsigned int nr_calls)
{
	if (!set->a_is_nr) {
		set->pc += 1 + (seccomp_branch_taken(BPF_OP(insn->code),
						     set->a, insn->k) ?
				insn->jt : insn->jf);
		return HEAD_GO_ON;
	}
	/* A number no call of the set has: nothing to split. */
	if (BPF_OP(insn->code) == BPF_JEQ &&
	    (insn->k >= nr_calls || !test_bit(insn->k, set->nrs))) {
		set->pc += 1 + insn->jf;
		return HEAD_GO_ON;
	}
	return HEAD_BRANCH;
}

/*
 * One instruction of the head for the calls of @set, where the filter
 * only loads their number or architecture, or a constant, and compares
 * it with constants.
 */
static enum head_step head_step(struct seccomp_specialiser *s,
				struct call_set *set, u32 arch,
				unsigned int nr_calls)
{
	const struct sock_filter *insn;

	if (WARN_ON_ONCE(set->pc >= s->len) || !charge(s, 1))
		return HEAD_GIVE_UP;
	insn = &s->insns[set->pc];
	switch (insn->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		if (insn->k == offsetof(struct seccomp_data, nr)) {
			set->a_is_nr = true;
		} else if (insn->k == offsetof(struct seccomp_data, arch)) {
			set->a_is_nr = false;
			set->a = arch;
		} else {
			return HEAD_SETTLE;
		}
		set->pc++;
		return HEAD_GO_ON;
	case BPF_LD | BPF_IMM:
		set->a_is_nr = false;
		set->a = insn->k;
		set->pc++;
		return HEAD_GO_ON;
	case BPF_JMP | BPF_JA:
		set->pc += 1 + insn->k;
		return HEAD_GO_ON;
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_K:
		return branch_step(set, insn, nr_calls);
	case BPF_RET | BPF_K:
		return HEAD_RETURN;
	default:
		return HEAD_SETTLE;
	}
}

/*
 * Split the set on top of the stack at the branch it stands on: the
 * smaller side goes on, the larger waits under it.  Past MAX_SETS the
 * set is settled as it is.
 */
static enum head_step split_set(struct seccomp_specialiser *s,
				unsigned int *depth, unsigned int nr_calls)
{
	struct call_set *set = &s->sets[*depth - 1], *other;
	const struct sock_filter *insn = &s->insns[set->pc];

	if (*depth == MAX_SETS)
		return HEAD_SETTLE;
	/* A split copies and scans both sides' bitmaps. */
	if (!charge(s, 2 * BITS_TO_LONGS(nr_calls)))
		return HEAD_GIVE_UP;
	other = &s->sets[*depth];
	split(set, other, BPF_OP(insn->code), insn->k, nr_calls);
	other->a_is_nr = true;
	other->pc = set->pc + 1 + insn->jf;
	set->pc += 1 + insn->jt;
	if (!other->n)
		return HEAD_GO_ON;
	if (!set->n) {
		swap(*set, *other);
		return HEAD_GO_ON;
	}
	if (set->n < other->n)
		swap(*set, *other);
	(*depth)++;
	return HEAD_GO_ON;
}

/* Record the head's constant result @ret for every call of @set. */
static void return_constant(struct seccomp_specialiser *s,
			    const struct call_set *set, u32 ret,
			    unsigned int nr_calls, unsigned long *known,
			    u32 *result)
{
	unsigned int nr;

	if (!charge(s, BITS_TO_LONGS(nr_calls)))
		return;
	/* Often every call: a filter on the architecture. */
	if (set->n == nr_calls)
		memset32(result, ret, nr_calls);
	else	/* often one call, split off by a JEQ */
		for_each_set_bit(nr, set->nrs, nr_calls)
			result[nr] = ret;
	bitmap_or(known, known, set->nrs, nr_calls);
}

/*
 * Follow the set on top of the stack through the head of the filter,
 * splitting it at each branch that its calls do not all take alike (one
 * side waits on the stack, under the other), up to a return or to where
 * the head ends and settle() takes its calls.  The set is then popped.
 */
static void follow(struct seccomp_specialiser *s, u32 arch,
		   unsigned int *depth, unsigned int nr_calls,
		   unsigned long *known, unsigned long *residual, u32 *result)
{
	enum head_step step;
	struct call_set *set;

	do {
		set = &s->sets[*depth - 1];
		step = head_step(s, set, arch, nr_calls);
		if (step == HEAD_BRANCH)
			step = split_set(s, depth, nr_calls);
	} while (step == HEAD_GO_ON);

	set = &s->sets[*depth - 1];
	if (step == HEAD_RETURN)
		return_constant(s, set, s->insns[set->pc].k, nr_calls, known,
				result);
	else if (step == HEAD_SETTLE)
		settle(s, arch, set, nr_calls, known, residual, result);
	(*depth)--;
}

/**
 * seccomp_specialise_calls() - specialise a filter to every call of an ABI
 * @s: the specialiser, from seccomp_specialiser_create()
 * @arch: the ABI's ``AUDIT_ARCH_*`` value
 * @nr_calls: its number of calls, at most that of the larger ABI
 * @known: bit N set here when the result for call N is known
 * @residual: bit N set here when call N has a residual
 * @result: the result, or the residual's first index, of each call
 *
 * What seccomp_specialise() finds for each call, but sharing the work
 * of the head of the filter, where it tells calls apart by their number,
 * between all the calls that go the same way there, and their residual
 * where the rest of the path does not read the number.  Charged to the
 * filter's budget (see seccomp_specialiser_work()): calls it does not
 * reach are neither in @known nor in @residual.  Sleeps.
 */
void seccomp_specialise_calls(struct seccomp_specialiser *s, u32 arch,
			      unsigned int nr_calls, unsigned long *known,
			      unsigned long *residual, u32 *result)
{
	unsigned int depth = 1;

	if (WARN_ON_ONCE(nr_calls > MAX_CALLS))
		return;
	s->sets[0].pc = 0;
	s->sets[0].a_is_nr = false;
	s->sets[0].a = 0;
	/* No bit past the last call: sets are ORed into the tables whole. */
	bitmap_zero(s->sets[0].nrs, MAX_CALLS);
	bitmap_set(s->sets[0].nrs, 0, nr_calls);
	s->sets[0].n = nr_calls;
	while (depth && s->budget) {
		cond_resched();
		follow(s, arch, &depth, nr_calls, known, residual, result);
	}
}

/**
 * seccomp_residual_len() - the length of a residual
 * @insns: the residuals of a filter, from seccomp_specialiser_insns()
 * @start: the first instruction of one of them
 * @total: how many instructions @insns has
 *
 * A residual is laid out in one piece, every instruction reachable and
 * every jump forward, so it ends at the first return that no jump
 * passes over.
 *
 * Return: how many instructions the residual at @start has; if it runs
 * past @total, which the specialiser never lets happen (it warns), the
 * instructions up to @total.
 */
unsigned int seccomp_residual_len(const struct sock_filter *insns,
				  unsigned int start, unsigned int total)
{
	unsigned int pc, reach = start;

	for (pc = start; pc < total; pc++) {
		const struct sock_filter *insn = &insns[pc];

		if (BPF_CLASS(insn->code) == BPF_RET) {
			if (pc >= reach)
				return pc + 1 - start;
		} else if (insn->code == (BPF_JMP | BPF_JA)) {
			reach = max(reach, pc + 1 + insn->k);
		} else if (BPF_CLASS(insn->code) == BPF_JMP) {
			reach = max3(reach, pc + 1U + insn->jt, pc + 1U + insn->jf);
		} else {
			reach = max(reach, pc + 1);
		}
	}
	WARN_ON_ONCE(1);
	return total - start;
}

/**
 * seccomp_residual_reads_args_only() - may a residual run over registers?
 * @insns: the residuals of a filter, from seccomp_specialiser_insns()
 * @start: the first instruction of one of them
 * @len: its length, from seccomp_residual_len()
 *
 * Return: true if the residual reads nothing of the call but its
 * arguments and uses no scratch memory, so that seccomp_quick_allows()
 * can interpret it over a native call's registers.
 */
bool seccomp_residual_reads_args_only(const struct sock_filter *insns,
				      unsigned int start, unsigned int len)
{
	const struct sock_filter *insn;

	for (insn = &insns[start]; insn < &insns[start + len]; insn++) {
		switch (BPF_CLASS(insn->code)) {
		case BPF_LD:
		case BPF_LDX:
			if (BPF_MODE(insn->code) == BPF_MEM)
				return false;
			if (BPF_MODE(insn->code) == BPF_ABS &&
			    insn->k < offsetof(struct seccomp_data, args))
				return false;
			break;
		case BPF_ST:
		case BPF_STX:
			return false;
		}
	}
	return true;
}

/**
 * seccomp_specialiser_create() - scratch space to specialise a filter
 * @insns: the filter, as seccomp_check_program() accepted it
 * @len: its length
 * @max: room for residuals, in instructions, for all its calls together
 *
 * Return: the specialiser, or NULL without memory.
 */
struct seccomp_specialiser *
seccomp_specialiser_create(const struct sock_filter *insns, unsigned int len,
			   unsigned int max)
{
	struct seccomp_specialiser *s;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	s->insns = insns;
	s->len = len;
	/* Residuals and forks get room as they need it. */
	s->limit = max;
	s->budget = seccomp_specialise_budget(len);
	return s;
}

/**
 * seccomp_specialise_budget() - the work allowed for a filter
 * @len: the filter's length
 *
 * Return: the steps seccomp_specialise_calls() may take, for all the
 * ABIs together, on a filter of @len instructions.
 */
unsigned int seccomp_specialise_budget(unsigned int len)
{
	return SPECIALISE_STEPS_PER_INSN * len + SPECIALISE_MIN_STEPS;
}

/**
 * seccomp_specialiser_work() - the work done so far
 * @s: the specialiser
 *
 * Return: the steps charged to the filter's budget.
 */
unsigned int seccomp_specialiser_work(const struct seccomp_specialiser *s)
{
	return s->work;
}

/**
 * seccomp_specialiser_insns() - the residuals built so far
 * @s: the specialiser
 * @len: where their total length goes
 *
 * Return: the instructions; valid until seccomp_specialiser_destroy().
 */
const struct sock_filter *
seccomp_specialiser_insns(const struct seccomp_specialiser *s,
			  unsigned int *len)
{
	*len = s->used;
	return s->out;
}

/**
 * seccomp_specialiser_destroy() - free a specialiser
 * @s: the specialiser, or NULL
 */
void seccomp_specialiser_destroy(struct seccomp_specialiser *s)
{
	if (!s)
		return;
	kvfree(s->forks);
	kvfree(s->out);
	kfree(s);
}
