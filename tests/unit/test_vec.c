/*
 * test_vec.c: the vectorised evaluator (pe_plan_run, lib/formula/vec.c).
 *
 * Two kinds of checks.  Hand-computed: small series whose every value is
 * written out below (cross_above, Kleene logic, NaN rules, division by
 * zero, barssince, valuewhen, first, the derived series).  And an oracle:
 * for a corpus of formulas over generated series (ties and NaN included),
 * every node's column is recomputed here the slow, obvious way from its
 * operands' columns (windows rescanned at every bar, indicators stepped
 * one bar at a time with pe_ind_step) and must match bit for bit (sum to
 * 1e-9 relative: the evaluator keeps a running total, the oracle adds the
 * window afresh).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "pe_formula.h"
#include "pe_ind.h"
#include "pe_plan.h"
#include "pe_series.h"

/* Compile src (a file when file is 1) with roles from values. */
static struct pe_plan *
compile(const char *src, int file, enum pe_prole role, unsigned flags)
{
	struct pe_formula *f = NULL;
	struct pe_plan *p = NULL;
	struct pe_plan_src ps;
	struct pe_error err;
	char buf[1024];
	int rc;

	rc = file ? pe_formula_parse_file(src, strlen(src), "t.pe", &f, &err) :
	    pe_formula_parse_expr(src, strlen(src), NULL, &f, &err);
	if (rc == PE_OK) {
		ps.f = f;
		ps.role = role;
		rc = pe_plan_compile(&ps, 1, flags, &p, &err);
	}
	if (rc != PE_OK) {
		if (f != NULL && f->ndiag > 0) {
			pe_formula_render(f, &f->diag[0], buf, sizeof buf);
			printf("# %s\n", buf);
		}
		p = NULL;
	}
	pe_formula_free(f);
	return p;
}

static struct pe_series *
series_of(size_t n, const double *o, const double *h, const double *l,
    const double *c, const double *v)
{
	struct pe_series *s = pe_series_new("T");
	struct pe_candle k;
	size_t i;

	for (i = 0; i < n; i++) {
		k.time = (int64_t)i * 86400000;
		k.close = c[i];
		k.open = o ? o[i] : c[i];
		k.high = h ? h[i] : c[i];
		k.low = l ? l[i] : c[i];
		k.volume = v ? v[i] : 1000;
		pe_series_push(s, &k, 0);
	}
	s->has_volume = 1;
	return s;
}

/* A random walk in cents (so ties happen), valid candles. */
static struct pe_series *
series_random(size_t n, uint64_t seed)
{
	struct pe_series *s = pe_series_new("R");
	struct pe_candle k;
	double c = 100, o;
	size_t i;

	rng_state = seed;
	for (i = 0; i < n; i++) {
		o = c;
		c = round((c + ((double)(rng() % 201) - 100) / 100.0) * 100) /
		    100;
		if (c < 1)
			c = 1;
		if (rng() % 9 == 0)
			c = o;	/* flat bars: zero ranges, equal closes */
		/* every 7 h 13 min 20 s from 1969-12-27: times of day, days
		 * of the week and a year change for the time names */
		k.time = ((int64_t)i * 26000 - 430000) * 1000;
		k.open = o;
		k.close = c;
		k.high = (o > c ? o : c) + (double)(rng() % 50) / 100;
		k.low = (o < c ? o : c) - (double)(rng() % 50) / 100;
		k.volume = (double)(rng() % 10000);
		pe_series_push(s, &k, 0);
	}
	s->has_volume = 1;
	return s;
}

/* Run p over s into a new vec (NULL on failure). */
static struct pe_plan_vec *
run(const struct pe_plan *p, const struct pe_series *s)
{
	struct pe_plan_vec *v;
	struct pe_error err;

	if ((v = pe_plan_vec_new(p, &err)) == NULL)
		return NULL;
	if (pe_plan_run(v, s, &err) != PE_OK) {
		printf("# run: %s\n", err.msg);
		pe_plan_vec_free(v);
		return NULL;
	}
	return v;
}

/* The column of formula i as text: 1, 0 or N per bar; numbers %g. */
static const char *
col_text(const struct pe_plan *p, const struct pe_plan_vec *v, size_t i,
    char *buf, size_t n)
{
	const double *c = pe_plan_col(v, p->formula[i].root);
	size_t j, len = 0;

	buf[0] = '\0';
	for (j = 0; j < pe_plan_vec_len(v) && len + 32 < n; j++) {
		if (isnan(c[j]))
			len += (size_t)snprintf(buf + len, n - len, "%sN",
			    j ? " " : "");
		else
			len += (size_t)snprintf(buf + len, n - len, "%s%g",
			    j ? " " : "", c[j]);
	}
	return buf;
}

/* Check formula i of a file over s against want. */
static void
check_formulas(const char *src, enum pe_prole role,
    const struct pe_series *s, const char *const *want, const char *what)
{
	struct pe_plan *p = compile(src, 1, role, 0);
	struct pe_plan_vec *v;
	char buf[1024];
	size_t i;

	if (p == NULL || (v = run(p, s)) == NULL) {
		CHECK(0, "%s: compiles and runs", what);
		pe_plan_free(p);
		return;
	}
	for (i = 0; i < p->nformulas; i++)
		CHECK_STR(col_text(p, v, i, buf, sizeof buf), want[i],
		    "%s: %s", what, p->formula[i].name);
	pe_plan_vec_free(v);
	pe_plan_free(p);
}

static void
test_kleene(void)
{
	/* (open == 1, close == 1) over T F N x T F N */
	static const double o[] = { 1, 1, 1, 0, 0, 0, NAN, NAN, NAN };
	static const double c[] = { 1, 0, NAN, 1, 0, NAN, 1, 0, NAN };
	static const char *const want[] = {
		"1 0 N 0 0 0 N 0 N",	/* and */
		"1 1 1 1 0 N 1 N N",	/* or */
		"0 0 0 1 1 1 N N N",	/* not */
		"1 0 N 0 1 N N N N",	/* == of booleans */
		"0 1 N 1 0 N N N N",	/* != of booleans */
		"0 0 0 0 0 0 1 1 1",	/* na */
		"1 1 1 0 0 0 0 0 0",	/* nz(cond): NA as false */
		"1 1 1 0 0 0 1 1 1",	/* nz(cond, 1) */
	};
	struct pe_series *s = series_of(9, o, NULL, NULL, c, NULL);

	check_formulas("kand: open == 1 and close == 1\n"
	    "kor: open == 1 or close == 1\n"
	    "knot: not open == 1\n"
	    "eq: (open == 1) == (close == 1)\n"
	    "ne: (open == 1) != (close == 1)\n"
	    "isna: na(open == 1)\n"
	    "nz0: nz(open == 1)\n"
	    "nz1: nz(open == 1, 1)\n", PE_PR_SIGNAL, s, want,
	    "Kleene truth table");
	pe_series_free(s);
}

static void
test_nan_rules(void)
{
	static const double c[] = { 2, 0, -3, NAN, 5 };
	static const char *const want[] = {
		"1 N 1 N 1",		/* division by zero */
		"0 N -0 N 0",		/* % by zero */
		"N N N N N",		/* 0 / 0 folded */
		"1 1 0 N 1",		/* comparison with NaN */
		"2 0 3 N 5",		/* abs */
		"-1 -1 -3 N -1",	/* min */
		"2 1 1 N 5",		/* max */
		"2 0 -3 7 5",		/* nz */
		"0 0 0 1 0",		/* na */
		"-2 -0 3 N -5",		/* negation */
		"4 2 -1 N 7",		/* + */
		"inf 0 -inf N inf",	/* overflow */
		"N inf -inf N N",	/* sum of infinities over 2 */
		"N N N N N",		/* +inf and -inf over 3: NaN */
	};
	struct pe_series *s = series_of(5, NULL, NULL, NULL, c, NULL);

	check_formulas("d: close / close\n"
	    "m: close % close\n"
	    "z: 0 / 0\n"
	    "g: close > -1\n"
	    "a: abs(close)\n"
	    "mn: min(close, 2 - 3)\n"
	    "mx: max(close, 1)\n"
	    "nz: nz(close, 7)\n"
	    "na: na(close)\n"
	    "neg: -close\n"
	    "add: close + 2\n"
	    "ov: close * 1e308 * 10\n"
	    "s2: sum(close * 1e308 * 10, 2)\n"
	    "s3: sum(close * 1e308 * 10, 3)\n",
	    PE_PR_VALUE, s, want, "NaN rules");
	pe_series_free(s);
}

static void
test_cross(void)
{
	static const double c[] = { 4, 6, 6, 4, 5, 6, NAN, 7, 3, 8, 5, 5 };
	static const char *const want[] = {
		"N 1 0 0 0 1 N N 0 1 0 0",	/* cross_above(close, 5) */
		"N 0 0 1 0 0 N N 1 0 0 0",	/* cross_below(close, 5) */
	};
	struct pe_series *s = series_of(12, NULL, NULL, NULL, c, NULL);

	check_formulas("up: cross_above(close, 5)\n"
	    "down: cross_below(close, 5)\n", PE_PR_SIGNAL, s, want,
	    "cross_above, cross_below");
	pe_series_free(s);
}

static void
test_windows(void)
{
	static const double c[] = { 3, 1, 4, 1, 5, NAN, 9, 2, 6, 5, 3, 5 };
	static const char *const want[] = {
		"N N 4 4 5 N N N 9 6 6 5",	/* highest(close, 3) */
		"N N 1 1 1 N N N 2 2 3 3",	/* lowest(close, 3) */
		"N N 8 6 10 N N N 17 13 14 13",	/* sum(close, 3) */
		"N N 1 0 1 N 4 N -3 3 -3 0",	/* change(close, 2) */
		"N N 1 0 1 N N N 0 0 0 0",	/* rising(close, 2) */
		"N N 0 0 0 N N N 0 0 1 0",	/* falling(close, 2) */
		"N 3 1 4 1 5 N 9 2 6 5 3",	/* close[1] */
		"N N N 3 1 4 1 5 N 9 2 6",	/* close[1][2] */
		"N 3 3 4 4 4 4 9 9 6 5 5",	/* valuewhen(close < close[1], close[1]) */
		"N N N 3 3 3 3 4 4 9 6 6",	/* valuewhen(..., close[1], 1) */
		"N 0 1 0 1 2 3 0 1 0 0 1",	/* barssince(close < close[1]) */
		"0 1 0 1 0 0 0 1 0 1 0 0",	/* first(close < close[1]) */
	};
	struct pe_series *s = series_of(12, NULL, NULL, NULL, c, NULL);

	check_formulas("hi: highest(close, 3)\n"
	    "lo: lowest(close, 3)\n"
	    "sum: sum(close, 3)\n"
	    "ch: change(close, 2)\n"
	    "ri: rising(close, 2)\n"
	    "fa: falling(close, 2)\n"
	    "o1: close[1]\n"
	    "o3: close[1][2]\n"
	    "vw: valuewhen(close < close[1], close[1])\n"
	    "vw1: valuewhen(close < close[1], close[1], 1)\n"
	    "bs: barssince(close < close[1])\n"
	    "fi: first(close < close[1])\n", PE_PR_VALUE, s, want,
	    "rolling built-ins");
	pe_series_free(s);
}

static void
test_series(void)
{
	static const double o[] = { 1, 2 }, h[] = { 4, 8 }, l[] = { 1, 1 },
	    c[] = { 3, 4 }, vol[] = { 10, 20 };
	static const char *const want[] = {
		"2.5 4.5", "2.66667 4.33333", "2.25 3.75", "1 2", "4 8",
		"1 1", "3 4", "10 20",
	};
	struct pe_series *s = series_of(2, o, h, l, c, vol);

	check_formulas("a: hl2\nb: hlc3\nc: ohlc4\nd: o\ne: h\nf: l\ng: c\n"
	    "h: v\n", PE_PR_VALUE, s, want, "series and derived series");
	pe_series_free(s);
}

/* An indicator's column equals pe_ind_batch's over the same input. */
static void
test_ind_batch(void)
{
	struct pe_series *s = series_random(300, 7);
	struct pe_plan *p = compile("sma(close, 3) > 0 and sma(rsi(14), 5) > 50"
	    " and macd(12, 26, 9).signal > macd().hist", 0, PE_PR_SIGNAL, 0);
	struct pe_plan_vec *v;
	struct pe_ind *ind;
	struct pe_cols cols;
	double *o[PE_IND_MAXOUT], rsi[300], *out;
	const double *col;
	struct agg a;
	size_t i, j;
	int k;

	if (p == NULL || (v = run(p, s)) == NULL) {
		CHECK(0, "indicators: compiles and runs");
		pe_plan_free(p);
		pe_series_free(s);
		return;
	}
	CHECK_EQ_I64(p->ninds, 4, "sma, rsi, sma of rsi, macd: 4 instances");
	for (i = 0; i < p->ninds; i++) {
		const struct pe_plan_ind *in = &p->ind[i];

		memset(&a, 0, sizeof a);
		ind = pe_ind_new(in->info, in->p, NULL);
		memset(&cols, 0, sizeof cols);
		cols.open = s->open + in->start;
		cols.high = s->high + in->start;
		cols.low = s->low + in->start;
		cols.close = s->close + in->start;
		cols.volume = s->volume + in->start;
		cols.time = s->time + in->start;
		if (in->x >= 0) {
			col = pe_plan_col(v, in->x);
			memcpy(rsi, col, sizeof rsi);
			cols.x = rsi + in->start;
		}
		out = malloc(sizeof(double) * 300 * PE_IND_MAXOUT);
		for (k = 0; k < PE_IND_MAXOUT; k++)
			o[k] = out + 300 * k;
		pe_ind_batch(ind, 300 - (size_t)in->start, &cols, o);
		for (k = 0; k < in->info->nout; k++) {
			if (in->node[k] < 0)
				continue;
			col = pe_plan_col(v, in->node[k]);
			for (j = 0; j < 300; j++) {
				double want = j < (size_t)in->start ? NAN :
				    o[k][j - in->start];

				a.total++;
				if (!same_dbl(col[j], want))
					agg_fail(&a, "bar %zu: %g vs %g", j,
					    col[j], want);
			}
		}
		CHECK_AGG(a, "%s equals pe_ind_batch from bar %ld", in->text,
		    in->start);
		free(out);
		pe_ind_free(ind);
	}
	CHECK_EQ_I64(p->ind[2].start, 14, "sma(rsi(close,14),5) starts at 14");
	CHECK_EQ_I64(p->ind[2].lookback, 18, "and has lookback 18");
	pe_plan_vec_free(v);
	pe_plan_free(p);
	pe_series_free(s);
}

/*
 * The oracle: node i recomputed from its operands' columns in v.
 */
static double
win_ext(const double *a, size_t j, size_t w, int dir)
{
	double m = a[j];
	size_t t;

	for (t = j + 1 - w; t <= j; t++) {
		if (isnan(a[t]))
			return NAN;
		if (dir > 0 ? a[t] > m : a[t] < m)
			m = a[t];
	}
	return m + 0.0;
}

/* What a TIME node gives, from gmtime_r rather than the library's own
 * civil calendar. */
static double
time_of(int64_t ms, long which, size_t j)
{
	time_t t = (time_t)(ms / 1000 - (ms % 1000 < 0));
	struct tm tm;

	gmtime_r(&t, &tm);
	switch (which) {
	case PE_TM_YEAR: return tm.tm_year + 1900;
	case PE_TM_MONTH: return tm.tm_mon + 1;
	case PE_TM_DAY: return tm.tm_mday;
	case PE_TM_DOW: return tm.tm_wday == 0 ? 7 : tm.tm_wday;
	case PE_TM_HOUR: return tm.tm_hour;
	case PE_TM_MINUTE: return tm.tm_min;
	default: return (double)j;
	}
}

/* The median of p[0..w) by selection rather than a sort: the k-th
 * smallest is the value with fewer than k+1 below it and at least k+1 at
 * or below it. */
static double
kth(const double *p, size_t w, size_t k)
{
	size_t i, t, lt, le;

	for (i = 0; i < w; i++) {
		for (t = lt = le = 0; t < w; t++) {
			lt += p[t] < p[i];
			le += p[t] <= p[i];
		}
		if (lt <= k && k < le)
			return p[i];
	}
	return NAN;
}

static double
median_sel(const double *p, size_t w)
{
	size_t t;

	for (t = 0; t < w; t++)
		if (isnan(p[t]))
			return NAN;
	return w % 2 ? kth(p, w, w / 2) :
	    (kth(p, w, w / 2 - 1) + kth(p, w, w / 2)) / 2;
}

static double
fin(double v)
{
	return isfinite(v) ? v : NAN;
}

/*
 * round(x, d) another way than the library's: x's exact decimal expansion
 * (glibc prints every digit), rounded half away from zero at d places by
 * hand, read back by strtod.  d 0: C's round.
 */
static double
round_places(double x, double d)
{
	char buf[1200], *dot, *p;
	int k, carry;

	if (d == 0 || isnan(x))
		return d == 0 ? round(x) : NAN;
	snprintf(buf + 1, sizeof buf - 1, "%.1000f", fabs(x));
	buf[0] = '0';
	dot = strchr(buf, '.');
	p = dot + (int)d;	/* the last digit kept */
	carry = p[1] >= '5';
	p[1] = '\0';
	for (k = 0; carry && p >= buf; p--) {
		if (*p == '.')
			continue;
		carry = *p == '9';
		*p = carry ? '0' : (char)(*p + 1);
	}
	(void)k;
	return copysign(strtod(buf, NULL), x);
}

static void
oracle(const struct pe_plan *p, const struct pe_plan_vec *v,
    const struct pe_series *s, size_t i, double *o)
{
	const struct pe_plan_node *nd = &p->node[i];
	const double *A = nd->a >= 0 ? pe_plan_col(v, nd->a) : NULL;
	const double *B = nd->b >= 0 ? pe_plan_col(v, nd->b) : NULL;
	size_t n = s->n, j, t, w = (size_t)nd->n, cnt;
	double x, y, out[PE_IND_MAXOUT];
	struct pe_bar bar;
	struct pe_ind *ind;

	for (j = 0; j < n; j++) {
		x = A ? A[j] : NAN;
		y = B ? B[j] : NAN;
		switch (nd->op) {
		case PE_OP_CONST: o[j] = nd->value; break;
		case PE_OP_SERIES:
			switch (nd->n) {
			case PE_SER_OPEN: o[j] = s->open[j]; break;
			case PE_SER_HIGH: o[j] = s->high[j]; break;
			case PE_SER_LOW: o[j] = s->low[j]; break;
			case PE_SER_CLOSE: o[j] = s->close[j]; break;
			case PE_SER_VOLUME: o[j] = s->volume[j]; break;
			case PE_SER_HL2:
				o[j] = (s->high[j] + s->low[j]) / 2;
				break;
			case PE_SER_HLC3:
				o[j] = (s->high[j] + s->low[j] + s->close[j]) /
				    3;
				break;
			default:
				o[j] = (s->open[j] + s->high[j] + s->low[j] +
				    s->close[j]) / 4;
				break;
			}
			break;
		case PE_OP_IND: o[j] = NAN; break;	/* below */
		case PE_OP_NEG: o[j] = -x; break;
		case PE_OP_ADD: o[j] = x + y; break;
		case PE_OP_SUB: o[j] = x - y; break;
		case PE_OP_MUL: o[j] = x * y; break;
		case PE_OP_DIV: o[j] = y == 0 ? NAN : x / y; break;
		case PE_OP_MOD: o[j] = y == 0 ? NAN : fmod(x, y); break;
		case PE_OP_LT: case PE_OP_LE: case PE_OP_GT: case PE_OP_GE:
		case PE_OP_EQ: case PE_OP_NE:
			if (isnan(x) || isnan(y))
				o[j] = NAN;
			else
				o[j] = nd->op == PE_OP_LT ? x < y :
				    nd->op == PE_OP_LE ? x <= y :
				    nd->op == PE_OP_GT ? x > y :
				    nd->op == PE_OP_GE ? x >= y :
				    nd->op == PE_OP_EQ ? x == y : x != y;
			break;
		case PE_OP_AND:
			o[j] = x == 0 || y == 0 ? 0 : x == 1 && y == 1 ? 1 :
			    NAN;
			break;
		case PE_OP_OR:
			o[j] = x == 1 || y == 1 ? 1 : x == 0 && y == 0 ? 0 :
			    NAN;
			break;
		case PE_OP_NOT: o[j] = x == 1 ? 0 : x == 0 ? 1 : NAN; break;
		case PE_OP_OFFSET: o[j] = j < w ? NAN : A[j - w]; break;
		case PE_OP_CROSS_ABOVE: case PE_OP_CROSS_BELOW:
			if (j == 0 || isnan(x) || isnan(y) || isnan(A[j - 1]) ||
			    isnan(B[j - 1]))
				o[j] = NAN;
			else if (nd->op == PE_OP_CROSS_ABOVE)
				o[j] = x > y && A[j - 1] <= B[j - 1];
			else
				o[j] = x < y && A[j - 1] >= B[j - 1];
			break;
		case PE_OP_HIGHEST: case PE_OP_LOWEST:
			o[j] = j + 1 < w ? NAN : win_ext(A, j, w,
			    nd->op == PE_OP_HIGHEST ? 1 : -1);
			break;
		case PE_OP_SUM:
			o[j] = NAN;
			if (j + 1 < w)
				break;
			for (t = j + 1 - w, o[j] = 0; t <= j; t++)
				o[j] += A[t];
			break;
		case PE_OP_CHANGE: o[j] = j < w ? NAN : x - A[j - w]; break;
		case PE_OP_RISING: case PE_OP_FALLING:
			o[j] = NAN;
			if (j < w || isnan(x))
				break;
			for (t = j - w; t < j; t++) {
				if (isnan(A[t])) {
					o[j] = NAN;
					break;
				}
				if (nd->op == PE_OP_RISING ? !(x > A[t]) :
				    !(x < A[t]))
					o[j] = 0;
			}
			if (t == j && isnan(o[j]))
				o[j] = 1;
			break;
		case PE_OP_BARSSINCE:
			o[j] = NAN;
			for (t = j + 1; t-- > 0;)
				if (A[t] == 1) {
					o[j] = (double)(j - t);
					break;
				}
			break;
		case PE_OP_VALUEWHEN:
			o[j] = NAN;
			for (t = j + 1, cnt = 0; t-- > 0;)
				if (A[t] == 1 && cnt++ == w) {
					o[j] = B[t];
					break;
				}
			break;
		case PE_OP_FIRST:
			o[j] = x == 1 && (j == 0 || A[j - 1] != 1);
			break;
		case PE_OP_TIME:
			o[j] = time_of(s->time[j], nd->n, j);
			break;
		case PE_OP_WHEN: o[j] = x == 1 ? y : NAN; break;
		case PE_OP_PERCENTRANK:
			o[j] = NAN;
			if (j >= w && !isnan(x)) {
				size_t le = 0, bad = 0;

				for (t = j - w; t < j; t++) {
					bad |= isnan(A[t]);
					le += A[t] <= x;
				}
				if (!bad)
					o[j] = 100.0 * (double)le / (double)w;
			}
			break;
		case PE_OP_MEDIAN:
			o[j] = j + 1 < w ? NAN : median_sel(A + j + 1 - w, w);
			break;
		case PE_OP_UNLESS: o[j] = x == 0 ? y : NAN; break;
		case PE_OP_CUM:
			o[j] = 0;
			for (t = 0; t <= j; t++)
				if (!isnan(A[t]))
					o[j] += A[t];
			break;
		case PE_OP_NA: o[j] = isnan(x); break;
		case PE_OP_NZ: o[j] = isnan(x) ? y : x; break;
		case PE_OP_ABS: o[j] = fabs(x); break;
		case PE_OP_MIN:
			o[j] = isnan(x) || isnan(y) ? NAN : x < y ? x : y;
			break;
		case PE_OP_MAX:
			o[j] = isnan(x) || isnan(y) ? NAN : x > y ? x : y;
			break;
		case PE_OP_SQRT: o[j] = fin(sqrt(x)); break;
		case PE_OP_LOG: o[j] = fin(log(x)); break;
		case PE_OP_LOG10: o[j] = fin(log10(x)); break;
		case PE_OP_EXP: o[j] = fin(exp(x)); break;
		case PE_OP_POW: o[j] = fin(pow(x, y)); break;
		case PE_OP_ROUND: o[j] = fin(round_places(x, y)); break;
		case PE_OP_FLOOR: o[j] = fin(floor(x)); break;
		case PE_OP_CEIL: o[j] = fin(ceil(x)); break;
		case PE_OP_SIGN:
			o[j] = isnan(x) ? NAN : x > 0 ? 1 : x < 0 ? -1 : 0;
			break;
		case PE_OP_SIN: o[j] = fin(sin(x)); break;
		case PE_OP_COS: o[j] = fin(cos(x)); break;
		case PE_OP_TAN: o[j] = fin(tan(x)); break;
		case PE_OP_ASIN: o[j] = fin(asin(x)); break;
		case PE_OP_ACOS: o[j] = fin(acos(x)); break;
		case PE_OP_ATAN: o[j] = fin(atan(x)); break;
		case PE_OP_SINH: o[j] = fin(sinh(x)); break;
		case PE_OP_COSH: o[j] = fin(cosh(x)); break;
		case PE_OP_TANH: o[j] = fin(tanh(x)); break;
		default: o[j] = 12345; break;
		}
	}
	if (nd->op != PE_OP_IND)
		return;
	/* The instance stepped bar by bar from its start. */
	ind = pe_ind_new(p->ind[nd->ind].info, p->ind[nd->ind].p, NULL);
	for (j = (size_t)p->ind[nd->ind].start; j < n; j++) {
		bar.open = s->open[j];
		bar.high = s->high[j];
		bar.low = s->low[j];
		bar.close = s->close[j];
		bar.volume = s->volume[j];
		bar.time = s->time[j];
		bar.x = A ? A[j] : NAN;
		bar.y = B ? B[j] : NAN;
		pe_ind_step(ind, &bar, out);
		o[j] = out[nd->k];
	}
	pe_ind_free(ind);
}

/* Formulas for the oracle: every op, nesting, lets, NaN from divisions. */
static const char *const corpus[] = {
	"rsi(14) < 30 and close > sma(close, 20)",
	"cross_above(ema(close, 12), ema(close, 26))",
	"cross_below(macd(12, 26, 9), macd(12, 26, 9).signal)",
	"bbands(20, 2).upper < close or bbands(20, 2).lower > close",
	"highest(high, 10) == high and lowest(low, 5) < low[3]",
	"sum(volume, 5) > 5 * sma(volume, 20)",
	"change(close) > 0 and change(close, 5) < 0",
	"rising(close, 3) or falling(close, 2)",
	"barssince(close > open) > 2",
	"valuewhen(cross_above(close, sma(close, 10)), close, 1) < close",
	"first(rsi(5) < 40)",
	"na(close / (close - open)) or nz(close / (close - open)) > 1",
	"abs(close - open) > atr(14) / 2",
	"min(open, close) > max(low, sma(low, 3))",
	"sma(rsi(14), 5) > 50",
	"ema(close - open, 3) > 0",
	"highest(close / (close - open), 4) > 10",
	"lowest(1 / (high - low), 3) < 1",
	"sum(close / (open - close), 3) > 0",
	"rising((high - low) / (close - open), 2)",
	"cross_above(close / (close - open), 1)",
	"(close % 3) > 1 and not (open % 0 > 1)",
	"close[1] > close[2] and close[2] > close[3][1]",
	"(close - close[1]) / close[1] * 100 > 1",
	"stoch(5, 3, 3) > stoch(5, 3, 3).slowd",
	"adx(14) > 25 and plus_di(14) > minus_di(14)",
	"correl(high, low, 10) > 0.5",
	"obv() > obv()[1]",
	"ma(close, 10, ema) > ma(close, 10, wma)",
	"hl2 > hlc3 and ohlc4 < hl2",
	"valuewhen(close > open, high - low) > atr(5)",
	"barssince(na(close / (close - open))) < 3",
	"first(close > open) and not first(close[1] > open[1])",
	"nz(rsi(3) > 60) or close == open",
	"sma(sma(sma(close, 3), 3), 3) > close",
	"willr(14) < -80",
	"cci(20) > 100 or mfi(14) < 20",
	"aroon(14).aroonup > aroon(14)",
	"sar() < low",
	"rsi(close / (close - open), 5) > 50",
	"beta(close, open, 5) > 1",
	"(close > open) == (close[1] > open[1])",
	"-close < -open",
	"change(rsi(14), 3) > 5 and highest(rsi(14), 5) > 70",
	"valuewhen(rising(close, 2), rsi(6), 2) > 50",
	"falling(sum(close, 3), 2) and sum(close, 3) > 0",
	"sqrt(high - low) > log(close) / 10 and round(close, 1) >= floor(close)",
	"pow(close / close[1], 2) > exp(0.001) or sign(change(close)) == -1",
	"ceil(rsi(14)) > 50 and tanh(change(close) / atr(14)) > 0",
	"atan(close - open) + asin(close / high) > sinh(0.1) - cosh(0.1)",
	"round(close / (close - open), 2) > log10(volume) or acos(low / close) < 1",
	"sin(close) > cos(close) and tan(close) < 10 and round(close) > 0",
	"cum(volume) > 1000 * cum(1) and cum(close / (close - open)) > 0",
	"cum(change(close)) > 0 or cum(rsi(3) - 50) > 5",
	"dayofweek < 6 and day > 3 and month != 2 and year > 2000",
	"hour + minute >= 0 and bar_index > 10 and sma(day, 3) > 2",
	"iif(close > open, high, low) > sma(close, 3)",
	"iif(rsi(14) > 50, close > open, close < open) or iif(na(close[1]), 0, change(close)) > 1",
	"sma(iif(close > close[1], volume, 0), 5) > iif(close > 100, 1, 0)",
	"percentrank(close, 10) > 50 and median(close, 5) < close",
	"median(close / (close - open), 4) > percentrank(volume, 1) / 100",
	"median(high - low, 1) == high - low and percentrank(rsi(5), 20) >= 0",
};

static const char *const corpus_file =
    "let fast = ema(close, 12)\n"
    "let slow = ema(close, 26)\n"
    "golden: cross_above(fast, slow)\n"
    "@entry buy: fast > slow and rsi(14) < 70\n"
    "@exit sell: cross_below(fast, slow) or rsi(14) > 80\n"
    "let r = rsi(14)\n"
    "osc: r < 30 and r[1] >= 30\n";

static void
check_oracle(const struct pe_plan *p, const struct pe_series *s,
    const char *what)
{
	struct pe_plan_vec *v = run(p, s);
	const double *col;
	double *o;
	struct agg a;
	size_t i, j;

	if (v == NULL) {
		CHECK(0, "oracle %s: runs", what);
		return;
	}
	memset(&a, 0, sizeof a);
	o = malloc((s->n + 1) * sizeof *o);
	for (i = 0; i < p->nnodes; i++) {
		oracle(p, v, s, i, o);
		col = pe_plan_col(v, (int)i);
		for (j = 0; j < s->n; j++) {
			int ok = same_dbl(col[j], o[j]);

			if (!ok && p->node[i].op == PE_OP_SUM &&
			    !isnan(col[j]) && !isnan(o[j]))
				ok = fabs(col[j] - o[j]) <=
				    1e-9 * (fabs(o[j]) + 1e-300);
			a.total++;
			if (!ok)
				agg_fail(&a, "n%zu %s bar %zu: %.17g, oracle "
				    "%.17g", i, p->node[i].text, j, col[j],
				    o[j]);
		}
	}
	CHECK_AGG(a, "oracle %s: every node over %zu bars", what, s->n);
	free(o);
	pe_plan_vec_free(v);
}

static void
test_oracle(void)
{
	struct pe_series *s = series_random(400, 42), *e = series_random(3, 1);
	struct pe_plan *p;
	size_t i;

	for (i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
		if ((p = compile(corpus[i], 0, PE_PR_SIGNAL, 0)) == NULL) {
			CHECK(0, "oracle: compiles: %s", corpus[i]);
			continue;
		}
		check_oracle(p, s, corpus[i]);
		check_oracle(p, e, "(3 bars)");
		pe_plan_free(p);
	}
	if ((p = compile(corpus_file, 1, PE_PR_SIGNAL, PE_PLAN_EDGE)) != NULL) {
		check_oracle(p, s, "a file with lets, --edge");
		pe_plan_free(p);
	} else
		CHECK(0, "oracle: the file compiles");
	pe_series_free(s);
	pe_series_free(e);
}

/* One vec over series of several lengths: the same as fresh vecs. */
static void
test_reuse(void)
{
	struct pe_plan *p = compile("sma(close, 5) > ema(close, 3) and "
	    "highest(close, 4) > close[2]", 0, PE_PR_SIGNAL, 0);
	static const size_t len[] = { 10, 0, 500, 3, 200 };
	struct pe_plan_vec *v = pe_plan_vec_new(p, NULL), *f;
	struct pe_series *s;
	struct agg a;
	size_t i, j, k;

	memset(&a, 0, sizeof a);
	for (i = 0; i < sizeof len / sizeof len[0]; i++) {
		s = series_random(len[i], 100 + i);
		CHECK(pe_plan_run(v, s, NULL) == PE_OK, "run over %zu bars",
		    len[i]);
		f = run(p, s);
		CHECK_EQ_I64(pe_plan_vec_len(v), len[i], "length %zu", len[i]);
		for (k = 0; k < p->nnodes; k++)
			for (j = 0; j < len[i]; j++) {
				a.total++;
				if (!same_dbl(pe_plan_col(v, (int)k)[j],
				    pe_plan_col(f, (int)k)[j]))
					agg_fail(&a, "len %zu node %zu bar %zu",
					    len[i], k, j);
			}
		pe_plan_vec_free(f);
		pe_series_free(s);
	}
	CHECK_AGG(a, "a reused vec equals fresh ones");
	pe_plan_vec_free(v);
	pe_plan_free(p);
}

static void
test_volume(void)
{
	static const double c[] = { 1, 2, 3 };
	struct pe_series *s = series_of(3, NULL, NULL, NULL, c, NULL);
	struct pe_plan *p = compile("obv() > 0", 0, PE_PR_SIGNAL, 0), *q;
	struct pe_plan_vec *v = pe_plan_vec_new(p, NULL);
	struct pe_error err;

	s->has_volume = 0;
	CHECK(pe_plan_run(v, s, &err) == PE_ERR_DATA, "obv without volume: "
	    "a data error");
	CHECK_STR(err.msg, "obv(close) needs volume, and the input has none",
	    "its message");
	pe_plan_vec_free(v);
	pe_plan_free(p);
	p = compile("volume > 0", 0, PE_PR_SIGNAL, 0);
	v = pe_plan_vec_new(p, NULL);
	CHECK(pe_plan_run(v, s, &err) == PE_ERR_DATA &&
	    strcmp(err.msg, "volume: the input has no volume") == 0,
	    "the volume series without volume: %s", err.msg);
	pe_plan_vec_free(v);
	q = compile("close > 1", 0, PE_PR_SIGNAL, 0);
	v = pe_plan_vec_new(q, NULL);
	CHECK(pe_plan_run(v, s, NULL) == PE_OK, "no volume needed: runs");
	pe_plan_vec_free(v);
	pe_plan_free(p);
	pe_plan_free(q);
	pe_series_free(s);
}

static void
test_edge_and_values(void)
{
	static const double c[] = { 1, 5, 6, 2, 7, 7 };
	struct pe_series *s = series_of(6, NULL, NULL, NULL, c, NULL);
	struct pe_plan *p = compile("close > 4", 0, PE_PR_SIGNAL,
	    PE_PLAN_EDGE);
	struct pe_plan_vec *v;
	char buf[256];

	v = run(p, s);
	CHECK_STR(col_text(p, v, 0, buf, sizeof buf), "0 1 0 0 1 0",
	    "PE_PLAN_EDGE: fires once per run of true");
	pe_plan_vec_free(v);
	pe_plan_free(p);
	p = compile("a: rsi(3) > sma(rsi(3), 2)\nb: atr(3) > 0\n"
	    "c: close > 0\n", 1, PE_PR_SIGNAL, 0);
	CHECK_EQ_I64(p->formula[0].nval, 2, "a uses two indicators");
	CHECK_STR(p->node[p->formula[0].val[0]].text, "rsi(close,3)",
	    "the first: rsi(close,3)");
	CHECK_STR(p->node[p->formula[0].val[1]].text,
	    "sma(rsi(close,3),2)", "the second: sma(rsi(close,3),2)");
	CHECK_EQ_I64(p->formula[1].nval, 1, "b uses one");
	CHECK_STR(p->node[p->formula[1].val[0]].text, "atr(3)", "atr(3)");
	CHECK_EQ_I64(p->formula[2].nval, 0, "c uses none");
	pe_plan_free(p);
	pe_series_free(s);
}

int
main(void)
{
	test_kleene();
	test_nan_rules();
	test_cross();
	test_windows();
	test_series();
	test_ind_batch();
	test_oracle();
	test_reuse();
	test_volume();
	test_edge_and_values();
	return done();
}
