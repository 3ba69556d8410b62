/*
 * macdfix: MACD 12/26 with TA-Lib's fixed factors k = 0.15 and 0.075.
 *
 * As TA-Lib's MACDFIX (ta_MACDFIX.c): MACD whose fast and slow EMAs use
 * k = 0.15 and 0.075 instead of 2/13 and 2/27, seeded (by the SMAs of
 * bars 14..25 and 0..25) and started as MACD's; the signal EMA has
 * k = 2/(g+1) (pe_macde_step in ma.h).  Lookback 25 + g-1.
 */
#include "ma.h"

static void
macdfix_init(void *st, const double *p, void *rings)
{
	struct pe_macde *s = st;

	(void)rings;
	pe_macde_init(s, 12, 26, (uint32_t)p[0]);
	s->fast.k = 0.15;
	s->slow.k = 0.075;
}

static inline int
macdfix_step(struct pe_macde *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return pe_macde_step(s, b->x, out, u);
}

PE_IND_DEFINE(macdfix, struct pe_macde, 3)

static long
macdfix_lookback(const double *p)
{
	return pe_macd_lookback(PE_MA_EMA, 12, PE_MA_EMA, 26, PE_MA_EMA,
	    (uint32_t)p[0]);
}

const struct pe_ind_info pe_ind_macdfix = {
	.name = "macdfix",
	.desc = "MACD 12/26 with fixed factors 0.15 and 0.075",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "signal", PE_P_INT, 9, 1, 100000 } },
	.nout = 3,
	.out = { "macd", "signal", "hist" },
	.lookback = macdfix_lookback,
	PE_IND_FUNCS(macdfix, struct pe_macde),
};
