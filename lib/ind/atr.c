/*
 * atr: Wilder's average true range.
 *
 * As TA-Lib's ATR (ta_func/ta_ATR.c): the true range is undefined at bar
 * 0; the first ATR (bar n) is the mean of TR[1..n], then
 * atr = (atr * (n-1) + tr) / n.  n = 1 is TRANGE.  Lookback n.  The math
 * is pe_atr_step in dm.h, shared with natr.
 */
#include "dm.h"

static void
atr_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_atr_init(st, (uint32_t)p[0]);
}

static inline int
atr_step(struct pe_atr *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	if (!pe_atr_step(s, b))
		return 0;
	out[0] = s->atr;
	return 1;
}

PE_IND_DEFINE(atr, struct pe_atr, 1)

static long
atr_lookback(const double *p)
{
	return (long)p[0];
}

const struct pe_ind_info pe_ind_atr = {
	.name = "atr",
	.desc = "average true range (Wilder smoothing of the true range)",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 1, 100000 } },
	.nout = 1,
	.out = { "atr" },
	.lookback = atr_lookback,
	PE_IND_FUNCS(atr, struct pe_atr),
};
