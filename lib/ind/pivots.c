/*
 * pivots: classic (floor) pivot points from the previous day or week
 * (as StockCharts' ChartSchool, "Pivot Points", gives the standard
 * system).
 *
 * Definition, with H, L and C the previous period's high (the highest
 * high of its bars), low (the lowest low) and close (its last bar's):
 *   p  = (H + L + C) / 3
 *   r1 = 2p - L,        s1 = 2p - H
 *   r2 = p + (H - L),   s2 = p - (H - L)
 *   r3 = H + 2(p - L),  s3 = L - 2(H - p)
 * The period is the UTC day (period 1, the default) or the week from
 * Monday 00:00 UTC (period 7) that a bar's time falls in.  Every bar of
 * a period shows the levels of the period before it; the bars of the
 * first period have none.  Daily bars with period 1 have levels from
 * bar 1, the lookback given; otherwise the first value comes with the
 * second period, which depends on the times, not on a number of bars.
 * Bars without a time (time 0) are one period: no levels.
 *
 * Bloat: no Fibonacci, Camarilla, Woodie or DeMark levels, no month, no
 * session starting at another hour than midnight UTC.
 */
#include <stdio.h>

#include "ind.h"
#include "pe_time.h"

struct pivots {
	double h, l, c;		/* the current period so far */
	double lv[7];		/* the previous period's levels */
	int64_t period, len;	/* the current period; its length in days */
	int have;		/* lv holds levels */
	int seen;
};

static int
pivots_check(const double *p, char *why, size_t n)
{
	if (p[0] == 1 || p[0] == 7)
		return 0;
	snprintf(why, n, "period must be 1 (day) or 7 (week) (got %g)", p[0]);
	return -1;
}

static void
pivots_init(void *st, const double *p, void *rings)
{
	struct pivots *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->len = (int64_t)p[0];
}

/* The period of time t: its day, or its week from Monday (1970-01-01
 * was a Thursday), floor division for times before 1970 too. */
static inline int64_t
pivots_period(int64_t t, int64_t len)
{
	int64_t d = t / PE_MS_PER_DAY - (t % PE_MS_PER_DAY < 0);

	if (len == 1)
		return d;
	d += 3;
	return d / 7 - (d % 7 < 0);
}

/* The levels of a period of high h, low l, close c. */
static inline void
pivots_levels(double h, double l, double c, double *v)
{
	double p = (h + l + c) / 3;

	v[0] = p;
	v[1] = 2 * p - l;
	v[2] = p + (h - l);
	v[3] = h + 2 * (p - l);
	v[4] = 2 * p - h;
	v[5] = p - (h - l);
	v[6] = l - 2 * (h - p);
}

static inline int
pivots_step(struct pivots *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	int64_t per = pivots_period(b->time, s->len);
	int k;

	(void)u;
	if (!s->seen || per != s->period) {
		if (s->seen) {
			pivots_levels(s->h, s->l, s->c, s->lv);
			s->have = 1;
		}
		s->seen = 1;
		s->period = per;
		s->h = b->high;
		s->l = b->low;
	} else {
		s->h = fmax(s->h, b->high);
		s->l = fmin(s->l, b->low);
	}
	s->c = b->close;
	if (!s->have)
		return 0;
	for (k = 0; k < 7; k++)
		out[k] = s->lv[k];
	return 1;
}

PE_IND_DEFINE(pivots, struct pivots, 7)

static long
pivots_lookback(const double *p)
{
	(void)p;
	return 1;
}

const struct pe_ind_info pe_ind_pivots = {
	.name = "pivots",
	.desc = "classic pivot points of the previous day (period 1) or week "
	    "(7): p = (H+L+C)/3, resistances r1..r3, supports s1..s3",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE | PE_IN_TIME,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 1, 1, 7 } },
	.nout = 7,
	.out = { "p", "r1", "r2", "r3", "s1", "s2", "s3" },
	.lookback = pivots_lookback,
	.check = pivots_check,
	PE_IND_FUNCS(pivots, struct pivots),
};
