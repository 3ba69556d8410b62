/*
 * stats.h: the cores shared by the statistics and simple-momentum
 * indicators, each written once as static inline functions on a small
 * struct that the indicator embeds:
 *   - pe_lag: the value n bars ago (change.c: mom, roc, rocp, rocr,
 *     rocr100);
 *   - pe_var: population variance over n bars with TA-Lib's running sums
 *     (var, stddev);
 *   - pe_linreg: least-squares line over the last n bars (linearreg,
 *     linearreg_slope, linearreg_intercept, linearreg_angle, tsf).
 *
 * Bloat: no weighted or sample (n-1) variance, no regression on anything
 * but the bar index.
 */
#ifndef PE_IND_STATS_H
#define PE_IND_STATS_H

#include "ind.h"

/* The value n bars ago: a ring of n+1. */
struct pe_lag {
	struct pe_ring win;
	uint32_t n, count;
};

static inline size_t
pe_lag_rings(double n)
{
	return pe_doubles(n + 1);
}

static inline void
pe_lag_init(struct pe_lag *l, double n, void *rings)
{
	l->n = (uint32_t)n;
	l->count = 0;
	pe_ring_init(&l->win, rings, l->n + 1);
}

/* Push x; *old receives x of n bars ago; 0 while there is none yet. */
static inline int
pe_lag_step(struct pe_lag *l, double x, double *old, struct pe_undo *u)
{
	pe_ring_push(&l->win, x, u);
	if (l->count <= l->n)
		l->count++;
	if (l->count <= l->n)
		return 0;
	*old = pe_ring_ago(&l->win, l->n);
	return 1;
}

/*
 * Population variance of the last n values, as TA-Lib's VAR: running sums
 * of x and x², the new value added before the means are taken and the
 * oldest subtracted after, mean(x²) - mean(x)².  Lookback n-1.
 */
struct pe_var {
	struct pe_ring win;
	double s1, s2;
	uint32_t n, count;
};

static inline void
pe_var_init(struct pe_var *v, double n, void *rings)
{
	v->n = (uint32_t)n;
	v->s1 = v->s2 = 0;
	v->count = 0;
	pe_ring_init(&v->win, rings, v->n);
}

static inline int
pe_var_step(struct pe_var *v, double x, double *var, struct pe_undo *u)
{
	double m1, m2, t;

	v->s1 += x;
	v->s2 += x * x;
	pe_ring_push(&v->win, x, u);
	if (v->count < v->n)
		v->count++;
	if (v->count < v->n)
		return 0;
	m1 = v->s1 / v->n;
	m2 = v->s2 / v->n;
	t = pe_ring_ago(&v->win, v->n - 1);
	v->s1 -= t;
	v->s2 -= t * t;
	*var = m2 - m1 * m1;
	return 1;
}

/*
 * The least-squares line y = b + m*x through the last n values, x = 0 at
 * the oldest and n-1 at the newest, as TA-Lib's LINEARREG family computes
 * it: with a = the age of a value (0 newest), SumX = n(n-1)/2, SumXSqr =
 * n(n-1)(2n-1)/6, Divisor = SumX² - n*SumXSqr, m = (n*Σ a*y - SumX*Σ y) /
 * Divisor, b = (Σ y - m*SumX) / n.  TA-Lib sums each window afresh; here
 * Σ y and Σ a*y are kept running (one bar older: Σ a*y += Σ y - n*oldest)
 * and summed afresh, in TA-Lib's order, once every n bars, so the cost is
 * amortised O(1), rounding cannot drift, and a NaN leaves with its window.
 * Lookback n-1.
 */
struct pe_linreg {
	struct pe_ring win;
	double sumy, sumxy, sumx, divisor;
	uint32_t n, count, since;
};

static inline void
pe_linreg_init(struct pe_linreg *r, double n, void *rings)
{
	int64_t k = (int64_t)n;

	r->n = (uint32_t)n;
	r->sumy = r->sumxy = 0;
	r->sumx = n * (n - 1) * 0.5;
	r->divisor = r->sumx * r->sumx - n * (double)(k * (k - 1) *
	    (2 * k - 1) / 6);
	r->count = r->since = 0;
	pe_ring_init(&r->win, rings, r->n);
}

/* Push y; *m and *b receive the slope and intercept once n values exist. */
static inline int
pe_linreg_step(struct pe_linreg *r, double y, double *m, double *b,
    struct pe_undo *u)
{
	double old = pe_ring_ago(&r->win, r->n - 1), v;
	uint32_t i;

	pe_ring_push(&r->win, y, u);
	r->sumxy += r->sumy - r->n * old;
	r->sumy += y - old;
	if (r->count < r->n)
		r->count++;
	if (r->count < r->n)
		return 0;
	if (r->since == 0) {
		r->sumy = r->sumxy = 0;
		for (i = r->n; i-- != 0;) {
			v = pe_ring_ago(&r->win, i);
			r->sumy += v;
			r->sumxy += (double)i * v;
		}
	}
	if (++r->since == r->n)
		r->since = 0;
	*m = (r->n * r->sumxy - r->sumx * r->sumy) / r->divisor;
	*b = (r->sumy - *m * r->sumx) / (double)r->n;
	return 1;
}

#endif
