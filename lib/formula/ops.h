/*
 * ops.h: the semantics of the plan's element-wise operations and of the
 * running sum, written once for both evaluators (vec.c over columns,
 * inc.c one bar at a time) and for the compiler's constant folding.  See
 * pe_plan.h for the contract; a change here changes all three at once.
 *
 * Everything is static inline on doubles: the column loops of vec.c
 * inline these into tight loops, inc.c calls them once per node.
 *
 * Bloat: no SIMD, no fast-math (NaN tests must stay).
 */
#ifndef PE_FORMULA_OPS_H
#define PE_FORMULA_OPS_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "pe_plan.h"
#include "pe_time.h"

static inline double
pe_op_div(double a, double b)
{
	return b == 0 ? NAN : a / b;
}

static inline double
pe_op_mod(double a, double b)
{
	return b == 0 ? NAN : fmod(a, b);
}

/*
 * A comparison's result: NA when either side is NaN.  The tests are
 * written without short-circuits (one unordered compare, bitwise ors):
 * the column loops then have no branch that depends on the data.
 */
static inline double
pe_op_bool(double a, double b, int r)
{
	return isunordered(a, b) ? NAN : r ? 1.0 : 0.0;
}

/* Kleene and on 1, 0, NaN: 0 if either is 0, else a * b (1, or NaN). */
static inline double
pe_op_and(double a, double b)
{
	return ((a == 0) | (b == 0)) ? 0.0 : a * b;
}

/* Kleene or: 1 if either is 1, else a * b (0, or NaN). */
static inline double
pe_op_or(double a, double b)
{
	return ((a == 1) | (b == 1)) ? 1.0 : a * b;
}

/* not: 1 - a (NaN stays NaN). */
static inline double
pe_op_not(double a)
{
	return 1.0 - a;
}

static inline double
pe_op_min(double a, double b)
{
	return isunordered(a, b) ? NAN : a < b ? a : b;
}

static inline double
pe_op_max(double a, double b)
{
	return isunordered(a, b) ? NAN : a > b ? a : b;
}

/* Whether op is one of the math functions (sqrt .. tanh, pe_plan.h). */
static inline int
pe_op_is_math(enum pe_op op)
{
	return op >= PE_OP_SQRT && op <= PE_OP_TANH;
}

/*
 * round(a, d): a rounded to d places, half away from zero, of the value a
 * holds, not of the decimal it was written as: 2.675 is stored as
 * 2.67499999999999982..., so round(2.675, 2) is 2.67 (as printf's %.2f and
 * --digits 2 write it), though 2.675 * 100 rounds to the double 267.5.  For
 * d from 1 to 22, 10^d is exact and fma gives the product's rounding
 * error, which settles a product that rounded onto a half.  Other d: the
 * plain round(a * 10^d) / 10^d.
 */
static inline double
pe_op_round(double a, double d)
{
	double p, hi, lo, r;

	if (d == 0)
		return round(a);
	if (d < 1 || d > 22 || d != floor(d)) {
		p = pow(10, d);
		return round(a * p) / p;
	}
	p = pow(10, d);		/* exact: 10^22 < 2^53 * 2^22 */
	hi = a * p;
	lo = fma(a, p, -hi);	/* a * p = hi + lo exactly */
	r = round(hi);
	if (fabs(hi - trunc(hi)) == 0.5 && lo != 0 && (lo < 0) != (hi < 0))
		r = trunc(hi);	/* below the half: toward zero */
	return r / p;
}

/* A math function of a (and b); NaN where the result is not finite. */
static inline double
pe_op_math(enum pe_op op, double a, double b)
{
	double v;

	switch (op) {
	case PE_OP_SQRT: v = sqrt(a); break;
	case PE_OP_LOG: v = log(a); break;
	case PE_OP_LOG10: v = log10(a); break;
	case PE_OP_EXP: v = exp(a); break;
	case PE_OP_POW: v = pow(a, b); break;
	case PE_OP_ROUND: v = pe_op_round(a, b); break;
	case PE_OP_FLOOR: v = floor(a); break;
	case PE_OP_CEIL: v = ceil(a); break;
	case PE_OP_SIGN: v = isnan(a) ? NAN : (double)((a > 0) - (a < 0));
		break;
	case PE_OP_SIN: v = sin(a); break;
	case PE_OP_COS: v = cos(a); break;
	case PE_OP_TAN: v = tan(a); break;
	case PE_OP_ASIN: v = asin(a); break;
	case PE_OP_ACOS: v = acos(a); break;
	case PE_OP_ATAN: v = atan(a); break;
	case PE_OP_SINH: v = sinh(a); break;
	case PE_OP_COSH: v = cosh(a); break;
	case PE_OP_TANH: v = tanh(a); break;
	default: v = NAN; break;
	}
	return isfinite(v) ? v : NAN;
}

/*
 * The element-wise ops (one or two operands, no memory of past bars):
 * NEG..NOT, NA, NZ, ABS, MIN, MAX and the math functions.  Returns NaN
 * for any other op.
 */
static inline double
pe_op_elem(enum pe_op op, double a, double b)
{
	switch (op) {
	case PE_OP_NEG: return -a;
	case PE_OP_ADD: return a + b;
	case PE_OP_SUB: return a - b;
	case PE_OP_MUL: return a * b;
	case PE_OP_DIV: return pe_op_div(a, b);
	case PE_OP_MOD: return pe_op_mod(a, b);
	case PE_OP_LT: return pe_op_bool(a, b, a < b);
	case PE_OP_LE: return pe_op_bool(a, b, a <= b);
	case PE_OP_GT: return pe_op_bool(a, b, a > b);
	case PE_OP_GE: return pe_op_bool(a, b, a >= b);
	case PE_OP_EQ: return pe_op_bool(a, b, a == b);
	case PE_OP_NE: return pe_op_bool(a, b, a != b);
	case PE_OP_AND: return pe_op_and(a, b);
	case PE_OP_OR: return pe_op_or(a, b);
	case PE_OP_NOT: return pe_op_not(a);
	case PE_OP_NA: return isnan(a) ? 1.0 : 0.0;
	case PE_OP_NZ: return isnan(a) ? b : a;
	case PE_OP_ABS: return fabs(a);
	case PE_OP_MIN: return pe_op_min(a, b);
	case PE_OP_MAX: return pe_op_max(a, b);
	case PE_OP_WHEN: return a == 1 ? b : NAN;
	case PE_OP_UNLESS: return a == 0 ? b : NAN;
	default: return pe_op_math(op, a, b);
	}
}

/* Whether op is one pe_op_elem computes. */
static inline int
pe_op_is_elem(enum pe_op op)
{
	return (op >= PE_OP_NEG && op <= PE_OP_NOT) || op == PE_OP_NA ||
	    op == PE_OP_NZ || op == PE_OP_ABS || op == PE_OP_MIN ||
	    op == PE_OP_MAX || op == PE_OP_WHEN || op == PE_OP_UNLESS ||
	    pe_op_is_math(op);
}

/* qsort's order of doubles (no NaN among them). */
static inline int
pe_op_dbl_cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/* The median of w[0..n) (n >= 1), sorting w; NaN when one of them is. */
static inline double
pe_op_median(double *w, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (isnan(w[k]))
			return NAN;
	qsort(w, n, sizeof *w, pe_op_dbl_cmp);
	return n % 2 ? w[n / 2] : (w[n / 2 - 1] + w[n / 2]) / 2;
}

/* percentrank of x over the n values before it, w[0..n); NaN when x or
 * one of them is. */
static inline double
pe_op_percentrank(const double *w, size_t n, double x)
{
	size_t k, le = 0;

	if (isnan(x))
		return NAN;
	for (k = 0; k < n; k++) {
		if (isnan(w[k]))
			return NAN;
		le += w[k] <= x;
	}
	return 100.0 * (double)le / (double)n;
}

/* What a TIME node of kind which gives at bar i, of start time ms (UTC):
 * its fields in the zone pe_tz_set chose, or in UTC; a date (is_date: a
 * series of dates) is its own day in every zone. */
static inline double
pe_op_time(long which, int64_t ms, int64_t i, int is_date)
{
	int64_t days, y;
	int64_t in_day;
	unsigned m, d;

	if (which == PE_TM_BAR_INDEX)
		return (double)i;
	if (!is_date)
		ms = pe_tz_local(ms);	/* --tz: the exchange's wall clock */
	days = ms / PE_MS_PER_DAY;
	if (ms % PE_MS_PER_DAY < 0)
		days--;		/* before 1970: the day it falls in */
	in_day = ms - days * PE_MS_PER_DAY;
	switch (which) {
	case PE_TM_YEAR: case PE_TM_MONTH: case PE_TM_DAY:
		pe_time_civil_from_days(days, &y, &m, &d);
		return which == PE_TM_YEAR ? (double)y : which == PE_TM_MONTH ?
		    (double)m : (double)d;
	case PE_TM_DOW:		/* 1970-01-01 was a Thursday, ISO 4 */
		return (double)(((days % 7 + 7 + 3) % 7) + 1);
	case PE_TM_HOUR: return (double)(in_day / 3600000);
	case PE_TM_MINUTE: return (double)(in_day / 60000 % 60);
	default: return NAN;
	}
}

/* tf(): the bucket of a bar that starts at ms (UTC; a date when
 * is_date), on the wall clock of --tz (pe_plan.h, TF). */
static inline int64_t
pe_op_tf_bucket(int64_t ms, int64_t tf, int is_date)
{
	return pe_timeframe_bucket(ms, tf, is_date, NULL);
}

/* tf(): bar c into the higher-timeframe bar acc (open first, high max,
 * low min, close last, volume summed, time the first bar's). */
static inline void
pe_op_tf_merge(struct pe_candle *acc, const struct pe_candle *c)
{
	if (c->high > acc->high)
		acc->high = c->high;
	if (c->low < acc->low)
		acc->low = c->low;
	acc->close = c->close;
	acc->volume += c->volume;
}

/* A series of the bar: PE_SER_*, hl2 hlc3 ohlc4 summed left to right. */
static inline double
pe_op_series(long which, double o, double h, double l, double c, double v)
{
	switch (which) {
	case PE_SER_OPEN: return o;
	case PE_SER_HIGH: return h;
	case PE_SER_LOW: return l;
	case PE_SER_CLOSE: return c;
	case PE_SER_VOLUME: return v;
	case PE_SER_HL2: return (h + l) / 2;
	case PE_SER_HLC3: return (h + l + c) / 3;
	case PE_SER_OHLC4: return (o + h + l + c) / 4;
	default: return NAN;
	}
}

/*
 * pe_wsum: sum(x, n)'s window state.  Per bar i:
 *
 *	pe_wsum_add(&w, x_i);
 *	value = pe_wsum_value(&w)	(when i >= n - 1)
 *	pe_wsum_drop(&w, x_(i-n+1))	(when i >= n - 1)
 *
 * t is the running total of the finite values in the window; NaNs and
 * infinities are counted apart.  Only scalars: an undo is a struct copy.
 */
struct pe_wsum {
	double t;
	int64_t nan, pinf, minf;
};

static inline void
pe_wsum_add(struct pe_wsum *w, double x)
{
	if (isfinite(x))
		w->t = w->t + x;
	else if (isnan(x))
		w->nan++;
	else if (x > 0)
		w->pinf++;
	else
		w->minf++;
}

static inline void
pe_wsum_drop(struct pe_wsum *w, double x)
{
	if (isfinite(x))
		w->t = w->t - x;
	else if (isnan(x))
		w->nan--;
	else if (x > 0)
		w->pinf--;
	else
		w->minf--;
}

static inline double
pe_wsum_value(const struct pe_wsum *w)
{
	if (w->nan > 0 || (w->pinf > 0 && w->minf > 0))
		return NAN;
	if (w->pinf > 0)
		return INFINITY;
	if (w->minf > 0)
		return -INFINITY;
	return w->t;
}

#endif
