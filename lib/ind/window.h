/*
 * window.h: rolling windows over the last n bars, shared by the range
 * indicators (max, min, maxindex, minindex, midpoint, midprice, willr,
 * stoch, stochf, stochrsi, aroon, aroonosc) and running sums (sum, the SMA
 * smoothing of stoch/stochf/stochrsi, ultosc).
 *
 * pe_win: the highest (or lowest) of the last cap values with a monotonic
 * deque, amortised O(1) per bar.  The deque lives in ring memory (values
 * and absolute bar positions, 2 * cap slots); popping only moves scalar
 * indices, and the one write of the new element goes through pe_w, so a
 * step stays undoable (two logged writes per push).
 *
 * The index of the extreme follows TA-Lib's tie rules:
 *   - PE_WIN_TALIB (MAX, MIN, MAXINDEX, MININDEX): the deque keeps equal
 *     values; while the current extreme stays in the window a new equal
 *     value takes over (TA-Lib's "tmp >= highest"), and when it leaves, the
 *     OLDEST of the window's equal extremes is taken (its rescan uses ">").
 *   - PE_WIN_NEWEST (AROON, AROONOSC): always the most recent extreme
 *     (TA-Lib's rescan uses ">=" there).
 * Both start, as TA-Lib does, with a scan of the first full window.
 *
 * Bloat: NaN inputs are not treated specially (comparisons with NaN are
 * false, so a NaN never becomes the extreme while it is not alone).
 */
#ifndef PE_IND_WINDOW_H
#define PE_IND_WINDOW_H

#include "ind.h"

enum { PE_WIN_TALIB, PE_WIN_NEWEST };

struct pe_win {
	double *val;		/* the deque's values, cap slots */
	int64_t *pos;		/* their absolute bar positions */
	int64_t t;		/* bars pushed so far */
	int64_t idx;		/* the extreme's position, TA-Lib's rule */
	uint32_t cap, head, len;
	int dir;		/* +1: highest, -1: lowest */
	int newest;		/* PE_WIN_NEWEST */
};

/* Bytes of ring memory for a window of cap bars. */
static inline size_t
pe_win_size(double cap)
{
	return 2 * pe_doubles(cap);
}

/* dir +1 for the highest, -1 for the lowest; mem: pe_win_size(cap). */
static inline void
pe_win_init(struct pe_win *w, void *mem, uint32_t cap, int dir, int ties)
{
	w->val = mem;
	w->pos = (int64_t *)(void *)(w->val + cap);
	memset(mem, 0, 2 * (size_t)cap * sizeof(double));
	w->t = 0;
	w->idx = -1;
	w->cap = cap;
	w->head = 0;
	w->len = 0;
	w->dir = dir;
	w->newest = ties == PE_WIN_NEWEST;
}

/* i mod cap for i < 2 cap (head < cap and len <= cap): no division. */
static inline uint32_t
pe_win_wrap(const struct pe_win *w, uint32_t i)
{
	return i >= w->cap ? i - w->cap : i;
}

/* a is strictly more extreme than b. */
static inline int
pe_win_beats(const struct pe_win *w, double a, double b)
{
	return w->dir > 0 ? a > b : a < b;
}

/* Add the next bar's value x; the window is then the last cap values. */
static inline void
pe_win_push(struct pe_win *w, double x, struct pe_undo *u)
{
	int64_t t = w->t++, lo = t - (int64_t)w->cap + 1;
	uint32_t back, slot;
	int take = 0;

	while (w->len > 0 && w->pos[w->head] < lo) {	/* left the window */
		w->head = w->head + 1 == w->cap ? 0 : w->head + 1;
		w->len--;
	}
	if (w->len > 0 && !pe_win_beats(w, w->val[w->head], x))
		take = 1;	/* x ties or beats the extreme so far */
	while (w->len > 0) {
		back = pe_win_wrap(w, w->head + w->len - 1);
		if (w->newest ? pe_win_beats(w, w->val[back], x) :
		    !pe_win_beats(w, x, w->val[back]))
			break;
		w->len--;
	}
	slot = pe_win_wrap(w, w->head + w->len);
	pe_wd(u, &w->val[slot], x);
	pe_w(u, &w->pos[slot], &t);
	w->len++;
	if (lo < 0)
		return;		/* TA-Lib starts at the first full window */
	if (w->idx < lo)
		w->idx = w->pos[w->head];
	else if (take)
		w->idx = t;
}

/* The window is full (cap values pushed). */
static inline int
pe_win_full(const struct pe_win *w)
{
	return w->t >= (int64_t)w->cap;
}

/* The extreme of the window (once full). */
static inline double
pe_win_value(const struct pe_win *w)
{
	return w->val[w->head];
}

/* Its absolute 0-based bar position, by the tie rule chosen (once full). */
static inline int64_t
pe_win_index(const struct pe_win *w)
{
	return w->idx;
}

/*
 * pe_ext: the highest (or lowest) of the last cap values, when only the
 * value is wanted (max, min, and the ranges of stoch, willr, midprice,
 * donchian, ichimoku, ...): van Herk and Gil-Werman's blocks.  The bars
 * are cut into blocks of cap; the window ending at a bar is the tail of
 * the previous block and the head of the current one, so its extreme is
 * that of two numbers: the previous block's suffix extreme at the first
 * bar of the window (computed once per block, when a block starts) and
 * the current block's running extreme.  About two comparisons a bar and
 * no data-dependent loop, where the deque's pops mispredict; the value is
 * the same.  No index: TA-Lib's tie rules for indices need pe_win.
 *
 * Undo: the suffixes are rewritten, unlogged, by the first push of a
 * block.  The only state that step can be undone to is that of the last
 * bar of the previous block, whose window is the whole block (the running
 * extreme alone) and reads no suffix; the redone step writes them again.
 * So one logged write per push (the ring).
 *
 * A lowest window keeps the values negated (exact in binary floating
 * point), so both directions run the same branch-free maximum.
 */
struct pe_ext {
	double *ring;		/* the last cap values, slot t mod cap */
	double *suf;		/* suffix extremes of the previous block */
	double run;		/* the current block's extreme so far */
	int64_t t;		/* values pushed so far */
	double sign;		/* +1 highest, -1 lowest: values kept times it */
	uint32_t cap, j;	/* j: the last value's slot, t-1 mod cap */
};

static inline size_t
pe_ext_size(double cap)
{
	return 2 * pe_doubles(cap);
}

/* dir +1 for the highest, -1 for the lowest; mem: pe_ext_size(cap). */
static inline void
pe_ext_init(struct pe_ext *w, void *mem, uint32_t cap, int dir)
{
	w->ring = mem;
	w->suf = w->ring + cap;
	memset(mem, 0, 2 * (size_t)cap * sizeof(double));
	w->run = 0;
	w->t = 0;
	w->cap = cap;
	w->j = cap - 1;
	w->sign = dir > 0 ? 1.0 : -1.0;
}

/* The larger of a and b (a when they tie). */
static inline double
pe_ext_pick(double a, double b)
{
	return b > a ? b : a;
}

/* The suffix extremes of the previous block, slots 1..cap-1 of the ring. */
static inline void
pe_ext_suffixes(struct pe_ext *w)
{
	double *s = w->suf, e;
	uint32_t k = w->cap - 1;

	e = w->ring[k];
	s[k] = e;
	while (--k > 0) {
		e = pe_ext_pick(w->ring[k], e);
		s[k] = e;
	}
}

static inline void
pe_ext_push(struct pe_ext *w, double x, struct pe_undo *u)
{
	x *= w->sign;
	w->j = w->j + 1 == w->cap ? 0 : w->j + 1;
	pe_wd(u, &w->ring[w->j], x);
	if (w->j == 0) {
		if (w->t > 0 && w->cap > 1)
			pe_ext_suffixes(w);
		w->run = x;
	} else
		w->run = pe_ext_pick(w->run, x);
	w->t++;
}

/* The window is full (cap values pushed). */
static inline int
pe_ext_full(const struct pe_ext *w)
{
	return w->t >= (int64_t)w->cap;
}

/* The extreme of the last cap values (once full). */
static inline double
pe_ext_value(const struct pe_ext *w)
{
	if (w->j + 1 == w->cap)
		return w->sign * w->run;
	return w->sign * pe_ext_pick(w->suf[w->j + 1], w->run);
}

/*
 * pe_rsum: TA-Lib's running sum of the last n values (SUM, and SMA as
 * TA_MA computes it): the new value added, the total taken, the oldest
 * subtracted, in that order.  One logged write per push.
 */
struct pe_rsum {
	struct pe_ring win;
	double sum;
	uint32_t n, count;
};

static inline size_t
pe_rsum_size(double n)
{
	return pe_doubles(n);
}

static inline void
pe_rsum_init(struct pe_rsum *r, void *mem, uint32_t n)
{
	r->sum = 0;
	r->n = n;
	r->count = 0;
	pe_ring_init(&r->win, mem, n);
}

/* Add x; when n values are in, *total gets their sum and 1 is returned. */
static inline int
pe_rsum_push(struct pe_rsum *r, double x, double *total, struct pe_undo *u)
{
	r->sum += x;
	pe_ring_push(&r->win, x, u);
	if (r->count < r->n)
		r->count++;
	if (r->count < r->n)
		return 0;
	*total = r->sum;
	r->sum -= pe_ring_ago(&r->win, r->n - 1);
	return 1;
}

/* The same as an SMA: *mean = total / n. */
static inline int
pe_rsum_mean(struct pe_rsum *r, double x, double *mean, struct pe_undo *u)
{
	double t;

	if (!pe_rsum_push(r, x, &t, u))
		return 0;
	*mean = t / r->n;
	return 1;
}

#endif
