/*
 * smi: Stochastic Momentum Index (William Blau, "Stochastic Momentum",
 * Technical Analysis of Stocks & Commodities, January 1993).
 *
 * Definition, with HH and LL the highest high and lowest low of the last
 * q bars (this one included):
 *   d   = C - (HH + LL) / 2, the close's distance from the range's middle
 *   smi = 100 * EMA(EMA(d, r), s) / (EMA(EMA(HH - LL, r), s) / 2)
 * q = 10, r = 3, s = 3 by default (the common charting defaults; Blau's
 * article used several).  The EMAs are pe's (TA-Lib's: k = 2/(n+1),
 * seeded by the SMA of the first n inputs).  0 where the smoothed range
 * is 0 (a flat stretch).  Lookback (q-1) + (r-1) + (s-1), 13.
 *
 * Bloat: no signal line (ema(smi(10, 3, 3), 10) in a formula).
 */
#include "ma.h"
#include "window.h"

struct smi {
	struct pe_ext hi, lo;
	struct pe_ema d1, d2, r1, r2;
};

static void
smi_init(void *st, const double *p, void *rings)
{
	struct smi *s = st;
	uint32_t q = (uint32_t)p[0], r = (uint32_t)p[1], n = (uint32_t)p[2];

	pe_ext_init(&s->hi, rings, q, 1);
	pe_ext_init(&s->lo, (char *)rings + pe_ext_size(q), q, -1);
	pe_ema_init(&s->d1, r, 2.0 / (r + 1.0));
	pe_ema_init(&s->r1, r, 2.0 / (r + 1.0));
	pe_ema_init(&s->d2, n, 2.0 / (n + 1.0));
	pe_ema_init(&s->r2, n, 2.0 / (n + 1.0));
}

static inline int
smi_step(struct smi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double hh, ll, e1, e2, f1, f2;
	int d, r;

	pe_ext_push(&s->hi, b->high, u);
	pe_ext_push(&s->lo, b->low, u);
	if (!pe_ext_full(&s->hi))
		return 0;
	hh = pe_ext_value(&s->hi);
	ll = pe_ext_value(&s->lo);
	/* both averages step on every bar, whether the other has a value */
	d = pe_ema_step(&s->d1, b->close - (hh + ll) / 2, &e1);
	r = pe_ema_step(&s->r1, hh - ll, &f1);
	if (!d || !r)
		return 0;
	d = pe_ema_step(&s->d2, e1, &e2);
	r = pe_ema_step(&s->r2, f1, &f2);
	if (!d || !r)
		return 0;
	out[0] = f2 / 2 == 0 ? 0 : 100 * e2 / (f2 / 2);
	return 1;
}

PE_IND_DEFINE(smi, struct smi, 1)

static long
smi_lookback(const double *p)
{
	return (long)p[0] + (long)p[1] + (long)p[2] - 3;
}

static size_t
smi_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]);
}

const struct pe_ind_info pe_ind_smi = {
	.name = "smi",
	.desc = "stochastic momentum index (Blau): doubly smoothed distance "
	    "of C from the mid of the q-bar range, over half the range",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 3,
	.param = {
		{ "period", PE_P_INT, 10, 1, 100000 },
		{ "smooth1", PE_P_INT, 3, 1, 100000 },
		{ "smooth2", PE_P_INT, 3, 1, 100000 },
	},
	.nout = 1,
	.out = { "smi" },
	.lookback = smi_lookback,
	.ring_size = smi_rings,
	PE_IND_FUNCS(smi, struct smi),
};
