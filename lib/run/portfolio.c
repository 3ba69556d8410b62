/*
 * portfolio: one account over many symbols (pe-backtest(1),
 * "Portfolio").  See pe_backtest.h for the order of a date's steps and
 * the sizing.
 *
 * Each symbol keeps its struct pe_bt_pos and is driven by the very step
 * functions pe_bt_run calls, only interleaved across symbols: the
 * account adds the order between them (exits before entries at an open,
 * ranks for the free slots) and the cash.  A position is held as the
 * cash it took (alloc) and its value at the last close, alloc * (1 +
 * pe_bt_mark), so the account's arithmetic is the trades' returns.
 *
 * Dates are the union of the symbols' times, found by a merge over one
 * cursor per symbol.  A date takes two passes over the symbols (one at
 * the open, one at the close, which also marks the positions and finds
 * the next date), O(dates * symbols) in all: for 2,500 symbols of 1,000
 * bars, five million visits of a slot on top of the step functions.
 *
 * Memory: the result owns its arrays (pe_bt_port_result_free); the
 * simulation's per-symbol slots and its candidate list are freed before
 * pe_bt_portfolio returns.
 *
 * Bloat: no rebalancing, no cash interest, no minimum order, no whole
 * units, no per-symbol position limits beyond one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pe_backtest.h"
#include "pe_rank.h"

struct slot {
	struct pe_bt_pos pos;
	size_t k;		/* the symbol's bar on or after the date */
	int here;		/* it has a bar on the date stepped */
	double alloc, units;	/* the position's, from its fill */
	double value;		/* alloc * (1 + mark) at its last close */
	double rank;		/* a pending entry's, from its signal bar */
};

/* An entry waiting for a slot (or, pending, for its fill). */
struct cand {
	size_t i;
	size_t k;		/* its signal bar */
	int side;
	int32_t rule;
	double rank;
	const char *name;
};

struct sim {
	const struct pe_bt_conf *c;
	const struct pe_bt_port_conf *pc;
	const struct pe_bt_sym *sym;
	size_t n;
	struct slot *s;
	struct cand *cand;
	size_t ncand;
	double cash;
	double prev;		/* the equity at the previous close */
	/* of the date stepped, after its close (close_pass): */
	double values;		/* the open positions' values */
	size_t open, busy;	/* positions open; slots taken (below) */
	size_t ended;		/* positions closed by step 5 */
	int64_t next;		/* the next date, when more is */
	struct pe_bt_port_result *r;
	size_t cap;		/* of r->trades */
	int rc;
};

/* Higher rank first, NaN last, then by name (pe_rank_cmp, as pe-scan
 * ranks), then by index. */
static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c;

	if ((c = pe_rank_cmp(x->rank, x->name, y->rank, y->name)) != 0)
		return c;
	return (x->i > y->i) - (x->i < y->i);
}

static void
add_cand(struct sim *m, size_t i, int side, int32_t rule, double rank)
{
	struct cand *d = &m->cand[m->ncand++];

	d->i = i;
	d->k = m->s[i].k;
	d->side = side;
	d->rule = rule;
	d->rank = rank;
	d->name = m->sym[i].symbol != NULL ? m->sym[i].symbol : "";
}

/* Symbol i's closed trade t into the account and the result. */
static void
settle(struct sim *m, size_t i, const struct pe_bt_trade *t)
{
	struct slot *s = &m->s[i];
	struct pe_bt_port_trade *v;
	size_t cap;

	m->cash += s->alloc * (1 + t->ret);
	if (m->r->ntrades == m->cap) {
		cap = m->cap ? 2 * m->cap : 64;
		if ((v = realloc(m->r->trades, cap * sizeof *v)) == NULL) {
			m->rc = PE_ERR_NOMEM;
			goto out;
		}
		m->r->trades = v;
		m->cap = cap;
	}
	v = &m->r->trades[m->r->ntrades++];
	v->sym = i;
	v->alloc = s->alloc;
	v->units = s->units;
	v->t = *t;
out:
	s->alloc = s->units = s->value = 0;
}

/* The cash for a new position: min(equity / N, cash), or 0. */
static double
size_of(const struct sim *m, double equity)
{
	double a = fmin(equity / (double)m->pc->max_positions, m->cash);

	return a > 0 ? a : 0;
}

/* Symbol i's position just filled: it takes a of the cash; its value
 * is a until it is marked. */
static void
take(struct sim *m, size_t i, double a)
{
	struct slot *s = &m->s[i];
	double f = m->c->fee / 1e4;

	s->alloc = a;
	s->units = a / (s->pos.entry * (s->pos.side > 0 ? 1 + f : 1 - f));
	s->value = a;
	m->cash -= a;
}

/*
 * The open of date t: which symbols have a bar (here); the exits (a
 * pending exit, a gap through a level) of the positions held; the
 * pending entries of the symbols here into the candidates.  Returns the
 * positions then open.
 */
static size_t
open_pass(struct sim *m, int64_t t)
{
	const struct pe_bt_bars *b;
	struct pe_bt_trade tr;
	struct slot *s;
	size_t i, open = 0;

	m->ncand = 0;
	for (i = 0; i < m->n; i++) {
		s = &m->s[i];
		b = &m->sym[i].bars;
		s->here = s->k < b->n && b->time[s->k] == t;
		if (!s->here)
			goto count;
		if (s->pos.side != 0 && (pe_bt_step_fill(m->c, b, s->k,
		    &s->pos, &tr) || pe_bt_step_gap(m->c, b, s->k, &s->pos,
		    &tr)))
			settle(m, i, &tr);
		if (s->pos.pending != 0)
			add_cand(m, i, s->pos.pending, s->pos.rule, s->rank);
count:
		open += s->pos.side != 0;
	}
	return open;
}

/* The entries pending from the previous close, by rank, while a slot
 * and cash remain (else dropped); each new position's gap checked at
 * once, as pe_bt_step_open would. */
static void
open_entries(struct sim *m, size_t open)
{
	struct pe_bt_trade t;
	struct slot *s;
	size_t i, j;
	double a;

	qsort(m->cand, m->ncand, sizeof *m->cand, cmp_cand);
	for (j = 0; j < m->ncand; j++) {
		i = m->cand[j].i;
		s = &m->s[i];
		a = size_of(m, m->prev);
		if (open >= m->pc->max_positions || a <= 0) {
			s->pos.pending = 0;
			continue;
		}
		pe_bt_step_fill(m->c, &m->sym[i].bars, s->k, &s->pos, &t);
		take(m, i, a);
		open++;
		if (pe_bt_step_gap(m->c, &m->sym[i].bars, s->k, &s->pos, &t)) {
			settle(m, i, &t);
			open--;
		}
	}
}

/* Symbol i's bar after the open: step 2 within the bar, step 3, the
 * rules at the close (the entry wanted into the candidates), and step 5
 * at its last bar. */
static void
close_one(struct sim *m, size_t i)
{
	const struct pe_bt_bars *b = &m->sym[i].bars;
	struct slot *s = &m->s[i];
	struct pe_bt_trade t;
	int32_t rule;
	int want;

	if (pe_bt_step_bar(m->c, b, s->k, &s->pos, &t))
		settle(m, i, &t);
	if (pe_bt_step_close(m->c, b, s->k, b->n - 1, &s->pos, &t, &want,
	    &rule))
		settle(m, i, &t);
	if (want != 0)
		add_cand(m, i, want, rule, m->sym[i].rank != NULL ?
		    m->sym[i].rank[s->k] : NAN);
	if (s->k == b->n - 1 && s->pos.side != 0) {
		pe_bt_close_end(m->c, b, s->k, &s->pos, &t);
		settle(m, i, &t);
		m->ended++;
	}
	if (s->pos.side != 0)
		s->value = s->alloc * (1 + pe_bt_mark(m->c, b, s->k, &s->pos));
}

/*
 * The close of the date: close_one for each symbol here, which then
 * moves on to its next bar; and the account's figures after it (values,
 * open, busy: the slots taken, by positions without a pending exit and
 * by pending entries) and the next date.  Returns whether there is one.
 */
static int
close_pass(struct sim *m)
{
	const struct pe_bt_bars *b;
	struct slot *s;
	size_t i;
	int more = 0;

	m->ncand = 0;
	m->values = 0;
	m->open = m->busy = m->ended = 0;
	for (i = 0; i < m->n; i++) {
		s = &m->s[i];
		b = &m->sym[i].bars;
		if (s->here) {
			close_one(m, i);
			s->k++;
		}
		if (s->pos.side != 0) {
			m->values += s->value;
			m->open++;
			m->busy += !s->pos.pending_exit;
		}
		m->busy += s->pos.pending != 0;
		if (s->k < b->n && (!more || b->time[s->k] < m->next)) {
			m->next = b->time[s->k];
			more = 1;
		}
	}
	return more;
}

/* The candidates of this close into the free slots, by rank: pending
 * for the next open, or, with --fill close, filled now and sized on the
 * equity at this close (after its exits, before its entries). */
static void
choose(struct sim *m)
{
	const struct pe_bt_bars *b;
	double e = m->cash + m->values, a;
	struct slot *s;
	size_t i, j;

	qsort(m->cand, m->ncand, sizeof *m->cand, cmp_cand);
	for (j = 0; j < m->ncand && m->busy < m->pc->max_positions; j++) {
		i = m->cand[j].i;
		s = &m->s[i];
		b = &m->sym[i].bars;
		a = size_of(m, e);
		if (m->c->fill_close && a <= 0)
			continue;
		pe_bt_enter(m->c, b, m->cand[j].k, m->cand[j].side,
		    m->cand[j].rule, &s->pos);
		s->rank = m->cand[j].rank;
		m->busy++;
		if (!m->c->fill_close)
			continue;
		take(m, i, a);
		s->value = a * (1 + pe_bt_mark(m->c, b, m->cand[j].k,
		    &s->pos));
		m->values += s->value;
		m->open++;
	}
}

/* Room for row j. */
static int
grow_rows(struct pe_bt_port_result *r, size_t j, size_t *cap)
{
	size_t n = *cap ? 2 * *cap : 256;
	void *p;

	if (j < *cap)
		return PE_OK;
#define GROW(f, size) \
	if ((p = realloc(r->f, n * (size))) == NULL) \
		return PE_ERR_NOMEM; \
	r->f = p;
	GROW(time, sizeof *r->time)
	GROW(equity, sizeof *r->equity)
	GROW(cash, sizeof *r->cash)
	GROW(positions, sizeof *r->positions)
	GROW(held, 1)
#undef GROW
	*cap = n;
	return PE_OK;
}

/* One date t of the account, row j; whether another date follows. */
static int
step_date(struct sim *m, int64_t t, size_t j)
{
	struct pe_bt_port_result *r = m->r;
	size_t open;
	int more;

	open = open_pass(m, t);
	if (m->ncand > 0)
		open_entries(m, open);
	more = close_pass(m);
	if (m->ncand > 0)
		choose(m);
	r->time[j] = t;
	r->equity[j] = m->prev = m->cash + m->values;
	r->cash[j] = m->cash;
	r->positions[j] = m->open;
	/* a position closed by step 5 was held through this close, as
	 * pe_bt_run's held says */
	r->held[j] = m->open > 0 || m->ended > 0;
	r->n = j + 1;
	return more;
}

/* Equal amounts in each symbol at its first close, held to its last. */
static double
buy_hold(const struct pe_bt_sym *sym, size_t n)
{
	double sum = 0;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (sym[i].bars.n == 0)
			continue;
		sum += sym[i].bars.close[sym[i].bars.n - 1] /
		    sym[i].bars.close[0] - 1;
		k++;
	}
	return k > 0 ? sum / (double)k : NAN;
}

/* The first date: the earliest first bar.  0 when no symbol has one. */
static int
first_time(const struct pe_bt_sym *sym, size_t n, int64_t *t)
{
	size_t i;
	int any = 0;

	for (i = 0; i < n; i++)
		if (sym[i].bars.n > 0 && (!any || sym[i].bars.time[0] < *t)) {
			*t = sym[i].bars.time[0];
			any = 1;
		}
	return any;
}

int
pe_bt_portfolio(const struct pe_bt_conf *c,
    const struct pe_bt_port_conf *pc, const struct pe_bt_sym *sym,
    size_t n, struct pe_bt_port_result *r)
{
	struct sim m = { .c = c, .pc = pc, .sym = sym, .n = n, .r = r };
	size_t j, rows = 0;
	int64_t t = 0;
	int more;

	memset(r, 0, sizeof *r);
	r->buy_hold = NAN;
	if (!(pc->capital > 0) || pc->max_positions == 0)
		return PE_ERR_USAGE;
	m.s = calloc(n ? n : 1, sizeof *m.s);
	m.cand = calloc(n ? n : 1, sizeof *m.cand);
	if (m.s == NULL || m.cand == NULL)
		m.rc = PE_ERR_NOMEM;
	m.cash = m.prev = pc->capital;
	more = first_time(sym, n, &t);
	for (j = 0; m.rc == PE_OK && more; j++) {
		if ((m.rc = grow_rows(r, j, &rows)) != PE_OK)
			break;
		more = step_date(&m, t, j);
		t = m.next;
	}
	free(m.s);
	free(m.cand);
	if (m.rc != PE_OK) {
		pe_bt_port_result_free(r);
		return m.rc;
	}
	r->buy_hold = buy_hold(sym, n);
	return PE_OK;
}

void
pe_bt_port_result_free(struct pe_bt_port_result *r)
{
	free(r->trades);
	free(r->time);
	free(r->equity);
	free(r->cash);
	free(r->positions);
	free(r->held);
	memset(r, 0, sizeof *r);
	r->buy_hold = NAN;
}
