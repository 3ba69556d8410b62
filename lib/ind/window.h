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

/*
 * TA-Lib's fast %K over windows hi and lo (already pushed):
 * (x - LL) / ((HH - LL) / 100), 0 when HH = LL.
 */
static inline double
pe_win_fastk(const struct pe_win *hi, const struct pe_win *lo, double x)
{
	double hh = pe_win_value(hi), ll = pe_win_value(lo);
	double diff = (hh - ll) / 100.0;

	return diff != 0.0 ? (x - ll) / diff : 0.0;
}

#endif
