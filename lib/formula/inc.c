/*
 * inc.c: the incremental evaluator (pe_plan_state_new, pe_plan_step,
 * pe_plan_replace): a plan run one bar at a time, O(plan size) per bar,
 * giving the same double as vec.c's columns at every node and bar (the
 * contract in pe_plan.h; the element-wise ops and the running sum come
 * from ops.h, shared with vec.c).
 *
 * What a state keeps:
 *   - the streaming state of every indicator instance (pe_ind_step; the
 *     instance is stepped at its first IND node, the others read its
 *     outputs);
 *   - a history ring for every node whose past values a later node reads
 *     (x[n], change, the windows), deep enough for its deepest reader,
 *     written at every bar: slot i & mask holds the value at bar i (a
 *     recursive let's x[n], PREV, reads the ring of the let's root,
 *     which comes after it: the value of bar i - n, written before);
 *   - a few scalars for each node with memory (struct inc_sc): previous
 *     operands (cross, first), the last true bar (barssince), counts and
 *     deque ends (windows), the running sum (pe_wsum);
 *   - a monotonic deque of bar positions for highest, lowest, rising and
 *     falling (amortised O(1) per bar; the values are read from the
 *     operand's history), and for valuewhen a ring of the values at the
 *     last k + 1 true bars.
 * Rings are powers of two, so a slot is an index masked: memory is at most
 * twice the depths the plan asks for, and bounded by it.
 *
 * Replace (a feed re-sends the bar in progress): like pe_ind_replace, an
 * undo of the last step, then a step.  Before each step the scalars are
 * copied (one memcpy of the plan's few scalars); the deque and valuewhen
 * slots a step writes (at most one per node) go through inc_w, which logs
 * the old contents.  Undo puts the logged slots back, the scalars back,
 * the bar count back, and each fed instance undoes its own last step in
 * pe_ind_replace.  History slots are not logged: the slot of bar i only
 * ever held a bar at least cap bars older, which no reader needs again,
 * and the redone step writes it before anything reads it.  Nothing is
 * recomputed over a window.
 *
 * Bloat: no checkpoints older than one bar (only the last bar can be
 * replaced), no skipping of nodes that no formula reads, no SIMD.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "pe_plan.h"

/* The scalars of a node with memory; which member depends on the op. */
struct inc_sc {
	union {
		struct {
			double a, b;	/* the operands at the previous bar */
		} prev;			/* cross_above, cross_below, first */
		int64_t last;		/* barssince: last true bar, or -1 */
		int64_t cnt;		/* valuewhen: true bars so far */
		struct {
			int64_t nan;	/* NaNs in the window */
			uint64_t head, len;	/* deque: oldest slot, size */
		} win;			/* highest lowest rising falling */
		struct pe_wsum sum;	/* sum */
		double total;		/* cum */
	} u;
};

/* One logged write: where, and the 8 bytes it held before. */
struct inc_log {
	void *slot;
	uint64_t old;
};

/* A node as the evaluator runs it: the plan's node plus where its memory is. */
struct inc_op {
	enum pe_op op;
	int a, b;
	long n;
	int ind, k;
	int feed;		/* IND: this node steps the instance */
	int sc;			/* index into the scalars, or -1 */
	double value;		/* CONST */
	double *hist;		/* this node's history ring, or NULL */
	uint64_t hmask;		/* its cap - 1 (before layout: the depth) */
	int64_t *deque;		/* positions (windows) */
	double *ring;		/* values at true bars (valuewhen) */
	uint64_t rmask;
};

/* A tf()'s state (pe_plan.h, TF): the bucket being filled and the other
 * plan's value at the last one completed; prev as it was before the last
 * step, for a replace.  Plain data: it lies in the state's block. */
struct inc_tf {
	struct {
		struct pe_candle acc;	/* the bucket's bar so far */
		int64_t bucket;
		double value;
		int64_t has;		/* acc holds a bar */
	} cur, prev;
};

struct pe_plan_state {
	const struct pe_plan *plan;
	int64_t i;		/* bars fed */
	size_t nnodes, nsc;
	size_t nlog, logcap;	/* writes logged by the last step; room */
	struct inc_op *op;
	double *val;		/* the values at the last bar, per node */
	struct inc_sc *sc, *prev;	/* scalars now, and before the step */
	struct inc_log *log;
	struct pe_ind **ind;
	double (*out)[PE_IND_MAXOUT];	/* each instance's outputs */
	struct inc_tf *tf;		/* per tf of the plan */
	struct pe_plan_state **sub;	/* per tf: its plan's state (owned) */
	const struct pe_plan_srefs *refs;	/* sym()'s values, or NULL */
	char *mem;		/* one block: everything from val on */
	size_t memsize;
	int loaded;		/* pe_plan_state_load, no step since */
	int dates;		/* the bars' times are dates (pe_plan_state_dates) */
};

/* The smallest power of two above depth (a ring holding depth + 1). */
static uint64_t
inc_cap(uint64_t depth)
{
	uint64_t c = 1;

	while (c <= depth)
		c <<= 1;
	return c;
}

/*
 * The bars of history node a must keep for a reader of op op, n: x[n] and
 * change read a_i-n; a window of n drops a_i-n from its NaN count (sum
 * drops a_i-n+1 from its total), rising's window of n + 1 drops a_i-n-1.
 */
static long
inc_depth(enum pe_op op, long n)
{
	switch (op) {
	case PE_OP_OFFSET:
	case PE_OP_CHANGE:
	case PE_OP_HIGHEST:
	case PE_OP_LOWEST:
	case PE_OP_SUM:		/* n - 1 would do; n gives n = 1 a ring */
		return n;
	case PE_OP_RISING:
	case PE_OP_FALLING:
		return n + 1;	/* the window is n + 1 values */
	case PE_OP_PERCENTRANK:
	case PE_OP_MEDIAN:
		return n;
	default:
		return 0;
	}
}

static int
inc_is_window(enum pe_op op)
{
	return op == PE_OP_HIGHEST || op == PE_OP_LOWEST ||
	    op == PE_OP_RISING || op == PE_OP_FALLING;
}

/* Whether op keeps scalars across bars. */
static int
inc_has_sc(enum pe_op op)
{
	return inc_is_window(op) || op == PE_OP_SUM || op == PE_OP_CUM ||
	    op == PE_OP_CROSS_ABOVE || op == PE_OP_CROSS_BELOW ||
	    op == PE_OP_FIRST || op == PE_OP_BARSSINCE ||
	    op == PE_OP_VALUEWHEN;
}

/* Copy the plan's nodes into st->op: scalar slots, depths, feeders. */
static void
inc_ops(struct pe_plan_state *st)
{
	const struct pe_plan *p = st->plan;
	const struct pe_plan_node *nd;
	struct inc_op *o;
	size_t j;
	long d;

	for (j = 0; j < p->nnodes; j++) {
		nd = &p->node[j];
		o = &st->op[j];
		o->op = nd->op;
		o->a = nd->a;
		o->b = nd->b;
		o->n = nd->n;
		o->ind = nd->ind;
		o->k = nd->k;
		o->value = nd->value;
		o->sc = inc_has_sc(nd->op) ? (int)st->nsc++ : -1;
		if (inc_is_window(nd->op) || nd->op == PE_OP_VALUEWHEN)
			st->logcap++;
		d = inc_depth(nd->op, nd->n);
		if (nd->a >= 0 && (uint64_t)d > st->op[nd->a].hmask)
			st->op[nd->a].hmask = (uint64_t)d;
		/* a recursive let's past: its root's history (the root
		 * comes later; its own pass leaves hmask alone) */
		if (nd->op == PE_OP_PREV && (uint64_t)nd->n >
		    st->op[nd->ind].hmask)
			st->op[nd->ind].hmask = (uint64_t)nd->n;
	}
	for (j = 0; j < p->ninds; j++) {
		int k, first = -1;

		for (k = 0; k < PE_IND_MAXOUT; k++)
			if (p->ind[j].node[k] >= 0 && (first < 0 ||
			    p->ind[j].node[k] < first))
				first = p->ind[j].node[k];
		if (first >= 0)
			st->op[first].feed = 1;
	}
}

/* Reserve bytes (16-aligned) at *off of base; base NULL only counts. */
static void *
inc_take(char *base, size_t *off, size_t bytes)
{
	size_t at = *off;

	*off += (bytes + 15) & ~(size_t)15;
	return base != NULL ? base + at : NULL;
}

/*
 * Lay st's arrays and rings out in base (NULL: only count); returns the
 * bytes needed.  The ring depths are in op[].hmask until base is given.
 */
static size_t
inc_layout(struct pe_plan_state *st, char *base)
{
	size_t off = 0, j, ni = st->plan->ninds;
	struct inc_op *o;
	uint64_t cap;

	st->val = inc_take(base, &off, st->nnodes * sizeof *st->val);
	st->sc = inc_take(base, &off, st->nsc * sizeof *st->sc);
	st->prev = inc_take(base, &off, st->nsc * sizeof *st->prev);
	st->log = inc_take(base, &off, st->logcap * sizeof *st->log);
	st->ind = inc_take(base, &off, ni * sizeof *st->ind);
	st->out = inc_take(base, &off, ni * sizeof *st->out);
	st->tf = inc_take(base, &off, st->plan->ntf * sizeof *st->tf);
	for (j = 0; j < st->nnodes; j++) {
		o = &st->op[j];
		if (o->hmask > 0) {
			cap = inc_cap(o->hmask);
			o->hist = inc_take(base, &off, cap * sizeof(double));
			if (base != NULL)
				o->hmask = cap - 1;
		}
		if (inc_is_window(o->op)) {
			cap = inc_cap((uint64_t)o->n + 1);
			o->deque = inc_take(base, &off, cap * sizeof(int64_t));
			o->rmask = cap - 1;
		} else if (o->op == PE_OP_MEDIAN ||
		    o->op == PE_OP_PERCENTRANK) {
			/* scratch: the window, in order (inc_window) */
			o->ring = inc_take(base, &off, (size_t)o->n *
			    sizeof(double));
		} else if (o->op == PE_OP_VALUEWHEN) {
			cap = inc_cap((uint64_t)o->n);
			o->ring = inc_take(base, &off, cap * sizeof(double));
			o->rmask = cap - 1;
		}
	}
	return off;
}

static int
inc_new_inds(struct pe_plan_state *st, struct pe_error *err)
{
	const struct pe_plan *p = st->plan;
	size_t j;

	for (j = 0; j < p->ninds; j++)
		if ((st->ind[j] = pe_ind_new(p->ind[j].info, p->ind[j].p,
		    err)) == NULL)
			return -1;
	if ((st->sub = calloc(p->ntf + 1, sizeof *st->sub)) == NULL) {
		pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return -1;
	}
	for (j = 0; j < p->ntf; j++)
		if ((st->sub[j] = pe_plan_state_new(p->tf[j].plan, err)) ==
		    NULL)
			return -1;
	return 0;
}

struct pe_plan_state *
pe_plan_state_new(const struct pe_plan *p, struct pe_error *err)
{
	struct pe_plan_state *st;
	size_t size;

	if ((st = calloc(1, sizeof *st)) == NULL ||
	    (st->op = calloc(p->nnodes + 1, sizeof *st->op)) == NULL)
		goto nomem;
	st->plan = p;
	st->nnodes = p->nnodes;
	inc_ops(st);
	size = inc_layout(st, NULL);
	if ((st->mem = calloc(1, size + 16)) == NULL)
		goto nomem;
	st->memsize = size;
	inc_layout(st, st->mem);
	if (inc_new_inds(st, err) != 0) {
		pe_plan_state_free(st);
		return NULL;
	}
	pe_plan_state_reset(st);
	return st;
nomem:
	pe_plan_state_free(st);
	pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

void
pe_plan_state_refs(struct pe_plan_state *st, const struct pe_plan_srefs *r)
{
	st->refs = r;
}

void
pe_plan_state_free(struct pe_plan_state *st)
{
	size_t j;

	if (st == NULL)
		return;
	if (st->ind != NULL)
		for (j = 0; j < st->plan->ninds; j++)
			pe_ind_free(st->ind[j]);
	for (j = 0; st->sub != NULL && j < st->plan->ntf; j++)
		pe_plan_state_free(st->sub[j]);
	free(st->sub);
	free(st->mem);
	free(st->op);
	free(st);
}

void
pe_plan_state_dates(struct pe_plan_state *st, int dates)
{
	size_t j;

	st->dates = dates != 0;
	for (j = 0; j < st->plan->ntf; j++)
		if (st->plan->tf[j].symbol == NULL)	/* not another symbol's */
			pe_plan_state_dates(st->sub[j], dates);
}

void
pe_plan_state_reset(struct pe_plan_state *st)
{
	size_t j;
	struct inc_sc *s;

	st->i = 0;
	for (j = 0; j < st->plan->ninds; j++)
		pe_ind_reset(st->ind[j]);
	for (j = 0; j < st->plan->ntf; j++) {
		memset(&st->tf[j], 0, sizeof st->tf[j]);
		st->tf[j].cur.value = st->tf[j].prev.value = NAN;
		pe_plan_state_reset(st->sub[j]);
	}
	for (j = 0; j < st->nnodes; j++) {
		st->val[j] = NAN;
		if (st->op[j].sc < 0)
			continue;
		s = &st->sc[st->op[j].sc];
		memset(s, 0, sizeof *s);
		switch (st->op[j].op) {
		case PE_OP_BARSSINCE:
			s->u.last = -1;
			break;
		case PE_OP_CROSS_ABOVE:
		case PE_OP_CROSS_BELOW:
		case PE_OP_FIRST:
			s->u.prev.a = s->u.prev.b = NAN;	/* no bar -1 */
			break;
		default:
			break;
		}
	}
	memcpy(st->prev, st->sc, st->nsc * sizeof *st->sc);
	st->nlog = 0;
	st->loaded = 0;
}

/* Write v (8 bytes) at slot, logging the old contents for the undo. */
static void
inc_w(struct pe_plan_state *st, void *slot, const void *v)
{
	struct inc_log *l = &st->log[st->nlog++];

	l->slot = slot;
	memcpy(&l->old, slot, 8);
	memcpy(slot, v, 8);
}

/* Node a's value d bars before bar i (d at most its depth). */
static double
inc_ago(const struct pe_plan_state *st, int a, int64_t i, long d)
{
	const struct inc_op *h = &st->op[a];

	return h->hist[(uint64_t)(i - d) & h->hmask];
}

/* x beats y: strictly for the dir +1 (highest, rising), or -1 (lowest). */
static int
inc_beats(int dir, double x, double y)
{
	return dir > 0 ? x > y : x < y;
}

/*
 * Push bar i into o's deque, first dropping positions before lo and the
 * back entries x ties or beats.  A NaN stops the pops (every comparison
 * with it is false) and stays; the window reads NaN until it has left,
 * and by then every entry older than it has left too.
 */
static void
inc_deque_push(struct pe_plan_state *st, const struct inc_op *o,
    struct inc_sc *s, int dir, int64_t i, int64_t lo, double x)
{
	uint64_t head = s->u.win.head, len = s->u.win.len, back;

	while (len > 0 && o->deque[head] < lo) {
		head = (head + 1) & o->rmask;
		len--;
	}
	while (len > 0) {
		back = (head + len - 1) & o->rmask;
		if (!(x == inc_ago(st, o->a, o->deque[back], 0) ||
		    inc_beats(dir, x, inc_ago(st, o->a, o->deque[back], 0))))
			break;
		len--;
	}
	inc_w(st, &o->deque[(head + len) & o->rmask], &i);
	s->u.win.head = head;
	s->u.win.len = len + 1;
}

/* The oldest entry of o's deque not before lo: the window's extreme. */
static double
inc_deque_front(const struct pe_plan_state *st, const struct inc_op *o,
    struct inc_sc *s, int64_t lo)
{
	while (s->u.win.len > 0 && o->deque[s->u.win.head] < lo) {
		s->u.win.head = (s->u.win.head + 1) & o->rmask;
		s->u.win.len--;
	}
	return inc_ago(st, o->a, o->deque[s->u.win.head], 0);
}

/* highest(x, n), lowest(x, n): the window a_i-n+1 .. a_i. */
static double
inc_extreme(struct pe_plan_state *st, const struct inc_op *o,
    struct inc_sc *s, int dir, int64_t i, double x)
{
	s->u.win.nan += isnan(x) != 0;
	if (i >= o->n)
		s->u.win.nan -= isnan(inc_ago(st, o->a, i, o->n)) != 0;
	inc_deque_push(st, o, s, dir, i, i - o->n + 1, x);
	if (i < o->n - 1 || s->u.win.nan > 0)
		return NAN;
	return inc_deque_front(st, o, s, i - o->n + 1) + 0.0;
}

/* rising(x, n), falling(x, n): x against the n bars before it. */
static double
inc_rising(struct pe_plan_state *st, const struct inc_op *o,
    struct inc_sc *s, int dir, int64_t i, double x)
{
	double v = NAN;

	s->u.win.nan += isnan(x) != 0;
	if (i > o->n)
		s->u.win.nan -= isnan(inc_ago(st, o->a, i, o->n + 1)) != 0;
	if (i >= o->n && s->u.win.nan == 0)
		v = inc_beats(dir, x, inc_deque_front(st, o, s, i - o->n)) ?
		    1.0 : 0.0;
	inc_deque_push(st, o, s, dir, i, i - o->n, x);
	return v;
}

static double
inc_sum(struct pe_plan_state *st, const struct inc_op *o, struct inc_sc *s,
    int64_t i, double x)
{
	double v;

	pe_wsum_add(&s->u.sum, x);
	if (i < o->n - 1)
		return NAN;
	v = pe_wsum_value(&s->u.sum);
	pe_wsum_drop(&s->u.sum, inc_ago(st, o->a, i, o->n - 1));
	return v;
}

static double
inc_cross(struct inc_sc *s, int dir, double a, double b)
{
	double pa = s->u.prev.a, pb = s->u.prev.b, v;

	s->u.prev.a = a;
	s->u.prev.b = b;
	if (isnan(a) || isnan(b) || isnan(pa) || isnan(pb))
		return NAN;
	if (dir > 0)
		v = a > b && pa <= pb;
	else
		v = a < b && pa >= pb;
	return v;
}

static double
inc_valuewhen(struct pe_plan_state *st, const struct inc_op *o,
    struct inc_sc *s, double cond, double x)
{
	if (cond == 1) {
		inc_w(st, &o->ring[(uint64_t)s->u.cnt & o->rmask], &x);
		s->u.cnt++;
	}
	if (s->u.cnt <= o->n)
		return NAN;
	return o->ring[(uint64_t)(s->u.cnt - 1 - o->n) & o->rmask];
}

/*
 * Step (or, replacing, re-step) instance ind with bar b at bar i, its x
 * and y from the nodes feeding it.  Before its start it sees nothing and
 * every output is NaN.
 */
static void
inc_feed(struct pe_plan_state *st, int ind, const struct pe_bar *b,
    int64_t i, int replace)
{
	const struct pe_plan_ind *pi = &st->plan->ind[ind];
	double *out = st->out[ind];
	struct pe_bar bar = *b;
	int k;

	if (i < pi->start) {
		for (k = 0; k < PE_IND_MAXOUT; k++)
			out[k] = NAN;
		return;
	}
	bar.x = pi->x >= 0 ? st->val[pi->x] : NAN;
	bar.y = pi->y >= 0 ? st->val[pi->y] : NAN;
	if (replace)
		pe_ind_replace(st->ind[ind], &bar, out);
	else
		pe_ind_step(st->ind[ind], &bar, out);
}

/*
 * tf number k at bar b (pe_plan.h, TF): b joins its bucket; a bar of a
 * new bucket first completes the one before, which steps the other plan
 * (or, when this is a replace, replaces its step: the same completed bar
 * again, since the bar replaced started the same bucket).
 */
static double
inc_tf(struct pe_plan_state *st, long k, const struct pe_bar *b,
    int replace)
{
	const struct pe_plan_tf *pt = &st->plan->tf[k];
	struct inc_tf *t = &st->tf[k];
	struct pe_candle c = { b->time, b->open, b->high, b->low, b->close,
	    b->volume };
	int64_t bk = pe_op_tf_bucket(b->time, pt->ms, st->dates);
	struct pe_bar hb;
	const double *out;

	if (replace)
		t->cur = t->prev;
	else
		t->prev = t->cur;
	if (t->cur.has && bk == t->cur.bucket) {
		pe_op_tf_merge(&t->cur.acc, &c);
		return t->cur.value;
	}
	if (t->cur.has) {
		hb.open = t->cur.acc.open;
		hb.high = t->cur.acc.high;
		hb.low = t->cur.acc.low;
		hb.close = t->cur.acc.close;
		hb.volume = t->cur.acc.volume;
		hb.x = hb.y = NAN;
		hb.time = t->cur.acc.time;
		out = replace ? pe_plan_replace(st->sub[k], &hb) :
		    pe_plan_step(st->sub[k], &hb);
		t->cur.value = out != NULL ? out[pt->root] : NAN;
	}
	t->cur.has = 1;
	t->cur.bucket = bk;
	t->cur.acc = c;
	return t->cur.value;
}

/* The n values of a ending at bar i - last, oldest first, into o's
 * scratch (percentrank, median). */
static double *
inc_window(const struct pe_plan_state *st, const struct inc_op *o,
    int64_t i, long last)
{
	long k;

	for (k = 0; k < o->n; k++)
		o->ring[k] = inc_ago(st, o->a, i, last + o->n - 1 - k);
	return o->ring;
}

/* The nodes with memory of the past, at bar i. */
static double
inc_node_mem(struct pe_plan_state *st, const struct inc_op *o, int64_t i)
{
	struct inc_sc *s = o->sc >= 0 ? &st->sc[o->sc] : NULL;
	double a = st->val[o->a], b = o->b >= 0 ? st->val[o->b] : NAN;

	switch (o->op) {
	case PE_OP_OFFSET:
		return i < o->n ? NAN : inc_ago(st, o->a, i, o->n);
	case PE_OP_CHANGE:
		return i < o->n ? NAN : a - inc_ago(st, o->a, i, o->n);
	case PE_OP_CROSS_ABOVE:
		return inc_cross(s, 1, a, b);
	case PE_OP_CROSS_BELOW:
		return inc_cross(s, -1, a, b);
	case PE_OP_HIGHEST:
		return inc_extreme(st, o, s, 1, i, a);
	case PE_OP_LOWEST:
		return inc_extreme(st, o, s, -1, i, a);
	case PE_OP_SUM:
		return inc_sum(st, o, s, i, a);
	case PE_OP_RISING:
		return inc_rising(st, o, s, 1, i, a);
	case PE_OP_FALLING:
		return inc_rising(st, o, s, -1, i, a);
	case PE_OP_BARSSINCE:
		if (a == 1)
			s->u.last = i;
		return s->u.last < 0 ? NAN : (double)(i - s->u.last);
	case PE_OP_VALUEWHEN:
		return inc_valuewhen(st, o, s, a, b);
	case PE_OP_FIRST:
		b = s->u.prev.a;
		s->u.prev.a = a;
		return a == 1 && b != 1 ? 1.0 : 0.0;
	case PE_OP_CUM:
		if (!isnan(a))
			s->u.total += a;
		return s->u.total;
	case PE_OP_PERCENTRANK:
		return i < o->n ? NAN : pe_op_percentrank(inc_window(st, o, i,
		    1), (size_t)o->n, a);
	case PE_OP_MEDIAN:
		return i + 1 < o->n ? NAN : pe_op_median(inc_window(st, o, i,
		    0), (size_t)o->n);
	default:
		return NAN;
	}
}

/* Every node at bar st->i, in plan order; instances stepped or re-stepped. */
static void
inc_run(struct pe_plan_state *st, const struct pe_bar *b, int replace)
{
	const struct inc_op *o;
	int64_t i = st->i;
	size_t j;
	double v;

	for (j = 0; j < st->nnodes; j++) {
		o = &st->op[j];
		switch (o->op) {
		case PE_OP_CONST:
			v = o->value;
			break;
		case PE_OP_TIME:
			v = pe_op_time(o->n, b->time, i, st->dates);
			break;
		case PE_OP_SERIES:
			v = pe_op_series(o->n, b->open, b->high, b->low,
			    b->close, b->volume);
			break;
		case PE_OP_IND:
			if (o->feed)
				inc_feed(st, o->ind, b, i, replace);
			v = st->out[o->ind][o->k];
			break;
		case PE_OP_PREV:	/* the root's value n bars ago */
			v = i < o->n ? NAN : inc_ago(st, o->ind, i, o->n);
			break;
		case PE_OP_TF:
			v = inc_tf(st, o->n, b, replace);
			break;
		case PE_OP_SYM:	/* the caller's: its feed of that symbol */
			v = st->refs == NULL ? NAN :
			    st->refs->value(st->refs->ctx, (size_t)o->n,
			    b->time);
			break;
		default:
			if (pe_op_is_elem(o->op))
				v = pe_op_elem(o->op, st->val[o->a],
				    o->b >= 0 ? st->val[o->b] : NAN);
			else
				v = inc_node_mem(st, o, i);
		}
		st->val[j] = v;
		if (o->hist != NULL)
			o->hist[(uint64_t)i & o->hmask] = v;
	}
	st->i = i + 1;
}

const double *
pe_plan_step(struct pe_plan_state *st, const struct pe_bar *b)
{
	memcpy(st->prev, st->sc, st->nsc * sizeof *st->sc);
	st->nlog = 0;
	st->loaded = 0;
	inc_run(st, b, 0);
	return st->val;
}

/*
 * Undo the last step (its logged slots, newest first, then the scalars
 * and the bar count) and run the bar again; the fed instances undo their
 * own step in pe_ind_replace.  The copy in prev stays that of before the
 * bar, so replace may follow replace.
 */
const double *
pe_plan_replace(struct pe_plan_state *st, const struct pe_bar *b)
{
	size_t j;

	if (st->i == 0)
		return pe_plan_step(st, b);
	if (st->loaded)
		return NULL;
	for (j = st->nlog; j-- > 0;)
		memcpy(st->log[j].slot, &st->log[j].old, 8);
	st->nlog = 0;
	memcpy(st->sc, st->prev, st->nsc * sizeof *st->sc);
	st->i--;
	inc_run(st, b, 1);
	return st->val;
}

/*
 * Saved states: a header (format, the plan's shape, bars fed), the block
 * of values, scalars, histories, windows and tf buckets as it lies (it
 * holds no pointer: the instance table and the undo log, which do, are
 * written as zeros and kept as they are on a load), then each instance's
 * saved state with its length, then each tf's plan's state with its.
 */

#define STATE_MAGIC "pps1"	/* bump the digit when the layout changes */

struct state_head {
	char magic[4];
	uint32_t pad;
	uint64_t nnodes, nsc, ninds, memsize;
	int64_t i;
};

/* The block's two regions that hold pointers: [*a, *a + *an), [*b, ...). */
static void
inc_ptr_regions(const struct pe_plan_state *st, size_t *a, size_t *an,
    size_t *b, size_t *bn)
{
	*a = (size_t)((char *)st->log - st->mem);
	*an = st->logcap * sizeof *st->log;
	*b = (size_t)((char *)st->ind - st->mem);
	*bn = st->plan->ninds * sizeof *st->ind;
}

int
pe_plan_state_save(const struct pe_plan_state *st, struct pe_buf *b)
{
	struct state_head h;
	size_t ra, ran, rb, rbn, at, j;
	uint64_t len;

	memset(&h, 0, sizeof h);
	memcpy(h.magic, STATE_MAGIC, 4);
	h.nnodes = st->nnodes;
	h.nsc = st->nsc;
	h.ninds = st->plan->ninds;
	h.memsize = st->memsize;
	h.i = st->i;
	pe_buf_put(b, (const char *)&h, sizeof h);
	at = b->len;
	pe_buf_put(b, st->mem, st->memsize);
	inc_ptr_regions(st, &ra, &ran, &rb, &rbn);
	if (!b->oom) {
		memset(b->p + at + ra, 0, ran);
		memset(b->p + at + rb, 0, rbn);
	}
	for (j = 0; j < st->plan->ninds + st->plan->ntf; j++) {
		at = b->len;
		pe_buf_put(b, (const char *)&len, sizeof len);
		if (j < st->plan->ninds ? pe_ind_save(st->ind[j], b) != PE_OK :
		    pe_plan_state_save(st->sub[j - st->plan->ninds], b) !=
		    PE_OK)
			break;
		len = b->len - at - sizeof len;
		if (!b->oom)
			memcpy(b->p + at, &len, sizeof len);
	}
	return b->oom ? PE_ERR_NOMEM : PE_OK;
}

int
pe_plan_state_load(struct pe_plan_state *st, const void *data, size_t len)
{
	const char *d = data, *end = d + len;
	struct state_head h;
	size_t ra, ran, rb, rbn, j, at;
	uint64_t n;
	char *keep;

	if (len < sizeof h)
		return PE_ERR_FORMAT;
	memcpy(&h, d, sizeof h);
	if (memcmp(h.magic, STATE_MAGIC, 4) != 0 || h.nnodes != st->nnodes ||
	    h.nsc != st->nsc || h.ninds != st->plan->ninds ||
	    h.memsize != st->memsize || h.i < 0 ||
	    (size_t)(end - d) - sizeof h < st->memsize)
		return PE_ERR_FORMAT;
	/* check the instances' and tf states' lengths before loading
	 * anything */
	at = sizeof h + st->memsize;
	for (j = 0; j < st->plan->ninds + st->plan->ntf; j++) {
		if ((size_t)(end - d) - at < sizeof n)
			return PE_ERR_FORMAT;
		memcpy(&n, d + at, sizeof n);
		if (n > (size_t)(end - d) - at - sizeof n)
			return PE_ERR_FORMAT;
		at += sizeof n + (size_t)n;
	}
	if (at != len)
		return PE_ERR_FORMAT;
	/* the block, but for its pointers */
	inc_ptr_regions(st, &ra, &ran, &rb, &rbn);
	if ((keep = malloc(rbn + 1)) == NULL)
		return PE_ERR_FORMAT;
	memcpy(keep, st->mem + rb, rbn);
	at = sizeof h + st->memsize;
	for (j = 0; j < st->plan->ninds + st->plan->ntf; j++) {
		memcpy(&n, d + at, sizeof n);
		if (j < st->plan->ninds ? pe_ind_load(st->ind[j], d + at +
		    sizeof n, (size_t)n) != PE_OK : pe_plan_state_load(
		    st->sub[j - st->plan->ninds], d + at + sizeof n,
		    (size_t)n) != PE_OK) {
			free(keep);
			pe_plan_state_reset(st);
			return PE_ERR_FORMAT;
		}
		at += sizeof n + (size_t)n;
	}
	memcpy(st->mem, d + sizeof h, st->memsize);
	memcpy(st->mem + rb, keep, rbn);
	memset(st->mem + ra, 0, ran);
	free(keep);
	st->i = h.i;
	st->nlog = 0;
	st->loaded = 1;
	return PE_OK;
}
