/*
 * typprice: typical price, (high + low + close) / 3.
 *
 * As TA-Lib's TYPPRICE (ta_func/ta_TYPPRICE.c).  Lookback 0.
 */
#include "dm.h"

struct typprice {
	int unused;
};

static void
typprice_init(void *st, const double *p, void *rings)
{
	(void)st;
	(void)p;
	(void)rings;
}

static inline int
typprice_step(struct typprice *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)s;
	(void)u;
	out[0] = (b->high + b->low + b->close) / 3.0;
	return 1;
}

PE_IND_DEFINE(typprice, struct typprice, 1)

static long
typprice_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_typprice = {
	.name = "typprice",
	.desc = "typical price, (high + low + close) / 3",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 0,
	.nout = 1,
	.out = { "typprice" },
	.lookback = typprice_lookback,
	PE_IND_FUNCS(typprice, struct typprice),
};
