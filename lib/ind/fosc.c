/*
 * fosc: the forecast oscillator (Chande), the percent by which the input
 * differs from the time series forecast made for it one bar before.
 *
 * As Tulip Indicators 0.8.4's fosc (indicators/fosc.c and trend.h): the
 * least-squares line through the last n values at x = 1..n, from running
 * sums y = sum x[i] and xy = sum i x[i] (xy loses y as the window moves),
 * b = (n xy - X y) / (n X2 - X^2), a = (y - b X) / n, with X = sum i and
 * X2 = sum i^2; its forecast a + b (n + 1) is the tsf of the next bar;
 * fosc = 100 (x - tsf[1]) / x, 0 where x is 0 (Tulip: inf or NaN).  The
 * first forecast is made at bar n - 1.  Lookback n.
 */
#include "tulip.h"

struct fosc {
	struct pe_ring win;	/* the last n values */
	double x, bd, p, xy, y, tsf;
	uint32_t n, count;
};

static void
fosc_init(void *st, const double *p, void *rings)
{
	struct fosc *s = st;
	uint64_t n = (uint64_t)p[0];
	double x2;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)n;
	/* Tulip adds the integers up one by one; exact both ways. */
	s->x = (double)(n * (n + 1) / 2);
	x2 = (double)(n * (n + 1) * (2 * n + 1) / 6);
	s->bd = 1.0 / ((double)n * x2 - s->x * s->x);
	s->p = 1.0 / (double)n;
	pe_ring_init(&s->win, rings, s->n);
}

static inline int
fosc_step(struct fosc *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double n = s->n, bb, a;
	int ok = 0;

	pe_ring_push(&s->win, b->x, u);
	if (i < s->n - 1) {
		s->xy += b->x * (double)(i + 1);
		s->y += b->x;
		return 0;
	}
	s->xy += b->x * n;
	s->y += b->x;
	bb = (n * s->xy - s->x * s->y) * s->bd;
	a = (s->y - bb * s->x) * s->p;
	if (i >= s->n) {
		out[0] = pe_tdiv(100 * (b->x - s->tsf), b->x);
		ok = 1;
	}
	s->tsf = a + bb * (n + 1);
	s->xy -= s->y;
	s->y -= pe_ring_ago(&s->win, s->n - 1);
	return ok;
}

PE_IND_DEFINE(fosc, struct fosc, 1)

static long
fosc_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
fosc_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_fosc = {
	.name = "fosc",
	.desc = "forecast oscillator (Tulip): 100 (x - tsf[1]) / x, tsf the "
	    "n-bar regression's forecast",
	.inputs = PE_IN_X,
	.nparams = 1,
	/* A line through one point has no slope (Tulip: NaN). */
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "fosc" },
	.lookback = fosc_lookback,
	.ring_size = fosc_rings,
	PE_IND_FUNCS(fosc, struct fosc),
};
