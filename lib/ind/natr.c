/*
 * natr: normalized average true range, ATR / close * 100.
 *
 * As TA-Lib's NATR (ta_func/ta_NATR.c): the ATR of atr.c (pe_atr_step in
 * dm.h), then atr / close * 100 in that order, 0 when the close is within
 * 1e-14 of 0.  As in TA-Lib, n = 1 gives the plain true range, not
 * normalized.  Lookback n.
 */
#include "dm.h"

static void
natr_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_atr_init(st, (uint32_t)p[0]);
}

static inline int
natr_step(struct pe_atr *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	if (!pe_atr_step(s, b))
		return 0;
	if (s->n == 1)
		out[0] = s->atr;
	else
		out[0] = pe_is_zero(b->close) ? 0 : s->atr / b->close * 100.0;
	return 1;
}

PE_IND_DEFINE(natr, struct pe_atr, 1)

static long
natr_lookback(const double *p)
{
	return (long)p[0];
}

const struct pe_ind_info pe_ind_natr = {
	.name = "natr",
	.desc = "normalized average true range: ATR / close * 100",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 1, 100000 } },
	.nout = 1,
	.out = { "natr" },
	.lookback = natr_lookback,
	PE_IND_FUNCS(natr, struct pe_atr),
};
