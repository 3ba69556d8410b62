/*
 * stochf: the fast stochastic, %K and %D.
 *
 * As TA-Lib's STOCHF(fastk 5, fastd 3, SMA): %K = (C - LL) / ((HH - LL) /
 * 100) over fastk bars, 0 when HH = LL; %D = SMA(fastd) of %K; both
 * outputs start at the same bar, lookback (fastk-1) + (fastd-1).  The
 * smoothing is SMA only (TA-Lib's default): its MA-type parameter is not
 * offered.  HH and LL from window.h's rolling extremes, amortised O(1).
 * The state and step are in stochf.h, shared with stoch and stochrsi.
 */
#include "stochf.h"

PE_IND_DEFINE(stochf, struct stochf, 2)

const struct pe_ind_info pe_ind_stochf = {
	.name = "stochf",
	.desc = "fast stochastic: %K = (close - lowest low) / range, %D = "
	    "SMA of %K",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 2,
	.param = {
		{ "fastk", PE_P_INT, 5, 1, 100000 },
		{ "fastd", PE_P_INT, 3, 1, 100000 },
	},
	.nout = 2,
	.out = { "fastk", "fastd" },
	.lookback = stochf_lookback,
	.ring_size = stochf_rings,
	PE_IND_FUNCS(stochf, struct stochf),
};
