/*
 * wclprice: weighted close price, (high + low + 2 close) / 4.
 *
 * As TA-Lib's WCLPRICE (ta_func/ta_WCLPRICE.c), in its order
 * (H + L + C * 2) / 4.  Lookback 0.
 */
#include "dm.h"

struct wclprice {
	int unused;
};

static void
wclprice_init(void *st, const double *p, void *rings)
{
	(void)st;
	(void)p;
	(void)rings;
}

static inline int
wclprice_step(struct wclprice *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)s;
	(void)u;
	out[0] = (b->high + b->low + (b->close * 2.0)) / 4.0;
	return 1;
}

PE_IND_DEFINE(wclprice, struct wclprice, 1)

static long
wclprice_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_wclprice = {
	.name = "wclprice",
	.desc = "weighted close price, (high + low + 2 close) / 4",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 0,
	.nout = 1,
	.out = { "wclprice" },
	.lookback = wclprice_lookback,
	PE_IND_FUNCS(wclprice, struct wclprice),
};
