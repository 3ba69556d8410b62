/*
 * rsi: Wilder's relative strength index, 100 * gain / (gain + loss).
 *
 * As TA-Lib's RSI: the first averages are the simple means of the first n
 * changes (bars 1..n), then Wilder smoothing avg = (avg * (n-1) + x) / n,
 * in TA-Lib's order of operations.  gain + loss within 1e-14 of zero gives
 * 0 (TA-Lib's TA_IS_ZERO), not 50.  Lookback n.  The state and step are
 * in rsi.h, shared with stochrsi.
 */
#include "rsi.h"

PE_IND_DEFINE(rsi, struct rsi, 1)

static long
rsi_lookback(const double *p)
{
	return (long)p[0];
}

const struct pe_ind_info pe_ind_rsi = {
	.name = "rsi",
	.desc = "relative strength index (Wilder): 100 * avg gain / "
	    "(avg gain + avg loss)",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "rsi" },
	.lookback = rsi_lookback,
	PE_IND_FUNCS(rsi, struct rsi),
};
