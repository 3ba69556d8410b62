/*
 * avgprice: average price, (open + high + low + close) / 4.
 *
 * As TA-Lib's AVGPRICE (ta_func/ta_AVGPRICE.c), summed in its order
 * (H + L + C + O) / 4.  Lookback 0.
 */
#include "dm.h"

struct avgprice {
	int unused;
};

static void
avgprice_init(void *st, const double *p, void *rings)
{
	(void)st;
	(void)p;
	(void)rings;
}

static inline int
avgprice_step(struct avgprice *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)s;
	(void)u;
	out[0] = (b->high + b->low + b->close + b->open) / 4;
	return 1;
}

PE_IND_DEFINE(avgprice, struct avgprice, 1)

static long
avgprice_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_avgprice = {
	.name = "avgprice",
	.desc = "average price, (open + high + low + close) / 4",
	.inputs = PE_IN_OPEN | PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 0,
	.nout = 1,
	.out = { "avgprice" },
	.lookback = avgprice_lookback,
	PE_IND_FUNCS(avgprice, struct avgprice),
};
