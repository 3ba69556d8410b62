/*
 * ha: Heikin-Ashi candles (Dan Valcu, "Using the Heikin-Ashi Technique",
 * Technical Analysis of Stocks & Commodities, February 2004).
 *
 * Definition:
 *   close  (O + H + L + C) / 4
 *   open   (open[1] + close[1]) / 2, the Heikin-Ashi bar before's;
 *          on the first bar (O + C) / 2
 *   high   max(H, open, close)
 *   low    min(L, open, close)
 * Outputs open, high, low, close.  Lookback 0: the first bar's open is the
 * seed every charting tool uses, and its influence halves each bar.
 *
 * Bloat: no Heikin-Ashi volume (it is the bar's own), no smoothed variant
 * (an average of the inputs first).
 */
#include "ind.h"

struct ha {
	double open, close;	/* the last Heikin-Ashi bar's */
	int seen;
};

static void
ha_init(void *st, const double *p, void *rings)
{
	(void)p;
	(void)rings;
	memset(st, 0, sizeof(struct ha));
}

static inline int
ha_step(struct ha *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double c = (b->open + b->high + b->low + b->close) / 4;
	double o = s->seen ? (s->open + s->close) / 2 :
	    (b->open + b->close) / 2;

	(void)u;
	s->seen = 1;
	s->open = o;
	s->close = c;
	out[0] = o;
	out[1] = fmax(b->high, fmax(o, c));
	out[2] = fmin(b->low, fmin(o, c));
	out[3] = c;
	return 1;
}

PE_IND_DEFINE(ha, struct ha, 4)

static long
ha_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_ha = {
	.name = "ha",
	.desc = "Heikin-Ashi candles: close (O+H+L+C)/4, open the mean of "
	    "the last Heikin-Ashi open and close",
	.inputs = PE_IN_OPEN | PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 0,
	.nout = 4,
	.out = { "open", "high", "low", "close" },
	.lookback = ha_lookback,
	PE_IND_FUNCS(ha, struct ha),
};
