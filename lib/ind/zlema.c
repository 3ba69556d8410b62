/*
 * zlema: the zero-lag EMA (Ehlers and Way), an EMA of x + (x - x[lag]),
 * the input pushed ahead by its change over lag = (n - 1) / 2 bars.
 *
 * As Tulip Indicators 0.8.4's zlema (indicators/zlema.c): lag rounded
 * down, k = 2 / (n + 1); seeded with x at bar lag - 1, the first value,
 * then z = ((x + (x - x[lag])) - z) k + z.  Lookback lag - 1.
 */
#include "tulip.h"

struct zlema {
	struct pe_ring win;	/* the last lag values */
	double per, val;
	uint32_t lag, count;
};

static void
zlema_init(void *st, const double *p, void *rings)
{
	struct zlema *s = st;

	memset(s, 0, sizeof *s);
	s->lag = ((uint32_t)p[0] - 1) / 2;
	s->per = 2 / (p[0] + 1);
	pe_ring_init(&s->win, rings, s->lag);
}

static inline int
zlema_step(struct zlema *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double c = b->x, l = pe_ring_ago(&s->win, s->lag - 1);

	pe_ring_push(&s->win, c, u);
	if (i + 1 < s->lag)
		return 0;
	if (i + 1 == s->lag)
		s->val = c;
	else
		s->val = ((c + (c - l)) - s->val) * s->per + s->val;
	out[0] = s->val;
	return 1;
}

PE_IND_DEFINE(zlema, struct zlema, 1)

static long
zlema_lookback(const double *p)
{
	return ((long)p[0] - 1) / 2 - 1;
}

static size_t
zlema_rings(const double *p)
{
	return pe_doubles(((long)p[0] - 1) / 2);
}

const struct pe_ind_info pe_ind_zlema = {
	.name = "zlema",
	.desc = "zero-lag EMA (Tulip): EMA(n) of x + (x - x[lag]), lag = "
	    "(n-1)/2",
	.inputs = PE_IN_X,
	.nparams = 1,
	/* Below 3 the lag is 0 and Tulip reads before the first bar. */
	.param = { { "period", PE_P_INT, 20, 3, 100000 } },
	.nout = 1,
	.out = { "zlema" },
	.lookback = zlema_lookback,
	.ring_size = zlema_rings,
	PE_IND_FUNCS(zlema, struct zlema),
};
