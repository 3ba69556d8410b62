/*
 * medprice: median price, (high + low) / 2.
 *
 * As TA-Lib's MEDPRICE (ta_func/ta_MEDPRICE.c).  Lookback 0.
 */
#include "dm.h"

struct medprice {
	int unused;
};

static void
medprice_init(void *st, const double *p, void *rings)
{
	(void)st;
	(void)p;
	(void)rings;
}

static inline int
medprice_step(struct medprice *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)s;
	(void)u;
	out[0] = (b->high + b->low) / 2.0;
	return 1;
}

PE_IND_DEFINE(medprice, struct medprice, 1)

static long
medprice_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_medprice = {
	.name = "medprice",
	.desc = "median price, (high + low) / 2",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 0,
	.nout = 1,
	.out = { "medprice" },
	.lookback = medprice_lookback,
	PE_IND_FUNCS(medprice, struct medprice),
};
