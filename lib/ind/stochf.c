/*
 * stochf: the fast stochastic, %K and %D.
 *
 * As TA-Lib's STOCHF(fastk 5, fastd 3, fastd_matype SMA): %K = (C - LL) /
 * ((HH - LL) / 100) over fastk bars, 0 when HH = LL; %D = MA(fastd) of %K,
 * of the MA type given (pe's word after the numbers); both outputs start
 * at the same bar, lookback (fastk-1) + the average's (fastd-1 for an
 * SMA).  HH and LL from window.h's rolling extremes, amortised O(1).
 * The state and step are in stochf.h, shared with stoch and stochrsi.
 */
#include "stochf.h"

static void
stochf_init(void *st, const double *p, void *rings)
{
	stochf_init3(st, p[0], p[1], p[2], rings);
}

PE_IND_DEFINE(stochf, struct stochf, 2)

static long
stochf_lookback(const double *p)
{
	return stochf_lookback3(p[0], p[1], p[2]);
}

static size_t
stochf_rings(const double *p)
{
	return stochf_rings3(p[0], p[1], p[2]);
}

const struct pe_ind_info pe_ind_stochf = {
	.name = "stochf",
	.desc = "fast stochastic: %K = (close - lowest low) / range, %D = "
	    "MA of %K",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 3,
	.param = {
		{ "fastk", PE_P_INT, 5, 1, 100000 },
		{ "fastd", PE_P_INT, 3, 1, 100000 },
		{ "fastdmatype", PE_P_MA, PE_MA_SMA, 0, 8 },
	},
	.nout = 2,
	.out = { "fastk", "fastd" },
	.lookback = stochf_lookback,
	.ring_size = stochf_rings,
	PE_IND_FUNCS(stochf, struct stochf),
};
