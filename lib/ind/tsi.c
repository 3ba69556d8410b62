/*
 * tsi: True Strength Index (William Blau, "True Strength Index",
 * Technical Analysis of Stocks & Commodities, November 1991; "Momentum,
 * Direction, and Divergence", Wiley 1995).
 *
 * Definition, with m = x - x[1], the one-bar momentum:
 *   tsi = 100 * EMA(EMA(m, r), s) / EMA(EMA(|m|, r), s)
 * r = 25 and s = 13 by default, Blau's.  The EMAs are pe's (TA-Lib's):
 * k = 2/(n+1), each seeded by the SMA of its first n inputs, so the
 * first value is at bar r + s - 1 (the lookback, 37).  0 where the
 * denominator is 0 (a flat stretch long enough: no move at all), as
 * TA-Lib's oscillators do.
 *
 * Bloat: no signal line (it is ema(tsi(25, 13), 7) in a formula).
 */
#include "ma.h"

struct tsi {
	struct pe_ema m1, m2, a1, a2;
	double px;
	int seen;
};

static void
tsi_init(void *st, const double *p, void *rings)
{
	struct tsi *s = st;
	uint32_t r = (uint32_t)p[0], n = (uint32_t)p[1];

	(void)rings;
	memset(s, 0, sizeof *s);
	pe_ema_init(&s->m1, r, 2.0 / (r + 1.0));
	pe_ema_init(&s->a1, r, 2.0 / (r + 1.0));
	pe_ema_init(&s->m2, n, 2.0 / (n + 1.0));
	pe_ema_init(&s->a2, n, 2.0 / (n + 1.0));
}

static inline int
tsi_step(struct tsi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double m, e1, e2, f1, f2;
	int seen = s->seen, a, d;

	(void)u;
	m = b->x - s->px;
	s->px = b->x;
	s->seen = 1;
	if (!seen)
		return 0;
	/* both averages step on every bar, whether the other has a value */
	d = pe_ema_step(&s->m1, m, &e1);
	a = pe_ema_step(&s->a1, fabs(m), &f1);
	if (!d || !a)
		return 0;
	d = pe_ema_step(&s->m2, e1, &e2);
	a = pe_ema_step(&s->a2, f1, &f2);
	if (!d || !a)
		return 0;
	out[0] = f2 == 0 ? 0 : 100 * e2 / f2;
	return 1;
}

PE_IND_DEFINE(tsi, struct tsi, 1)

static long
tsi_lookback(const double *p)
{
	return (long)p[0] + (long)p[1] - 1;
}

const struct pe_ind_info pe_ind_tsi = {
	.name = "tsi",
	.desc = "true strength index (Blau): 100 * EMA(EMA(change, r), s) / "
	    "EMA(EMA(|change|, r), s)",
	.inputs = PE_IN_X,
	.nparams = 2,
	.param = {
		{ "long", PE_P_INT, 25, 1, 100000 },
		{ "short", PE_P_INT, 13, 1, 100000 },
	},
	.nout = 1,
	.out = { "tsi" },
	.lookback = tsi_lookback,
	PE_IND_FUNCS(tsi, struct tsi),
};
