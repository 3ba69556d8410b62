/*
 * bop: balance of power, (close - open) / (high - low).
 *
 * As TA-Lib's BOP (ta_func/ta_BOP.c): 0 when H - L is below 1e-14
 * (TA_IS_ZERO_OR_NEG).  Lookback 0.
 */
#include "dm.h"

struct bop {
	int unused;
};

static void
bop_init(void *st, const double *p, void *rings)
{
	(void)st;
	(void)p;
	(void)rings;
}

static inline int
bop_step(struct bop *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)s;
	(void)u;
	double r = b->high - b->low;

	out[0] = r < 1e-14 ? 0 : (b->close - b->open) / r;
	return 1;
}

PE_IND_DEFINE(bop, struct bop, 1)

static long
bop_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_bop = {
	.name = "bop",
	.desc = "balance of power, (close - open) / (high - low)",
	.inputs = PE_IN_OPEN | PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 0,
	.nout = 1,
	.out = { "bop" },
	.lookback = bop_lookback,
	PE_IND_FUNCS(bop, struct bop),
};
