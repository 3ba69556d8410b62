/*
 * macd: moving average convergence/divergence, EMA(fast) - EMA(slow), its
 * signal EMA and the histogram.
 *
 * As TA-Lib's MACD (ta_MACD.c): k = 2/(n+1); the slow EMA is seeded by the
 * SMA of bars 0..s-1 and the fast one by the SMA of bars s-f..s-1, so both
 * start at bar s-1; the signal is the EMA of the line from bar s-1, seeded
 * by its SMA; hist = macd - signal (pe_macde_step in ma.h).  TA-Lib
 * swaps fast > slow; pe refuses fast >= slow (pe_ind_fast_below_slow).
 * Lookback s-1 + g-1.
 */
#include "ma.h"

static void
macd_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_macde_init(st, (uint32_t)p[0], (uint32_t)p[1], (uint32_t)p[2]);
}

static inline int
macd_step(struct pe_macde *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return pe_macde_step(s, b->x, out, u);
}

PE_IND_DEFINE(macd, struct pe_macde, 3)

static long
macd_lookback(const double *p)
{
	return pe_macd_lookback(PE_MA_EMA, (uint32_t)p[0], PE_MA_EMA,
	    (uint32_t)p[1], PE_MA_EMA, (uint32_t)p[2]);
}

const struct pe_ind_info pe_ind_macd = {
	.name = "macd",
	.desc = "moving average convergence/divergence: EMA(fast) - "
	    "EMA(slow), its signal EMA, histogram; fast < slow",
	.inputs = PE_IN_X,
	.nparams = 3,
	.param = {
		{ "fast", PE_P_INT, 12, 2, 100000 },
		{ "slow", PE_P_INT, 26, 2, 100000 },
		{ "signal", PE_P_INT, 9, 1, 100000 },
	},
	.nout = 3,
	.out = { "macd", "signal", "hist" },
	.lookback = macd_lookback,
	.check = pe_ind_fast_below_slow,
	PE_IND_FUNCS(macd, struct pe_macde),
};
